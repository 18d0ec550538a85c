"""How closely the rubric's marks agree with an examiner's: the figures issue 16 measures.

Plain data in, plain numbers out (no numpy): exact agreement, agreement within one mark, quadratic
weighted kappa (QWK) and the mean signed difference (rubric minus examiner). The examiner-marked
corpus is read by :func:`load_corpus` from ``tests/marking-corpus/`` (its format is in that folder's
README); ``benchmarks/bench_marking.py`` prints the figures and ``tests/unit/test_marking_corpus.py``
holds floors on them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

#: The issue's goals.
GOAL_QWK = 0.85
GOAL_WITHIN_ONE = 0.95
GOAL_MEAN_DIFFERENCE = 0.2
GOAL_OVER_BY_TWO = 0


@dataclass(frozen=True)
class CorpusAnswer:
    """One learner answer and the examiner's mark for it."""

    id: str
    question: str
    kind: str
    text: str
    examiner: int
    examiner_points: tuple[int, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Pair:
    """The rubric's total and the examiner's for one answer."""

    id: str
    question: str
    kind: str
    rubric: int
    examiner: int
    maximum: int

    @property
    def difference(self) -> int:
        """Rubric minus examiner."""
        return self.rubric - self.examiner


@dataclass(frozen=True)
class Agreement:
    """Agreement figures over a set of pairs."""

    count: int
    exact: float
    within_one: float
    qwk: float
    mean_difference: float
    over_by_two: int
    under_by_two: int

    @property
    def goals(self) -> dict[str, bool]:
        """Each of the issue's goals, met or not."""
        return {
            f"QWK at least {GOAL_QWK}": self.qwk >= GOAL_QWK,
            f"within one mark at least {GOAL_WITHIN_ONE:.0%}": self.within_one >= GOAL_WITHIN_ONE,
            f"|mean signed difference| at most {GOAL_MEAN_DIFFERENCE}": abs(self.mean_difference)
            <= GOAL_MEAN_DIFFERENCE,
            "no answer over-marked by 2 or more": self.over_by_two <= GOAL_OVER_BY_TWO,
        }


def quadratic_weighted_kappa(first: Sequence[int], second: Sequence[int], categories: int) -> float:
    """Cohen's kappa with quadratic weights for two raters' marks on the scale 0..categories-1.

    1 is perfect agreement, 0 what chance gives. When both raters give every answer the same mark
    there is nothing to weigh: 1.0 if they agree on it, else 0.0.
    """
    if len(first) != len(second):
        raise ValueError("both raters need a mark for every answer")
    if not first:
        return 1.0
    if categories < 2:
        return 1.0 if list(first) == list(second) else 0.0
    n = len(first)
    observed = [[0] * categories for _ in range(categories)]
    for a, b in zip(first, second):
        if not (0 <= a < categories and 0 <= b < categories):
            raise ValueError(f"marks must be between 0 and {categories - 1}")
        observed[a][b] += 1
    rows = [sum(row) for row in observed]
    cols = [sum(observed[i][j] for i in range(categories)) for j in range(categories)]
    weight = [[(i - j) ** 2 / (categories - 1) ** 2 for j in range(categories)] for i in range(categories)]
    seen = sum(weight[i][j] * observed[i][j] for i in range(categories) for j in range(categories))
    chance = sum(weight[i][j] * rows[i] * cols[j] / n for i in range(categories) for j in range(categories))
    if chance == 0:
        return 1.0 if seen == 0 else 0.0
    return 1.0 - seen / chance


def agreement(pairs: Sequence[Pair]) -> Agreement:
    """The figures over ``pairs``; QWK on the scale 0..the largest maximum among them."""
    n = len(pairs)
    if not n:
        return Agreement(0, 1.0, 1.0, 1.0, 0.0, 0, 0)
    categories = max(p.maximum for p in pairs) + 1
    return Agreement(
        count=n,
        exact=sum(p.difference == 0 for p in pairs) / n,
        within_one=sum(abs(p.difference) <= 1 for p in pairs) / n,
        qwk=quadratic_weighted_kappa([p.rubric for p in pairs], [p.examiner for p in pairs], categories),
        mean_difference=sum(p.difference for p in pairs) / n,
        over_by_two=sum(p.difference >= 2 for p in pairs),
        under_by_two=sum(p.difference <= -2 for p in pairs),
    )


def grouped(pairs: Iterable[Pair], by: str) -> dict[str, list[Pair]]:
    """Pairs grouped by an attribute ("kind" or "question"), in sorted order."""
    groups: dict[str, list[Pair]] = {}
    for pair in pairs:
        groups.setdefault(getattr(pair, by), []).append(pair)
    return dict(sorted(groups.items()))


def load_corpus(folder: Path) -> list[CorpusAnswer]:
    """The corpus answers that have an examiner's mark, in the answers file's order.

    An answer marked more than once (by two examiners) takes the first mark listed.
    """
    folder = Path(folder)
    answers = tomllib.loads((folder / "answers.toml").read_text(encoding="utf-8")).get("answer", [])
    marks: dict[str, dict] = {}
    for mark in tomllib.loads((folder / "examiner-marks.toml").read_text(encoding="utf-8")).get("mark", []):
        marks.setdefault(mark["id"], mark)
    corpus = []
    for answer in answers:
        mark = marks.get(answer["id"])
        if mark is None:
            continue
        points = tuple(int(p) for p in mark.get("points", ()))
        total = int(mark["total"]) if "total" in mark else sum(points)
        corpus.append(
            CorpusAnswer(
                id=answer["id"],
                question=answer["question"],
                kind=answer.get("kind", ""),
                text=answer["text"],
                examiner=total,
                examiner_points=points,
                note=mark.get("note", ""),
            )
        )
    return corpus


def mark_corpus(corpus: Sequence[CorpusAnswer], questions: dict) -> list[Pair]:
    """Mark every corpus answer with its question's rubric (``questions``: id -> WrittenSpec-like)."""
    pairs = []
    for answer in corpus:
        spec = questions[answer.question]
        result = spec.score(answer.text)
        pairs.append(Pair(answer.id, answer.question, answer.kind, result.score, answer.examiner, result.maximum))
    return pairs
