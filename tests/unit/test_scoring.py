"""Scoring an order: the three Moodle methods, by hand-worked examples and by properties."""

import pytest
from hypothesis import given, strategies as st

from widgets.scoring.order import DEFAULT_METHOD, ORDER_METHODS, longest_increasing_run, score_order

CORRECT = ["contact", "record", "investigate", "resolve", "follow up", "review"]


def test_correct_order_scores_full_marks_under_every_method():
    assert score_order(CORRECT, CORRECT, "absolute").score == 6
    assert score_order(CORRECT, CORRECT, "relative_next").score == 5
    assert score_order(CORRECT, CORRECT, "longest_subsequence").score == 6


def test_absolute_counts_items_in_their_exact_place():
    given_order = ["record", "contact", "investigate", "resolve", "review", "follow up"]
    result = score_order(CORRECT, given_order, "absolute")
    assert (result.score, result.maximum) == (2, 6)
    assert [v.ok for v in result.verdicts] == [False, False, True, True, False, False]


def test_absolute_is_harsh_on_a_sequence_that_starts_one_place_late():
    shifted = CORRECT[-1:] + CORRECT[:-1]
    assert score_order(CORRECT, shifted, "absolute").score == 0
    # ...while the fairer default sees five of six steps in the right order.
    assert score_order(CORRECT, shifted, "longest_subsequence").score == 5


def test_relative_next_counts_correct_successors():
    given_order = ["contact", "record", "resolve", "investigate", "follow up", "review"]
    result = score_order(CORRECT, given_order, "relative_next")
    # contact→record ✓, record→resolve ✗, resolve→investigate ✗, investigate→follow up ✗, follow up→review ✓
    assert (result.score, result.maximum) == (2, 5)
    assert [v.points for v in result.verdicts] == [1, 0, 0, 0, 1, 0]
    assert result.verdicts[-1].ok  # review is truly last and follows follow up


def test_longest_subsequence_marks_only_the_items_to_move():
    given_order = ["review", "contact", "record", "investigate", "resolve", "follow up"]
    result = score_order(CORRECT, given_order, "longest_subsequence")
    assert (result.score, result.maximum) == (5, 6)
    assert result.misplaced == ("review",)


def test_longest_subsequence_gives_nothing_for_a_lone_item():
    reversed_order = list(reversed(CORRECT))
    result = score_order(CORRECT, reversed_order, "longest_subsequence")
    assert result.score == 0
    assert score_order(["a", "b"], ["b", "a"], "longest_subsequence").score == 0


def test_verdicts_report_positions_one_based():
    result = score_order(["a", "b", "c"], ["c", "a", "b"], "absolute")
    assert [(v.item, v.position, v.correct_position) for v in result.verdicts] == [
        ("c", 1, 3),
        ("a", 2, 1),
        ("b", 3, 2),
    ]


def test_default_method_is_longest_subsequence():
    assert DEFAULT_METHOD == "longest_subsequence"
    assert score_order(CORRECT, CORRECT).method == "longest_subsequence"


@pytest.mark.parametrize(
    "given_order, message",
    [(["a", "b"], "not a rearrangement"), (["a", "b", "b"], "not a rearrangement"), (["a", "b", "x"], "unexpected")],
)
def test_only_permutations_are_scored(given_order, message):
    with pytest.raises(ValueError, match=message):
        score_order(["a", "b", "c"], given_order)


def test_unknown_method_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown scoring method 'position'"):
        score_order(["a", "b"], ["a", "b"], "position")


def test_longest_increasing_run_finds_a_longest_run():
    ranks = [3, 0, 4, 1, 2, 5]
    run = longest_increasing_run(ranks)
    assert len(run) == 4
    chosen = [ranks[i] for i in sorted(run)]
    assert chosen == sorted(chosen)


orders = st.integers(min_value=2, max_value=12).flatmap(
    lambda n: st.tuples(st.just([f"item {i}" for i in range(n)]), st.permutations([f"item {i}" for i in range(n)]))
)


@given(orders, st.sampled_from(ORDER_METHODS))
def test_score_stays_between_zero_and_the_maximum(pair, method):
    expected, given_order = pair
    result = score_order(expected, given_order, method)
    assert 0 <= result.score <= result.maximum
    assert result.score == sum(v.points for v in result.verdicts)
    assert [v.item for v in result.verdicts] == list(given_order)


@given(orders, st.sampled_from(ORDER_METHODS))
def test_correct_order_always_scores_the_maximum(pair, method):
    expected, _ = pair
    result = score_order(expected, expected, method)
    assert result.score == result.maximum
    assert result.complete and not result.misplaced


@given(orders)
def test_anything_but_the_correct_order_loses_a_point(pair):
    expected, given_order = pair
    for method in ORDER_METHODS:
        result = score_order(expected, given_order, method)
        assert (result.score == result.maximum) == (list(given_order) == expected)


@given(orders)
def test_longest_subsequence_equals_n_minus_the_items_to_move(pair):
    expected, given_order = pair
    result = score_order(expected, given_order, "longest_subsequence")
    run = len(result.verdicts) - len(result.misplaced)
    assert result.score == (run if run >= 2 else 0)
