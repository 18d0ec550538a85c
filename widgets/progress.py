"""The learner's progress store: one small JSON file on the learner's own machine.

Nothing is sent anywhere. The file lives in ``~/.after-sales-lessons/progress.json``
unless ``AFTER_SALES_PROGRESS`` names another file (tests and shared classroom PCs
use this). Writes are atomic (write a temporary file, then rename) so a crash or
a full disk never leaves a half-written file. A store that cannot be read or
written never stops a lesson: the activity still works, only unsaved.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path


def progress_path() -> Path:
    """Where progress is kept."""
    override = os.environ.get("AFTER_SALES_PROGRESS")
    return Path(override) if override else Path.home() / ".after-sales-lessons" / "progress.json"


def load_progress(path: Path | None = None) -> dict[str, dict]:
    """All recorded activities by id; an unreadable or corrupt file reads as empty."""
    path = path or progress_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def record_attempt(task_id: str, score: int, maximum: int, path: Path | None = None, response: str | None = None) -> bool:
    """Record one checked attempt (and a written answer, if any); False if it cannot be saved."""
    path = path or progress_path()
    data = load_progress(path)
    entry = data.get(task_id) if isinstance(data.get(task_id), dict) else {}
    best = entry.get("best", 0) if isinstance(entry.get("best"), int) else 0
    if entry.get("maximum") != maximum:
        best = 0  # scored out of a different maximum (the activity or its scoring rule changed): start afresh
    attempts = entry.get("attempts", 0) if isinstance(entry.get("attempts"), int) else 0
    data[task_id] = {
        "attempts": attempts + 1,
        "best": max(best, score),
        "maximum": maximum,
        "last": score,
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    if response is not None:
        data[task_id]["response"] = response
    elif isinstance(entry.get("response"), str):
        data[task_id]["response"] = entry["response"]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".progress-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=2, sort_keys=True)
        os.replace(temporary, path)
    except OSError:
        return False
    return True


def saved_response(task_id: str, path: Path | None = None) -> str:
    """The written answer last saved for ``task_id`` ("" if none), so a restart loses nothing."""
    entry = load_progress(path).get(task_id)
    response = entry.get("response") if isinstance(entry, dict) else None
    return response if isinstance(response, str) else ""


def progress_summary(path: Path | None = None) -> str:
    """A plain-text table of every recorded activity, for revision."""
    data = load_progress(path)
    if not data:
        return "No activities checked yet."
    lines = [f"{'activity':32} {'best':>9} {'attempts':>9}"]
    for task_id in sorted(data):
        entry = data[task_id]
        lines.append(f"{task_id:32} {entry.get('best', 0):>4} / {entry.get('maximum', 0):<2} {entry.get('attempts', 0):>9}")
    return "\n".join(lines)
