"""``python -m widgets.moodle [OUTFILE] [--lesson NN]``: the old name of ``after-sales moodle`` (see :mod:`widgets.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(["moodle", *sys.argv[1:]]))
