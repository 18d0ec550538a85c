"""``python -m widgets.worksheets [OUTDIR] [--lesson NN]``: the old name of ``after-sales worksheets`` (see :mod:`widgets.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(["worksheets", *sys.argv[1:]]))
