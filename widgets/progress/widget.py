"""The My progress panel: download the progress file, and restore it from a file, with one click each.

The kernel does the work (``export_progress`` / ``import_progress``); the front end
(``static/progress.js``) only turns the bytes the kernel sends into a browser download,
and sends the bytes of a file the learner picks. No shell command, no server: it works on
Binder, where the server and its files are deleted at the end of every session.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import anywidget
import traitlets

from . import store as progress
from .._base import front_end


class ProgressPanel(anywidget.AnyWidget):
    """Download my progress / Restore from a file, with a status line read to screen readers."""

    _esm = front_end("progress")  # its style sheet travels in the module (front_end says why)

    status = traitlets.Unicode("", help="The last result in words (downloaded, imported, or why not).").tag(sync=True)
    status_ok = traitlets.Bool(True, help="False when the last action failed.").tag(sync=True)
    learner = traitlets.Unicode("", help="The learner's name as saved in the file (optional, for a tutor).").tag(
        sync=True
    )
    max_bytes = traitlets.Int(progress.MAX_FILE_BYTES, help="Largest file the restore control sends.").tag(sync=True)
    #: Called with the ImportOutcome after a restore (the page can redraw its table).
    on_import = None

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("learner", progress.load_document().document["learner"])
        super().__init__(**kwargs)
        self.on_msg(self._on_front_end_message)

    @traitlets.validate("learner")
    def _valid_learner(self, proposal):
        return " ".join(str(proposal["value"]).split())[:80]

    @traitlets.observe("learner")
    def _save_learner(self, change) -> None:
        saved = progress.update_store(lambda document: {**document, "learner": change["new"]})
        self.status_ok = bool(saved)
        if saved:
            self.status = f"Name saved: {change['new']}." if change["new"] else "Name removed from your progress file."
        else:
            self.status = " ".join(saved.notes)

    def __repr__(self) -> str:
        return "ProgressPanel(download and restore)"

    @property
    def filename(self) -> str:
        """The download's name, dated so that several copies do not overwrite each other."""
        return f"after-sales-progress-{date.today().isoformat()}.json"

    def download(self) -> bytes:
        """Send the progress file to the browser as a download; returns the bytes sent."""
        data = progress.export_progress()
        self.send({"kind": "download", "filename": self.filename}, buffers=[data])
        self.status_ok = True
        self.status = (
            f"Saved as {self.filename} in your browser's downloads. Keep it safe, and use "
            "Restore from a file next time to bring your progress back."
        )
        return data

    def restore(self, data: bytes, name: str = "the file") -> progress.ImportOutcome:
        """Merge ``data`` (an exported progress file) into this machine's progress."""
        outcome = progress.import_progress(data)
        if outcome.accepted:
            self.learner = progress.load_document().document["learner"]  # a restored file may bring the name
        self.status_ok = outcome.accepted
        self.status = f"{name}: {outcome.message}"
        if self.on_import is not None:
            self.on_import(outcome)
        return outcome

    def _on_front_end_message(self, _widget, content, buffers) -> None:
        action = content.get("action") if isinstance(content, dict) else None
        if action == "download":
            self.download()
        elif action == "restore":
            name = content.get("name") if isinstance(content.get("name"), str) else "the file"
            if len(buffers) != 1:
                self.status_ok, self.status = False, "Nothing was imported: no file was received."
                return
            self.restore(bytes(buffers[0]), name[:100])
        elif action == "too_big":
            self.status_ok = False
            self.status = f"Nothing was imported: that file is too big to be a progress file (at most {self.max_bytes // 1024 // 1024} MB)."
