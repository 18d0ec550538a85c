"""Moderations read from many files and merged, and marking-corpus cases made from them.

The records themselves (a tutor's mark, a learner's claim, a decision) and the tutor's moderation
file as bytes are made and checked in ``widgets/tutor/moderation_records.py``, which the progress
store uses too. This module reads and writes plain data and, in :func:`read_files` and
:func:`add_corpus_cases` (``after-sales moderation``), files: learners' progress files through
the progress store, and tutors' moderation files.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..progress.store import ProgressFileError, read_progress_file
from .moderation_records import (
    FILE_FORMAT,
    MAX_FILE_BYTES,
    ModerationError,
    parse_file,
    record_key,
    same_text,
)

# --------------------------------------------------------------------------- merging and what the class overview lists


@dataclass(frozen=True)
class Entry:
    """One moderation with whose answer and which activity it is."""

    learner: str
    activity: str
    moderation: dict


def entries_from_progress(learner: str, document: dict) -> list[Entry]:
    """The moderations kept in one learner's progress document."""
    return [
        Entry(learner, activity_id, record)
        for activity_id, activity in document["activities"].items()
        for record in activity.get("moderations", [])
    ]


def merge_entries(*groups: Iterable[Entry]) -> list[Entry]:
    """Every entry once (the same moderation read from several files is one), oldest first."""
    seen: dict[str, Entry] = {}
    for group in groups:
        for entry in group:
            seen.setdefault(record_key({"l": entry.learner, "a": entry.activity, "m": entry.moderation}), entry)
    return sorted(seen.values(), key=lambda e: (e.moderation["time"], e.learner, e.activity))


def current_entries(entries: Iterable[Entry]) -> list[Entry]:
    """The newest moderation of each answer (learner, activity, text): what stands now."""
    latest: dict[tuple[str, str, str], Entry] = {}
    for entry in sorted(entries, key=lambda e: e.moderation["time"]):
        latest[(entry.learner, entry.activity, " ".join(entry.moderation["answer_text"].split()))] = entry
    return list(latest.values())


@dataclass(frozen=True)
class ClaimItem:
    """A learner's claim and, once decided, the tutor's decision."""

    learner: str
    activity: str
    claim: dict
    decision: dict | None = None


def claim_items(learners: Iterable[tuple[str, dict]], entries: Iterable[Entry]) -> list[ClaimItem]:
    """Every learner's claim, each with the newest decision made on it (None while it waits)."""
    entries = list(entries)
    items = []
    for learner, document in learners:
        for activity_id, activity in document["activities"].items():
            for claim in activity.get("claims", []):
                decisions = [
                    e.moderation
                    for e in entries
                    if e.learner == learner
                    and e.activity == activity_id
                    and (e.moderation.get("claim") or {}).get("point") == claim["point"]
                    and same_text(e.moderation["answer_text"], claim["answer_text"])
                ]
                decision = max(decisions, key=lambda m: m["time"]) if decisions else None
                items.append(ClaimItem(learner, activity_id, claim, decision))
    return sorted(items, key=lambda i: (i.decision is not None, i.learner, i.activity, i.claim["point"]))


@dataclass
class ReadFiles:
    """What :func:`read_files` found: moderations and learners' documents, and a sentence per skipped file."""

    entries: list[Entry] = field(default_factory=list)
    learners: list[tuple[str, dict]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def read_files(paths: Iterable[Path | str]) -> ReadFiles:
    """Read progress files and moderation files (told apart by their format); a bad file is skipped with a message."""
    found = ReadFiles()
    groups: list[list[Entry]] = []
    for path in map(Path, paths):
        try:
            if not path.is_file():
                raise ModerationError("it is not an ordinary file")
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ModerationError("it is too big")
            raw = path.read_bytes()
            try:
                is_moderation_file = json.loads(raw.decode("utf-8")).get("format") == FILE_FORMAT
            except (UnicodeDecodeError, ValueError, AttributeError, RecursionError):
                is_moderation_file = False
            if is_moderation_file:
                document, notes = parse_file(raw)
                groups.append([Entry(e["learner"], e["activity"], e["moderation"]) for e in document["moderations"]])
            else:
                document, notes = read_progress_file(path)
                learner = " ".join(document["learner"].split()) or path.stem
                found.learners.append((learner, document))
                groups.append(entries_from_progress(learner, document))
        except (ModerationError, ProgressFileError) as error:
            found.messages.append(f"Skipped {path.name}: {error}.")
            continue
        except OSError as error:
            found.messages.append(f"Skipped {path.name}: it cannot be read ({error.strerror or error}).")
            continue
        if notes:
            found.messages.append(
                f"In {path.name}, {len(notes)} damaged entr{'ies were' if len(notes) != 1 else 'y was'} left out."
            )
    found.entries = merge_entries(*groups)
    return found


# --------------------------------------------------------------------------- corpus cases


def per_mark(points: Sequence[int], point_maxima: Sequence[int]) -> list[int]:
    """Per-point marks as the corpus writes them: one 0-or-1 entry per mark (a 2-mark point is P1 and P2)."""
    return [1 if n < earned else 0 for earned, most in zip(points, point_maxima) for n in range(most)]


def toml_string(text: str) -> str:
    """``text`` as a one-line TOML basic string (every character TOML needs escaped, escaped)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("\x7f", "\\u007f")


def corpus_cases(
    entries: Iterable[Entry], *, taken_ids: Iterable[str] = (), known: Iterable[tuple[str, str]] = ()
) -> tuple[list[dict], list[str]]:
    """Corpus cases from the moderations that stand now: (cases, a sentence per moderation left out).

    One case per answer (the newest moderation of it); an answer already in the corpus for
    the same question (``known``: (question, text) pairs) is left out, and so is a tutor's
    mark given as a total only (a case needs marks per point). Ids are ``<question>/mNN``,
    after any in ``taken_ids``.
    """
    taken = set(taken_ids)
    seen = {(q, " ".join(t.split())) for q, t in known}
    cases, messages = [], []
    for entry in current_entries(entries):
        record = entry.moderation
        text = record["answer_text"]
        key = (entry.activity, " ".join(text.split()))
        if not text.strip():
            messages.append(f"Left out {entry.learner}'s {entry.activity} moderation: the answer is empty.")
            continue
        if key in seen:
            messages.append(f"Left out {entry.learner}'s {entry.activity} moderation: that answer is already a case.")
            continue
        if record["tutor"]["points"] is None:
            messages.append(
                f"Left out {entry.learner}'s {entry.activity} moderation: the tutor's mark is a total only, "
                "and a case needs a mark per point."
            )
            continue
        seen.add(key)
        number = 1
        while f"{entry.activity}/m{number:02d}" in taken:
            number += 1
        case_id = f"{entry.activity}/m{number:02d}"
        taken.add(case_id)
        cases.append(
            {
                "id": case_id,
                "question": entry.activity,
                "kind": "moderated",
                "text": text,
                "points": per_mark(record["tutor"]["points"], record["point_maxima"]),
                "total": record["tutor"]["total"],
                "note": record["reason"],
                "marker": "tutor",
            }
        )
    return cases, messages


def cases_toml(cases: Sequence[dict]) -> tuple[str, str]:
    """The cases as TOML text: the ``[[answer]]`` tables and the ``[[mark]]`` tables, in the corpus format."""
    answers, marks = [], []
    for case in cases:
        answers.append(
            "[[answer]]\n"
            f"id = {toml_string(case['id'])}\n"
            f"question = {toml_string(case['question'])}\n"
            'kind = "moderated"\n'
            f"text = {toml_string(case['text'])}\n"
        )
        marks.append(
            "[[mark]]\n"
            f"id = {toml_string(case['id'])}\n"
            f"points = [{', '.join(str(p) for p in case['points'])}]\n"
            f"total = {case['total']}\n"
            f"note = {toml_string(case['note'])}\n"
            'marker = "tutor"\n'
        )
    return "\n".join(answers), "\n".join(marks)


ANSWERS_FILE = "moderated-answers.toml"
MARKS_FILE = "moderated-marks.toml"
HEADER = '# Written answers a tutor moderated (kind "moderated", marker "tutor"): made by `after-sales moderation`.\n\n'


def _corpus_so_far(folder: Path) -> tuple[set[str], set[tuple[str, str]]]:
    ids, known = set(), set()
    for name in ("answers.toml", ANSWERS_FILE):
        path = folder / name
        if path.is_file():
            for answer in tomllib.loads(path.read_text(encoding="utf-8")).get("answer", []):
                ids.add(answer.get("id", ""))
                known.add((answer.get("question", ""), answer.get("text", "")))
    return ids, known


def _append(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.is_file() else HEADER
    path.write_text(old.rstrip("\n") + "\n\n" + text, encoding="utf-8")


def add_corpus_cases(found: ReadFiles, out: Path) -> tuple[list[dict], list[str]]:
    """Add the moderations in ``found`` that are not cases yet to the corpus folder ``out``: (cases added, messages).

    Nothing already in ``out`` is changed; raises OSError or TOMLDecodeError when ``out`` cannot be used.
    """
    out.mkdir(parents=True, exist_ok=True)
    ids, known = _corpus_so_far(out)
    cases, messages = corpus_cases(found.entries, taken_ids=ids, known=known)
    if cases:
        answers, marks = cases_toml(cases)
        _append(out / ANSWERS_FILE, answers)
        _append(out / MARKS_FILE, marks)
    return cases, messages


# --------------------------------------------------------------------------- what the class overview's board lists


def answer_items(learners: Iterable[tuple[str, dict]], point_maxima: dict[str, list[int]]) -> list[dict]:
    """Each learner's last checked written answer (with its rubric marks per point), for the tutor to moderate.

    ``point_maxima`` gives each written question's marks per point (from the content); an answer
    whose recorded marks per point do not fit them (the rubric changed, or a file from before
    version 3) is listed with ``rubric_points`` None, to be marked as a total only.
    """
    items = []
    for learner, document in learners:
        for activity_id, activity in sorted(document["activities"].items()):
            maxima = point_maxima.get(activity_id)
            if activity.get("kind") != "written" or not maxima:
                continue
            attempt = next(
                (a for a in reversed(activity["attempts"]) if isinstance(a.get("answer", {}).get("text"), str)), None
            )
            if attempt is None:
                continue
            points = attempt.get("points")
            fits = (
                isinstance(points, list) and len(points) == len(maxima) and all(p <= m for p, m in zip(points, maxima))
            )
            items.append(
                {
                    "learner": learner,
                    "activity": activity_id,
                    "answer_text": attempt["answer"]["text"],
                    "point_maxima": list(maxima),
                    "rubric_points": list(points) if fits else None,
                    "rubric_total": attempt["score"],
                }
            )
    return items
