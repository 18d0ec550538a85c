"""The class overview's moderation board: learners' claims to accept or refuse, and answers to re-mark.

Built from a folder of exported progress files (``widgets/tutor/class_overview.py`` reads them) and
the tutor's own moderation file, where every decision is saved at once (locked, atomic). The
tutor sends that file back to the class; a learner imports it on My progress and then sees both
marks under the answer. The logic is in ``widgets/tutor/moderation_records.py`` and
``widgets/tutor/moderation_files.py``; ``static/moderation.js`` only draws.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ..progress import store as progress
from . import moderation_files
from . import moderation_records as records
from .._base import ShowsWhenNotRunning, acknowledge, front_end
from .class_overview import read_class_folder
from ..content import ContentError, find_task, load_kind

#: The tutor's moderation file, beside the class folder (never in it: the folder holds learners' files).
DEFAULT_FILE_NAME = "moderations.json"


def _written_points() -> dict[str, tuple[list[int], list[str]]]:
    """Each written question's marks per point and the points' texts, from the content."""
    return {
        spec.id: ([p.marks for p in spec.points], [p.text for p in spec.points])
        for spec in load_kind("written").values()
    }


def _rubric_line(total: int, maximum: int) -> str:
    return f"Rubric mark {total} of {maximum}"


class ModerationBoard(ShowsWhenNotRunning, anywidget.AnyWidget):
    """Claims to accept or refuse and answers to re-mark, each with a one-line reason; saved to the tutor's file."""

    _esm = front_end("moderation")  # its style sheet travels in the module (front_end says why)

    items = traitlets.List(help="What the tutor can decide: claims first, then answers.").tag(sync=True)
    status = traitlets.Dict(help="Item key -> what happened to the last decision on it.").tag(sync=True)
    messages = traitlets.List(traitlets.Unicode(), help="Files skipped while reading, in words.").tag(sync=True)
    file_note = traitlets.Unicode("", help="Where decisions are saved.").tag(sync=True)
    announcement = traitlets.Unicode("", help="Text for screen readers (aria-live).").tag(sync=True)

    def __init__(self, folder: Path | str, *, moderation_file: Path | str | None = None, **kwargs: Any):
        self._folder = Path(folder)
        self._file = Path(moderation_file) if moderation_file else self._folder.parent / DEFAULT_FILE_NAME
        try:
            self._content = _written_points()
            content_problem = []
        except ContentError as error:
            self._content = {}
            content_problem = [f"The written questions in data/ have problems, so no answers are listed: {error}"]
        super().__init__(file_note=f"Decisions are saved in {self._file}; send that file to the class.", **kwargs)
        self._content_problem = content_problem
        self.on_msg(self._on_front_end_message)
        self.refresh()

    def __repr__(self) -> str:
        claims = sum(1 for i in self.items if i["type"] == "claim")
        return f"ModerationBoard({claims} claims, {len(self.items) - claims} answers)"

    @property
    def moderation_file(self) -> Path:
        """The tutor's moderation file."""
        return self._file

    def refresh(self) -> None:
        """Read the class folder and the moderation file again and list what there is to decide."""
        overview = read_class_folder(self._folder)
        learners = [(learner.name, learner.document) for learner in overview.learners]
        found = moderation_files.read_files([self._file]) if self._file.is_file() else moderation_files.ReadFiles()
        entries = moderation_files.merge_entries(
            found.entries, *(moderation_files.entries_from_progress(name, doc) for name, doc in learners)
        )
        self._entries = entries
        self.messages = self._content_problem + overview.messages + found.messages
        items: list[dict] = []
        self._claims, self._answers = {}, {}
        for item in moderation_files.claim_items(learners, entries):
            claim = item.claim
            maximum = sum(claim["point_maxima"])
            decided = records.moderation_line(item.decision) if item.decision else ""
            key = f"claim|{item.learner}|{item.activity}|{claim['point']}|{claim['time']}"
            self._claims[key] = item
            items.append(
                {
                    "type": "claim",
                    "key": key,
                    "learner": item.learner,
                    "activity": item.activity,
                    "heading": f"{item.learner}, {item.activity}: claims marking point {claim['point'] + 1}",
                    "point_text": claim["point_text"],
                    "answer_text": claim["answer_text"],
                    "claim_reason": claim["reason"],
                    "rubric_line": _rubric_line(claim["rubric"]["total"], maximum),
                    "decided": decided,
                }
            )
        maxima = {qid: marks for qid, (marks, _texts) in self._content.items()}
        for answer in moderation_files.answer_items(learners, maxima):
            latest = records.latest_for(
                [e.moderation for e in entries if (e.learner, e.activity) == (answer["learner"], answer["activity"])],
                answer["answer_text"],
            )
            texts = self._content[answer["activity"]][1]
            if answer["rubric_points"] is None:
                answer["rubric_points"] = self._rescore(answer)
            key = f"answer|{answer['learner']}|{answer['activity']}"
            self._answers[key] = answer
            items.append(
                {
                    "type": "answer",
                    "key": key,
                    "learner": answer["learner"],
                    "activity": answer["activity"],
                    "heading": f"{answer['learner']}, {answer['activity']}: written answer",
                    "answer_text": answer["answer_text"],
                    "rubric_line": _rubric_line(answer["rubric_total"], sum(answer["point_maxima"])),
                    "points": [
                        {
                            "text": text,
                            "maximum": most,
                            "rubric": answer["rubric_points"][n],
                        }
                        for n, (text, most) in enumerate(zip(texts, answer["point_maxima"]))
                    ],
                    "decided": records.moderation_line(latest) if latest else "",
                }
            )
        self.items = items

    # ------------------------------------------------------------------ decisions

    def _on_front_end_message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict):
            return
        try:
            if content.get("action") == "decide":
                self.decide(content.get("key"), content.get("decision"), content.get("reason"))
            elif content.get("action") == "moderate":
                self.moderate(
                    content.get("key"), content.get("points"), content.get("reason"), total=content.get("total")
                )
        finally:
            acknowledge(self, content.get("action"))

    def _tell(self, key: str, text: str) -> None:
        self.status = {**self.status, key: text}
        self.announcement = text

    def _save(self, key: str, learner: str, activity: str, record: dict) -> bool:
        saved = progress.save_moderation(self._file, learner, activity, record)
        if not saved:
            self._tell(key, " ".join(saved.notes))
            return False
        line = records.moderation_line(record).replace("your tutor's mark", "tutor's mark")
        self.refresh()
        self._tell(key, " ".join([f"Saved for {learner}. {line}", *saved.notes]))
        return True

    def decide(self, key: Any, decision: Any, reason: Any) -> bool:
        """Accept or refuse the claim listed as ``key``, with a one-line reason; saved to the moderation file."""
        item = self._claims.get(key) if isinstance(key, str) else None
        if item is None:
            return False
        earlier = records.latest_for(
            [e.moderation for e in self._entries if (e.learner, e.activity) == (item.learner, item.activity)],
            item.claim["answer_text"],
        )
        try:
            record = records.decide_claim(item.claim, decision, reason, earlier=earlier)
        except records.ModerationError as error:
            self._tell(key, f"Not saved: {error}")
            return False
        return self._save(key, item.learner, item.activity, record)

    def moderate(self, key: Any, points: Any, reason: Any, *, total: Any = None) -> bool:
        """Give the answer listed as ``key`` a tutor's mark (per point, or a total) with a one-line reason."""
        answer = self._answers.get(key) if isinstance(key, str) else None
        if answer is None:
            return False
        try:
            record = records.moderate(
                answer_text=answer["answer_text"],
                point_maxima=answer["point_maxima"],
                rubric_points=answer["rubric_points"],
                tutor_points=points if total is None else None,
                tutor_total=total,
                reason=reason,
            )
        except records.ModerationError as error:
            self._tell(key, f"Not saved: {error}")
            return False
        return self._save(key, answer["learner"], answer["activity"], record)

    @staticmethod
    def _rescore(answer: dict) -> list[int]:
        # An answer recorded before marks per point were kept (or under another rubric): marked again now.
        spec, _problems = find_task("written", answer["activity"])
        return [p.marks for p in spec.score(answer["answer_text"]).points]
