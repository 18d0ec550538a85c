"""The lessons as an app (Voilà): cells that need JupyterLab become a note with a link, and nothing else changes."""

import ast
import importlib.util
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from widgets.app_view import (
    JUPYTERLAB_ONLY,
    jupyterlab_url,
    link_for_app,
    needs_jupyterlab,
    prelaunch_hook,
    prepare_for_app,
)

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
spec = importlib.util.spec_from_file_location("views_tool", ROOT / "tools" / "views.py")
views = importlib.util.module_from_spec(spec)
spec.loader.exec_module(views)


def test_the_link_opens_the_same_lesson_in_jupyterlab_on_the_same_server():
    assert jupyterlab_url("/voila/render/lessons/01-x.ipynb") == "/lab/tree/lessons/01-x.ipynb"
    # Binder and JupyterHub serve under a prefix; the link keeps it.
    assert jupyterlab_url("/user/amira/voila/render/lessons/01-x.ipynb") == "/user/amira/lab/tree/lessons/01-x.ipynb"
    assert jupyterlab_url("/somewhere/else") == ""


def test_a_jupyterlab_only_cell_becomes_the_note_and_the_rest_is_untouched():
    lesson = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("### How did you do?"),
            nbformat.v4.new_code_cell("print(stages.attempts)", metadata={"tags": [JUPYTERLAB_ONLY]}),
            nbformat.v4.new_code_cell('stages = OrderTask.from_content("x")\nstages'),
        ]
    )
    request = SimpleNamespace(request=SimpleNamespace(path="/voila/render/lessons/01-x.ipynb"))
    shown = prelaunch_hook(request, lesson, "lessons")
    assert [cell.cell_type for cell in shown.cells] == ["markdown", "markdown", "code"]
    assert "needs JupyterLab" in shown.cells[1].source
    assert "(/lab/tree/lessons/01-x.ipynb)" in shown.cells[1].source
    assert shown.cells[2].source == lesson.cells[2].source
    assert lesson.cells[1].cell_type == "code", "the notebook on disk is never changed"
    without_link = prepare_for_app(lesson)
    assert "make lab" in without_link.cells[1].source


def test_voila_is_configured_with_the_hook_and_the_offline_template():
    config = (ROOT / "jupyter-config" / "voila.py").read_text(encoding="utf-8")
    namespace = {"get_config": lambda: SimpleNamespace(VoilaConfiguration=SimpleNamespace())}
    exec(compile(config, "voila.py", "exec"), namespace)  # our own config file, as Voilà runs it
    voila = namespace["c"].VoilaConfiguration
    assert voila.prelaunch_hook is prelaunch_hook
    template = ROOT / "jupyter-config" / "voila" / "templates" / voila.template
    assert (template / "index.html.j2").is_file() and (template / "conf.json").is_file()
    # The copy drops Voilà's Font Awesome <link>s to a CDN (the browser test checks no request leaves the machine).
    assert "https://" not in (template / "index.html.j2").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_nothing_the_app_still_runs_needs_a_cell_it_leaves_out(path):
    """A JupyterLab-only cell is not run in the app, so no later cell may use a name only it defines."""
    cells = nbformat.read(path, as_version=4).cells
    left_out: dict[str, str] = {}
    for cell in cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        if needs_jupyterlab(cell):
            for node in ast.walk(tree):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    left_out[node.id] = cell.id
            continue
        used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
        assigned = {
            node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
        }
        needed = sorted(used & set(left_out))
        assert not needed, f"{path.name} cell {cell.id} uses {needed}, set only in JupyterLab-only cells {left_out}"
        for name in assigned:
            left_out.pop(name, None)


def test_the_rules_tag_the_how_did_you_do_cells_and_not_the_activities():
    activities = {"stages"}
    assert views.needs_jupyterlab('print("Times you pressed Check:", stages.attempts)', activities)
    assert views.needs_jupyterlab('# process.save("chart.svg")', activities)  # code to uncomment
    assert not views.needs_jupyterlab("stages_chart = stages.flowchart(loop=True)\nstages_chart", activities)
    assert not views.needs_jupyterlab('task = OrderTask.from_content("x")\ntask', activities)
    # The progress page reads the progress file, not an activity in this notebook: it works in the app.
    assert not views.needs_jupyterlab("rows = [r.attempts for r in found]", activities)


def test_links_to_lessons_stay_in_the_app_and_links_to_other_files_open_in_jupyterlab():
    lab = "/user/amira/lab/tree/lessons/00-start-here.ipynb"
    assert link_for_app("01-the-after-sales-process.ipynb", lab) == "01-the-after-sales-process.ipynb"
    assert (
        link_for_app("07-analysing-customer-feedback.ipynb#Exam-tip", lab)
        == "07-analysing-customer-feedback.ipynb#Exam-tip"
    )
    assert link_for_app("tutor-notes/lesson-01.md", lab) == "/user/amira/lab/tree/lessons/tutor-notes/lesson-01.md"
    start = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "[Lesson 1](01-x.ipynb), [notes](tutor-notes/lesson-01.md), [up](#Top), [web](https://example.org/a)"
            )
        ]
    )
    shown = prepare_for_app(start, lab)
    assert shown.cells[0].source == (
        "[Lesson 1](01-x.ipynb), [notes](/user/amira/lab/tree/lessons/tutor-notes/lesson-01.md), [up](#Top), "
        "[web](https://example.org/a)"
    )
