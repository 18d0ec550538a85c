"""The problem hiding in a feedback log: which product range's satisfaction drops, and from which month.

Lesson 08 asks learners to find it (Activity 8.2, ``problem-in-the-data``). The written answer's
marking points name the range and the month, so they must come from the log the lesson loaded, as a
number question's answer does (``Question.from_content(id, answer=...)``): with a tutor's own file
(``$AFTER_SALES_FEEDBACK_FILE``) a correct analysis of *that* file earns the marks.
:func:`biggest_drop` finds the drop; :meth:`Drop.idea` gives what the marking point needs for each of
the two ideas (``WrittenAnswer.from_content("problem-in-the-data", found=biggest_drop(df))``).
On Harbour's log it gives laundry from October 2025, exactly the words the rubric is written with.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .kpis import csat, filter_values
from .schema import PRODUCT_PHRASINGS

#: Each side of a drop spans at least this many months, so one bad month is not "a problem".
MIN_MONTHS_EACH_SIDE = 2
SEASONS = {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring"}
SEASONS.update({6: "summer", 7: "summer", 8: "summer", 9: "autumn", 10: "autumn", 11: "autumn"})


@dataclass(frozen=True)
class DataIdea:
    """One idea of a marking point, as a feedback log decides it."""

    words: str  # how the marking point names it: "laundry", "October 2025"
    phrasings: tuple[str, ...]  # how a learner may say it (rubric phrasings)
    text: str  # the marking point as the learner reads it
    wrong: str  # why another value (in "{}") is not the answer, for the rubric's reject list
    proper_noun: bool = False  # the values are names written with a capital (months)

    def why_wrong(self, other: str) -> str:
        """Why ``other`` (a phrasing, e.g. "october" or "cooker*") does not earn the point."""
        other = other.rstrip("*")
        return self.wrong.format(other.capitalize() if self.proper_noun else other)


@dataclass(frozen=True)
class Drop:
    """A product range whose satisfaction (CSAT) is lower from ``month`` on than before it."""

    product_range: str
    month: pd.Timestamp  # the first day of the month the drop starts
    second_half: bool  # whether that month is in the second half of the log's months
    csat_before: float
    csat_after: float

    def idea(self, kind: str) -> DataIdea:
        """What the marking point needs for ``kind``: "product range" or "month"."""
        if kind == "product range":
            return DataIdea(
                words=self.product_range,
                phrasings=PRODUCT_PHRASINGS[self.product_range],
                text=f"Identifies {self.product_range} as the product range with the problem.",
                wrong=f"the drop in this log is in {self.product_range}, not {{}}.",
            )
        if kind == "month":
            when = f"{self.month:%B %Y}"
            half = "second" if self.second_half else "first"
            return DataIdea(
                words=when,
                phrasings=month_phrasings(self.month, half),
                text=f"Says the problem starts around {when} (the {half} half of the year).",
                wrong=f"the drop in this log starts in {when}, not {{}}.",
                proper_noun=True,
            )
        raise ValueError(f"unknown kind of idea {kind!r}; use 'product range' or 'month'")


def month_phrasings(month: pd.Timestamp, half: str) -> tuple[str, ...]:
    """Ways a learner says when a problem started: the month, its short form, its season, the half year."""
    name = f"{month:%B}".lower()
    season = SEASONS[month.month]
    if name == "may":  # "may" alone is also "it may be a faulty batch"
        said = ("in may", "from may", "since may", "may #")
    else:
        said = (name, name[:3])
    near = ("end of the year", "last few months") if half == "second" else ("start of the year", "first few months")
    return (*said, season, f"{half} half of the year", f"from the {season}", *near)


def biggest_drop(df: pd.DataFrame) -> Drop | None:
    """The product range and month where CSAT falls furthest, comparing the months before with the rest.

    Every split of the log's months is tried for every product range, keeping at least
    :data:`MIN_MONTHS_EACH_SIDE` months on each side. None if the log is too short or nothing drops.
    """
    months = filter_values(df, "month")
    if len(months) < 2 * MIN_MONTHS_EACH_SIDE:
        return None
    best: tuple[float, Drop] | None = None
    for product in filter_values(df, "product_category"):
        rows = df[df["product_category"] == product]
        for index in range(MIN_MONTHS_EACH_SIDE, len(months) - MIN_MONTHS_EACH_SIDE + 1):
            start = pd.Timestamp(f"{months[index]}-01")
            before, after = rows[rows["date"] < start], rows[rows["date"] >= start]
            if before.empty or after.empty:
                continue
            fall = csat(before) - csat(after)
            if fall > 0 and (best is None or fall > best[0]):
                drop = Drop(product, start, index >= len(months) // 2, csat(before), csat(after))
                best = (fall, drop)
    return None if best is None else best[1]
