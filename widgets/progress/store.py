"""The learner's progress store: one small JSON file on the learner's own machine.

Nothing is sent anywhere. The file lives in ``~/.after-sales-lessons/progress.json``
unless ``AFTER_SALES_PROGRESS`` names another file (tests, shared classroom PCs and
JupyterHub use this). Its format is documented in ``widgets/progress/PROGRESS.md``.

How the store keeps work safe:

- Every change is a read-modify-write under a file lock (``progress.json.lock``,
  from the ``filelock`` library: ``fcntl`` on Linux and macOS, ``msvcrt`` on Windows),
  so several kernels writing at once never lose each other's attempts.
- A change is written to a temporary file in the same folder and moved over the
  store in one step (``os.replace``), so a crash never leaves a half-written file.
  Temporary files left by a writer that was killed are removed by the next writer:
  it holds the lock, so no live writer can own one.
- A file that cannot be read (cut short, hand-edited, far too big or too deeply
  nested) is never overwritten: it is moved aside as a dated backup and the learner
  is told in one sentence where it went. Entries with wrong types are skipped with a
  note, and the original file is kept as a backup before the cleaned one replaces it.
- Only regular files are read (a FIFO or a link to a device is refused at once).
- A store that cannot be written never stops a lesson: the activity still works and
  says once that its progress is not being saved.
- In a kernel, an activity's Check shows its feedback first and saves right after
  (:func:`save_after_reply`), with the same lock and the same atomic write, so the
  learner does not wait for the disk; a save that fails is still said in the activity.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from filelock import FileLock, Timeout

from ..tutor import moderation_records as moderation
from .schema import (  # noqa: F401 - the format's names are part of this module's interface
    FORMAT,
    MAX_REVIEWS,
    MAX_ANSWER_CHARS,
    MAX_ANSWER_DEPTH,
    MAX_ATTEMPTS,
    MAX_FILE_BYTES,
    MAX_TEXT,
    VERSION,
    ProgressFileError,
    add_attempt,
    bound_size,
    clean_answer,
    empty_document,
    merge_documents,
    now,
    parse_document,
    serialise,
    summarise,
    too_big,
    validate_document,
)

#: Seconds to wait for another kernel to finish saving (a save takes milliseconds; a loaded machine can be slow).
LOCK_TIMEOUT = 60.0


def progress_path() -> Path:
    """Where progress is kept."""
    override = os.environ.get("AFTER_SALES_PROGRESS")
    return Path(override) if override else Path.home() / ".after-sales-lessons" / "progress.json"


# --------------------------------------------------------------------------- reading the file


@dataclass
class ReadResult:
    """What reading the store found: the usable document and anything the learner should know."""

    document: dict
    notes: list[str] = field(default_factory=list)
    #: The file's bytes, when they were read.
    raw: bytes | None = None
    #: Why the whole file cannot be used ("" when it can).
    damaged: str = ""
    #: Why the store must not be written at all (a FIFO, a device, a newer format).
    refuse: str = ""


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes, None if there is no file; raises ProgressFileError for anything but a small regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)  # O_NONBLOCK: opening a FIFO must not wait for a writer
    except FileNotFoundError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise IsADirectoryError(f"{path} is not an ordinary file")
        if info.st_size > MAX_FILE_BYTES:
            raise ProgressFileError(too_big(info.st_size))
        raw = stream.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise ProgressFileError("it is too big")
    return raw


def read_progress_file(path: Path) -> tuple[dict, list[str]]:
    """Read one progress file someone handed over (e.g. a learner's export); raises ProgressFileError."""
    try:
        raw = _read_bytes(path)
    except IsADirectoryError:
        raise ProgressFileError("it is not an ordinary file") from None
    except OSError as error:
        raise ProgressFileError(f"it cannot be read ({error.strerror or error})") from None
    if raw is None:
        raise ProgressFileError("it does not exist")
    document, notes = parse_document(raw)
    if "format" not in json.loads(raw):
        raise ProgressFileError('it is not an exported progress file (it has no "format" field)')
    return document, notes


def read_store(path: Path) -> ReadResult:
    """Read and validate the store at ``path`` without changing anything."""
    try:
        raw = _read_bytes(path)
    except IsADirectoryError:
        return ReadResult(empty_document(), refuse=f"{path} is not an ordinary file")
    except ProgressFileError as error:
        return ReadResult(empty_document(), damaged=str(error))
    except OSError as error:
        return ReadResult(empty_document(), refuse=f"{path} cannot be read ({error.strerror or error})")
    if raw is None:
        return ReadResult(empty_document())
    try:
        document, notes = parse_document(raw)
    except ProgressFileError as error:
        if "newer version" in str(error):
            return ReadResult(empty_document(), raw=raw, refuse=f"{path} {str(error).removeprefix('it ')}")
        return ReadResult(empty_document(), raw=raw, damaged=str(error))
    return ReadResult(document, notes, raw=raw)


# --------------------------------------------------------------------------- writing the file


@dataclass
class SaveOutcome:
    """The result of a change to the store; true when it was saved."""

    saved: bool
    #: Sentences for the learner: a backup made, entries skipped, or why nothing was saved.
    notes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.saved


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _backup_path(path: Path, kind: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.{kind}-{stamp}{path.suffix}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.{kind}-{stamp}-{number}{path.suffix}")
        number += 1
    return candidate


def remove_orphans(path: Path) -> int:
    """Delete temporary files left by writers that died mid-save; call only while holding the lock."""
    removed = 0
    try:
        candidates = list(path.parent.glob(_temp_prefix(path) + "*.tmp"))
    except OSError:
        return 0
    for candidate in candidates:
        try:
            candidate.unlink()
            removed += 1
        except OSError:
            pass  # on Windows a file another program holds open cannot be deleted; the next writer tries again
    return removed


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path), suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _lock(path: Path) -> FileLock:
    """The store's lock; raises OSError at once when the lock file cannot be created.

    filelock retries some errors (such as ENOENT) until its timeout, so a folder that
    can never hold the lock file is found out here first instead of after a minute.
    """
    lock_path = str(path) + ".lock"
    if not os.path.exists(lock_path):
        os.close(os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644))
    return FileLock(lock_path, timeout=LOCK_TIMEOUT)


def _cannot_save(path: Path, reason: str) -> SaveOutcome:
    return SaveOutcome(
        False,
        [
            f"Your progress is not being saved ({reason}); the activity still works, and My progress can download what is saved."
        ],
    )


def update_store(change: Callable[[dict], dict], path: Path | None = None) -> SaveOutcome:
    """Apply ``change`` to the stored document under the lock and save it atomically."""
    path = path or progress_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _lock(path):
            return _update_locked(change, path)
    except Timeout:
        return _cannot_save(path, "another program has held the progress file for too long")
    except OSError as error:
        return _cannot_save(path, f"{path.parent} cannot be written: {error.strerror or error}")


def _update_locked(change: Callable[[dict], dict], path: Path) -> SaveOutcome:
    found = read_store(path)
    if found.refuse:
        return _cannot_save(path, found.refuse)
    notes = []
    if found.damaged:
        backup = _backup_path(path, "damaged")
        os.replace(path, backup)
        notes.append(
            f"Your progress file could not be read ({found.damaged}), so it was moved to {backup} and a new one was started."
        )
    elif found.notes:
        backup = _backup_path(path, "before-repair")
        _write_atomically(backup, found.raw or b"")
        notes.append(
            f"Some entries in your progress file could not be used and were left out; the original is kept at {backup}."
        )
    document = bound_size(change(found.document))
    _write_atomically(path, serialise(document))
    remove_orphans(path)
    return SaveOutcome(True, notes)


# --------------------------------------------------------------------------- saving after the reply

#: Saves asked for with save_after_reply that have not run yet, oldest first.
_WAITING: list[tuple[Callable[[], SaveOutcome], Callable[[SaveOutcome], None]]] = []


def save_after_reply(save: Callable[[], SaveOutcome], then: Callable[[SaveOutcome], None]) -> None:
    """Run ``save()`` once the kernel has sent its reply to what the learner did, then ``then(outcome)``.

    In a kernel (a running asyncio loop) the learner's feedback has already gone out when
    the handler returns; the save runs on the loop's next turn, on the same thread and in
    the order asked, before the kernel reads the learner's next message. The save itself is
    unchanged (locked, atomic, fsynced). Saves still waiting when Python exits are run then.
    Without a running loop (a script, a unit test) it saves at once.
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    _WAITING.append((save, then))
    if loop is None:
        _run_waiting()
    else:
        loop.call_soon(_run_waiting)


def run_waiting_saves() -> None:
    """Run every save still queued by :func:`save_after_reply` now (the kernel is being stopped)."""
    _run_waiting()


def _run_waiting() -> None:
    while _WAITING:
        save, then = _WAITING.pop(0)
        try:
            outcome = save()
        except Exception as error:  # a save must never stop the ones queued behind it
            outcome = _cannot_save(progress_path(), f"saving failed: {error}")
        try:
            then(outcome)
        except Exception:  # telling the learner must not stop the next save either
            pass


atexit.register(_run_waiting)


def load_document(path: Path | None = None) -> ReadResult:
    """The stored document and notes, read under the lock when the lock can be taken."""
    path = path or progress_path()
    try:
        with _lock(path):
            return read_store(path)
    except (Timeout, OSError):
        return read_store(path)  # a read-only folder cannot hold a lock file; reading is still safe


# --------------------------------------------------------------------------- what activities call


def record_attempt(
    task_id: str,
    score: int,
    maximum: int,
    path: Path | None = None,
    response: str | None = None,
    *,
    answer: dict | None = None,
    kind: str = "",
    solution_shown: bool = False,
    points: list[int] | None = None,
) -> SaveOutcome:
    """Record one checked attempt (with the learner's answer, and a written answer's marks per point)."""
    answer = dict(answer or {})
    if response is not None:
        answer.setdefault("text", response)
    attempt = {
        "time": now(),
        "score": max(0, int(score)),
        "maximum": max(0, int(maximum)),
        "solution_shown": bool(solution_shown),
    }
    attempt["score"] = min(attempt["score"], attempt["maximum"])
    if points is not None and sum(points) == attempt["score"]:
        attempt["points"] = [max(0, int(p)) for p in points]
    kept = clean_answer(answer)
    if kept is not None:
        attempt["answer"] = kept
    return update_store(lambda document: add_attempt(document, task_id, attempt, kind), path)


def save_draft(task_id: str, answer: dict, path: Path | None = None, *, kind: str = "") -> SaveOutcome:
    """Keep the learner's latest unchecked answer (e.g. text still being written) for resuming."""
    kept = clean_answer(answer)
    if kept is None:
        return SaveOutcome(False, ["That answer is too large to keep."])

    def change(document: dict) -> dict:
        activity = document["activities"].setdefault(task_id, {"kind": kind, "attempts": []})
        activity["draft"] = {"time": now(), "answer": kept}
        activity.pop("fresh", None)
        return document

    return update_store(change, path)


def start_again(task_id: str, path: Path | None = None) -> SaveOutcome:
    """Mark ``task_id`` to open fresh next time (its recorded attempts stay for the tutor)."""

    def change(document: dict) -> dict:
        activity = document["activities"].get(task_id)
        if activity is not None:
            activity.pop("draft", None)
            activity["fresh"] = True
        return document

    return update_store(change, path)


def record_claim(task_id: str, claim: dict, path: Path | None = None, *, kind: str = "written") -> SaveOutcome:
    """Keep the learner's "I did cover this" (a claim made by :func:`widgets.tutor.moderation.make_claim`)."""

    def change(document: dict) -> dict:
        activity = document["activities"].setdefault(task_id, {"kind": kind, "attempts": []})
        activity["claims"] = moderation.add_claim(activity.get("claims", []), claim)[-MAX_REVIEWS:]
        return document

    return update_store(change, path)


def withdraw_claim(task_id: str, point: int, answer_text: str, path: Path | None = None) -> SaveOutcome:
    """Remove the learner's claim for ``point`` of this answer."""

    def change(document: dict) -> dict:
        activity = document["activities"].get(task_id)
        if activity is not None and "claims" in activity:
            activity["claims"] = moderation.withdraw_claim(activity["claims"], point, answer_text)
            if not activity["claims"]:
                del activity["claims"]
        return document

    return update_store(change, path)


def record_moderation(task_id: str, record: dict, path: Path | None = None, *, kind: str = "written") -> SaveOutcome:
    """Keep a tutor's mark for one answer (made by :func:`widgets.tutor.moderation.moderate`), beside the rubric's."""

    def change(document: dict) -> dict:
        activity = document["activities"].setdefault(task_id, {"kind": kind, "attempts": []})
        activity["moderations"] = moderation.merge_records(activity.get("moderations", []), [record])[-MAX_REVIEWS:]
        return document

    return update_store(change, path)


def reviews(task_id: str, path: Path | None = None) -> tuple[list[dict], list[dict]]:
    """The learner's claims and the tutor's moderations kept for ``task_id``, oldest first."""
    activity = load_document(path).document["activities"].get(task_id) or {}
    return list(activity.get("claims", [])), list(activity.get("moderations", []))


def last_answer(task_id: str, path: Path | None = None) -> dict | None:
    """The answer to show when ``task_id`` is opened again: its draft, else its last attempt's answer."""
    activity = load_document(path).document["activities"].get(task_id)
    if not activity or activity.get("fresh"):
        return None
    if "draft" in activity:
        return activity["draft"]["answer"]
    for attempt in reversed(activity["attempts"]):
        if "answer" in attempt:
            return attempt["answer"]
    return None


def load_progress(path: Path | None = None) -> dict[str, dict]:
    """Every recorded activity by id, summarised (attempts, best, last, maximum, when, response)."""
    return {task_id: summarise(activity) for task_id, activity in load_document(path).document["activities"].items()}


def saved_response(task_id: str, path: Path | None = None) -> str:
    """The written answer last saved for ``task_id`` ("" if none), so a restart loses nothing."""
    answer = last_answer(task_id, path) or {}
    return answer["text"] if isinstance(answer.get("text"), str) else ""


def progress_summary(path: Path | None = None) -> str:
    """A plain-text table of every recorded activity, for revision, with any problem found in the file."""
    found = load_document(path)
    lines = []
    if found.damaged:
        lines.append(
            f"Your progress file could not be read ({found.damaged}); it will be kept as a backup the next time you press Check."
        )
    if found.refuse:
        lines.append(f"Your progress cannot be used: {found.refuse}.")
    lines += found.notes
    data = {task_id: summarise(activity) for task_id, activity in found.document["activities"].items()}
    if not data:
        return "\n".join(lines + ["No activities checked yet."])
    lines.append(f"{'activity':32} {'best':>9} {'attempts':>9}")
    for task_id in sorted(data):
        entry = data[task_id]
        lines.append(f"{task_id:32} {entry['best']:>4} / {entry['maximum']:<2} {entry['attempts']:>9}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- export and import


def export_progress(path: Path | None = None) -> bytes:
    """The learner's progress as the bytes of a JSON file to download (an empty store if none)."""
    return serialise(load_document(path).document)


@dataclass
class ImportOutcome:
    """What happened to an imported file: accepted or not, and a message for the learner."""

    accepted: bool
    message: str
    added: int = 0
    notes: list[str] = field(default_factory=list)


def import_progress(raw: bytes, path: Path | None = None) -> ImportOutcome:
    """Merge an exported progress file into the store; untrusted bytes, validated and never executed."""
    if not isinstance(raw, (bytes, bytearray)):
        return ImportOutcome(False, "Nothing was imported: no file was received.")
    if _is_moderation_file(bytes(raw)):
        return _import_moderations(bytes(raw), path)
    try:
        incoming, notes = parse_document(bytes(raw))
    except ProgressFileError as error:
        return ImportOutcome(False, f"Nothing was imported: the file cannot be used because {error}.")
    counted = {}

    def change(document: dict) -> dict:
        merged, counted["added"] = merge_documents(document, incoming)
        return merged

    saved = update_store(change, path)
    if not saved:
        return ImportOutcome(False, "Nothing was imported. " + " ".join(saved.notes), notes=notes + saved.notes)
    added = counted["added"]
    message = f"Imported: {added} attempt{'s' if added != 1 else ''} added, across {len(incoming['activities'])} activities; nothing you had was removed."
    if notes:
        message += f" {len(notes)} damaged entr{'ies were' if len(notes) != 1 else 'y was'} left out."
    return ImportOutcome(True, message, added, notes + saved.notes)


def _is_moderation_file(raw: bytes) -> bool:
    try:
        return json.loads(raw.decode("utf-8")).get("format") == moderation.FILE_FORMAT
    except (UnicodeDecodeError, ValueError, AttributeError, RecursionError):
        return False


def _import_moderations(raw: bytes, path: Path | None) -> ImportOutcome:
    """Add the tutor's marks from a moderation file: those for this learner (by name), or all if it names one learner."""
    try:
        incoming, notes = moderation.parse_file(raw)
    except moderation.ModerationError as error:
        return ImportOutcome(False, f"Nothing was imported: the file cannot be used because {error}.")
    counted = {"added": 0, "matched": 0}

    def change(document: dict) -> dict:
        learner = " ".join(document.get("learner", "").split())
        names = {e["learner"] for e in incoming["moderations"]}
        counted["matched"] = learner in names or len(names) == 1
        mine = [e for e in incoming["moderations"] if e["learner"] == learner or len(names) == 1]
        for entry in mine:
            activity = document["activities"].setdefault(entry["activity"], {"kind": "written", "attempts": []})
            before = len(activity.get("moderations", []))
            activity["moderations"] = moderation.merge_records(activity.get("moderations", []), [entry["moderation"]])
            counted["added"] += len(activity["moderations"]) - before
        return document

    saved = update_store(change, path)
    if not saved:
        return ImportOutcome(False, "Nothing was imported. " + " ".join(saved.notes), notes=notes + saved.notes)
    added = counted["added"]
    message = f"Imported your tutor's marks: {added} added; nothing you had was removed."
    if not added:
        message = "Nothing new was imported: the file has no tutor's marks for you that are not here already."
    if not counted["matched"]:
        message = (
            "Nothing was imported: your tutor's file holds marks for several learners and none under your name. "
            "Type your name as your tutor has it, then restore the file again."
        )
    return ImportOutcome(bool(counted["matched"]), message, added, notes + saved.notes)


def save_moderation(path: Path, learner: str, activity: str, record: dict) -> SaveOutcome:
    """Add one decision to the tutor's moderation file at ``path`` (locked, atomic; a damaged file is kept aside)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _lock(path):
            notes = []
            try:
                raw = _read_bytes(path)
                document = moderation.parse_file(raw)[0] if raw is not None else moderation.empty_file()
            except (moderation.ModerationError, ProgressFileError, IsADirectoryError) as error:
                if path.is_dir():
                    return SaveOutcome(False, [f"Not saved: {path} is a folder."])
                backup = _backup_path(path, "damaged")
                os.replace(path, backup)
                notes.append(f"The moderation file could not be read ({error}), so it was moved to {backup}.")
                document = moderation.empty_file()
            document = moderation.add_to_file(document, learner, activity, record)
            _write_atomically(path, moderation.serialise_file(document))
            remove_orphans(path)
            return SaveOutcome(True, notes)
    except Timeout:
        return SaveOutcome(False, ["Not saved: another program has held the moderation file for too long."])
    except OSError as error:
        return SaveOutcome(False, [f"Not saved: {path.parent} cannot be written ({error.strerror or error})."])
