"""tools/notebooks.py check: what `make lint` uses to refuse a lesson committed with stale outputs."""

import importlib.util
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("notebooks_tool", ROOT / "tools" / "notebooks.py")
notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(notebooks)


def lesson(tmp_path, *, stale_count=False, stale_output=False, widget_state=False) -> Path:
    checked = nbformat.v4.new_code_cell(
        "1 + 1",
        metadata={"tags": ["nbval-check-output"]},
        execution_count=1,
        outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)],
    )
    other = nbformat.v4.new_code_cell("print('hi')", id="l99-activity")
    if stale_count:
        other.execution_count = 4
    if stale_output:
        other.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hi\n")]
    notebook = nbformat.v4.new_notebook(cells=[checked, other])
    if widget_state:
        notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    path = tmp_path / "99-x.ipynb"
    nbformat.write(notebook, path)
    return path


def test_check_passes_a_clean_lesson_and_keeps_the_checked_cells_output_and_count(tmp_path, capsys):
    path = lesson(tmp_path)
    assert notebooks.main(["check", str(path)]) == 0
    assert capsys.readouterr().out == ""


def test_check_names_each_lesson_with_something_to_strip_and_strip_fixes_it(tmp_path, capsys):
    for case in ({"stale_count": True}, {"stale_output": True}, {"widget_state": True}):
        path = lesson(tmp_path, **case)
        assert notebooks.main(["check", str(path)]) == 1, case
        assert f"{path}: has outputs or widget state to strip" in capsys.readouterr().out
        notebooks.main(["strip", str(path)])
        assert notebooks.main(["check", str(path)]) == 0, case
        stripped = nbformat.read(path, as_version=4)
        assert stripped.cells[0].execution_count == 1 and stripped.cells[0].outputs  # nbval still checks it
        assert stripped.cells[1].id == "l99-activity"  # stable ids are kept
