"""The rubric agrees with a blind examiner on the committed marking corpus (tests/marking-corpus).

Issue 16's goals: quadratic weighted kappa at least 0.85, within one mark on at least 95% of
answers, mean signed difference (rubric minus examiner) within 0.2 marks, and no answer
over-marked by 2 or more. The floors below are the figures measured when the rubrics were last
tuned, rounded down slightly, so that a later rubric or matcher edit cannot quietly undo them;
raise them when the marking improves. `python benchmarks/bench_marking.py` prints the figures and
every answer that is off by 2 or more.
"""

from pathlib import Path

import pytest

from widgets.content import load_kind
from widgets.scoring.agreement import agreement, grouped, load_corpus, mark_corpus

CORPUS = Path(__file__).resolve().parents[1] / "marking-corpus"

pytestmark = pytest.mark.skipif(
    not (CORPUS / "answers.toml").is_file() or not (CORPUS / "examiner-marks.toml").is_file(),
    reason="the marking corpus (tests/marking-corpus) is not in this checkout",
)

# INTERIM floors, until the figures are measured on the committed corpus: the marker must not be
# worse than issue 16 found it before this work (QWK 0.68, within one 69%, under-marking by 0.86 on
# average and by 2.4 on misspelt answers, one answer over-marked by 2). Replace them with the
# figures `python benchmarks/bench_marking.py` measures, rounded down slightly.
QWK_FLOOR = 0.68
WITHIN_ONE_FLOOR = 0.69
MEAN_DIFFERENCE_LIMIT = 0.86  # |rubric minus examiner|, on average
OVER_BY_TWO_LIMIT = 1
UNDER_BY_TWO_LIMIT = 60  # the issue counted 21 of 72; the corpus has about 216 answers
#: By kind of answer: the most the rubric may under-mark on average (a negative mean difference).
KIND_UNDER_LIMIT = 2.4


@pytest.fixture(scope="module")
def pairs():
    corpus = load_corpus(CORPUS)
    assert corpus, "the corpus has no marked answers"
    return mark_corpus(corpus, load_kind("written"))


def test_every_corpus_answer_names_a_written_question():
    questions = load_kind("written")
    assert {a.question for a in load_corpus(CORPUS)} <= set(questions)


def test_the_rubric_agrees_with_the_examiner_at_least_as_well_as_when_last_tuned(pairs):
    figures = agreement(pairs)
    assert figures.qwk >= QWK_FLOOR, figures
    assert figures.within_one >= WITHIN_ONE_FLOOR, figures
    assert abs(figures.mean_difference) <= MEAN_DIFFERENCE_LIMIT, figures
    assert figures.over_by_two <= OVER_BY_TWO_LIMIT, [(p.id, p.rubric, p.examiner) for p in pairs if p.difference >= 2]
    assert figures.under_by_two <= UNDER_BY_TWO_LIMIT, [
        (p.id, p.rubric, p.examiner) for p in pairs if p.difference <= -2
    ]


def test_no_kind_of_answer_is_under_marked_far_more_than_the_rest(pairs):
    for kind, group in grouped(pairs, "kind").items():
        assert agreement(group).mean_difference >= -KIND_UNDER_LIMIT, kind


KINDS = {
    "strong",
    "partial",
    "short",
    "misspelt",
    "eal",
    "everyday",
    "heap",
    "negated",
    "wrong-law",
    "off-topic",
    "stage-recital",
    "mixed",
}


def test_every_written_question_has_at_least_ten_marked_answers_of_every_kind():
    """Issue 16: at least 10 examiner-marked answers per written question, 200 in all, every kind."""
    corpus = load_corpus(CORPUS)
    assert len(corpus) >= 200
    by_question = {}
    for answer in corpus:
        by_question.setdefault(answer.question, []).append(answer)
    written = load_kind("written")
    for question_id in written:
        assert len(by_question.get(question_id, [])) >= 10, question_id
    assert {a.kind for a in corpus} >= KINDS


def test_every_examiner_mark_is_within_its_marking_points():
    """A mark the examiner gave adds up and stays inside each point's marks (a typo in the file shows here)."""
    written = load_kind("written")
    for answer in load_corpus(CORPUS):
        maxima = [p.marks for p in written[answer.question].points]
        assert len(answer.examiner_points) == len(maxima), answer.id
        assert all(0 <= got <= most for got, most in zip(answer.examiner_points, maxima)), answer.id
        assert answer.examiner == sum(answer.examiner_points), answer.id
