"""The agreement statistics the marking benchmark prints, checked against values worked out by hand
on a private fixture (tests/unit/marking-fixture: six made-up answers, not the marking corpus)."""

from pathlib import Path

import pytest

from widgets.scoring.agreement import Pair, agreement, grouped, load_corpus, mark_corpus, quadratic_weighted_kappa

FIXTURE = Path(__file__).parent / "marking-fixture"


class Fixed:
    """A stand-in question whose 'rubric' gives fixed totals, so the figures are known exactly."""

    def __init__(self, totals, maximum=2):
        self.totals, self.maximum = totals, maximum

    def score(self, text):
        class Result:
            pass

        result = Result()
        result.score, result.maximum = self.totals[text], self.maximum
        return result


def test_the_corpus_format_is_read_first_mark_wins_and_unmarked_answers_are_left_out():
    corpus = load_corpus(FIXTURE)
    assert [a.id[-2:] for a in corpus] == ["01", "02", "03", "04", "05", "06"]
    assert [a.examiner for a in corpus] == [2, 2, 0, 1, 1, 1]
    assert corpus[1].kind == "misspelt" and corpus[1].examiner_points == (1, 1) and "misspelt" in corpus[1].note


def test_figures_match_the_hand_computed_values():
    corpus = load_corpus(FIXTURE)
    # (rubric, examiner) = (2,2) (1,2) (0,0) (1,1) (2,1) (0,1)
    rubric = dict(zip((a.text for a in corpus), [2, 1, 0, 1, 2, 0]))
    pairs = mark_corpus(corpus, {"mock-feedback-methods": Fixed(rubric)})
    figures = agreement(pairs)
    assert figures.count == 6
    assert figures.exact == pytest.approx(3 / 6)
    assert figures.within_one == pytest.approx(1.0)
    assert figures.mean_difference == pytest.approx(-1 / 6)
    # Observed weighted disagreement 3 x 1/4 = 0.75; expected by chance 1.75 (row totals 2,2,2 and
    # column totals 1,3,2 over 6, weights (i-j)^2/4): kappa = 1 - 0.75/1.75 = 4/7.
    assert figures.qwk == pytest.approx(4 / 7)
    assert figures.over_by_two == 0 and figures.under_by_two == 0
    assert not figures.goals["QWK at least 0.85"] and figures.goals["within one mark at least 95%"]
    assert list(grouped(pairs, "kind")) == sorted({a.kind for a in corpus})


def test_kappa_edge_cases():
    assert quadratic_weighted_kappa([0, 1, 2, 3], [0, 1, 2, 3], 4) == pytest.approx(1.0)
    # Reversed marks on a 0..2 scale: as far from agreement as can be.
    assert quadratic_weighted_kappa([0, 2], [2, 0], 3) == pytest.approx(-1.0)
    assert quadratic_weighted_kappa([1, 1], [1, 1], 3) == 1.0  # nothing to weigh, and they agree
    assert quadratic_weighted_kappa([], [], 3) == 1.0
    with pytest.raises(ValueError):
        quadratic_weighted_kappa([0, 3], [0, 1], 3)


def test_off_by_two_is_counted_each_way():
    pairs = [Pair("a", "q", "k", 3, 0, 4), Pair("b", "q", "k", 0, 2, 4), Pair("c", "q", "k", 1, 1, 4)]
    figures = agreement(pairs)
    assert (figures.over_by_two, figures.under_by_two) == (1, 1)
    assert not figures.goals["no answer over-marked by 2 or more"]


def test_the_fixture_marked_by_the_real_rubric():
    from widgets.content import load_kind

    pairs = mark_corpus(load_corpus(FIXTURE), load_kind("written"))
    by_id = {p.id[-2:]: p.rubric for p in pairs}
    # The misspelt and the everyday answers both name two methods the rubric can read.
    assert by_id["02"] == 2 and by_id["05"] == 2 and by_id["03"] == 0
