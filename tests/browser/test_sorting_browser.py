"""Lesson 03's sorting activity in a real JupyterLab: drag, keyboard alone, clicks alone."""

from __future__ import annotations

import pytest

from widgets.content import load_kind

from harness import axe_violations, open_and_run_all, press, write_notebook

pytestmark = pytest.mark.browser

LESSON = "lessons/03-reactive-and-proactive-after-sales-care.ipynb"
TASK_ID = "reactive-vs-proactive"
VARIABLE = "care"  # the name lesson 03 gives this activity
SORTING_WIDGETS_IN_LESSON = 2
SPEC = load_kind("sorting")[TASK_ID]
BUCKETS = [bucket.id for bucket in SPEC.buckets]
BUCKET_LABELS = {bucket.id: bucket.label for bucket in SPEC.buckets}
# Where each card goes in these tests: the first bucket that accepts it.
ANSWER = {card.label: card.accept[0] for card in SPEC.cards}
N = len(SPEC.cards)


def sort_widget(page):
    return page.locator(".asl-sort").filter(has=page.locator(".asl-title", has_text=SPEC.title)).first


def zone(widget, bucket_id: str | None):
    return widget.locator(f".asl-sort-zone[data-zone='{bucket_id or ''}']")


def card(widget, label: str):
    return widget.locator(".asl-sort-card").filter(has=widget.page.get_by_text(label, exact=True))


def labels_in(widget, bucket_id: str | None) -> list[str]:
    return zone(widget, bucket_id).locator(".asl-sort-label").all_inner_texts()


def wait_until_in(widget, label: str, bucket_id: str | None) -> None:
    zone(widget, bucket_id).locator(".asl-sort-card").filter(has=widget.page.get_by_text(label, exact=True)).wait_for()


def open_lesson(page, lab):
    open_and_run_all(page, lab, LESSON, ".asl-sort", SORTING_WIDGETS_IN_LESSON)
    widget = sort_widget(page)
    widget.scroll_into_view_if_needed()
    assert sorted(labels_in(widget, None)) == sorted(ANSWER), "every card should start in the unsorted pile"
    assert all(labels_in(widget, b) == [] for b in BUCKETS)
    return widget


def check_and_read(page, widget, lab, how: str = "click") -> None:
    press(page, widget.locator(".asl-button-check"), how)
    feedback = widget.locator(".asl-feedback")
    feedback.filter(has_text=f"Score {N} out of {N}").wait_for()
    assert "Every card is in the right category" in feedback.inner_text()
    assert widget.locator(".asl-mark", has_text="✗").count() == 0
    assert widget.locator(".asl-mark", has_text="✓ Right").count() == N
    for bucket in BUCKETS:
        placed = sum(1 for b in ANSWER.values() if b == bucket)
        assert zone(widget, bucket).locator(".asl-sort-bucket-mark").inner_text() == f"{placed} of {placed} right"
    # The same result is readable from the learner's next cell.
    code = f"print({VARIABLE}.score, {VARIABLE}.attempts, {VARIABLE}.placements == {ANSWER!r})"
    assert lab.kernel_eval(LESSON, code) == f"{N} 1 True"


def test_sort_every_card_by_dragging(page, lab):
    widget = open_lesson(page, lab)
    for label, bucket in ANSWER.items():
        source = card(widget, label).locator(".asl-sort-grip")
        target = zone(widget, bucket).locator(".asl-sort-zone-head")
        source.drag_to(target, source_position={"x": 4, "y": 6})
        wait_until_in(widget, label, bucket)
    assert labels_in(widget, None) == []
    widget.locator(".asl-live", has_text="Every card is sorted").wait_for()
    check_and_read(page, widget, lab)


def test_a_drop_outside_every_category_changes_nothing(page, lab):
    widget = open_lesson(page, lab)
    label = next(iter(ANSWER))
    card(widget, label).locator(".asl-sort-grip").drag_to(
        widget.locator(".asl-title"), source_position={"x": 4, "y": 6}
    )
    widget.locator(".asl-live", has_text="was not dropped on a category").wait_for()
    wait_until_in(widget, label, None)
    assert lab.kernel_eval(LESSON, f"print({VARIABLE}.placements[{label!r}])") == "None"


def test_sort_every_card_by_keyboard_alone(page, lab):
    widget = open_lesson(page, lab)
    live = widget.locator(".asl-live")
    for index, (label, bucket) in enumerate(ANSWER.items()):
        card(widget, label).focus()
        page.keyboard.press("Space")
        live.filter(has_text=f"Picked up “{label}”").wait_for()
        if index % 2:
            page.keyboard.press(str(BUCKETS.index(bucket) + 1))  # number keys choose a category
        else:
            for _ in range(BUCKETS.index(bucket) + 1):  # from the pile, Right steps through categories 1, 2, ...
                page.keyboard.press("ArrowRight")
        live.filter(has_text=f"“{label}”: {BUCKET_LABELS[bucket]}").wait_for()
        page.keyboard.press("Space")
        live.filter(has_text=f"Moved “{label}” to {BUCKET_LABELS[bucket]}").wait_for()
        wait_until_in(widget, label, bucket)
    check_and_read(page, widget, lab, how="keyboard")
    live.filter(has_text=f"Score {N} out of {N}").wait_for()
    # The number keys never reached JupyterLab, which would have turned the cell into a heading.
    assert page.locator(".asl-sort").count() == SORTING_WIDGETS_IN_LESSON


def test_escape_cancels_a_keyboard_move(page, lab):
    widget = open_lesson(page, lab)
    label = list(ANSWER)[-1]
    card(widget, label).focus()
    page.keyboard.press("Space")
    page.keyboard.press("2")
    wait_until_in(widget, label, BUCKETS[1])  # the card previews where it would land
    page.keyboard.press("Escape")
    widget.locator(".asl-live", has_text="Move cancelled").wait_for()
    wait_until_in(widget, label, None)
    assert lab.kernel_eval(LESSON, f"print({VARIABLE}.placements[{label!r}])") == "None"


def test_sort_every_card_by_single_clicks(page, lab):
    widget = open_lesson(page, lab)
    for index, (label, bucket) in enumerate(ANSWER.items()):
        if index % 2:
            # Click the card, then click the category.
            card(widget, label).locator(".asl-sort-label").click()
            widget.locator(".asl-live", has_text=f"Selected “{label}”").wait_for()
            zone(widget, bucket).locator(".asl-sort-zone-title").click()
        else:
            # Or use the card's own Move to menu.
            card(widget, label).get_by_role("button", name="Move to", exact=True).click()
            card(widget, label).get_by_role("button", name=f"{BUCKET_LABELS[bucket]}: {label}", exact=True).click()
        wait_until_in(widget, label, bucket)
    check_and_read(page, widget, lab)


def test_a_card_can_go_back_to_the_pile(page, lab):
    widget = open_lesson(page, lab)
    label = next(iter(ANSWER))
    card(widget, label).get_by_role("button", name="Move to", exact=True).click()
    card(widget, label).get_by_role("button", name=f"{BUCKET_LABELS[BUCKETS[0]]}: {label}", exact=True).click()
    wait_until_in(widget, label, BUCKETS[0])
    card(widget, label).get_by_role("button", name="Move to", exact=True).click()
    card(widget, label).get_by_role("button", name=f"Back to cards to sort: {label}", exact=True).click()
    wait_until_in(widget, label, None)
    widget.locator(".asl-live", has_text=f"Moved “{label}” to Cards to sort").wait_for()
    assert lab.kernel_eval(LESSON, f"print({VARIABLE}.placements[{label!r}])") == "None"


def test_wrong_cards_are_marked_in_words_and_explained(page, lab):
    widget = open_lesson(page, lab)
    single = [c for c in SPEC.cards if len(c.accept) == 1]
    wrong, right = single[0], single[1]
    for item, bucket in ((wrong, next(b for b in BUCKETS if b not in wrong.accept)), (right, right.accept[0])):
        card(widget, item.label).get_by_role("button", name="Move to", exact=True).click()
        card(widget, item.label).get_by_role(
            "button", name=f"{BUCKET_LABELS[bucket]}: {item.label}", exact=True
        ).click()
        wait_until_in(widget, item.label, bucket)
    widget.locator(".asl-button-check").click()
    feedback = widget.locator(".asl-feedback")
    feedback.filter(has_text="1 card is in the wrong category").wait_for()
    assert lab.kernel_eval(LESSON, f"print({VARIABLE}.score)") == "1"
    assert feedback.inner_text().count(f"Score 1 out of {N}") == 1
    assert f"{N - 2} cards are not sorted yet" in feedback.inner_text()
    assert card(widget, wrong.label).locator(".asl-mark").inner_text() == "✗ Wrong category"
    assert card(widget, wrong.label).locator(".asl-why").inner_text() == wrong.why
    assert card(widget, right.label).locator(".asl-mark").inner_text() == "✓ Right"
    assert (
        card(widget, right.label).locator(".asl-why").count() == 0
    )  # right cards keep their reasons until all are right
    assert widget.locator(".asl-mark", has_text="✗ Not sorted yet").count() == N - 2
    # Moving a card clears the marks, which described the placements that were checked.
    card(widget, wrong.label).get_by_role("button", name="Move to", exact=True).click()
    card(widget, wrong.label).get_by_role(
        "button", name=f"{BUCKET_LABELS[wrong.accept[0]]}: {wrong.label}", exact=True
    ).click()
    widget.locator(".asl-feedback[hidden]").wait_for(state="attached")
    assert widget.locator(".asl-mark").count() == 0


def test_show_solution_places_every_card_and_explains_it(page, lab):
    widget = open_lesson(page, lab)
    widget.locator(".asl-button-solution").click()
    widget.locator(".asl-feedback", has_text="Solution").wait_for()
    for item in SPEC.cards:
        shown = card(widget, item.label)
        assert shown.locator(".asl-why").inner_text() == item.why
        assert item.accept[0] in [b for b in BUCKETS if labels_in(widget, b).count(item.label)]
        fits = " ".join(BUCKET_LABELS[b] for b in item.accept)
        assert all(BUCKET_LABELS[b] in shown.locator(".asl-sort-fits").inner_text() for b in item.accept), fits
    assert widget.locator(".asl-sort-menu-toggle").count() == 0  # the answer on show cannot be rearranged
    assert lab.kernel_eval(LESSON, f"print({VARIABLE}.phase, {VARIABLE}.attempts)") == "solution 0"


def test_labels_with_markup_are_shown_as_text_and_run_nothing(page, lab):
    hostile = '<img src=x onerror="window.__pwned=1;alert(1)">'
    path = write_notebook(
        lab,
        "hostile-sort.ipynb",
        "from widgets import SortTask\n"
        f"hostile = SortTask([({hostile!r}, 'a', '<b>why</b> & {{braces}}'), ('Plain card', 'b', 'x'), ('Quote \" and \\\\ back', 'a', 'y')],"
        " [('a', '<script>window.__pwned=2</script>'), ('b', '<i>B</i>')],"
        " title='<script>window.__pwned=3</script>', task_id='hostile-sort')\nhostile",
    )
    open_and_run_all(page, lab, path, ".asl-sort", 1)
    widget = page.locator(".asl-sort").first
    assert hostile in labels_in(widget, None)
    assert widget.locator(".asl-title").inner_text() == "<script>window.__pwned=3</script>"
    assert zone(widget, "a").locator(".asl-sort-zone-name").inner_text() == "<script>window.__pwned=2</script>"
    card(widget, hostile).get_by_role("button", name="Move to", exact=True).click()
    card(widget, hostile).get_by_role("button", name="<i>B</i>: " + hostile, exact=True).click()
    wait_until_in(widget, hostile, "b")
    widget.locator(".asl-button-check").click()
    widget.locator(".asl-why", has_text="<b>why</b> & {braces}").wait_for()
    assert widget.locator("img, script, b, i").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    assert lab.kernel_eval(path, "print(hostile.placements[" + repr(hostile) + "], hostile.score)") == "b 0"


def test_the_sorting_widget_has_no_accessibility_violations(page, lab):
    widget = open_lesson(page, lab)
    assert axe_violations(page, ".asl-sort") == []
    first = next(iter(ANSWER))
    card(widget, first).get_by_role("button", name="Move to", exact=True).click()  # an open menu
    assert axe_violations(page, ".asl-sort") == []
    card(widget, first).get_by_role("button", name=f"{BUCKET_LABELS[BUCKETS[1]]}: {first}", exact=True).click()
    wait_until_in(widget, first, BUCKETS[1])
    card(widget, list(ANSWER)[1]).locator(".asl-sort-label").click()  # a selected card
    widget.locator(".asl-badge", has_text="Selected").wait_for()
    assert axe_violations(page, ".asl-sort") == []
    widget.locator(".asl-button-check").click()
    widget.locator(".asl-feedback").wait_for()
    assert axe_violations(page, ".asl-sort") == []  # marks, explanations and bucket scores too
    widget.locator(".asl-button-solution").click()
    widget.locator(".asl-feedback", has_text="Solution").wait_for()
    assert axe_violations(page, ".asl-sort") == []


@pytest.mark.parametrize("width", [320, 640])
def test_usable_in_a_narrow_space(page, lab, width):
    """320 px is a phone; 640 px is a 1280 px screen at 200% zoom."""
    widget = open_lesson(page, lab)
    widget.evaluate("(root, width) => { root.parentElement.style.width = width + 'px'; }", width)
    label = list(ANSWER)[-1]
    card(widget, label).get_by_role("button", name="Move to", exact=True).click()
    # Nothing spills sideways, so nothing needs scrolling in two directions (WCAG 1.4.10 Reflow).
    assert widget.evaluate("(root) => root.scrollWidth <= root.clientWidth")
    root_box = widget.bounding_box()
    assert root_box["width"] <= width + 1
    for box in [
        item.bounding_box()
        for item in widget.locator(".asl-sort-zone, .asl-sort-card, .asl-button, .asl-sort-destination").all()
    ]:
        assert box["x"] >= root_box["x"] and box["x"] + box["width"] <= root_box["x"] + root_box["width"] + 1
    card(widget, label).get_by_role("button", name=f"{BUCKET_LABELS[BUCKETS[0]]}: {label}", exact=True).click()
    wait_until_in(widget, label, BUCKETS[0])
