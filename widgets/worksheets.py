"""``python -m widgets.worksheets OUTDIR [--lesson NN]``: printable worksheets and answer sheets (see widgets.export.worksheets)."""

import sys

from .export.worksheets import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
