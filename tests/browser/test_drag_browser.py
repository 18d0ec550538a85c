"""Dragging on a laptop screen (1366×768): targets below the fold, live numbers, missed drops said out loud."""

from __future__ import annotations

import pytest

from widgets.content import load_kind

from harness import open_and_run_all, write_notebook

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
SORT = load_kind("sorting")["before-during-after-sale"]


@pytest.fixture
def laptop(page):
    page.set_viewport_size(LAPTOP)
    return page


def centre(box) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_drag_a_card_to_a_category_off_screen_by_scrolling_while_dragging(laptop, lab):
    page = laptop
    path = write_notebook(
        lab,
        "drag-sort.ipynb",
        "from widgets import SortTask\nsort = SortTask.from_content('before-during-after-sale')\nsort",
    )
    open_and_run_all(page, lab, path, ".asl-sort", 1)
    widget = page.locator(".asl-sort")
    # The last card of the pile, at the bottom of the screen: a category is then off screen, above
    # (cards and categories side by side) or below (stacked), as on a 1366×768 laptop.
    card = widget.locator(".asl-sort-pile .asl-sort-card").last
    label = card.get_attribute("data-label")
    card.evaluate("(el) => el.scrollIntoView({ block: 'end' })")
    zones = widget.locator(".asl-sort-bucket")
    boxes = [zones.nth(i).bounding_box() for i in range(zones.count())]
    off = [i for i, b in enumerate(boxes) if b["y"] + b["height"] < 0 or b["y"] > LAPTOP["height"]]
    assert off, "the test needs a category that starts off screen"
    target = zones.nth(off[0])
    target_id = target.get_attribute("data-zone")
    edge = 8 if boxes[off[0]]["y"] < 0 else LAPTOP["height"] - 8

    x, y = centre(card.locator(".asl-sort-grip").bounding_box())
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 10, y - 10, steps=3)
    # Hold the card near the edge: the notebook scrolls until the category comes into view.
    for step in range(150):
        box = target.bounding_box()
        if 100 < box["y"] + 20 < LAPTOP["height"] - 100:
            break
        page.mouse.move(x + 10, edge + (step % 2) * (1 if edge < 100 else -1))
        page.wait_for_timeout(50)
    else:
        raise AssertionError("the notebook did not scroll while the card was held at the edge")
    # Move onto the category. Auto-scroll may still be settling on a loaded machine, so aim again
    # at where the category is now, as a learner's hand would, until the pointer is over it.
    for _ in range(20):
        tx, ty = centre(target.locator(".asl-sort-zone-head").bounding_box())
        page.mouse.move(tx, ty, steps=5)
        if "asl-sort-over" in (target.get_attribute("class") or ""):
            break
        page.wait_for_timeout(100)
    # Where the drop will land is shown: outline, "Drop here", and a sentence.
    assert "asl-sort-over" in target.get_attribute("class")
    note = widget.locator(".asl-sort-drop-note")
    assert note.is_visible() and f"in {target.locator('.asl-sort-zone-name').inner_text()}" in note.inner_text()
    page.mouse.up()
    target.locator(".asl-sort-card").filter(has=page.get_by_text(label, exact=True)).wait_for()
    assert lab.kernel_eval(path, f"print(sort.placements[{label!r}])") == target_id


def test_a_missed_drop_is_said_on_screen_and_to_screen_readers(laptop, lab):
    page = laptop
    path = write_notebook(
        lab,
        "drag-miss.ipynb",
        "from widgets import SortTask\nsort = SortTask.from_content('before-during-after-sale')\nsort",
    )
    open_and_run_all(page, lab, path, ".asl-sort", 1)
    widget = page.locator(".asl-sort")
    widget.locator(".asl-title").scroll_into_view_if_needed()
    card = widget.locator(".asl-sort-pile .asl-sort-card").nth(1)
    label = card.get_attribute("data-label")
    x, y = centre(card.locator(".asl-sort-grip").bounding_box())
    hx, hy = centre(widget.locator(".asl-title").bounding_box())  # the heading is not a category
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(hx, hy + 2, steps=8)
    page.mouse.up()
    note = widget.locator(".asl-sort-drop-note", has_text="Missed")
    note.wait_for()
    assert label in note.inner_text() and "Cards to sort" in note.inner_text()
    widget.locator(".asl-live", has_text="was not dropped on a category").wait_for()
    assert widget.locator(".asl-sort-pile .asl-sort-card").filter(has=page.get_by_text(label, exact=True)).count() == 1


def test_position_numbers_follow_the_item_during_a_drag(laptop, lab):
    page = laptop
    path = write_notebook(
        lab,
        "drag-order.ipynb",
        "from widgets import OrderTask\norder = OrderTask.from_content('after-sales-stages')\norder",
    )
    open_and_run_all(page, lab, path, ".asl-order", 1)
    widget = page.locator(".asl-order")
    items = widget.locator(".asl-order-item")
    n = items.count()
    items.first.scroll_into_view_if_needed()
    moving = items.nth(n - 2)
    label = moving.get_attribute("data-label")
    x, y = centre(moving.locator(".asl-order-grip").bounding_box())
    _, ty = centre(items.nth(1).bounding_box())
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, ty - 5, steps=12)
    # Mid-drag, before the drop: the numbers read 1, 2, 3 ... down the list.
    numbers = widget.locator(".asl-order-pos").all_inner_texts()
    assert numbers == [f"{i}." for i in range(1, n + 1)], numbers
    labels = widget.locator(".asl-order-item").evaluate_all("(els) => els.map((e) => e.dataset.label)")
    assert labels.index(label) <= 2
    page.mouse.up()
    widget.locator(".asl-live", has_text=f"Moved {label}").wait_for()
    assert widget.locator(".asl-order-pos").all_inner_texts() == [f"{i}." for i in range(1, n + 1)]


def test_lesson_05_charts_stay_readable_on_a_laptop(laptop, lab):
    page = laptop
    open_and_run_all(page, lab, "lessons/05-drawing-the-after-sales-process.ipynb", ".asl-chart", 5)
    page.locator(".asl-chart[data-state='drawn']").nth(4).wait_for()
    sizes = page.locator(".asl-chart svg").evaluate_all(
        """(svgs) => svgs.map((svg) => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const text = svg.querySelector('g.node text');
            return [svg.getAttribute('aria-label'), text ? parseFloat(text.getAttribute('font-size')) * scale : 99];
        })"""
    )
    small = [(name, round(px, 1)) for name, px in sizes if px < 12]
    assert small == [], f"chart text drawn smaller than 12 px: {small}"
