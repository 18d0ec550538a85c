"""The mock paper: exam mode, one submission, totals by examiner marking point."""

import tomllib
from pathlib import Path

import pytest

from widgets import MockPaper, OrderTask, WrittenAnswer
from widgets.content import ContentNotice, load_kind
from widgets.progress.store import load_progress
from widgets.scoring.paper import QuestionMark, Section, total_paper
from content_files import content_problems

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def own_progress(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(tmp_path / "progress.json"))
    return tmp_path / "progress.json"


@pytest.fixture
def paper():
    built = MockPaper.from_content("mock-assessment")
    assert isinstance(built, MockPaper), built
    return built


def submit(paper):
    paper.submit_button._on_message(None, {"action": "submit"}, [])


def test_totals_add_up_by_section():
    sections = (Section("A", "point a", "000", ("q1", "q2")), Section("B", "point b", "001", ("q3",)))
    marks = {
        "q1": QuestionMark("q1", "Q1", 2, 2),
        "q2": QuestionMark("q2", "Q2", 1, 4),
        "q3": QuestionMark("q3", "Q3", 0, 3),
    }
    totals = total_paper(sections, marks)
    assert (totals.score, totals.maximum, totals.percent) == (3, 9, 33)
    assert [(s.score, s.maximum) for s in totals.sections] == [(3, 6), (0, 3)]


@pytest.mark.parametrize(
    "sections, marks, message",
    [
        (
            (Section("A", "a", "000", ("q1",)), Section("B", "b", "000", ("q1",))),
            {"q1": QuestionMark("q1", "Q", 1, 1)},
            "more than one section",
        ),
        ((Section("A", "a", "000", ("q1",)),), {}, "has no mark"),
        ((Section("A", "a", "000", ("q1",)),), {"q1": QuestionMark("q1", "Q", 3, 2)}, "scores 3 of 2"),
    ],
)
def test_impossible_totals_raise(sections, marks, message):
    with pytest.raises(ValueError, match=message):
        total_paper(sections, marks)


def test_the_paper_is_in_exam_mode_until_submitted(paper):
    assert repr(paper) == "MockPaper('mock-assessment', 7 questions, 27 marks)"
    written = [q for q in paper if isinstance(q, WrittenAnswer)]
    ordering = [q for q in paper if isinstance(q, OrderTask)]
    assert len(written) == 6 and len(ordering) == 1
    assert all(q.exam and q.buttons == [] for q in written) and ordering[0].buttons == []
    methods = paper["mock-feedback-methods"]
    methods._on_front_end_message(methods, {"action": "check", "state": {"response": "Surveys and calls."}}, [])
    assert methods.score is None and methods.marking == {} and methods.reveal == {}


def test_submitting_with_empty_answers_asks_once_then_marks_everything(paper, own_progress):
    paper["mock-feedback-methods"].response = "Surveys and follow-up calls."
    submit(paper)
    button = paper.submit_button
    assert button.status == "confirm" and "6 questions have no answer yet" in button.message and not paper.submitted
    submit(paper)
    assert button.status == "submitted" and paper.submitted
    assert paper.totals.sections[0].score == 2 and button.breakdown[0]["score"] == 2
    assert button.total == paper.totals.score and "You scored" in button.message
    assert all(q.phase == "checked" for q in paper)
    assert paper["mock-feedback-methods"].marking["points"][0]["earned"]
    assert load_progress(own_progress)["mock-assessment"]["maximum"] == 27


def test_model_answers_and_a_correct_order_score_full_marks(paper):
    for question in paper:
        if isinstance(question, WrittenAnswer):
            question.response = question.spec.model_answer
        else:
            question.order = list(question._expected)
    submit(paper)
    assert paper.submitted and paper.totals.score == paper.totals.maximum == 27


def test_answers_are_locked_after_submitting(paper):
    paper["mock-review-purpose"].response = "A review finds problems."
    paper.submit()
    paper["mock-review-purpose"].response = "changed"
    assert paper["mock-review-purpose"].response == "A review finds problems."
    before = paper.totals
    submit(paper)
    assert paper.totals is before


def test_the_breakdown_lists_every_rubric_point(paper):
    paper.submit()
    scenario = [s for s in paper.submit_button.breakdown if s["short"].startswith("Handling a return")][0]
    assert scenario["maximum"] == 6 and len(scenario["questions"][0]["points"]) == 6


def test_every_examiner_marking_point_of_both_seeds_is_a_section():
    spec = load_kind("papers")["mock-assessment"]
    quoted = {(s.seed, s.marking_point) for s in spec.sections}
    if SEEDS.is_dir():
        expected = set()
        for path in sorted(SEEDS.glob("*.txt")):
            section = None
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("- ") and section == "Examiner Marking Points":
                    expected.add((path.name[:3], line[2:].strip()))
                elif line.strip() and not line.startswith("- "):
                    section = line.strip()
        assert quoted == expected
    # Without the seeds, the map in data/ is the reference.
    mapped = tomllib.loads((ROOT / "data" / "seed-coverage.toml").read_text(encoding="utf-8"))["line"]
    points = {(e["seed"], e["text"]) for e in mapped if e["section"] == "Examiner Marking Points"}
    assert quoted == points and len(points) == 7


def test_a_paper_naming_a_missing_question_is_a_notice(tmp_path, monkeypatch):
    paper_dir = tmp_path / "papers"
    paper_dir.mkdir()
    (paper_dir / "p.toml").write_text(
        """
[[paper]]
id = "broken"
title = "Broken"
[[paper.sections]]
short = "A"
seed = "000"
marking_point = "A point"
questions = ["no-such-question"]
""",
        encoding="utf-8",
    )
    for kind in ("written", "ordering"):
        (tmp_path / kind).mkdir()
    (tmp_path / "written" / "w.toml").write_text(
        (ROOT / "data" / "written" / "lesson-03.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "ordering" / "o.toml").write_text(
        (ROOT / "data" / "ordering" / "mock-assessment.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.setenv("AFTER_SALES_DATA_DIR", str(tmp_path))
    notice = MockPaper.from_content("broken")
    assert isinstance(notice, ContentNotice) and "no-such-question" in repr(notice)


def test_a_question_in_two_sections_is_reported(tmp_path):
    text = """
[[paper]]
id = "twice"
title = "Twice"
[[paper.sections]]
short = "A"
seed = "000"
marking_point = "A point"
questions = ["q1"]
[[paper.sections]]
short = "B"
seed = "001"
marking_point = "B point"
questions = ["q1"]
"""
    problems = content_problems(tmp_path, text, kind="papers")
    assert any(
        "paper 'twice'" in p and "field 'sections[2].questions'" in p and "already in section 1" in p for p in problems
    ), problems


def test_an_answer_in_the_paper_comes_back_after_a_restart(paper):
    paper["mock-review-purpose"].response = "A review finds problems."
    paper["mock-review-purpose"].save_draft()
    again = MockPaper.from_content("mock-assessment")
    assert again["mock-review-purpose"].response == "A review finds problems."
    assert not again.submitted and again["mock-review-purpose"].marking == {}
