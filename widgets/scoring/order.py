"""Scoring a put-in-order attempt: plain data in, plain data out (pure).

Ordering methods follow the definitions of Moodle's ordering question type:

``absolute``
    One point for each item in its correct position. Maximum ``n``.
``relative_next``
    One point for each item (except the last) directly followed by its correct
    successor. Maximum ``n - 1``.
``longest_subsequence``
    The length of the longest subsequence of the learner's order that appears
    in the correct order (not necessarily contiguous). Maximum ``n``. A run
    needs at least two items, so a lone item scores 0.

The lessons default to ``longest_subsequence``; see :data:`DEFAULT_METHOD`.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Sequence

ORDER_METHODS = ("absolute", "relative_next", "longest_subsequence")

#: ``longest_subsequence`` is the fairest to a learner. It equals ``n`` minus the
#: fewest items the learner would have to pick up and put back to be right, so
#: one slip costs one point. Under ``absolute``, a learner who knows the whole
#: sequence but starts it one place late scores 0; under ``relative_next`` a
#: single item out of place can break two pairs. The score therefore tracks
#: how much of the process the learner actually understands.
DEFAULT_METHOD = "longest_subsequence"


@dataclass(frozen=True)
class ItemVerdict:
    """How one item of the learner's order fared."""

    item: str
    position: int  # 1-based position in the learner's order
    correct_position: int  # 1-based position in the correct order
    ok: bool  # counted as right under the scoring method
    points: int


@dataclass(frozen=True)
class OrderScore:
    """The result of scoring one ordering attempt."""

    score: int
    maximum: int
    method: str
    verdicts: tuple[ItemVerdict, ...]

    @property
    def complete(self) -> bool:
        """True when the order is exactly right."""
        return all(v.position == v.correct_position for v in self.verdicts)

    @property
    def misplaced(self) -> tuple[str, ...]:
        """Items not counted as right, in the learner's order."""
        return tuple(v.item for v in self.verdicts if not v.ok)


def _check_permutation(expected: Sequence[str], given: Sequence[str]) -> None:
    if len(set(expected)) != len(expected):
        raise ValueError("expected order contains duplicate items")
    if sorted(expected) != sorted(given):
        missing = sorted(set(expected) - set(given))
        extra = sorted(set(given) - set(expected))
        raise ValueError(f"given order is not a rearrangement of the items (missing {missing}, unexpected {extra})")


def longest_increasing_run(ranks: Sequence[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence of ``ranks`` (O(n log n))."""
    tails: list[int] = []  # tails[k]: index ending the best run of length k+1
    tail_ranks: list[int] = []  # ranks[tails[k]], kept sorted for bisect
    previous = [-1] * len(ranks)
    for i, rank in enumerate(ranks):
        k = bisect_left(tail_ranks, rank)
        previous[i] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(i)
            tail_ranks.append(rank)
        else:
            tails[k] = i
            tail_ranks[k] = rank
    chosen: set[int] = set()
    i = tails[-1] if tails else -1
    while i != -1:
        chosen.add(i)
        i = previous[i]
    return chosen


def score_order(expected: Sequence[str], given: Sequence[str], method: str = DEFAULT_METHOD) -> OrderScore:
    """Score the learner's order ``given`` against the correct order ``expected``.

    Raises ``ValueError`` when ``given`` is not a rearrangement of ``expected``
    or ``method`` is unknown.
    """
    if method not in ORDER_METHODS:
        raise ValueError(f"unknown scoring method {method!r}; choose one of {', '.join(ORDER_METHODS)}")
    _check_permutation(expected, given)
    n = len(expected)
    rank = {item: i for i, item in enumerate(expected)}
    ranks = [rank[item] for item in given]

    if method == "absolute":
        points = [1 if r == i else 0 for i, r in enumerate(ranks)]
        oks = [p == 1 for p in points]
        maximum = n
    elif method == "relative_next":
        points = [1 if i + 1 < n and ranks[i + 1] == r + 1 else 0 for i, r in enumerate(ranks)]
        # The last item cannot earn a point; it is right if it is the true last item
        # and the item before it leads into it.
        oks = [p == 1 for p in points]
        if n:
            oks[-1] = ranks[-1] == n - 1 and (n == 1 or ranks[-2] == n - 2)
        maximum = max(n - 1, 0)
    else:
        run = longest_increasing_run(ranks)
        counted = len(run) >= 2
        points = [1 if counted and i in run else 0 for i in range(n)]
        oks = [i in run and (counted or n == 1) for i in range(n)]
        maximum = n

    verdicts = tuple(
        ItemVerdict(item=item, position=i + 1, correct_position=r + 1, ok=ok, points=p)
        for i, (item, r, ok, p) in enumerate(zip(given, ranks, oks, points))
    )
    return OrderScore(score=sum(points), maximum=maximum, method=method, verdicts=verdicts)


#: How each method scores, in words a learner reads easily (shown as "Scoring: ...").
METHOD_NAMES = {
    "absolute": "you get a point for each item in exactly the right place",
    "relative_next": "you get a point for each item that has the right item straight after it",
    "longest_subsequence": (
        "you get a point for each item in your longest chain of items that are in the right order "
        "compared with each other, even if other items sit between them"
    ),
}
