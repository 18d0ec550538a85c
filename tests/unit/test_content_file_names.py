"""A content file named ``lesson-NN.toml`` holds only what lesson NN shows.

Tutors find an activity's content by the file's name. When the lessons were renumbered,
``data/questions/lesson-09.toml`` ended up holding lesson 10 and 11 questions, so a tutor
editing "lesson 09" changed two other lessons (coverage audit 2026-12, item 8). A lesson
uses an item when one of its code cells calls ``Widget.from_content("id")``; the export
modules read the lessons the same way (``widgets.export.activities.calls_in``).
"""

import re
import tomllib
from pathlib import Path

import pytest

from widgets.content import KINDS
from widgets.export.activities import FOLDERS, calls_in

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
LESSONS = ROOT / "lessons"
LESSON_FILE = re.compile(r"^lesson-(\d\d)\.toml$")

#: Files whose name is known to be wrong, and why they keep it for now. The last test fails
#: once a file here is renamed or fixed, so the exception does not outlive its reason.
KNOWN_MISNAMED: dict[str, str] = {}


def lesson_files() -> list[Path]:
    """Every data/<kind>/lesson-NN.toml for a kind the lessons build widgets from."""
    folders = sorted(set(FOLDERS.values()))
    return sorted(path for folder in folders for path in (DATA / folder).glob("lesson-*.toml"))


def ids_in(path: Path) -> list[str]:
    """The ids of the entries a content file holds, in file order."""
    table = KINDS[path.parent.name].table
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    return [entry["id"] for entry in document.get(table, [])]


def ids_used_by(number: str) -> set[str]:
    """The content ids lesson ``number`` builds activities or charts from."""
    notebooks = sorted(LESSONS.glob(f"{number}-*.ipynb"))
    assert len(notebooks) == 1, f"expected one lesson {number} notebook, found {notebooks}"
    return {content_id for _, content_id, _ in calls_in(notebooks[0])}


def shown(path: Path) -> str:
    return path.relative_to(DATA).as_posix()


@pytest.mark.parametrize("path", lesson_files(), ids=shown)
def test_a_lesson_file_holds_only_that_lessons_items(path):
    if shown(path) in KNOWN_MISNAMED:
        pytest.skip(f"{shown(path)} keeps its name for now: {KNOWN_MISNAMED[shown(path)]}")
    number = LESSON_FILE.match(path.name).group(1)
    ids = ids_in(path)
    assert ids, f"{shown(path)} holds no entries"
    elsewhere = [content_id for content_id in ids if content_id not in ids_used_by(number)]
    assert not elsewhere, (
        f"data/{shown(path)} is named for lesson {number}, but lesson {number} does not use {elsewhere}: "
        "move them to the file of the lesson that shows them, or give the file a topic name"
    )


def test_the_check_reads_real_lessons():
    """Guards the test above: a lesson that uses nothing would make every file look wrong."""
    assert {"customer-service-cycle", "after-sales-stages", "complaint-handling"} <= ids_used_by("01")
    assert "which-right-applies" in ids_used_by("11") and "processing-a-return" in ids_used_by("12")


def test_a_known_misnamed_file_is_still_misnamed():
    """Each exception in KNOWN_MISNAMED still has its reason (none today: keep it that way)."""
    for name in KNOWN_MISNAMED:
        path = DATA / name
        assert path.is_file(), f"data/{name} is gone: take it out of KNOWN_MISNAMED"
        number = LESSON_FILE.match(path.name).group(1)
        assert set(ids_in(path)) - ids_used_by(number), f"data/{name} now fits its name: take it out of KNOWN_MISNAMED"
