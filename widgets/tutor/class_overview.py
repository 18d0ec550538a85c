"""A tutor's view of a class: read a folder of learners' exported progress files, count what went wrong.

Pure functions over plain data (no widgets, no pandas), so the tutor notebook only draws.
Works with no server: the tutor collects the files by email or a shared drive into one folder.
Every file is untrusted: it is read with the progress store's own checks (size, regular
file, schema) and a bad, duplicate or foreign file is skipped with a message naming it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Callable, Iterable, Literal

from ..progress.store import MAX_FILE_BYTES, ProgressFileError, merge_documents, read_progress_file, summarise

#: The most files one overview reads (a class, not a county).
MAX_FILES = 500


@dataclass(frozen=True)
class LearnerProgress:
    """One learner's progress as read from the folder."""

    name: str
    files: tuple[str, ...]
    document: dict


@dataclass
class ClassProgress:
    """Everyone's progress, and a sentence for each file that was skipped or merged."""

    learners: list[LearnerProgress] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def read_class_folder(
    folder: Path | str, *, pseudonymise: bool = False, progress: Callable[[int, int], None] | None = None
) -> ClassProgress:
    """Read every ``*.json`` progress file in ``folder`` (not its subfolders).

    Files with the same learner name are one learner (their attempts merged); a file
    identical to one already read is skipped. ``pseudonymise`` replaces names with
    "Learner 1", "Learner 2", ... in file-name order, for projecting in class.
    ``progress(n, total)`` is called before the n-th file is read (for a command's progress line).
    """
    folder = Path(folder)
    result = ClassProgress()
    if not folder.is_dir():
        result.messages.append(f"{folder} is not a folder: nothing was read.")
        return result
    seen_bytes: dict[str, str] = {}
    by_name: dict[str, LearnerProgress] = {}
    entries = sorted(folder.iterdir(), key=lambda p: p.name)
    if len(entries) > MAX_FILES:
        result.messages.append(f"Only the first {MAX_FILES} of {len(entries)} files were read.")
        entries = entries[:MAX_FILES]
    number = {path.name: n for n, path in enumerate(entries, start=1)}

    def shown(file_name: str) -> str:
        # File names are often learners' names: hidden too when projecting.
        return f"file {number[file_name]}" if pseudonymise else file_name

    for n, path in enumerate(entries, start=1):
        if path.name.startswith("."):
            continue
        if progress is not None:
            progress(n, len(entries))
        if path.suffix.lower() != ".json":
            result.messages.append(f"Skipped {shown(path.name)}: not a .json progress file.")
            continue
        try:
            document, notes = read_progress_file(path)
            digest = hashlib.sha256(path.read_bytes()[: MAX_FILE_BYTES + 1]).hexdigest()
        except ProgressFileError as error:
            result.messages.append(f"Skipped {shown(path.name)}: {error}.")
            continue
        except OSError as error:
            result.messages.append(f"Skipped {shown(path.name)}: it cannot be read ({error.strerror or error}).")
            continue
        if digest in seen_bytes:
            result.messages.append(f"Skipped {shown(path.name)}: the same file as {shown(seen_bytes[digest])}.")
            continue
        seen_bytes[digest] = path.name
        if notes:
            result.messages.append(
                f"In {shown(path.name)}, {len(notes)} damaged entr{'ies were' if len(notes) != 1 else 'y was'} left out."
            )
        name = " ".join(document["learner"].split()) or path.stem
        if name in by_name:
            earlier = by_name[name]
            merged, _ = merge_documents(earlier.document, document)
            by_name[name] = LearnerProgress(name, earlier.files + (path.name,), merged)
            result.messages.append(
                f"{shown(path.name)} and {', '.join(map(shown, earlier.files))} belong to the same learner: their attempts were combined."
            )
        else:
            by_name[name] = LearnerProgress(name, (path.name,), document)
    learners = list(by_name.values())
    if pseudonymise:
        learners = [
            LearnerProgress(f"Learner {n}", tuple(map(shown, learner.files)), learner.document)
            for n, learner in enumerate(learners, start=1)
        ]
    result.learners = learners
    return result


# --------------------------------------------------------------------------- completion and scores


@dataclass(frozen=True)
class ActivityRow:
    """How the class did on one activity."""

    activity: str
    attempted: int
    full_marks: int
    median_best_percent: float | None
    solution_shown: int
    learners: int


def best_fraction(activity: dict) -> float | None:
    """A learner's best score on one activity as a fraction of its maximum (None without a maximum)."""
    summary = summarise(activity)
    return summary["best"] / summary["maximum"] if summary["maximum"] else None


def class_table(learners: list[LearnerProgress], activity_ids: Iterable[str] | None = None) -> list[ActivityRow]:
    """One row per activity: how many attempted it, reached full marks, saw the solution; the median best score."""
    if activity_ids is None:
        activity_ids = sorted({a for learner in learners for a in learner.document["activities"]})
    rows = []
    for activity_id in activity_ids:
        bests, full, shown = [], 0, 0
        for learner in learners:
            activity = learner.document["activities"].get(activity_id)
            if not activity or not summarise(activity)["attempts"]:
                continue
            fraction = best_fraction(activity)
            if fraction is not None:
                bests.append(fraction)
                full += fraction >= 1
            shown += summarise(activity)["solution_shown"]
        rows.append(
            ActivityRow(
                activity_id, len(bests), full, round(100 * median(bests), 1) if bests else None, shown, len(learners)
            )
        )
    return rows


def score_distribution(learners: list[LearnerProgress], activity_id: str) -> list[float]:
    """Each learner's best score on ``activity_id`` as a percentage, for a histogram."""
    values = []
    for learner in learners:
        activity = learner.document["activities"].get(activity_id)
        fraction = best_fraction(activity) if activity else None
        if fraction is not None:
            values.append(round(100 * fraction, 1))
    return sorted(values)


def learner_table(learners: list[LearnerProgress], activity_ids: list[str]) -> list[dict]:
    """One row per learner: activities attempted, completed with full marks, and their name (as text)."""
    rows = []
    for learner in learners:
        fractions = [
            best_fraction(learner.document["activities"][a])
            for a in activity_ids
            if a in learner.document["activities"]
        ]
        rows.append(
            {
                "learner": learner.name,
                "attempted": len(fractions),
                "full_marks": sum(1 for f in fractions if f is not None and f >= 1),
                "activities": len(activity_ids),
            }
        )
    return rows


# --------------------------------------------------------------------------- common mistakes


Which = Literal["first", "last", "all"]


def answers(learners: list[LearnerProgress], activity_id: str, which: Which = "first") -> list[dict]:
    """The recorded answers to one activity: each learner's first (default), last, or every attempt.

    The first attempt shows what learners believed before any feedback, which is what a
    class discussion is for; attempts made after Show solution are left out.
    """
    found = []
    for learner in learners:
        activity = learner.document["activities"].get(activity_id)
        if not activity:
            continue
        attempts = [a for a in activity["attempts"] if "answer" in a and not a["solution_shown"]]
        if not attempts:
            continue
        chosen = {"first": attempts[:1], "last": attempts[-1:], "all": attempts}[which]
        found.extend(a["answer"] for a in chosen)
    return found


@dataclass(frozen=True)
class Mistake:
    """One kind of wrong answer and how many answers made it."""

    item: str
    given: str
    expected: str
    count: int


def _ranked(counter: Counter, expected: dict[str, str]) -> list[Mistake]:
    return [
        Mistake(item, given, expected.get(item, ""), count)
        for (item, given), count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def ordering_mistakes(expected: list[str], given: list[dict]) -> list[Mistake]:
    """Which items were put in the wrong place, and where: ("Record the issue", "position 3", "position 2", 5)."""
    place = {label: i for i, label in enumerate(expected, start=1)}
    counter: Counter = Counter()
    for answer in given:
        order = answer.get("order")
        if not isinstance(order, list) or sorted(map(str, order)) != sorted(expected):
            continue
        for position, label in enumerate(order, start=1):
            if place[label] != position:
                counter[(label, f"position {position}")] += 1
    return _ranked(counter, {label: f"position {i}" for label, i in place.items()})


def sorting_mistakes(
    accepted: dict[str, list[str]], given: list[dict], bucket_names: dict[str, str] | None = None
) -> list[Mistake]:
    """Which cards went into a wrong group, and which group: ("Thank-you email", "Reactive", "Proactive", 4)."""
    names = bucket_names or {}
    counter: Counter = Counter()
    for answer in given:
        placements = answer.get("placements")
        if not isinstance(placements, dict):
            continue
        for card, bucket in placements.items():
            if card in accepted and bucket is not None and bucket not in accepted[card]:
                counter[(card, names.get(bucket, str(bucket)))] += 1
    expected = {card: " or ".join(names.get(b, b) for b in buckets) for card, buckets in accepted.items()}
    return _ranked(counter, expected)


def choice_mistakes(correct: dict[str, bool], given: list[dict]) -> list[Mistake]:
    """Which wrong options were chosen, and which right ones were missed, by how many answers."""
    counter: Counter = Counter()
    for answer in given:
        selected = answer.get("selected")
        if not isinstance(selected, list):
            continue
        for option, right in correct.items():
            if option in selected and not right:
                counter[(option, "chosen")] += 1
            elif right and option not in selected:
                counter[(option, "missed")] += 1
    return _ranked(counter, {option: "right" if right else "wrong" for option, right in correct.items()})


def scenario_branches(given: list[dict]) -> list[tuple[str, str, int]]:
    """Which branches of a scenario were taken: (from step, to step, how many answers took it), most taken first."""
    counter: Counter = Counter()
    for answer in given:
        path = answer.get("path")
        if isinstance(path, list):
            for step, following in zip(path, path[1:]):
                counter[(str(step), str(following))] += 1
    return [(a, b, n) for (a, b), n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def flowchart_mistakes(stages: list[str], given: list[dict]) -> list[Mistake]:
    """Cards wrongly put in a chart (distractors) and real stages left out."""
    counter: Counter = Counter()
    for answer in given:
        chosen = answer.get("chosen")
        if not isinstance(chosen, list):
            continue
        for card in chosen:
            if card not in stages:
                counter[(str(card), "put in the chart")] += 1
        for stage in stages:
            if stage not in chosen:
                counter[(stage, "left out")] += 1
    return _ranked(counter, {stage: "in the chart" for stage in stages})
