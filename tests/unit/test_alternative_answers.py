"""Answers with more than one right form: steps that may come in either order, and loops to other earlier stages."""

import itertools

import pytest
from hypothesis import given, settings, strategies as st

from widgets import OrderTask
from widgets.content import load_kind
from widgets.content import ContentError
from widgets.activities.ordering import shuffled
from widgets.scoring.order import ORDER_METHODS, closest_correct_order, reordered_groups, score_order

CYCLE = ["greet", "find needs", "advise", "sale", "deliver", "help", "follow up"]
SWAP = [["help", "follow up"]]


def is_correct(expected, given_order, groups):
    """Independent definition: every pair of steps not in one group keeps the listed order."""
    where = {item: i for i, item in enumerate(given_order)}
    together = {frozenset(pair) for group in groups for pair in itertools.combinations(group, 2)}
    return all(where[a] < where[b] for a, b in itertools.combinations(expected, 2) if frozenset((a, b)) not in together)


def test_either_order_of_a_group_scores_full_marks_under_every_method():
    swapped = CYCLE[:5] + ["follow up", "help"]
    for method in ORDER_METHODS:
        plain = score_order(CYCLE, swapped, method)
        allowed = score_order(CYCLE, swapped, method, SWAP)
        assert plain.score < plain.maximum
        assert allowed.score == allowed.maximum and allowed.complete and not allowed.misplaced


def test_a_group_does_not_excuse_a_step_outside_it():
    wrong = ["greet", "advise", "find needs", "sale", "deliver", "follow up", "help"]
    result = score_order(CYCLE, wrong, "longest_subsequence", SWAP)
    assert result.misplaced == ("advise",) or result.misplaced == ("find needs",)
    assert result.score == len(CYCLE) - 1


def test_closest_correct_order_keeps_the_learners_order_inside_each_group():
    given_order = ["follow up", "greet", "find needs", "advise", "sale", "deliver", "help"]
    assert closest_correct_order(CYCLE, given_order, SWAP) == CYCLE[:5] + ["follow up", "help"]
    assert reordered_groups(CYCLE, given_order, SWAP) == (0,)
    assert reordered_groups(CYCLE, CYCLE, SWAP) == ()


@pytest.mark.parametrize(
    "groups, message",
    [
        ([["greet", "advise"]], "next to each other"),
        ([["help", "follow up"], ["deliver", "help"]], "more than one"),
        ([["help", "thank"]], "not in the task"),
        ([["help"]], "two or more"),
    ],
)
def test_groups_that_are_not_a_precedence_relation_are_refused(groups, message):
    with pytest.raises(ValueError, match=message):
        score_order(CYCLE, CYCLE, "absolute", groups)


orders_with_a_group = st.integers(min_value=3, max_value=10).flatmap(
    lambda n: st.tuples(
        st.just([f"step {i}" for i in range(n)]),
        st.permutations([f"step {i}" for i in range(n)]),
        # Groups of two to five neighbouring steps: real tasks let two or three steps swap.
        st.integers(min_value=0, max_value=n - 2).flatmap(
            lambda start: st.integers(min_value=start + 2, max_value=min(n, start + 5)).map(lambda end: (start, end))
        ),
    )
)


@given(orders_with_a_group, st.sampled_from(ORDER_METHODS))
def test_full_marks_exactly_when_the_order_keeps_every_fixed_step(case, method):
    expected, given_order, (start, end) = case
    groups = [expected[start:end]]
    result = score_order(expected, given_order, method, groups)
    assert 0 <= result.score <= result.maximum
    assert (result.score == result.maximum) == is_correct(expected, given_order, groups)
    assert result.complete == is_correct(expected, given_order, groups)


@settings(deadline=None)
@given(orders_with_a_group, st.sampled_from(ORDER_METHODS))
def test_allowing_a_swap_never_costs_a_point(case, method):
    expected, given_order, (start, end) = case
    assert (
        score_order(expected, given_order, method, [expected[start:end]]).score
        >= score_order(expected, given_order, method).score
    )


@given(orders_with_a_group)
def test_every_order_of_the_group_is_right(case):
    expected, _, (start, end) = case
    group = expected[start:end]
    for arrangement in itertools.islice(itertools.permutations(group), 24):
        candidate = expected[:start] + list(arrangement) + expected[end:]
        assert score_order(expected, candidate, "longest_subsequence", [group]).complete


# --------------------------------------------------------------------------- the widget

ITEMS = [(label, f"Why {label} sits here.") for label in CYCLE]


@pytest.fixture
def task(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(tmp_path / "progress.json"))
    return OrderTask(
        ITEMS, task_id="cycle", either_order=[(("help", "follow up"), "A check-in can come before any question.")]
    )


def press(task, action):
    task._on_front_end_message(task, {"action": action}, [])


def test_the_widget_accepts_the_other_order_and_says_why(task):
    task.set_state({"order": CYCLE[:5] + ["follow up", "help"]})
    press(task, "check")
    assert task.score == 7 and task.summary_ok
    assert (
        "Your order differs from the usual one, and that is fine: A check-in can come before any question."
        in task.summary
    )
    assert "Either order is right here" in task.marks["help"]["why"]


def test_the_listed_order_is_right_without_the_extra_note(task):
    task.set_state({"order": CYCLE})
    press(task, "check")
    assert task.summary_ok and "differs" not in task.summary


def test_the_solution_explains_the_group(task):
    press(task, "solution")
    assert task.marks["follow up"]["why"].endswith(
        "Either order is right here: A check-in can come before any question."
    )
    assert task.marks["greet"]["why"] == "Why greet sits here."


def test_the_starting_shuffle_is_never_a_correct_order():
    for seed in range(200):
        start = shuffled(CYCLE, seed, SWAP)
        assert not is_correct(CYCLE, start, SWAP)


def test_the_widget_refuses_a_group_with_a_gap():
    with pytest.raises(ValueError, match="next to each other"):
        OrderTask(ITEMS, either_order=[(("greet", "sale"), "no")])


# --------------------------------------------------------------------------- content

GOOD = """
[[task]]
id = "mini"
title = "Mini"
instructions = "Order them."
[[task.items]]
label = "First"
why = "One."
[[task.items]]
label = "Second"
why = "Two."
[[task.items]]
label = "Third"
why = "Three."
[[task.either_order]]
items = [2, 3]
why = "Both are fine."
"""


def write(folder, text):
    (folder / "ordering").mkdir(exist_ok=True)
    (folder / "ordering" / "mini.toml").write_text(text, encoding="utf-8")


def test_content_groups_are_loaded_by_position(tmp_path):
    write(tmp_path, GOOD)
    spec = load_kind("ordering", tmp_path)["mini"]
    assert spec.either_order[0].labels == ("Second", "Third")
    assert OrderTask.from_spec(spec)._groups == [["Second", "Third"]]


@pytest.mark.parametrize(
    "items, message",
    [
        ("[1, 3]", "next to each other"),
        ("[2, 4]", "are not positions of this task's steps (1 to 3)"),
        ("[1, 2, 3]", "cannot cover every step"),
    ],
)
def test_content_problems_name_the_file_task_and_field(tmp_path, items, message):
    write(tmp_path, GOOD.replace("items = [2, 3]", f"items = {items}"))
    with pytest.raises(ContentError) as caught:
        load_kind("ordering", tmp_path)
    text = str(caught.value)
    assert "mini.toml" in text and "task 'mini'" in text and "either_order" in text and message in text


def test_the_shipped_tasks_that_allow_a_swap():
    tasks = load_kind("ordering")
    assert tasks["customer-service-cycle"].either_order[0].labels == (
        "Help with questions or problems as they come up",
        "Follow up to check the customer is happy",
    )
    assert len(tasks["closed-loop-steps"].either_order[0].labels) == 2
    assert len(tasks["processing-a-return"].either_order[0].labels) == 3


# --------------------------------------------------------------------------- flowchart loops to other earlier stages

from pathlib import Path  # noqa: E402

from widgets.activities.flowchart import load_charts  # noqa: E402

ROOT_DATA = Path(__file__).resolve().parents[2] / "data"
from widgets.scoring.flow import check_flow  # noqa: E402


def _answer(chart, loop_target=None):
    label = {n.id: n.label for n in chart.nodes if n.kind != "note"}
    links = []
    for e in chart.edges:
        target = loop_target if (e.loop and loop_target) else e.target
        links.append((label[e.source], label[target]))
    return list(label.values()), links


@pytest.mark.parametrize("target", ["sale", "record", "investigate", "resolve"])
def test_a_loop_to_any_sensible_earlier_stage_earns_the_point_and_names_the_best(target):
    chart = load_charts()["after-sales-process"]
    steps, links = _answer(chart, target)
    result = check_flow(chart, steps, links)
    assert result.complete and result.score == result.maximum and not result.missing_loop
    texts = [m.text for m in result.messages if m.ok and m.text.startswith("The feedback loop")]
    assert len(texts) == 1 and "counts: it goes back to an earlier stage" in texts[0]
    assert "The best place for it is “First contact after the sale" in texts[0]


def test_a_loop_to_the_best_stage_says_only_that_it_is_right():
    chart = load_charts()["after-sales-process"]
    steps, links = _answer(chart)
    result = check_flow(chart, steps, links)
    assert result.complete
    assert any(m.text.startswith("The feedback loop") and m.text.endswith("is right.") for m in result.messages)


def test_a_loop_to_a_stage_not_listed_is_still_wrong():
    chart = load_charts()["after-sales-process"]
    steps, links = _answer(chart, "follow-up")
    result = check_flow(chart, steps, links)
    assert not result.complete and result.missing_loop


def test_also_to_is_only_for_loops_and_names_real_nodes(tmp_path):
    from widgets.content import ContentError as Problem

    text = (ROOT_DATA / "flowcharts" / "processes.toml").read_text(encoding="utf-8")
    bad = text.replace('also_to = ["sale", "record", "investigate", "resolve"]', 'also_to = ["sale", "nowhere"]', 1)
    (tmp_path / "flowcharts").mkdir()
    (tmp_path / "flowcharts" / "processes.toml").write_text(bad, encoding="utf-8")
    with pytest.raises(Problem) as caught:
        load_charts(tmp_path)
    assert (
        "chart 'after-sales-process'" in str(caught.value)
        and "also_to[2]" in str(caught.value)
        and "'nowhere'" in str(caught.value)
    )
