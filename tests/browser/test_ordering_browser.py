"""Lesson 01's ordering activity in a real JupyterLab: drag, keyboard alone, clicks alone."""

from __future__ import annotations

import pytest

from widgets.content import load_kind

from harness import axe_violations, open_and_run_all, press, write_notebook

pytestmark = pytest.mark.browser

LESSON = "lessons/01-the-after-sales-process.ipynb"
TASK_ID = "after-sales-stages"
VARIABLE = "stages"  # the name lesson 01 gives this activity
SPEC = load_kind("ordering")[TASK_ID]
EXPECTED = [item.label for item in SPEC.items]


def stages_widget(page):
    return page.locator(".asl-order").filter(has=page.locator(".asl-title", has_text=SPEC.title)).first


def shown_order(widget) -> list[str]:
    return widget.locator(".asl-order-label").all_inner_texts()


def open_lesson(page, lab):
    open_and_run_all(page, lab, LESSON, ".asl-order", 3)
    widget = stages_widget(page)
    widget.scroll_into_view_if_needed()
    start = shown_order(widget)
    assert sorted(start) == sorted(EXPECTED) and start != EXPECTED, "the activity should start shuffled"
    return widget


def check_and_read(page, widget, lab, how: str = "click") -> None:
    press(page, widget.locator(".asl-button-check"), how)
    feedback = widget.locator(".asl-feedback")
    n = len(EXPECTED)
    feedback.filter(has_text=f"Score {n} out of {n}").wait_for()
    assert "All in the right order" in feedback.inner_text()
    # The same result is readable from the learner's next cell.
    assert (
        lab.kernel_eval(LESSON, f"print({VARIABLE}.score, {VARIABLE}.attempts, {VARIABLE}.order == {EXPECTED!r})")
        == f"{n} 1 True"
    )


def test_complete_the_stages_by_dragging(page, lab):
    widget = open_lesson(page, lab)
    for index, label in enumerate(EXPECTED):
        current = shown_order(widget)
        if current.index(label) == index:
            continue
        items = widget.locator(".asl-order-item")
        source = items.nth(current.index(label))
        target = items.nth(index)
        # Drop just inside the top edge of the item now in the wanted place: the dragged item goes before it.
        source.drag_to(target, source_position={"x": 12, "y": 12}, target_position={"x": 40, "y": 4})
        widget.locator(".asl-order-item").nth(index).filter(has_text=label).wait_for()
    assert shown_order(widget) == EXPECTED
    check_and_read(page, widget, lab)
    assert widget.locator(".asl-mark", has_text="✗").count() == 0


def test_complete_the_stages_by_keyboard_alone(page, lab):
    widget = open_lesson(page, lab)
    live = widget.locator(".asl-live")
    for index, label in enumerate(EXPECTED):
        current = shown_order(widget)
        position = current.index(label)
        if position == index:
            continue
        widget.locator(".asl-order-item").nth(position).focus()
        page.keyboard.press("Space")
        live.filter(has_text=f"Picked up {label}").wait_for()
        for _ in range(position - index):
            page.keyboard.press("ArrowUp")
        page.keyboard.press("Space")
        live.filter(has_text=f"Dropped {label} at position {index + 1} of {len(EXPECTED)}").wait_for()
    assert shown_order(widget) == EXPECTED
    check_and_read(page, widget, lab, how="keyboard")
    # Check's result is announced to screen readers too.
    live.filter(has_text=f"Score {len(EXPECTED)} out of {len(EXPECTED)}").wait_for()


def test_escape_cancels_a_keyboard_move(page, lab):
    widget = open_lesson(page, lab)
    before = shown_order(widget)
    widget.locator(".asl-order-item").nth(len(before) - 1).focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert shown_order(widget) != before
    page.keyboard.press("Escape")
    widget.locator(".asl-live", has_text="Move cancelled").wait_for()
    assert shown_order(widget) == before
    assert lab.kernel_eval(LESSON, f"print({VARIABLE}.order == {before!r})") == "True"


def test_complete_the_stages_by_single_clicks(page, lab):
    widget = open_lesson(page, lab)
    for index, label in enumerate(EXPECTED):
        while (position := shown_order(widget).index(label)) > index:
            widget.get_by_role("button", name=f"Move up: {label}", exact=True).click()
            widget.locator(".asl-order-item").nth(position - 1).filter(has_text=label).wait_for()
    assert shown_order(widget) == EXPECTED
    check_and_read(page, widget, lab)


def test_wrong_order_is_marked_in_words_and_explained(page, lab):
    widget = open_lesson(page, lab)
    widget.locator(".asl-button-check").click()
    widget.locator(".asl-feedback", has_text="out of order").wait_for()
    score = int(lab.kernel_eval(LESSON, f"print({VARIABLE}.score)"))
    assert widget.locator(".asl-feedback").inner_text().count(f"Score {score} out of {len(EXPECTED)}") == 1
    wrong = widget.locator(".asl-order-item", has=page.locator(".asl-mark", has_text="✗ Out of order"))
    assert wrong.count() >= 1
    why = {item.label: item.why for item in SPEC.items}
    for label in wrong.locator(".asl-order-label").all_inner_texts():
        assert why[label] in widget.locator(".asl-order-item", has_text=label).inner_text()


def test_show_solution_reveals_the_order_and_every_explanation(page, lab):
    widget = open_lesson(page, lab)
    widget.locator(".asl-button-solution").click()
    widget.locator(".asl-feedback", has_text="Solution").wait_for()
    assert shown_order(widget) == EXPECTED
    assert widget.locator(".asl-why").all_inner_texts() == [item.why for item in SPEC.items]
    assert widget.locator(".asl-move").count() == 0  # the answer on show cannot be rearranged
    assert lab.kernel_eval(LESSON, f"print({VARIABLE}.phase)") == "solution"


def test_two_displays_of_one_task_stay_in_sync(page, lab):
    path = write_notebook(
        lab,
        "twice.ipynb",
        "from widgets import OrderTask\ntwice = OrderTask([('One', 'a'), ('Two', 'b'), ('Three', 'c')], task_id='twice')",
        "twice",
        "twice",
    )
    open_and_run_all(page, lab, path, ".asl-order", 2)
    first, second = page.locator(".asl-order").nth(0), page.locator(".asl-order").nth(1)
    label = shown_order(first)[-1]
    first.get_by_role("button", name=f"Move up: {label}", exact=True).click()
    second.locator(".asl-order-item").nth(1).filter(has_text=label).wait_for()
    assert shown_order(first) == shown_order(second)


def test_a_label_with_markup_is_shown_as_text_and_runs_nothing(page, lab):
    hostile = '<img src=x onerror="window.__pwned=1;alert(1)">'
    path = write_notebook(
        lab,
        "hostile.ipynb",
        "from widgets import OrderTask\n"
        f"hostile = OrderTask([({hostile!r}, '<b>why</b> & {{braces}}'), ('Plain step', 'x'), ('Quote \" and \\\\ back', 'y')],"
        " title='<script>window.__pwned=2</script>', task_id='hostile')\nhostile",
    )
    open_and_run_all(page, lab, path, ".asl-order", 1)
    widget = page.locator(".asl-order").first
    assert hostile in shown_order(widget)
    assert widget.locator(".asl-title").inner_text() == "<script>window.__pwned=2</script>"
    widget.locator(".asl-button-solution").click()
    widget.locator(".asl-why", has_text="<b>why</b> & {braces}").wait_for()
    assert widget.locator("img, script, b").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []


def test_the_ordering_widget_has_no_accessibility_violations(page, lab):
    widget = open_lesson(page, lab)
    assert axe_violations(page, ".asl-order") == []
    widget.locator(".asl-button-check").click()
    widget.locator(".asl-feedback").wait_for()
    assert axe_violations(page, ".asl-order") == []  # marks and explanations too


@pytest.mark.parametrize("width", [320, 640])
def test_usable_in_a_narrow_space(page, lab, width):
    """320 px is a phone; 640 px is a 1280 px screen at 200% zoom."""
    widget = open_lesson(page, lab)
    widget.evaluate("(root, width) => { root.parentElement.style.width = width + 'px'; }", width)
    # Nothing spills sideways, so nothing needs scrolling in two directions (WCAG 1.4.10 Reflow).
    assert widget.evaluate("(root) => root.scrollWidth <= root.clientWidth")
    root_box = widget.bounding_box()
    assert root_box["width"] <= width + 1
    for box in [item.bounding_box() for item in widget.locator(".asl-order-item, .asl-button").all()]:
        assert box["x"] >= root_box["x"] and box["x"] + box["width"] <= root_box["x"] + root_box["width"] + 1
    label = shown_order(widget)[-1]
    widget.get_by_role("button", name=f"Move up: {label}", exact=True).click()
    widget.locator(".asl-order-item").nth(len(EXPECTED) - 2).filter(has_text=label).wait_for()
