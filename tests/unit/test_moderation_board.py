"""The class overview's moderation board: claims accepted or refused, answers re-marked, all saved to the tutor's file."""

import json

import pytest

from widgets import WrittenAnswer
from widgets.progress import store as progress
from widgets.tutor import moderation_files as mf
from widgets.tutor import moderation_records as m
from widgets.tutor.moderation_board import ModerationBoard

QUESTION = "proactive-follow-up-plan"
ANSWER = (
    "Meadow and Vine should phone Ellie three days after delivery to check she is happy with the sofa. "
    "This is good for Ellie because she feels valued."
)


@pytest.fixture
def class_folder(tmp_path, monkeypatch):
    """One learner who answered, was marked and claimed a point, exported into a class folder."""
    store = tmp_path / "amira-store.json"
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(store))
    progress.update_store(lambda d: {**d, "learner": "Amira"})
    w = WrittenAnswer.from_content(QUESTION)
    w.response = ANSWER
    w.check()
    missed = next(i for i, p in enumerate(w.result.points) if not p.earned)
    w.claim(missed, "I said they phone her.")
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "amira.json").write_bytes(progress.export_progress())
    return folder, missed, w.score


def board_and_keys(folder):
    board = ModerationBoard(folder)
    claim = next(i for i in board.items if i["type"] == "claim")
    answer = next(i for i in board.items if i["type"] == "answer")
    return board, claim, answer


def test_the_board_lists_the_claim_first_then_the_answer_with_its_rubric_marks(class_folder):
    folder, missed, score = class_folder
    board, claim, answer = board_and_keys(folder)
    assert [i["type"] for i in board.items] == ["claim", "answer"]
    assert claim["claim_reason"] == "I said they phone her." and claim["answer_text"] == ANSWER
    assert claim["heading"] == f"Amira, {QUESTION}: claims marking point {missed + 1}"
    assert answer["rubric_line"] == f"Rubric mark {score} of 5" and len(answer["points"]) == 5
    assert repr(board) == "ModerationBoard(1 claims, 1 answers)"
    assert board.moderation_file == folder.parent / "moderations.json"


def test_accepting_a_claim_is_saved_to_the_tutors_file_and_the_learner_then_sees_both_marks(class_folder, monkeypatch):
    folder, missed, score = class_folder
    board, claim, _ = board_and_keys(folder)
    board._on_front_end_message(
        board, {"action": "decide", "key": claim["key"], "decision": "accept", "reason": ""}, []
    )
    assert board.status[claim["key"]] == "Not saved: Give a one-line reason for the tutor's mark."
    assert not board.moderation_file.exists()
    board._on_front_end_message(
        board, {"action": "decide", "key": claim["key"], "decision": "accept", "reason": "Phoning her is there."}, []
    )
    assert board.status[claim["key"]].startswith(
        f"Saved for Amira. Rubric mark {score} of 5; tutor's mark {score + 1} of 5"
    )
    decided = next(i for i in board.items if i["type"] == "claim")
    assert "was accepted" in decided["decided"]
    saved = json.loads(board.moderation_file.read_text(encoding="utf-8"))
    assert saved["format"] == m.FILE_FORMAT and saved["moderations"][0]["learner"] == "Amira"
    # The learner imports the file and sees both marks under the same answer.
    assert progress.import_progress(board.moderation_file.read_bytes()).added == 1
    again = WrittenAnswer.from_content(QUESTION)
    assert again.response == ANSWER
    assert again.moderation["line"] == (
        f"Rubric mark {score} of 5; your tutor's mark {score + 1} of 5: Phoning her is there. "
        f"(your claim for marking point {missed + 1} was accepted)"
    )


def test_an_answer_is_re_marked_per_point_and_a_bad_mark_is_refused(class_folder):
    folder, _, score = class_folder
    board, _, answer = board_and_keys(folder)
    rubric = [p["rubric"] for p in answer["points"]]
    assert not board.moderate(answer["key"], [9, 0, 0, 0, 0], "too many")
    assert "Not saved: Marking point 1 takes a whole number of marks from 0 to 1." == board.status[answer["key"]]
    assert board.moderate(answer["key"], [1, 1, 1, 1, 1], "All five are there in everyday words.")
    assert "tutor's mark 5 of 5" in next(i for i in board.items if i["type"] == "answer")["decided"]
    found = mf.read_files([board.moderation_file])
    assert [e.moderation["rubric"]["points"] for e in found.entries] == [rubric]
    # A new board over the same files remembers the decision.
    assert "tutor's mark 5 of 5" in next(i for i in ModerationBoard(folder).items if i["type"] == "answer")["decided"]


def test_a_damaged_moderation_file_is_kept_aside_and_a_new_one_started(class_folder):
    folder, _, _ = class_folder
    board, _, answer = board_and_keys(folder)
    board.moderation_file.write_text("{not json", encoding="utf-8")
    assert board.moderate(answer["key"], [1, 1, 1, 1, 1], "fair")
    assert "could not be read" in board.status[answer["key"]]
    assert list(board.moderation_file.parent.glob("moderations.damaged-*.json"))
