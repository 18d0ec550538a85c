"""Branching scenarios as a graph: each malformed case is reported where it is, and paths score per ending."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.scoring.scenario import (
    BEST,
    BETTER_EXISTS,
    POOR,
    Choice,
    Ending,
    ScenarioGraph,
    Step,
    best_path,
    graph_problems,
    mood_change,
    score_path,
    valid_prefix,
    verdict,
    walk,
)


def good_graph() -> ScenarioGraph:
    """Greet → (listen | brush off) → offer → (refund | voucher); brush off can loop back to greet."""
    return ScenarioGraph(
        start="greet",
        steps=(
            Step(
                "greet",
                "Greeting",
                "At the desk.",
                "It's broken.",
                "upset",
                (
                    Choice("Listen", "offer", "Hear first.", 2),
                    Choice("Brush off", "brush", "Not listening.", 0),
                ),
            ),
            Step(
                "brush",
                "Brushed off",
                "Crosser.",
                "Excuse me?",
                "angry",
                (
                    Choice("Apologise", "greet", "Recover.", 1),
                    Choice("Shrug", "lost", "Lost them.", 0),
                ),
            ),
            Step(
                "offer",
                "The offer",
                "Calmer.",
                "What now?",
                "uneasy",
                (
                    Choice("Full refund", "refund", "Their right.", 2),
                    Choice("Voucher", "voucher", "Not what they asked.", 0),
                ),
            ),
        ),
        endings=(
            Ending("refund", "Refunded", "Happy customer.", 3, "pleased"),
            Ending("voucher", "Voucher", "Grumpy customer.", 1, "uneasy"),
            Ending("lost", "Lost", "Customer leaves.", 0, "angry"),
        ),
    )


def replace_step(graph: ScenarioGraph, step_id: str, **changes) -> ScenarioGraph:
    steps = tuple(Step(**{**s.__dict__, **changes}) if s.id == step_id else s for s in graph.steps)
    return ScenarioGraph(graph.start, steps, graph.endings)


def wheres(graph: ScenarioGraph) -> list[str]:
    return [p.where for p in graph_problems(graph)]


def test_a_good_scenario_has_no_problems():
    assert graph_problems(good_graph()) == []


def test_a_dangling_link_names_the_step_the_choice_and_a_close_id():
    graph = replace_step(
        good_graph(),
        "offer",
        choices=(Choice("Full refund", "refnd", "Right.", 2), Choice("Voucher", "voucher", "No.", 0)),
    )
    [problem] = [p for p in graph_problems(graph) if p.where.endswith(".next")]
    assert problem.where == "steps.offer.choices[1].next" and problem.step == "offer"
    assert "'refnd'" in problem.message and "did you mean 'refund'" in problem.message


def test_an_unreachable_step_and_ending_are_reported_by_id():
    graph = good_graph()
    graph = ScenarioGraph(
        graph.start,
        graph.steps
        + (Step("orphan", "Orphan", "Nobody comes here.", "Hello?", "calm", (Choice("Go", "refund", "Fine.", 1),)),),
        graph.endings + (Ending("island", "Island", "Never reached.", 1),),
    )
    problems = {p.where: p.message for p in graph_problems(graph)}
    assert "cannot be reached from the start ('greet')" in problems["steps.orphan"]
    assert "cannot be reached" in problems["endings.island"]


def test_a_loop_with_no_way_out_is_reported_for_each_trapped_step_with_the_loop():
    graph = replace_step(good_graph(), "brush", choices=(Choice("Apologise", "limbo", "Recover.", 1),))
    graph = ScenarioGraph(
        graph.start,
        graph.steps
        + (Step("limbo", "Limbo", "Round again.", "Hmm.", "uneasy", (Choice("Back", "brush", "Round.", 0),)),),
        graph.endings[:2] + (Ending("lost", "Lost", "Gone.", 0),),
    )
    problems = [p for p in graph_problems(graph) if "no ending can be reached" in p.message]
    assert {p.step for p in problems} == {"brush", "limbo"}
    assert any("brush → limbo → brush" in p.message for p in problems)
    assert all(p.where.endswith(".choices") for p in problems)


def test_a_loop_with_a_way_out_is_allowed():
    # greet → brush → greet is a loop, but greet leads on to an ending.
    assert graph_problems(good_graph()) == []
    assert walk(good_graph(), [1, 0, 0, 0]).ending.id == "refund"


def test_an_ending_without_an_outcome_and_a_choice_without_feedback():
    graph = good_graph()
    graph = ScenarioGraph(graph.start, graph.steps, (Ending("refund", "Refunded", "", 3),) + graph.endings[1:])
    graph = replace_step(
        graph, "greet", choices=(Choice("Listen", "offer", "", 2), Choice("Brush off", "brush", "Not listening.", 0))
    )
    problems = {p.where: p for p in graph_problems(graph)}
    assert "has no outcome" in problems["endings.refund.outcome"].message
    assert problems["steps.greet.choices[1].feedback"].step == "greet"
    assert "'Listen' has no feedback" in problems["steps.greet.choices[1].feedback"].message


def test_a_step_without_choices_a_bad_start_and_a_shared_id():
    graph = replace_step(good_graph(), "offer", choices=())
    assert "steps.offer.choices" in wheres(graph)
    bad_start = ScenarioGraph("gret", good_graph().steps, good_graph().endings)
    [problem] = graph_problems(bad_start)
    assert problem.where == "start" and "did you mean 'greet'" in problem.message
    shared = ScenarioGraph("greet", good_graph().steps, good_graph().endings + (Ending("offer", "Clash", "x", 1),))
    assert "endings.offer.id" in wheres(shared)


def test_negative_points_and_scores_and_no_positive_ending():
    graph = replace_step(
        good_graph(),
        "offer",
        choices=(Choice("Full refund", "refund", "Right.", -1), Choice("Voucher", "voucher", "No.", 0)),
    )
    assert "steps.offer.choices[1].points" in wheres(graph)
    zero = ScenarioGraph(
        "greet", good_graph().steps, tuple(Ending(e.id, e.title, e.outcome, 0) for e in good_graph().endings)
    )
    assert "endings" in wheres(zero)


def test_a_best_route_that_misses_the_top_ending_is_reported():
    graph = replace_step(
        good_graph(),
        "offer",
        choices=(Choice("Full refund", "refund", "Right.", 1), Choice("Voucher", "voucher", "No.", 2)),
    )
    [problem] = graph_problems(graph)
    assert problem.where == "endings.voucher.score"
    assert "leads to ending 'voucher' (score 1), but 'refund' scores 3" in problem.message


def test_best_choices_that_loop_are_reported():
    graph = replace_step(
        good_graph(), "greet", choices=(Choice("Listen", "offer", "Hear.", 0), Choice("Brush off", "brush", "No.", 2))
    )
    graph = replace_step(
        graph, "brush", choices=(Choice("Apologise", "greet", "Recover.", 2), Choice("Shrug", "lost", "Lost.", 0))
    )
    [problem] = graph_problems(graph)
    assert "go round in a loop (greet → brush → greet)" in problem.message


def test_unknown_mood_is_reported_by_step():
    graph = replace_step(good_graph(), "offer", mood="furious")
    assert "steps.offer.mood" in wheres(graph)


# --------------------------------------------------------------------------- playing and scoring


def test_the_score_is_the_endings_score_not_a_sum_of_choices():
    graph = good_graph()
    direct = score_path(graph, [0, 0])
    detour = score_path(graph, [1, 0, 0, 0])  # brush off, apologise, then the same good route
    assert (direct.score, direct.maximum, direct.ending.id) == (3, 3, "refund")
    assert detour.score == direct.score  # same outcome, same score, however long the route
    assert (detour.moves, detour.best_moves, detour.left_best_at) == (4, 3, 0)
    assert (direct.best_moves, direct.left_best_at) == (2, None)
    assert score_path(graph, [0, 1]).score == 1
    assert score_path(graph, [0]).score == 0 and not score_path(graph, [0]).complete


def test_walk_refuses_impossible_paths_and_valid_prefix_trims_them():
    graph = good_graph()
    with pytest.raises(ValueError, match="has no choice 5"):
        walk(graph, [5])
    with pytest.raises(ValueError, match="after the scenario has ended"):
        walk(graph, [0, 0, 0])
    assert valid_prefix(graph, [0, 0, 0, 1]) == [0, 0]
    assert valid_prefix(graph, [True, 0]) == []


def test_verdicts_compare_with_the_best_choice_at_the_step():
    graph = good_graph()
    greet, brush = graph.step("greet"), graph.step("brush")
    assert verdict(greet, greet.choices[0]) == BEST
    assert verdict(greet, greet.choices[1]) == POOR
    assert verdict(brush, brush.choices[0]) == BEST
    three = Step("x", "x", "x", "x", "calm", (Choice("a", "e", "f", 2), Choice("b", "e", "f", 1)))
    assert verdict(three, three.choices[1]) == BETTER_EXISTS


def test_mood_change_in_words():
    assert mood_change("angry", "uneasy") == "better (was angry, now uneasy)"
    assert mood_change("calm", "upset") == "worse (was calm, now upset)"
    assert mood_change("calm", "calm") == "no change (still calm)"
    assert mood_change("calm", "") == ""


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2), max_size=12))
def test_any_path_scores_between_zero_and_the_maximum_and_the_best_route_scores_the_maximum(path):
    graph = good_graph()
    kept = valid_prefix(graph, path)
    result = score_path(graph, kept)
    assert 0 <= result.score <= result.maximum
    assert result.best_moves <= result.moves == len(kept)
    assert score_path(graph, best_path(graph)).score == graph.maximum


@st.composite
def random_graphs(draw):
    """Small random scenarios: 1-5 steps, 1-3 endings, each choice pointing anywhere (or nowhere)."""
    n_steps = draw(st.integers(1, 5))
    n_endings = draw(st.integers(1, 3))
    step_ids = [f"s{i}" for i in range(n_steps)]
    ending_ids = [f"e{i}" for i in range(n_endings)]
    targets = st.sampled_from(step_ids + ending_ids + ["missing"])
    steps = []
    for step_id in step_ids:
        count = draw(st.integers(0, 3))
        choices = tuple(
            Choice(f"c{i}", draw(targets), draw(st.sampled_from(["", "why"])), draw(st.integers(0, 2)))
            for i in range(count)
        )
        steps.append(Step(step_id, step_id, "x", "y", "calm", choices))
    endings = tuple(Ending(e, e, draw(st.sampled_from(["", "what"])), draw(st.integers(0, 3))) for e in ending_ids)
    return ScenarioGraph("s0", tuple(steps), endings)


def _reach(graph: ScenarioGraph, start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        if graph.is_ending(node) or node not in {s.id for s in graph.steps}:
            continue
        for choice in graph.step(node).choices:
            if choice.next not in seen:
                seen.add(choice.next)
                todo.append(choice.next)
    return seen


@settings(max_examples=300, deadline=None)
@given(random_graphs())
def test_graph_problems_finds_every_unreachable_node_and_trap_that_brute_force_finds(graph):
    problems = graph_problems(graph)
    where = {p.where for p in problems}
    reached = _reach(graph, graph.start)
    ending_ids = {e.id for e in graph.endings}
    for step in graph.steps:
        if step.id not in reached:
            assert f"steps.{step.id}" in where
        elif step.choices and not (_reach(graph, step.id) & ending_ids):
            assert f"steps.{step.id}.choices" in where  # a loop (or dead end) with no way out
    for ending in graph.endings:
        if ending.id not in reached:
            assert f"endings.{ending.id}" in where
        if not ending.outcome:
            assert f"endings.{ending.id}.outcome" in where
    for step in graph.steps:
        for index, choice in enumerate(step.choices, 1):
            if not choice.feedback:
                assert f"steps.{step.id}.choices[{index}].feedback" in where
            if choice.next == "missing":
                assert f"steps.{step.id}.choices[{index}].next" in where
    if not problems:
        # A clean scenario can be played to every ending, and its best route earns the top score.
        assert ending_ids <= reached
        assert score_path(graph, best_path(graph)).score == graph.maximum
