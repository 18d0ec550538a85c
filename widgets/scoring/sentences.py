"""How the sentences of a written answer are weighed before its marking points are scored.

Used by :mod:`widgets.scoring.rubric` (see its docstring for the rules). Given the answer read into
words and sentences (:mod:`widgets.scoring.answer_text`) and the rubric's marking points, these
functions settle which sentences are heaps of key words, which are notes that may name or state an
idea, which comma lists are notes and which are heaps, which sentences are dense with key words, and
which matches only repeat the question's own words. Points are read only by their ``ideas``,
``text`` and ``hint``, so this module does not import the rubric.
"""

from __future__ import annotations

import re
from typing import Sequence

from .answer_text import NOTE_WORDS, SYMBOLS, Answer as _Answer
from .terms import find_term, parse_term
from .words import FUNCTION_WORDS

#: Sentences that repeat one frame with only the keywords changed count as sentences this often.
FRAME_REPEATS = 2


def keyword_spans(answer: _Answer, points: Sequence) -> set[tuple[int, int]]:
    """Every (first word, last word + 1) span some phrasing of the rubric matches."""
    return {
        span
        for point in points
        for _, sources in point.ideas
        for source in sources
        for span in find_term(answer, parse_term(source))
    }


def keyword_words(answer: _Answer, points: Sequence) -> set[int]:
    """Positions of every word some phrasing of the rubric matches."""
    return {i for span in keyword_spans(answer, points) for i in range(*span)}


def _bare_list(answer: _Answer, spans: set[tuple[int, int]], a: int, b: int) -> bool:
    """Is the note words[a:b], all of it key words, two or more key terms side by side with nothing linking them?

    ``spans`` are the rubric's matches in the answer (:func:`keyword_spans`). "patterns trends KPIs" and
    "loyalty repeat business word of mouth" are; "faulty batch" (one term), "complaints 34" (a figure),
    and "loyalty = choose to stay" (linked) are not.
    """
    if _relates(answer, a, b) or any(ch.isdigit() for w in answer.words[a:b] for ch in w):
        return False
    spans = {span for span in spans if a <= span[0] and span[1] <= b}
    taken: set[int] = set()
    terms = 0
    for start, end in sorted(spans, key=lambda span: span[0] - span[1]):  # the longest first
        if not taken & set(range(start, end)):
            taken.update(range(start, end))
            terms += 1
    return terms >= 2


def _relates(answer: _Answer, a: int, b: int) -> bool:
    """Does the note words[a:b] link words with a colon, equals sign, dash or arrow ("loyalty = stay"), inside
    it or to the note beside it ("recovery strategy - apology, voucher" splits at the dash)?"""
    start = answer.spans[a - 1][1] if a else 0
    end = answer.spans[b][0] if b < len(answer.spans) else len(answer.text)
    between = answer.text[start:end]
    return any(mark in between for mark in (":", "=", " - ", "–", "->", "→")) or any(
        answer.words[i] in SYMBOLS for i in range(a, b)
    )


def weigh_sentences(answer: _Answer, points: Sequence) -> set[int]:
    """Settle which sentences are heaps and return the dense ones.

    A terse sentence without a function word ("Bad service loses customers") still counts as a
    sentence when fewer than half its words are rubric keywords. A sentence of four or more words,
    two thirds of them keywords, is dense.
    """
    spans = keyword_spans(answer, points)
    matched = {i for span in spans for i in range(*span)}
    dense = set()
    frames: dict[tuple[str, ...], int] = {}
    for s, (a, b) in enumerate(answer.sentences):
        if answer.item[s]:
            continue  # an item of a comma list is read as a note or as part of a heap (below), never as a sentence
        keywords = sum(1 for i in range(a, b) if i in matched)
        if not answer.is_sentence[s] and b - a >= 3 and 2 * keywords < (b - a):
            answer.is_sentence[s] = True
        if b - a >= 4 and 3 * keywords >= 2 * (b - a):
            dense.add(s)
        plain = [i for i in range(a, b) if answer.words[i] not in SYMBOLS]  # arrows are not words
        if answer.note[s] and len(plain) >= 2 and all(i in matched for i in plain) and _bare_list(answer, spans, a, b):
            answer.bare.add(s)  # "patterns trends KPIs" names key words but says nothing about them
        if len(plain) >= 20 and 5 * sum(1 for i in plain if i in matched) >= 4 * len(plain):
            answer.is_sentence[s] = False  # a long run of key words is a heap, whatever small words it holds
        # The same frame with only the keywords swapped ("It is X because of X.") counts once.
        frame = tuple(answer.words[i] for i in range(a, b) if i not in matched)
        if keywords and len(frame) >= 2:
            frames[frame] = frames.get(frame, 0) + 1
            if frames[frame] > FRAME_REPEATS:
                answer.is_sentence[s] = False
    scheme = _scheme_words(points)
    _read_comma_lists(answer, spans, matched, scheme, dense)
    _find_specific_notes(answer, matched, scheme)
    return dense


def _find_specific_notes(answer: _Answer, matched: set[int], scheme: frozenset[str]) -> None:
    """Mark the notes that say something of the learner's own: a figure or a word that is not a key word.

    "3 weeks = within 30 days, not misuse" and "maintenance fix heater" say something about the case, so
    such a note may earn any point that describes (an examiner reads clear notes); "sorry" or "customer
    name" only name key words. A figure counts when no key word covers it ("£45", not the "30" of "30
    days"), and a word the learner repeats in several notes counts for one of them only.
    """
    notes = [s for s in range(len(answer.sentences)) if answer.note[s]]
    own: dict[int, set[str]] = {}
    seen: dict[str, int] = {}
    for s in notes:
        words = answer.words[slice(*answer.sentences[s])]
        at = range(*answer.sentences[s])
        own[s] = {w for i, w in zip(at, words) if i not in matched and w.isalpha() and _specific(w, scheme)}
        for word in own[s]:
            seen[word] = seen.get(word, 0) + 1
        if any(ch.isdigit() for i, w in zip(at, words) if i not in matched for ch in w):
            answer.specific.add(s)
    answer.specific.update(s for s in notes if any(seen[w] == 1 for w in own[s]))
    # An answer written as notes of its own (two such notes at least, a quarter of them) is read as notes
    # throughout: its shorter notes ("log return") say what the learner would do, as an examiner reads them.
    lines = [s for s in notes if not answer.item[s]]
    own_lines = [s for s in lines if s in answer.specific]
    if len(own_lines) >= 2 and 4 * len(own_lines) >= len(lines) and 2 * len(lines) >= len(answer.sentences):
        answer.specific.update(lines)
    answer.linked = {s for s in answer.specific if _links(answer, *answer.sentences[s])}


def _links(answer: _Answer, a: int, b: int) -> bool:
    """Does the note words[a:b] itself link two things with "=", an arrow or a dash ("tips = fewer faults")?"""
    between = answer.text[answer.spans[a][0] : answer.spans[b - 1][1]]
    return any(mark in between for mark in ("=", " - ", "–", "->", "→", ">"))


def _read_comma_lists(answer: _Answer, spans, matched: set[int], scheme: frozenset[str], dense: set[int]) -> None:
    """Settle whether each comma list is notes or a heap.

    A list whose items say things of the learner's own ("laundry, October 2025, CSAT 4.2 to 3.1,
    complaints 12 to 41"), two items at least and a quarter of them, is notes: each item may name or state
    an idea. A list of the rubric's key words ("survey, thank you, cheap, ask why") is a heap: its items
    share one cap on points, as one heap sentence does, and earn only list points.
    """
    lists: dict[int, list[int]] = {}
    for s, g in enumerate(answer.group):
        if answer.item[s]:
            lists.setdefault(g, []).append(s)
    for g, members in lists.items():
        # A word of the learner's own counts for one item only: "survey banana, calls banana" is still a heap.
        own = [
            {
                answer.words[i]
                for i in range(*answer.sentences[s])
                if i not in matched and _specific(answer.words[i], scheme)
            }
            for s in members
        ]
        seen: dict[str, int] = {}
        for words in own:
            for word in words:
                seen[word] = seen.get(word, 0) + 1
        specific = sum(
            1
            for s, words in zip(members, own)
            if any(ch.isdigit() for i in range(*answer.sentences[s]) for ch in answer.words[i])
            or any(seen[word] == 1 for word in words)
        )
        if specific >= 2 and 4 * specific >= len(members):
            for s in members:
                a, b = answer.sentences[s]
                answer.group[s] = s
                answer.note[s] = b - a <= NOTE_WORDS
                plain = [i for i in range(a, b) if answer.words[i] not in SYMBOLS]
                if len(plain) >= 2 and all(i in matched for i in plain) and _bare_list(answer, spans, a, b):
                    answer.bare.add(s)
            continue
        at = [i for s in members for i in range(*answer.sentences[s])]
        if len(at) >= 4 and 3 * sum(1 for i in at if i in matched) >= 2 * len(at):
            dense.add(g)


def _scheme_words(points: Sequence) -> frozenset[str]:
    """The words of the marking points' own texts and hints, without a plural s: words any learner can copy."""
    return frozenset(
        w.removesuffix("s")
        for point in points
        for w in re.findall(r"[a-z]+", (point.text + " " + point.hint).casefold())
    )


def prompt_words(prompt: str) -> frozenset[str]:
    """The question's own content words (no function words, none shorter than four letters)."""
    return frozenset(w for w in re.findall(r"[a-z]+", prompt.casefold()) if len(w) >= 4 and w not in FUNCTION_WORDS)


def _echoes(word: str, prompt_words: frozenset[str]) -> bool:
    """Is ``word`` one of the question's own words, or a form of one ("loyal" for "loyalty")?"""
    if word in FUNCTION_WORDS or word in prompt_words:
        return True
    return len(word) >= 4 and any(p.startswith(word) or word.startswith(p) for p in prompt_words)


#: Words that say nothing of their own in an explanation ("makes customers loyal and gives a good reputation").
GENERIC_WORDS = frozenset(
    "make makes made give gives gave bring brings brought lead leads led help helps get gets got mean means "
    "important good great better best more well very really things thing stuff lot lots also always "
    "does done doing will would should could customer customers business businesses company "
    "stage stages process contact record investigate resolve follow review all these then and but".split()
)


def only_echoes(point, answer: _Answer, span: tuple[int, int]) -> bool:
    """Does this match, for a point that asks to explain, only repeat the question's words in a sentence
    that adds nothing of its own ("which leads to repeat business")?

    Only points that begin "Explains" are judged so: naming, identifying or linking may use the
    question's words. A sentence with two words of its own beside the match explains something.
    """
    if not answer.echo or not point.text.casefold().startswith("explains"):
        return False
    if not all(_echoes(answer.words[i], answer.echo) for i in range(*span)):
        return False
    a, b = answer.sentences[answer.sentence_of[span[0]]]
    own = {
        w
        for i, w in enumerate(answer.words[a:b], a)
        if not span[0] <= i < span[1]
        and len(w) >= 3
        and w.isalpha()
        and w not in GENERIC_WORDS
        and not _echoes(w, answer.echo)
    }
    return len(own) < 2


def _specific(word: str, scheme: frozenset[str]) -> bool:
    """Is a word (not a rubric keyword) content of the learner's own: a thing, a place, a name?

    Words of the mark scheme itself ("complaint", "example") are not: a note of them says nothing new.
    """
    return (
        word not in FUNCTION_WORDS
        and word not in RECITED_WORDS
        and len(word) > 2
        and word.removesuffix("s") not in scheme
    )


#: The words of the mnemonics the course teaches (SMART, LAST, HEAT, the 7 Cs, the stages): reciting them
#: says nothing of the learner's own ("SMART: specific, measurable, achievable, realistic and timed").
RECITED_WORDS = frozenset(
    "smart specific measurable achievable attainable realistic relevant timed time-bound timely "
    "last listen apologise apologize solve thank heat hear empathise empathize act "
    "clear concise concrete correct coherent complete courteous "
    "contact record investigate resolve follow review".split()
)
