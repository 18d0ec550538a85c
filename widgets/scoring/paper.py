"""Totals for a mock paper: the marks of each question, grouped by the examiner's marking points (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence


@dataclass(frozen=True)
class QuestionMark:
    """One question's mark, with its rubric points (text, marks, maximum) when it has them."""

    id: str
    title: str
    score: int
    maximum: int
    points: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True)
class Section:
    """One examiner marking point of the syllabus, and the questions that assess it."""

    short: str
    marking_point: str
    seed: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class SectionMark:
    """How the learner did on one examiner marking point."""

    section: Section
    score: int
    maximum: int
    questions: tuple[QuestionMark, ...]


@dataclass(frozen=True)
class PaperTotals:
    """The whole paper: total, maximum and the per-marking-point breakdown."""

    score: int
    maximum: int
    sections: tuple[SectionMark, ...]

    @property
    def percent(self) -> int:
        """The total as a whole-number percentage (0 for an empty paper)."""
        return round(100 * self.score / self.maximum) if self.maximum else 0


def total_paper(sections: Sequence[Section], marks: Mapping[str, QuestionMark]) -> PaperTotals:
    """Add up ``marks`` by section. Every question must be marked, and appear in one section only."""
    seen: set[str] = set()
    results = []
    for section in sections:
        questions = []
        for question_id in section.questions:
            if question_id in seen:
                raise ValueError(f"question {question_id!r} is in more than one section")
            if question_id not in marks:
                raise ValueError(f"question {question_id!r} has no mark")
            seen.add(question_id)
            mark = marks[question_id]
            if not 0 <= mark.score <= mark.maximum:
                raise ValueError(f"question {question_id!r} scores {mark.score} of {mark.maximum}")
            questions.append(mark)
        results.append(
            SectionMark(section, sum(q.score for q in questions), sum(q.maximum for q in questions), tuple(questions))
        )
    return PaperTotals(sum(s.score for s in results), sum(s.maximum for s in results), tuple(results))
