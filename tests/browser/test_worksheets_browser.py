"""Printable worksheets in Chromium: they lay out on A4 and the activities are there to read.

No JupyterLab is needed: each page is generated from the lesson content and loaded with
``page.set_content``. The printable width of A4 with the sheets' 14 mm margins is 182 mm
(688 CSS pixels); with print styles on and the window that wide, nothing may stick out
sideways, and Chromium's own PDF of the page must come out A4.
"""

from __future__ import annotations

import re

import pytest

from widgets.export.activities import load_lessons
from widgets.export.worksheets import answers_html, worksheet_html

MM = 96 / 25.4  # CSS pixels per millimetre
PRINTABLE_WIDTH = round((210 - 2 * 14) * MM)  # 688 px
A4_POINTS = (595.28, 841.89)  # 210 x 297 mm in PDF points

LESSONS = {lesson.number: lesson for lesson in load_lessons(only=["02", "05", "13"])}

#: Every element whose right edge is past the page, with its text, so a failure names what sticks out.
OVERFLOW = """(width) => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 0.5) out.push(`${el.tagName} ${Math.round(box.right)}px: ${(el.textContent || '').slice(0, 60)}`);
  }
  return {scroll: document.documentElement.scrollWidth, out};
}"""


@pytest.fixture
def printed(browser):
    page = browser.new_page(viewport={"width": PRINTABLE_WIDTH, "height": 1000})
    page.emulate_media(media="print")
    yield page
    page.close()


def _pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(w), float(h)) for w, h in re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)]


@pytest.mark.parametrize(
    "number, sheet", [("02", "worksheet"), ("05", "worksheet"), ("05", "answers"), ("13", "worksheet")]
)
def test_sheet_fits_the_a4_width_and_prints_as_a4(printed, number, sheet):
    lesson = LESSONS[number]
    printed.set_content((worksheet_html if sheet == "worksheet" else answers_html)(lesson), wait_until="load")
    layout = printed.evaluate(OVERFLOW, PRINTABLE_WIDTH)
    assert layout["out"] == [], f"sticks out past the A4 printable width: {layout['out'][:5]}"
    assert layout["scroll"] <= PRINTABLE_WIDTH
    pdf = printed.pdf(prefer_css_page_size=True, print_background=True)
    pages = _pdf_pages(pdf)
    assert pages, "Chromium produced no pages"
    # Chromium rounds the page box to its own device pixels: within a point of A4 (US Letter is 612 x 792).
    assert all(abs(w - A4_POINTS[0]) < 1 and abs(h - A4_POINTS[1]) < 1 for w, h in pages), pages[:3]


def test_the_overflow_check_sees_something_too_wide(printed):
    printed.set_content('<!DOCTYPE html><html><body><div style="width:900px">too wide</div></body></html>')
    layout = printed.evaluate(OVERFLOW, PRINTABLE_WIDTH)
    assert layout["out"] and layout["scroll"] > PRINTABLE_WIDTH


def test_an_activity_is_there_to_read_and_fill_in(printed):
    lesson = LESSONS["02"]
    activity = lesson.activities[0]
    printed.set_content(worksheet_html(lesson), wait_until="load")
    heading = printed.get_by_role("heading", name=f"Activity {activity.number}: {activity.title}")
    assert heading.is_visible()
    table = printed.locator(f"#sorting-{activity.id} table")
    headers = table.locator("thead th")
    assert headers.count() == 1 + len(activity.spec.buckets)
    for index, bucket in enumerate(activity.spec.buckets, 1):
        assert headers.nth(index).inner_text().startswith(bucket.label)
    first_card = table.locator("tbody tr").first
    assert first_card.is_visible()
    box = first_card.locator("td").nth(1).bounding_box()
    assert box["width"] >= 15 * MM * 0.9 and box["height"] >= 6 * MM  # room to tick by hand
    assert first_card.locator("td").nth(1).inner_text().strip() == ""  # the answer is not printed on the worksheet


def test_the_chart_to_complete_is_drawn_inside_the_page(printed):
    lesson = LESSONS["05"]
    printed.set_content(worksheet_html(lesson), wait_until="load")
    chart = printed.locator("#chart-returns-decision-cra-2015 .chart svg")
    if chart.count() == 0:
        pytest.skip("Graphviz dot is not installed: charts print as text")
    box = chart.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= PRINTABLE_WIDTH + 0.5
    assert box["height"] > 100
