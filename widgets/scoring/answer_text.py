"""A written answer read into words and sentences, for the rubric marker (:mod:`widgets.scoring.rubric`).

:func:`prepare` splits the text into casefolded words (with their places in the text) and sentences,
and says which sentences are real sentences rather than heaps of key words, and which give a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .words import FUNCTION_WORDS, IMPERATIVE_STARTS, has_connective, subject_then_verb

#: Tokens of an answer: decimal numbers ("4.3", "1,200") as one token, words, and the symbols a
#: phrasing may name (%, £, arrows).
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+(?![^\W_])|[^\W_]+(?:['\u2019][^\W_]+)*|[%£]|->|\u2192", re.UNICODE)
SYMBOLS = frozenset({"%", "£", "->", "\u2192"})
#: Someone doing something: a list of items with one of these in it is a sentence.
PRONOUNS = frozenset("i you we they he she it me us them him her my your our their his its".split())
#: The longest fragment that still reads as a note rather than a heap of key words.
NOTE_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)|\n+|\s+[-\u2013\u2014]\s+")


@dataclass
class Answer:
    text: str
    words: list[str]  # casefolded
    spans: list[tuple[int, int]]
    sentence_of: list[int]
    sentences: list[tuple[int, int]]  # (first word, last word + 1)
    is_sentence: list[bool]
    reason_at: list[bool]  # a connective in the sentence, or starting the next one
    starts_with_reason: list[bool]
    index: dict[str, list[int]] = field(default_factory=dict)
    by_initial: dict[str, list[str]] = field(default_factory=dict)  # distinct words by first letter
    void: set[int] = field(default_factory=set)  # sentences that state something wrong: they earn nothing
    bare: set[int] = field(default_factory=set)  # notes of key terms side by side: they name, never say
    specific: set[int] = field(default_factory=set)  # notes that say something of the learner's own
    linked: set[int] = field(default_factory=set)  # those of them that link two things ("=", "->", " - ")
    #: Short fragments of an answer written as notes ("explicit need: repair", "email reply - 1 working day"):
    #: they may name or state an idea, but not explain it.
    note: list[bool] = field(default_factory=list)
    #: Items of a comma-separated list of notes ("email reply within 24 hours, 95%, checked weekly"):
    #: each is its own fragment; the marker decides which say something specific (see sentences.weigh_sentences).
    item: list[bool] = field(default_factory=list)
    #: The sentences that share one cap on points (rubric.DEFAULT_SENTENCE_CAP): each its own, but the
    #: items of one comma list share their list's, unless the marker finds an item says something specific.
    group: list[int] = field(default_factory=list)
    #: The question's own words (see rubric.score_answer's ``prompt``).
    echo: frozenset[str] = frozenset()


def _split(text: str, ends: list[int]) -> tuple[list[str], list[tuple[int, int]], list[int], list[tuple[int, int]]]:
    """Words (casefolded), their spans, the sentence of each word and each sentence's (first, last + 1)."""
    words, spans, sentence_of = [], [], []
    sentence, e = 0, 0
    for match in _TOKEN.finditer(text):
        while e < len(ends) and ends[e] < match.start():
            e += 1
            if words and sentence_of[-1] == sentence:
                sentence += 1
        words.append(match.group().casefold().replace("\u2019", "'"))
        spans.append(match.span())
        sentence_of.append(sentence)
    count = sentence_of[-1] + 1 if words else 0
    bounds = [[len(words), 0] for _ in range(count)]
    for i, s in enumerate(sentence_of):
        bounds[s][0] = min(bounds[s][0], i)
        bounds[s][1] = i + 1
    return words, spans, sentence_of, [(a, b) for a, b in bounds]


def prepare(text: str) -> Answer:
    ends = sorted(m.start() for m in _SENTENCE_END.finditer(text))
    words, spans, sentence_of, sentences = _split(text, ends)
    # A list of short notes between commas is split into its items, so each item is read on its own.
    # (After that split no sentence is a comma list any more.)
    listed = [(a, b) for a, b in sentences if _comma_list(text, words, spans, a, b)]
    lists = [(spans[a][0], spans[b - 1][1]) for a, b in listed]
    breaks = [
        spans[i][1] + m.start()
        for a, b in listed
        for i in range(a, b - 1)
        for m in re.finditer(r"[,/]", text[spans[i][1] : spans[i + 1][0]])
    ]
    if breaks:
        words, spans, sentence_of, sentences = _split(text, sorted(ends + breaks))
    count = len(sentences)
    # Each item's list, by number; the items of one list share the first item's sentence as their group.
    in_list = [
        next((n for n, (start, end) in enumerate(lists) if start <= spans[a][0] < end), None) for a, _ in sentences
    ]
    item = [n is not None for n in in_list]
    is_sentence = [
        (
            ((b - a) >= 3 and any(w in FUNCTION_WORDS for w in words[a:b]))
            or subject_then_verb(words[a:b])
            or ((b - a) >= 2 and words[a] in IMPERATIVE_STARTS and _ends_sentence(text, spans, b))
        )
        and not item[s]
        for s, (a, b) in enumerate(sentences)
    ]
    has_reason = [has_connective(words[a:b]) for a, b in sentences]
    starts = [has_connective(words[a : min(b, a + 3)], at_start=True) for a, b in sentences]
    # A reason may come in the same sentence or in the next one ("Follow up is missing. He felt
    # forgotten, so he shops elsewhere.").
    reason_at = [has_reason[s] or (s + 1 < count and (starts[s + 1] or has_reason[s + 1])) for s in range(count)]
    index: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        index.setdefault(w, []).append(i)
    by_initial: dict[str, list[str]] = {}
    for w in index:
        by_initial.setdefault(w[0], []).append(w)
    fragments = [s for s in range(count) if not is_sentence[s]]
    # Notes: an answer written as several short fragments (new lines, dashes), not one heap of words.
    noted = set(fragments) if len(fragments) >= 2 else set()
    note = [s in noted and not item[s] and sentences[s][1] - sentences[s][0] <= NOTE_WORDS for s in range(count)]
    answer = Answer(text, words, spans, sentence_of, sentences, is_sentence, reason_at, starts, index, by_initial)
    answer.note = note
    answer.item = item
    first = {}
    for s, n in enumerate(in_list):
        first.setdefault(n, s)
    answer.group = [s if n is None else first[n] for s, n in enumerate(in_list)]
    return answer


def _ends_sentence(text: str, spans: list[tuple[int, int]], b: int) -> bool:
    """Does the sentence ending at word ``b`` end with a full stop, ! or ? (as a written sentence does)?"""
    after = text[spans[b - 1][1] : spans[b][0] if b < len(spans) else len(text)]
    return any(mark in after for mark in ".!?")


def _comma_list(text: str, words: list[str], spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Is words[a:b] a list of short items between commas or slashes, not a sentence?

    "empathy, sorry, thank you, refund, discount, log complaint" has a function word ("you") but says
    nothing: at least four items, two in three of them at most three words long, and nobody doing
    anything (no pronoun, no subject with its verb). "I would phone her, say sorry, offer a refund"
    stays a sentence.
    """
    items: list[list[str]] = [[]]
    for i in range(a, b):
        if i > a and any(mark in text[spans[i - 1][1] : spans[i][0]] for mark in ",/"):
            items.append([])
        if words[i] not in SYMBOLS:
            items[-1].append(words[i])
    if len(items) < 4:
        return False
    plain = [w for w in words[a:b] if w != "you" or "thank" not in words[a:b]]
    if any(w in PRONOUNS for w in plain) or subject_then_verb(plain):
        return False
    bare = sum(1 for item in items if len(item) <= 3)
    return 3 * bare >= 2 * len(items)
