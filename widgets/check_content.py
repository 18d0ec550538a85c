"""``python -m widgets.check_content [FOLDER]``: the old name of ``after-sales check`` (see :mod:`widgets.cli`).

Kept so that older notes and scripts still work; the command itself is in the CLI.
"""

from __future__ import annotations

import sys

from .cli import main as cli_main


def main(argv: list[str] | None = None) -> int:
    """Run ``after-sales check`` with these arguments."""
    return cli_main(["check", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    raise SystemExit(main())
