"""Questions: a typed number or a multiple choice, checked in the kernel.

Content: ``data/questions/*.toml``, one ``[[question]]`` table each, with
``type = "number" | "choice"``. A number question's answer can be
computed in the notebook instead (``Question.from_content(id, answer=value)``) so
the check still holds when a tutor loads their own data.

A written answer is a :class:`~widgets.activities.written.WrittenAnswer` (``data/written``),
marked by its rubric: the pack has no written question the learner marks themselves.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import traitlets

from .._base import BUTTONS, TaskWidget, front_end, default_seed
from ..content_kind import ContentKind, Field, ID_PATTERN
from ..scoring.choice import OPTION_MARKS, OptionVerdict, check_number, score_choice, validate_options

QUESTION_TYPES = ("number", "choice")
DEFAULT_TITLES = {"number": "Work it out", "choice": "Quick check"}


@dataclass(frozen=True)
class ChoiceOption:
    """One option of a choice question and why it is right or wrong."""

    label: str
    correct: bool
    why: str


@dataclass(frozen=True)
class QuestionSpec:
    """A question as written in the content file."""

    id: str
    type: str
    prompt: str
    title: str = ""
    answer: float | None = None
    tolerance: float = 0.0
    unit: str = ""
    explanation: str = ""
    hint: str = ""
    multiple: bool = False
    fixed_order: bool = False
    options: tuple[ChoiceOption, ...] = ()
    buttons: tuple[str, ...] = BUTTONS
    source: Path | None = None


OPTION_FIELDS = (
    Field("label", str, max_length=300),
    Field("correct", bool, help="true or false"),
    Field("why", str, help="why this option is right or wrong"),
)

QUESTION_FIELDS = (
    Field("id", str, pattern=ID_PATTERN, max_length=60, help="a unique id such as 'csat-overall'"),
    Field("type", str, choices=QUESTION_TYPES),
    Field("prompt", str, help="the question the learner answers"),
    Field("title", str, required=False, default=""),
    Field("answer", float, required=False, help="number questions: the right answer"),
    Field("tolerance", float, required=False, default=0.0),
    Field("unit", str, required=False, default="", max_length=20),
    Field("explanation", str, required=False, default=""),
    Field("hint", str, required=False, default=""),
    Field("multiple", bool, required=False, default=False),
    Field(
        "fixed_order",
        bool,
        required=False,
        default=False,
        help="true keeps the options in the order written (for 'All of the above'); otherwise they are shuffled",
    ),
    Field("options", list, required=False, default=list, max_items=12, record=OPTION_FIELDS, unique_key="label"),
    Field("buttons", list, required=False, default=lambda: list(BUTTONS), item_kind=str, choices=BUTTONS),
)


#: Option wording that only makes sense in a fixed place ("All of the above", "Both A and B").
REFERS_TO_OTHERS = re.compile(
    r"\b(all|none|both|neither) of (the )?(above|these|those|them)\b|\bboth [a-d] and [a-d]\b", re.I
)


def option_order(labels: list[str], task_id: str, fixed: bool) -> list[str]:
    """The order options are shown in: shuffled the same way on every machine for one question, unless fixed."""
    if fixed:
        return list(labels)
    order = list(labels)
    random.Random(default_seed(task_id)).shuffle(order)
    return order


def plain(text: str) -> str:
    """Content text without the ``**`` emphasis markers, for summaries and announcements."""
    return text.replace("**", "")


def _check_question(record: dict, report) -> None:
    """Rules that depend on the question type."""
    kind = record["type"]
    texts = [("prompt", record["prompt"])] + [
        (f"options[{i}].{name}", option.get(name))
        for i, option in enumerate(record["options"], start=1)
        if isinstance(option, dict)
        for name in ("label", "why")
    ]
    for where, text in texts:
        if isinstance(text, str) and text.count("**") % 2:
            report(where, "has an unpaired ** (put ** on both sides of the words to show in bold)")
    if kind != "choice" and record["fixed_order"]:
        report("fixed_order", "only choice questions have options to keep in order; remove it")
    if kind == "number":
        if record.get("answer") is None:
            report("answer", "a number question needs answer = ... (or pass answer= in the notebook)")
        if record["tolerance"] < 0:
            report("tolerance", "cannot be negative")
        if not record["explanation"]:
            report("explanation", "is missing; say how to work the answer out")
    else:
        options = record["options"]
        if len(options) < 2:
            report("options", f"a choice question needs at least 2 [[question.options]], found {len(options)}")
        right = sum(1 for o in options if o.get("correct"))
        if options and right == 0:
            report("options", "no option is marked correct = true")
        if right > 1 and not record["multiple"]:
            report("multiple", f"{right} options are correct, so set multiple = true (or mark only one correct)")
        if not record["fixed_order"]:
            for option in options:
                label = option.get("label")
                if isinstance(label, str) and REFERS_TO_OTHERS.search(label):
                    report(
                        "fixed_order",
                        f"option {label!r} refers to the other options, so set fixed_order = true "
                        "to keep them in the order written (options are shuffled otherwise)",
                    )


def _build(record: dict, path: Path) -> QuestionSpec:
    return QuestionSpec(
        id=record["id"],
        type=record["type"],
        prompt=record["prompt"].strip(),
        title=record["title"].strip(),
        answer=None if record.get("answer") is None else float(record["answer"]),
        tolerance=float(record["tolerance"]),
        unit=record["unit"],
        explanation=record["explanation"].strip(),
        hint=record["hint"].strip(),
        multiple=record["multiple"],
        fixed_order=record["fixed_order"],
        options=tuple(ChoiceOption(o["label"].strip(), o["correct"], o["why"].strip()) for o in record["options"]),
        buttons=tuple(record["buttons"]),
        source=path,
    )


QUESTIONS = ContentKind(
    folder="questions",
    table="question",
    fields=QUESTION_FIELDS,
    build=_build,
    check=_check_question,
    noun="question",
)


class Question(TaskWidget):
    """A checked question. ``q.response`` is the typed number, ``q.selected`` the chosen options, ``q.score`` the last result."""

    _content = QUESTIONS
    _answer_traits = ("response", "selected")
    _esm = front_end("questions")  # its style sheet travels in the module (front_end says why)

    qtype = traitlets.Unicode("choice", help="number or choice").tag(sync=True)
    prompt = traitlets.Unicode("", help="The question text.").tag(sync=True)
    unit = traitlets.Unicode("", help="Unit shown after a number box, e.g. %.").tag(sync=True)
    options = traitlets.List(
        traitlets.Unicode(), help="Choice labels in the order shown (shuffled per question unless fixed_order)."
    ).tag(sync=True)
    multiple = traitlets.Bool(False, help="Several options may be chosen.").tag(sync=True)
    response = traitlets.Unicode("", help="The typed number.").tag(sync=True)
    selected = traitlets.List(traitlets.Unicode(), help="Chosen option labels.").tag(sync=True)
    marks = traitlets.Dict(
        help="option -> {'state', 'text', 'why'} after Check: the learner's choice judged, in words."
    ).tag(sync=True)
    reveal = traitlets.Dict(help="A number question's answer and explanation, once earned.").tag(sync=True)

    def __init__(self, spec: QuestionSpec, **kwargs: Any):
        if spec.type not in QUESTION_TYPES:
            raise ValueError(f"unknown question type {spec.type!r}")
        if spec.type == "number" and spec.answer is None:
            raise ValueError("a number question needs an answer")
        if spec.type == "choice":
            validate_options([(o.label, o.correct) for o in spec.options], spec.multiple)
        self._spec = spec
        self._score: int | None = None
        super().__init__(
            task_id=spec.id,
            title=spec.title or DEFAULT_TITLES[spec.type],
            instructions="",
            buttons=list(spec.buttons),
            qtype=spec.type,
            prompt=spec.prompt,
            unit=spec.unit,
            options=option_order([o.label for o in spec.options], spec.id, spec.fixed_order),
            multiple=spec.multiple,
            **kwargs,
        )

    @classmethod
    def from_spec(
        cls, spec: QuestionSpec, *, answer: float | None = None, tolerance: float | None = None, **options: Any
    ) -> "Question":
        """Build from a content entry; ``answer``/``tolerance`` replace a number question's key."""
        changes = {}
        if answer is not None:
            changes["answer"] = float(answer)
        if tolerance is not None:
            changes["tolerance"] = float(tolerance)
        if changes:
            spec = QuestionSpec(**{**spec.__dict__, **changes})
        return cls(spec, **options)

    @property
    def score(self) -> int | None:
        """The last checked score, None before Check."""
        return self._score

    @property
    def maximum(self) -> int:
        """The highest score this question can give."""
        if self._spec.type == "choice":
            return sum(1 for o in self._spec.options if o.correct) if self._spec.multiple else 1
        return 1

    def __repr__(self) -> str:
        text = f"Question('{self._spec.id}', {self._spec.type}"
        if self._score is not None:
            text += f", score {self._score}/{self.maximum}"
        return text + ")"

    @traitlets.validate("selected")
    def _valid_selected(self, proposal):
        wanted = list(dict.fromkeys(proposal["value"]))
        if not self.multiple:
            wanted = [label for label in wanted if label in self.options][-1:]
        # In content order, whatever order the options are shown in: the same answer reads the same.
        return [o.label for o in self._spec.options if o.label in wanted]

    @traitlets.observe("response", "selected")
    def _answer_changed(self, change) -> None:
        if self.phase == "checked":
            self.phase = "working"
            self.marks = {}
            self.summary = ""

    def check(self) -> None:
        """Mark the answer: a number against the key, or every chosen option."""
        if self.phase == "solution":
            return
        spec = self._spec
        if spec.type == "number":
            verdict = check_number(self.response, spec.answer, spec.tolerance, spec.unit)
            if verdict.value is None:
                self.summary, self.summary_ok = verdict.message, False
                self.announcement = verdict.message
                return
            self.attempts += 1
            self._score = int(verdict.ok)
            # A recognised slip (rounded, a proportion, the sign) is not a wrong method: no method hint then.
            hint = " " + spec.hint if spec.hint and not verdict.slip else ""
            text = verdict.message + (" " + plain(spec.explanation) if verdict.ok else hint)
            self.summary, self.summary_ok = text.strip(), verdict.ok
        else:
            if not self.selected:
                self.summary, self.summary_ok = "Choose an answer first.", False
                self.announcement = self.summary
                return
            self.attempts += 1
            result = score_choice([(o.label, o.correct) for o in spec.options], self.selected, spec.multiple)
            self._score = result.score
            why = {o.label: o.why for o in spec.options}
            # Mark every option the learner chose; on a multiple-answer question also the
            # correct ones they missed. A single-answer question keeps the answer hidden.
            self.marks = {
                v.label: {"state": v.state, "text": OPTION_MARKS[v.state], "why": why[v.label]}
                for v in result.verdicts
                if v.chosen or (spec.multiple and v.correct)
            }
            if result.complete:
                text = "Correct. " + plain(spec.explanation)
            elif spec.multiple:
                text = (
                    f"{result.score} of {result.maximum} marks. Each correct answer you tick earns a mark; "
                    "each wrong answer you tick takes one away. Read the notes, change your choices and Check again."
                )
            else:
                text = "Not this time. Read the note on your choice and try again."
            self.summary, self.summary_ok = text.strip(), result.complete
        self.phase = "checked"
        self._announce(self.summary)
        self._record(self._score, self.maximum)

    def try_again(self) -> None:
        """Clear the marks; what the learner typed or chose stays."""
        self.phase = "working"
        self.marks = {}
        self.reveal = {}
        self.summary, self.summary_ok = "", False
        self.announcement = "Marks cleared. Change your answer and Check again."

    def _solution_marks(self) -> dict:
        """Every option marked: the learner's choices in the same words as after Check, and the rest."""
        chosen = set(self.selected)
        marks = {}
        for option in self._spec.options:
            if chosen:
                state = OptionVerdict(option.label, option.correct, option.label in chosen).state
                text = OPTION_MARKS[state]
            else:  # nothing chosen: say which are right, without "you missed" or "not chosen"
                state = "answer_correct" if option.correct else "answer_wrong"
                text = "Correct answer" if option.correct else "Wrong answer"
            marks[option.label] = {"state": state, "text": text, "why": option.why}
        return marks

    def show_solution(self) -> None:
        """Reveal the answer with its explanation (and every option's note)."""
        spec = self._spec
        self.phase = "solution"
        if spec.type == "number":
            shown = f"{spec.answer:g}{spec.unit}"
            self.reveal = {"answer": shown, "explanation": spec.explanation}
            self.summary = f"Answer: {shown}. {spec.explanation}".strip()
        else:
            self.marks = self._solution_marks()
            right = [plain(o.label) for o in spec.options if o.correct]
            self.summary = ("Answer: " + "; ".join(right) + ". " + plain(spec.explanation)).strip()
        self.summary_ok = True
        self._announce(self.summary)
