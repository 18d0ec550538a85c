"""Tutor moderation: marks with reasons beside the rubric's, claims decided, files merged, corpus cases made."""

import json
import tomllib

import pytest

from widgets import cli
from widgets.tutor import moderation as m
from widgets.tutor import moderation_files as mf
from widgets.progress.store import (
    export_progress,
    import_progress,
    load_document,
    record_attempt,
    record_claim,
    record_moderation,
    reviews,
    update_store,
    withdraw_claim,
)
from widgets.progress.schema import VERSION, parse_document

MAXIMA = [2, 1, 1]  # a 4-mark question: a 2-mark point and two 1-mark points
TEXT = "custmer servey by emial and a folow up call"


def a_moderation(**changes):
    options = dict(
        answer_text=TEXT,
        point_maxima=MAXIMA,
        rubric_points=[0, 0, 1],
        tutor_points=[2, 0, 1],
        reason="Both methods named, misspelt; meaning clear.",
        time="2026-12-01T10:00:00Z",
    )
    options.update(changes)
    return m.moderate(**options)


def a_claim(point=1, **changes):
    options = dict(
        point=point,
        reason="I said the follow-up call checks they are happy.",
        answer_text=TEXT,
        point_text="Says why",
        point_maxima=MAXIMA,
        rubric_points=[0, 0, 1],
        time="2026-12-01T09:00:00Z",
    )
    options.update(changes)
    return m.make_claim(**options)


# --------------------------------------------------------------------------- marks and reasons


def test_a_tutors_mark_keeps_the_rubric_mark_beside_it():
    record = a_moderation()
    assert record["rubric"] == {"total": 1, "points": [0, 0, 1]}
    assert record["tutor"] == {"total": 3, "points": [2, 0, 1]}
    assert record["maximum"] == 4 and record["marker"] == "tutor"
    assert m.moderation_line(record) == (
        "Rubric mark 1 of 4; your tutor's mark 3 of 4: Both methods named, misspelt; meaning clear."
    )


def test_a_total_only_mark_is_allowed_and_kept_without_points():
    record = a_moderation(tutor_points=None, tutor_total=2)
    assert record["tutor"] == {"total": 2, "points": None}
    assert m.moderation_problem(record) == ""


@pytest.mark.parametrize(
    "reason, words",
    [
        ("", "one-line reason"),
        ("   ", "one-line reason"),
        (None, "one-line reason"),
        ("first line\nsecond line", "one line"),
        ("x" * (m.MAX_REASON + 1), f"{m.MAX_REASON} characters"),
    ],
)
def test_the_reason_must_be_one_short_line(reason, words):
    with pytest.raises(m.ModerationError, match=words):
        a_moderation(reason=reason)


def test_a_reason_is_trimmed_and_may_be_exactly_the_longest_allowed():
    assert a_moderation(reason="  fair  ")["reason"] == "fair"
    assert len(a_moderation(reason="y" * m.MAX_REASON)["reason"]) == m.MAX_REASON


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"tutor_points": [3, 0, 1]}, "point 1 takes a whole number of marks from 0 to 2"),
        ({"tutor_points": [-1, 0, 1]}, "point 1"),
        ({"tutor_points": [1, 1]}, "each of the 3 marking points"),
        ({"tutor_points": [1.5, 0, 0]}, "point 1"),
        ({"tutor_points": [True, 0, 0]}, "point 1"),
        ({"tutor_points": None, "tutor_total": 5}, "from 0 to 4"),
        ({"tutor_points": None}, "either per marking point or as a total"),
        ({"tutor_total": 2}, "either per marking point or as a total"),
    ],
)
def test_a_mark_outside_the_points_is_refused_with_a_sentence(changes, words):
    with pytest.raises(m.ModerationError, match=words):
        a_moderation(**changes)


def test_marks_typed_as_digits_are_read():
    assert a_moderation(tutor_points=["2", "1", "0"])["tutor"]["total"] == 3


# --------------------------------------------------------------------------- claims


def test_accepting_a_claim_grants_that_points_marks_with_the_tutors_reason():
    decision = m.decide_claim(a_claim(point=0), "accept", "Both methods are there.", time="2026-12-01T11:00:00Z")
    assert decision["tutor"] == {"total": 3, "points": [2, 0, 1]}
    assert decision["rubric"]["total"] == 1
    assert decision["claim"] == {"point": 0, "reason": a_claim()["reason"], "decision": "accept"}
    assert m.moderation_line(decision).endswith("(your claim for marking point 1 was accepted)")


def test_refusing_a_claim_leaves_the_mark_and_says_why():
    decision = m.decide_claim(a_claim(), "refuse", "The call is a method, not a reason.")
    assert decision["tutor"]["total"] == decision["rubric"]["total"] == 1
    assert decision["claim"]["decision"] == "refuse"
    assert "was refused" in m.moderation_line(decision)


def test_accepting_a_claim_builds_on_an_earlier_tutors_mark_of_the_same_answer():
    earlier = a_moderation()  # 3 of 4
    decision = m.decide_claim(a_claim(point=1), "accept", "Yes, the reason is there.", earlier=earlier)
    assert decision["tutor"]["points"] == [2, 1, 1]
    other = a_moderation(answer_text="a different answer")
    assert m.decide_claim(a_claim(point=1), "accept", "ok", earlier=other)["tutor"]["points"] == [0, 1, 1]


def test_a_decision_needs_accept_or_refuse_and_a_reason():
    with pytest.raises(m.ModerationError, match="accept or refuse"):
        m.decide_claim(a_claim(), "maybe", "hmm")
    with pytest.raises(m.ModerationError, match="reason"):
        m.decide_claim(a_claim(), "accept", "")


def test_a_claim_needs_a_real_point_and_a_reason():
    with pytest.raises(m.ModerationError, match="no marking point 4"):
        a_claim(point=3)
    with pytest.raises(m.ModerationError, match="where in your answer"):
        a_claim(reason=" ")


def test_a_new_claim_replaces_the_old_one_for_the_same_point_and_answer():
    claims = m.add_claim([a_claim()], a_claim(reason="newer reason"))
    assert [c["reason"] for c in claims] == ["newer reason"]
    claims = m.add_claim(claims, a_claim(answer_text="another answer"))
    assert len(claims) == 2
    assert len(m.withdraw_claim(claims, 1, "  " + TEXT.replace(" ", "\n", 1))) == 1  # spacing does not matter


# --------------------------------------------------------------------------- the progress store (schema version 3)


def test_claims_and_moderations_are_kept_in_the_store_and_read_back(tmp_path):
    store = tmp_path / "progress.json"
    assert record_attempt("two-methods", 1, 4, store, response=TEXT, kind="written", points=[0, 0, 1])
    assert record_claim("two-methods", a_claim(), store)
    assert record_moderation("two-methods", a_moderation(), store)
    assert record_moderation("two-methods", a_moderation(), store)  # the same mark twice is kept once
    claims, moderations = reviews("two-methods", store)
    assert claims == [a_claim()] and moderations == [a_moderation()]
    saved = json.loads(store.read_text(encoding="utf-8"))
    assert saved["version"] == VERSION == 3
    assert saved["activities"]["two-methods"]["attempts"][0]["points"] == [0, 0, 1]
    assert withdraw_claim("two-methods", 1, TEXT, store)
    assert reviews("two-methods", store)[0] == []


def test_a_version_2_file_loads_unchanged():
    old = {
        "format": "after-sales-lessons-progress",
        "version": 2,
        "learner": "Ben",
        "activities": {
            "two-methods": {
                "kind": "written",
                "attempts": [
                    {
                        "time": "2026-11-01T10:00:00Z",
                        "score": 1,
                        "maximum": 4,
                        "solution_shown": False,
                        "answer": {"response": TEXT, "claims": {"1": "I said it."}, "text": TEXT},
                    }
                ],
                "draft": {"time": "2026-11-01T10:05:00Z", "answer": {"response": TEXT, "claims": {}}},
            }
        },
    }
    document, notes = parse_document(json.dumps(old).encode())
    assert notes == []
    assert document["activities"] == old["activities"] and document["learner"] == "Ben"
    assert document["version"] == 3


def test_damaged_claims_and_moderations_are_skipped_with_a_note_and_the_rest_kept():
    bad = a_moderation()
    bad["tutor"] = {"total": 9, "points": None}
    data = {
        "format": "after-sales-lessons-progress",
        "version": 3,
        "activities": {
            "two-methods": {
                "kind": "written",
                "attempts": [{"time": "2026-11-01T10:00:00Z", "score": 1, "maximum": 4, "points": [1, 1]}],
                "claims": [a_claim(), {"point": "x"}],
                "moderations": [a_moderation(), bad, dict(a_moderation(), reason="two\nlines")],
            },
            "other": {"kind": "written", "attempts": [], "claims": "not a list"},
        },
    }
    document, notes = parse_document(json.dumps(data).encode())
    activity = document["activities"]["two-methods"]
    assert activity["claims"] == [a_claim()] and activity["moderations"] == [a_moderation()]
    assert activity["attempts"] == []  # its points add up to 2, not its score of 1
    assert len(notes) == 5
    assert any("tutor's mark is not a whole number within the maximum" in n for n in notes)
    assert any("reason is not one line" in n for n in notes)
    assert any("claims of activity 'other'" in n for n in notes)


def test_exported_claims_and_moderations_survive_an_import_into_another_store(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    record_claim("two-methods", a_claim(), first)
    record_moderation("two-methods", a_moderation(), first)
    record_moderation("two-methods", a_moderation(time="2026-12-02T10:00:00Z", reason="Second look."), second)
    assert import_progress(export_progress(first), second).accepted
    claims, moderations = reviews("two-methods", second)
    assert claims == [a_claim()]
    assert [r["reason"] for r in moderations] == ["Both methods named, misspelt; meaning clear.", "Second look."]


def test_a_learner_imports_the_tutors_moderation_file_and_gets_only_their_own_marks(tmp_path):
    store = tmp_path / "progress.json"
    update_store(lambda d: {**d, "learner": "Amira"}, store)
    tutor_file = m.empty_file()
    tutor_file = m.add_to_file(tutor_file, "Amira", "two-methods", a_moderation())
    tutor_file = m.add_to_file(tutor_file, "Ben", "two-methods", a_moderation(reason="Ben's mark"))
    outcome = import_progress(m.serialise_file(tutor_file), store)
    assert outcome.accepted and outcome.added == 1, outcome.message
    assert [r["reason"] for r in reviews("two-methods", store)[1]] == ["Both methods named, misspelt; meaning clear."]
    again = import_progress(m.serialise_file(tutor_file), store)
    assert again.added == 0 and "Nothing new" in again.message
    update_store(lambda d: {**d, "learner": ""}, store)
    unnamed = import_progress(m.serialise_file(tutor_file), store)
    assert not unnamed.accepted and "Type your name as your tutor has it" in unnamed.message


# --------------------------------------------------------------------------- the tutor's file, merging, claims listed


def test_a_moderation_file_reads_back_and_skips_damaged_entries_with_notes():
    document = m.add_to_file(m.empty_file(), "Amira", "two-methods", a_moderation())
    data = json.loads(m.serialise_file(document))
    data["moderations"] += [{"learner": "Ben"}, {"learner": "Ben", "activity": "x", "moderation": {"time": "no"}}]
    kept, notes = m.validate_file(data)
    assert kept["moderations"] == document["moderations"]
    assert [n.split(":")[0] for n in notes] == ["Skipped moderation 2", "Skipped moderation 3"]
    for raw, words in [
        (b"not json", "not readable"),
        (b'{"format": "other"}', "not a moderation file"),
        (json.dumps({**data, "version": 99}).encode(), "newer version"),
    ]:
        with pytest.raises(m.ModerationError, match=words):
            m.parse_file(raw)


def test_moderations_from_several_files_merge_each_once_and_claims_show_their_decision(tmp_path):
    amira = tmp_path / "amira.json"
    update_store(lambda d: {**d, "learner": "Amira"}, amira)
    record_claim("two-methods", a_claim(point=0), amira)
    record_claim("two-methods", a_claim(point=1), amira)
    record_moderation("two-methods", a_moderation(), amira)
    copy = tmp_path / "amira-again.json"
    copy.write_bytes(export_progress(amira))
    decision = m.decide_claim(a_claim(point=0), "accept", "Both there.", time="2026-12-03T09:00:00Z")
    tutor = tmp_path / "moderations.json"
    tutor.write_bytes(m.serialise_file(m.add_to_file(m.empty_file(), "Amira", "two-methods", decision)))
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "after-sales-lessons-progress", "ver', encoding="utf-8")
    found = mf.read_files([amira, copy, tutor, broken, tmp_path / "missing.json"])
    assert [e.moderation["reason"] for e in found.entries] == [
        "Both methods named, misspelt; meaning clear.",
        "Both there.",
    ]
    assert [msg.split(":")[0] for msg in found.messages] == ["Skipped broken.json", "Skipped missing.json"]
    items = mf.claim_items(found.learners[:1], found.entries)
    assert [(i.claim["point"], i.decision and i.decision["claim"]["decision"]) for i in items] == [
        (1, None),
        (0, "accept"),
    ]
    # What stands now for the answer is the newest: the accepted claim.
    assert [e.moderation["reason"] for e in mf.current_entries(found.entries)] == ["Both there."]


# --------------------------------------------------------------------------- corpus cases


def test_moderations_become_corpus_cases_in_the_corpus_format():
    entries = [
        mf.Entry("Amira", "two-methods", a_moderation()),
        mf.Entry(
            "Ben",
            "two-methods",
            a_moderation(answer_text='He said "ring them" \\ then\nemail\x7f', time="2026-12-01T10:01:00Z"),
        ),
        mf.Entry("Chloe", "two-methods", a_moderation(answer_text="total only", tutor_points=None, tutor_total=1)),
        mf.Entry("Dev", "two-methods", a_moderation(answer_text="already in")),
    ]
    cases, messages = mf.corpus_cases(entries, taken_ids={"two-methods/m01"}, known={("two-methods", "already  in")})
    assert [c["id"] for c in cases] == ["two-methods/m02", "two-methods/m03"]
    assert len(messages) == 2 and "total only" in messages[0] and "already a case" in messages[1]
    answers, marks = mf.cases_toml(cases)
    parsed = tomllib.loads(answers)["answer"]
    assert parsed[0] == {"id": "two-methods/m02", "question": "two-methods", "kind": "moderated", "text": TEXT}
    assert parsed[1]["text"] == 'He said "ring them" \\ then\nemail\x7f'
    mark = tomllib.loads(marks)["mark"][0]
    # A 2-mark point is two corpus points, one mark each.
    assert mark == {
        "id": "two-methods/m02",
        "points": [1, 1, 0, 1],
        "total": 3,
        "note": "Both methods named, misspelt; meaning clear.",
        "marker": "tutor",
    }


def test_the_command_adds_cases_and_never_repeats_one(tmp_path, capsys):
    store = tmp_path / "amira.json"
    record_moderation("two-methods", a_moderation(), store)
    out = tmp_path / "corpus"
    assert cli.main(["moderation", str(store), "--out", str(out)]) == 0
    assert "1 case added" in capsys.readouterr().out
    assert cli.main(["moderation", str(store), "--out", str(out)]) == 0
    assert "already a case" in capsys.readouterr().out
    answers = tomllib.loads((out / mf.ANSWERS_FILE).read_text(encoding="utf-8"))["answer"]
    marks = tomllib.loads((out / mf.MARKS_FILE).read_text(encoding="utf-8"))["mark"]
    assert [a["id"] for a in answers] == [k["id"] for k in marks] == ["two-methods/m01"]
    record_moderation(
        "two-methods", a_moderation(answer_text="Phone them and send a survey.", time="2026-12-05T10:00:00Z"), store
    )
    assert cli.main(["moderation", str(store), "--out", str(out)]) == 0
    answers = tomllib.loads((out / mf.ANSWERS_FILE).read_text(encoding="utf-8"))["answer"]
    assert [a["id"] for a in answers] == ["two-methods/m01", "two-methods/m02"]
    assert load_document(store).document["activities"]["two-methods"]["moderations"]  # the input is untouched


def test_many_long_moderations_never_make_the_store_too_big_to_read(tmp_path):
    store = tmp_path / "progress.json"
    long_text = "word " * 990

    def change(document):
        for q in range(30):
            activity = document["activities"].setdefault(f"q{q}", {"kind": "written", "attempts": []})
            activity["moderations"] = [
                a_moderation(answer_text=long_text + str(n), time=f"2026-12-01T10:{n:02d}:00Z") for n in range(50)
            ]
        return document

    assert update_store(change, store)
    assert store.stat().st_size < 2 * 1024 * 1024
    kept = load_document(store)
    assert not kept.damaged and kept.document["activities"]["q0"]["moderations"][-1]["answer_text"].endswith("49")
