"""Keep lesson notebooks clean: no stale outputs in git, except the outputs nbval checks.

    python tools/notebooks.py strip  lessons/*.ipynb   # clear outputs (keeps checked cells' outputs)
    python tools/notebooks.py record lessons/*.ipynb   # run each notebook, store the checked outputs
    python tools/notebooks.py check  lessons/*.ipynb   # exit 1 naming each notebook strip would change

A cell whose expected output nbval compares carries the tag ``nbval-check-output``.
Every other cell is committed without outputs or execution counts (a checked cell keeps
its count, which nbval needs); the unit test
``tests/unit/test_notebooks_clean.py`` fails if one slips through.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

CHECK_TAG = "nbval-check-output"


def is_checked(cell) -> bool:
    """True for the cells whose stored output nbval compares."""
    return CHECK_TAG in cell.get("metadata", {}).get("tags", [])


def strip(notebook) -> None:
    """Remove outputs and execution counts from every cell that nbval does not check."""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if not is_checked(cell):
            # nbval treats a checked cell without an execution count as never run, so only
            # unchecked cells lose theirs.
            cell.execution_count = None
            cell.outputs = []
        cell.metadata.pop("execution", None)
    notebook.metadata.pop("widgets", None)  # widget state would be stale the moment the kernel restarts


def record(path: Path) -> None:
    """Execute the notebook in its folder and keep only the checked cells' outputs."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(path.parent)}}).execute()
    strip(notebook)
    nbformat.write(notebook, path)


def needs_strip(path: Path) -> bool:
    """True when ``strip`` would change the notebook at ``path`` (what ``make lint`` refuses)."""
    notebook = nbformat.read(path, as_version=4)
    before = nbformat.writes(notebook)
    strip(notebook)
    return nbformat.writes(notebook) != before


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in {"strip", "record", "check"}:
        print(__doc__)
        return 2
    if argv[0] == "check":
        stale = [name for name in argv[1:] if needs_strip(Path(name))]
        for name in stale:
            print(f"{name}: has outputs or widget state to strip; run `make clean-notebooks`")
        return 1 if stale else 0
    for name in argv[1:]:
        path = Path(name)
        if argv[0] == "record":
            record(path)
        else:
            notebook = nbformat.read(path, as_version=4)
            strip(notebook)
            nbformat.write(notebook, path)
        print(f"{argv[0]}: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
