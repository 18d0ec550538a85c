"""What the My progress page shows: per lesson and activity, completion, best score and what to revisit.

Pure functions over the stored document (see ``widgets/progress/PROGRESS.md``) and the list of
activities each lesson uses, which is read from the lesson notebooks themselves.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .schema import summarise

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
#: Activity classes whose Check is recorded in the progress file.
ACTIVITY_CALL = re.compile(
    r"\b(?:OrderTask|SortTask|Question|FlowBuildTask)\.from_content\(\s*[\"']([A-Za-z0-9_-]+)[\"']"
)


def lesson_activities(lessons: Path = LESSONS) -> dict[str, list[str]]:
    """Each lesson notebook's stem -> the activity ids its code cells build, in order."""
    found: dict[str, list[str]] = {}
    for path in sorted(lessons.glob("[0-9][0-9]-*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            continue
        ids = []
        for cell in cells:
            if cell.get("cell_type") == "code":
                ids += [i for i in ACTIVITY_CALL.findall("".join(cell.get("source", ""))) if i not in ids]
        if ids:
            found[path.stem] = ids
    return found


@dataclass(frozen=True)
class ActivityProgress:
    """One activity on the My progress page."""

    lesson: str
    activity: str
    attempts: int
    best: int
    maximum: int
    status: str  # "not started", "done" or "revisit"
    reason: str  # why to revisit, in words ("" otherwise)

    @property
    def percent(self) -> float | None:
        """Best score as a percentage of the maximum (None before the first Check)."""
        return round(100 * self.best / self.maximum, 1) if self.maximum and self.attempts else None


def activity_rows(document: dict, lessons: dict[str, list[str]]) -> list[ActivityProgress]:
    """One row per activity of every lesson, then any recorded activity no lesson lists (under "other")."""
    recorded = document["activities"]
    rows = []
    listed = set()
    for lesson, ids in lessons.items():
        for activity_id in ids:
            listed.add(activity_id)
            rows.append(_row(lesson, activity_id, recorded.get(activity_id)))
    for activity_id in sorted(set(recorded) - listed):
        rows.append(_row("other", activity_id, recorded[activity_id]))
    return rows


def _row(lesson: str, activity_id: str, activity: dict | None) -> ActivityProgress:
    summary = summarise(activity) if activity else None
    if not summary or not summary["attempts"]:
        return ActivityProgress(lesson, activity_id, 0, 0, 0, "not started", "")
    best, maximum = summary["best"], summary["maximum"]
    if maximum and best >= maximum and not _full_marks_only_after_solution(activity):
        return ActivityProgress(lesson, activity_id, summary["attempts"], best, maximum, "done", "")
    reason = f"best score {best} of {maximum}" if best < maximum else "full marks only after seeing the solution"
    return ActivityProgress(lesson, activity_id, summary["attempts"], best, maximum, "revisit", reason)


def _full_marks_only_after_solution(activity: dict) -> bool:
    full = [a for a in activity["attempts"] if a["maximum"] and a["score"] >= a["maximum"]]
    earlier = activity.get("earlier")
    earlier_full = bool(earlier and earlier["maximum"] and earlier["best"] >= earlier["maximum"])
    return bool(full) and all(a["solution_shown"] for a in full) and not earlier_full


@dataclass(frozen=True)
class LessonProgress:
    """One lesson's line: how many of its activities are done, started, and in total."""

    lesson: str
    done: int
    started: int
    total: int


def lesson_rows(rows: list[ActivityProgress]) -> list[LessonProgress]:
    """Completion per lesson, in lesson order."""
    lessons: dict[str, list[ActivityProgress]] = {}
    for row in rows:
        lessons.setdefault(row.lesson, []).append(row)
    return [
        LessonProgress(
            lesson, sum(r.status == "done" for r in items), sum(r.status != "not started" for r in items), len(items)
        )
        for lesson, items in lessons.items()
    ]


def describe_lessons(lessons: list[LessonProgress]) -> str:
    """The chart in words: its text alternative."""
    if not lessons:
        return "No lessons found."
    lines = ["Activities done with full marks, per lesson:"]
    for lesson in lessons:
        lines.append(f"- {lesson.lesson}: {lesson.done} of {lesson.total} done, {lesson.started} started.")
    return "\n".join(lines)


def revisit_list(rows: list[ActivityProgress]) -> list[str]:
    """One sentence per activity worth another go, lowest score first."""
    todo = sorted((r for r in rows if r.status == "revisit"), key=lambda r: (r.percent or 0, r.lesson, r.activity))
    return [f"{r.activity} (lesson {r.lesson}): {r.reason}." for r in todo]


def syllabus_topics(coverage: Path = LESSONS.parent / "data" / "seed-coverage.toml") -> dict[str, list[str]]:
    """Activity id -> the syllabus lines it checks (from data/seed-coverage.toml), for "what to revisit"."""
    import tomllib

    try:
        entries = tomllib.loads(coverage.read_text(encoding="utf-8")).get("line", [])
    except (OSError, ValueError):
        return {}
    topics: dict[str, list[str]] = {}
    for entry in entries:
        for activity_id in entry.get("checked_by", []) if isinstance(entry, dict) else []:
            if isinstance(entry.get("text"), str):
                topics.setdefault(activity_id, []).append(entry["text"])
    return topics
