"""The class overview: a generated folder of exported progress files, including malformed ones."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from widgets.tutor.class_overview import (
    answers,
    choice_mistakes,
    class_table,
    flowchart_mistakes,
    learner_table,
    ordering_mistakes,
    read_class_folder,
    scenario_branches,
    score_distribution,
    sorting_mistakes,
)
from widgets.progress.store import MAX_FILE_BYTES, export_progress, record_attempt, update_store

STAGES = ["Contact", "Record", "Resolve", "Follow up"]
ACCEPTED = {"Refund": ["reactive"], "Thank-you email": ["proactive"], "Service reminder": ["proactive"]}
OPTIONS = {"Survey": True, "Follow-up call": True, "Shop window": False}


def learner_file(folder: Path, file_name: str, name: str, attempts: list[tuple[str, str, int, int, dict]]) -> Path:
    """Record ``attempts`` (activity, kind, score, maximum, answer) in a private store and export it to ``folder``."""
    store = folder.parent / "stores" / file_name
    store.parent.mkdir(exist_ok=True)
    for activity, kind, score, maximum, answer in attempts:
        record_attempt(activity, score, maximum, store, answer=answer, kind=kind)

    def named(document):
        document["learner"] = name
        return document

    update_store(named, store)
    target = folder / file_name
    target.write_bytes(export_progress(store))
    return target


@pytest.fixture
def class_folder(tmp_path) -> Path:
    folder = tmp_path / "class"
    folder.mkdir()
    learner_file(
        folder,
        "amira.json",
        "Amira",
        [
            ("stages", "ordering", 2, 4, {"order": ["Record", "Contact", "Resolve", "Follow up"]}),
            ("stages", "ordering", 4, 4, {"order": STAGES}),
            (
                "groups",
                "sorting",
                2,
                3,
                {"placements": {"Refund": "reactive", "Thank-you email": "reactive", "Service reminder": "proactive"}},
            ),
            ("methods", "questions", 1, 3, {"selected": ["Survey", "Shop window"]}),
            ("return", "scenario", 1, 1, {"path": ["start", "apologise", "refund"]}),
        ],
    )
    learner_file(
        folder,
        "ben.json",
        "Ben",
        [
            ("stages", "ordering", 2, 4, {"order": ["Record", "Contact", "Resolve", "Follow up"]}),
            (
                "groups",
                "sorting",
                1,
                3,
                {"placements": {"Refund": "proactive", "Thank-you email": "reactive", "Service reminder": None}},
            ),
            ("return", "scenario", 0, 1, {"path": ["start", "argue"]}),
            (
                "flow",
                "flowcharts",
                3,
                5,
                {"chosen": ["Contact", "Record", "Advertise"], "connections": [["Contact", "Record"]]},
            ),
        ],
    )
    learner_file(
        folder,
        "chloe.json",
        "<b>Chloe</b>",
        [
            ("stages", "ordering", 0, 4, {"order": ["Follow up", "Resolve", "Record", "Contact"]}),
            ("methods", "questions", 3, 3, {"selected": ["Survey", "Follow-up call"]}),
            ("return", "scenario", 1, 1, {"path": ["start", "apologise", "refund"]}),
        ],
    )
    # the same learner again, exported a day later: combined, not counted twice
    learner_file(folder, "ben_friday.json", "Ben", [("stages", "ordering", 4, 4, {"order": STAGES})])
    shutil.copy(folder / "amira.json", folder / "amira (1).json")
    whole = (folder / "chloe.json").read_text(encoding="utf-8")
    (folder / "truncated.json").write_text(whole[: len(whole) // 2], encoding="utf-8")
    (folder / "foreign.json").write_text(json.dumps({"name": "a calendar", "events": []}), encoding="utf-8")
    (folder / "list.json").write_text("[1, 2, 3]", encoding="utf-8")
    (folder / "notes.txt").write_text("Remember to bring the projector.", encoding="utf-8")
    (folder / "deep.json").write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    with open(folder / "huge.json", "wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)
    bad_types = json.loads((folder / "amira.json").read_text(encoding="utf-8"))
    bad_types["learner"] = "Dev"
    bad_types["activities"]["stages"]["attempts"][0]["score"] = "lots"
    (folder / "dev.json").write_text(json.dumps(bad_types), encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.json")
    return folder


def message_for(messages: list[str], file_name: str) -> str:
    found = [m for m in messages if file_name in m]
    assert found, f"no message names {file_name}: {messages}"
    return found[0]


def test_every_bad_duplicate_or_foreign_file_is_skipped_with_a_message_naming_it(class_folder):
    overview = read_class_folder(class_folder)
    assert [learner.name for learner in overview.learners] == ["Amira", "Ben", "<b>Chloe</b>", "Dev"]
    duplicate = message_for(overview.messages, "the same file as")
    assert "amira (1).json" in duplicate and "amira.json" in duplicate
    assert "cut short" in message_for(overview.messages, "truncated.json")
    assert "not an After-Sales Lessons progress file" in message_for(overview.messages, "foreign.json")
    assert "not a progress file" in message_for(overview.messages, "list.json")
    assert "not a .json" in message_for(overview.messages, "notes.txt")
    assert "nested" in message_for(overview.messages, "deep.json")
    assert "too big" in message_for(overview.messages, "huge.json")
    assert "1 damaged entry was left out" in message_for(overview.messages, "dev.json")
    assert "same learner" in message_for(overview.messages, "ben_friday.json")
    if hasattr(os, "mkfifo"):
        assert "not an ordinary file" in message_for(overview.messages, "pipe.json")


def test_pseudonymised_names_and_files_give_nothing_away(class_folder):
    overview = read_class_folder(class_folder, pseudonymise=True)
    assert [learner.name for learner in overview.learners] == ["Learner 1", "Learner 2", "Learner 3", "Learner 4"]
    assert all("amira" not in " ".join(learner.files) for learner in overview.learners)
    assert not [m for m in overview.messages if any(name in m for name in ("amira", "ben", "chloe", "dev"))]
    assert "Skipped file 2: the same file as file 1." in overview.messages


def test_completion_and_score_distribution(class_folder):
    learners = read_class_folder(class_folder).learners
    rows = {row.activity: row for row in class_table(learners, ["stages", "groups", "missing"])}
    assert (rows["stages"].attempted, rows["stages"].full_marks, rows["stages"].learners) == (4, 3, 4)
    assert rows["groups"].attempted == 3 and rows["groups"].full_marks == 0
    assert rows["missing"].attempted == 0 and rows["missing"].median_best_percent is None
    assert score_distribution(learners, "stages") == [0.0, 100.0, 100.0, 100.0]
    ben = next(row for row in learner_table(learners, ["stages", "groups", "flow"]) if row["learner"] == "Ben")
    assert ben == {"learner": "Ben", "attempted": 3, "full_marks": 1, "activities": 3}


def test_the_most_common_ordering_mistake_names_the_item_and_where_it_was_put(class_folder):
    learners = read_class_folder(class_folder).learners
    first = answers(learners, "stages")
    assert len(first) == 4  # each learner's first attempt; Dev's damaged first attempt was left out
    top = ordering_mistakes(STAGES, first)[0]
    assert (top.item, top.given, top.expected, top.count) == ("Contact", "position 2", "position 1", 2)
    assert ordering_mistakes(STAGES, answers(learners, "stages", "last"))[0].count == 1


def test_sorting_choice_scenario_and_flowchart_mistakes(class_folder):
    learners = read_class_folder(class_folder).learners
    sorting = sorting_mistakes(
        ACCEPTED, answers(learners, "groups"), {"reactive": "Reactive", "proactive": "Proactive"}
    )
    assert (sorting[0].item, sorting[0].given, sorting[0].expected, sorting[0].count) == (
        "Thank-you email",
        "Reactive",
        "Proactive",
        3,
    )
    assert all(m.item != "Service reminder" for m in sorting)  # a card left unsorted is not a wrong group
    choice = choice_mistakes(OPTIONS, answers(learners, "methods"))
    assert [(m.item, m.given, m.count) for m in choice] == [
        ("Follow-up call", "missed", 2),
        ("Shop window", "chosen", 2),
    ]
    branches = scenario_branches(answers(learners, "return"))
    assert set(branches[:2]) == {("start", "apologise", 3), ("apologise", "refund", 3)} and branches[2] == (
        "start",
        "argue",
        1,
    )
    flow = flowchart_mistakes(STAGES, answers(learners, "flow"))
    assert ("Advertise", "put in the chart", 1) in [(m.item, m.given, m.count) for m in flow]


def test_answers_after_the_solution_was_shown_are_not_counted_as_mistakes(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    store = tmp_path / "s.json"
    record_attempt("stages", 4, 4, store, answer={"order": STAGES[::-1]}, kind="ordering", solution_shown=True)
    (folder / "x.json").write_bytes(export_progress(store))
    learners = read_class_folder(folder).learners
    assert answers(learners, "stages") == [] and ordering_mistakes(STAGES, answers(learners, "stages")) == []


def test_a_missing_folder_says_so(tmp_path):
    assert "not a folder" in read_class_folder(tmp_path / "nowhere").messages[0]


def test_the_demo_class_reads_back_with_mistakes_and_discussion_points_from_the_content(tmp_path):
    from widgets.tutor.class_report import activity_kinds, common_mistakes, write_demo_class

    folder = write_demo_class(tmp_path / "demo", learners=8)
    overview = read_class_folder(folder)
    assert len(overview.learners) == 8 and len(overview.messages) == 2
    assert "sent-by-mistake.json" in overview.messages[1] and "cut short" in overview.messages[1]
    kinds = activity_kinds(overview.learners)
    assert kinds == {
        "before-during-after-sale": "sorting",
        "customer-service-cycle": "ordering",
        "mock-feedback-methods": "written",
        "reactive-or-proactive-check": "questions",
    }
    sorting = common_mistakes(overview.learners, "before-during-after-sale", "sorting")
    assert sorting and all(row["discuss"] and row["answers"] >= 1 for row in sorting)
    assert sorting == sorted(sorting, key=lambda row: -row["answers"])
    choice = common_mistakes(overview.learners, "reactive-or-proactive-check", "questions")
    assert choice and all(
        row["learners did"] in ("chose it, but it is wrong", "left it out, but it is right") for row in choice
    )
    assert common_mistakes(overview.learners, "no-such-activity", "ordering") == []
