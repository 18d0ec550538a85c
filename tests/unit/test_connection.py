"""The kernel side of "is this activity still connected?" and of the note shown where it is not."""

from __future__ import annotations

import pytest

from widgets import Flowchart, OrderTask, Question
from widgets._base import NOT_RUNNING_TEXT, not_running_note


def sent_by(widget) -> list[dict]:
    sent: list[dict] = []
    widget.send = lambda content, buffers=None: sent.append(content)
    return sent


@pytest.mark.parametrize("action", ["check", "try_again", "solution", "ping", "nonsense", None])
def test_every_message_from_the_front_end_gets_an_ack(action):
    task = OrderTask.from_content("last-complaint-steps")
    sent = sent_by(task)
    task._on_front_end_message(task, {"action": action, "state": {}}, [])
    assert sent[-1] == {"kind": "ack", "action": action if isinstance(action, str) else ""}


def test_an_action_that_fails_still_gets_an_ack_so_the_page_is_not_left_waiting(monkeypatch):
    task = OrderTask.from_content("last-complaint-steps")
    sent = sent_by(task)

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(task, "check", broken)
    with pytest.raises(RuntimeError):
        task._on_front_end_message(task, {"action": "check"}, [])
    assert sent[-1]["kind"] == "ack"


def test_the_explorer_and_a_chart_answer_a_ping():
    from widgets import FeedbackExplorer

    explorer = FeedbackExplorer()
    sent = sent_by(explorer)
    explorer._on_front_end_message(explorer, {"action": "ping"}, [])
    assert sent == [{"kind": "ack", "action": "ping"}]
    chart = Flowchart.from_content("after-sales-process")
    sent = sent_by(chart)
    chart._on_front_end_message(chart, {"action": "ping"}, [])
    assert sent == [{"kind": "ack", "action": "ping"}]


def test_the_not_running_note_says_what_to_do_in_plain_words_and_as_html():
    note = not_running_note()
    assert note["text/plain"] == NOT_RUNNING_TEXT
    assert "Run this cell" in NOT_RUNNING_TEXT and "Shift+Enter" in NOT_RUNNING_TEXT
    assert "model not found" in NOT_RUNNING_TEXT  # names the error JupyterLab shows beside it
    assert 'class="asl-not-running"' in note["text/html"]


def test_displaying_an_activity_shows_the_widget_then_the_note(monkeypatch):
    published = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda data, **kw: published.append((data, kw)))
    question = Question.from_content("what-nps-means")
    question._ipython_display_()
    assert len(published) == 2
    first, second = published[0][0], published[1][0]
    assert "application/vnd.jupyter.widget-view+json" in first and first["text/plain"] == repr(question)
    assert second["text/plain"] == NOT_RUNNING_TEXT


def test_a_check_sends_its_feedback_as_one_update_then_the_ack():
    task = OrderTask.from_content("last-complaint-steps")
    messages: list[tuple[str, dict]] = []
    task._send = lambda msg, buffers=None: messages.append(("state", msg["state"]))
    task.send = lambda content, buffers=None: messages.append(("custom", content))
    task._on_front_end_message(task, {"action": "check", "state": {"order": list(reversed(task.order))}}, [])
    assert [kind for kind, _ in messages] == ["state", "custom"]
    update = messages[0][1]
    # The answer the page showed, and everything the learner reads, in the same update.
    assert update["order"] == task.order and update["phase"] == "checked"
    assert update["summary"] == task.summary and update["marks"] == task.marks and update["attempts"] == 1
    assert messages[1][1] == {"kind": "ack", "action": "check"}
