"""Written answers: the widget marks with the rubric, and the content files are validated."""

import pytest

from widgets import WrittenAnswer
from widgets.content import ContentNotice, load_kind
from widgets.progress import store as progress
from widgets.progress.store import load_progress
from widgets.scoring.rubric import MarkingPoint
from widgets.activities.written import Exemplar, WrittenSpec, feedback_view
from content_files import content_problems, write_content

SPEC = WrittenSpec(
    id="written-demo",
    prompt="Name two feedback methods and say why feedback matters.",
    model_answer="A survey and a follow-up call, because feedback shows what to improve.",
    min_words=5,
    points=(
        MarkingPoint(
            text="Names two methods",
            marks=2,
            style="list",
            hint="Name two methods.",
            ideas=(("survey", ("survey*",)), ("call", ("follow up call*", "phone call*"))),
        ),
        MarkingPoint(
            text="Says why feedback matters",
            style="explain",
            hint="Give a reason.",
            why="Feedback drives improvement.",
            ideas=(("improve", ("improv*",)),),
        ),
    ),
    exemplars=(
        Exemplar("weak", "Surveys."),
        Exemplar("pass", "A survey and a phone call."),
        Exemplar("strong", "A survey and a phone call, because they show what to improve."),
    ),
)


@pytest.fixture(autouse=True)
def own_progress(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(tmp_path / "progress.json"))
    return tmp_path / "progress.json"


def press(widget, action, **state):
    widget._on_front_end_message(widget, {"action": action, "state": state}, [])


def test_compare_marks_with_the_rubric_quotes_words_and_reveals_the_model_answer(own_progress):
    w = WrittenAnswer(SPEC)
    press(w, "check", response="We could send a survey to every customer.")
    assert w.score == 1 and w.phase == "checked" and w.attempts == 1
    points = w.marking["points"]
    assert points[0]["marks"] == 1 and points[0]["quotes"] == [
        {"quote": "survey", "sentence": "We could send a survey to every customer.", "read_as": []}
    ]
    assert points[1]["earned"] is False and points[1]["hint"] == "Give a reason."
    assert w.reveal["model_answer"].startswith("A survey and a follow-up call")
    assert [(e["level"], e["score"]) for e in w.reveal["exemplars"]] == [("weak", 1), ("pass", 2), ("strong", 3)]
    assert [p["marks"] for p in w.reveal["exemplars"][1]["points"]] == [
        2,
        0,
    ]  # how each exemplar was marked, point by point
    assert "1 of 3 marks" in w.summary and not w.summary_ok
    saved = load_progress(own_progress)["written-demo"]
    assert (
        saved["last"] == 1
        and saved["maximum"] == 3
        and saved["response"] == "We could send a survey to every customer."
    )
    assert repr(w) == "WrittenAnswer('written-demo', 2 marking points, 3 marks, score 1/3)"


def test_a_short_answer_is_not_marked_yet():
    w = WrittenAnswer(SPEC)
    press(w, "check", response="A survey.")
    assert w.score is None and w.attempts == 0 and "Write a little more" in w.summary and not w.reveal


def test_try_again_hides_the_model_answer_and_keeps_the_text():
    w = WrittenAnswer(SPEC)
    press(w, "check", response="A survey and a phone call, because they show what to improve.")
    assert w.score == 3 and w.summary_ok
    press(w, "try_again")
    assert w.reveal == {} and w.marking == {} and w.phase == "working"
    assert w.response == "A survey and a phone call, because they show what to improve."


def test_self_assessment_is_recorded_beside_the_score_never_in_it():
    w = WrittenAnswer(SPEC)
    press(w, "check", response="We could send a survey to every customer.")
    w._on_front_end_message(w, {"action": "claim", "index": 1, "reason": "I said it helps the shop."}, [])
    assert w.claims == {"1": "I said it helps the shop."} and w.score == 1
    w._on_front_end_message(w, {"action": "claim", "index": 9, "reason": "out of range"}, [])
    w._on_front_end_message(w, {"action": "claim", "index": "1", "reason": "not an int"}, [])
    assert w.claims == {"1": "I said it helps the shop."}
    w._on_front_end_message(w, {"action": "claim", "index": 1, "reason": "  "}, [])
    assert w.claims == {}


def test_a_claim_before_marking_is_ignored():
    w = WrittenAnswer(SPEC)
    w.claim(0, "I covered it")
    assert w.claims == {}


def test_exam_mode_has_no_buttons_and_marks_only_when_the_paper_is_submitted():
    w = WrittenAnswer(SPEC, exam=True)
    assert w.buttons == [] and w.exam
    press(w, "check", response="A survey and a phone call.")
    assert w.score is None and w.marking == {}
    w.check(final=True)
    assert w.score == 2 and w.marking["points"][0]["earned"]
    w.lock()
    w.response = "changed after submitting"
    assert w.response == "A survey and a phone call."


def test_exam_mode_marks_a_short_or_empty_answer_as_it_stands():
    w = WrittenAnswer(SPEC, exam=True)
    w.check(final=True)
    assert w.score == 0 and w.attempts == 1


def test_the_saved_answer_comes_back_after_a_restart(own_progress):
    first = WrittenAnswer(SPEC)
    press(first, "check", response="We could send a survey to every customer.")
    assert WrittenAnswer(SPEC).response == "We could send a survey to every customer."


def test_show_solution_reveals_without_marking():
    w = WrittenAnswer(SPEC)
    press(w, "solution")
    assert w.phase == "solution" and w.reveal["model_answer"] and w.score is None


def test_feedback_view_is_plain_data():
    w = WrittenAnswer(SPEC)
    w.response = "A survey. Never a phone call."
    w.check(final=True)
    view = feedback_view(w.result)
    assert view["score"] == 1 and any("only to reject it" in n for n in view["points"][0]["notes"])


# ------------------------------------------------------------------ the content in data/written


def test_every_written_question_loads_and_its_model_answer_earns_full_marks():
    questions = load_kind("written")
    for spec in questions.values():
        assert spec.score(spec.model_answer).complete, spec.id
        scores = [spec.score(e.text).score for e in spec.exemplars]
        assert [e.level for e in spec.exemplars] == ["weak", "pass", "strong"], spec.id
        assert scores == sorted(scores) and len(set(scores)) == 3, (spec.id, scores)


@pytest.mark.parametrize(
    "question_id",
    [
        "proactive-follow-up-plan",
        "draw-your-own-process",
        "two-feedback-methods",
        "problem-in-the-data",
        "repeat-business-word-of-mouth",
        "review-recommendations",
        "seven-cs-rewrite",
        "role-play-reply",
        "my-after-sales-example",
        "loyalty-reputation-explain",
        "write-a-service-standard",
        "explain-review-purpose",
    ],
)
def test_every_written_question_of_the_lessons_has_a_rubric(question_id):
    widget = WrittenAnswer.from_content(question_id)
    assert isinstance(widget, WrittenAnswer), widget
    assert len(widget.spec.exemplars) == 3


GOOD = """
[[written]]
id = "demo"
prompt = "Name a method."
model_answer = "We could send a survey to customers."

[[written.points]]
text = "Names a method"
ideas = { survey = ["survey*"] }
why = "Credit for a method."
hint = "Name one."
"""


def test_a_minimal_question_loads(tmp_path):
    write_content(tmp_path, GOOD, kind="written")
    assert load_kind("written", tmp_path)["demo"].maximum == 1


@pytest.mark.parametrize(
    "change, field, message",
    [
        (('ideas = { survey = ["survey*"] }', 'ideas = { survey = ["su*"] }'), "points[1].ideas.survey", "too short"),
        (
            ('ideas = { survey = ["survey*"] }', "ideas = { survey = [] }"),
            "points[1].ideas.survey",
            "list of phrasings",
        ),
        (('ideas = { survey = ["survey*"] }', "ideas = {}"), "points[1].ideas", "at least one idea"),
        (
            ('ideas = { survey = ["survey*"] }', 'ideas = { survey = ["survey*"] }\nmarks = 2'),
            "points[1].ideas",
            "different ideas",
        ),
        (
            ('ideas = { survey = ["survey*"] }', 'ideas = { survey = ["survey*"] }\nstyle = "shout"'),
            "points[1].style",
            "not one of",
        ),
        (
            ('ideas = { survey = ["survey*"] }', 'ideas = { survey = ["survey*"] }\nreject = { "ad*" = "no" }'),
            "points[1].reject",
            "too short",
        ),
        (('hint = "Name one."', ""), "points[1].hint", "is missing"),
        (
            ('ideas = { survey = ["survey*"] }', 'ideas = { survey = ["survey*"] }\nneeds_one_of = [1]'),
            "points[1].needs_one_of",
            "is not an earlier point",
        ),
        (
            ("We could send a survey to customers.", "We could ring them."),
            "model_answer",
            "gives the model answer 0 of 1",
        ),
        (
            ('prompt = "Name a method."', 'prompt = "Name a method."\ncommand_word = "ponder"'),
            "command_word",
            "not one of",
        ),
    ],
)
def test_content_problems_name_the_file_the_question_and_the_field(tmp_path, change, field, message):
    problems = content_problems(tmp_path, GOOD.replace(*change), kind="written")
    assert any(
        "tasks.toml" in p and "question 'demo'" in p and f"field '{field}'" in p and message in p for p in problems
    ), problems


def test_exemplars_the_rubric_cannot_tell_apart_are_reported(tmp_path):
    text = (
        GOOD
        + """
[[written.exemplars]]
level = "weak"
text = "A survey would help."

[[written.exemplars]]
level = "pass"
text = "A survey is good."

[[written.exemplars]]
level = "strong"
text = "We could send a survey."
"""
    )
    problems = content_problems(tmp_path, text, kind="written")
    assert any("field 'exemplars[2].text'" in p and "cannot tell them apart" in p for p in problems), problems


def test_a_lesson_marks_only_the_examples_of_the_questions_it_shows(tmp_path, monkeypatch):
    """The slow rule (the rubric marks its own model answer and exemplars) runs for the question
    asked for; another question's broken model answer is still reported, when that one is asked for
    and by a full check, and each question's examples are marked once, not on every load."""
    import dataclasses

    from widgets.activities import written
    from widgets.content import KINDS, check_all, find_task

    broken = GOOD.replace('id = "demo"', 'id = "other"').replace(
        "We could send a survey to customers.", "We could ring them."
    )
    write_content(tmp_path, GOOD + "\n" + broken, kind="written")
    marked = []
    real = written._check_written_examples
    monkeypatch.setattr(written, "_check_written_examples", lambda r, *a: (marked.append(r["id"]), real(r, *a)))
    monkeypatch.setitem(
        KINDS, "written", dataclasses.replace(KINDS["written"], deep_check=written._check_written_examples)
    )
    spec, problems = find_task("written", "demo", tmp_path)
    assert spec is not None and problems == [] and marked == ["demo"]
    assert find_task("written", "demo", tmp_path)[0] is not None and marked == ["demo"]  # kept, not re-marked
    spec, problems = find_task("written", "other", tmp_path)
    assert spec is None and any("gives the model answer 0 of 1" in str(p) for p in problems), problems
    assert marked == ["demo", "other"]
    problems, _files, _tasks = check_all(tmp_path)
    assert any("question 'other'" in str(p) and "model_answer" in str(p) for p in problems), problems


def test_a_missing_question_is_a_notice_not_a_crash():
    notice = WrittenAnswer.from_content("no-such-question")
    assert isinstance(notice, ContentNotice)


def _phrasings(spec):
    return [
        t.replace("...", "").replace("#", "5").replace("*", "")
        for p in spec.points
        for _, terms in p.ideas
        for t in terms
    ]


WRITTEN = load_kind("written")


@pytest.mark.parametrize("question_id", sorted(WRITTEN))
def test_each_real_rubric_resists_stuffing_and_marks_nothing_for_nothing(question_id):
    spec = WRITTEN[question_id]
    phrasings = _phrasings(spec)
    # Every accepted phrasing heaped together: at most half the marks.
    assert 2 * spec.score(" ".join(phrasings)).score <= spec.maximum
    # Every phrasing dressed up in the same sentence frame: never full marks, unless the question only asks for a list.
    framed = ". ".join(f"It is {p} because of {p}" for p in phrasings)
    if any(p.style != "list" for p in spec.points):
        assert not spec.score(framed).complete
    assert spec.score("").score == 0
    assert spec.score("Ceci n'est pas une réponse en anglais, mais le client est toujours roi.").score == 0


def test_the_text_and_the_self_assessment_come_back_after_a_restart():
    first = WrittenAnswer.from_content("proactive-follow-up-plan")
    first.response = (
        "Meadow and Vine should phone Ellie three days after delivery to check she is happy with the sofa. "
        "This is good for Ellie because she feels valued."
    )
    first.check()
    first.claim(4, "I said they phone her, which she agreed to.")
    first.save_draft()
    again = WrittenAnswer.from_content("proactive-follow-up-plan")
    assert again.response == first.response and again.claims == {"4": "I said they phone her, which she agreed to."}
    assert again.score is None and "start_again" in again.buttons
    again.start_again()
    assert again.response == "" and again.claims == {}


def test_no_written_answer_in_the_pack_is_self_marked_any_more():
    questions = load_kind("questions")
    self_marked = sorted(q.id for q in questions.values() if q.type == "open")
    assert self_marked == [], f"move these to data/written with a rubric: {self_marked}"


def test_a_misspelt_word_that_earned_a_mark_is_shown_as_read(own_progress):
    w = WrittenAnswer(SPEC)
    press(w, "check", response="We could send a servey and make a folow up call to every customer.")
    quotes = w.marking["points"][0]["quotes"]
    assert [q["quote"] for q in quotes] == ["servey", "folow up call"]
    assert quotes[0]["read_as"] == [{"typed": "servey", "read_as": "survey"}]
    assert quotes[1]["read_as"] == [{"typed": "folow", "read_as": "follow"}]
    assert any("“servey” as “survey”" in note for note in w.marking["notes"])


# --------------------------------------------------------------------------- tutor moderation (issue 16)


def test_in_tutor_mode_a_mark_is_moderated_with_a_reason_and_the_learner_sees_both(monkeypatch, own_progress):
    monkeypatch.setenv("AFTER_SALES_TUTOR", "1")
    tutor = WrittenAnswer(SPEC)
    assert tutor.tutor
    tutor.response = "A survey, and ring them up to see what to do better."
    press(tutor, "check")
    assert tutor.score == 1
    tutor._on_front_end_message(tutor, {"action": "moderate", "points": ["2", "1"], "reason": ""}, [])
    assert tutor.moderation_status == "Not saved: Give a one-line reason for the tutor's mark."
    tutor._on_front_end_message(
        tutor, {"action": "moderate", "points": [2, 1], "reason": "Ring them up is a call; do better is improve."}, []
    )
    line = "Rubric mark 1 of 3; your tutor's mark 3 of 3: Ring them up is a call; do better is improve."
    assert tutor.moderation["line"] == line and tutor.announcement.endswith(line)
    assert tutor.score == 1, "the rubric's mark is kept as the score"
    # The learner, later, with the same store: both marks shown for the same answer, none for another.
    monkeypatch.delenv("AFTER_SALES_TUTOR")
    learner = WrittenAnswer(SPEC)
    assert not learner.tutor
    learner.response = "A survey, and ring them up to see what to do better."
    press(learner, "check")
    assert learner.moderation["current"] and learner.summary.endswith(line)
    learner.response = "Something else entirely."
    assert learner.moderation["line"].startswith("Your tutor marked an earlier version of this answer")
    assert learner.moderate([0, 0], "not a tutor") is False


def test_a_mark_is_not_moderated_outside_tutor_mode_or_for_a_changed_answer(monkeypatch):
    w = WrittenAnswer(SPEC)
    w.response = "A survey and a phone call."
    press(w, "check")
    assert w.moderate([2, 1], "fair") is False and "tutor mode" in w.moderation_status
    monkeypatch.setenv("AFTER_SALES_TUTOR", "1")
    w.response = "A survey and a phone call, edited after Compare."
    assert w.moderate([2, 1], "fair") is False and "changed since it was compared" in w.moderation_status


def test_a_claim_is_recorded_in_the_progress_store_and_withdrawn(own_progress):
    w = WrittenAnswer(SPEC)
    w.response = "A survey and a phone call to the customer."
    press(w, "check")
    w._on_front_end_message(w, {"action": "claim", "index": 1, "reason": "I said it helps the shop."}, [])
    claims, _ = progress.reviews(SPEC.id)
    assert [(c["point"], c["reason"], c["rubric"]["total"], c["point_text"]) for c in claims] == [
        (1, "I said it helps the shop.", 2, "Says why feedback matters")
    ]
    w.claim(1, "")
    assert progress.reviews(SPEC.id)[0] == []


# --------------------------------------------------------------------------- the Tutor view toggle (issue 20)


def test_the_tutor_view_toggle_hides_the_model_answer_and_shows_it_again(monkeypatch):
    """A tutor presenting slides lets the class write first, then reveals the model answer on the same slide."""
    from widgets._base import TUTOR_VIEW

    monkeypatch.setenv("AFTER_SALES_TUTOR", "1")
    w = WrittenAnswer.from_content("proactive-follow-up-plan")
    assert w.tutor and w.tutor_view and w.phase == "solution" and w.reveal["model_answer"]
    assert w.summary.startswith("Tutor mode: Model answer")
    press(w, TUTOR_VIEW, response="The class's answer, typed on the slide.")
    assert not w.tutor_view and w.phase == "working" and w.reveal == {} and w.marking == {} and w.summary == ""
    assert w.announcement == "Tutor view off: the activity as learners see it, answers hidden."
    assert w.response == "The class's answer, typed on the slide.", "what the class wrote stays"
    press(w, TUTOR_VIEW)
    assert w.tutor_view and w.phase == "solution" and w.reveal["model_answer"] == w.spec.model_answer
    assert w.response == "The class's answer, typed on the slide." and w.announcement.startswith("Tutor mode: ")
    press(w, "try_again")  # Try again in the bar: the toggle says the answer is hidden
    assert not w.tutor_view and w.reveal == {}


def test_a_learner_has_no_tutor_view_in_a_written_answer():
    from widgets._base import TUTOR_VIEW

    w = WrittenAnswer(SPEC)
    press(w, TUTOR_VIEW)
    assert not w.tutor and not w.tutor_view and w.phase == "working" and w.reveal == {}


def test_in_a_mock_paper_the_tutor_view_hides_the_model_answer_until_the_paper_is_submitted(monkeypatch):
    """Try again does nothing in exam mode, so off has its own rule: hide the model answer, keep the text;
    once the paper is submitted the learner sees the marks and the model answer, so off leaves them."""
    from widgets._base import TUTOR_VIEW

    monkeypatch.setenv("AFTER_SALES_TUTOR", "1")
    w = WrittenAnswer(SPEC, exam=True)
    w._open()  # as MockPaper.from_content does
    assert w.tutor_view and w.phase == "solution" and w.reveal["model_answer"]
    press(w, TUTOR_VIEW, response="A survey and a phone call.")
    assert not w.tutor_view and w.phase == "working" and w.reveal == {} and w.summary == ""
    assert w.response == "A survey and a phone call."
    press(w, TUTOR_VIEW)
    assert w.tutor_view and w.reveal["model_answer"]
    press(w, TUTOR_VIEW)
    w.check(final=True)  # the paper is submitted
    assert w.phase == "checked" and not w.tutor_view
    press(w, TUTOR_VIEW)
    assert w.tutor_view and w.phase == "solution"
    press(w, TUTOR_VIEW)
    assert not w.tutor_view and w.phase == "checked" and w.marking["points"] and w.reveal["model_answer"]
    assert w.summary == "Your answer earns 2 of 3 marks. Read the hint under each point you missed."
