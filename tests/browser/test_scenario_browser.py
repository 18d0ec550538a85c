"""A branching scenario in a real JupyterLab: played to a good ending by keyboard alone and to a bad one by
clicks, Back one step, the mood and feedback read off the screen, the path chart, axe-core, hostile text."""

from __future__ import annotations

import pytest

from widgets.activities.scenario import ScenarioTask
from widgets.activities.scenario_content import load_scenarios

from harness import axe_violations, open_and_run_all, write_notebook

pytestmark = pytest.mark.browser

SCENARIO_ID = "faulty-kettle-within-30-days"
SPEC = load_scenarios()[SCENARIO_ID]
SETUP = f"""from widgets import ScenarioTask
kettle = ScenarioTask.from_content({SCENARIO_ID!r}, resume=False)  # each test starts fresh, whatever the last one saved"""


def shown_position(step_id: str, content_index: int) -> int:
    """Where the kernel shows a choice (the shuffle is seeded, so this process computes the same order)."""
    task = ScenarioTask(SPEC)
    route = route_to(step_id)
    task.path = route
    task._show()
    return [c["index"] for c in task.view["choices"]].index(content_index)


def route_to(step_id: str) -> list[int]:
    """Content indices of the best-rated choices that lead from the start to ``step_id`` in the kettle story."""
    return {"customer-arrives": [], "customer-explains": [0], "customer-chooses": [0, 0], "manufacturer": [1]}[step_id]


def focused_class(page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.className : ''")


def notebook_shape(page) -> list[str]:
    """The kinds of the notebook's cells: a number key that leaked would turn a code cell into a heading."""
    return page.evaluate(
        "[...document.querySelectorAll('.jp-Notebook .jp-Cell')].map((c) => c.classList.contains('jp-MarkdownCell') ? 'md' : 'code')"
    )


@pytest.fixture
def scenario(page, lab):
    path = write_notebook(lab, "scenario.ipynb", SETUP, "kettle", "kettle.path_chart()")
    open_and_run_all(page, lab, path, ".asl-scenario", 1)
    widget = page.locator(".asl-scenario").first
    widget.scroll_into_view_if_needed()
    return path, widget


def test_a_good_ending_by_keyboard_alone_with_focus_following_the_story(page, lab, scenario):
    path, widget = scenario
    shape = notebook_shape(page)
    heading = widget.locator(".asl-sc-heading")
    assert heading.inner_text() == "Step 1: The customer arrives"
    assert "Customer's mood: upset (2 of 5" in widget.locator(".asl-sc-mood").inner_text()
    # Record the keys that get past the widget to the page (JupyterLab listens there).
    page.evaluate(
        "window.__aslKeysSeen = []; document.addEventListener('keydown', (e) => window.__aslKeysSeen.push(e.key))"
    )
    # Start where a learner tabbing into the activity arrives: the first choice.
    widget.locator(".asl-sc-choice").first.focus()
    # Step 1: Tab to the listening reply and press Enter.
    for _ in range(shown_position("customer-arrives", 0)):
        page.keyboard.press("Tab")
    assert "I'm sorry to hear that" in page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    heading.filter(has_text="Step 2: The customer explains").wait_for()
    assert "asl-sc-heading" in focused_class(page), "focus should move to the new step's heading"
    assert "✓ Best move" in widget.locator(".asl-sc-last").inner_text()
    assert "The customer's mood: better (was upset, now uneasy)" in widget.locator(".asl-sc-last").inner_text()
    assert "Customer's mood: uneasy (3 of 5" in widget.locator(".asl-sc-mood").inner_text()
    widget.locator(".asl-live", has_text="Best move").wait_for(state="attached")
    # Steps 2 and 3: number keys, pressed with focus on the heading.
    page.keyboard.press(str(shown_position("customer-explains", 0) + 1))
    heading.filter(has_text="Step 3: The customer chooses").wait_for()
    assert "asl-sc-heading" in focused_class(page)
    assert "Customer's mood: calm (4 of 5" in widget.locator(".asl-sc-mood").inner_text()
    page.keyboard.press(str(shown_position("customer-chooses", 0) + 1))
    heading.filter(has_text="Ending: Full refund, customer satisfied").wait_for()
    assert "asl-sc-heading" in focused_class(page)
    assert widget.locator(".asl-sc-score").inner_text() == "Score for this ending: 3 of 3"
    assert "Score 3 of 3. 3 of your 3 moves were best moves." in widget.locator(".asl-feedback").inner_text()
    assert widget.locator(".asl-sc-choice:visible").count() == 0
    assert notebook_shape(page) == shape, "a key reached JupyterLab and changed the notebook"
    leaked = page.evaluate("window.__aslKeysSeen")
    assert not [key for key in leaked if key in ("1", "2", "3", "Enter")], (
        f"keys the widget handles reached the page: {leaked}"
    )
    assert lab.kernel_eval(path, "print(kettle.score, kettle.path, kettle.ending.id)") == "3 [0, 0, 0] refund-done"
    # The path chart under the activity redrew with the learner's route.
    chart_text = page.locator(".asl-chart-text").first
    page.wait_for_function(
        "() => (document.querySelector('.asl-chart-text') || {}).textContent?.includes('Your ending')"
    )
    assert "You followed the best route all the way." in chart_text.text_content()


def test_a_bad_ending_by_clicks_then_back_one_step_and_restart(page, lab, scenario):
    path, widget = scenario
    heading = widget.locator(".asl-sc-heading")
    widget.get_by_role("button", name="Have you contacted the manufacturer?").click()
    heading.filter(has_text='Step 2: "I bought it from you!"').wait_for()
    assert "asl-sc-heading" in focused_class(page)
    last = widget.locator(".asl-sc-last")
    assert "✗ Poor move" in last.inner_text() and "contract is with Harbour" in last.inner_text()
    assert "worse (was upset, now angry)" in last.inner_text()
    assert "Customer's mood: angry (1 of 5" in widget.locator(".asl-sc-mood").inner_text()
    assert "I bought it from you, not from them." in widget.locator(".asl-sc-says").inner_text()
    widget.get_by_role("button", name="The guarantee is with the manufacturer").click()
    heading.filter(has_text="Ending: The customer walks out").wait_for()
    assert widget.locator(".asl-sc-score").inner_text() == "Score for this ending: 0 of 3"
    assert "✗" in widget.locator(".asl-feedback").inner_text()
    assert lab.kernel_eval(path, "print(kettle.score, kettle.path)") == "0 [1, 1]"
    # The chart marks where the path left the best route.
    page.wait_for_function(
        "() => (document.querySelector('.asl-chart-text') || {}).textContent?.includes('The customer walks out')"
    )
    assert (
        "Your path left the best route at 'The customer arrives'"
        in page.locator(".asl-chart-text").first.text_content()
    )
    # Back one step: the angry customer again, and this time the recovery.
    widget.get_by_role("button", name="Back one step").click()
    heading.filter(has_text='Step 2: "I bought it from you!"').wait_for()
    assert "asl-sc-heading" in focused_class(page)
    assert lab.kernel_eval(path, "print(kettle.path, kettle.phase)") == "[1] working"
    widget.get_by_role("button", name="You're right, I'm sorry. You bought it from us").click()
    heading.filter(has_text="Step 3: The customer explains").wait_for()
    assert "Best move" in widget.locator(".asl-sc-verdict").inner_text()  # the best move available at that step
    widget.get_by_role("button", name="Restart").click()
    heading.filter(has_text="Step 1: The customer arrives").wait_for()
    assert widget.locator(".asl-sc-last").is_hidden()
    assert lab.kernel_eval(path, "print(kettle.path, kettle.attempts)") == "[] 1"


def test_show_the_best_route_and_no_accessibility_violations(page, lab, scenario):
    _, widget = scenario
    widget.get_by_role("button", name="Have you got the box and the receipt?").click()
    widget.locator(".asl-sc-heading", has_text="I threw the box away").wait_for()
    widget.get_by_role("button", name="Show the best route").click()
    widget.locator(".asl-sc-route li").last.filter(
        has_text="Ending: Full refund, customer satisfied (score 3 of 3)"
    ).wait_for()
    assert widget.locator(".asl-sc-route li").count() == 4
    # The law behind the scenario, one keypress away (the summary toggles with Enter).
    widget.locator(".asl-sc-law summary").focus()
    page.keyboard.press("Enter")
    assert "short-term right to reject (ss.20, 22)" in widget.locator(".asl-sc-law-text").inner_text()
    assert axe_violations(page, ".asl-scenario") == []


HOSTILE = """from widgets import ScenarioTask
from widgets.activities.scenario_content import ScenarioSpec
from widgets.scoring.scenario import Choice, Ending, ScenarioGraph, Step
evil = '<img src=x onerror=alert(1)>'
graph = ScenarioGraph('s', (Step('s', evil, evil, evil, 'upset', (Choice(evil, 'e', evil, 1),)),), (Ending('e', evil, evil, 1),))
hostile = ScenarioTask(ScenarioSpec('hostile', evil, evil, evil, evil, evil, (), ('harbour-returns/r3',), '', ('a', 'b', 'c'), graph))"""


def test_hostile_content_stays_text(page, lab):
    path = write_notebook(lab, "hostile-scenario.ipynb", HOSTILE, "hostile")
    open_and_run_all(page, lab, path, ".asl-scenario", 1)
    widget = page.locator(".asl-scenario").first
    assert "<img src=x onerror=alert(1)>" in widget.locator(".asl-sc-says").inner_text()
    widget.locator(".asl-sc-choice").first.click()
    widget.locator(".asl-sc-heading", has_text="Ending: <img").wait_for()
    assert widget.locator("img").count() == 0 and page.dialogs == []


RESUMED = f"""from widgets import ScenarioTask
from widgets.progress import store as progress
progress.save_draft({SCENARIO_ID!r}, {{"path": ["customer-arrives", "manufacturer"]}}, kind="scenarios")  # played yesterday
kettle = ScenarioTask.from_content({SCENARIO_ID!r})"""


def test_the_path_from_last_time_comes_back_and_start_again_clears_it(page, lab):
    path = write_notebook(lab, "resumed-scenario.ipynb", RESUMED, "kettle")
    open_and_run_all(page, lab, path, ".asl-scenario", 1)
    widget = page.locator(".asl-scenario").first
    heading = widget.locator(".asl-sc-heading")
    assert heading.inner_text() == 'Step 2: "I bought it from you!"'
    assert "Your answer from last time is back" in widget.locator(".asl-feedback").inner_text()
    start_again = widget.get_by_role("button", name="Start again")
    start_again.focus()
    page.keyboard.press("Enter")
    heading.filter(has_text="Step 1: The customer arrives").wait_for()
    assert "asl-sc-heading" in focused_class(page)
    assert start_again.is_hidden()
    assert lab.kernel_eval(path, "print(kettle.path, 'start_again' in kettle.buttons)") == "[] False"
