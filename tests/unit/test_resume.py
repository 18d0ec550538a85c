"""Every activity comes back as the learner left it after a restart, with Start again; tutor mode shows solutions."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from widgets import FlowBuildTask, OrderTask, Question, SortTask, WrittenAnswer
from widgets._base import DRAFT_DELAY, START_AGAIN, TUTOR_VIEW
from widgets.progress.store import last_answer, load_document

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def own_store(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("AFTER_SALES_TUTOR", raising=False)
    return tmp_path / "progress.json"


def restart(widget):
    """What the next kernel builds when the learner runs the cell again."""
    return type(widget).from_content(widget.task_id)


def assert_resumed(widget):
    assert START_AGAIN in widget.buttons
    assert widget.summary.startswith("Your answer from last time is back")


def test_an_order_comes_back_after_a_restart_and_start_again_gives_the_fresh_shuffle():
    task = OrderTask.from_content("customer-service-cycle")
    fresh = list(task.order)
    assert START_AGAIN not in task.buttons and task.summary == ""
    task.move(fresh[-1], 1)
    moved = list(task.order)
    assert task.save_draft()
    again = restart(task)
    assert again.order == moved and again.order != fresh
    assert_resumed(again)
    again.start_again()
    assert again.order == fresh and START_AGAIN not in again.buttons and again.summary == ""
    assert restart(again).order == fresh  # and it stays fresh after the next restart
    assert START_AGAIN not in restart(again).buttons


def test_a_move_is_saved_by_itself_a_moment_later():
    task = OrderTask.from_content("customer-service-cycle")
    task.move(task.order[-1], 1)
    time.sleep(DRAFT_DELAY + 1.0)
    assert last_answer("customer-service-cycle") == {"order": task.order}


def test_the_first_move_is_saved_at_once_and_a_quick_run_of_moves_once_after_the_last():
    task = OrderTask.from_content("customer-service-cycle")
    task.move(task.order[-1], 1)
    assert last_answer("customer-service-cycle") == {"order": task.order}, "no wait: a tab closed now keeps it"
    first = list(task.order)
    task.move(task.order[-1], 2)  # straight after: one of a run, saved after a quiet moment
    assert last_answer("customer-service-cycle") == {"order": first}
    time.sleep(DRAFT_DELAY + 1.0)
    assert last_answer("customer-service-cycle") == {"order": task.order}


def test_a_draft_still_waiting_is_saved_when_the_kernel_is_sent_sigterm(tmp_path):
    """jupyter_client sends SIGTERM to a kernel slow to stop after a shutdown request; atexit does not run then."""
    store = tmp_path / "progress.json"
    script = textwrap.dedent(
        """
        import os, signal
        from widgets import OrderTask
        task = OrderTask.from_content("customer-service-cycle")
        task.move(task.order[-1], 1)
        task.move(task.order[-1], 2)  # waits on the timer
        print(" | ".join(task.order), flush=True)
        os.kill(os.getpid(), signal.SIGTERM)
        signal.pause()
        """
    )
    env = {**os.environ, "AFTER_SALES_PROGRESS": str(store), "PYTHONPATH": str(ROOT)}
    env.pop("AFTER_SALES_TUTOR", None)
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGTERM, run.stderr  # it still stops as SIGTERM asks
    order = run.stdout.strip().split(" | ")
    assert last_answer("customer-service-cycle", store) == {"order": order}


def test_the_checked_order_comes_back_and_the_checked_attempt_records_it(own_store):
    task = OrderTask.from_content("customer-service-cycle")
    task.move(task.order[-1], 1)
    task.check()
    assert restart(task).order == task.order
    attempt = load_document(own_store).document["activities"]["customer-service-cycle"]["attempts"][-1]
    assert attempt["answer"] == {"order": task.order}


def test_placements_come_back():
    task = SortTask.from_content("before-during-after-sale")
    card = task.cards[0]
    task.move(card, task.buckets[1]["id"])
    task.save_draft()
    again = restart(task)
    assert again.placements[card] == task.buckets[1]["id"]
    assert_resumed(again)
    again.start_again()
    assert again.placements[card] is None


def test_choices_and_written_text_come_back_including_text_never_checked():
    choice = Question.from_content("reactive-or-proactive-check")
    choice.selected = [choice.options[1]]
    choice.save_draft()
    assert restart(choice).selected == [choice.options[1]]
    written = WrittenAnswer.from_content("proactive-follow-up-plan")
    written.response = "I would phone the customer a week after delivery"
    written.check()
    written.response += " and ask whether the sofa arrived undamaged."  # typed after Compare, never checked
    written.save_draft()
    again = restart(written)
    assert again.response.endswith("arrived undamaged.")
    assert_resumed(again)


def test_a_flowchart_comes_back():
    build = FlowBuildTask.from_content("after-sales-process")
    build.choose(build.cards[0], build.cards[1])
    build.connect(build.cards[0], build.cards[1])
    build.save_draft()
    again = restart(build)
    assert sorted(again.chosen) == sorted(build.chosen) and again.connections == [[build.cards[0], build.cards[1]]]
    assert_resumed(again)


def test_a_saved_answer_that_no_longer_fits_the_content_is_ignored(own_store):
    from widgets.progress.store import save_draft

    save_draft("customer-service-cycle", {"order": ["an item that was renamed"]})
    task = OrderTask.from_content("customer-service-cycle")
    assert START_AGAIN not in task.buttons and len(task.order) > 1


def test_the_solution_shown_is_not_saved_as_the_learners_answer():
    task = OrderTask.from_content("customer-service-cycle")
    task.move(task.order[-1], 1)
    mine = list(task.order)
    task.save_draft()
    task.show_solution()
    time.sleep(DRAFT_DELAY + 1.0)
    assert last_answer("customer-service-cycle") == {"order": mine}


def test_tutor_mode_opens_every_activity_with_its_solution(monkeypatch):
    monkeypatch.setenv("AFTER_SALES_TUTOR", "1")
    task = OrderTask.from_content("customer-service-cycle")
    assert task.phase == "solution" and task.summary.startswith("Tutor mode: Solution")
    question = WrittenAnswer.from_content("proactive-follow-up-plan")
    assert question.phase == "solution" and question.reveal["model_answer"]


def test_tutor_mode_is_off_by_default():
    task = OrderTask.from_content("customer-service-cycle")
    assert task.phase == "working" and not task.tutor
    task._on_front_end_message(task, {"action": TUTOR_VIEW}, [])
    assert task.phase == "working" and not task.tutor_view, "a learner's session has no Tutor view"


def test_the_tutor_view_toggle_hides_the_answer_and_shows_it_again(monkeypatch):
    """What a tutor presenting slides does: let the class try, then reveal the answer on the same slide."""
    monkeypatch.setenv("AFTER_SALES_TUTOR", "1")
    task = OrderTask.from_content("customer-service-cycle")
    answer = list(task.order)
    assert task.tutor and task.tutor_view and task.phase == "solution"
    task._on_front_end_message(task, {"action": TUTOR_VIEW}, [])
    assert not task.tutor_view and task.phase == "working" and task.order != answer and task.marks == {}
    task._on_front_end_message(task, {"action": TUTOR_VIEW}, [])
    assert task.tutor_view and task.phase == "solution" and task.order == answer
    assert task.summary.startswith("Tutor mode: Solution")
    task.try_again()  # Try again in the bar: the toggle says the answer is hidden
    assert not task.tutor_view
    sort = SortTask.from_content("before-during-after-sale", buttons=["check"])  # no Show solution: still a toggle
    sort._on_front_end_message(sort, {"action": TUTOR_VIEW}, [])
    sort._on_front_end_message(sort, {"action": TUTOR_VIEW}, [])
    assert sort.tutor_view and sort.phase == "solution"


def test_a_re_run_cell_straight_after_a_move_shows_the_move_not_a_fresh_shuffle():
    task = OrderTask.from_content("customer-service-cycle")
    task.move(task.order[-1], 1)
    again = OrderTask.from_content("customer-service-cycle")  # sooner than the draft delay
    assert again.order == task.order
