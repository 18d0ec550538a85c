"""The progress file's format as pure functions over plain data: validate, parse, serialise, merge.

No file access here (that is ``widgets/progress/store.py``); the format is described in
``widgets/progress/PROGRESS.md``. Every function takes and returns plain dicts and lists.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from typing import Any

from ..tutor.moderation_records import clean_claim, clean_moderation, claim_problem, merge_records, moderation_problem
from ..tutor.moderation_records import is_time as _is_time

FORMAT = "after-sales-lessons-progress"
VERSION = 3
#: Versions this code reads. 1 is carried over (see _from_version_1); 2 reads unchanged (3 only adds the
#: optional "points" of an attempt and an activity's "claims" and "moderations").
READS_VERSIONS = (1, 2, 3)
#: A store or an imported file larger than this is refused (a real one stays far below it).
MAX_FILE_BYTES = 4 * 1024 * 1024
#: Attempts kept per activity; older ones are folded into the "earlier" summary.
MAX_ATTEMPTS = 30
#: Longest written answer kept, in characters.
MAX_TEXT = 5000
#: Deepest nesting allowed inside one recorded answer (a list of [from, to] pairs is 3).
MAX_ANSWER_DEPTH = 4
#: Longest serialised answer kept, in characters.
MAX_ANSWER_CHARS = 20000
MAX_ID = 200
#: Claims and moderations kept per activity (the newest).
MAX_REVIEWS = 50


def now() -> str:
    """The current time as the store writes it: UTC, to the second, ISO 8601."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def empty_document() -> dict:
    """A store with nothing recorded yet."""
    return {"format": FORMAT, "version": VERSION, "learner": "", "activities": {}}


# --------------------------------------------------------------------------- validation (pure)


class ProgressFileError(ValueError):
    """A progress file that cannot be used at all; the message is one sentence for the learner."""


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1_000_000


def _plain(value: Any, depth: int = 0) -> bool:
    """True for JSON data (no floats needed beyond numbers) nested at most MAX_ANSWER_DEPTH deep."""
    if depth > MAX_ANSWER_DEPTH:
        return False
    if value is None or isinstance(value, (bool, int, float)):
        return True
    if isinstance(value, str):
        return len(value) <= MAX_TEXT
    if isinstance(value, list):
        return len(value) <= 500 and all(_plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return len(value) <= 500 and all(
            isinstance(k, str) and len(k) <= MAX_ID and _plain(v, depth + 1) for k, v in value.items()
        )
    return False


def clean_answer(answer: Any) -> dict | None:
    """The answer as the store keeps it (written text cut to MAX_TEXT), or None if it cannot be kept."""
    if not isinstance(answer, dict):
        return None
    answer = {k: (v[:MAX_TEXT] if isinstance(v, str) else v) for k, v in answer.items()}
    if not _plain(answer) or len(json.dumps(answer)) > MAX_ANSWER_CHARS:
        return None
    return answer


def _attempt_problem(attempt: Any) -> str:
    """What is wrong with one recorded attempt ("" if nothing)."""
    if not isinstance(attempt, dict):
        return "an attempt is not a set of fields"
    if not _is_time(attempt.get("time")):
        return "an attempt has no valid time"
    score, maximum = attempt.get("score"), attempt.get("maximum")
    if not (_is_count(score) and _is_count(maximum)) or score > maximum:
        return "an attempt's score or maximum is not a whole number from 0 up"
    if not isinstance(attempt.get("solution_shown", False), bool):
        return "an attempt's solution_shown is not true or false"
    if "answer" in attempt and clean_answer(attempt["answer"]) is None:
        return "an attempt's answer is not plain data of a sensible size"
    points = attempt.get("points")
    if points is not None and not (
        isinstance(points, list) and len(points) <= 12 and all(_is_count(p) for p in points) and sum(points) == score
    ):
        return "an attempt's marks per point are not whole numbers adding up to its score"
    return ""


def _clean_attempt(attempt: dict) -> dict:
    kept = {
        "time": attempt["time"],
        "score": attempt["score"],
        "maximum": attempt["maximum"],
        "solution_shown": attempt.get("solution_shown", False),
    }
    if "answer" in attempt:
        kept["answer"] = clean_answer(attempt["answer"])
    if attempt.get("points") is not None:
        kept["points"] = list(attempt["points"])
    return kept


def _clean_activity(activity_id: str, entry: Any, notes: list[str]) -> dict | None:
    where = f"activity {activity_id!r}"
    if not isinstance(entry, dict):
        notes.append(f"Skipped {where}: it is not a set of fields.")
        return None
    kind = entry.get("kind", "")
    if not isinstance(kind, str) or len(kind) > MAX_ID:
        notes.append(f"Skipped {where}: its kind is not a short text.")
        return None
    attempts = entry.get("attempts", [])
    if not isinstance(attempts, list):
        notes.append(f"Skipped {where}: its attempts are not a list.")
        return None
    kept: dict[str, Any] = {"kind": kind, "attempts": []}
    for attempt in attempts:
        problem = _attempt_problem(attempt)
        if problem:
            notes.append(f"Skipped one attempt of {where}: {problem}.")
        else:
            kept["attempts"].append(_clean_attempt(attempt))
    earlier = entry.get("earlier")
    if earlier is not None:
        if isinstance(earlier, dict) and all(_is_count(earlier.get(k)) for k in ("attempts", "best", "maximum")):
            kept["earlier"] = {k: earlier[k] for k in ("attempts", "best", "maximum")}
        else:
            notes.append(
                f"Skipped the earlier-attempts summary of {where}: it needs whole numbers attempts, best and maximum."
            )
    draft = entry.get("draft")
    if draft is not None:
        if isinstance(draft, dict) and _is_time(draft.get("time")) and clean_answer(draft.get("answer")) is not None:
            kept["draft"] = {"time": draft["time"], "answer": clean_answer(draft["answer"])}
        else:
            notes.append(f"Skipped the unsaved answer of {where}: it needs a time and plain answer data.")
    if entry.get("fresh") is True:
        kept["fresh"] = True
    for name, problem_of, clean in (
        ("claims", claim_problem, clean_claim),
        ("moderations", moderation_problem, clean_moderation),
    ):
        records = entry.get(name)
        if records is None:
            continue
        if not isinstance(records, list):
            notes.append(f"Skipped the {name} of {where}: they are not a list.")
            continue
        good = []
        for record in records[-MAX_REVIEWS:]:
            problem = problem_of(record)
            if problem:
                notes.append(f"Skipped one of the {name} of {where}: {problem}.")
            else:
                good.append(clean(record))
        if good:
            kept[name] = sorted(good, key=lambda r: r["time"])
    return kept


def _from_version_1(data: dict, notes: list[str]) -> dict:
    """Carry a first-version file (activity id -> counts) into the current format."""
    document = empty_document()
    for activity_id, entry in data.items():
        if not isinstance(entry, dict) or not all(_is_count(entry.get(k)) for k in ("attempts", "best", "maximum")):
            notes.append(
                f"Skipped activity {activity_id!r} from the old format: attempts, best and maximum must be whole numbers."
            )
            continue
        activity: dict[str, Any] = {
            "kind": "",
            "attempts": [],
            "earlier": {k: entry[k] for k in ("attempts", "best", "maximum")},
        }
        if isinstance(entry.get("response"), str):
            activity["draft"] = {
                "time": entry["when"] if _is_time(entry.get("when")) else now(),
                "answer": {"text": entry["response"][:MAX_TEXT]},
            }
        document["activities"][activity_id] = activity
    return document


def validate_document(data: Any) -> tuple[dict, list[str]]:
    """Check parsed JSON against the schema: the usable document and a note per skipped entry.

    Raises :class:`ProgressFileError` when the whole file is unusable (not a progress
    file, or one written by a newer version of the pack).
    """
    notes: list[str] = []
    if not isinstance(data, dict):
        raise ProgressFileError("it is not a progress file (the outermost value is not a set of fields)")
    if "format" not in data and "activities" not in data:
        if any(isinstance(v, dict) and "attempts" in v for v in data.values()):
            return _from_version_1(data, notes), notes
        if not data:
            return empty_document(), notes
        raise ProgressFileError('it is not an After-Sales Lessons progress file (it has no "format" field)')
    if data.get("format") != FORMAT:
        raise ProgressFileError(f'it is not an After-Sales Lessons progress file (its format is not "{FORMAT}")')
    version = data.get("version")
    if not _is_count(version):
        raise ProgressFileError("its version is not a whole number")
    if version > VERSION:
        raise ProgressFileError(
            f"it was written by a newer version of the lessons (format version {version}); update the lessons to read it"
        )
    activities = data.get("activities")
    if not isinstance(activities, dict):
        raise ProgressFileError("its activities are not a set of fields")
    document = empty_document()
    learner = data.get("learner", "")
    if isinstance(learner, str) and len(learner) <= MAX_ID:
        document["learner"] = learner
    else:
        notes.append("Skipped the learner name: it is not a short text.")
    for activity_id, entry in activities.items():
        if not activity_id or len(activity_id) > MAX_ID:
            notes.append("Skipped an activity whose id is empty or too long.")
            continue
        kept = _clean_activity(activity_id, entry, notes)
        if kept is not None:
            document["activities"][activity_id] = kept
    return document, notes


def too_big(size: int) -> str:
    """The sentence for a file over MAX_FILE_BYTES."""
    return (
        f"it is too big ({size / 1024 / 1024:.1f} MB; a progress file is at most {MAX_FILE_BYTES // 1024 // 1024} MB)"
    )


def parse_document(raw: bytes) -> tuple[dict, list[str]]:
    """Parse and validate the bytes of a progress file; raises :class:`ProgressFileError`."""
    if len(raw) > MAX_FILE_BYTES:
        raise ProgressFileError(too_big(len(raw)))
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProgressFileError("it is not text (not UTF-8)") from None
    except RecursionError:
        raise ProgressFileError("it is nested far too deeply") from None
    except ValueError as error:
        if "Unterminated" in error.msg or error.pos >= len(raw.rstrip()) - 1:
            raise ProgressFileError("it ends too early, as if cut short") from None
        raise ProgressFileError(f"it is not valid JSON at line {error.lineno}, column {error.colno}") from None
    try:
        return validate_document(data)
    except RecursionError:
        raise ProgressFileError("it is nested far too deeply") from None


def serialise(document: dict) -> bytes:
    """The bytes written to disk and offered as a download: readable, stable JSON."""
    return (json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- changes to a document (pure)


def _fold_oldest(activity: dict, keep: int) -> None:
    """Move all but the newest ``keep`` attempts into the "earlier" summary."""
    attempts = activity["attempts"]
    if len(attempts) <= keep:
        return
    old, activity["attempts"] = attempts[: len(attempts) - keep], attempts[len(attempts) - keep :]
    earlier = activity.get("earlier", {"attempts": 0, "best": 0, "maximum": 0})
    activity["earlier"] = {
        "attempts": earlier["attempts"] + len(old),
        "best": max([earlier["best"]] + [a["score"] for a in old]),
        "maximum": max([earlier["maximum"]] + [a["maximum"] for a in old]),
    }


def bound_size(document: dict) -> dict:
    """Fold old attempts, then drop the oldest claims and moderations, until the document is well inside MAX_FILE_BYTES."""
    keep = MAX_ATTEMPTS
    while True:
        for activity in document["activities"].values():
            _fold_oldest(activity, keep)
            for name in ("claims", "moderations"):
                if name in activity:
                    activity[name] = activity[name][-min(MAX_REVIEWS, keep) :]
        if len(serialise(document)) < MAX_FILE_BYTES // 2 or keep == 1:
            return document
        keep = max(1, keep // 2)


def add_attempt(document: dict, activity_id: str, attempt: dict, kind: str = "") -> dict:
    """The document with ``attempt`` appended to ``activity_id`` (its draft and fresh start cleared)."""
    activity = document["activities"].setdefault(activity_id, {"kind": kind, "attempts": []})
    if kind:
        activity["kind"] = kind
    activity["attempts"].append(attempt)
    activity.pop("draft", None)
    activity.pop("fresh", None)
    _fold_oldest(activity, MAX_ATTEMPTS)
    return document


def _attempt_key(attempt: dict) -> str:
    return json.dumps(attempt, sort_keys=True)


def merge_documents(local: dict, incoming: dict) -> tuple[dict, int]:
    """Both documents' attempts, each once, in time order; the newer draft wins. Returns (merged, attempts added)."""
    merged = copy.deepcopy(local)
    added = 0
    if not merged.get("learner") and incoming.get("learner"):
        merged["learner"] = incoming["learner"]
    for activity_id, theirs in incoming["activities"].items():
        ours = merged["activities"].setdefault(activity_id, {"kind": theirs.get("kind", ""), "attempts": []})
        if not ours.get("kind"):
            ours["kind"] = theirs.get("kind", "")
        seen = {_attempt_key(a) for a in ours["attempts"]}
        for attempt in theirs["attempts"]:
            if _attempt_key(attempt) not in seen:
                ours["attempts"].append(copy.deepcopy(attempt))
                seen.add(_attempt_key(attempt))
                added += 1
        ours["attempts"].sort(key=lambda a: a["time"])
        if "earlier" in theirs:
            mine = ours.get("earlier")
            if mine is None or theirs["earlier"]["attempts"] > mine["attempts"]:
                ours["earlier"] = dict(theirs["earlier"])
        if "draft" in theirs and ("draft" not in ours or theirs["draft"]["time"] > ours["draft"]["time"]):
            ours["draft"] = copy.deepcopy(theirs["draft"])
        for name in ("claims", "moderations"):
            if theirs.get(name):
                ours[name] = merge_records(ours.get(name, []), copy.deepcopy(theirs[name]))[-MAX_REVIEWS:]
        _fold_oldest(ours, MAX_ATTEMPTS)
    return bound_size(merged), added


def summarise(activity: dict) -> dict:
    """One activity's attempts, best, last, maximum and time, counting folded earlier attempts."""
    attempts = activity["attempts"]
    earlier = activity.get("earlier", {"attempts": 0, "best": 0, "maximum": 0})
    last = attempts[-1] if attempts else None
    maximum = last["maximum"] if last else earlier["maximum"]
    # Only scores out of the same maximum count towards the best: when an activity or its scoring
    # rule changes (a multiple-answer question now scores out of its correct options), 4/5 is not 4/2.
    same_scale = [a["score"] for a in attempts if a["maximum"] == maximum]
    summary = {
        "attempts": earlier["attempts"] + len(attempts),
        "best": max([earlier["best"] if earlier["maximum"] == maximum else 0] + same_scale),
        "maximum": maximum,
        "last": last["score"] if last else None,
        "when": last["time"] if last else None,
        "kind": activity.get("kind", ""),
        "solution_shown": any(a["solution_shown"] for a in attempts),
    }
    text = (activity.get("draft") or {}).get("answer", {}).get("text")
    if text is None:
        text = next(
            (a["answer"]["text"] for a in reversed(attempts) if isinstance(a.get("answer", {}).get("text"), str)), None
        )
    if isinstance(text, str):
        summary["response"] = text
    return summary
