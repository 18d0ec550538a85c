"""The My progress page: rows per lesson and activity, what to revisit, and the download / restore panel."""

from __future__ import annotations

import json

import pytest

from widgets.progress.store import export_progress, load_progress, record_attempt
from widgets.progress.report import (
    activity_rows,
    describe_lessons,
    lesson_activities,
    lesson_rows,
    revisit_list,
    syllabus_topics,
)
from widgets.progress.widget import ProgressPanel
from widgets.progress.store import load_document


@pytest.fixture(autouse=True)
def own_store(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(tmp_path / "progress.json"))
    return tmp_path / "progress.json"


def test_the_lessons_list_the_activities_they_build():
    lessons = lesson_activities()
    assert "customer-service-cycle" in lessons["01-the-after-sales-process"]
    assert all(ids == list(dict.fromkeys(ids)) for ids in lessons.values())


def test_done_revisit_and_not_started(own_store):
    record_attempt("a", 2, 4, own_store)
    record_attempt("b", 4, 4, own_store)
    record_attempt("c", 4, 4, own_store, solution_shown=True)
    record_attempt("stray", 1, 1, own_store)
    rows = activity_rows(load_document(own_store).document, {"01-x": ["a", "b"], "02-y": ["c", "d"]})
    status = {r.activity: (r.lesson, r.status, r.percent) for r in rows}
    assert status == {
        "a": ("01-x", "revisit", 50.0),
        "b": ("01-x", "done", 100.0),
        "c": ("02-y", "revisit", 100.0),
        "d": ("02-y", "not started", None),
        "stray": ("other", "done", 100.0),
    }
    assert revisit_list(rows) == [
        "a (lesson 01-x): best score 2 of 4.",
        "c (lesson 02-y): full marks only after seeing the solution.",
    ]
    lessons = lesson_rows(rows)
    assert [(row.lesson, row.done, row.started, row.total) for row in lessons] == [
        ("01-x", 1, 2, 2),
        ("02-y", 0, 1, 2),
        ("other", 1, 1, 1),
    ]
    assert "- 01-x: 1 of 2 done, 2 started." in describe_lessons(lessons)


def test_syllabus_topics_name_the_lines_an_activity_checks():
    assert any("customer service cycle" in line for line in syllabus_topics()["customer-service-cycle"])


def test_download_sends_the_progress_file_bytes_to_the_browser(own_store, monkeypatch):
    record_attempt("a", 1, 2, own_store, answer={"order": ["x"]})
    panel = ProgressPanel()
    sent = []
    monkeypatch.setattr(panel, "send", lambda content, buffers=None: sent.append((content, buffers)))
    panel._on_front_end_message(panel, {"action": "download"}, [])
    [(content, buffers)] = sent
    assert content["kind"] == "download" and content["filename"].startswith("after-sales-progress-")
    assert json.loads(buffers[0])["activities"]["a"]["attempts"][0]["answer"] == {"order": ["x"]}
    assert "Saved as after-sales-progress-" in panel.status and panel.status_ok


def test_restore_merges_a_good_file_and_refuses_a_bad_one(tmp_path, own_store):
    other = tmp_path / "other.json"
    record_attempt("from-binder", 3, 3, other)
    record_attempt("at-home", 1, 3, own_store)
    panel = ProgressPanel()
    heard = []
    panel.on_import = heard.append
    panel._on_front_end_message(
        panel, {"action": "restore", "name": "binder.json"}, [memoryview(export_progress(other))]
    )
    assert panel.status_ok and panel.status.startswith("binder.json: Imported: 1 attempt added")
    assert set(load_progress(own_store)) == {"from-binder", "at-home"} and heard[0].accepted
    panel._on_front_end_message(panel, {"action": "restore", "name": "photo.png"}, [memoryview(b"\x89PNG\r\n")])
    assert not panel.status_ok and panel.status.startswith("photo.png: Nothing was imported")
    panel._on_front_end_message(panel, {"action": "too_big"}, [])
    assert not panel.status_ok and "too big" in panel.status
    assert repr(panel) == "ProgressPanel(download and restore)"


def test_the_learner_can_put_their_name_in_the_file_for_the_tutor(own_store):
    panel = ProgressPanel()
    panel.learner = "  Sam   Okafor "
    assert load_document(own_store).document["learner"] == "Sam Okafor" and panel.status == "Name saved: Sam Okafor."
    assert ProgressPanel().learner == "Sam Okafor"
