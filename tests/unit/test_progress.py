"""The progress store: concurrency, killed writers, damaged files, unwritable stores, export and import."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from widgets.progress import store as progress
from widgets.progress.store import (
    FORMAT,
    MAX_FILE_BYTES,
    export_progress,
    import_progress,
    last_answer,
    load_document,
    load_progress,
    progress_summary,
    record_attempt,
    save_after_reply,
    save_draft,
    start_again,
)

MODULE = Path(progress.__file__)
# Writers load the store modules without running widgets/__init__ (no anywidget), so a process starts fast.
LOAD_STORE = f"""
import sys, types
package = types.ModuleType("widgets"); package.__path__ = [{str(MODULE.parent.parent)!r}]; sys.modules["widgets"] = package
from widgets.progress import store as progress
"""
WRITER = f"""
{LOAD_STORE}from pathlib import Path
path, writer, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
failed = 0
for i in range(count):
    outcome = progress.record_attempt(f"activity-{{i % 20}}", i % 5, 4 + 1, path, answer={{"writer": writer, "i": i, "text": "x" * 20}})
    failed += not outcome
    if not outcome:
        print(outcome.notes, flush=True)
print("failed", failed, flush=True)
"""


def within(seconds: float, function, *args):
    """Run ``function`` in a thread and fail the test if it has not returned after ``seconds`` (a hang)."""
    box = {}
    thread = threading.Thread(target=lambda: box.setdefault("value", function(*args)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{function.__name__} hung for more than {seconds} s"
    return box["value"]


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


@pytest.fixture
def store(tmp_path) -> Path:
    return tmp_path / "progress.json"


# --------------------------------------------------------------------------- the basics


def test_an_attempt_records_time_answer_score_maximum_and_whether_the_solution_was_shown(store):
    assert record_attempt("stages", 3, 6, store, answer={"order": ["b", "a"]}, kind="ordering")
    assert record_attempt("stages", 6, 6, store, answer={"order": ["a", "b"]}, kind="ordering", solution_shown=True)
    saved = json.loads(store.read_text(encoding="utf-8"))
    assert (saved["format"], saved["version"]) == (FORMAT, 3)
    first, second = saved["activities"]["stages"]["attempts"]
    assert first["answer"] == {"order": ["b", "a"]} and (first["score"], first["maximum"], first["solution_shown"]) == (
        3,
        6,
        False,
    )
    assert second["solution_shown"] is True and second["time"].endswith("Z")
    assert load_progress(store)["stages"] | {} == load_progress(store)["stages"]
    summary = load_progress(store)["stages"]
    assert (summary["attempts"], summary["best"], summary["last"], summary["maximum"]) == (2, 6, 6, 6)


def test_old_attempts_are_folded_into_a_summary_so_the_file_stays_small(store):
    for i in range(progress.MAX_ATTEMPTS + 12):
        record_attempt("q", i % 3, 2, store)
    activity = load_document(store).document["activities"]["q"]
    assert len(activity["attempts"]) == progress.MAX_ATTEMPTS
    assert activity["earlier"]["attempts"] == 12
    assert load_progress(store)["q"]["attempts"] == progress.MAX_ATTEMPTS + 12


def test_a_draft_and_start_again_decide_what_comes_back(store):
    record_attempt("open", 1, 3, store, response="First go.")
    assert last_answer("open", store) == {"text": "First go."}
    save_draft("open", {"text": "First go, and more typed later."}, store)
    assert progress.saved_response("open", store) == "First go, and more typed later."
    start_again("open", store)
    assert last_answer("open", store) is None and load_progress(store)["open"]["attempts"] == 1
    record_attempt("open", 2, 3, store, response="Second go.")
    assert last_answer("open", store) == {"text": "Second go."}


def test_a_first_version_file_is_carried_over(store):
    store.write_text(
        json.dumps(
            {
                "stages": {
                    "attempts": 3,
                    "best": 5,
                    "maximum": 6,
                    "last": 4,
                    "when": "2026-11-01T10:00:00+00:00",
                    "response": "my words",
                }
            }
        ),
        encoding="utf-8",
    )
    assert load_progress(store)["stages"]["best"] == 5
    assert record_attempt("stages", 6, 6, store)
    summary = load_progress(store)["stages"]
    assert (summary["attempts"], summary["best"]) == (4, 6)


# --------------------------------------------------------------------------- concurrency and killed writers


def test_four_processes_writing_at_once_lose_no_update(store):
    writers, each = 4, int(os.environ.get("PROGRESS_TEST_ATTEMPTS", "200"))
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(store), f"w{n}", str(each)], stdout=subprocess.PIPE, text=True
        )
        for n in range(writers)
    ]
    outputs = [p.communicate(timeout=600)[0] for p in processes]
    elapsed = time.perf_counter() - started
    assert all("failed 0" in out for out in outputs), outputs
    document = load_document(store).document
    total = sum(progress.summarise(a)["attempts"] for a in document["activities"].values())
    lost = writers * each - total
    print(f"\n{writers} writers x {each} attempts: {total} recorded, {lost} lost, in {elapsed:.1f} s")
    assert lost == 0 and len(document["activities"]) == 20
    kept = [
        (a["answer"]["writer"], a["answer"]["i"]) for act in document["activities"].values() for a in act["attempts"]
    ]
    assert len(kept) == len(set(kept))
    assert temp_files(store.parent) == []


def test_writers_killed_mid_save_never_corrupt_the_file_and_leave_no_temporary_files(store):
    kills = int(os.environ.get("PROGRESS_TEST_KILLS", "200"))
    rng = random.Random(12)
    record_attempt("seed", 1, 1, store, answer={"text": "y" * 4000})
    orphans_seen: set[str] = set()  # each one is a kill that landed in the middle of a save
    for _ in range(kills):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(store), "k", "100000"], stdout=subprocess.PIPE, text=True
        )
        writer.stdout.readline()  # "ready": the module is loaded, saving starts now
        time.sleep(rng.uniform(0, 0.03))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        orphans_seen |= {p.name for p in temp_files(store.parent)}
        found = progress.read_store(store)
        assert not found.damaged and not found.refuse and not found.notes
    assert record_attempt("after", 1, 1, store)
    print(
        f"\n{kills} writers killed: {len(orphans_seen)} left an orphaned temporary file (killed mid-save), "
        f"{len(temp_files(store.parent))} left after the next write"
    )
    assert orphans_seen, "no kill landed inside a save: the test proved nothing"
    assert temp_files(store.parent) == []
    assert "seed" in load_progress(store) and "after" in load_progress(store)
    assert not list(store.parent.glob("*damaged*"))


# --------------------------------------------------------------------------- damaged files are never overwritten


def backups(store: Path) -> list[Path]:
    return sorted(
        p
        for p in store.parent.iterdir()
        if p.name.startswith("progress.") and p.name != store.name and p.suffix == ".json"
    )


@pytest.mark.parametrize(
    "content, reason",
    [
        ("cut", "cut short"),
        ("[" * 100_000 + "]" * 100_000, "nested"),
        ('{"activities": "hand edited"', "cut short"),
        ("not json at all", "not valid JSON"),
        ('{"format": "someone-else", "version": 1, "activities": {}}', "not an After-Sales Lessons progress file"),
    ],
    ids=["truncated", "deeply-nested", "hand-edited-cut", "not-json", "foreign"],
)
def test_an_unreadable_file_is_moved_aside_with_one_sentence_saying_where(store, content, reason):
    record_attempt("before", 2, 2, store, answer={"order": ["a"]})
    if content == "cut":
        content = store.read_text(encoding="utf-8")[:-40]
    store.write_text(content, encoding="utf-8")
    assert reason in progress_summary(store)  # reading alone changes nothing
    assert store.read_text(encoding="utf-8") == content
    outcome = record_attempt("after", 1, 1, store)
    assert outcome.saved
    [backup] = backups(store)
    assert backup.read_text(encoding="utf-8") == content
    [note] = outcome.notes
    assert str(backup) in note and reason in note and note.count(".") >= 1
    assert set(load_progress(store)) == {"after"}


def test_a_huge_file_is_refused_without_reading_it_all_and_kept(store):
    with open(store, "wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 10)
    assert within(5, load_progress, store) == {}
    outcome = record_attempt("after", 1, 1, store)
    assert outcome.saved and "too big" in outcome.notes[0]
    assert backups(store)[0].stat().st_size == MAX_FILE_BYTES + 10


def test_entries_with_wrong_types_are_skipped_with_a_note_and_the_original_is_kept(store):
    good = {
        "time": "2026-11-20T10:00:00Z",
        "score": 2,
        "maximum": 3,
        "solution_shown": False,
        "answer": {"choices": ["A"]},
    }
    document = {
        "format": FORMAT,
        "version": 2,
        "learner": "Sam",
        "activities": {
            "fine": {"kind": "questions", "attempts": [good]},
            "not-a-dict": ["oops"],
            "bad-score": {"kind": "ordering", "attempts": [dict(good, score="3"), good]},
            "score-over-maximum": {"kind": "ordering", "attempts": [dict(good, score=9)]},
            "deep-answer": {"kind": "sorting", "attempts": [dict(good, answer={"a": [[[[["deep"]]]]]})]},
            "bad-time": {"kind": "sorting", "attempts": [dict(good, time="yesterday")]},
        },
    }
    original = json.dumps(document)
    store.write_text(original, encoding="utf-8")
    summary = progress_summary(store)  # no traceback
    assert "Skipped activity 'not-a-dict'" in summary and "bad-score" in summary and "fine" in summary
    assert load_progress(store)["bad-score"]["attempts"] == 1
    outcome = record_attempt("fine", 3, 3, store)
    assert outcome.saved and "original is kept" in outcome.notes[0]
    [backup] = backups(store)
    assert backup.read_text(encoding="utf-8") == original
    assert load_progress(store)["fine"]["attempts"] == 2
    assert record_attempt("fine", 3, 3, store).notes == []  # the cleaned file needs no second backup


def test_first_version_entries_with_wrong_types_do_not_break_the_summary(store):
    store.write_text(
        json.dumps({"a": {"attempts": "many", "best": 2, "maximum": 3}, "b": {"attempts": 1, "best": 1, "maximum": 1}})
    )
    summary = progress_summary(store)
    assert "Skipped activity 'a'" in summary and "b " in summary


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX feature")
def test_a_fifo_at_the_progress_path_is_refused_without_hanging(store):
    os.mkfifo(store)
    assert within(5, load_progress, store) == {}
    outcome = within(20, record_attempt, "x", 1, 1, store)
    assert not outcome.saved and "not an ordinary file" in outcome.notes[0]
    assert store.exists() and not os.path.isfile(store)  # left exactly as it was


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_dev_zero_is_refused_without_reading_it(store):
    store.symlink_to("/dev/zero")
    assert within(5, load_progress, store) == {}
    outcome = within(20, record_attempt, "x", 1, 1, store)
    assert not outcome.saved and "not an ordinary file" in outcome.notes[0]
    assert store.is_symlink()


def test_a_folder_that_cannot_be_created_says_progress_is_not_saved(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    outcome = record_attempt("x", 1, 1, blocker / "progress.json")
    assert not outcome and "not being saved" in outcome.notes[0] and "activity still works" in outcome.notes[0]


SAVE_ONCE = f"""
{LOAD_STORE}outcome = progress.record_attempt("x", 1, 1, progress.Path(sys.argv[1]))
print(bool(outcome), outcome.notes)
"""


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_read_only_folder_says_progress_is_not_saved_and_keeps_the_file():
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ro-progress-"))
    try:
        store = folder / "progress.json"
        record_attempt("kept", 1, 1, store)
        before = store.read_bytes()
        folder.chmod(0o555)
        store.chmod(0o444)
        (folder / "progress.json.lock").chmod(0o444)
        # root writes anywhere, so the learner is played by an ordinary user ("nobody") when the test runs as root
        python, as_learner, env = sys.executable, None, dict(os.environ)
        if os.geteuid() == 0:
            import filelock

            python, as_learner = "/usr/bin/python3", (lambda: os.setuid(65534))
            env["PYTHONPATH"] = str(Path(filelock.__file__).parents[1])  # nobody may not reach root's interpreter
            if not Path(python).exists():
                pytest.skip("running as root with no system Python to run as an ordinary user")
        run = subprocess.run(
            [python, "-c", SAVE_ONCE, str(store)],
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=as_learner,
            env=env,
        )
        assert run.stdout.startswith("False") and "not being saved" in run.stdout, run.stdout + run.stderr
        assert store.read_bytes() == before and load_progress(store)["kept"]["attempts"] == 1
        assert temp_files(folder) == []
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc, which even root cannot write")
def test_a_store_in_a_folder_even_root_cannot_write_says_so():
    outcome = within(30, record_attempt, "x", 1, 1, Path("/proc/after-sales-progress.json"))
    assert not outcome and "not being saved" in outcome.notes[0]


# --------------------------------------------------------------------------- export and import


def test_export_then_import_into_a_fresh_store_brings_everything_back(tmp_path):
    home, binder = tmp_path / "home.json", tmp_path / "binder.json"
    record_attempt("stages", 4, 6, binder, answer={"order": ["a", "b"]}, kind="ordering")
    record_attempt("stages", 6, 6, binder, answer={"order": ["b", "a"]}, kind="ordering")
    save_draft("open", {"text": "half written"}, binder)
    exported = export_progress(binder)
    assert isinstance(exported, bytes) and json.loads(exported)["format"] == FORMAT
    outcome = import_progress(exported, home)
    assert outcome.accepted and outcome.added == 2 and "2 attempts added" in outcome.message
    assert load_document(home).document == load_document(binder).document
    again = import_progress(exported, home)
    assert again.accepted and again.added == 0 and load_progress(home)["stages"]["attempts"] == 2


def test_import_never_loses_newer_local_attempts(tmp_path):
    store = tmp_path / "progress.json"
    record_attempt("stages", 2, 6, store)
    old = export_progress(store)
    record_attempt("stages", 6, 6, store)
    save_draft("open", {"text": "newest words"}, store)
    older_draft = json.loads(old)
    older_draft["activities"]["open"] = {
        "kind": "questions",
        "attempts": [],
        "draft": {"time": "2020-01-01T00:00:00Z", "answer": {"text": "old"}},
    }
    outcome = import_progress(json.dumps(older_draft).encode(), store)
    assert outcome.accepted and outcome.added == 0
    assert load_progress(store)["stages"]["attempts"] == 2 and load_progress(store)["stages"]["best"] == 6
    assert progress.saved_response("open", store) == "newest words"


@pytest.mark.parametrize(
    "raw, words",
    [
        (b"\x89PNG\r\n\x1a\n", "not text"),
        (b'{"format": ', "cut short"),
        (b"print('hello')", "not valid JSON"),
        (b"[1, 2, 3]", "not a progress file"),
        (json.dumps({"format": FORMAT, "version": 99, "activities": {}}).encode(), "newer version"),
        (json.dumps({"format": FORMAT, "version": 2, "activities": []}).encode(), "activities are not"),
        (b" " * (MAX_FILE_BYTES + 1), "too big"),
        ("not bytes", "no file was received"),
    ],
    ids=["binary", "cut", "python", "list", "newer", "activities-list", "huge", "not-bytes"],
)
def test_a_bad_import_is_rejected_with_a_clear_message_and_changes_nothing(store, raw, words):
    record_attempt("mine", 1, 1, store)
    before = store.read_bytes()
    outcome = import_progress(raw, store)
    assert not outcome.accepted and outcome.message.startswith("Nothing was imported") and words in outcome.message
    assert store.read_bytes() == before


def test_an_import_with_some_damaged_entries_keeps_the_good_ones_and_says_how_many_were_left_out(store):
    good = {"time": "2026-11-20T10:00:00Z", "score": 1, "maximum": 1, "solution_shown": False}
    raw = json.dumps(
        {
            "format": FORMAT,
            "version": 2,
            "activities": {"a": {"attempts": [good]}, "b": {"attempts": [dict(good, score=None)]}},
        }
    )
    outcome = import_progress(raw.encode(), store)
    assert outcome.accepted and "1 damaged entry was left out" in outcome.message
    assert load_progress(store)["a"]["attempts"] == 1


# --------------------------------------------------------------------------- what an activity shows


def test_an_activity_says_once_that_progress_is_not_saved_and_keeps_working(tmp_path, monkeypatch):
    from widgets import OrderTask

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(blocker / "progress.json"))
    task = OrderTask([("a", "first"), ("b", "second"), ("c", "third")], task_id="mini")
    task.order = ["a", "b", "c"]
    task.check()
    assert task.score == 3 and task.summary.startswith("Score 3 out of 3")
    assert task.summary.count("not being saved") == 1 and "not being saved" in task.announcement
    task.try_again()
    task.check()
    assert task.score == 3 and "not being saved" not in task.summary


def test_an_activity_records_its_answer_kind_and_a_shown_solution(tmp_path, monkeypatch):
    from widgets import OrderTask

    store = tmp_path / "progress.json"
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(store))
    task = OrderTask([("a", "first"), ("b", "second"), ("c", "third")], task_id="mini")
    task.order = ["b", "a", "c"]
    task.check()
    task.show_solution()
    task.try_again()
    task.check()
    activity = load_document(store).document["activities"]["mini"]
    first, second = activity["attempts"]
    assert activity["kind"] == "ordering" and first["answer"] == {"order": ["b", "a", "c"]}
    assert (first["solution_shown"], second["solution_shown"]) == (False, True)


def test_an_activity_tells_the_learner_where_a_damaged_file_went(tmp_path, monkeypatch):
    from widgets import OrderTask

    store = tmp_path / "progress.json"
    store.write_text('{"format": "after-sales-lessons-progress", "activ', encoding="utf-8")
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(store))
    task = OrderTask([("a", "first"), ("b", "second")], task_id="mini")
    task.check()
    [backup] = backups(store)
    assert f"moved to {backup}" in task.summary and "cut short" in task.summary


def test_in_a_kernel_check_shows_the_feedback_first_and_saves_right_after(tmp_path, monkeypatch):
    from widgets import OrderTask

    store = tmp_path / "progress.json"
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(store))
    task = OrderTask([("a", "first"), ("b", "second"), ("c", "third")], task_id="mini")
    task.order = ["b", "a", "c"]

    async def press_check():  # as the kernel runs a Check message: inside its asyncio loop
        task.check()
        before = (task.summary, load_progress(store))
        await asyncio.sleep(0)  # the loop's next turn, where the kernel reads its next message
        return before

    (summary, saved_before), saved_after = asyncio.run(press_check()), load_progress(store)
    assert summary.startswith("Score") and saved_before == {}
    assert saved_after["mini"]["attempts"] == 1
    assert load_document(store).document["activities"]["mini"]["attempts"][0]["answer"] == {"order": ["b", "a", "c"]}


def test_a_save_that_fails_after_the_feedback_is_still_said_in_the_activity(tmp_path, monkeypatch):
    from widgets import OrderTask

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(blocker / "progress.json"))
    task = OrderTask([("a", "first"), ("b", "second")], task_id="mini")
    task.order = ["a", "b"]

    async def press_check():
        task.check()
        before = task.summary
        await asyncio.sleep(0)
        return before

    before = asyncio.run(press_check())
    assert before.startswith("Score 2 out of 2") and "not being saved" not in before
    assert task.summary.startswith("Score 2 out of 2") and task.summary.count("not being saved") == 1
    assert "not being saved" in task.announcement


def test_saves_after_the_reply_run_in_order_and_one_that_raises_does_not_stop_the_next(tmp_path):
    store = tmp_path / "progress.json"
    told = []

    def broken():
        raise ValueError("disk on fire")

    async def queue_three():
        save_after_reply(lambda: record_attempt("a", 1, 2, store), told.append)
        save_after_reply(broken, told.append)
        save_after_reply(lambda: record_attempt("a", 2, 2, store), told.append)
        await asyncio.sleep(0)

    asyncio.run(queue_three())
    assert [bool(outcome) for outcome in told] == [True, False, True]
    assert "not being saved" in told[1].notes[0] and "disk on fire" in told[1].notes[0]
    assert [a["score"] for a in load_document(store).document["activities"]["a"]["attempts"]] == [1, 2]
