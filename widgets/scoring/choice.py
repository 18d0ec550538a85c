"""Checking question answers: typed numbers, chosen options, and word counts (pure).

Chosen options
--------------
Every option gets one of four marks, named from the learner's side so that a
mark can never be read as "this option is right" when it means "your tick was
right" (see :data:`OPTION_MARKS`).

Scoring rule for a multiple-answer question: **one mark for each correct option
ticked, minus one for each wrong option ticked, never below zero; the maximum
is the number of correct options.** This is H5P's multiple-choice rule (its
"one point per correct choice", where a wrong choice takes a point away) and
the usual Moodle multichoice set-up with negative fractions for wrong options
(Moodle floors a negative total at zero). The rule it replaces gave a point for
every option *judged* right, ticked or not, so leaving a wrong option unticked
earned a point and ticking one wrong box out of five scored 4/5. Under this
rule ticking nothing, or ticking everything, scores nothing, and only the
correct answers earn marks. A single-answer question scores 1 or 0.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence


# --------------------------------------------------------------------------- numbers


@dataclass(frozen=True)
class NumberVerdict:
    """The result of checking a typed number."""

    ok: bool
    value: float | None  # None when the response was not a number
    message: str
    slip: str = ""  # a recognised near-miss: "rounded", "proportion", "sign" (or "")


@dataclass(frozen=True)
class ReadNumber:
    """A learner's number as read, and how it was written."""

    value: float
    decimal_comma: bool = False  # "62,8" read as 62.8


_UNITS = ("percentage points", "per cent", "percent", "hours", "hrs", "hr", "h", "people", "pp")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")


def read_number(text: str) -> ReadNumber | None:
    """Read a learner's number, or None if it is not one.

    Allows spaces, a minus sign (also the typographic one), a leading £, a
    trailing %, unit word or full stop, and thousands commas ("1,250"). A single
    comma that cannot be a thousands separator ("62,8", "0,628", "3,14159") is a
    decimal comma, as much of Europe writes it: it is read as a decimal point,
    never as 628, and the result says so.
    """
    cleaned = text.strip().replace("\u2212", "-").replace("\u2013", "-").rstrip(".").strip()
    cleaned = cleaned.lstrip("£").strip()
    lowered = cleaned.lower()
    for unit in _UNITS:
        if lowered.endswith(unit):
            cleaned = cleaned[: -len(unit)].strip()
            break
    cleaned = cleaned.rstrip("%").strip()
    cleaned = cleaned.replace("-£", "-")
    decimal_comma = False
    if _DECIMAL_COMMA.match(cleaned):
        whole, decimals = cleaned.lstrip("-").split(",")
        if len(decimals) != 3 or whole == "0":
            cleaned, decimal_comma = cleaned.replace(",", "."), True
    cleaned = cleaned.replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    if value != value or math.isinf(value):
        return None
    return ReadNumber(value, decimal_comma)


def parse_number(text: str) -> float | None:
    """Read a learner's number: allows spaces, thousands commas, a decimal comma, a trailing % or unit, and a minus sign."""
    read = read_number(text)
    return None if read is None else read.value


def _decimals_typed(text: str) -> int:
    """How many decimal places the learner wrote (0 for a whole number)."""
    digits = re.search(r"[.,](\d+)\s*\D*$", text.strip())
    if not digits or re.fullmatch(r"\d{1,3}(,\d{3})+", re.sub(r"[^\d,]", "", text)):
        return 0
    return len(digits.group(1))


def decimals_needed(answer: float, tolerance: float) -> int:
    """The decimal places an answer must be given to: from the tolerance, or from the answer when exact."""
    if tolerance > 0:
        return max(0, math.ceil(-math.log10(2 * tolerance) - 1e-9))
    text = f"{answer:.4f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def _places(n: int) -> str:
    return {0: "a whole number", 1: "one decimal place", 2: "two decimal places"}.get(n, f"{n} decimal places")


def _rounded_to(value: float, typed: int, answer: float, needed: int, tolerance: float) -> bool:
    """True when ``value`` is ``answer`` rounded (or cut short) to fewer decimal places than needed."""
    return typed < needed and abs(value - answer) < 10 ** (-typed) + tolerance + 1e-9


def check_number(response: str, answer: float, tolerance: float = 0.0, unit: str = "") -> NumberVerdict:
    """Is ``response`` within ``tolerance`` of ``answer``? Says how far off, not the answer.

    Names the common near-misses instead of calling the method wrong: a rounded
    answer ("63" for 62.8), a proportion where a percentage is asked for ("0.628"
    when ``unit`` is a percentage), and the right size with the wrong sign. A
    decimal comma ("62,8") is read as 62.8 and the message says so.
    """
    read = read_number(response)
    if read is None:
        return NumberVerdict(False, None, "That is not a number yet: type digits only, for example 72.5.")
    value = read.value
    note = (
        f"I read {response.strip()} as {value:g}: UK numbers use a decimal point, not a comma. "
        if read.decimal_comma
        else ""
    )
    if abs(value - answer) <= tolerance + 1e-9:
        return NumberVerdict(True, value, (note + "Correct.").strip())
    needed = decimals_needed(answer, tolerance)
    typed = _decimals_typed(response)
    places = _places(needed)
    if _rounded_to(value, typed, answer, needed, tolerance):
        return NumberVerdict(False, value, f"{note}Nearly: your answer looks rounded. Give it to {places}.", "rounded")
    if "%" in unit or "percent" in unit.lower() or "per cent" in unit.lower():
        scaled = value * 100
        if abs(scaled - answer) <= tolerance + 1e-9 or _rounded_to(
            scaled, max(typed - 2, 0), answer, needed, tolerance
        ):
            return NumberVerdict(
                False,
                value,
                f"{note}Nearly: {value:g} is a proportion. Multiply by 100 to make a percentage, to {places}.",
                "proportion",
            )
    if value != 0 and abs(-value - answer) <= tolerance + 1e-9:
        return NumberVerdict(
            False,
            value,
            f"{note}Nearly: the size is right but the sign is not. Check whether it should be negative.",
            "sign",
        )
    direction = "too high" if value > answer else "too low"
    return NumberVerdict(False, value, f"{note}Not quite: {value:g} is {direction}.")


# --------------------------------------------------------------------------- chosen options

#: Option marks, from the learner's side: the words shown beside each option.
OPTION_MARKS = {
    "chosen_correct": "Your choice: correct",
    "chosen_wrong": "Your choice: not right",
    "missed": "Correct answer you missed",
    "left_wrong": "Not chosen: this one is wrong",
}


@dataclass(frozen=True)
class OptionVerdict:
    """One option after Check: is it a correct answer, and did the learner choose it?"""

    label: str
    correct: bool
    chosen: bool

    @property
    def state(self) -> str:
        """One of the keys of :data:`OPTION_MARKS`."""
        if self.chosen:
            return "chosen_correct" if self.correct else "chosen_wrong"
        return "missed" if self.correct else "left_wrong"

    @property
    def points(self) -> int:
        """+1 for a correct option chosen, -1 for a wrong one chosen, 0 for one left."""
        return (1 if self.correct else -1) if self.chosen else 0


@dataclass(frozen=True)
class ChoiceScore:
    """The result of checking a multiple-choice answer: one verdict per option, in the order given."""

    score: int
    maximum: int
    verdicts: tuple[OptionVerdict, ...]

    @property
    def complete(self) -> bool:
        """True when exactly the correct options were chosen."""
        return all(v.chosen == v.correct for v in self.verdicts)


def validate_options(options: Sequence[tuple[str, bool]], multiple: bool) -> None:
    """Refuse an impossible question: no options, repeated labels, or the wrong number of correct options."""
    if isinstance(options, (str, bytes)) or not isinstance(options, Sequence):
        raise ValueError("options must be a list of (label, correct) pairs")
    if not options:
        raise ValueError("a choice question needs options; none were given")
    labels = []
    for entry in options:
        if not (
            isinstance(entry, (tuple, list))
            and len(entry) == 2
            and isinstance(entry[0], str)
            and isinstance(entry[1], bool)
        ):
            raise ValueError(f"each option must be a (label, correct) pair with correct True or False, not {entry!r}")
        labels.append(entry[0])
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise ValueError(f"option labels must be different; repeated: {repeated}")
    right = sum(1 for _, correct in options if correct)
    if multiple and right == 0:
        raise ValueError("a multiple-answer question needs at least one correct option; none is marked correct")
    if not multiple and right != 1:
        raise ValueError(f"a single-answer question needs exactly one correct option; {right} are marked correct")


def score_choice(options: Sequence[tuple[str, bool]], selected: Sequence[str], multiple: bool) -> ChoiceScore:
    """Score chosen options. Single answer: 1 or 0. Several answers: +1 per correct option chosen, -1 per wrong one, floored at 0.

    Raises ``ValueError`` for impossible input (see :func:`validate_options`), a
    selection given as one string instead of a list of labels, a label that is
    not offered, or two choices on a single-answer question.
    """
    validate_options(options, multiple)
    if isinstance(selected, (str, bytes)):
        raise ValueError(f"selected must be a list of option labels, not one string ({selected!r})")
    chosen = set(selected)
    unknown = chosen - {label for label, _ in options}
    if unknown:
        raise ValueError(f"chosen options not offered: {sorted(unknown)}")
    if not multiple and len(chosen) > 1:
        raise ValueError(f"a single-answer question takes one choice, not {len(chosen)}")
    verdicts = tuple(OptionVerdict(label, correct, label in chosen) for label, correct in options)
    if not multiple:
        return ChoiceScore(int(any(v.chosen and v.correct for v in verdicts)), 1, verdicts)
    maximum = sum(1 for v in verdicts if v.correct)
    return ChoiceScore(max(0, sum(v.points for v in verdicts)), maximum, verdicts)


# --------------------------------------------------------------------------- written answers


def count_words(text: str) -> int:
    """Words in a written answer (anything between spaces that contains a letter or digit)."""
    return sum(1 for word in text.split() if any(ch.isalnum() for ch in word))
