"""The sorting activity: scoring, content validation and the kernel side of the widget."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import traitlets
from hypothesis import given, strategies as st

from widgets import SortTask, score_sort
from widgets.content import ContentNotice, load_kind
from widgets.progress.store import load_progress
from widgets.activities.sorting import SortBucket, SortCard

from content_files import content_problems, write_content

# --------------------------------------------------------------------------- scoring

BUCKETS = ["reactive", "proactive"]
ACCEPTED = {
    "Refund a faulty kettle": ["reactive"],
    "Thank-you email": ["proactive"],
    "Service reminder": ["proactive"],
    "Call back after a complaint": ["reactive", "proactive"],
}


def test_a_perfect_sort_scores_one_point_per_card():
    placements = {
        "Refund a faulty kettle": "reactive",
        "Thank-you email": "proactive",
        "Service reminder": "proactive",
        "Call back after a complaint": "reactive",
    }
    result = score_sort(BUCKETS, ACCEPTED, placements)
    assert (result.score, result.maximum, result.complete) == (4, 4, True)
    assert result.misplaced == () and result.unsorted == ()


def test_a_card_that_fits_two_buckets_is_right_in_either():
    for bucket in BUCKETS:
        placements = {card: targets[0] for card, targets in ACCEPTED.items()}
        placements["Call back after a complaint"] = bucket
        assert score_sort(BUCKETS, ACCEPTED, placements).complete


def test_misplaced_and_unsorted_cards_earn_nothing_and_are_told_apart():
    placements = {
        "Refund a faulty kettle": "proactive",
        "Thank-you email": None,
        "Service reminder": "proactive",
        "Call back after a complaint": "proactive",
    }
    result = score_sort(BUCKETS, ACCEPTED, placements)
    assert (result.score, result.maximum) == (2, 4)
    assert result.misplaced == ("Refund a faulty kettle",)
    assert result.unsorted == ("Thank-you email",)
    verdict = result.verdicts[0]
    assert (verdict.card, verdict.placed, verdict.accepted, verdict.ok) == (
        "Refund a faulty kettle",
        "proactive",
        ("reactive",),
        False,
    )


def test_each_bucket_reports_how_many_of_its_cards_are_right():
    placements = {
        "Refund a faulty kettle": "proactive",
        "Thank-you email": None,
        "Service reminder": "proactive",
        "Call back after a complaint": "proactive",
    }
    result = score_sort(BUCKETS, ACCEPTED, placements)
    assert (result.bucket("proactive").correct, result.bucket("proactive").placed) == (2, 3)
    assert (result.bucket("reactive").correct, result.bucket("reactive").placed) == (0, 0)
    assert [b.bucket for b in result.buckets] == BUCKETS


def test_score_sort_refuses_placements_that_do_not_match_the_cards():
    right = {card: targets[0] for card, targets in ACCEPTED.items()}
    with pytest.raises(ValueError, match="missing"):
        score_sort(BUCKETS, ACCEPTED, {k: v for k, v in right.items() if k != "Thank-you email"})
    with pytest.raises(ValueError, match="unknown bucket 'loyalty'"):
        score_sort(BUCKETS, ACCEPTED, {**right, "Thank-you email": "loyalty"})
    with pytest.raises(ValueError, match="accepts unknown bucket"):
        score_sort(BUCKETS, {**ACCEPTED, "Thank-you email": ["thanks"]}, right)
    with pytest.raises(ValueError, match="accepts no bucket"):
        score_sort(BUCKETS, {**ACCEPTED, "Thank-you email": []}, right)


@st.composite
def sorting_problems(draw):
    """A random task (2-4 buckets, cards accepting 1+ buckets) and a random attempt at it."""
    buckets = [f"b{i}" for i in range(draw(st.integers(2, 4)))]
    n_cards = draw(st.integers(2, 12))
    accepted = {
        f"card {i}": draw(st.lists(st.sampled_from(buckets), min_size=1, max_size=len(buckets), unique=True))
        for i in range(n_cards)
    }
    placements = {card: draw(st.one_of(st.none(), st.sampled_from(buckets))) for card in accepted}
    return buckets, accepted, placements


@given(sorting_problems())
def test_score_is_the_number_of_cards_in_an_accepted_bucket_and_never_exceeds_the_maximum(problem):
    buckets, accepted, placements = problem
    result = score_sort(buckets, accepted, placements)
    assert 0 <= result.score <= result.maximum == len(accepted)
    assert result.score == sum(placements[c] in accepted[c] for c in accepted)
    assert sum(b.correct for b in result.buckets) == result.score
    assert sum(b.placed for b in result.buckets) + len(result.unsorted) == len(accepted)


@given(sorting_problems())
def test_putting_every_card_in_any_accepted_bucket_scores_full_marks(problem):
    buckets, accepted, _ = problem
    result = score_sort(buckets, accepted, {card: targets[-1] for card, targets in accepted.items()})
    assert result.complete and result.score == result.maximum


# --------------------------------------------------------------------------- content

GOOD = """
[[task]]
id = "mini-sort"
title = "Mini sort"
instructions = "Sort them."
[[task.buckets]]
id = "reactive"
label = "Reactive"
[[task.buckets]]
id = "proactive"
label = "Proactive"
[[task.cards]]
label = "Refund"
accept = ["reactive"]
why = "The customer asked first."
[[task.cards]]
label = "Thank-you email"
accept = ["proactive"]
why = "The business got in touch first."
[[task.cards]]
label = "Call after a complaint"
accept = ["reactive", "proactive"]
why = "It depends how you look at it."
"""


def write(folder: Path, text: str | bytes, name: str = "tasks.toml") -> Path:
    return write_content(folder, text, name, kind="sorting")


def problems_for(tmp_path: Path, text: str | bytes) -> list[str]:
    return content_problems(tmp_path, text, kind="sorting")


def test_a_good_file_loads_with_multi_bucket_cards(tmp_path):
    write(tmp_path, GOOD)
    spec = load_kind("sorting", tmp_path)["mini-sort"]
    assert [b.id for b in spec.buckets] == ["reactive", "proactive"]
    assert spec.cards[2].accept == ("reactive", "proactive")
    assert spec.buttons == ("check", "try_again", "solution") and spec.buckets[0].description == ""


def test_missing_field_names_file_task_and_field(tmp_path):
    [message] = problems_for(tmp_path, GOOD.replace('why = "The customer asked first."\n', ""))
    assert (
        "tasks.toml" in message
        and "task 'mini-sort'" in message
        and "field 'cards[1].why'" in message
        and "missing" in message
    )


def test_wrong_type_says_what_was_expected(tmp_path):
    [message] = problems_for(tmp_path, GOOD.replace('accept = ["reactive"]', 'accept = "reactive"'))
    assert "field 'cards[1].accept'" in message and "should be a list" in message


def test_duplicate_id_across_files(tmp_path):
    write(tmp_path, GOOD, "a.toml")
    [message] = problems_for(tmp_path, GOOD)
    assert (
        "task 'mini-sort'" in message and "field 'id'" in message and "already used" in message and "a.toml" in message
    )


def test_duplicate_cards_even_with_different_spacing_or_case(tmp_path):
    [message] = problems_for(tmp_path, GOOD.replace('label = "Thank-you email"', 'label = "  refund "'))
    assert "field 'cards[2].label'" in message and "same as entry 1" in message


def test_duplicate_bucket_ids_and_labels(tmp_path):
    [message] = problems_for(tmp_path, GOOD.replace('id = "proactive"', 'id = "reactive"'))
    assert "field 'buckets[2].id'" in message and "same as entry 1" in message
    [message] = problems_for(tmp_path, GOOD.replace('label = "Proactive"', 'label = "reactive"'))
    assert "field 'buckets[2].label'" in message and "same as bucket 1" in message


def test_a_card_in_an_unknown_bucket(tmp_path):
    [message] = problems_for(tmp_path, GOOD.replace('accept = ["proactive"]', 'accept = ["proactive", "loyalty"]'))
    assert "tasks.toml" in message and "task 'mini-sort'" in message and "field 'cards[2].accept[2]'" in message
    assert "'loyalty' is not a bucket of this task" in message and "reactive, proactive" in message


def test_a_bucket_with_no_cards(tmp_path):
    text = GOOD.replace(
        '[[task.cards]]\nlabel = "Refund"',
        '[[task.buckets]]\nid = "loyalty"\nlabel = "Loyalty"\n[[task.cards]]\nlabel = "Refund"',
    )
    [message] = problems_for(tmp_path, text)
    assert "task 'mini-sort'" in message and "field 'buckets[3]'" in message and "'loyalty' has no cards" in message


def test_too_few_or_too_many_buckets(tmp_path):
    one = GOOD.replace('[[task.buckets]]\nid = "proactive"\nlabel = "Proactive"\n', "")
    assert any("field 'buckets'" in m and "at least 2" in m for m in problems_for(tmp_path, one))
    extra = "".join(f'[[task.buckets]]\nid = "extra-{i}"\nlabel = "Extra {i}"\n' for i in range(3))
    many = GOOD.replace('[[task.cards]]\nlabel = "Refund"', extra + '[[task.cards]]\nlabel = "Refund"')
    assert any("field 'buckets'" in m and "at most 4" in m for m in problems_for(tmp_path, many))


def test_empty_lists_and_empty_file(tmp_path):
    no_accept = GOOD.replace('accept = ["reactive"]', "accept = []")
    assert any("field 'cards[1].accept'" in m and "at least 1" in m for m in problems_for(tmp_path, no_accept))
    [message] = problems_for(tmp_path, "\n \n")
    assert "tasks.toml" in message and "empty" in message


def test_bad_encoding(tmp_path):
    [message] = problems_for(tmp_path, GOOD.replace("Refund", "Caf\u00e9 refund").encode("cp1252"))
    assert "tasks.toml" in message and "not UTF-8" in message


def test_from_content_shows_a_notice_with_empty_placements(tmp_path, monkeypatch):
    write(tmp_path, GOOD.replace('accept = ["proactive"]', 'accept = ["loyalty"]'))
    monkeypatch.setenv("AFTER_SALES_DATA_DIR", str(tmp_path))
    notice = SortTask.from_content("mini-sort")
    assert isinstance(notice, ContentNotice)
    assert "field 'cards[2].accept[1]'" in repr(notice)
    assert notice.placements == {} and notice.score is None and notice.attempts == 0


def test_shipped_sorting_tasks_are_rich_enough_to_teach_from():
    tasks = load_kind("sorting")
    needed = {
        "before-during-after-sale",
        "after-sales-activity-types",
        "after-sales-terms",
        "team-support",
        "reactive-vs-proactive",
        "proactive-follow-up-choices",
        "explicit-vs-implicit-needs",
        "kano-factors",
        "speed-accuracy-friendliness",
        "meet-or-exceed",
    }
    assert needed <= set(tasks)
    for task_id in needed:
        spec = tasks[task_id]
        assert len(spec.cards) >= 8, f"{task_id} has only {len(spec.cards)} cards"
        assert all(len(card.why.split()) >= 8 for card in spec.cards), f"{task_id} has a card with a thin explanation"
    kano = {bucket.id for bucket in tasks["kano-factors"].buckets}
    assert kano == {"basic", "performance", "excitement"}


# --------------------------------------------------------------------------- the widget

CARDS = [
    ("Refund a faulty kettle", "reactive", "The customer came back first."),
    ("Thank-you email", "proactive", "Nobody asked for it."),
    ("Service reminder", "proactive", "Sent before the customer thinks of it."),
    (
        "Call back after a complaint",
        ["reactive", "proactive"],
        "Both: it began with a complaint but the call is unasked.",
    ),
]
LABELS = [label for label, _, _ in CARDS]
RIGHT = {
    "Refund a faulty kettle": "reactive",
    "Thank-you email": "proactive",
    "Service reminder": "proactive",
    "Call back after a complaint": "reactive",
}


@pytest.fixture
def task(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(tmp_path / "progress.json"))
    return SortTask(
        CARDS, [("reactive", "Reactive care"), ("proactive", "Proactive care")], title="Mini", task_id="mini"
    )


def press(task, action):
    """What the front end does when the learner clicks a button."""
    task._on_front_end_message(task, {"action": action}, [])


def test_starts_with_every_card_unsorted_and_dealt_the_same_way_every_run(task):
    assert task.placements == {label: None for label in LABELS}
    assert sorted(task.cards) == sorted(LABELS)
    again = SortTask(CARDS, [("reactive", "Reactive care"), ("proactive", "Proactive care")], task_id="mini")
    assert again.cards == task.cards
    assert [b["id"] for b in task.buckets] == ["reactive", "proactive"]


def test_check_scores_what_the_front_end_sent(task):
    task.set_state({"placements": {**RIGHT, "Refund a faulty kettle": "proactive", "Service reminder": None}})
    press(task, "check")
    assert (task.score, task.attempts, task.phase) == (2, 1, "checked")
    assert task.marks["Refund a faulty kettle"] == {
        "state": "wrong",
        "why": "The customer came back first.",
        "fits": [],
    }
    assert task.marks["Service reminder"] == {"state": "unsorted", "why": "", "fits": []}
    assert task.marks["Thank-you email"] == {"state": "ok", "why": "", "fits": []}
    assert task.bucket_marks == {"reactive": "1 of 1 right", "proactive": "1 of 2 right"}
    assert (
        task.summary
        == "Score 2 out of 4. 1 card is in the wrong category: read the hints, move them, then Check again. 1 card is not sorted yet."
    )
    assert task.announcement.startswith("Attempt 1: Score 2 out of 4.")
    assert not task.summary_ok


def test_a_card_that_fits_two_buckets_counts_in_either(task):
    for bucket in ("reactive", "proactive"):
        task.placements = {**RIGHT, "Call back after a complaint": bucket}
        task.check()
        assert task.score == 4 and task.summary_ok
    assert task.marks["Call back after a complaint"]["fits"] == ["Reactive care", "Proactive care"]
    assert all(mark["why"] for mark in task.marks.values())  # all right: every explanation is shown


def test_moving_a_card_after_check_clears_stale_marks(task):
    task.placements = RIGHT
    task.check()
    task.move("Thank-you email", None)
    assert task.phase == "working" and task.marks == {} and task.bucket_marks == {} and task.summary == ""
    assert task.placements["Thank-you email"] is None
    assert task.score == 4  # the last checked score is still readable


def test_placements_must_name_every_card_and_real_buckets(task):
    with pytest.raises(traitlets.TraitError):
        task.set_state({"placements": {"Thank-you email": "proactive"}})
    with pytest.raises(traitlets.TraitError):
        task.set_state({"placements": {**RIGHT, "Thank-you email": "loyalty"}})
    with pytest.raises(ValueError, match="no card"):
        task.move("<img src=x onerror=alert(1)>", "reactive")
    with pytest.raises(ValueError, match="no bucket"):
        task.move("Thank-you email", "Proactive care")  # a label, not an id
    assert task.placements == {label: None for label in LABELS}


def test_show_solution_places_every_card_and_explains_it(task):
    task.placements = {**RIGHT, "Call back after a complaint": "proactive", "Refund a faulty kettle": "proactive"}
    press(task, "solution")
    assert task.phase == "solution"
    assert task.placements == {**RIGHT, "Call back after a complaint": "proactive"}  # a right placement is kept
    assert [task.marks[label]["why"] for label in LABELS] == [why for _, _, why in CARDS]
    assert task.marks["Refund a faulty kettle"]["fits"] == ["Reactive care"]
    task.set_state({"placements": {label: None for label in LABELS}})  # the solution cannot be rearranged
    assert task.placements["Refund a faulty kettle"] == "reactive"
    press(task, "check")
    assert task.attempts == 0


def test_try_again_keeps_the_cards_but_deals_again_after_a_solution(task):
    task.placements = {**RIGHT, "Thank-you email": "reactive"}
    press(task, "check")
    press(task, "try_again")
    assert task.placements["Thank-you email"] == "reactive" and task.marks == {} and task.phase == "working"
    press(task, "solution")
    press(task, "try_again")
    assert task.phase == "working" and task.placements == {label: None for label in LABELS}
    task.move("Thank-you email", "proactive")
    assert task.placements["Thank-you email"] == "proactive"


def test_a_hidden_button_cannot_be_used(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(tmp_path / "p.json"))
    task = SortTask(
        CARDS, [("reactive", "Reactive"), ("proactive", "Proactive")], task_id="mini", buttons=["check", "try_again"]
    )
    press(task, "solution")
    assert task.phase == "working" and task.marks == {}


def test_repr_is_deterministic_and_reports_the_score(task):
    assert repr(task) == "SortTask('mini', 4 cards, 2 buckets)"
    task.placements = RIGHT
    task.check()
    assert repr(task) == "SortTask('mini', 4 cards, 2 buckets, score 4/4)"


def test_the_answer_key_is_not_synced_before_the_solution(task):
    state = json.dumps(task.get_state())
    assert all(why not in state for _, _, why in CARDS)
    task.placements = {**RIGHT, "Thank-you email": "reactive"}
    task.check()
    state = json.dumps(task.get_state())
    # Only the misplaced card's explanation is revealed; nothing says where the others may go.
    assert "Nobody asked for it." in state and "Sent before the customer" not in state and 'fits": ["' not in state


def test_progress_is_recorded_on_check(task, tmp_path):
    task.placements = {**RIGHT, "Thank-you email": None}
    press(task, "check")
    task.move("Thank-you email", "proactive")
    press(task, "check")
    saved = load_progress(tmp_path / "progress.json")["mini"]
    assert (saved["attempts"], saved["best"], saved["last"], saved["maximum"]) == (2, 4, 4, 4)


def test_constructor_refuses_bad_tasks_early():
    two = [("a", "A"), ("b", "B")]
    with pytest.raises(ValueError, match="2 to 4 buckets"):
        SortTask(CARDS, [("reactive", "Reactive")])
    with pytest.raises(ValueError, match="2 to 4 buckets"):
        SortTask([("x", "a", "w")], [(c, c.upper()) for c in "abcde"])
    with pytest.raises(ValueError, match="own label"):
        SortTask([("same", "a", "w"), ("same", "b", "w")], two)
    with pytest.raises(ValueError, match="must accept"):
        SortTask([("one", "a", "w"), ("two", "c", "w")], two)
    with pytest.raises(ValueError, match="have no cards"):
        SortTask([("one", "a", "w"), ("two", "a", "w")], two)
    with pytest.raises(ValueError, match="own id"):
        SortTask([("one", "a", "w"), ("two", "a", "w")], [("a", "A"), ("a", "B")])
    task = SortTask(
        [SortCard("one", ("a",), "w"), ("two", ["a", "b"], "w")], [SortBucket("a", "A"), ("b", "B", "a note")]
    )
    assert task.buckets[1] == {"id": "b", "label": "B", "description": "a note"}


def test_every_shipped_task_builds_and_solves_itself(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(tmp_path / "p.json"))
    for task_id in load_kind("sorting"):
        task = SortTask.from_content(task_id)
        assert repr(task).startswith(f"SortTask('{task_id}', ")
        task.show_solution()
        task.phase = "working"
        task.check()
        assert task.score == task.maximum, task_id
