"""Slide metadata (tools/views.py): every lesson carries what the rules give, and every activity is on a slide."""

import copy
import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

from widgets.export.activities import CALL

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
spec = importlib.util.spec_from_file_location("views_tool", ROOT / "tools" / "views.py")
views = importlib.util.module_from_spec(spec)
spec.loader.exec_module(views)


def markdown(source):
    return nbformat.v4.new_markdown_cell(source)


def code(source):
    return nbformat.v4.new_code_cell(source)


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_every_cell_has_the_slide_type_the_rules_give(path):
    notebook = nbformat.read(path, as_version=4)
    problems = views.differences(notebook)
    assert not problems, f"{path.name}: run `python tools/views.py apply lessons/{path.name}`\n" + "\n".join(problems)


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_every_activity_is_drawn_on_the_slide_its_heading_opens(path):
    """An activity (a task the learner does) is on the screen its heading opens. A flowchart the section
    shows may also be on a screen the author opened with a ``slide-break`` tag, as its section goes on."""
    cells = nbformat.read(path, as_version=4).cells
    activities = [index for index, cell in enumerate(cells) if cell.cell_type == "code" and CALL.search(cell.source)]
    for index in activities:
        cell = cells[index]
        chart = not views.TASK_CALL.search(cell.source)
        kind = cell.metadata["slideshow"]["slide_type"]
        if chart and views.breaks_slide(cell):
            assert kind == "subslide", f"{path.name} cell {cell.id}: a chart tagged slide-break opens a sub-slide"
            continue
        assert kind == "-", (
            f"{path.name} cell {cell.id}: an activity must be drawn where it is introduced, not {kind!r}"
        )
        opener = next(
            (
                i
                for i in range(index - 1, -1, -1)
                if cells[i].metadata["slideshow"]["slide_type"] in {"slide", "subslide"}
            ),
            None,
        )
        assert opener is not None, f"{path.name} cell {cell.id}: the activity comes before the first slide"
        heading = cells[opener]
        assert heading.cell_type == "markdown" and (
            views.heading_level(heading.source) or (chart and views.breaks_slide(heading))
        ), f"{path.name} cell {cell.id}: its slide does not open with a heading"


def test_a_lesson_opens_on_its_title_slide_and_each_section_is_a_slide():
    notebook = nbformat.v4.new_notebook(
        cells=[
            markdown("# Lesson 99: Title\n\n**Time:** 5 minutes"),
            markdown("## Objectives\n\n- one"),
            markdown("Some teaching text."),
            markdown("> **Watch out:** a common slip."),
            markdown("### Activity 99.1 (x): Put it in order"),
            code('from widgets import OrderTask\n\ntask = OrderTask.from_content("x")\ntask'),
        ]
    )
    views.apply(notebook)
    assert [cell.metadata["slideshow"]["slide_type"] for cell in notebook.cells] == [
        "slide",
        "slide",
        "-",
        "-",
        "subslide",
        "-",
    ]


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ('task = OrderTask.from_content("x")\ntask', True),  # the activity is the last expression
        ('policy("harbour-returns")', True),
        ("loaded = load_feedback()\nprint(loaded.summary())\ndf = loaded.frame", True),
        ("figure, axes = plt.subplots()\naxes.barh([1], [2])", True),  # pyplot draws at the end of the cell
        ("df = load_feedback(FEEDBACK_FILE).frame", False),  # only sets up later activities
        ('# process.save("chart.svg")', False),  # comments only: nothing runs
        ("task;", False),  # a trailing semicolon hides the value
    ],
)
def test_a_code_cell_is_skipped_only_when_it_shows_nothing(source, shown):
    assert views.shows_output(source) is shown
    assert views.slide_type(code(source)) == ("-" if shown else "skip")


def test_apply_writes_metadata_only():
    notebook = nbformat.read(LESSONS[-1], as_version=4)
    for cell in notebook.cells:
        cell.metadata.pop("slideshow", None)
    before = copy.deepcopy(notebook)
    views.apply(notebook)
    for old, new in zip(before.cells, notebook.cells, strict=True):
        assert (old.cell_type, old.source, old.get("outputs"), old.get("id")) == (
            new.cell_type,
            new.source,
            new.get("outputs"),
            new.get("id"),
        )
        assert {key: value for key, value in new.metadata.items() if key != "slideshow"} == dict(old.metadata)


def test_check_names_the_cell_and_the_command(tmp_path, capsys):
    path = tmp_path / "99-x.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[markdown("## Section")]), path)
    assert views.main(["check", str(path)]) == 1
    assert "cell 0" in capsys.readouterr().out
    assert views.main(["apply", str(path)]) == 0
    assert views.main(["check", str(path)]) == 0


def test_the_list_of_slides_that_overflow_names_real_lessons_and_headings():
    """tests/browser/slides-that-overflow.txt (the projector check's list) names lessons and slide headings that exist."""
    listed = ROOT / "tests" / "browser" / "slides-that-overflow.txt"
    for line in listed.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lesson, _, heading = line.partition(": ")
        heading = re.sub(r" \(\d+\)$", "", heading)  # a second slide with the same heading
        heading = re.sub(r" \(continued\)$", "", heading)  # a section's next screen (a slide-break tag)
        path = ROOT / lesson
        assert path.exists(), f"{line}: no lesson {lesson}"
        headings = {
            re.sub(r"^#+ ", "", cell.source.lstrip("\n").splitlines()[0]).strip()
            for cell in nbformat.read(path, as_version=4).cells
            if cell.cell_type == "markdown" and views.heading_level(cell.source)
        }
        assert heading in headings, f"{line}: {lesson} has no heading {heading!r}; take the line off"


def tagged(cell, *tags):
    cell.metadata["tags"] = list(tags)
    return cell


def test_a_slide_break_tag_starts_a_sub_slide_inside_a_long_section():
    """The author's mark (issue 20): a long teaching section goes on over a second screen, a chart with it."""
    notebook = nbformat.v4.new_notebook(
        cells=[
            markdown("## A long section\n\nThe first part."),
            markdown("> **Watch out:** still on the first screen."),
            tagged(markdown("The second part, one press of the space bar further on."), views.SLIDE_BREAK),
            tagged(
                code("from widgets.feedback import plot_monthly_trend\n\nplot_monthly_trend(df)"), views.SLIDE_BREAK
            ),
            markdown("More about the chart, on the chart's screen."),
            markdown("### Activity 99.1 (x): Sort them"),
            code('task = SortTask.from_content("x")\ntask'),
        ]
    )
    views.apply(notebook)
    kinds = [cell.metadata["slideshow"]["slide_type"] for cell in notebook.cells]
    assert kinds == ["slide", "-", "subslide", "subslide", "-", "subslide", "-"]
    assert notebook.cells[2].metadata["tags"] == [views.SLIDE_BREAK], "apply keeps the author's tag"
    assert views.differences(notebook) == []
    notebook.cells[2].metadata["tags"] = []  # the tag taken off: check says the metadata is stale
    assert views.differences(notebook) == [
        "cell 2 (%s): slide_type 'subslide', the rules give '-'" % notebook.cells[2].id
    ]


@pytest.mark.parametrize(
    ("cells", "says"),
    [
        ([markdown("## Section"), tagged(markdown("### Activity 99.1 (x): Sort"), "slide-break")], "on a heading"),
        ([markdown("## Section"), tagged(code("df = load_feedback().frame"), "slide-break")], "not drawn on a slide"),
        (  # the activity would open a screen with no heading: its heading belongs on its own cell
            [
                markdown("## Section\n\nText."),
                tagged(markdown("More text.\n\n### Activity 99.1 (x): Sort"), "slide-break"),
                code('task = SortTask.from_content("x")\ntask'),
            ],
            "an activity on it but not the activity's heading",
        ),
        ([markdown("## Section"), tagged(code('FlowBuildTask.from_content("x")'), "slide-break")], "an activity on it"),
    ],
)
def test_a_misplaced_slide_break_tag_is_named_by_check(cells, says):
    notebook = nbformat.v4.new_notebook(cells=cells)
    views.apply(notebook)
    problems = views.differences(notebook)
    assert len(problems) == 1 and problems[0].startswith("cell 1 (") and says in problems[0], problems


def test_a_slide_break_after_an_activity_leaves_the_activity_on_its_heading_s_screen():
    notebook = nbformat.v4.new_notebook(
        cells=[
            markdown("## Section"),
            markdown("### Activity 99.1 (x): Sort"),
            code('task = SortTask.from_content("x")\ntask'),
            tagged(markdown("> **Watch out:** after the activity, on a screen of its own."), "slide-break"),
        ]
    )
    views.apply(notebook)
    assert [cell.metadata["slideshow"]["slide_type"] for cell in notebook.cells] == [
        "slide",
        "subslide",
        "-",
        "subslide",
    ]
    assert views.differences(notebook) == []


def test_a_slide_break_may_open_a_screen_with_a_chart_the_section_shows():
    """A flowchart is shown like a table (nothing to do or check), so a long section may put it on its next screen."""
    notebook = nbformat.v4.new_notebook(
        cells=[
            markdown("## Decisions in a flowchart\n\nA long introduction."),
            tagged(markdown("Here is the chart."), views.SLIDE_BREAK),
            code('returns = Flowchart.from_content("returns-decision")\nreturns'),
            tagged(code('Flowchart.from_content("closed-loop")'), views.SLIDE_BREAK),
        ]
    )
    views.apply(notebook)
    assert [cell.metadata["slideshow"]["slide_type"] for cell in notebook.cells] == [
        "slide",
        "subslide",
        "-",
        "subslide",
    ]
    assert views.differences(notebook) == []
