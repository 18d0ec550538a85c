"""Questions: typed numbers, choices and written answers, checked in the kernel."""

import pytest

from widgets import Question
from widgets.content import ContentError, ContentNotice, load_kind
from widgets.activities.questions import QuestionSpec, ChoiceOption
from content_files import write_content
from widgets.scoring.choice import check_number, count_words, parse_number, score_choice

NUMBER = QuestionSpec(
    id="csat-demo",
    type="number",
    prompt="What is the CSAT?",
    answer=72.5,
    tolerance=0.5,
    unit="%",
    explanation="4s and 5s divided by all responses.",
    hint="Count only the 4s and 5s.",
)
CHOICE = QuestionSpec(
    id="methods-demo",
    type="choice",
    prompt="Which collect feedback?",
    multiple=True,
    explanation="Both ask customers.",
    options=(
        ChoiceOption("Survey", True, "Asks customers directly."),
        ChoiceOption("Follow-up call", True, "Talks to the customer after the sale."),
        ChoiceOption("Shop window display", False, "That is marketing before a sale."),
    ),
)


@pytest.fixture(autouse=True)
def own_progress(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(tmp_path / "progress.json"))
    return tmp_path / "progress.json"


def press(widget, action):
    widget._on_front_end_message(widget, {"action": action}, [])


@pytest.mark.parametrize(
    "text, value",
    [("72.5", 72.5), (" 72.5 % ", 72.5), ("1,250", 1250.0), ("−3", -3.0), ("£12", 12.0), ("24 hours", 24.0)],
)
def test_numbers_are_read_as_a_learner_types_them(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "seventy", "nan", "inf", "7 2"])
def test_things_that_are_not_numbers(text):
    assert parse_number(text) is None


def test_check_number_says_too_high_or_low_without_giving_the_answer():
    assert check_number("72.9", 72.5, 0.5).ok
    verdict = check_number("80", 72.5, 0.5)
    assert not verdict.ok and "too high" in verdict.message and "72.5" not in verdict.message
    assert "too low" in check_number("60", 72.5, 0.5).message


def test_score_choice_single_and_multiple():
    options = [("a", True), ("b", False), ("c", True)]
    assert score_choice(options, ["a", "c"], multiple=True).score == 2  # one mark per correct option ticked
    assert score_choice(options, ["a", "b"], multiple=True).score == 0  # a wrong tick takes one away
    assert score_choice([("a", True), ("b", False)], ["a"], multiple=False).complete
    assert score_choice([("a", True), ("b", False)], ["b"], multiple=False).score == 0
    with pytest.raises(ValueError):
        score_choice(options, ["z"], multiple=True)


def test_count_words_ignores_stray_punctuation():
    assert count_words("Send a survey - then act on it !") == 7


def test_number_question_checks_and_explains():
    q = Question(NUMBER)
    q.set_state({"response": "seventy"})
    press(q, "check")
    assert q.attempts == 0 and "not a number" in q.summary  # a typo is not an attempt
    q.set_state({"response": "80"})
    press(q, "check")
    assert (q.score, q.attempts) == (0, 1) and "too high" in q.summary and "Count only" in q.summary
    q.set_state({"response": "72.4"})
    assert q.phase == "working"  # changing the answer clears the old verdict
    press(q, "check")
    assert q.score == 1 and q.summary_ok and "divided by all responses" in q.summary
    assert repr(q) == "Question('csat-demo', number, score 1/1)"


def test_a_number_answer_can_come_from_the_notebook():
    q = Question.from_spec(NUMBER, answer=50)
    q.response = "50"
    q.check()
    assert q.score == 1


def test_choice_question_explains_each_choice():
    q = Question(CHOICE)
    press(q, "check")
    assert q.attempts == 0 and "Choose an answer" in q.summary
    q.set_state({"selected": ["Survey", "Shop window display"]})
    press(q, "check")
    assert q.score == 0 and not q.summary_ok  # +1 for Survey, -1 for the shop window
    assert q.marks["Shop window display"] == {
        "state": "chosen_wrong",
        "text": "Your choice: not right",
        "why": "That is marketing before a sale.",
    }
    assert q.marks["Follow-up call"]["why"]  # a missed right answer is explained too
    q.set_state({"selected": ["Survey", "Follow-up call", "Nonsense"]})
    assert q.selected == ["Survey", "Follow-up call"]
    press(q, "check")
    assert q.score == 2 and q.summary_ok


def test_single_choice_keeps_one_selection():
    q = Question(
        QuestionSpec(
            id="one",
            type="choice",
            prompt="?",
            explanation="x",
            options=(ChoiceOption("a", True, "x"), ChoiceOption("b", False, "y")),
        )
    )
    q.set_state({"selected": ["a", "b"]})
    assert q.selected == ["b"]


def test_show_solution_for_each_type():
    number = Question(NUMBER)
    press(number, "solution")
    assert number.reveal["answer"] == "72.5%" and number.phase == "solution"
    choice = Question(CHOICE)
    press(choice, "solution")
    assert all(mark["why"] for mark in choice.marks.values()) and "Survey; Follow-up call" in choice.summary


def test_answer_key_is_not_synced_before_it_is_earned():
    for spec in (NUMBER, CHOICE):
        state = str(Question(spec).get_state())
        assert "72.5" not in state and "marketing before a sale" not in state and "Send a survey" not in state


QUESTION_FILE = """
[[question]]
id = "q-one"
type = "choice"
prompt = "Pick one"
explanation = "Because."
[[question.options]]
label = "Right"
correct = true
why = "It is."
[[question.options]]
label = "Wrong"
correct = false
why = "It is not."
"""


def write_questions(tmp_path, text):
    write_content(tmp_path, text, "q.toml", kind="questions")


def test_question_content_loads(tmp_path):
    write_questions(tmp_path, QUESTION_FILE)
    assert load_kind("questions", tmp_path)["q-one"].options[0].label == "Right"


@pytest.mark.parametrize(
    "change, field, words",
    [
        (("correct = true", "correct = false"), "options", "no option is marked correct"),
        (("correct = false", "correct = true"), "multiple", "set multiple = true"),
        (('type = "choice"', 'type = "essay"'), "type", "'essay' is not one of"),
        (('type = "choice"', 'type = "number"'), "answer", "needs answer"),
        (('type = "choice"', 'type = "open"'), "type", "'open' is not one of"),
        (("correct = true", 'correct = "yes"'), "options[1].correct", "true or false"),
    ],
)
def test_question_content_problems_name_file_question_and_field(tmp_path, change, field, words):
    write_questions(tmp_path, QUESTION_FILE.replace(*change))
    with pytest.raises(ContentError) as caught:
        load_kind("questions", tmp_path)
    text = str(caught.value)
    assert "q.toml" in text and "question 'q-one'" in text and f"field '{field}'" in text and words in text


def test_from_content_with_a_bad_file_gives_a_notice(tmp_path, monkeypatch):
    write_questions(tmp_path, QUESTION_FILE.replace("correct = true", "correct = false"))
    monkeypatch.setenv("AFTER_SALES_DATA_DIR", str(tmp_path))
    notice = Question.from_content("q-one")
    assert isinstance(notice, ContentNotice) and "no option is marked correct" in repr(notice)


def test_check_uses_the_answer_sent_with_it():
    q = Question(NUMBER)
    q.set_state({"response": "8"})  # the first keystroke arrived; the second is still held back
    press_with = {"action": "check", "state": {"response": "72.5"}}
    q._on_front_end_message(q, press_with, [])
    assert q.score == 1 and q.response == "72.5"
