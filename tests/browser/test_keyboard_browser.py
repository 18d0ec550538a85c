"""Every task type by keyboard alone, in a real JupyterLab, with the notebook watched after every key.

Keys are pressed with page.keyboard (no element.click()). After each action the test checks that focus
is still inside the activity (never on the page body) and that the notebook did not change: the same
cells, the same cell types and sources, and the same active cell. JupyterLab's command mode acts on
single keys (d d deletes a cell, m makes it Markdown, arrows move to another cell), so a key that
leaked out of an activity shows up here.
"""

from __future__ import annotations

import re

import pytest
from pathlib import Path

from widgets.content import load_kind
from widgets.activities.flowchart import load_charts

from harness import axe_violations, open_and_run_all, wait_for_idle_kernel, write_notebook

pytestmark = pytest.mark.browser

NOTEBOOK_STATE = """() => {
  const notebook = [...document.querySelectorAll('.jp-Notebook')].find((n) => n.offsetParent !== null);
  const cells = [...notebook.querySelectorAll('.jp-Cell')];
  return {
    cells: cells.map((c) => (c.classList.contains('jp-CodeCell') ? 'code:' : 'other:') +
                            (c.querySelector('.jp-InputArea-editor') || c).textContent.slice(0, 60)),
    active: cells.findIndex((c) => c.classList.contains('jp-mod-active')),
  };
}"""

WHERE_IS_FOCUS = """(root) => {
  const a = document.activeElement;
  if (!a || a === document.body) return 'the page body';
  if (!root.contains(a)) return 'outside the activity: ' + a.tagName + '.' + a.className;
  return '';
}"""


class Watch:
    """The notebook as it was when the learner entered the activity; checked after every key."""

    def __init__(self, page, widget):
        self.page, self.widget = page, widget
        self.before = page.evaluate(NOTEBOOK_STATE)
        assert self.before["active"] >= 0

    def check(self, after: str) -> None:
        now = self.page.evaluate(NOTEBOOK_STATE)
        assert now == self.before, f"after {after}, the notebook changed: {self.before} -> {now}"
        where = self.widget.evaluate(WHERE_IS_FOCUS)
        assert where == "", f"after {after}, focus is on {where}"

    def press(self, key: str, then=None) -> None:
        self.page.keyboard.press(key)
        if then is not None:
            then.wait_for()
        self.check(key)

    def tab_to(self, selector: str, backwards: bool = False, limit: int = 80) -> None:
        """Tab (or Shift+Tab) until the focused element matches ``selector``, checking every stop."""
        for _ in range(limit):
            if self.page.evaluate(
                "(s) => Boolean(document.activeElement && document.activeElement.matches(s))", selector
            ):
                return
            self.press("Shift+Tab" if backwards else "Tab")
        raise AssertionError(f"Tab never reached {selector}")

    def focused(self, selector: str) -> bool:
        found = self.page.evaluate(
            "(s) => Boolean(document.activeElement && document.activeElement.matches(s))", selector
        )
        if not found:
            print("focus is on:", self.page.evaluate("() => document.activeElement.outerHTML.slice(0, 300)"))
        return found


def enter(widget, selector: str):
    """Focus the first control matching ``selector`` (as Tab from the cell would) and start watching."""
    widget.locator(selector).first.focus()
    return Watch(widget.page, widget)


# --------------------------------------------------------------------------- ordering

ORDER = load_kind("ordering")["last-complaint-steps"]


def test_ordering_by_keyboard_alone_keeps_focus_and_the_notebook(page, lab):
    path = write_notebook(
        lab,
        "keys-order.ipynb",
        "from widgets import OrderTask\norder = OrderTask.from_content('last-complaint-steps')\norder",
    )
    open_and_run_all(page, lab, path, ".asl-order", 1)
    widget = page.locator(".asl-order")
    expected = [item.label for item in ORDER.items]
    watch = enter(widget, ".asl-order-item")
    # Letters that JupyterLab's command mode would act on: nothing happens to the notebook.
    for key in ["d", "d", "m", "a", "b", "ArrowDown", "ArrowDown", "ArrowDown", "ArrowDown", "ArrowDown"]:
        watch.press(key)
    # Move up by its button, from the keyboard: focus stays on that button as the item moves.
    shown = lambda: widget.locator(".asl-order-label").all_inner_texts()  # noqa: E731
    last = shown()[-1]
    watch.tab_to(f".asl-move-up[aria-label='Move up: {last}']")
    watch.press("Enter", then=widget.locator(".asl-order-item").nth(len(expected) - 2).filter(has_text=last))
    assert watch.focused(f".asl-move-up[aria-label='Move up: {last}']"), "focus left the Move up button"
    # Now put every item in place: arrows to reach it, Space, arrows, Space.
    for index, label in enumerate(expected):
        position = shown().index(label)
        if position == index:
            continue
        widget.locator(".asl-order-item").nth(position).focus()  # the learner Shift+Tabs back to it
        watch.press("Space")
        for _ in range(position - index):
            watch.press("ArrowUp")
        watch.press("Space", then=widget.locator(".asl-live", has_text=f"Dropped {label}"))
        assert watch.focused(".asl-order-item") and page.evaluate("() => document.activeElement.dataset.label") == label
    assert shown() == expected
    watch.tab_to(".asl-button-check")
    watch.press("Enter", then=widget.locator(".asl-feedback", has_text=f"Score {len(expected)} out of {len(expected)}"))
    assert watch.focused(".asl-button-check"), "focus left Check after the result came back"
    watch.tab_to(".asl-button-try_again")
    # Try again clears the marks (the list is the learner's again); the live region says so. Waiting
    # for a mark to be on screen here would race the reply: it passes only while the reply is late.
    watch.press("Enter", then=widget.locator(".asl-live", has_text="Marks cleared"))
    assert widget.locator(".asl-order-item .asl-mark").count() == 0, "marks still shown after Try again"
    assert watch.focused(".asl-button-try_again") or watch.focused(".asl-button-check"), "focus left the buttons"
    watch.tab_to(".asl-button-solution")
    watch.press("Enter", then=widget.and_(page.locator(".asl-locked")))
    assert watch.focused(".asl-button-solution")
    for key in ["d", "d", "x", "Enter"]:
        watch.press(key)
    # Escape, which the activity does not use here, takes the learner back to the notebook's cell.
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.activeElement.classList.contains('jp-Cell')")


# --------------------------------------------------------------------------- sorting

SORT = load_kind("sorting")["reactive-vs-proactive"]


def test_sorting_by_keyboard_alone_keeps_focus_and_the_notebook(page, lab):
    path = write_notebook(
        lab,
        "keys-sort.ipynb",
        "from widgets import SortTask\nsort = SortTask.from_content('reactive-vs-proactive')\nsort",
    )
    open_and_run_all(page, lab, path, ".asl-sort", 1)
    widget = page.locator(".asl-sort")
    buckets = [bucket.id for bucket in SORT.buckets]
    answer = {card.label: card.accept[0] for card in SORT.cards}
    watch = enter(widget, ".asl-sort-pile .asl-sort-card")
    for key in ["d", "d", "y", "1"]:  # 1 is not held: nothing to choose, nothing for the notebook either
        watch.press(key)
    for _ in answer:
        label = page.evaluate("() => document.activeElement.dataset.label")
        assert label in answer, "focus should be on a card"
        watch.press("Space")
        watch.press(str(buckets.index(answer[label]) + 1))
        zone = widget.locator(f".asl-sort-zone[data-zone='{answer[label]}']")
        watch.press("Space", then=zone.locator(".asl-sort-card").filter(has=page.get_by_text(label, exact=True)))
        assert page.evaluate("() => document.activeElement.dataset.label") == label, (
            "focus should stay on the card just sorted"
        )
        if widget.locator(".asl-sort-pile .asl-sort-card").count():
            for _ in range(len(answer)):  # up to the first card still in the pile
                watch.press("ArrowUp")
    watch.tab_to(".asl-button-check")
    n = len(answer)
    watch.press("Enter", then=widget.locator(".asl-feedback", has_text=f"Score {n} out of {n}"))
    assert watch.focused(".asl-button-check")
    watch.tab_to(".asl-button-solution")
    watch.press("Enter", then=widget.and_(page.locator(".asl-locked")))
    assert watch.focused(".asl-button-solution")


# --------------------------------------------------------------------------- questions

QUESTIONS = load_kind("questions")
SINGLE = QUESTIONS["what-nps-means"]


def test_a_single_answer_question_by_arrow_keys_stays_in_its_cell(page, lab):
    path = write_notebook(
        lab,
        "keys-single.ipynb",
        "from widgets import Question\nq = Question.from_content('what-nps-means')\nq",
        "1 + 1",
    )
    open_and_run_all(page, lab, path, ".asl-question", 1)
    widget = page.locator(".asl-question")
    right = next(o.label for o in SINGLE.options if o.correct)
    watch = enter(widget, "input[type=radio]")
    labels = [widget.locator("input[type=radio]").nth(i).get_attribute("value") for i in range(len(SINGLE.options))]
    # Down on a radio chooses the next option: it must not move JupyterLab to the next cell.
    watch.press("ArrowDown", then=widget.locator(f"input[type=radio][value='{labels[1]}']:checked"))
    assert watch.focused(f"input[type=radio][value='{labels[1]}']")
    for _ in range(len(labels)):
        if page.evaluate("() => document.activeElement.value") == right:
            break
        watch.press("ArrowDown")
    watch.press("Space")
    assert widget.locator("input[type=radio]:checked").get_attribute("value") == right
    watch.tab_to(".asl-button-check")
    watch.press("Enter", then=widget.locator(".asl-feedback"))
    widget.locator(".asl-q-option .asl-mark").first.wait_for()
    assert watch.focused(".asl-button-check")
    assert lab.kernel_eval(path, "print(q.score, q.selected)") == f"1 [{right!r}]"
    watch.tab_to(".asl-button-try_again")
    watch.press("Enter")
    watch.tab_to(".asl-button-solution")
    watch.press("Enter", then=widget.locator("input[type=radio][disabled]").first)
    assert watch.focused(".asl-button-solution")


def test_a_written_answer_by_keyboard_and_typing_dd_deletes_nothing(page, lab):
    path = write_notebook(
        lab,
        "keys-open.ipynb",
        "from widgets import WrittenAnswer\nw = WrittenAnswer.from_content('two-feedback-methods')\nw",
        "2 + 2",
    )
    open_and_run_all(page, lab, path, ".asl-written", 1)
    widget = page.locator(".asl-written")
    watch = enter(widget, "textarea")
    page.keyboard.type("A survey.")
    watch.check("typing a short answer")
    watch.tab_to(".asl-button-check")
    watch.press("Enter", then=widget.locator(".asl-feedback", has_text="Write a little more"))
    assert watch.focused(".asl-button-check")
    # The keystrokes that once deleted the activity's cell: now nothing reaches the notebook.
    for key in ["d", "d", "a", "m"]:
        watch.press(key)
    watch.tab_to("textarea", backwards=True)
    page.keyboard.press("End")
    words = " ".join(
        ["A follow-up call after the visit lets staff ask questions, and a survey reaches every customer cheaply."] * 4
    )
    page.keyboard.type(" " + words)
    watch.check("typing a long answer")
    watch.tab_to(".asl-button-check")
    watch.press("Enter", then=widget.locator(".asl-w-point").first)
    assert watch.focused(".asl-button-check"), "focus left Compare after marking"
    # The marks are the rubric's, read on screen: the learner's own words are quoted.
    assert widget.locator(".asl-w-quote").count() >= 1
    assert (
        "earned" in widget.locator(".asl-w-points").inner_text().lower()
        or widget.locator(".asl-w-point[data-earned=true]").count() >= 1
    )


# --------------------------------------------------------------------------- flowchart builder

LOOP = load_charts()["closed-feedback-loop"]


def choose(watch, select, label: str) -> None:
    watch.press("Home")
    for _ in range(20):
        if select.input_value() == label:
            return
        watch.press("ArrowDown")
    raise AssertionError(f"{label!r} is not in the list")


def test_flowchart_builder_by_keyboard_with_sensible_lists_and_visible_refusals(page, lab):
    path = write_notebook(
        lab,
        "keys-build.ipynb",
        "from widgets import FlowBuildTask\nb = FlowBuildTask.from_content('closed-feedback-loop')\nb",
    )
    open_and_run_all(page, lab, path, ".asl-flowbuild", 1)
    widget = page.locator(".asl-flowbuild")
    label = {n.id: " ".join(n.label.split()) for n in LOOP.nodes if n.kind != "note"}
    steps = list(label.values())
    links = [(label[e.source], label[e.target]) for e in LOOP.edges]
    boxes = widget.locator(".asl-build-card-box")
    watch = enter(widget, ".asl-build-card-box")
    ticked = 0
    for index in range(boxes.count()):
        if boxes.nth(index).get_attribute("value") in steps:
            watch.press("Space", then=widget.locator(".asl-build-card-box:checked").nth(ticked))
            ticked += 1
            assert watch.focused(f".asl-build-card-box[value='{boxes.nth(index).get_attribute('value')}']")
            if ticked == 2:
                # From and Connect to start on two different stages.
                assert widget.locator(".asl-build-from").input_value() != widget.locator(".asl-build-to").input_value()
        if index < boxes.count() - 1:
            watch.press("Tab")
    from_list, to_list = widget.locator(".asl-build-from"), widget.locator(".asl-build-to")
    watch.tab_to(".asl-build-from")
    for source, target in links:
        choose(watch, from_list, source)
        watch.press("Tab")
        choose(watch, to_list, target)
        watch.press("Tab")
        watch.press("Enter", then=widget.locator(".asl-build-arrow-text", has_text=f"{source} → {target}"))
        assert watch.focused(".asl-build-add"), "focus left Add arrow"
        watch.tab_to(".asl-build-from", backwards=True)
    # A refused arrow says why, on screen.
    source, target = links[0]
    choose(watch, from_list, source)
    watch.press("Tab")
    choose(watch, to_list, target)
    watch.press("Tab")
    watch.press("Enter", then=widget.locator(".asl-build-refusal", has_text="already in your chart"))
    watch.press("Shift+Tab")
    choose(watch, to_list, source)
    watch.press("Tab")
    watch.press("Enter", then=widget.locator(".asl-build-refusal", has_text="Choose two different stages"))
    assert widget.locator(".asl-build-refusal").is_visible()
    watch.tab_to(".asl-button-check")
    n = len(steps) + len(links)
    watch.press("Enter", then=widget.locator(".asl-feedback", has_text=f"Score {n} out of {n}"))
    assert watch.focused(".asl-button-check")
    # Removing an arrow by keyboard keeps the learner in the activity.
    watch.tab_to(".asl-build-remove", backwards=True)
    watch.press("Enter", then=widget.locator(".asl-build-arrow").nth(len(links) - 2))
    page.wait_for_function("(n) => document.querySelectorAll('.asl-build-arrow').length === n", arg=len(links) - 1)
    watch.check("removing an arrow")


# --------------------------------------------------------------------------- explorer


def test_explorer_by_keyboard_alone_keeps_focus_and_the_notebook(page, lab):
    path = write_notebook(
        lab,
        "keys-explorer.ipynb",
        "from widgets import FeedbackExplorer\nx = FeedbackExplorer(show_kpis=False)\nx",
        "3 + 3",
    )
    open_and_run_all(page, lab, path, ".asl-explorer", 1)
    widget = page.locator(".asl-explorer")
    # As lesson 07 uses it: the headline numbers (the answers to its questions) are hidden, and not read out.
    assert not widget.locator(".asl-ex-card").first.is_visible()
    assert "CSAT" not in widget.locator(".asl-live").inner_text()
    watch = enter(widget, ".asl-ex-group[data-filter='channel'] input[type=radio]")
    status = widget.locator(".asl-ex-status")
    before = status.inner_text()
    watch.press("ArrowRight")
    page.wait_for_function("([el, text]) => el.textContent !== text", arg=[status.element_handle(), before])
    assert "CSAT" not in widget.locator(".asl-live").inner_text()
    assert watch.focused(".asl-ex-group[data-filter='channel'] input[type=radio]")
    assert lab.kernel_eval(path, "print(x.channel != '')") == "True"
    watch.tab_to(".asl-ex-reset")
    watch.press("Enter", then=widget.locator(".asl-ex-status", has_text="Showing all"))
    assert watch.focused(".asl-ex-reset")
    watch.tab_to(".asl-ex-show-kpis")
    watch.press("Enter", then=widget.locator(".asl-ex-card[data-kpi='csat_pct']"))
    assert watch.focused(".asl-ex-cards"), "after the button goes, focus lands on the numbers it showed"
    for key in ["d", "d", "ArrowDown"]:
        watch.press(key)


# --------------------------------------------------------------------------- restart and reopening


def test_after_a_kernel_restart_the_activity_says_it_is_disconnected(page, lab):
    path = write_notebook(
        lab,
        "keys-restart.ipynb",
        "from widgets import OrderTask\norder = OrderTask.from_content('last-complaint-steps')\norder",
    )
    open_and_run_all(page, lab, path, ".asl-order", 1)
    widget = page.locator(".asl-order")
    assert not widget.locator(".asl-disconnected-note").is_visible()
    assert not page.locator(".asl-not-running").is_visible(), "the 'not running' note is for dead activities only"
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Kernel$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Restart Kernel")).first.click()
    page.locator(".jp-Dialog-button.jp-mod-accept", has_text="Restart").click()
    note = widget.locator(".asl-disconnected-note", has_text="This activity is disconnected")
    wait_for_idle_kernel(lab, path)
    page.wait_for_timeout(4500)  # the activity asks the kernel at most every 4 s
    # The learner comes back to the activity: it asks Python, hears nothing, and says so.
    widget.locator(".asl-order-item").first.focus()
    note.wait_for(timeout=20_000)
    assert widget.evaluate(WHERE_IS_FOCUS) == "", "focus should move to the message, not the page"
    assert "run this activity's cell again" in note.inner_text().lower()
    # It no longer looks alive: the items cannot be moved or checked.
    assert widget.locator(".asl-order-list").evaluate("(el) => el.inert") is True
    # Reopening the saved notebook (the kernel's widgets are gone): plain words, not only an error.
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1000)
    page.reload()
    page.locator(".jp-NotebookPanel").first.wait_for()
    page.locator(".asl-not-running", has_text="Run this cell").first.wait_for()
    assert page.locator(".asl-not-running").first.is_visible()


# --------------------------------------------------------------------------- themes, font size, Notebook 7


def switch_theme(page, name: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Settings$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Theme$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{name}$")).click()
    light = "true" if "Light" in name else "false"
    page.locator(f"body[data-jp-theme-light='{light}']").wait_for(state="attached")
    page.wait_for_timeout(500)


ALL_TASKS = (
    "from widgets import OrderTask, SortTask, Question, FlowBuildTask\n"
    "o = OrderTask.from_content('last-complaint-steps'); o",
    "SortTask.from_content('reactive-vs-proactive')",
    "q = Question.from_content('what-nps-means'); q",
    "FlowBuildTask.from_content('closed-feedback-loop')",
    "from widgets import FeedbackExplorer, Flowchart\nFeedbackExplorer()",
    "Flowchart.from_content('after-sales-process')",
)


def test_every_task_type_passes_axe_in_light_and_dark_themes_and_follows_the_content_font_size(page, lab):
    path = write_notebook(lab, "keys-themes.ipynb", *ALL_TASKS)
    open_and_run_all(page, lab, path, ".asl-task", 6)
    page.locator(".asl-flowbuild .asl-chart[data-state='drawn']").wait_for()
    order = page.locator(".asl-order")
    order.locator(".asl-button-check").focus()
    page.keyboard.press("Enter")
    order.locator(".asl-feedback").wait_for()
    for theme in ("JupyterLab Light", "JupyterLab Dark"):
        switch_theme(page, theme)
        assert axe_violations(page, ".asl-task") == [], theme
    # Settings > Theme > Increase Content Font Size makes the activities bigger too.
    size = lambda: page.locator(".asl-order").evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")  # noqa: E731
    before = size()
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Settings$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Theme$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Increase Content Font Size$")).click()
    page.wait_for_function(
        "([el, px]) => parseFloat(getComputedStyle(el).fontSize) > px", arg=[order.element_handle(), before]
    )
    assert size() > before


def test_news_toast_is_switched_off_by_the_pack_settings(lab):
    settings = lab.api("/lab/api/settings/@jupyterlab/apputils-extension:notification")
    assert settings["schema"]["properties"]["fetchNews"]["default"] == "false"


def test_a_lesson_runs_in_notebook_7_and_draws_its_activities(page, lab):
    pytest.importorskip("notebook", reason="Notebook 7 is in the test extras: pip install -e '.[test]'")
    lesson = "lessons/03-reactive-and-proactive-after-sales-care.ipynb"
    page.goto(f"{lab.url}/notebooks/{lesson}?token={lab.token}")
    page.locator(".jp-NotebookPanel, .jp-Notebook").first.wait_for()
    wait_for_idle_kernel(lab, lesson)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map((p) => p.textContent);
            return prompts.length > 0 && prompts.every((text) => /\\[\\d+\\]/.test(text));
        }""",
        timeout=120_000,
    )
    wait_for_idle_kernel(lab, lesson)
    page.wait_for_function("() => document.querySelectorAll('.asl-sort').length >= 2", timeout=60_000)
    page.wait_for_function("() => document.querySelectorAll('.asl-question').length >= 1", timeout=60_000)
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    sort = page.locator(".asl-sort").first
    sort.scroll_into_view_if_needed()
    card = sort.locator(".asl-sort-pile .asl-sort-card").first
    label = card.get_attribute("data-label")
    page.wait_for_timeout(3000)  # Notebook 7 re-activates the notebook panel a moment after Run All
    watch = enter(sort, ".asl-sort-pile .asl-sort-card")
    for key in ["d", "d", "ArrowDown", "ArrowUp", "Space", "1"]:
        watch.press(key)
    watch.press(
        "Space", then=sort.locator(".asl-sort-bucket .asl-sort-card").filter(has=page.get_by_text(label, exact=True))
    )


# --------------------------------------------------------------------------- reading: charts

LESSON_07 = "lessons/07-analysing-customer-feedback.ipynb"
LESSON_08 = "lessons/08-finding-the-problem-in-the-data.ipynb"


def test_lesson_08_charts_have_text_alternatives_and_lesson_07_shows_no_answers_early(page, lab):
    # Lesson 07 asks learners to work out CSAT and NPS: nothing in it may show them first.
    lesson_07 = (Path(__file__).resolve().parents[2] / LESSON_07).read_text(encoding="utf-8")
    assert "FeedbackExplorer(df" not in lesson_07 and "headline_kpis" not in lesson_07
    open_and_run_all(page, lab, LESSON_08, ".asl-explorer", 1)
    charts = page.locator(".jp-OutputArea-output img")
    charts.first.wait_for()
    for index in range(charts.count()):
        alt = charts.nth(index).get_attribute("alt")
        assert alt and len(alt) > 20, f"chart {index} has no text alternative"
    figures = page.locator(".jp-OutputArea-output figure.asl-chart-figure")
    assert figures.count() >= 2 and "Chart data as a table" in figures.first.inner_text()
    assert axe_violations(page, ".jp-OutputArea-output") == []


NO_DOT = "import os\nos.environ['AFTER_SALES_NO_DOT'] = '1'"

FITS = """(svg) => {
  const problems = [];
  const view = svg.viewBox.baseVal;
  for (const node of svg.querySelectorAll('g.node')) {
    const shape = node.querySelector('ellipse, polygon, path');
    const box = shape.getBBox();
    for (const text of node.querySelectorAll('text')) {
      const t = text.getBBox();
      if (t.x < box.x - 1 || t.x + t.width > box.x + box.width + 1) problems.push('spills: ' + text.textContent);
    }
  }
  for (const text of svg.querySelectorAll('g.graph > text')) {
    const t = text.getBBox();
    const g = text.parentNode.getBBox();
    if (t.x < g.x - 1 || t.x + t.width > g.x + g.width + 1) problems.push('cut: ' + text.textContent);
  }
  return problems;
}"""


def test_without_graphviz_browser_drawn_labels_fit_their_boxes_and_titles_are_whole(page, lab):
    path = write_notebook(
        lab,
        "keys-no-dot.ipynb",
        NO_DOT,
        "from widgets import Flowchart, FlowBuildTask\nFlowchart.from_content('after-sales-process')",
        "Flowchart.from_content('complaint-handling')",
        "b = FlowBuildTask.from_content('after-sales-process'); b",
    )
    open_and_run_all(page, lab, path, ".asl-chart", 3)
    drawn = page.locator(".asl-chart[data-renderer='browser'][data-state='drawn']")
    drawn.nth(2).wait_for(timeout=60_000)
    build = page.locator(".asl-flowbuild")
    for label in build.locator(".asl-build-card-box").evaluate_all("(els) => els.slice(0, 3).map((e) => e.value)"):
        build.get_by_label(label, exact=True).focus()
        page.keyboard.press("Space")
    build.locator(".asl-chart svg g.node").nth(2).wait_for()
    for index in range(3):
        svg = drawn.nth(index).locator("svg")
        assert svg.evaluate(FITS) == [], f"chart {index}"
    title = build.locator(".asl-chart svg g.graph > text").first.text_content()
    assert title.endswith("process"), title
