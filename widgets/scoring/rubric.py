"""Marking a written answer against its marking points: explainable, deterministic and fast.

A rubric is a list of :class:`MarkingPoint`. Each point names the *ideas* that earn it
(each idea a list of accepted phrasings), the wrong ideas that must not earn it, why
it matters and a hint. :func:`score_answer` returns, per point, the marks earned, the
learner's own words that earned them, and the hint when a mark was missed.

How a phrasing is written (``Term``):

* words separated by spaces, matched whole and case-insensitively: ``"follow up call"``;
  a hyphen counts as a space, so it also matches "follow-up call";
* ``word*`` matches any word starting with ``word`` (a stem): ``"survey*"`` matches
  survey, surveys, surveyed;
* ``#`` matches any number: ``"# %"`` matches "48 %" and "48%", and ``#am`` matches "8am"
  (``%``, ``£`` and the arrows ``->`` and ``→`` are tokens a phrasing can name);
* ``...`` lets up to four other words sit between two parts: ``"ask* ... question*"``.

Misspelt words whose meaning is clear match too (:func:`widgets.scoring.words.read_as`): "servey"
is read as "survey", "recomended" as "recommended"; words of up to four letters stay exact and a
real English word is never "corrected" ("retail" is not "retain"). Readings that earned a mark are
shown to the learner (``Evidence.read_as``, ``RubricScore.readings``, a note). Connectives and
negators are read the same way ("becuase", "nevr"; "dont" and "didnt" are negators as typed).

How an idea earns credit, and how keyword stuffing is kept from earning full marks:

1. **Distinct ideas.** A point counts *ideas*, not words: saying "surveys" five times is
   one idea. A point worth 2 marks needs 2 different ideas (``need`` ideas per mark).
2. **Distinct evidence.** Words that earned one point cannot earn another.
3. **Sentences, not heaps.** For ``describe`` and ``explain`` points the words must sit in
   a sentence: at least three words including an English function word ("the", "can",
   "is", "to", ...), a subject followed by a verb ("Customers come back", "Staff fixed it"),
   or at least three words fewer than half of which are rubric keywords ("Bad service loses
   customers"). A heap such as "surveys calls reviews surveys" is none of these (misspelt
   keywords count as keywords), so it earns nothing there. ``list`` points accept bare items, but only items
   kept apart by a comma, a new line, "and" or "or" count separately: an unbroken heap
   counts as one item (and so in a sentence that is mostly keywords, see 4). Notes are read as an
   examiner reads them (``_note_earns``): a note may name or state an idea; a note with something of
   the learner's own (a figure, a word that is not a key word: "full refund £45") may earn any
   ``describe`` point, one that asks to link only when the note links ("fixed first time = buys
   again"); notes of key words alone earn only naming points.
4. **Density.** A sentence of four or more words, two thirds of them rubric keywords, earns at
   most two points (:data:`DENSE_SENTENCE_CAP`).
5. **Repeated frames.** Sentences that repeat one frame with only the keywords changed ("It is
   surveys because of surveys. It is calls because of calls. ...") count as sentences only
   twice (:data:`FRAME_REPEATS`); further copies are treated as heaps.
6. **A cap per sentence.** One sentence earns at most ``max_points_per_sentence`` points
   (3 unless the rubric says otherwise), so one stuffed sentence cannot earn the lot.
7. **Reasons for "explain".** An ``explain`` point also needs a reason connective ("because",
   "so", "which means", "helps", "more likely", ...) in the same sentence, or at the start of
   the next one ("This means ...").
8. **Negation.** A match with "not", "never", "no", "don't", "without", "instead of",
   "rather than" (...) in the four words before it, in the same clause (a comma, colon or
   bracket ends it), is a rejection, not a mention: "not a survey" and "never apologise"
   earn nothing and are reported. The window restarts at "or"/"nor" ("never a survey or a
   call"); "not only" and "not just" are not negations.
9. **Wrong ideas.** A point's ``reject`` phrasings name common wrong ideas (for example
   "data retention" for customer retention). They never earn the point, words they cover
   cannot be evidence, and the learner is told why the idea is wrong. A point is lost to
   its wrong idea anywhere in the answer, as an examiner does not credit "finds patterns"
   beside "only read the good reviews". A ``list`` point loses only the wrong item ("Surveys
   and adverts." still lists one method) unless it is ``strict`` (text-speak in a reply).

Two more kinds of point: ``repeat`` lets one idea count again in different words ("quotes two
figures": any two numbers with % count), and ``in_order`` asks for the ideas in the order
listed (apology, then action, then thanks). An in-order point judges arrangement, so it may
reuse words other points earned; the longest run in order is what counts.

Bounded work: only the first :data:`MAX_CHARS` characters are marked (the result says so),
and matching is one pass over the words per phrasing, so a very long answer stays fast.
The matcher is English-only; an answer in another language earns what it earns (usually
nothing) and gets a note saying that the marking points are written in English. An answer of
English words without sentences is told that it is a list of key words, not asked for English.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Sequence

from .answer_text import SYMBOLS, Answer as _Answer, prepare as _prepare
from .negation import CLAUSE_STARTS, negated as _negated
from .sentences import FRAME_REPEATS, keyword_words, only_echoes, prompt_words, weigh_sentences  # noqa: F401 (FRAME_REPEATS is public here)
from .terms import Term, find_term, parse_term, reading, term_problem  # noqa: F401 (term_problem is public here)
from .words import (  # noqa: F401 (read_as and is_english are public here too)
    FUNCTION_WORDS,
    is_english,
    is_negator,
    read_as,
)

STYLES = ("list", "describe", "explain")
MAX_CHARS = 20_000
DEFAULT_SENTENCE_CAP = 3
DENSE_SENTENCE_CAP = 2
#: Between two bare list items, one of these keeps them apart.
LIST_BREAKS = frozenset({",", ";", "/", "&", "+", "\n", "and", "or", "•", "-"})


# --------------------------------------------------------------------------- the rubric


@dataclass(frozen=True)
class MarkingPoint:
    """One marking point: the ideas that earn it, the wrong ideas that do not, why, and a hint."""

    text: str
    ideas: tuple[tuple[str, tuple[str, ...]], ...]  # (idea name, accepted phrasings)
    marks: int = 1
    need: int = 1  # distinct ideas needed for each mark
    style: str = "describe"
    reject: tuple[tuple[str, str], ...] = ()  # (phrasing of a wrong idea, why it is wrong)
    why: str = ""
    hint: str = ""
    repeat: bool = False  # the same idea may count again in other words (e.g. "two figures")
    in_order: bool = False  # the ideas must appear in the order listed (reuses other points' words)
    strict: bool = False  # a list point, too, is lost to any wrong idea (e.g. text-speak)
    #: Wrong statements every question shares (data/written/wrong-statements.toml): (phrasing, why).
    #: A sentence holding one earns no point.
    wrong: tuple[tuple[str, str], ...] = ()
    #: Earlier points (numbered from 1) of which at least one must be earned for this one to count:
    #: arrows between stages only count when the chart is of the after-sales stages.
    needs_one_of: tuple[int, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """Words from the answer that earned (part of) a point."""

    idea: str
    quote: str  # exactly as the learner typed it
    sentence: str  # the sentence it sits in, for context
    start: int
    end: int
    read_as: tuple[tuple[str, str], ...] = ()  # (a misspelt word as typed, the word it was read as)


@dataclass(frozen=True)
class PointResult:
    """How one marking point went."""

    text: str
    marks: int
    maximum: int
    evidence: tuple[Evidence, ...] = ()
    hint: str = ""  # shown when a mark was missed
    why: str = ""
    notes: tuple[str, ...] = ()  # rejected mentions, wrong ideas, reasons missing

    @property
    def earned(self) -> bool:
        """True when the point earned every mark it can give."""
        return self.marks == self.maximum


@dataclass(frozen=True)
class RubricScore:
    """The rubric's verdict on one answer."""

    score: int
    maximum: int
    points: tuple[PointResult, ...]
    notes: tuple[str, ...] = ()
    words: int = 0

    @property
    def complete(self) -> bool:
        """True when every mark was earned."""
        return self.score == self.maximum

    @property
    def readings(self) -> tuple[tuple[str, str], ...]:
        """Every misspelt word that earned a mark, as typed, with the word it was read as (once each)."""
        seen: dict[tuple[str, str], None] = {}
        for point in self.points:
            for evidence in point.evidence:
                for pair in evidence.read_as:
                    seen.setdefault(pair)
        return tuple(seen)


def _separated(answer: _Answer, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Are two bare list items kept apart by a comma, a new line, 'and', 'or' (...)?"""
    first, second = (a, b) if a[0] < b[0] else (b, a)
    between = answer.text[answer.spans[first[1] - 1][1] : answer.spans[second[0]][0]]
    if any(mark in between for mark in LIST_BREAKS if len(mark) == 1):
        return True
    return any(w in LIST_BREAKS for w in answer.words[first[1] : second[0]])


# --------------------------------------------------------------------------- scoring


def _quote(answer: _Answer, span: tuple[int, int]) -> str:
    return answer.text[answer.spans[span[0]][0] : answer.spans[span[1] - 1][1]]


def _sentence_text(answer: _Answer, s: int, limit: int = 200) -> str:
    a, b = answer.sentences[s]
    end = answer.spans[b - 1][1]
    while end < len(answer.text) and answer.text[end] in ".!?;)\"'\u201d\u2019":
        end += 1
    text = " ".join(answer.text[answer.spans[a][0] : end].split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def score_answer(
    points: Sequence[MarkingPoint],
    text: str,
    *,
    max_points_per_sentence: int = DEFAULT_SENTENCE_CAP,
    case: Sequence[str] = (),
    case_cap: int = 1,
    prompt: str = "",
) -> RubricScore:
    """Mark ``text`` against ``points`` (in order). Pure and deterministic; see the module docstring.

    ``case`` names the question's case (its customer, product or business): an answer that
    mentions none of it is theory, not applied, and earns at most ``case_cap`` marks. ``prompt`` is
    the question: for an ``explain`` point, the question's own words ("brings repeat business") are
    not an explanation of them, so words that only echo the prompt are not evidence.
    """
    if max_points_per_sentence < 1:
        raise ValueError("max_points_per_sentence must be at least 1")
    for point in points:
        if point.style not in STYLES:
            raise ValueError(f"unknown style {point.style!r}; choose one of {', '.join(STYLES)}")
        if point.marks < 1 or point.need < 1:
            raise ValueError("marks and need must be at least 1")
    notes: list[str] = []
    text = text if isinstance(text, str) else ""
    if len(text) > MAX_CHARS:
        cut = text.rfind(" ", 0, MAX_CHARS)
        text = text[: cut if cut > MAX_CHARS // 2 else MAX_CHARS]
        notes.append(
            f"Only the first {MAX_CHARS:,} characters were marked. Exam answers are short: say each point once, clearly."
        )
    answer = _prepare(text)
    claimed: set[int] = set()
    earned_in_sentence: dict[int, int] = {}
    heaps: set[int] = set()
    crowded: set[int] = set()
    dense = weigh_sentences(answer, points)
    answer.echo = prompt_words(prompt)
    notes.extend(_void_wrong_sentences(answer, points))
    results = []
    for point in points:
        results.append(
            _score_point(point, answer, claimed, earned_in_sentence, heaps, crowded, dense, max_points_per_sentence)
        )
    results = _drop_unsupported(points, results)
    if case and sum(r.marks for r in results) > case_cap:
        if not any(find_term(answer, parse_term(term)) for term in case):
            results = _cap_unapplied(results, case_cap)
            notes.append(
                "Your answer does not apply the ideas to this question's case: say what happens for this "
                "customer, this product and this business, not only what happens in general."
            )
    word_count = len(answer.words)
    if crowded:
        notes.append(
            "A sentence made mostly of key words earns two points at most. Give each idea its own sentence "
            "and say what it means."
        )
    heap_note = (
        "Some of your answer is a list of key words without sentences. Key words alone earn little: "
        "write each idea as a sentence that says what it means."
    )
    if heaps:
        notes.append(heap_note)
    elif word_count >= 8 and sum(1 for w in answer.words if w in FUNCTION_WORDS) < 0.08 * word_count:
        keywords = keyword_words(answer, points)
        english = sum(1 for i, w in enumerate(answer.words) if i in keywords or not w.isalpha() or is_english(w))
        if english < 0.5 * word_count:
            notes.append(
                "Few English words were recognised. The marking points are written in English, so write your "
                "answer in English (planning it in your own language first is fine)."
            )
        elif any(r.marks < p.marks and p.style != "list" for p, r in zip(points, results)):
            notes.append(heap_note)
    result = RubricScore(
        score=sum(r.marks for r in results),
        maximum=sum(p.marks for p in points),
        points=tuple(results),
        notes=tuple(notes),
        words=word_count,
    )
    if result.readings:
        shown = ", ".join(f"“{typed}” as “{reading}”" for typed, reading in result.readings[:8])
        more = f" and {len(result.readings) - 8} more" if len(result.readings) > 8 else ""
        note = f"Spelling: some words were read as the word you meant: {shown}{more}. Check them."
        result = dataclasses.replace(result, notes=(note,) + result.notes)
    return result


def feedback_view(result: RubricScore) -> dict:
    """What the front end draws after marking: plain data, no answer key beyond the points' texts and hints."""
    return {
        "score": result.score,
        "maximum": result.maximum,
        "notes": list(result.notes),
        "points": [
            {
                "text": p.text,
                "marks": p.marks,
                "maximum": p.maximum,
                "earned": p.earned,
                "quotes": [
                    {
                        "quote": e.quote,
                        "sentence": e.sentence,
                        "read_as": [{"typed": typed, "read_as": reading} for typed, reading in e.read_as],
                    }
                    for e in p.evidence
                ],
                "hint": p.hint,
                "why": p.why,
                "notes": list(p.notes),
            }
            for p in result.points
        ],
    }


def result_line(result: RubricScore) -> str:
    """One sentence for the feedback line and screen readers."""
    text = f"Your answer earns {result.score} of {result.maximum} marks."
    if not result.complete:
        text += " Read the hint under each point you missed."
    return text


def _short(text: str) -> str:
    """A marking point's text up to its first colon, bracket or full stop: "Starts after the sale or service is complete"."""
    for mark in (":", " (", "."):
        text = text.split(mark, 1)[0]
    return text.strip()


def _drop_unsupported(points: Sequence[MarkingPoint], results: list[PointResult]) -> list[PointResult]:
    """A point that needs one of some earlier points (``needs_one_of``) loses its marks when none is earned."""
    kept = []
    for point, result in zip(points, results):
        wanted = [n for n in point.needs_one_of if 1 <= n <= len(results)]
        if wanted and result.marks and not any(kept[n - 1].marks for n in wanted if n <= len(kept)):
            names = " or ".join(f"“{_short(points[n - 1].text)}”" for n in wanted)
            result = dataclasses.replace(
                result,
                marks=0,
                evidence=(),
                hint=result.hint or point.hint,
                notes=result.notes
                + (f"Not counted yet: this point builds on {names}, which your answer has not earned yet.",),
            )
        kept.append(result)
    return kept


def _cap_unapplied(results: list[PointResult], cap: int) -> list[PointResult]:
    """Keep the first ``cap`` marks earned; the points after lose theirs, with a note saying why."""
    kept, capped = 0, []
    for result in results:
        allowed = max(0, min(result.marks, cap - kept))
        kept += allowed
        if allowed < result.marks:
            result = dataclasses.replace(
                result,
                marks=allowed,
                evidence=result.evidence[: allowed * max(1, len(result.evidence) // max(1, result.marks))],
                hint=result.hint or "Apply this point to the case in the question.",
                notes=result.notes + ("Not counted: the answer is not applied to the case in the question.",),
            )
        capped.append(result)
    return capped


def _void_wrong_sentences(answer: _Answer, points: Sequence[MarkingPoint]) -> list[str]:
    """Mark the sentences that state a shared wrong statement as earning nothing; a note for each."""
    notes = []
    for source, why in dict.fromkeys(w for point in points for w in point.wrong):
        for span in find_term(answer, parse_term(source)):
            if _negated(answer, span[0]):
                continue
            answer.void.add(answer.sentence_of[span[0]])
            note = f"“{_quote(answer, span)}” is not right. {why} Nothing in that sentence earns a mark."
            if note not in notes:
                notes.append(note)
    return notes


def _score_point(point, answer, claimed, earned_in_sentence, all_heaps, all_crowded, dense, cap) -> PointResult:
    notes: list[str] = []
    # Heaps and crowded sentences are only worth a note when they cost this point a mark.
    heaps: set[int] = set()
    crowded: set[int] = set()
    # Words covered by a wrong idea cannot be evidence for this point.
    blocked: set[int] = set()
    for source, why in point.reject:
        for span in find_term(answer, parse_term(source)):
            if _negated(answer, span[0]):
                continue
            blocked.update(range(*span))
            note = f"“{_quote(answer, span)}” does not earn this point: {why}"
            if note not in notes:
                notes.append(note)
    if blocked and (point.strict or point.style != "list"):
        return PointResult(
            text=point.text, marks=0, maximum=point.marks, hint=point.hint, why=point.why, notes=tuple(notes)
        )
    # Candidate evidence per idea, in answer order (a longer phrasing first where two start together).
    order = {name: i for i, (name, _) in enumerate(point.ideas)}
    candidates: list[tuple[str, tuple[int, int]]] = []
    term_of: dict[tuple[str, tuple[int, int]], Term] = {}
    for name, sources in point.ideas:
        for source in sources:
            term = parse_term(source)
            for span in find_term(answer, term):
                candidates.append((name, span))
                term_of.setdefault((name, span), term)
    candidates.sort(key=lambda c: (c[1][0], -(c[1][1] - c[1][0]), order[c[0]]))
    usable: list[tuple[str, tuple[int, int]]] = []
    covered: set[int] = set()
    rejected: set[tuple[str, int]] = set()
    rejected_at: dict[tuple[str, int], int] = {}  # where each idea was first rejected in each sentence
    echoed: list[str] = []
    missing_reason = False
    for name, span in candidates:
        words = set(range(*span))
        # An in-order point judges the arrangement of ideas, so it may reuse words other points earned.
        if words & blocked or words & covered or (words & claimed and not point.in_order):
            continue
        if answer.sentence_of[span[0]] in answer.void:
            continue
        if only_echoes(point, answer, span):
            covered.update(words)
            echoed.append(_quote(answer, span))
            continue
        covered.update(words)
        # An arrow between stages is never negated ("she is not happy -> salon writes it down").
        negator = None if answer.words[span[0]] in SYMBOLS else _negated(answer, span[0], span[1])
        if negator:
            key = (name, answer.sentence_of[span[0]])
            if key not in rejected and len(rejected) < 3:
                notes.append(
                    f"“{negator} … {_quote(answer, span)}” mentions this idea only to reject it, so it is not counted."
                )
            rejected.add(key)
            rejected_at.setdefault(key, span[0])
            continue
        sentence = answer.sentence_of[span[0]]
        if point.style != "list" and not answer.is_sentence[sentence]:
            # A note may name or state an idea ("explicit need: repair"), and a note of the learner's own
            # ("full refund £45") may earn any point that describes; explaining needs a sentence.
            if not (
                (point.style == "describe" and answer.note[sentence] and _note_earns(point, answer, sentence))
                or (point.style == "explain" and sentence in answer.linked)
            ):
                heaps.add(sentence)
                continue
        if point.style == "explain" and not answer.reason_at[sentence] and sentence not in answer.linked:
            missing_reason = True
            continue
        usable.append((name, span))
    # An idea rejected in a sentence is not earned by the same sentence naming it again after that
    # ("I don't think laundry is the problem, the laundry numbers are fine").
    # (Not for an idea that is itself a contrast, a quarter of its phrasings negated: "not just a contract".)
    contrasts = {
        name
        for name, sources in point.ideas
        if 4 * sum(1 for src in sources if any(is_negator(w) for w in src.split())) >= len(sources)
    }
    usable = [
        (name, span)
        for name, span in usable
        if name in contrasts
        or rejected_at.get((name, answer.sentence_of[span[0]]), span[0]) >= span[0]
        or any(w in CLAUSE_STARTS for w in answer.words[rejected_at[(name, answer.sentence_of[span[0]])] : span[0]])
    ]
    if point.in_order:
        chosen = _in_order(usable, order)
    else:
        chosen = _choose(point, answer, usable, earned_in_sentence, heaps, crowded, dense, cap)
    marks = min(point.marks, len(chosen) // point.need)
    used = chosen[: marks * point.need]
    if marks < point.marks:
        all_heaps.update(heaps)
        all_crowded.update(crowded)
    if echoed and marks < point.marks:
        notes.append(
            f"“{echoed[0]}” repeats the question's own words. Explain what happens in your own words "
            "(what the customer does, and why)."
        )
    if missing_reason and marks < point.marks:
        notes.append("You name the idea but do not give a reason: explain it with “because”, “so” or “which means”.")
    if point.in_order and marks < point.marks and len(usable) > len(chosen):
        notes.append("The ideas are there, but not in the order this point asks for.")
    if marks and not point.in_order:
        for _, span in used:
            claimed.update(range(*span))
        for s in {answer.group[answer.sentence_of[span[0]]] for _, span in used}:
            earned_in_sentence[s] = earned_in_sentence.get(s, 0) + 1
    evidence = tuple(
        Evidence(
            name,
            _quote(answer, span),
            _sentence_text(answer, answer.sentence_of[span[0]]),
            answer.spans[span[0]][0],
            answer.spans[span[1] - 1][1],
            _readings(answer, term_of[(name, span)], span),
        )
        for name, span in used
    )
    return PointResult(
        text=point.text,
        marks=marks,
        maximum=point.marks,
        evidence=evidence,
        hint="" if marks == point.marks else point.hint,
        why=point.why,
        notes=tuple(notes),
    )


#: Marking points that ask the learner to name or state something (not to explain or link it).
LISTING_VERBS = frozenset("names name identifies includes lists gives quotes uses".split())
NAMING_VERBS = frozenset(
    "names name states gives says identifies includes quotes proposes lists suggests backs starts has uses".split()
)


def _names(point: MarkingPoint, bare: bool = False) -> bool:
    """Does the point ask to name or state something, so a clear note can earn it?

    A ``bare`` note (key terms side by side, see sentences._bare_list) only names things: it earns a point
    that asks to name or list, not one that asks to say or state something about them.
    """
    first = point.text.split(" ", 1)[0].casefold().strip(":,")
    return first in (LISTING_VERBS if bare else NAMING_VERBS)


#: Marking points that ask to link or justify: a note earns one only when it links two things.
LINKING_VERBS = frozenset("links explains justifies leads".split())


def _note_earns(point: MarkingPoint, answer: _Answer, sentence: int) -> bool:
    """May this note earn this describing point?

    Any note may name or state ("explicit need: repair"). A note that says something of the learner's
    own ("full refund £45", "maintenance fix heater") may also do what the point asks, as an examiner
    reads clear notes; for a point that asks to link, the note must link ("3 weeks = within 30 days").
    """
    if sentence in answer.bare or sentence not in answer.specific:
        return _names(point, sentence in answer.bare)
    return point.text.split(" ", 1)[0].casefold() not in LINKING_VERBS or sentence in answer.linked


def _readings(answer: _Answer, term: Term, span: tuple[int, int]) -> tuple[tuple[str, str], ...]:
    """The misspelt words in a matched span, as typed, each with the term word it was read as."""
    parts = [part for part in term.parts if part[0] in ("word", "stem")]
    found = []
    for i in range(*span):
        word = answer.words[i]
        readings = [reading(part, word) for part in parts]
        if "" in readings:
            continue
        read = next((r for r in readings if r), None)
        if read:
            typed = answer.text[answer.spans[i][0] : answer.spans[i][1]]
            found.append((typed, read))
    return tuple(found)


def _choose(point, answer, usable, earned_in_sentence, heaps, crowded, dense, cap):
    """Evidence for an ordinary point: distinct ideas (or distinct words, with ``repeat``), within the caps."""
    chosen: list[tuple[str, tuple[int, int]]] = []
    ideas_seen: set[str] = set()
    for name, span in usable:
        if name in ideas_seen and not point.repeat:
            continue
        s = answer.sentence_of[span[0]]
        # Keyword density: a sentence mostly made of rubric keywords earns fewer points.
        # (A question that allows more points a sentence, such as a flowchart on one line, keeps its cap.)
        g = answer.group[s]  # the items of a comma list of key words share one cap
        limit = min(DENSE_SENTENCE_CAP, cap) if (s in dense or g in dense) and cap <= DEFAULT_SENTENCE_CAP else cap
        if earned_in_sentence.get(g, 0) >= limit and not any(
            answer.group[answer.sentence_of[c[1][0]]] == g for c in chosen
        ):
            if s in dense or g in dense:
                crowded.add(s)
            continue
        if point.style == "list" and (not answer.is_sentence[s] or s in dense):
            # Bare items count separately only when a comma, new line, 'and' or 'or' keeps them apart.
            same = [c for c in chosen if answer.sentence_of[c[1][0]] == s]
            if same and not _separated(answer, same[-1][1], span):
                heaps.add(s)
                continue
        chosen.append((name, span))
        ideas_seen.add(name)
        if len(chosen) >= point.marks * point.need:
            break
    return chosen


def _in_order(usable, order):
    """The longest run of ideas that appear in the answer in the order the point lists them."""
    first: dict[str, tuple[int, int]] = {}
    for name, span in usable:
        first.setdefault(name, span)
    items = sorted(first.items(), key=lambda item: item[1][0])  # in answer order
    ranks = [order[name] for name, _ in items]
    best: list[list[int]] = []
    for i, rank in enumerate(ranks):
        run = max((best[j] for j in range(i) if ranks[j] < rank), key=len, default=[])
        best.append(run + [i])
    chain = max(best, key=len, default=[])
    return [items[i] for i in chain]
