"""Lessons 01-09 keep the house skeleton, and their printed activity numbers follow the lesson number in order.

After lesson 07 was split into 07 and 08 and old 08 became 09, every "Activity 8.x" in the
old review lesson had to become "Activity 9.x"; a slip would send a learner (or a tutor note)
to the wrong activity.
"""

import json
import re
from pathlib import Path

import pytest

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
STEMS = sorted(p.stem for p in LESSONS.glob("0[1-9]-*.ipynb"))
SKELETON = ("Objectives", "Questions", "A real-life example", "Exam tip", "Key points")
NUMBERED = re.compile(r"^### (?:Activity|Exercise) (\d+)\.(\d+) \(([a-z0-9-]+)\)", re.MULTILINE)


def markdown_cells(stem: str) -> list[str]:
    cells = json.loads((LESSONS / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def test_the_split_lessons_are_all_here():
    assert "07-analysing-customer-feedback" in STEMS
    assert "08-finding-the-problem-in-the-data" in STEMS
    assert "09-reviewing-after-sales-activities" in STEMS
    assert len({stem[:2] for stem in STEMS}) == len(STEMS), f"two lessons share a number: {STEMS}"


@pytest.mark.parametrize("stem", STEMS)
def test_lesson_title_and_skeleton(stem):
    markdown = markdown_cells(stem)
    assert markdown[0].startswith(f"# Lesson {stem[:2]}: ") and "**Time:** about" in markdown[0]
    headings = [line[3:].strip() for text in markdown for line in text.splitlines() if line.startswith("## ")]
    for part in SKELETON:
        assert any(h.startswith(part) for h in headings), f"{stem} has no '## {part}' section"
    assert headings[0] == "Objectives" and headings[-1] == "Key points", headings


@pytest.mark.parametrize("stem", STEMS)
def test_activities_are_numbered_for_this_lesson_in_order(stem):
    found = [m.groups() for text in markdown_cells(stem) for m in NUMBERED.finditer(text)]
    assert found, f"{stem} has no numbered activities"
    assert {int(lesson) for lesson, _, _ in found} == {int(stem[:2])}, found
    assert [int(n) for _, n, _ in found] == list(range(1, len(found) + 1)), found
