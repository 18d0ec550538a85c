"""Written answers in a real JupyterLab: typed by keyboard, marked by the rubric, read on screen;
and the mock paper in exam mode, submitted with the Submit button."""

from __future__ import annotations

import pytest

from harness import axe_violations, open_and_run_all, press, write_notebook

pytestmark = pytest.mark.browser

SETUP = """from widgets import MockPaper, WrittenAnswer
plan = WrittenAnswer.from_content("proactive-follow-up-plan")
paper = MockPaper.from_content("mock-assessment")"""

# Earns points 1 to 3 of the rubric, mentions care tips only to reject them, and says nothing about
# the business or Ellie's contact preferences.
ANSWER = (
    "Meadow and Vine should phone Ellie three days after delivery to check she is happy with the sofa. "
    "This is good for Ellie because she feels valued. Do not send care tips."
)


@pytest.fixture
def notebook(page, lab):
    path = write_notebook(lab, "written.ipynb", SETUP, "plan", 'paper["mock-feedback-methods"]', "paper.submit_button")
    open_and_run_all(page, lab, path, ".asl-written", 2)
    page.locator(".asl-paper").wait_for()
    return path


def cell_sources(page) -> list[str]:
    return page.locator(".jp-Notebook .jp-Cell .jp-InputArea-editor").all_inner_texts()


def focused_action(page) -> str | None:
    return page.evaluate("() => document.activeElement && document.activeElement.getAttribute('data-action')")


def test_a_typed_answer_is_marked_point_by_point_with_the_learners_words(page, lab, notebook):
    widget = page.locator(".asl-written").first
    widget.scroll_into_view_if_needed()
    before = cell_sources(page)
    box = widget.get_by_label("Your answer", exact=True)
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(ANSWER)
    # Letters such as a, b, d, m and x are JupyterLab shortcuts: none of them reached the notebook.
    assert cell_sources(page) == before
    assert box.input_value() == ANSWER
    widget.locator(".asl-w-count", has_text="words").wait_for()

    compare = widget.get_by_role("button", name="Compare with the marking points")
    press(page, compare, "keyboard")
    widget.locator(".asl-feedback", has_text="Your answer earns 3 of 5 marks.").wait_for()
    assert focused_action(page) == "check", "focus stays on the button the learner pressed"

    points = widget.locator(".asl-w-point")
    assert points.count() == 5
    earned = widget.locator(".asl-w-point[data-earned='true']")
    missed = widget.locator(".asl-w-point[data-earned='false']")
    assert earned.count() == 3 and missed.count() == 2
    # The words that earned each point are quoted back, with their sentence.
    quotes = earned.locator(".asl-w-quote").all_inner_texts()
    assert "feels valued" in quotes and "check she is happy" in quotes
    assert "✓ Earned 1/1" in earned.first.inner_text()
    # A missed point says so in words (not only colour) and gives its hint.
    business = missed.filter(has_text="Justifies it for the business")
    assert "✗ Missed 0/1" in business.inner_text() and "Hint:" in business.inner_text()
    # Care tips were mentioned only to be rejected: not counted, and the learner is told why.
    assert "only to reject it" in widget.inner_text()
    widget.locator(".asl-w-model").wait_for()
    assert widget.locator(".asl-w-exemplar summary").all_inner_texts() == [
        "Weak answer: 0 of 5 marks",
        "Pass answer: 3 of 5 marks",
        "Strong answer: 5 of 5 marks",
    ]
    weak = widget.locator(".asl-w-exemplar").nth(0)
    weak.locator("summary").click()
    assert "✗ Names a proactive follow-up" in weak.locator(".asl-w-exemplar-points").inner_text()
    assert lab.kernel_eval(notebook, "print(plan.score, plan.attempts, plan.response[:12])") == "3 1 Meadow and V"

    # Try again hides the model answer and the marking; the text stays; focus stays put.
    press(page, widget.get_by_role("button", name="Try again"), "keyboard")
    widget.locator(".asl-w-model").wait_for(state="hidden")
    assert widget.locator(".asl-w-point").count() == 0 or not widget.locator(".asl-w-marking").is_visible()
    assert focused_action(page) == "try_again"
    assert box.input_value() == ANSWER
    assert cell_sources(page) == before


def test_the_learner_can_disagree_without_changing_the_score(page, lab, notebook):
    widget = page.locator(".asl-written").first
    box = widget.get_by_label("Your answer", exact=True)
    box.fill(ANSWER)
    widget.get_by_role("button", name="Compare with the marking points").click()
    missed = widget.locator(".asl-w-point[data-earned='false']").first
    missed.locator("summary", has_text="I did cover this").click()
    missed.get_by_label("Where in your answer, and why does it earn the point?").fill(
        "I said the shop checks in with her."
    )
    missed.get_by_role("button", name="Record my view").click()
    missed.locator(".asl-w-claim-status", has_text="score stays the rubric's").wait_for()
    assert lab.kernel_eval(notebook, "print(plan.score, len(plan.claims))") == "3 1"


def test_the_mock_paper_gives_no_feedback_until_it_is_submitted(page, lab, notebook):
    question = page.locator(".asl-written").nth(1)
    question.scroll_into_view_if_needed()
    assert question.locator(".asl-w-buttons button:visible").count() == 0, "no Compare button in exam mode"
    assert "Exam mode" in question.inner_text()
    question.get_by_label("Your answer", exact=True).focus()
    page.keyboard.type("Surveys and adverts.")
    submit = page.locator(".asl-paper").get_by_role("button", name="Submit the paper")
    press(page, submit, "keyboard")
    paper = page.locator(".asl-paper")
    paper.locator(".asl-p-message", has_text="Press Submit again").wait_for()
    assert question.locator(".asl-w-point").count() == 0, "still nothing marked"
    press(page, paper.get_by_role("button", name="Submit anyway"), "keyboard")
    paper.locator(".asl-p-total", has_text="out of 27 marks").wait_for()
    assert "Methods of collecting feedback — 1 of 2 marks" in paper.inner_text()
    assert "Examiner marking point: “Award credit for correctly listing" in paper.inner_text()
    # The question now shows how it was marked, and its answer is read-only.
    question.locator(".asl-w-point", has_text="Partly earned 1/2").wait_for()
    assert question.locator(".asl-w-quote").all_inner_texts() == ["Surveys"]
    assert "advertising tells customers about products" in question.inner_text()
    assert question.get_by_label("Your answer", exact=True).get_attribute("readonly") is not None
    # After submitting, the learner may still record a second opinion beside the mark.
    question.locator("summary", has_text="I did cover this").wait_for()
    assert lab.kernel_eval(notebook, "print(paper.submitted, paper.totals.sections[0].score)") == "True 1"


def test_written_widgets_have_no_accessibility_violations(page, lab, notebook):
    widget = page.locator(".asl-written").first
    widget.get_by_label("Your answer", exact=True).fill(ANSWER)
    widget.get_by_role("button", name="Compare with the marking points").click()
    widget.locator(".asl-w-point").first.wait_for()
    assert axe_violations(page, ".asl-written") == []
    assert axe_violations(page, ".asl-paper") == []


def test_a_misspelt_word_that_earned_a_mark_is_shown_as_it_was_read(page, lab, notebook):
    widget = page.locator(".asl-written").first
    widget.scroll_into_view_if_needed()
    widget.get_by_label("Your answer", exact=True).fill(
        "Meadow and Vine should send Ellie a short servey by text three days after the delivery, "
        "asking her how the team did and whether the sofa is right."
    )
    press(page, widget.get_by_role("button", name="Compare with the marking points"), "keyboard")
    earned = widget.locator(".asl-w-point[data-earned='true']").first
    earned.locator(".asl-w-read-as").wait_for()
    assert "“servey” read as “survey”" in earned.locator(".asl-w-read-as").inner_text()
    assert "“servey” as “survey”" in widget.locator(".asl-w-notes").inner_text()
