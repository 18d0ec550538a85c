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

Some processes have steps that may honestly come in either order (thank the
customer while you record their feedback, or just before). A task can name
such groups (``either_order``): neighbouring steps of the listed order whose
order among themselves does not matter. This makes the answer a precedence
relation, as Runestone grades Parsons problems, rather than one fixed list:
every order that keeps the fixed steps in place and each group's steps
together earns full marks. :func:`closest_correct_order` picks, among those
correct orders, the one nearest the learner's, and the methods above score
against it.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import permutations, product
from math import factorial, prod
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


def check_either_order(expected: Sequence[str], groups: Sequence[Sequence[str]]) -> None:
    """Raise ``ValueError`` unless each group is two or more neighbouring items of ``expected``, no item in two groups."""
    place = {item: i for i, item in enumerate(expected)}
    seen: set[str] = set()
    for group in groups:
        if len(group) < 2 or len(set(group)) != len(group):
            raise ValueError(f"an either-order group needs two or more different items, not {list(group)!r}")
        unknown = [item for item in group if item not in place]
        if unknown:
            raise ValueError(f"either-order group names items that are not in the task: {unknown!r}")
        twice = seen & set(group)
        if twice:
            raise ValueError(f"items {sorted(twice)!r} are in more than one either-order group")
        seen |= set(group)
        spots = sorted(place[item] for item in group)
        if spots != list(range(spots[0], spots[0] + len(spots))):
            # A gap would let a fixed step sit inside the group, which is not a precedence relation any more.
            raise ValueError(
                f"the items of an either-order group must be next to each other in the correct order: {list(group)!r}"
            )


def closest_correct_order(
    expected: Sequence[str],
    given: Sequence[str],
    either_order: Sequence[Sequence[str]] = (),
    method: str = DEFAULT_METHOD,
) -> list[str]:
    """The correct order that gives ``given`` the most credit under ``method``.

    ``expected`` with each either-order group rearranged. For
    ``longest_subsequence`` that is the learner's own order inside each group:
    a group is a run of neighbouring steps, so any subsequence of ``given`` in
    order against another correct order is in order against this one too. For
    ``absolute`` a step goes to the slot where the learner put it whenever that
    slot belongs to its group. ``relative_next`` tries every arrangement of the
    groups (they are short), keeping the learner's own order on a tie.
    """
    _check_permutation(expected, given)
    check_either_order(expected, either_order)
    where = {item: i for i, item in enumerate(given)}
    correct = list(expected)
    slots = [sorted(expected.index(item) for item in group) for group in either_order]
    for group, spots in zip(either_order, slots):
        for spot, item in zip(spots, sorted(group, key=where.__getitem__)):
            correct[spot] = item
    if method == "absolute":
        for group, spots in zip(either_order, slots):
            placed = {spot: given[spot] for spot in spots if given[spot] in group}
            rest = [item for item in sorted(group, key=where.__getitem__) if item not in placed.values()]
            for spot in spots:
                correct[spot] = placed[spot] if spot in placed else rest.pop(0)
    elif method == "relative_next" and either_order:
        if prod(factorial(len(group)) for group in either_order) <= 5040:  # otherwise keep the learner's order
            arrangements = [permutations(sorted(group, key=where.__getitem__)) for group in either_order]
            best, best_points = correct, _next_points(correct, given)
            for choice in product(*arrangements):
                candidate = list(expected)
                for spots, arrangement in zip(slots, choice):
                    for spot, item in zip(spots, arrangement):
                        candidate[spot] = item
                points = _next_points(candidate, given)
                if points > best_points:
                    best, best_points = candidate, points
            correct = best
    return correct


def _next_points(correct: Sequence[str], given: Sequence[str]) -> int:
    following = {item: correct[i + 1] for i, item in enumerate(correct[:-1])}
    return sum(1 for a, b in zip(given, given[1:]) if following.get(a) == b)


def reordered_groups(
    expected: Sequence[str], given: Sequence[str], either_order: Sequence[Sequence[str]] = ()
) -> tuple[int, ...]:
    """Indices of the either-order groups the learner put in a different order from the listed one."""
    where = {item: i for i, item in enumerate(given)}
    listed = {item: i for i, item in enumerate(expected)}
    return tuple(
        k
        for k, group in enumerate(either_order)
        if sorted(group, key=where.__getitem__) != sorted(group, key=listed.__getitem__)
    )


def score_order(
    expected: Sequence[str],
    given: Sequence[str],
    method: str = DEFAULT_METHOD,
    either_order: Sequence[Sequence[str]] = (),
) -> OrderScore:
    """Score the learner's order ``given`` against the correct order ``expected``.

    ``either_order`` lists groups of neighbouring items that may come in any
    order among themselves (see the module notes); the learner is scored
    against the correct order nearest theirs. Raises ``ValueError`` when
    ``given`` is not a rearrangement of ``expected``, a group is not a run of
    neighbouring items, or ``method`` is unknown.
    """
    if method not in ORDER_METHODS:
        raise ValueError(f"unknown scoring method {method!r}; choose one of {', '.join(ORDER_METHODS)}")
    _check_permutation(expected, given)
    if either_order:
        expected = closest_correct_order(expected, given, either_order, method)
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
