"""Sort-into-categories activity: put each card in the bucket where it belongs.

Content: ``data/sorting/*.toml``, one ``[[task]]`` table per activity with 2 to 4
``[[task.buckets]]`` (an id and a label each) and its ``[[task.cards]]``. Each card
lists the bucket ids it may go in (``accept``) and the ``why`` shown when it is
misplaced and with the solution. A card that honestly belongs in two buckets
accepts both; an "it depends" situation can also be a bucket of its own. Either
way the content says so: the code has no special cases.

The answer key never leaves the kernel until Show solution: the front end
receives the card labels, the bucket labels and the learner's placements, and
after Check a mark per card (with the explanation only for misplaced cards).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import traitlets

from .._base import BUTTONS, TaskWidget, front_end, default_seed
from ..content_kind import ContentKind, Field, ID_PATTERN
from ..scoring.sort import score_sort

MIN_BUCKETS, MAX_BUCKETS = 2, 4


@dataclass(frozen=True)
class SortBucket:
    """One category a card can be sorted into."""

    id: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class SortCard:
    """One card: its text, the bucket ids where it counts as right, and why."""

    label: str
    accept: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class SortingSpec:
    """A sorting activity as written in the content file."""

    id: str
    title: str
    instructions: str
    buckets: tuple[SortBucket, ...]
    cards: tuple[SortCard, ...]
    buttons: tuple[str, ...] = BUTTONS
    seed: int | None = None
    source: Path | None = None


BUCKET_FIELDS = (
    Field("id", str, pattern=ID_PATTERN, max_length=40, help="a short id the cards refer to, such as 'reactive'"),
    Field("label", str, max_length=80, help="the category's name as the learner sees it"),
    Field("description", str, required=False, default="", max_length=200, help="optional: one line under the name"),
)

CARD_FIELDS = (
    Field("label", str, max_length=200, help="the card's text as the learner sees it"),
    Field(
        "accept",
        list,
        min_items=1,
        max_items=MAX_BUCKETS,
        item_kind=str,
        help='the bucket id(s) where this card belongs, e.g. ["reactive"] or ["reactive", "proactive"]',
    ),
    Field("why", str, help="why the card belongs there; shown when it is misplaced and with the solution"),
)

SORTING_FIELDS = (
    Field("id", str, pattern=ID_PATTERN, max_length=60, help="a unique id such as 'reactive-vs-proactive'"),
    Field("title", str, max_length=200, help="the heading above the activity"),
    Field("instructions", str, help="one or two sentences telling the learner what to do"),
    Field(
        "buckets",
        list,
        min_items=MIN_BUCKETS,
        max_items=MAX_BUCKETS,
        record=BUCKET_FIELDS,
        unique_key="id",
        help="2 to 4 [[task.buckets]] tables",
    ),
    Field(
        "cards", list, min_items=2, max_items=30, record=CARD_FIELDS, unique_key="label", help="[[task.cards]] tables"
    ),
    Field("buttons", list, required=False, default=lambda: list(BUTTONS), item_kind=str, choices=BUTTONS),
    Field("seed", int, required=False, help="a whole number that fixes the starting order of the cards"),
)


def _check_sorting(record: dict, report) -> None:
    """Rules across fields: cards name real buckets, every bucket gets a card, labels differ."""
    ids = [bucket["id"] for bucket in record["buckets"]]
    seen_labels: dict[str, int] = {}
    for k, bucket in enumerate(record["buckets"], 1):
        key = " ".join(bucket["label"].split()).casefold()
        if key in seen_labels:
            report(
                f"buckets[{k}].label",
                f"{bucket['label']!r} is the same as bucket {seen_labels[key]}; every bucket needs its own label",
            )
        seen_labels.setdefault(key, k)
    used: set[str] = set()
    for i, card in enumerate(record["cards"], 1):
        for j, bucket_id in enumerate(card["accept"], 1):
            if bucket_id in ids:
                used.add(bucket_id)
            else:
                report(
                    f"cards[{i}].accept[{j}]",
                    f"{bucket_id!r} is not a bucket of this task; its buckets are: {', '.join(ids)}",
                )
    for k, bucket_id in enumerate(ids, 1):
        if bucket_id not in used:
            report(
                f"buckets[{k}]",
                f'bucket {bucket_id!r} has no cards; add a card with accept = ["{bucket_id}"] or remove the bucket',
            )


def _build(record: dict, path: Path) -> SortingSpec:
    return SortingSpec(
        id=record["id"],
        title=record["title"].strip(),
        instructions=record["instructions"].strip(),
        buckets=tuple(SortBucket(b["id"], b["label"].strip(), b["description"].strip()) for b in record["buckets"]),
        cards=tuple(SortCard(c["label"].strip(), tuple(c["accept"]), c["why"].strip()) for c in record["cards"]),
        buttons=tuple(record["buttons"]),
        seed=record["seed"],
        source=path,
    )


SORTING = ContentKind(folder="sorting", table="task", fields=SORTING_FIELDS, build=_build, check=_check_sorting)


def dealt(labels: Sequence[str], seed: int) -> list[str]:
    """The cards in a reproducible shuffled order, so the pile is not grouped by answer."""
    order = list(labels)
    random.Random(seed).shuffle(order)
    return order


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class SortTask(TaskWidget):
    """Sort cards into 2 to 4 categories by dragging, by keyboard, or by clicks and taps.

    ``task.placements`` maps each card to the id of the bucket it is in (None while
    it is still in the unsorted pile); ``task.score`` is the last checked score (None
    before Check) and ``task.attempts`` how often the learner pressed Check.
    """

    _content = SORTING
    _stored_traits = ("placements",)
    _esm = front_end("sorting")  # its style sheet travels in the module (front_end says why)

    cards = traitlets.List(traitlets.Unicode(), help="Card labels in the order they are dealt.").tag(sync=True)
    buckets = traitlets.List(traitlets.Dict(), help="The categories: [{'id', 'label', 'description'}], in order.").tag(
        sync=True
    )
    placements = traitlets.Dict(help="card label -> bucket id, or None for the unsorted pile.").tag(sync=True)
    marks = traitlets.Dict(help="card label -> {'state', 'why', 'fits'} after Check or Show solution.").tag(sync=True)
    bucket_marks = traitlets.Dict(help="bucket id -> how many of its cards are right, after Check.").tag(sync=True)

    def __init__(
        self,
        cards: Sequence[SortCard | tuple],
        buckets: Sequence[SortBucket | tuple],
        *,
        title: str = "Sort these cards",
        instructions: str = "Put each card in the category where it belongs.",
        buttons: Sequence[str] = BUTTONS,
        seed: int | None = None,
        task_id: str = "",
        **kwargs: Any,
    ):
        buckets = tuple(b if isinstance(b, SortBucket) else SortBucket(*b) for b in buckets)
        cards = tuple(c if isinstance(c, SortCard) else self._card(*c) for c in cards)
        bucket_ids = [b.id for b in buckets]
        labels = [c.label for c in cards]
        if not MIN_BUCKETS <= len(buckets) <= MAX_BUCKETS:
            raise ValueError(f"a sorting task needs {MIN_BUCKETS} to {MAX_BUCKETS} buckets, found {len(buckets)}")
        if len(set(bucket_ids)) != len(bucket_ids):
            raise ValueError("every bucket in a sorting task needs its own id")
        if len(cards) < 2:
            raise ValueError("a sorting task needs at least 2 cards")
        if len(set(labels)) != len(labels):
            raise ValueError("every card in a sorting task needs its own label")
        for card in cards:
            strays = [b for b in card.accept if b not in bucket_ids]
            if not card.accept or strays:
                raise ValueError(
                    f"card {card.label!r} must accept one or more of the buckets {bucket_ids}, found {list(card.accept)}"
                )
        empty = [b for b in bucket_ids if not any(b in c.accept for c in cards)]
        if empty:
            raise ValueError(f"bucket(s) {empty} have no cards")
        self._cards = cards
        self._accepted = {c.label: c.accept for c in cards}
        self._why = {c.label: c.why for c in cards}
        self._bucket_labels = {b.id: b.label for b in buckets}
        self._seed = default_seed(task_id or title) if seed is None else seed
        self._solution: dict[str, str] | None = None
        super().__init__(
            task_id=task_id,
            title=title,
            instructions=instructions,
            buttons=list(buttons),
            cards=dealt(labels, self._seed),
            buckets=[{"id": b.id, "label": b.label, "description": b.description} for b in buckets],
            placements={label: None for label in labels},
            **kwargs,
        )

    @staticmethod
    def _card(label: str, accept: str | Sequence[str], why: str) -> SortCard:
        return SortCard(label, (accept,) if isinstance(accept, str) else tuple(accept), why)

    @classmethod
    def from_spec(cls, spec: SortingSpec, **options: Any) -> "SortTask":
        """Build the activity described by a loaded content entry."""
        settings = dict(
            title=spec.title, instructions=spec.instructions, buttons=spec.buttons, seed=spec.seed, task_id=spec.id
        )
        settings.update(options)
        return cls(spec.cards, spec.buckets, **settings)

    # ------------------------------------------------------------------ state the lesson reads

    @property
    def maximum(self) -> int:
        """The highest score this activity can give: one point per card."""
        return len(self._cards)

    def _how_did_i_do_lines(self) -> list[str]:
        """Check count and last score, then how many cards are in each category and how many are not sorted yet."""
        lines = [*super()._how_did_i_do_lines(), "Your cards now:"]
        placed = list(self.placements.values())
        for bucket_id, label in self._bucket_labels.items():
            lines.append(f"  {label}: {_plural(placed.count(bucket_id), 'card')}")
        return lines + [f"  Not sorted yet: {_plural(placed.count(None), 'card')}"]

    def __repr__(self) -> str:
        name = self.task_id or self.title
        return f"SortTask('{name}', {len(self._cards)} cards, {len(self._bucket_labels)} buckets{self._repr_score()})"

    # ------------------------------------------------------------------ learner actions

    @traitlets.validate("placements")
    def _valid_placements(self, proposal):
        given = dict(proposal["value"])
        if set(given) != set(self._accepted):
            raise traitlets.TraitError("placements must name every card exactly once")
        strays = sorted({b for b in given.values() if b is not None and b not in self._bucket_labels})
        if strays:
            raise traitlets.TraitError(f"unknown bucket(s) {strays}; buckets are {list(self._bucket_labels)}")
        if self.phase == "solution" and self._solution is not None:
            return dict(self._solution)  # the solution is on show; it cannot be rearranged
        return {label: given[label] for label in self._accepted}  # always in content order

    @traitlets.observe("placements")
    def _placements_changed(self, change) -> None:
        # Marks describe the placements that were checked; once a card moves they would mislead.
        if self.phase == "checked" and change["old"] != change["new"]:
            self.phase = "working"
            self.marks = {}
            self.bucket_marks = {}
            self.summary = ""
            self.announcement = "Cards moved. Press Check again when you are ready."

    def move(self, card: str, bucket: str | None) -> None:
        """Put ``card`` in the bucket with id ``bucket`` (None: back to the unsorted pile)."""
        if card not in self._accepted:
            raise ValueError(f"no card called {card!r}")
        if bucket is not None and bucket not in self._bucket_labels:
            raise ValueError(f"no bucket with id {bucket!r}; buckets are {list(self._bucket_labels)}")
        self.placements = {**self.placements, card: bucket}

    def _fits(self, card: str) -> list[str]:
        return [self._bucket_labels[b] for b in self._accepted[card]]

    def check(self) -> None:
        """Score the placements; mark every card and explain the misplaced ones."""
        if self.phase == "solution":
            return
        result = score_sort(list(self._bucket_labels), self._accepted, self.placements)
        self._result = result
        self.attempts += 1
        everything_right = result.complete
        marks = {}
        for verdict in result.verdicts:
            if verdict.unsorted:
                marks[verdict.card] = {"state": "unsorted", "why": "", "fits": []}
            elif verdict.ok:
                # When everything is right, every explanation is worth reading: it says why.
                marks[verdict.card] = {
                    "state": "ok",
                    "why": self._why[verdict.card] if everything_right else "",
                    "fits": self._fits(verdict.card) if everything_right else [],
                }
            else:
                marks[verdict.card] = {"state": "wrong", "why": self._why[verdict.card], "fits": []}
        self.marks = marks
        # An empty category gets no mark: its "No cards here." line already says so.
        self.bucket_marks = {
            entry.bucket: f"{entry.correct} of {entry.placed} right" for entry in result.buckets if entry.placed
        }
        if everything_right:
            text = (
                f"Score {result.score} out of {result.maximum}. Every card is in the right category, well done! "
                "Read why each card belongs where it does."
            )
        else:
            text = f"Score {result.score} out of {result.maximum}."
            wrong, unsorted = len(result.misplaced), len(result.unsorted)
            if wrong:
                text += f" {_plural(wrong, 'card')} {'is' if wrong == 1 else 'are'} in the wrong category: read the hints, move them, then Check again."
            if unsorted:
                text += f" {_plural(unsorted, 'card')} {'is' if unsorted == 1 else 'are'} not sorted yet."
        self.summary = text
        self.summary_ok = everything_right
        self.phase = "checked"
        self._announce(text)
        self._record(result.score, result.maximum)

    def try_again(self) -> None:
        """Clear the marks and keep working; after Show solution, deal the cards again."""
        if self.phase == "solution":
            self.phase = "working"
            self._solution = None
            self.cards = dealt([c.label for c in self._cards], self._seed + self.attempts + 1)
            self.placements = {label: None for label in self._accepted}
        self.phase = "working"
        self.marks = {}
        self.bucket_marks = {}
        self.summary = ""
        self.summary_ok = False
        self.announcement = "Marks cleared. Move the cards and press Check."

    def show_solution(self) -> None:
        """Put every card in a bucket where it belongs and show every explanation."""
        # A card already in one of its right buckets stays there; the rest go to their first.
        current = self.placements
        self._solution = {
            card: current[card] if current[card] in accepted else accepted[0]
            for card, accepted in self._accepted.items()
        }
        self.phase = "solution"
        self.placements = dict(self._solution)
        self.marks = {
            card: {"state": "ok", "why": self._why[card], "fits": self._fits(card)} for card in self._accepted
        }
        self.bucket_marks = {}
        self.summary = (
            "Solution: every card is now in a category where it belongs. "
            "Cards that fit more than one category say so. Read why each card belongs where it does."
        )
        self.summary_ok = True
        self._announce(self.summary)
