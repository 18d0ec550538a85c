"""A mock assessment in exam mode: no feedback until the whole paper is submitted.

Content: ``data/papers/*.toml``, one ``[[paper]]`` table per paper, its ``[[paper.sections]]``
one per examiner marking point of the syllabus, each naming the questions that assess it.
A question is a written answer (``data/written``, marked by its rubric) or an ordering task
(``data/ordering``, give it ``buttons = []`` so it cannot be checked before the end).

:class:`MockPaper` holds the question widgets, built in exam mode, and a
:class:`PaperSubmit` widget. Pressing Submit marks every question at once, locks the
written answers and shows the total with a breakdown by examiner marking point; the
totals are worked out by :func:`widgets.scoring.paper.total_paper`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ..progress import store as progress
from .._base import front_end
from ..content_kind import (
    ContentKind,
    ContentNotice,
    ContentProblem,
    Field,
    ID_PATTERN,
    data_dir,
    display_path,
    find_entry,
    load_files,
)
from .ordering import ORDERING, OrderTask
from ..scoring.paper import PaperTotals, QuestionMark, Section, total_paper
from .written import WRITTEN, WrittenAnswer


@dataclass(frozen=True)
class PaperSpec:
    """A mock paper as written in the content file."""

    id: str
    title: str
    minutes: int
    sections: tuple[Section, ...]
    source: Path | None = None

    @property
    def question_ids(self) -> tuple[str, ...]:
        """Every question, in paper order."""
        return tuple(q for s in self.sections for q in s.questions)


SECTION_FIELDS = (
    Field("short", str, max_length=80, help="a short name for the marking point, shown in the breakdown"),
    Field("seed", str, choices=("000", "001"), help="which syllabus file the marking point comes from"),
    Field("marking_point", str, max_length=400, help="the examiner marking point, word for word"),
    Field("questions", list, min_items=1, max_items=10, item_kind=str, help="ids of written or ordering questions"),
)

PAPER_FIELDS = (
    Field("id", str, pattern=ID_PATTERN, max_length=60),
    Field("title", str, max_length=200),
    Field("minutes", int, required=False, default=45),
    Field("sections", list, min_items=1, max_items=20, record=SECTION_FIELDS, unique_key="short"),
)


def _check_paper(record: dict, report) -> None:
    seen: dict[str, int] = {}
    for i, section in enumerate(record["sections"], 1):
        for question_id in section["questions"]:
            if question_id in seen:
                report(
                    f"sections[{i}].questions",
                    f"'{question_id}' is already in section {seen[question_id]}; a question counts once",
                )
            seen.setdefault(question_id, i)
    if record["minutes"] < 1:
        report("minutes", "must be at least 1")


def _build(record: dict, path: Path) -> PaperSpec:
    return PaperSpec(
        id=record["id"],
        title=record["title"].strip(),
        minutes=record["minutes"],
        sections=tuple(
            Section(s["short"].strip(), " ".join(s["marking_point"].split()), s["seed"], tuple(s["questions"]))
            for s in record["sections"]
        ),
        source=path,
    )


PAPERS = ContentKind(
    folder="papers", table="paper", fields=PAPER_FIELDS, build=_build, check=_check_paper, noun="paper"
)


def _question_mark(question_id: str, widget: Any) -> QuestionMark:
    result = widget.result
    points = ()
    if isinstance(widget, WrittenAnswer) and result is not None:
        points = tuple((p.text, p.marks, p.maximum) for p in result.points)
    score = result.score if result is not None else 0
    return QuestionMark(question_id, widget.title, score, widget.maximum, points)


def breakdown_view(totals: PaperTotals) -> list[dict]:
    """The per-marking-point breakdown as plain data for the front end."""
    return [
        {
            "short": s.section.short,
            "marking_point": s.section.marking_point,
            "score": s.score,
            "maximum": s.maximum,
            "questions": [
                {
                    "title": q.title,
                    "score": q.score,
                    "maximum": q.maximum,
                    "points": [{"text": t, "marks": m, "maximum": x} for t, m, x in q.points],
                }
                for q in s.questions
            ],
        }
        for s in totals.sections
    ]


class PaperSubmit(anywidget.AnyWidget):
    """The Submit button at the end of a mock paper, and the breakdown it reveals."""

    _esm = front_end("paper")  # its style sheet travels in the module (front_end says why)

    title = traitlets.Unicode("", help="The paper's title.").tag(sync=True)
    status = traitlets.Unicode("ready", help="ready, confirm (some answers are empty) or submitted.").tag(sync=True)
    message = traitlets.Unicode("", help="What the button did, for the learner and screen readers.").tag(sync=True)
    total = traitlets.Int(0, help="Marks earned, once submitted.").tag(sync=True)
    maximum = traitlets.Int(0, help="Marks available.").tag(sync=True)
    breakdown = traitlets.List(help="Per examiner marking point: marks and questions, once submitted.").tag(sync=True)

    def __init__(self, paper: "MockPaper", **kwargs: Any):
        self._paper = paper
        super().__init__(title=paper.spec.title, maximum=paper.maximum, **kwargs)
        self.on_msg(self._on_message)

    def __repr__(self) -> str:
        return f"PaperSubmit('{self._paper.spec.id}', {self.status})"

    def _on_message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("action") == "submit":
            self._paper.press_submit()


class MockPaper:
    """A mock assessment: question widgets in exam mode, one Submit, then the full breakdown."""

    def __init__(self, spec: PaperSpec, questions: dict[str, Any]):
        missing = [q for q in spec.question_ids if q not in questions]
        if missing:
            raise ValueError(f"no widget for question(s) {missing}")
        self.spec = spec
        self._questions = {q: questions[q] for q in spec.question_ids}
        self._touched: set[str] = set()
        for question_id, widget in self._questions.items():
            if isinstance(widget, OrderTask):
                widget.observe(lambda _change, qid=question_id: self._touched.add(qid), "order")
        self._totals: PaperTotals | None = None
        self.submit_button = PaperSubmit(self)

    @classmethod
    def from_content(cls, paper_id: str) -> "MockPaper | ContentNotice":
        """Build the paper and its questions from ``data/``; a notice naming every problem instead of a traceback."""
        spec, problems = find_entry(PAPERS, paper_id)
        if spec is None:
            return ContentNotice(paper_id, problems)
        # Each kind is loaded (and validated) once for the whole paper, not once per question.
        written = load_files(WRITTEN, (data_dir() / WRITTEN.folder).glob("*.toml"), only=spec.question_ids)
        ordering = load_files(ORDERING, (data_dir() / ORDERING.folder).glob("*.toml"))
        questions: dict[str, Any] = {}
        problems = []
        for question_id in spec.question_ids:
            if question_id in written.tasks:
                questions[question_id] = WrittenAnswer.from_spec(written.tasks[question_id], exam=True)
            elif question_id in ordering.tasks:
                questions[question_id] = OrderTask.from_spec(ordering.tasks[question_id], buttons=[])
            else:
                own = [p for p in written.problems + ordering.problems if p.task == question_id]
                problems.extend(
                    own
                    or [
                        ContentProblem(
                            display_path(spec.source or Path(".")),
                            f"no written or ordering question with id '{question_id}'",
                            task=paper_id,
                            field="sections",
                            noun="paper",
                        )
                    ]
                )
        if problems:
            return ContentNotice(paper_id, problems)
        for widget in questions.values():
            widget._open()  # as from_content does: the learner's draft back, or tutor mode
        return cls(spec, questions)

    def __getitem__(self, question_id: str) -> Any:
        return self._questions[question_id]

    def __iter__(self):
        return iter(self._questions.values())

    def __len__(self) -> int:
        return len(self._questions)

    @property
    def maximum(self) -> int:
        """The marks the paper is worth."""
        return sum(q.maximum for q in self._questions.values())

    @property
    def submitted(self) -> bool:
        """True once the paper has been handed in."""
        return self._totals is not None

    @property
    def totals(self) -> PaperTotals | None:
        """The total and per-marking-point breakdown, once submitted."""
        return self._totals

    def __repr__(self) -> str:
        state = f", scored {self._totals.score}" if self._totals else ""
        return f"MockPaper('{self.spec.id}', {len(self)} questions, {self.maximum} marks{state})"

    def unanswered(self) -> list[str]:
        """Titles of the questions the learner has not answered yet."""
        empty = []
        for question_id, widget in self._questions.items():
            if isinstance(widget, WrittenAnswer) and not widget.response.strip():
                empty.append(widget.title)
            elif isinstance(widget, OrderTask) and question_id not in self._touched:
                empty.append(widget.title)
        return empty

    def press_submit(self) -> None:
        """What the Submit button does: ask once when answers are missing, then submit."""
        button = self.submit_button
        if self.submitted:
            return
        empty = self.unanswered()
        if empty and button.status != "confirm":
            button.status = "confirm"
            button.message = (
                f"{len(empty)} question{'s have' if len(empty) != 1 else ' has'} no answer yet: "
                f"{'; '.join(empty)}. Press Submit again to hand in anyway."
            )
            return
        self.submit()

    def submit(self) -> PaperTotals:
        """Mark every question, lock the written answers and show the breakdown."""
        if self._totals is not None:
            return self._totals
        for widget in self._questions.values():
            if isinstance(widget, WrittenAnswer):
                widget.lock()
                widget.check(final=True)
            else:
                widget.check()
                # The ordering's own line invites another Check, which exam mode does not offer.
                result = widget.result
                widget.summary = f"Score {result.score} out of {result.maximum}. " + (
                    "All in the right order."
                    if result.complete
                    else "The items marked out of order say why each belongs elsewhere."
                )
        marks = {q: _question_mark(q, w) for q, w in self._questions.items()}
        self._totals = total_paper(self.spec.sections, marks)
        button = self.submit_button
        button.total = self._totals.score
        button.breakdown = breakdown_view(self._totals)
        button.status = "submitted"
        button.message = (
            f"Submitted. You scored {self._totals.score} out of {self._totals.maximum} "
            f"({self._totals.percent}%). The breakdown is below, and each question now shows its marking."
        )
        progress.record_attempt(self.spec.id, self._totals.score, self._totals.maximum)
        return self._totals
