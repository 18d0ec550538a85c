"""Lesson notebooks are committed clean: a learner opens a fresh lesson, not someone's old run."""

from pathlib import Path

import nbformat
import pytest

LESSONS = sorted((Path(__file__).resolve().parents[2] / "lessons").glob("*.ipynb"))
CHECK_TAG = "nbval-check-output"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_notebook_has_no_stale_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        checked = CHECK_TAG in cell.metadata.get("tags", [])
        if checked:
            assert cell.outputs, (
                f"cell {index} is checked by nbval but has no stored output: run tools/notebooks.py record"
            )
        else:
            assert cell.outputs == [], f"cell {index} has stale outputs: run `make clean-notebooks`"
            assert cell.execution_count is None, f"cell {index} has an execution count: run `make clean-notebooks`"
    assert "widgets" not in notebook.metadata, "saved widget state: run `make clean-notebooks`"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_lesson_names_follow_the_house_pattern(path):
    stem = path.stem
    assert stem[:2].isdigit() and stem[2] == "-" and stem == stem.lower(), f"{path.name} should be named NN-slug.ipynb"


def test_every_lesson_but_the_start_page_has_a_checked_output():
    for path in LESSONS:
        notebook = nbformat.read(path, as_version=4)
        if path.name.startswith("00-"):
            continue
        assert any(CHECK_TAG in c.metadata.get("tags", []) for c in notebook.cells), (
            f"{path.name} has no nbval-checked cell"
        )
