"""Tutor moderation of written answers, the records: pure functions over plain data.

A *moderation* is a tutor's mark for one written answer, with a one-line reason, kept beside
the rubric's mark (never in place of it). A *claim* is the learner's "I did cover this" for one
missed marking point; the tutor accepts it (that point's marks are granted) or refuses it, each
with a reason, and the decision is itself a moderation. Both are stored in the learner's
progress file (``widgets/progress/PROGRESS.md``); decisions made in the class overview go to the
tutor's own moderation file (its format is at the end of this module, as bytes and plain data),
which a learner can import on My progress.

Moderations from any number of progress files and moderation files merge into one list, and
become marking-corpus cases (``tests/marking-corpus/``, kind "moderated", marker "tutor"):

    after-sales moderation FILES --out DIR

Reading files, merging and corpus cases are in ``widgets/tutor/moderation_files.py``. No file
access here, no widgets and nothing else of the package: the progress store imports this module to
keep moderations and to import a tutor's moderation file, and the tutor tools build on both.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence

#: Longest tutor's reason, in characters (one line).
MAX_REASON = 200
#: Longest learner's claim reason, in characters.
MAX_CLAIM = 500
#: Longest answer text a moderation keeps (as the progress store keeps written text).
MAX_TEXT = 5000
DECISIONS = ("accept", "refuse")


class ModerationError(ValueError):
    """A mark, reason or decision that cannot be used; the message is one sentence for the tutor."""


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1000


def same_text(a: str, b: str) -> bool:
    """True when two answers are the same text, ignoring spacing and line breaks."""
    return " ".join(a.split()) == " ".join(b.split())


# --------------------------------------------------------------------------- reasons and marks


def check_reason(reason: Any, *, who: str = "tutor") -> str:
    """The tutor's reason, trimmed; raises ModerationError unless it is one non-empty line of at most MAX_REASON characters."""
    if not isinstance(reason, str) or not reason.strip():
        raise ModerationError(f"Give a one-line reason for the {who}'s mark.")
    reason = reason.strip()
    if "\n" in reason or "\r" in reason:
        raise ModerationError("Keep the reason to one line.")
    if len(reason) > MAX_REASON:
        raise ModerationError(f"Keep the reason to {MAX_REASON} characters (it has {len(reason)}).")
    return reason


def check_points(points: Any, point_maxima: Sequence[int]) -> list[int]:
    """Per-point marks, each a whole number from 0 to its point's maximum; raises ModerationError."""
    if not isinstance(points, (list, tuple)) or len(points) != len(point_maxima):
        raise ModerationError(f"Give a mark for each of the {len(point_maxima)} marking points.")
    marks = []
    for number, (mark, most) in enumerate(zip(points, point_maxima), start=1):
        if isinstance(mark, str) and mark.strip().isdigit():
            mark = int(mark.strip())
        if not is_count(mark) or mark > most:
            raise ModerationError(f"Marking point {number} takes a whole number of marks from 0 to {most}.")
        marks.append(mark)
    return marks


def check_total(total: Any, maximum: int) -> int:
    """A total mark from 0 to ``maximum``; raises ModerationError."""
    if isinstance(total, str) and total.strip().isdigit():
        total = int(total.strip())
    if not is_count(total) or total > maximum:
        raise ModerationError(f"The mark is a whole number from 0 to {maximum}.")
    return total


def marking(points: Sequence[int]) -> dict:
    """A mark as the store keeps it: the total and the marks per point."""
    return {"total": sum(points), "points": list(points)}


# --------------------------------------------------------------------------- moderations and claims


def moderate(
    *,
    answer_text: str,
    point_maxima: Sequence[int],
    rubric_points: Sequence[int],
    reason: Any,
    tutor_points: Any = None,
    tutor_total: Any = None,
    time: str | None = None,
    claim: dict | None = None,
) -> dict:
    """A tutor's mark for one answer (per point, or a total only), with its reason and the rubric's mark beside it.

    Raises :class:`ModerationError` with a sentence for the tutor when the mark or the reason cannot be used.
    """
    maxima = [int(m) for m in point_maxima]
    maximum = sum(maxima)
    rubric = check_points(list(rubric_points), maxima)
    reason = check_reason(reason)
    if (tutor_points is None) == (tutor_total is None):
        raise ModerationError("Give the tutor's mark either per marking point or as a total, not both.")
    if tutor_points is not None:
        tutor = marking(check_points(tutor_points, maxima))
    else:
        tutor = {"total": check_total(tutor_total, maximum), "points": None}
    record = {
        "time": time or _now(),
        "answer_text": str(answer_text)[:MAX_TEXT],
        "maximum": maximum,
        "point_maxima": maxima,
        "rubric": marking(rubric),
        "tutor": tutor,
        "reason": reason,
        "marker": "tutor",
    }
    if claim is not None:
        record["claim"] = claim
    return record


def make_claim(
    *,
    point: int,
    reason: Any,
    answer_text: str,
    point_text: str,
    point_maxima: Sequence[int],
    rubric_points: Sequence[int],
    time: str | None = None,
) -> dict:
    """The learner's "I did cover this" for point ``point`` (0-based) of one answer; raises ModerationError."""
    maxima = [int(m) for m in point_maxima]
    if not is_count(point) or point >= len(maxima):
        raise ModerationError(f"There is no marking point {point + 1 if isinstance(point, int) else point!r}.")
    if not isinstance(reason, str) or not reason.strip():
        raise ModerationError("Say where in your answer you covered the point.")
    return {
        "time": time or _now(),
        "point": point,
        "point_text": str(point_text)[:300],
        "reason": reason.strip()[:MAX_CLAIM],
        "answer_text": str(answer_text)[:MAX_TEXT],
        "point_maxima": maxima,
        "rubric": marking(check_points(list(rubric_points), maxima)),
    }


def latest_for(moderations: Iterable[dict], answer_text: str) -> dict | None:
    """The newest moderation of this very answer text, or None."""
    found = [m for m in moderations if same_text(m.get("answer_text", ""), answer_text)]
    return max(found, key=lambda m: m["time"]) if found else None


def decide_claim(
    claim: dict, decision: str, reason: Any, *, earlier: dict | None = None, time: str | None = None
) -> dict:
    """The tutor's decision on a claim, as a moderation.

    Accept: the claimed point gets its full marks, on top of the latest tutor's mark of the same
    answer (``earlier``) where it has marks per point, else on top of the rubric's. Refuse: the
    mark stands as it was. Both carry the tutor's reason and the claim they answer.
    """
    if decision not in DECISIONS:
        raise ModerationError("Choose accept or refuse.")
    maxima = claim["point_maxima"]
    base = list(claim["rubric"]["points"])
    if earlier and same_text(earlier["answer_text"], claim["answer_text"]) and earlier["tutor"]["points"] is not None:
        base = list(earlier["tutor"]["points"])
    if decision == "accept":
        base[claim["point"]] = maxima[claim["point"]]
    return moderate(
        answer_text=claim["answer_text"],
        point_maxima=maxima,
        rubric_points=claim["rubric"]["points"],
        tutor_points=base,
        reason=reason,
        time=time,
        claim={"point": claim["point"], "reason": claim["reason"], "decision": decision},
    )


def moderation_line(moderation: dict) -> str:
    """Both marks in words for the learner: "Rubric mark 2 of 6; your tutor's mark 4 of 6: <reason>"."""
    maximum = moderation["maximum"]
    line = (
        f"Rubric mark {moderation['rubric']['total']} of {maximum}; "
        f"your tutor's mark {moderation['tutor']['total']} of {maximum}: {moderation['reason']}"
    )
    claim = moderation.get("claim")
    if claim:
        verdict = "accepted" if claim["decision"] == "accept" else "refused"
        line += f" (your claim for marking point {claim['point'] + 1} was {verdict})"
    return line


# --------------------------------------------------------------------------- checking stored records (for the store and files)


def _marks_ok(value: Any, maxima: list[int], *, points_required: bool) -> bool:
    if not isinstance(value, dict) or not is_count(value.get("total")) or value["total"] > sum(maxima):
        return False
    points = value.get("points")
    if points is None:
        return not points_required
    return (
        isinstance(points, list)
        and len(points) == len(maxima)
        and all(is_count(p) and p <= m for p, m in zip(points, maxima))
        and sum(points) == value["total"]
    )


def is_time(value: Any) -> bool:
    """An ISO 8601 time as the progress store writes it (the store's attempts and drafts use this check too)."""
    if not isinstance(value, str) or len(value) > 40:
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def moderation_problem(record: Any) -> str:
    """What is wrong with one stored moderation ("" if nothing)."""
    if not isinstance(record, dict):
        return "a moderation is not a set of fields"
    if not is_time(record.get("time")):
        return "a moderation has no valid time"
    maxima = record.get("point_maxima")
    if not isinstance(maxima, list) or not maxima or len(maxima) > 12 or not all(is_count(m) and m > 0 for m in maxima):
        return "a moderation's point maxima are not whole numbers"
    if record.get("maximum") != sum(maxima):
        return "a moderation's maximum is not the sum of its points"
    if not isinstance(record.get("answer_text"), str) or len(record["answer_text"]) > MAX_TEXT:
        return "a moderation's answer text is missing or too long"
    if not _marks_ok(record.get("rubric"), maxima, points_required=True):
        return "a moderation's rubric mark is not a whole number within the maximum"
    if not _marks_ok(record.get("tutor"), maxima, points_required=False):
        return "a moderation's tutor's mark is not a whole number within the maximum"
    try:
        check_reason(record.get("reason"))
    except ModerationError:
        return "a moderation's reason is not one line of text"
    claim = record.get("claim")
    if claim is not None and not (
        isinstance(claim, dict)
        and is_count(claim.get("point"))
        and claim["point"] < len(maxima)
        and claim.get("decision") in DECISIONS
        and isinstance(claim.get("reason"), str)
        and len(claim["reason"]) <= MAX_CLAIM
    ):
        return "a moderation's claim is not a point, a reason and accept or refuse"
    return ""


def clean_moderation(record: dict) -> dict:
    """Only the fields a moderation has (call after moderation_problem found nothing)."""
    kept = {k: record[k] for k in ("time", "answer_text", "maximum", "point_maxima", "reason")}
    kept["rubric"] = marking(record["rubric"]["points"])
    points = record["tutor"].get("points")
    kept["tutor"] = marking(points) if points is not None else {"total": record["tutor"]["total"], "points": None}
    kept["marker"] = "tutor"
    if record.get("claim") is not None:
        kept["claim"] = {k: record["claim"][k] for k in ("point", "reason", "decision")}
    return kept


def claim_problem(record: Any) -> str:
    """What is wrong with one stored claim ("" if nothing)."""
    if not isinstance(record, dict):
        return "a claim is not a set of fields"
    if not is_time(record.get("time")):
        return "a claim has no valid time"
    maxima = record.get("point_maxima")
    if not isinstance(maxima, list) or not maxima or len(maxima) > 12 or not all(is_count(m) and m > 0 for m in maxima):
        return "a claim's point maxima are not whole numbers"
    if not is_count(record.get("point")) or record["point"] >= len(maxima):
        return "a claim's point is not one of the marking points"
    for name, most in (("reason", MAX_CLAIM), ("answer_text", MAX_TEXT), ("point_text", 300)):
        if not isinstance(record.get(name), str) or len(record[name]) > most:
            return f"a claim's {name.replace('_', ' ')} is not text of a sensible length"
    if not record["reason"].strip():
        return "a claim has no reason"
    if not _marks_ok(record.get("rubric"), maxima, points_required=True):
        return "a claim's rubric mark is not a whole number within the maximum"
    return ""


def clean_claim(record: dict) -> dict:
    """Only the fields a claim has (call after claim_problem found nothing)."""
    kept = {k: record[k] for k in ("time", "point", "point_text", "reason", "answer_text", "point_maxima")}
    kept["rubric"] = marking(record["rubric"]["points"])
    return kept


def record_key(record: dict) -> str:
    """One key per distinct record, for merging the same record read from several files."""
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


def add_claim(claims: list[dict], claim: dict) -> list[dict]:
    """The claims with ``claim`` in place of any earlier one for the same point of the same answer."""
    kept = [
        c for c in claims if not (c["point"] == claim["point"] and same_text(c["answer_text"], claim["answer_text"]))
    ]
    return [*kept, claim]


def withdraw_claim(claims: list[dict], point: int, answer_text: str) -> list[dict]:
    """The claims without the learner's claim for ``point`` of this answer."""
    return [c for c in claims if not (c["point"] == point and same_text(c["answer_text"], answer_text))]


def merge_records(ours: list[dict], theirs: list[dict]) -> list[dict]:
    """Both lists, each record once, oldest first."""
    seen = {record_key(r) for r in ours}
    merged = list(ours)
    for record in theirs:
        if record_key(record) not in seen:
            merged.append(record)
            seen.add(record_key(record))
    return sorted(merged, key=lambda r: r["time"])


# --------------------------------------------------------------------------- the tutor's moderation file (bytes and plain data)

FILE_FORMAT = "after-sales-lessons-moderations"
FILE_VERSION = 1
#: A moderation file larger than this is refused.
MAX_FILE_BYTES = 4 * 1024 * 1024
#: The most moderations one file may hold.
MAX_ENTRIES = 5000


def empty_file() -> dict:
    """A moderation file with no decisions yet."""
    return {"format": FILE_FORMAT, "version": FILE_VERSION, "moderations": []}


def validate_file(data: Any) -> tuple[dict, list[str]]:
    """Check a parsed moderation file: the usable entries and a note per skipped one; raises ModerationError."""
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
        raise ModerationError(f'it is not a moderation file (its format is not "{FILE_FORMAT}")')
    version = data.get("version")
    if not is_count(version):
        raise ModerationError("its version is not a whole number")
    if version > FILE_VERSION:
        raise ModerationError(f"it was written by a newer version of the lessons (moderation file version {version})")
    entries = data.get("moderations")
    if not isinstance(entries, list):
        raise ModerationError("its moderations are not a list")
    notes: list[str] = []
    document = empty_file()
    for number, entry in enumerate(entries[:MAX_ENTRIES], start=1):
        if not isinstance(entry, dict):
            notes.append(f"Skipped moderation {number}: it is not a set of fields.")
            continue
        learner, activity = entry.get("learner"), entry.get("activity")
        if (
            not isinstance(learner, str)
            or not isinstance(activity, str)
            or not activity
            or len(learner + activity) > 400
        ):
            notes.append(f"Skipped moderation {number}: it needs a learner name and an activity id.")
            continue
        problem = moderation_problem(entry.get("moderation"))
        if problem:
            notes.append(f"Skipped moderation {number}: {problem}.")
            continue
        document["moderations"].append(
            {"learner": learner, "activity": activity, "moderation": clean_moderation(entry["moderation"])}
        )
    if len(entries) > MAX_ENTRIES:
        notes.append(f"Only the first {MAX_ENTRIES} moderations were read.")
    return document, notes


def parse_file(raw: bytes) -> tuple[dict, list[str]]:
    """Parse and check the bytes of a moderation file; raises ModerationError."""
    if len(raw) > MAX_FILE_BYTES:
        raise ModerationError("it is too big")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ModerationError("it is not readable JSON text") from None
    return validate_file(data)


def serialise_file(document: dict) -> bytes:
    """The bytes of a moderation file: readable, stable JSON."""
    return (json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def add_to_file(document: dict, learner: str, activity: str, moderation: dict) -> dict:
    """The moderation file with one more decision (a copy; the same decision twice is kept once)."""
    entry = {"learner": learner, "activity": activity, "moderation": moderation}
    entries = [e for e in document["moderations"] if record_key(e) != record_key(entry)]
    return {**document, "moderations": [*entries, entry]}
