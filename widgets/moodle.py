"""``python -m widgets.moodle OUTFILE [--lesson NN]``: the activities as Moodle XML (see widgets.export.moodle)."""

import sys

from .export.moodle import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
