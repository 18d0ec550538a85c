"""Scoring a sort-into-categories attempt: plain data in, plain data out (pure, no widgets).

A learner places each card in one bucket, or leaves it in the unsorted pile
(``None``). A card may be *accepted* in more than one bucket: some situations
honestly belong in two categories, and the card's explanation says why. The
score is one point per card sitting in a bucket that accepts it, so the maximum
is the number of cards; an unsorted card earns nothing. There is no penalty
for a wrong placement beyond the point it does not earn, so guessing a card
is never worse than leaving it out, and the score reads as "cards right".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence


@dataclass(frozen=True)
class CardVerdict:
    """How one card fared: where the learner put it and where it may go."""

    card: str
    placed: str | None  # bucket id, or None for the unsorted pile
    accepted: tuple[str, ...]  # bucket ids where the card counts as right
    ok: bool

    @property
    def unsorted(self) -> bool:
        """True when the learner has not placed this card yet."""
        return self.placed is None


@dataclass(frozen=True)
class BucketScore:
    """One bucket after Check: how many of the cards in it are right."""

    bucket: str
    correct: int  # cards placed here that belong here
    placed: int  # every card placed here


@dataclass(frozen=True)
class SortScore:
    """The result of scoring one sorting attempt."""

    score: int
    maximum: int
    verdicts: tuple[CardVerdict, ...]  # in the order the cards were given
    buckets: tuple[BucketScore, ...]  # in the order the buckets were given

    @property
    def complete(self) -> bool:
        """True when every card is in a bucket that accepts it."""
        return self.score == self.maximum

    @property
    def misplaced(self) -> tuple[str, ...]:
        """Cards placed in a bucket that does not accept them."""
        return tuple(v.card for v in self.verdicts if not v.ok and not v.unsorted)

    @property
    def unsorted(self) -> tuple[str, ...]:
        """Cards still in the unsorted pile."""
        return tuple(v.card for v in self.verdicts if v.unsorted)

    def bucket(self, bucket_id: str) -> BucketScore:
        """The score of one bucket, by id."""
        for entry in self.buckets:
            if entry.bucket == bucket_id:
                return entry
        raise KeyError(bucket_id)


def score_sort(
    buckets: Sequence[str],
    accepted: Mapping[str, Sequence[str]],
    placements: Mapping[str, str | None],
) -> SortScore:
    """Score ``placements`` (card -> bucket id or None) against ``accepted`` (card -> bucket ids).

    ``buckets`` lists the bucket ids in display order. Raises ``ValueError`` when
    the placements do not cover exactly the cards, name a bucket that does not
    exist, a card accepts no bucket or an unknown one, or a card's accepted
    buckets are one string instead of a list of ids.
    """
    if isinstance(buckets, (str, bytes)):
        raise ValueError(f"buckets must be a list of bucket ids, not one string ({buckets!r})")
    if isinstance(accepted, (str, bytes)) or not hasattr(accepted, "items"):
        raise ValueError("accepted must map each card to a list of bucket ids")
    if isinstance(placements, (str, bytes)) or not hasattr(placements, "items"):
        raise ValueError("placements must map each card to a bucket id or None")
    known = list(buckets)
    if len(set(known)) != len(known):
        raise ValueError("bucket ids must be unique")
    if set(placements) != set(accepted):
        missing = sorted(set(accepted) - set(placements))
        extra = sorted(set(placements) - set(accepted))
        raise ValueError(f"placements must cover exactly the cards (missing {missing}, unexpected {extra})")
    for card, targets in accepted.items():
        if isinstance(targets, (str, bytes)):
            # "reactive" would otherwise be matched letter by letter ("re" in "reactive").
            raise ValueError(
                f"card {card!r}: accepted buckets must be a list of bucket ids, not one string ({targets!r})"
            )
        if not targets:
            raise ValueError(f"card {card!r} accepts no bucket")
        strays = sorted(set(targets) - set(known))
        if strays:
            raise ValueError(f"card {card!r} accepts unknown bucket(s) {strays}")
    for card, placed in placements.items():
        if placed is not None and placed not in known:
            raise ValueError(f"card {card!r} is placed in unknown bucket {placed!r}")

    verdicts = tuple(
        CardVerdict(card=card, placed=placements[card], accepted=tuple(targets), ok=placements[card] in targets)
        for card, targets in accepted.items()
    )
    per_bucket = tuple(
        BucketScore(
            bucket=bucket,
            correct=sum(1 for v in verdicts if v.placed == bucket and v.ok),
            placed=sum(1 for v in verdicts if v.placed == bucket),
        )
        for bucket in known
    )
    return SortScore(score=sum(v.ok for v in verdicts), maximum=len(verdicts), verdicts=verdicts, buckets=per_bucket)
