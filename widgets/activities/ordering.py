"""Drag-to-order activity: put the steps of a process in order.

Content: ``data/ordering/*.toml``, one ``[[task]]`` table per activity, its
``[[task.items]]`` listed in the correct order, each with the ``why`` that is
shown when the learner places it wrongly. Optional ``[[task.either_order]]``
tables name neighbouring steps that may come in either order (``items``, their
1-based positions in the list) and ``why`` either order is fine.

The answer key never leaves the kernel until Show solution: the front end only
receives the labels in the learner's current order and, after Check, a mark per
label.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import traitlets

from .._base import BUTTONS, TaskWidget, front_end, default_seed
from ..content_kind import ContentKind, Field, ID_PATTERN
from ..scoring.order import (
    DEFAULT_METHOD,
    METHOD_NAMES,
    ORDER_METHODS,
    check_either_order,
    closest_correct_order,
    reordered_groups,
    score_order,
)


@dataclass(frozen=True)
class OrderItem:
    """One step, with the explanation of why it sits where it does."""

    label: str
    why: str


@dataclass(frozen=True)
class EitherOrder:
    """Neighbouring steps that may come in any order among themselves, and why that is fine."""

    labels: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class OrderingSpec:
    """An ordering activity as written in the content file."""

    id: str
    title: str
    instructions: str
    items: tuple[OrderItem, ...]
    scoring: str = DEFAULT_METHOD
    buttons: tuple[str, ...] = BUTTONS
    seed: int | None = None
    source: Path | None = None
    either_order: tuple[EitherOrder, ...] = ()


ITEM_FIELDS = (
    Field("label", str, max_length=200, help="the step as the learner sees it"),
    Field("why", str, help="why this step sits here; shown when it is misplaced"),
)

EITHER_ORDER_FIELDS = (
    Field(
        "items",
        list,
        min_items=2,
        max_items=30,
        item_kind=int,
        help="positions (1 = first) of neighbouring steps that may come in any order, e.g. [2, 3]",
    ),
    Field("why", str, help="why either order is right; shown when the learner's order differs from the list"),
)

ORDERING_FIELDS = (
    Field("id", str, pattern=ID_PATTERN, max_length=60, help="a unique id such as 'after-sales-stages'"),
    Field("title", str, max_length=200, help="the heading above the activity"),
    Field("instructions", str, help="one or two sentences telling the learner what to do"),
    Field(
        "items",
        list,
        min_items=2,
        max_items=30,
        record=ITEM_FIELDS,
        unique_key="label",
        help="[[task.items]] tables in the correct order",
    ),
    Field("scoring", str, required=False, default=DEFAULT_METHOD, choices=ORDER_METHODS),
    Field("buttons", list, required=False, default=lambda: list(BUTTONS), item_kind=str, choices=BUTTONS),
    Field("seed", int, required=False, help="a whole number that fixes the starting shuffle"),
    Field(
        "either_order",
        list,
        required=False,
        default=list,
        max_items=10,
        record=EITHER_ORDER_FIELDS,
        help="optional [[task.either_order]] tables: steps that may swap, and why",
    ),
)


def _check_ordering(record: dict, report) -> None:
    """Either-order groups name real positions, next to each other, each step in one group at most."""
    count = len(record["items"])
    labels = [item["label"] for item in record["items"]]
    groups = []
    for k, group in enumerate(record["either_order"], 1):
        positions = group["items"]
        outside = [p for p in positions if not 1 <= p <= count]
        if outside:
            report(f"either_order[{k}].items", f"{outside} are not positions of this task's steps (1 to {count})")
            return
        if len(positions) == count:
            report(f"either_order[{k}].items", "cannot cover every step: then any order would be right")
            return
        groups.append([labels[p - 1] for p in positions])
    try:
        check_either_order(labels, groups)
    except ValueError as problem:
        report("either_order", f"{problem}; list positions next to each other, such as [2, 3]")


def _build(record: dict, path: Path) -> OrderingSpec:
    return OrderingSpec(
        id=record["id"],
        title=record["title"].strip(),
        instructions=record["instructions"].strip(),
        items=tuple(OrderItem(i["label"].strip(), i["why"].strip()) for i in record["items"]),
        scoring=record["scoring"],
        buttons=tuple(record["buttons"]),
        seed=record["seed"],
        source=path,
        either_order=tuple(
            EitherOrder(tuple(record["items"][p - 1]["label"].strip() for p in group["items"]), group["why"].strip())
            for group in record["either_order"]
        ),
    )


ORDERING = ContentKind(folder="ordering", table="task", fields=ORDERING_FIELDS, build=_build, check=_check_ordering)


def shuffled(labels: Sequence[str], seed: int, either_order: Sequence[Sequence[str]] = ()) -> list[str]:
    """A reproducible shuffle that is never already a correct order (for two or more items)."""
    order = list(labels)
    random.Random(seed).shuffle(order)
    for _ in range(len(order)):
        if len(order) < 2 or closest_correct_order(labels, order, either_order) != order:
            break
        order = order[1:] + order[:1]
    return order


class OrderTask(TaskWidget):
    """Put items in order by dragging, by keyboard, or with Move up / Move down buttons.

    ``task.order`` is the learner's current order, ``task.score`` the last checked
    score (None before Check) and ``task.attempts`` how often they pressed Check.
    """

    _content = ORDERING
    _answer_traits = ("order",)
    _esm = front_end("ordering")  # its style sheet travels in the module (front_end says why)

    order = traitlets.List(traitlets.Unicode(), help="The learner's current order of labels.").tag(sync=True)
    marks = traitlets.Dict(help="label -> {'ok': bool, 'why': str} after Check or Show solution.").tag(sync=True)
    method_text = traitlets.Unicode("", help="How this activity is scored, in words.").tag(sync=True)

    def __init__(
        self,
        items: Sequence[OrderItem | tuple[str, str]],
        *,
        title: str = "Put these in order",
        instructions: str = "Arrange the items from first to last.",
        scoring: str = DEFAULT_METHOD,
        buttons: Sequence[str] = BUTTONS,
        seed: int | None = None,
        task_id: str = "",
        either_order: Sequence[EitherOrder | tuple[Sequence[str], str]] = (),
        **kwargs: Any,
    ):
        items = tuple(i if isinstance(i, OrderItem) else OrderItem(*i) for i in items)
        either_order = tuple(g if isinstance(g, EitherOrder) else EitherOrder(tuple(g[0]), g[1]) for g in either_order)
        labels = [i.label for i in items]
        if len(items) < 2:
            raise ValueError("an ordering task needs at least 2 items")
        if len(set(labels)) != len(labels):
            raise ValueError("every item in an ordering task needs its own label")
        if scoring not in ORDER_METHODS:
            raise ValueError(f"unknown scoring method {scoring!r}; choose one of {', '.join(ORDER_METHODS)}")
        self._items = items
        self._expected = labels
        self._why = {i.label: i.why for i in items}
        self._scoring = scoring
        self._groups = [list(g.labels) for g in either_order]
        self._group_why = [g.why for g in either_order]
        check_either_order(labels, self._groups)  # raises ValueError naming the problem
        self._seed = default_seed(task_id or title) if seed is None else seed
        super().__init__(
            task_id=task_id,
            title=title,
            instructions=instructions,
            buttons=list(buttons),
            order=shuffled(labels, self._seed, self._groups),
            method_text=f"Scoring: {METHOD_NAMES[scoring]}.",
            **kwargs,
        )

    @classmethod
    def from_spec(cls, spec: OrderingSpec, **options: Any) -> "OrderTask":
        """Build the activity described by a loaded content entry."""
        settings = dict(
            title=spec.title,
            instructions=spec.instructions,
            scoring=spec.scoring,
            buttons=spec.buttons,
            seed=spec.seed,
            task_id=spec.id,
            either_order=spec.either_order,
        )
        settings.update(options)
        return cls(spec.items, **settings)

    # ------------------------------------------------------------------ state the lesson reads

    @property
    def maximum(self) -> int:
        """The highest score this activity can give."""
        return score_order(self._expected, self._expected, self._scoring).maximum

    def flowchart(self, *, loop: bool = False, title: str | None = None):
        """The learner's current order as a Flowchart widget that redraws on every move and Check.

        Misplaced steps are marked in words and with a dashed double border, not by colour
        alone. ``loop=True`` draws a feedback-loop arrow from the last step back to the first.
        """
        # Imported here, not at the top: a lesson without charts never loads the chart widget. The chart
        # widget reads only the task's order and marks, so it does not import this module back.
        from .flowchart_widget import order_flowchart

        return order_flowchart(self, loop=loop, title=title)

    def _how_did_i_do_lines(self) -> list[str]:
        """Check count and last score, then the order the learner has left the items in."""
        lines = [*super()._how_did_i_do_lines(), "Your order now:"]
        return lines + [f"  {number}. {label}" for number, label in enumerate(self.order, start=1)]

    def __repr__(self) -> str:
        name = self.task_id or self.title
        return f"OrderTask('{name}', {len(self._items)} items, scoring={self._scoring}{self._repr_score()})"

    # ------------------------------------------------------------------ learner actions

    @traitlets.validate("order")
    def _valid_order(self, proposal):
        given = list(proposal["value"])
        if sorted(given) != sorted(self._expected):
            raise traitlets.TraitError("the order must contain each item exactly once")
        if self.phase == "solution" and given != self._expected:
            return list(self._expected)  # the solution is on show; it cannot be rearranged
        return given

    @traitlets.observe("order")
    def _order_changed(self, change) -> None:
        # Marks describe the order that was checked; once it changes they would mislead.
        if self.phase == "checked":
            self.phase = "working"
            self.marks = {}
            self.summary = ""
            self.announcement = "Order changed. Press Check again when you are ready."

    def _explain(self, label: str) -> str:
        """The step's own explanation, plus why its either-order group may come in any order."""
        extra = [why for group, why in zip(self._groups, self._group_why) if label in group]
        return " ".join([self._why[label], *(f"Either order is right here: {why}" for why in extra)])

    def move(self, label: str, position: int) -> None:
        """Move ``label`` to 1-based ``position`` (what the front end does on a drop)."""
        order = [x for x in self.order if x != label]
        if len(order) == len(self.order):
            raise ValueError(f"no item called {label!r}")
        order.insert(max(0, min(position - 1, len(order))), label)
        self.order = order

    def check(self) -> None:
        """Score the current order and show marks, with explanations for misplaced items."""
        if self.phase == "solution":
            return
        result = score_order(self._expected, self.order, self._scoring, self._groups)
        self._result = result
        self.attempts += 1
        everything_right = result.complete
        # When the order is right, every explanation is worth reading: it says why.
        self.marks = {
            v.item: {"ok": v.ok, "why": self._explain(v.item) if (everything_right or not v.ok) else ""}
            for v in result.verdicts
        }
        if everything_right:
            text = f"Score {result.score} out of {result.maximum}. All in the right order, well done! Read why each step sits where it does."
            swapped = reordered_groups(self._expected, self.order, self._groups)
            if swapped:
                # The learner chose a different correct order from the listed one: say why it counts.
                text += " " + " ".join(
                    f"Your order differs from the usual one, and that is fine: {self._group_why[k]}" for k in swapped
                )
        else:
            wrong = len(result.misplaced)
            text = (
                f"Score {result.score} out of {result.maximum}. {wrong} item{'s are' if wrong != 1 else ' is'} "
                "out of order: read the hints, move them, then Check again."
            )
        self.summary = text
        self.summary_ok = everything_right
        self.phase = "checked"
        self._announce(text)
        self._record(result.score, result.maximum)

    def try_again(self) -> None:
        """Clear the marks and keep working; after Show solution, start again from a new shuffle."""
        if self.phase == "solution":
            self.phase = "working"
            self.order = shuffled(self._expected, self._seed + self.attempts + 1, self._groups)
        self.phase = "working"
        self.marks = {}
        self.summary = ""
        self.summary_ok = False
        self.announcement = "Marks cleared. Rearrange the items and press Check."

    def show_solution(self) -> None:
        """Put the items in the correct order and show every explanation."""
        self.phase = "solution"
        self.order = list(self._expected)
        self.marks = {label: {"ok": True, "why": self._explain(label)} for label in self._expected}
        self.summary = "Solution: this is the correct order. Read why each step sits where it does."
        self.summary_ok = True
        self._announce(self.summary)
