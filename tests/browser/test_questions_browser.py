"""Questions in a real JupyterLab: typed numbers and choices, by keyboard and mouse.

Written answers are WrittenAnswer activities, marked by their rubric (test_written_browser.py)."""

import pytest

from harness import axe_violations, open_and_run_all, write_notebook

pytestmark = pytest.mark.browser

SETUP = """from widgets import Question
from widgets.activities.questions import QuestionSpec, ChoiceOption
number = Question(QuestionSpec(id='b-number', type='number', prompt='What is the CSAT?', answer=72.5, tolerance=0.5, unit='%',
                               explanation='Count the 4s and 5s.', hint='Only 4s and 5s count.'))
choice = Question(QuestionSpec(id='b-choice', type='choice', prompt='Which collect feedback?', multiple=True, explanation='Both ask.',
                               options=(ChoiceOption('Survey', True, 'Asks customers.'), ChoiceOption('Follow-up call', True, 'Talks to them.'),
                                        ChoiceOption('<img src=x onerror=alert(1)>', False, 'Not a method.'))))"""


@pytest.fixture
def questions(page, lab):
    path = write_notebook(lab, "questions.ipynb", SETUP, "number", "choice")
    open_and_run_all(page, lab, path, ".asl-question", 2)
    return path, page.locator(".asl-question")


def test_a_number_answer_by_keyboard_alone(page, lab, questions):
    path, widgets = questions
    number = widgets.nth(0)
    number.get_by_label("Your answer").focus()
    page.keyboard.type("80")
    page.keyboard.press("Enter")
    number.locator(".asl-feedback", has_text="too high").wait_for()
    number.get_by_label("Your answer").fill("72.4")
    page.keyboard.press("Enter")
    number.locator(".asl-feedback", has_text="Correct").wait_for()
    assert lab.kernel_eval(path, "print(number.score, number.attempts, number.response)") == "1 2 72.4"


def test_a_choice_by_clicks_explains_each_option(page, lab, questions):
    path, widgets = questions
    choice = widgets.nth(1)
    choice.get_by_label("Survey").check()
    choice.get_by_label("<img src=x onerror=alert(1)>").check()
    choice.locator(".asl-button-check").click()
    choice.locator(".asl-feedback", has_text="0 of 2 marks").wait_for()  # +1 for Survey, -1 for the wrong tick
    assert "Not a method." in choice.inner_text() and "✗ Your choice: not right" in choice.inner_text()
    assert choice.locator("img").count() == 0 and page.dialogs == []
    assert lab.kernel_eval(path, "print(choice.selected)") == "['Survey', '<img src=x onerror=alert(1)>']"


def test_questions_have_no_accessibility_violations(page, lab, questions):
    _, widgets = questions
    widgets.nth(1).get_by_label("Survey").check()
    widgets.nth(1).locator(".asl-button-check").click()
    widgets.nth(1).locator(".asl-feedback").wait_for()
    assert axe_violations(page, ".asl-question") == []
