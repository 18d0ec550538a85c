"""Which activities each lesson uses, in lesson order, loaded from the content files.

A lesson notebook builds each activity with one line such as
``OrderTask.from_content("after-sales-stages")``. Scanning the code cells for those
calls gives the lesson's activities without a second list to keep in step; the
content itself comes from ``data/`` through the same loaders the widgets use, so a
worksheet or a Moodle file can never disagree with the lesson.

The markdown cells name each activity ``Activity 5.2 (after-sales-process): ...``;
that number is kept so a printed sheet matches the lesson text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import widgets  # noqa: F401  (importing the package registers every content kind)

from ..content import KINDS, ContentProblem, data_dir, load_files

#: ``Widget.from_content("id")`` as written in a code cell.
CALL = re.compile(
    r"\b(OrderTask|SortTask|Question|WrittenAnswer|ScenarioTask|Flowchart|FlowBuildTask|MockPaper)"
    r"\.from_content\(\s*[\"']([a-z0-9-]+)[\"']\s*(,[^)]*)?\)"
)
#: "Activity 5.2 (after-sales-process)" in a markdown cell.
NUMBERED = re.compile(r"Activity (\d+\.\d+) \(([a-z0-9-]+)\)")
#: The widget class each call names, and the content folder its id lives in.
FOLDERS = {
    "OrderTask": "ordering",
    "SortTask": "sorting",
    "Question": "questions",
    "WrittenAnswer": "written",
    "ScenarioTask": "scenarios",
    "Flowchart": "flowcharts",
    "FlowBuildTask": "flowcharts",
    "MockPaper": "papers",
}
#: What each activity is, in the words the export modules switch on.
KINDS_OF_ACTIVITY = ("ordering", "sorting", "choice", "number", "written", "scenario", "flowbuild", "chart")

#: The lesson notebooks beside the package in a clone (an installed copy looks in ./lessons instead).
LESSONS_DIR = Path(__file__).resolve().parents[2] / "lessons"


def lessons_dir() -> Path:
    """Where the lesson notebooks are: the clone's ``lessons/``, else ``lessons/`` in the current folder."""
    return LESSONS_DIR if LESSONS_DIR.is_dir() else Path.cwd() / "lessons"


@dataclass(frozen=True)
class Activity:
    """One activity of a lesson: what it is, its content entry and its printed number."""

    kind: str  # one of KINDS_OF_ACTIVITY
    id: str
    spec: Any  # the content dataclass the widget is built from
    number: str = ""  # "5.2" as the lesson text numbers it; "" for a chart shown for reference
    answer_from_notebook: bool = False  # a number question whose answer the notebook computes from data
    paper: str = ""  # the mock paper this question belongs to, if any

    @property
    def title(self) -> str:
        """The heading a learner sees above the activity."""
        spec = self.spec
        title = getattr(spec, "title", "") or ""
        if self.kind in ("choice", "number") and not title:
            from ..activities.questions import DEFAULT_TITLES

            title = DEFAULT_TITLES[self.kind]
        return title


@dataclass(frozen=True)
class Lesson:
    """A lesson notebook and the activities its code cells build, in order."""

    number: str  # "05"
    title: str
    path: Path
    activities: tuple[Activity, ...]
    problems: tuple[str, ...] = ()  # activities whose content could not be loaded
    papers: tuple[Any, ...] = ()  # mock papers the lesson sits (PaperSpec), for the time allowed

    @property
    def slug(self) -> str:
        """The notebook's file name without ``.ipynb``."""
        return self.path.stem


def _cells(path: Path) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def calls_in(path: Path) -> list[tuple[str, str, str]]:
    """``(widget class, content id, any further arguments)`` for every from_content call, in cell order."""
    found = []
    for cell in _cells(path):
        if cell.get("cell_type") == "code":
            for match in CALL.finditer(_source(cell)):
                found.append((match.group(1), match.group(2), (match.group(3) or "").strip(", ")))
    return found


def activity_numbers(path: Path) -> dict[str, str]:
    """Content id -> "5.2" from the lesson's markdown ("Activity 5.2 (after-sales-process)")."""
    numbers: dict[str, str] = {}
    for cell in _cells(path):
        if cell.get("cell_type") == "markdown":
            for number, task_id in NUMBERED.findall(_source(cell)):
                numbers.setdefault(task_id, number)
    return numbers


def lesson_title(path: Path) -> str:
    """The first ``# heading`` of the notebook, without "Lesson NN:"."""
    for cell in _cells(path):
        if cell.get("cell_type") == "markdown":
            for line in _source(cell).splitlines():
                if line.startswith("# "):
                    return re.sub(r"^Lesson \d+:\s*", "", line[2:].strip())
    return path.stem


class ContentCache:
    """Every content kind loaded once (a lesson asks for many ids of the same kind)."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory or data_dir()
        self._loaded: dict[str, tuple[dict, list[ContentProblem]]] = {}

    def get(self, folder: str, task_id: str) -> tuple[Any | None, list[str]]:
        """The content entry ``task_id`` of ``folder``, or None and the problems that explain why."""
        if folder not in self._loaded:
            result = load_files(KINDS[folder], (self.directory / folder).glob("*.toml"))
            self._loaded[folder] = (result.tasks, result.problems)
        tasks, problems = self._loaded[folder]
        if task_id in tasks:
            return tasks[task_id], []
        own = [str(p) for p in problems if p.task == task_id]
        return None, own or [f"data/{folder}: no entry with id '{task_id}'"]


def _question_kind(spec: Any) -> str:
    return spec.type  # "choice" or "number"


def load_lesson(path: Path, cache: ContentCache | None = None) -> Lesson:
    """The lesson at ``path`` with its activities loaded from the content files."""
    path = Path(path)
    cache = cache or ContentCache()
    numbers = activity_numbers(path)
    calls = calls_in(path)
    built = {(cls, task_id) for cls, task_id, _ in calls if cls == "FlowBuildTask"}
    activities: list[Activity] = []
    problems: list[str] = []
    papers: list[Any] = []
    seen: set[tuple[str, str]] = set()
    for cls, task_id, extra in calls:
        if (cls, task_id) in seen:
            continue
        seen.add((cls, task_id))
        # A chart shown for reference that the lesson then asks the learner to build is printed once, as the build task.
        if cls == "Flowchart" and ("FlowBuildTask", task_id) in built:
            continue
        spec, why = cache.get(FOLDERS[cls], task_id)
        if spec is None:
            problems.extend(why)
            continue
        number = numbers.get(task_id, "")
        if cls == "MockPaper":
            papers.append(spec)
            for question_id in spec.question_ids:
                written, _ = cache.get("written", question_id)
                ordering, why_not = (None, []) if written is not None else cache.get("ordering", question_id)
                if written is None and ordering is None:
                    problems.extend(why_not)
                    continue
                kind = "written" if written is not None else "ordering"
                activities.append(Activity(kind, question_id, written or ordering, paper=spec.id))
            continue
        kind = {
            "OrderTask": "ordering",
            "SortTask": "sorting",
            "WrittenAnswer": "written",
            "ScenarioTask": "scenario",
            "Flowchart": "chart",
            "FlowBuildTask": "flowbuild",
        }.get(cls) or _question_kind(spec)
        # Question.from_content("csat-overall", answer=round(csat(df), 1)): the key comes from the data in the notebook.
        from_notebook = kind == "number" and re.search(r"\banswer\s*=", extra) is not None
        activities.append(Activity(kind, task_id, spec, number if kind != "chart" else "", from_notebook))
    number_match = re.match(r"(\d+)", path.stem)
    return Lesson(
        number_match.group(1) if number_match else path.stem,
        lesson_title(path),
        path,
        tuple(activities),
        tuple(problems),
        tuple(papers),
    )


def lesson_paths(folder: Path | None = None, only: Iterable[str] = ()) -> list[Path]:
    """The lesson notebooks (``NN-*.ipynb``), optionally only the lesson numbers in ``only``."""
    wanted = {f"{int(n):02d}" if str(n).isdigit() else str(n) for n in only}
    paths = sorted((folder or lessons_dir()).glob("[0-9][0-9]-*.ipynb"))
    return [p for p in paths if not wanted or p.name[:2] in wanted]


def load_lessons(folder: Path | None = None, only: Iterable[str] = (), data: Path | None = None) -> list[Lesson]:
    """Every lesson in ``folder`` (default :func:`lessons_dir`) that builds at least one activity (the start page builds none)."""
    cache = ContentCache(data)
    lessons = [load_lesson(p, cache) for p in lesson_paths(folder, only)]
    return [lesson for lesson in lessons if lesson.activities or lesson.problems]
