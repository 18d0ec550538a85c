"""Written answers marked against the examiner's marking points by a rubric.

Content: ``data/written/*.toml``, one ``[[written]]`` table per question, with its
``[[written.points]]`` (the marking points: the ideas that earn each one, the wrong
ideas that do not, why it matters and a hint) and ``[[written.exemplars]]`` (graded
weak, pass and strong answers). ``data/written/lexicon.toml`` is not a question file: it
holds the everyday phrasings every question's ideas share (:mod:`widgets.activities.lexicon`). The scoring is :func:`widgets.scoring.rubric.score_answer`:
pure, explainable, and the only source of the score.

After Compare the learner sees which points the answer earned, quoting the words that
earned each, which it missed with a hint, the model answer and the exemplars with their
rubric marks. The learner may disagree ("I did cover this", with a reason): that view is
kept in ``claims`` and in the progress store, beside the score, never in it. In tutor mode a
**Moderate** control gives the answer a tutor's mark per point with a one-line reason
(:meth:`WrittenAnswer.moderate`); the rubric's mark stays the score, and the learner sees both in
words wherever a tutor's mark of the same text is in their store (``widgets/tutor/moderation.py``). In exam mode (``exam=True``, used by
:class:`widgets.activities.paper.MockPaper`) there are no buttons and no feedback until the paper
is submitted.

The latest text (and the self-assessment) is saved in the learner's progress file a moment
after each change and with every Compare, and comes back after a kernel restart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import traitlets

from ..tutor import moderation_records as moderation
from ..progress import store as progress
from .._base import BUTTONS, TaskWidget, acknowledge, front_end, tutor_mode
from ..content_kind import ContentKind, Field, ID_PATTERN
from .lexicon import LEXICON_FILE, WRONG_FILE, lexicon_for, lexicon_problems, widen, wrong_for
from .lexicon import key as phrasing_key
from ..scoring.choice import count_words
from ..scoring.rubric import STYLES, MarkingPoint, RubricScore, feedback_view, result_line, score_answer, term_problem

LEVELS = ("weak", "pass", "strong")
#: What a lesson's data can decide in a marking point (``from_data``; see :func:`with_data`).
DATA_KINDS = ("product range", "month")
COMMAND_WORDS = ("list", "describe", "explain", "justify", "propose", "sequence", "write")
BUTTON_LABELS = {
    "check": "Compare with the marking points",
    "try_again": "Try again",
    "solution": "Show the model answer",
}


@dataclass(frozen=True)
class Exemplar:
    """A graded example answer a learner can compare theirs with."""

    level: str
    text: str


@dataclass(frozen=True)
class WrittenSpec:
    """A written-answer question as written in the content file."""

    id: str
    prompt: str
    model_answer: str
    points: tuple[MarkingPoint, ...]
    exemplars: tuple[Exemplar, ...] = ()
    title: str = "Write your answer"
    command_word: str = ""
    min_words: int = 0
    max_points_per_sentence: int = 3
    #: Words that show the answer is about the question's case (its customer, product, business);
    #: an answer that mentions none of them earns at most ``case_cap`` marks.
    case: tuple[str, ...] = ()
    case_cap: int = 1
    buttons: tuple[str, ...] = BUTTONS
    source: Path | None = None
    #: Ideas the lesson's data decides: (idea name, kind), e.g. ("laundry", "product range").
    from_data: tuple[tuple[str, str], ...] = ()

    @property
    def maximum(self) -> int:
        """The marks the question is worth."""
        return sum(p.marks for p in self.points)

    def score(self, text: str) -> RubricScore:
        """Mark ``text`` with this question's rubric."""
        return score_answer(
            self.points,
            text,
            max_points_per_sentence=self.max_points_per_sentence,
            case=self.case,
            case_cap=self.case_cap,
            prompt=self.prompt,
        )


POINT_FIELDS = (
    Field("text", str, max_length=300, help="the marking point as the learner reads it"),
    Field("ideas", dict, help='the ideas that earn it: { name = ["phrasing", "stem*"], ... }'),
    Field("marks", int, required=False, default=1),
    Field("need", int, required=False, default=1, help="different ideas needed for each mark"),
    Field("style", str, required=False, default="describe", choices=STYLES),
    Field(
        "reject",
        dict,
        required=False,
        default=dict,
        help='wrong ideas: { "phrasing" = "why it does not earn the point" }',
    ),
    Field("repeat", bool, required=False, default=False, help="the same idea may count again in other words"),
    Field("in_order", bool, required=False, default=False, help="the ideas must appear in the order listed"),
    Field("strict", bool, required=False, default=False, help="a list point, too, is lost to its wrong ideas"),
    Field("needs_one_of", list, item_kind=int, required=False, default=list, help="earlier points, one of them earned"),
    Field("why", str, help="why this point earns credit"),
    Field("hint", str, help="what to add when the point is missed"),
)

EXEMPLAR_FIELDS = (
    Field("level", str, choices=LEVELS),
    Field("text", str, max_length=5000),
)

WRITTEN_FIELDS = (
    Field("id", str, pattern=ID_PATTERN, max_length=60, help="a unique id such as 'two-feedback-methods'"),
    Field("title", str, required=False, default="Write your answer", max_length=200),
    Field("prompt", str, help="the question the learner answers"),
    Field("command_word", str, required=False, default="", choices=("",) + COMMAND_WORDS),
    Field("min_words", int, required=False, default=0),
    Field("max_points_per_sentence", int, required=False, default=3),
    Field(
        "case",
        list,
        item_kind=str,
        required=False,
        default=list,
        help="words that show the answer is applied to the case (its customer, product or business)",
    ),
    Field("case_cap", int, required=False, default=1, help="most marks for an answer that never mentions the case"),
    Field("model_answer", str, max_length=5000),
    Field(
        "points",
        list,
        min_items=1,
        max_items=12,
        record=POINT_FIELDS,
        unique_key="text",
        help="[[written.points]] tables",
    ),
    Field("exemplars", list, required=False, default=list, max_items=6, record=EXEMPLAR_FIELDS),
    Field("buttons", list, required=False, default=lambda: list(BUTTONS), item_kind=str, choices=BUTTONS),
    Field(
        "from_data",
        dict,
        required=False,
        default=dict,
        help='ideas the lesson\'s data decides: { idea name = "product range" or "month" }',
    ),
)


def _points(record: dict) -> tuple[MarkingPoint, ...]:
    return tuple(
        MarkingPoint(
            text=p["text"].strip(),
            ideas=tuple((name, tuple(terms)) for name, terms in p["ideas"].items()),
            marks=p["marks"],
            need=p["need"],
            style=p["style"],
            reject=tuple(p["reject"].items()),
            why=p["why"].strip(),
            hint=p["hint"].strip(),
            repeat=p["repeat"],
            in_order=p["in_order"],
            strict=p["strict"],
            needs_one_of=tuple(p["needs_one_of"]),
        )
        for p in record["points"]
    )


def _check_written(record: dict, report, path: Path | None = None) -> None:
    """Rules across fields: marks and needs make sense, phrasings parse, one exemplar per level.

    (Whether the rubric agrees with its own model answer and exemplars is the slow rule,
    :func:`_check_written_examples`, run once these pass.)
    """
    if record["min_words"] < 0:
        report("min_words", "cannot be negative")
    if record["max_points_per_sentence"] < 1:
        report("max_points_per_sentence", "must be at least 1")
    for i, point in enumerate(record["points"], 1):
        where = f"points[{i}]"
        for number in (n for n in point["needs_one_of"] if not 1 <= n < i):
            report(
                f"{where}.needs_one_of", f"{number} is not an earlier point: name points 1 to {i - 1} above this one"
            )
        if point["marks"] < 1:
            report(f"{where}.marks", "must be at least 1")
        if point["need"] < 1:
            report(f"{where}.need", "must be at least 1")
        if not point["ideas"]:
            report(f"{where}.ideas", 'needs at least one idea: { name = ["phrasing"] }')
        elif len(point["ideas"]) < point["marks"] * point["need"] and not point["repeat"]:
            report(
                f"{where}.ideas",
                f"has {len(point['ideas'])} idea(s), but {point['marks']} mark(s) × need {point['need']} "
                "requires that many different ideas",
            )
        for name, terms in point["ideas"].items():
            if not isinstance(terms, list) or not terms:
                report(f"{where}.ideas.{name}", 'should be a list of phrasings, e.g. ["survey*", "questionnaire*"]')
                continue
            for term in terms:
                problem = term_problem(term) if isinstance(term, str) else "should be text"
                if problem:
                    report(f"{where}.ideas.{name}", problem)
        for term, why in point["reject"].items():
            problem = term_problem(term)
            if problem:
                report(f"{where}.reject", problem)
            if not isinstance(why, str) or not why.strip():
                report(f"{where}.reject", f"{term!r} needs a reason (text) saying why it does not earn the point")
    idea_names = {name for point in record["points"] for name in point["ideas"]}
    for name, kind in record["from_data"].items():
        if name not in idea_names:
            report(
                f"from_data.{name}",
                f"is not an idea of any marking point; the ideas are: {', '.join(sorted(idea_names))}",
            )
        if kind not in DATA_KINDS:
            report(
                f"from_data.{name}", f"{kind!r} is not something the data decides; use one of: {', '.join(DATA_KINDS)}"
            )
    levels = [e["level"] for e in record["exemplars"]]
    if record["exemplars"] and sorted(levels, key=LEVELS.index) != list(LEVELS):
        report("exemplars", f"give one exemplar per level, in the order {', '.join(LEVELS)}; found {', '.join(levels)}")
    for term in record["case"]:
        problem = term_problem(term)
        if problem:
            report("case", problem)


def _check_written_examples(record: dict, report, path: Path) -> None:
    """The slow rule: the rubric gives its own model answer every mark and ranks its exemplars.

    They are marked as learners' answers are: with the shared lexicon beside the file
    (``data/written/lexicon.toml``) applied. This runs only for the questions a lesson shows (and
    for all of them in ``after-sales check``): marking every question's examples took most of a
    lesson's first written activity (0.66 s of 0.74 s).
    """
    levels = [e["level"] for e in record["exemplars"]]
    spec_points = widen(_points(record), lexicon_for(path.parent), wrong_for(path.parent))
    cap = record["max_points_per_sentence"]
    case = {"case": tuple(record["case"]), "case_cap": record["case_cap"]}
    model = score_answer(spec_points, record["model_answer"], max_points_per_sentence=cap, **case)
    for point in model.points:
        if not point.earned:
            report(
                "model_answer",
                f"the rubric gives the model answer {point.marks} of {point.maximum} for "
                f"'{point.text}': add its wording to that point's ideas",
            )
    scores = [
        score_answer(spec_points, e["text"], max_points_per_sentence=cap, **case).score for e in record["exemplars"]
    ]
    for i in range(1, len(scores)):
        if scores[i] <= scores[i - 1]:
            report(
                f"exemplars[{i + 1}].text",
                f"the {levels[i]} exemplar scores {scores[i]}, not more than the "
                f"{levels[i - 1]} one ({scores[i - 1]}): the rubric cannot tell them apart",
            )


def _build(record: dict, path: Path) -> WrittenSpec:
    return WrittenSpec(
        id=record["id"],
        prompt=record["prompt"].strip(),
        model_answer=record["model_answer"].strip(),
        points=widen(_points(record), lexicon_for(path.parent), wrong_for(path.parent)),
        exemplars=tuple(Exemplar(e["level"], e["text"].strip()) for e in record["exemplars"]),
        title=record["title"].strip(),
        command_word=record["command_word"],
        min_words=record["min_words"],
        max_points_per_sentence=record["max_points_per_sentence"],
        case=tuple(record["case"]),
        case_cap=record["case_cap"],
        buttons=tuple(record["buttons"]),
        source=path,
        from_data=tuple(record["from_data"].items()),
    )


def with_data(spec: WrittenSpec, found: Any) -> WrittenSpec:
    """The question with every idea in ``spec.from_data`` decided by what a lesson's data shows.

    ``found.idea(kind)`` (for example :meth:`widgets.feedback.Drop.idea`) gives, for one kind, the
    phrasings a learner may use, the marking point's text, and ``why_wrong(phrasing)`` for another value.
    A point the data leaves as it is written (Harbour's own log) is kept exactly as it is, so its
    marks never change; otherwise the idea takes the new phrasings (widened by the lexicon like any
    other), the point its new text, and the value it was written for becomes a wrong idea, so a
    learner who repeats Harbour's answer about another log is told why it misses.
    """
    if found is None or not spec.from_data:
        return spec
    lexicon = lexicon_for(spec.source.parent) if spec.source is not None else ()
    points = list(spec.points)
    for idea_name, kind in spec.from_data:
        fact = found.idea(kind)
        for index, point in enumerate(points):
            written = dict(point.ideas).get(idea_name)
            if written is None:
                continue
            ideas = tuple((name, tuple(fact.phrasings) if name == idea_name else terms) for name, terms in point.ideas)
            (decided,) = widen((replace(point, text=fact.text, ideas=ideas),), lexicon)
            if decided.ideas == point.ideas and decided.text == point.text:
                continue
            said = {phrasing_key(p) for p in fact.phrasings}
            wrong = [term for term, _ in point.reject] + [written[0]]
            reject = {term: fact.why_wrong(term) for term in wrong if phrasing_key(term) not in said}
            points[index] = replace(decided, reject=tuple(reject.items()))
    return replace(spec, points=tuple(points))


WRITTEN = ContentKind(
    folder="written",
    table="written",
    fields=WRITTEN_FIELDS,
    build=_build,
    check=_check_written,
    deep_check=_check_written_examples,
    noun="question",
    skip_files=(LEXICON_FILE, WRONG_FILE),
    folder_check=lexicon_problems,
    check_with_path=True,
)


class WrittenAnswer(TaskWidget):
    """A written answer marked by its rubric. ``w.score`` is the rubric's mark, ``w.result`` the full verdict."""

    _content = WRITTEN
    _answer_traits = ("response",)
    #: The self-assessment is kept in the progress store with the text (never in the score).
    _stored_traits = ("response", "claims")
    _esm = front_end("written")  # its style sheet travels in the module (front_end says why)

    prompt = traitlets.Unicode("", help="The question text.").tag(sync=True)
    command_word = traitlets.Unicode("", help="The command word (list, describe, explain, justify...).").tag(sync=True)
    maximum_marks = traitlets.Int(0, help="Marks the question is worth.").tag(sync=True)
    min_words = traitlets.Int(0, help="Words needed before the answer can be compared.").tag(sync=True)
    response = traitlets.Unicode("", help="The learner's written answer.").tag(sync=True)
    exam = traitlets.Bool(False, help="Exam mode: no buttons, no feedback until the paper is submitted.").tag(sync=True)
    locked = traitlets.Bool(False, help="The answer can no longer be edited (a submitted paper).").tag(sync=True)
    marking = traitlets.Dict(help="Per point: earned or not, quoted words, hint (after Compare).").tag(sync=True)
    reveal = traitlets.Dict(help="Model answer and graded exemplars, once earned.").tag(sync=True)
    claims = traitlets.Dict(help="Self-assessment, kept apart from the score: point index -> reason.").tag(sync=True)
    tutor = traitlets.Bool(
        False, help="Tutor mode: the bar shows the Tutor view toggle, and the Moderate control is shown after marking."
    ).tag(sync=True)
    moderation = traitlets.Dict(
        help="The tutor's mark of the answer on show, beside the rubric's: line, totals, points, reason."
    ).tag(sync=True)
    moderation_status = traitlets.Unicode("", help="What happened to the last Save of a tutor's mark.").tag(sync=True)

    def __init__(self, spec: WrittenSpec, *, exam: bool = False, **kwargs: Any):
        if not spec.points:
            raise ValueError("a written answer needs at least one marking point")
        self._spec = spec
        self._marked_text = ""
        super().__init__(
            task_id=spec.id,
            title=spec.title,
            instructions="",
            buttons=[] if exam else list(spec.buttons),
            prompt=spec.prompt,
            command_word=spec.command_word,
            maximum_marks=spec.maximum,
            min_words=spec.min_words,
            exam=exam,
            response=progress.saved_response(spec.id) if spec.id else "",
            tutor=tutor_mode(),
            **kwargs,
        )
        #: Tutor's marks kept for this question in the progress store (oldest first).
        self._moderations: list[dict] = progress.reviews(spec.id)[1] if spec.id else []
        self.observe(lambda _change: self._show_moderation(), names=["response"])
        self._show_moderation()

    @classmethod
    def from_spec(cls, spec: WrittenSpec, *, found: Any = None, **options: Any) -> "WrittenAnswer":
        """Build from a loaded content entry (``exam=True`` for a mock paper).

        ``found`` is what the lesson's data shows, for a question whose ideas depend on it
        (``from_data``): ``WrittenAnswer.from_content("problem-in-the-data", found=biggest_drop(df))``.
        """
        return cls(with_data(spec, found), **options)

    @property
    def spec(self) -> WrittenSpec:
        """The question and its rubric."""
        return self._spec

    @property
    def maximum(self) -> int:
        """The marks this question is worth."""
        return self._spec.maximum

    def __repr__(self) -> str:
        mode = ", exam" if self.exam else ""
        return f"WrittenAnswer('{self._spec.id}', {len(self._spec.points)} marking points, {self.maximum} marks{mode}{self._repr_score()})"

    @traitlets.validate("response")
    def _valid_response(self, proposal):
        if self.locked:
            return self.response
        return proposal["value"]

    def _on_front_end_message(self, widget, content, buffers) -> None:
        if isinstance(content, dict) and content.get("action") == "claim":
            self.claim(content.get("index"), content.get("reason", ""))
            return
        if isinstance(content, dict) and content.get("action") == "moderate":
            try:
                self.moderate(content.get("points"), content.get("reason", ""))
            finally:
                acknowledge(self, "moderate")
            return
        super()._on_front_end_message(widget, content, buffers)

    def check(self, *, final: bool = False) -> None:
        """Mark the answer with the rubric; show the points earned and missed, the model answer and exemplars.

        ``final=True`` is the mock paper's submission: the answer is marked whatever its length.
        """
        if self.phase == "solution" or (self.exam and not final):
            return
        spec = self._spec
        words = count_words(self.response)
        if not final and words < spec.min_words:
            self.summary = f"Write a little more first: {words} of at least {spec.min_words} words."
            self.summary_ok = False
            self.announcement = self.summary
            return
        self.attempts += 1
        result = spec.score(self.response)
        self._result = result
        self._marked_text = self.response
        self.marking = feedback_view(result)
        self.reveal = self._reveal()
        self._show_moderation()
        line = result_line(result)
        if self.moderation.get("current"):
            line += " " + self.moderation["line"]
        self.summary = line  # set once, so the page never shows the result line without the tutor's mark
        self.summary_ok = result.complete
        self.phase = "checked"
        self._record(result.score, result.maximum, response=self.response, points=self._rubric_points())
        self._announce(self.summary)

    def _reveal(self) -> dict:
        exemplars = []
        for exemplar in self._spec.exemplars:
            marked = self._spec.score(exemplar.text)
            exemplars.append(
                {
                    "level": exemplar.level,
                    "text": exemplar.text,
                    "score": marked.score,
                    "maximum": marked.maximum,
                    "points": [{"text": p.text, "marks": p.marks, "maximum": p.maximum} for p in marked.points],
                }
            )
        return {"model_answer": self._spec.model_answer, "exemplars": exemplars}

    def try_again(self) -> None:
        """Hide the marking and the model answer again; what the learner wrote stays."""
        if self.exam:
            return
        self.phase = "working"
        self.marking = {}
        self.reveal = {}
        self.summary, self.summary_ok = "", False
        self.announcement = "Marking and model answer hidden. Improve your answer, then compare again."

    def show_solution(self) -> None:
        """Show the model answer and exemplars without marking; the learner's text is kept.

        In exam mode only a tutor (tutor mode) sees them before the paper is submitted.
        """
        if self.exam and not tutor_mode():
            return
        self.phase = "solution"
        self.reveal = self._reveal()
        self.summary = "Model answer and graded examples shown below. Your own answer is kept."
        self.summary_ok = True
        self._announce(self.summary)

    def set_tutor_view(self, shown: bool) -> None:
        """In tutor mode, show the model answer and graded answers (True), or hide them (False); the text stays.

        Off is Try again, as in the other activities, except in a mock paper, where Try again does nothing:
        there, off hides the model answer until the paper is submitted, and after that leaves the marks on show.
        """
        if not self.tutor or shown or not self.exam:
            super().set_tutor_view(shown)
            return
        submitted = bool(self.marking)  # the learner sees the marks and the model answer then too
        with self.hold_sync():
            self.reveal = self.reveal if submitted else {}
            self.summary = result_line(self._result) if submitted else ""
            self.summary_ok = submitted and self._result.complete
            self.phase = "checked" if submitted else "working"  # the Tutor view toggle follows the phase
            self.announcement = "Tutor view off: the activity as learners see it, answers hidden."

    def _rubric_points(self) -> list[int]:
        return [p.marks for p in self._result.points] if self._result is not None else []

    def _point_maxima(self) -> list[int]:
        return [p.marks for p in self._spec.points]

    def _show_moderation(self) -> None:
        """Show the tutor's mark of the answer on show (or say that an earlier version was moderated)."""
        if not self._moderations:
            self.moderation = {}
            return
        latest = moderation.latest_for(self._moderations, self.response)
        if latest is None:
            newest = max(self._moderations, key=lambda m: m["time"])
            self.moderation = {
                "current": False,
                "line": "Your tutor marked an earlier version of this answer: " + moderation.moderation_line(newest),
            }
            return
        self.moderation = {
            "current": True,
            "line": moderation.moderation_line(latest),
            "rubric": latest["rubric"]["total"],
            "tutor": latest["tutor"]["total"],
            "maximum": latest["maximum"],
            "points": latest["tutor"]["points"],
            "reason": latest["reason"],
        }

    def moderate(self, points: Any = None, reason: Any = "", *, total: Any = None) -> bool:
        """Tutor mode: give the answer on show a tutor's mark (per point, or ``total``) with a one-line reason.

        The rubric's mark is kept beside it, both in the progress store and on screen. True when it was saved.
        """
        if not tutor_mode() or not self.marking or self._result is None:
            self.moderation_status = "Compare the answer with the marking points first, in tutor mode."
            self.announcement = self.moderation_status
            return False
        if not moderation.same_text(self._marked_text, self.response):
            self.moderation_status = "Not saved: the answer changed since it was compared. Compare it again first."
            self.announcement = self.moderation_status
            return False
        try:
            record = moderation.moderate(
                answer_text=self.response,
                point_maxima=self._point_maxima(),
                rubric_points=self._rubric_points(),
                tutor_points=points if total is None else None,
                tutor_total=total,
                reason=reason,
            )
        except moderation.ModerationError as error:
            self.moderation_status = f"Not saved: {error}"
            self.announcement = self.moderation_status
            return False
        outcome = progress.record_moderation(self._spec.id, record) if self._spec.id else None
        self._moderations.append(record)
        self._show_moderation()
        status = "Tutor's mark saved. " + self.moderation["line"]
        if outcome is not None and not outcome:
            status += " " + " ".join(outcome.notes)
        self.moderation_status = status
        self.announcement = status
        return True

    def claim(self, index: Any, reason: Any) -> None:
        """Record the learner's view that they covered point ``index`` (a second opinion, never the score)."""
        if not isinstance(index, int) or not 0 <= index < len(self._spec.points) or not self.marking:
            return
        reason = reason.strip()[:500] if isinstance(reason, str) else ""
        claims = dict(self.claims)
        if reason:
            claims[str(index)] = reason
        else:
            claims.pop(str(index), None)
        self.claims = claims
        if self._spec.id and self._result is not None:
            if reason and moderation.same_text(self._marked_text, self.response):
                record = moderation.make_claim(
                    point=index,
                    reason=reason,
                    answer_text=self.response,
                    point_text=self._spec.points[index].text,
                    point_maxima=self._point_maxima(),
                    rubric_points=self._rubric_points(),
                )
                progress.record_claim(self._spec.id, record)
            else:
                progress.withdraw_claim(self._spec.id, index, self.response)
        self.announcement = (
            "Your view is recorded beside the rubric's mark; the score does not change."
            if reason
            else "Your view is removed."
        )

    def lock(self) -> None:
        """Stop further edits (the paper was submitted)."""
        self.locked = True
