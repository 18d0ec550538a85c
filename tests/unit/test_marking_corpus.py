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

# Floors: the figures `python benchmarks/bench_marking.py` measured when the rubrics were last tuned
# (7 December 2026), rounded down slightly. The rubrics were first tuned on the first set, dev and dev-2;
# each later set joined the tuning sets in its turn, as told below.
# dev-2 was the held-out set until 7 December 2026 (third session); it was opened for tuning then, at
# QWK 0.89, within one 90%, mean -0.08, 10 over by 2+, 13 under by 2+, worst kind -1.00 (heap), and a
# fresh held-out set (fresh/, writers 9 and 10, examiners C and D) was written and marked blind in its
# place. No rubric edit has looked at a fresh answer; only its figures are printed. Its first figures,
# with the marker as it was when its marks were committed, were:
#   fresh:     QWK 0.85, within one 88%, mean -0.18, 9 over by 2+, 19 under by 2+, worst kind -1.89 (heap)
# Fresh's examiners were told that a point asking to name something "may be met by a clear note"; they
# mark answers written as notes about a mark higher than examiner A, who marked the tuning sets. A
# calibration examiner given the same words marked dev-2's heap and everyday answers blind
# (dev-2/examiner-marks-calibration.toml): heaps +1.05 marks against examiner A, everyday answers +0.00.
# So fresh's heap figure is mostly that difference of standard; its floor is set a little below the
# first figure (-1.89, then -1.95 after the rule that the question's own words do not explain them).
# After this session's tuning (7 December 2026, third session), with every goal met on the three
# tuning sets:
#   first set: QWK 0.97, within one 99%, mean +0.05, 0 over by 2+, 3 under by 2+, worst kind -0.16
#   dev set:   QWK 0.95, within one 98%, mean +0.00, 0 over by 2+, 5 under by 2+, worst kind -0.37
#   dev-2:     QWK 0.95, within one 97%, mean -0.08, 0 over by 2+, 7 under by 2+, worst kind -0.53
#   fresh:     QWK 0.87, within one 89%, mean -0.14, 6 over by 2+, 18 under by 2+, worst kind -1.95 (heap)
# Then fresh was opened for tuning in its turn, and a second fresh set (fresh-2: writers 11 and 12,
# examiners F and G, same instructions as C and D) became the held-out set. Its first figures, with the
# marker tuned on the first three sets only: QWK 0.84, within one 86%, mean -0.20, 8 over, 25 under.
# After tuning on fresh as well (all four tuning sets, 912 answers):
#   fresh:     QWK 0.90, within one 93%, mean -0.17, 1 over by 2+, 14 under by 2+, worst kind -1.95 (heap)
#   fresh-2:   QWK 0.85, within one 86%, mean -0.22, 6 over by 2+, 25 under by 2+, worst kind -2.05 (heap)
# (The heap figures of both fresh sets are mostly a difference between examiners' standards for notes:
# see tests/marking-corpus/README.md, "Two standards for notes".)
# Fourth session (7 December 2026): fresh-2 was opened for tuning (some of its answers had been on
# screen), and a third fresh set (fresh-3: writers 13 and 14, examiners H and I) became the held-out set,
# marked blind and committed before the rubric ran on it. Its first figures, with the marker as it was
# then (b17d06f): QWK 0.88, within one 89%, mean -0.10, 6 over by 2+, 19 under by 2+, worst kind -1.84
# (heap). After tuning on all five tuning sets (1,140 answers): notes of the learner's own earn what they
# do, more wrong statements, vowel-only misspellings read:
#   first set: QWK 0.97, within one 99%, mean +0.06, 0 over by 2+, 2 under by 2+, worst kind -0.16
#   dev set:   QWK 0.95, within one 98%, mean +0.03, 0 over by 2+, 4 under by 2+, worst kind -0.32
#   dev-2:     QWK 0.95, within one 97%, mean -0.07, 0 over by 2+, 6 under by 2+, worst kind -0.53
#   fresh:     QWK 0.91, within one 94%, mean -0.13, 1 over by 2+, 12 under by 2+, worst kind -1.68 (heap)
#   fresh-2:   QWK 0.91, within one 94%, mean -0.12, 1 over by 2+, 12 under by 2+, worst kind -1.58 (heap)
#   fresh-3:   QWK 0.89, within one 90%, mean -0.07, 6 over by 2+, 16 under by 2+, worst kind -1.58 (heap)
# Fifth session (7 December 2026, evening): a fourth fresh set (fresh-4: writers 15 and 16, examiners J and
# K) was written and marked blind; its first look, with the marker unchanged since the figures above:
#   fresh-4:   QWK 0.85, within one 82%, mean -0.02, 19 over by 2+, 21 under by 2+, worst kind -1.16 (heap)
# fresh-3 was then opened for tuning (four of its over-marked answers were read) and fresh-4 became the
# held-out set. Its floor is its first look: the over-marks (wrong-law, negated, off-topic) are the work.
# Before issue 16's work the marker scored QWK 0.55 (first set) and 0.58 (the old held-out set).
# Raise the floors when the marking improves; never lower them to let an edit through.
FLOORS = {
    "tuning": dict(qwk=0.96, within_one=0.98, mean=0.08, over=0, under=2, kind_under=0.2),
    "dev": dict(qwk=0.95, within_one=0.97, mean=0.05, over=0, under=4, kind_under=0.35),
    "dev-2": dict(qwk=0.94, within_one=0.96, mean=0.10, over=0, under=6, kind_under=0.6),
    "fresh": dict(qwk=0.90, within_one=0.93, mean=0.15, over=1, under=12, kind_under=1.7),
    "fresh-2": dict(qwk=0.90, within_one=0.93, mean=0.14, over=1, under=12, kind_under=1.6),
    "fresh-3": dict(qwk=0.88, within_one=0.89, mean=0.10, over=6, under=16, kind_under=1.6),
    "fresh-4": dict(qwk=0.84, within_one=0.81, mean=0.05, over=19, under=21, kind_under=1.2),
}


FOLDERS = {
    "tuning": CORPUS,
    "dev": CORPUS / "dev",
    "dev-2": CORPUS / "dev-2",
    "fresh": CORPUS / "fresh",
    "fresh-2": CORPUS / "fresh-2",
    "fresh-3": CORPUS / "fresh-3",
    "fresh-4": CORPUS / "fresh-4",
}


@pytest.fixture(scope="module", params=sorted(FOLDERS))
def marked(request):
    corpus = load_corpus(FOLDERS[request.param])
    assert corpus, "the corpus has no marked answers"
    return FLOORS[request.param], mark_corpus(corpus, load_kind("written"))


def test_every_corpus_answer_names_a_written_question():
    questions = load_kind("written")
    assert {a.question for a in load_corpus(CORPUS)} <= set(questions)


def test_the_rubric_agrees_with_the_examiner_at_least_as_well_as_when_last_tuned(marked):
    floor, pairs = marked
    figures = agreement(pairs)
    assert figures.qwk >= floor["qwk"], figures
    assert figures.within_one >= floor["within_one"], figures
    assert abs(figures.mean_difference) <= floor["mean"], figures
    assert figures.over_by_two <= floor["over"], [(p.id, p.rubric, p.examiner) for p in pairs if p.difference >= 2]
    assert figures.under_by_two <= floor["under"], [(p.id, p.rubric, p.examiner) for p in pairs if p.difference <= -2]


def test_no_kind_of_answer_is_under_marked_far_more_than_the_rest(marked):
    floor, pairs = marked
    for kind, group in grouped(pairs, "kind").items():
        assert agreement(group).mean_difference >= -floor["kind_under"], kind


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


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_every_written_question_has_at_least_ten_marked_answers_of_every_kind(folder):
    """Issue 16: at least 10 examiner-marked answers per written question, 200 in all, every kind."""
    corpus = load_corpus(FOLDERS[folder])
    assert len(corpus) >= 200
    by_question = {}
    for answer in corpus:
        by_question.setdefault(answer.question, []).append(answer)
    written = load_kind("written")
    for question_id in written:
        assert len(by_question.get(question_id, [])) >= 10, question_id
    assert {a.kind for a in corpus} >= KINDS


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_every_examiner_mark_is_within_its_marking_points(folder):
    """A mark the examiner gave adds up and stays inside each point's marks (a typo in the file shows here)."""
    written = load_kind("written")
    for answer in load_corpus(FOLDERS[folder]):
        maxima = [p.marks for p in written[answer.question].points]
        assert len(answer.examiner_points) == len(maxima), answer.id
        assert all(0 <= got <= most for got, most in zip(answer.examiner_points, maxima)), answer.id
        assert answer.examiner == sum(answer.examiner_points), answer.id
