"""``python -m widgets ...``: the same command as ``after-sales ...`` (see :mod:`widgets.cli`)."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main(prog="python -m widgets"))
