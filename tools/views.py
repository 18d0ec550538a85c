"""Slide and app metadata for every lesson cell, from a few rules: slides (RISE) and the app (Voilà).

    python tools/views.py apply lessons/*.ipynb   # write each cell's slide type and jupyterlab-only tag
    python tools/views.py check lessons/*.ipynb   # exit 1 naming each cell whose metadata differs

The rules (``slide_type``):

- a markdown cell that starts with a ``#`` or ``##`` heading starts a new slide: the title, the
  Objectives, each teaching section, the exam tip, the key points;
- a ``###`` heading (an activity, "How did you do?", a worked example) starts a sub-slide, one
  press of the space bar further on, so one activity is one screen;
- every other markdown cell continues the slide it follows (a "Watch out" box stays with its section);
- a code cell that shows something (an activity, a chart, a table, printed text) continues the
  slide of the heading above it, so an activity is on the slide that introduces it;
- a code cell that shows nothing (it only loads data or sets up a later activity) is ``skip``:
  it still runs with the rest of the notebook, but is not drawn on a slide;
- a cell tagged ``slide-break`` (``SLIDE_BREAK``) starts a sub-slide: the author's mark that a long
  teaching section goes on over a second screen (one press of the space bar further on) instead of
  running off the bottom of a projector's. Put it on the markdown cell (or the chart or table) that
  should open the next screen, at a paragraph break; to break inside one markdown cell, split the
  cell there first (Ctrl+Shift+- in JupyterLab's editor). A section's own activities need no tag:
  give an activity its own cell starting with its ``###`` heading and it is a sub-slide already.
  The tag is refused (``check`` names the cell) where it would do nothing or would cut an activity
  off from the heading that introduces it: on a heading cell, on a code cell that shows nothing,
  and where the screen it starts would show an activity (``TASK_CALL``; a flowchart the section
  shows, like a table or a law summary, may open or share a continued screen).

And for the app: a code cell that only works where the learner can run it again or edit it is
tagged ``jupyterlab-only`` (``needs_jupyterlab``): one that reads a learner's result from an
activity built earlier in the lesson ("How did you do?": ``stages.attempts``, ``paper.totals``),
or one that is only comments for the learner to uncomment. In the app (``widgets/app_view.py``)
such a cell is replaced by a note that it needs JupyterLab, with a link.

Only cell metadata is written: never a cell's source or outputs (nor a cell's ``slide-break`` tag,
which the author sets). ``tests/unit/test_views.py`` fails when a lesson's metadata is not what
these rules give (run ``apply`` after adding a cell) or a ``slide-break`` tag is misplaced.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import nbformat

SLIDE, SUBSLIDE, CONTINUE, SKIP = "slide", "subslide", "-", "skip"
#: Calls that write to the cell's output even when they are not the cell's last line.
SHOWING_CALLS = {"print", "display"}
#: What a learner reads back from an activity after pressing Check (TaskWidget and MockPaper traits,
#: and how_did_i_do(), which prints them).
RESULT_ATTRIBUTES = {"attempts", "score", "placements", "order", "submitted", "totals", "how_did_i_do"}
#: The app's tag (widgets/app_view.py reads it).
JUPYTERLAB_ONLY = "jupyterlab-only"
#: The author's tag for "start the next screen of this section here" (a sub-slide).
SLIDE_BREAK = "slide-break"
#: ``name = Widget.from_content("id")``: an activity bound to a name the learner can read later.
ACTIVITY_BINDING = re.compile(r"^(\w+)\s*=\s*\w+\.from_content\(", re.M)
ACTIVITY_CALL = re.compile(r"\.from_content\(")
#: Activities a learner does (not a Flowchart, which a section shows like a table): each stays on the screen
#: its heading opens, so a ``slide-break`` may come before a chart but never between an activity and its heading.
TASK_CALL = re.compile(
    r"\b(OrderTask|SortTask|Question|WrittenAnswer|ScenarioTask|FlowBuildTask|MockPaper)\.from_content\("
)


def heading_level(source: str) -> int:
    """1 for ``# Title``, 2 for ``## Section``, 3 for ``### Activity``; 0 when the cell does not open with one."""
    match = re.match(r"(#{1,6}) ", source.lstrip("\n"))
    return len(match.group(1)) if match else 0


def shows_output(source: str) -> bool:
    """True when running the code puts something in the cell's output area."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return True  # IPython syntax we cannot read: assume it shows something rather than hide it
    if not tree.body:
        return False  # only comments: nothing runs
    last = tree.body[-1]
    if isinstance(last, ast.Expr) and not source.rstrip().endswith(";"):
        return True  # Jupyter displays the value of a cell's last expression
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in SHOWING_CALLS:
                return True
        if isinstance(node, ast.Name) and node.id == "plt":
            return True  # a pyplot figure is drawn at the end of the cell
    return False


def breaks_slide(cell) -> bool:
    """True when the author tagged the cell ``slide-break``: the next screen of its section starts here."""
    return SLIDE_BREAK in cell.get("metadata", {}).get("tags", [])


def slide_type(cell) -> str:
    """The ``slideshow.slide_type`` the rules give one cell."""
    if cell.cell_type == "markdown":
        level = heading_level(cell.source)
        if level in (1, 2):
            return SLIDE
        if level == 3 or breaks_slide(cell):
            return SUBSLIDE
        return CONTINUE
    if cell.cell_type == "code":
        if not shows_output(cell.source):
            return SKIP
        return SUBSLIDE if breaks_slide(cell) else CONTINUE
    return SKIP  # raw cells are never shown


def break_problems(notebook) -> list[str]:
    """One line per ``slide-break`` tag that does nothing or would take an activity off its heading's screen."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if not breaks_slide(cell):
            continue
        name = f"cell {index} ({cell.get('id', '?')})"
        if cell.cell_type == "markdown" and heading_level(cell.source) in (1, 2, 3):
            found.append(f"{name}: the {SLIDE_BREAK!r} tag does nothing on a heading that starts a slide already")
        elif slide_type(cell) == SKIP:
            found.append(f"{name}: the {SLIDE_BREAK!r} tag does nothing on a cell that is not drawn on a slide")
        elif _activity_follows(notebook.cells, index):
            found.append(
                f"{name}: the {SLIDE_BREAK!r} tag would start a screen with an activity on it but not the "
                "activity's heading; give the activity its own cell starting with its ### heading instead"
            )
    return found


def _activity_follows(cells, index: int) -> bool:
    """True when an activity is drawn at or after ``index`` before the next slide or sub-slide begins."""
    for later, cell in enumerate(cells[index:]):
        if later and slide_type(cell) in (SLIDE, SUBSLIDE):
            return False
        if cell.cell_type == "code" and TASK_CALL.search(cell.source) and slide_type(cell) != SKIP:
            return True
    return False


def needs_jupyterlab(source: str, activities: set[str]) -> bool:
    """True when a code cell works only where the learner can run it again or edit it (not in the app).

    ``activities`` are the names earlier cells bound to activities. A cell that builds an activity
    itself never needs JupyterLab: the app draws it live.
    """
    if ACTIVITY_CALL.search(source):
        return False
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    if not tree.body:
        return bool(source.strip())  # only comments: code for the learner to uncomment and run
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    reads_result = any(isinstance(node, ast.Attribute) and node.attr in RESULT_ATTRIBUTES for node in ast.walk(tree))
    return bool(names & activities) and reads_result


def wanted(notebook) -> list[tuple[str, bool]]:
    """For each cell, the slide type and whether it is JupyterLab-only, as the rules give them."""
    activities: set[str] = set()
    result = []
    for cell in notebook.cells:
        only_lab = cell.cell_type == "code" and needs_jupyterlab(cell.source, activities)
        result.append((slide_type(cell), only_lab))
        if cell.cell_type == "code":
            activities.update(ACTIVITY_BINDING.findall(cell.source))
    return result


def apply(notebook) -> None:
    """Set every cell's slide type and jupyterlab-only tag from the rules (metadata only)."""
    for cell, (kind, only_lab) in zip(notebook.cells, wanted(notebook), strict=True):
        cell.metadata.setdefault("slideshow", {})["slide_type"] = kind
        tags = [tag for tag in cell.metadata.get("tags", []) if tag != JUPYTERLAB_ONLY]
        if only_lab:
            tags.append(JUPYTERLAB_ONLY)
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)


def differences(notebook) -> list[str]:
    """One line per cell whose slide type or jupyterlab-only tag is not what the rules give, or whose
    ``slide-break`` tag is misplaced."""
    found = break_problems(notebook)
    for index, (cell, (kind, only_lab)) in enumerate(zip(notebook.cells, wanted(notebook), strict=True)):
        name = f"cell {index} ({cell.get('id', '?')})"
        have = cell.metadata.get("slideshow", {}).get("slide_type")
        if have != kind:
            found.append(f"{name}: slide_type {have!r}, the rules give {kind!r}")
        tagged = JUPYTERLAB_ONLY in cell.metadata.get("tags", [])
        if tagged != only_lab:
            found.append(
                f"{name}: {'has' if tagged else 'lacks'} the {JUPYTERLAB_ONLY!r} tag the rules {'do not ' if tagged else ''}give"
            )
    return found


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in {"apply", "check"}:
        print(__doc__)
        return 2
    failed = False
    for name in argv[1:]:
        path = Path(name)
        notebook = nbformat.read(path, as_version=4)
        if argv[0] == "check":
            for line in differences(notebook):
                print(f"{name}: {line}; run `python tools/views.py apply {name}`")
                failed = True
            continue
        before = nbformat.writes(notebook)
        apply(notebook)
        if nbformat.writes(notebook) != before:
            nbformat.write(notebook, path)
            print(f"apply: {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
