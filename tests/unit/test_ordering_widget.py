"""The ordering widget's kernel side, driven as the front end would drive it."""

import json

import pytest
import traitlets

from widgets import OrderTask
from widgets.activities.ordering import shuffled
from widgets.progress.store import load_progress, progress_summary

ITEMS = [
    ("Customer gets in touch", "Contact starts the after-sales process."),
    ("Record the issue", "Recording comes before investigating so nothing is lost."),
    ("Resolve the issue", "Resolution follows the investigation."),
    ("Follow up", "Follow-up comes after resolution because it checks the fix worked."),
]
LABELS = [label for label, _ in ITEMS]


@pytest.fixture
def task(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(tmp_path / "progress.json"))
    return OrderTask(ITEMS, title="Mini", task_id="mini")


def press(task, action):
    """What the front end does when the learner clicks a button."""
    task._on_front_end_message(task, {"action": action}, [])


def test_starts_shuffled_and_never_already_correct():
    for seed in range(300):
        assert shuffled(LABELS, seed) != LABELS
        assert sorted(shuffled(LABELS, seed)) == sorted(LABELS)
    assert shuffled(["a", "b"], 0) == ["b", "a"]


def test_same_task_starts_the_same_way_every_run():
    assert OrderTask(ITEMS, task_id="mini").order == OrderTask(ITEMS, task_id="mini").order


def test_check_scores_the_learners_order(task):
    task.set_state({"order": [LABELS[3]] + LABELS[:3]})  # follow-up dragged to the top
    press(task, "check")
    assert (task.score, task.attempts, task.phase) == (3, 1, "checked")
    assert task.marks[LABELS[3]] == {"ok": False, "why": ITEMS[3][1]}
    assert task.marks[LABELS[0]] == {"ok": True, "why": ""}
    assert task.summary.startswith("Score 3 out of 4.") and not task.summary_ok
    assert "Attempt 1: Score 3 out of 4" in task.announcement


def test_a_right_answer_shows_every_explanation(task):
    task.set_trait("order", LABELS)
    press(task, "check")
    assert task.score == 4 and task.summary_ok
    assert all(mark["ok"] and mark["why"] for mark in task.marks.values())


def test_moving_after_check_clears_stale_marks(task):
    task.order = LABELS
    task.check()
    task.move(LABELS[0], 4)
    assert task.phase == "working" and task.marks == {} and task.summary == ""
    assert task.order == LABELS[1:] + LABELS[:1]
    assert task.score == 4  # the last checked score is still readable


def test_the_order_must_be_a_rearrangement(task):
    before = list(task.order)
    with pytest.raises(traitlets.TraitError):
        task.set_state({"order": LABELS[:3]})
    with pytest.raises(traitlets.TraitError):
        task.order = LABELS[:3] + ["<img src=x onerror=alert(1)>"]
    assert task.order == before


def test_show_solution_reveals_order_and_every_explanation(task):
    press(task, "solution")
    assert task.order == LABELS and task.phase == "solution"
    assert [task.marks[label]["why"] for label in LABELS] == [why for _, why in ITEMS]
    task.set_state({"order": list(reversed(LABELS))})  # the solution cannot be rearranged
    assert task.order == LABELS


def test_try_again_keeps_the_learners_order_but_reshuffles_after_a_solution(task):
    task.order = [LABELS[1], LABELS[0], LABELS[2], LABELS[3]]
    press(task, "check")
    press(task, "try_again")
    assert task.order == [LABELS[1], LABELS[0], LABELS[2], LABELS[3]] and task.marks == {}
    press(task, "solution")
    press(task, "try_again")
    assert task.phase == "working" and task.order != LABELS and sorted(task.order) == sorted(LABELS)


def test_a_hidden_button_cannot_be_used(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(tmp_path / "p.json"))
    task = OrderTask(ITEMS, task_id="mini", buttons=["check", "try_again"])
    press(task, "solution")
    assert task.phase == "working" and task.marks == {}


def test_repr_is_deterministic_and_reports_the_score(task):
    assert repr(task) == "OrderTask('mini', 4 items, scoring=longest_subsequence)"
    task.order = LABELS
    task.check()
    assert repr(task) == "OrderTask('mini', 4 items, scoring=longest_subsequence, score 4/4)"


def test_two_displays_share_one_state(task):
    # Two displays are two views of one model: the kernel object is the single source of truth.
    first, second = task._repr_mimebundle_(), task._repr_mimebundle_()
    first_id = first[0]["application/vnd.jupyter.widget-view+json"]["model_id"]
    assert first_id == second[0]["application/vnd.jupyter.widget-view+json"]["model_id"] == task.model_id


def test_constructor_refuses_bad_tasks_early():
    with pytest.raises(ValueError, match="at least 2"):
        OrderTask([("only", "why")])
    with pytest.raises(ValueError, match="own label"):
        OrderTask([("same", "a"), ("same", "b")])
    with pytest.raises(ValueError, match="unknown scoring method"):
        OrderTask(ITEMS, scoring="position")
    with pytest.raises(traitlets.TraitError, match="unknown button"):
        OrderTask(ITEMS, buttons=["check", "hint"])


def test_the_answer_key_is_not_synced_before_the_solution(task):
    state = json.dumps(task.get_state())
    assert all(why not in state for _, why in ITEMS)


def test_progress_is_recorded_on_check(task, tmp_path):
    task.order = LABELS
    press(task, "check")
    press(task, "try_again")
    task.move(LABELS[0], 4)
    press(task, "check")
    saved = load_progress(tmp_path / "progress.json")["mini"]
    assert (saved["attempts"], saved["best"], saved["last"], saved["maximum"]) == (2, 4, 3, 4)
    assert "mini" in progress_summary(tmp_path / "progress.json")


def test_an_unwritable_progress_store_does_not_break_the_activity(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(blocker / "progress.json"))
    task = OrderTask(ITEMS, task_id="mini")
    task.order = LABELS
    task.check()
    assert task.score == 4


def test_labels_with_markup_stay_plain_text_in_the_state(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(tmp_path / "p.json"))
    hostile = [("<img src=x onerror=alert(1)>", "why"), ('Say "hi" & {bye}', "why")]
    task = OrderTask(hostile, task_id="hostile")
    assert sorted(task.order) == sorted(label for label, _ in hostile)


def test_check_scores_the_order_sent_with_it_even_if_a_state_update_lags(task):
    # ipywidgets can hold back a state update; the Check message carries the order the learner sees.
    task._on_front_end_message(task, {"action": "check", "state": {"order": LABELS}}, [])
    assert task.score == 4 and task.order == LABELS


def test_a_malformed_order_in_a_message_is_ignored(task):
    before = list(task.order)
    task._on_front_end_message(task, {"action": "check", "state": {"order": ["nonsense"]}}, [])
    assert task.order == before and task.attempts == 1
