"""``make check-content``: validate every content file a tutor may have edited.

Exit status 0 with a one-line summary when all is well; otherwise one line per
problem (file, task id, field, what is wrong) and exit status 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import widgets  # noqa: F401  (the package; widgets.content.KINDS imports every kind when listed)
from widgets.content import KINDS, check_all, data_dir


def main(argv: list[str] | None = None) -> int:
    """Check the content folder (or the one given) and report."""
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else data_dir()
    problems, files, tasks = check_all(directory)
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found in {directory}", file=sys.stderr)
        return 1
    kinds = ", ".join(sorted(KINDS))
    print(f"All content is valid: {tasks} activities in {files} files ({kinds}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
