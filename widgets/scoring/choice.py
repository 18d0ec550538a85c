"""Checking question answers: typed numbers, chosen options, and word counts (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

@dataclass(frozen=True)
class NumberVerdict:
    """The result of checking a typed number."""

    ok: bool
    value: float | None  # None when the response was not a number
    message: str


def parse_number(text: str) -> float | None:
    """Read a learner's number: allows spaces, thousands commas, a trailing % or unit, and a minus sign."""
    cleaned = text.strip().replace(",", "").replace("\u2212", "-").rstrip("%").strip()
    cleaned = cleaned.lstrip("£").strip()
    for unit in ("hours", "hrs", "hr", "h"):
        if cleaned.lower().endswith(unit):
            cleaned = cleaned[: -len(unit)].strip()
            break
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def check_number(response: str, answer: float, tolerance: float = 0.0) -> NumberVerdict:
    """Is ``response`` within ``tolerance`` of ``answer``? Says how far off, not the answer."""
    value = parse_number(response)
    if value is None:
        return NumberVerdict(False, None, "That is not a number yet: type digits only, for example 72.5.")
    if abs(value - answer) <= tolerance + 1e-9:
        return NumberVerdict(True, value, "Correct.")
    direction = "too high" if value > answer else "too low"
    return NumberVerdict(False, value, f"Not quite: {value:g} is {direction}.")


@dataclass(frozen=True)
class ChoiceScore:
    """The result of checking a multiple-choice answer: one verdict per option."""

    score: int
    maximum: int
    verdicts: tuple[tuple[str, bool], ...]  # (option, judged right: chosen iff correct)

    @property
    def complete(self) -> bool:
        """True when every option was chosen or left exactly as it should be."""
        return self.score == self.maximum


def score_choice(options: Sequence[tuple[str, bool]], selected: Sequence[str], multiple: bool) -> ChoiceScore:
    """Score chosen options. Single answer: 1 or 0. Several answers: one point per option judged right."""
    chosen = set(selected)
    unknown = chosen - {label for label, _ in options}
    if unknown:
        raise ValueError(f"chosen options not offered: {sorted(unknown)}")
    verdicts = tuple((label, (label in chosen) == correct) for label, correct in options)
    if not multiple:
        right = len(chosen) == 1 and all(ok for _, ok in verdicts)
        return ChoiceScore(int(right), 1, verdicts)
    return ChoiceScore(sum(ok for _, ok in verdicts), len(options), verdicts)


def count_words(text: str) -> int:
    """Words in a written answer (anything between spaces that contains a letter or digit)."""
    return sum(1 for word in text.split() if any(ch.isalnum() for ch in word))
