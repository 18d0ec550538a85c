"""Phrasings of a marking point's ideas (``"refund*"``, ``"within # hours"``, ``"ring* ... up"``) and
where they match in an answer, misspelt words included. Used by :mod:`widgets.scoring.rubric`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .answer_text import SYMBOLS, Answer
from .words import allowed_edits, read_as

GAP_WORDS = 4
_DECIMAL = re.compile(r"\d+(?:[.,]\d+)+")
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*", re.UNICODE)
_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


@dataclass(frozen=True)
class Term:
    """A parsed phrasing: a tuple of parts, each ('word', w), ('stem', w), ('number',) or ('gap',)."""

    source: str
    parts: tuple[tuple[str, ...], ...]


def term_problem(source: str) -> str | None:
    """Why ``source`` is not a usable phrasing, or None if it is."""
    if not isinstance(source, str) or not source.strip():
        return "is empty"
    words = _HYPHEN.sub(" ", source).split()
    if words[0] == "..." or words[-1] == "...":
        return f"{source!r} cannot start or end with '...'"
    for word in words:
        if word in ("...", "#") or word in SYMBOLS:
            continue
        if word.startswith("#") and word[1:].isalpha():
            continue  # a number with a unit stuck to it: #am matches 8am
        core = word[:-1] if word.endswith("*") else word
        if not core or not _WORD.fullmatch(core.casefold()):
            return f"{source!r}: {word!r} should be letters or digits, optionally ending in * (or # for a number, ... for a gap)"
        if word.endswith("*") and len(core) < 3:
            return f"{source!r}: the stem {word!r} is too short; give at least 3 letters before *"
    return None


@lru_cache(maxsize=4096)
def parse_term(source: str) -> Term:
    """Parse a phrasing; raises ValueError with the reason when it is malformed."""
    problem = term_problem(source)
    if problem:
        raise ValueError(problem)
    parts = []
    for word in _HYPHEN.sub(" ", source).casefold().split():
        if word == "...":
            parts.append(("gap",))
        elif word == "#":
            parts.append(("number",))
        elif word.startswith("#"):
            parts.append(("number_unit", word[1:]))
        elif word.endswith("*"):
            parts.append(("stem", word[:-1].replace("\u2019", "'")))
        else:
            parts.append(("word", word.replace("\u2019", "'")))
    return Term(source, tuple(parts))


def _word_ok(part: tuple[str, ...], word: str) -> bool:
    kind = part[0]
    if kind == "word":
        return word == part[1]
    if kind == "stem":
        # A stem ending in e also takes endings that drop it: "replace*" matches "replacing".
        stem = part[1]
        return word.startswith(stem) or (
            stem.endswith("e")
            and len(stem) > 3
            and word.startswith(stem[:-1])
            and word[len(stem) - 1 : len(stem)] == "i"
        )
    if kind == "number_unit":
        return word.endswith(part[1]) and word[: -len(part[1])].isdigit()
    return word.isdigit() or _DECIMAL.fullmatch(word) is not None


def reading(part: tuple[str, ...], word: str) -> str | None:
    """How ``word`` matches a term part: "" spelt as written, the word it is read as, or None."""
    if _word_ok(part, word):
        return ""
    if part[0] in ("word", "stem"):
        return read_as(part[0], part[1], word)
    return None


def _starts(answer: Answer, part: tuple[str, ...]) -> Iterable[int]:
    """Positions where the first part of a term can match, via the word index (fast)."""
    if part[0] == "word" and allowed_edits(len(part[1])) == 0:
        return answer.index.get(part[1], [])
    # A word or stem, spelt right or wrong, keeps its first letter; numbers are looked for everywhere.
    words = answer.by_initial.get(part[1][0], ()) if part[0] in ("word", "stem") else answer.index
    return sorted(i for w in words if reading(part, w) is not None for i in answer.index[w])


def find_term(answer: Answer, term: Term) -> list[tuple[int, int]]:
    """Every (first word, last word + 1) where ``term`` matches inside one sentence."""
    found = []
    for start in _starts(answer, term.parts[0]):
        end = _match_from(answer, term.parts, 1, start + 1, answer.sentence_of[start])
        if end is not None:
            found.append((start, end))
    return found


def _match_from(answer: Answer, parts, p: int, i: int, sentence: int) -> int | None:
    if p == len(parts):
        return i
    if parts[p][0] == "gap":
        for skip in range(GAP_WORDS + 1):
            j = i + skip
            word = answer.words[j] if j < len(answer.words) and answer.sentence_of[j] == sentence else None
            if word is not None and reading(parts[p + 1], word) is not None:
                end = _match_from(answer, parts, p + 2, j + 1, sentence)
                if end is not None:
                    return end
        return None
    if i < len(answer.words) and answer.sentence_of[i] == sentence and reading(parts[p], answer.words[i]) is not None:
        return _match_from(answer, parts, p + 1, i + 1, sentence)
    return None
