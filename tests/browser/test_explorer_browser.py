"""Lesson 08's feedback explorer in a real JupyterLab: mouse, keyboard, kernel agreement, axe-core."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness import axe_violations, open_and_run_all, write_notebook

pytestmark = pytest.mark.browser

LESSON = "lessons/08-finding-the-problem-in-the-data.ipynb"
VARIABLE = "explorer"  # the name lesson 08 gives the explorer
WIDGET = ".asl-explorer"
# Which notebook cell JupyterLab has selected (its command mode moves this with the arrow keys).
ACTIVE_CELL = "() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].findIndex((c) => c.classList.contains('jp-mod-active'))"


def open_lesson(page, lab):
    # Lesson 08 shows the explorer once, plus its checked questions.
    open_and_run_all(page, lab, LESSON, WIDGET, 1)
    widget = page.locator(WIDGET).first
    widget.scroll_into_view_if_needed()
    widget.locator(".asl-ex-status", has_text="Showing all").wait_for()
    # Lesson 07 keeps the headline numbers hidden until the learner has worked out CSAT and NPS.
    reveal = widget.locator(".asl-ex-show-kpis")
    if reveal.is_visible():
        reveal.click()
    widget.locator(".asl-ex-card").first.wait_for()
    return widget


def shown_kpi(widget, key: str) -> str:
    return widget.locator(f".asl-ex-card[data-kpi='{key}'] .asl-ex-value").inner_text()


def kernel_kpis(lab, notebook: str, **filters) -> dict[str, str]:
    """The same KPIs computed afresh in the kernel from the notebook's ``df``, formatted as the cards format them."""
    code = (
        "from widgets import feedback as _fd\n"
        "from widgets.feedback.explorer import kpi_cards as _cards\n"
        f"_shown = _fd.filter_feedback(df, **{filters!r})\n"
        "for _c in _cards(_fd.headline_kpis(_shown)): print(_c['key'] + '=' + _c['value'])"
    )
    out = lab.kernel_eval(notebook, code)
    return dict(line.split("=", 1) for line in out.splitlines())


def channel_group(widget):
    return widget.locator("fieldset[data-filter='channel']")


def test_choose_a_channel_with_the_mouse(page, lab):
    widget = open_lesson(page, lab)
    before = shown_kpi(widget, "csat_pct")
    channel_group(widget).locator("label", has_text=re.compile(r"^social media$")).click()
    widget.locator(".asl-ex-status", has_text="channel social media").wait_for()
    assert channel_group(widget).get_by_role("radio", name="social media", exact=True).is_checked()
    expected = kernel_kpis(lab, LESSON, channel="social media")
    for key in ("responses", "csat_pct", "nps", "fcr_pct", "median_response_hours"):
        assert shown_kpi(widget, key) == expected[key], key
    assert shown_kpi(widget, "csat_pct") != before
    assert (
        widget.locator(".asl-ex-status").inner_text()
        == f"Showing {expected['responses']} of 600 responses: channel social media."
    )
    # The learner's next cell sees the same choice.
    assert lab.kernel_eval(LESSON, f"print({VARIABLE}.filters)") == "{'channel': 'social media'}"
    # The screen-reader announcement carries the new numbers too.
    widget.locator(".asl-live", has_text=f"CSAT {expected['csat_pct']}").wait_for()


def test_choose_a_channel_and_a_month_with_the_keyboard(page, lab):
    widget = open_lesson(page, lab)
    all_channels = channel_group(widget).get_by_role("radio", name="All", exact=True)
    all_channels.focus()
    active_cell = page.evaluate(ACTIVE_CELL)
    # Arrow keys move through a radio group and choose as they go: All -> post-purchase survey -> follow-up call.
    page.keyboard.press("ArrowRight")
    widget.locator(".asl-ex-status", has_text="channel post-purchase survey").wait_for()
    page.keyboard.press("ArrowDown")
    widget.locator(".asl-ex-status", has_text="channel follow-up call").wait_for()
    assert (
        channel_group(widget)
        .get_by_role("radio", name="follow-up call", exact=True)
        .evaluate("(node) => node === document.activeElement")
    )
    expected = kernel_kpis(lab, LESSON, channel="follow-up call")
    assert shown_kpi(widget, "csat_pct") == expected["csat_pct"]
    assert shown_kpi(widget, "nps") == expected["nps"]
    # The arrow keys stayed in the explorer: JupyterLab did not move to another cell.
    assert page.evaluate(ACTIVE_CELL) == active_cell

    month = widget.get_by_label("Month", exact=True)
    month.focus()
    page.keyboard.press("ArrowDown")  # All months -> April 2025
    widget.locator(".asl-ex-status", has_text="month April 2025").wait_for()
    expected = kernel_kpis(lab, LESSON, channel="follow-up call", month="2025-04")
    assert shown_kpi(widget, "responses") == expected["responses"]
    assert shown_kpi(widget, "csat_pct") == expected["csat_pct"]
    assert lab.kernel_eval(LESSON, f"print({VARIABLE}.month, {VARIABLE}.channel)") == "2025-04 follow-up call"


def test_reset_and_compare_by_change_the_chart(page, lab):
    widget = open_lesson(page, lab)
    channel_group(widget).locator("label", has_text=re.compile(r"^email$")).click()
    widget.locator(".asl-ex-status", has_text="channel email").wait_for()
    widget.get_by_label("Chart: compare by").select_option("product_category")
    widget.locator(".asl-ex-chart[alt^='Bar chart of satisfied customers (CSAT %) by product range']").wait_for()
    widget.locator(".asl-ex-data summary").click()
    rows = widget.locator(".asl-ex-table tbody tr")
    assert rows.count() == int(lab.kernel_eval(LESSON, f"print(len({VARIABLE}.chart_table['rows']))"))
    widget.get_by_role("button", name="Reset filters").click()
    widget.locator(".asl-ex-status", has_text="Showing all 600 responses.").wait_for()
    assert channel_group(widget).get_by_role("radio", name="All", exact=True).is_checked()
    assert lab.kernel_eval(LESSON, f"print({VARIABLE}.filters)") == "{}"


def test_the_explorer_has_no_accessibility_violations(page, lab):
    widget = open_lesson(page, lab)
    assert axe_violations(page, WIDGET) == []
    channel_group(widget).locator("label", has_text=re.compile(r"^comment card$")).click()
    widget.locator(".asl-ex-status", has_text="channel comment card").wait_for()
    widget.locator(".asl-ex-data summary").click()
    assert axe_violations(page, WIDGET) == []  # after an update, with the data table open


def test_no_matching_responses_and_text_stays_text(page, lab):
    hostile = '<img src=x onerror="window.__pwned=1">'
    path = write_notebook(
        lab,
        "explorer-small.ipynb",
        "from widgets import FeedbackExplorer\nfrom widgets.feedback import load_feedback\n"
        "df = load_feedback().frame.head(40)\n"
        f"explorer = FeedbackExplorer(df, title={hostile!r})\nexplorer",
    )
    open_and_run_all(page, lab, path, WIDGET, 1)
    widget = page.locator(WIDGET).first
    assert widget.locator(".asl-title").inner_text() == hostile
    assert widget.locator(".asl-title img").count() == 0
    # Pick a channel and a stage of service with no responses together.
    counts = lab.kernel_eval(path, "print(df.groupby(['channel', 'touchpoint'], observed=False).size().idxmin())")
    channel, touchpoint = re.match(r"\('(.+)', '(.+)'\)", counts).groups()
    channel_group(widget).locator("label", has_text=re.compile(f"^{re.escape(channel)}$")).click()
    widget.locator(
        "fieldset[data-filter='touchpoint'] label", has_text=re.compile(f"^{re.escape(touchpoint)}$")
    ).click()
    widget.locator(".asl-ex-status", has_text="No responses match").wait_for()
    assert shown_kpi(widget, "csat_pct") == "no data"
    assert page.evaluate("window.__pwned") is None


@pytest.mark.parametrize("width", [320, 640])
def test_usable_in_a_narrow_space(page, lab, width):
    """320 px is a phone; 640 px is a 1280 px screen at 200% zoom."""
    widget = open_lesson(page, lab)
    widget.evaluate("(root, width) => { root.parentElement.style.width = width + 'px'; }", width)
    assert widget.evaluate("(root) => root.scrollWidth <= root.clientWidth")
    root_box = widget.bounding_box()
    for box in [
        node.bounding_box() for node in widget.locator(".asl-ex-chip, .asl-ex-card, .asl-ex-chart, select").all()
    ]:
        assert box["x"] >= root_box["x"] - 1 and box["x"] + box["width"] <= root_box["x"] + root_box["width"] + 1
    channel_group(widget).locator("label", has_text=re.compile(r"^email$")).click()
    widget.locator(".asl-ex-status", has_text="channel email").wait_for()


def test_a_tutors_file_with_a_5_mb_cell_and_a_5_mb_line_shows_messages_not_a_traceback(page, lab):
    """The two exports that once ended in "field larger than field limit": a pasted log in one cell, a line of junk."""
    import csv
    import io

    committed = Path(__file__).resolve().parents[2] / "data" / "feedback" / "feedback.csv"
    with open(committed, encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    rows[3][-1] = "12:00:01 printer offline\n" * 200_000  # spreadsheet row 4: a 5 MB comment
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows[:41])
    lines = buffer.getvalue().split("\r\n")
    lines.insert(10, "y" * 5_000_000)  # a 5 MB line with no commas, after spreadsheet row 10
    (lab.root / "lessons" / "oversized-export.csv").write_text("\r\n".join(lines), encoding="utf-8")
    path = write_notebook(
        lab,
        "explorer-oversized.ipynb",
        "from widgets import FeedbackExplorer\nfrom widgets.feedback import load_feedback\n"
        "loaded = load_feedback('oversized-export.csv')\nprint(loaded.summary())",
        "explorer = FeedbackExplorer(loaded.frame)\nexplorer",
    )
    open_and_run_all(page, lab, path, WIDGET, 1)
    printed = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stdout']").first
    text = printed.inner_text()
    assert "Read 41 rows; 39 usable, 2 left out." in text  # 40 from the export and the line of junk
    assert "row 4: the value in column N ('comment') is 5,000,000 characters long" in text
    assert "row 11: this line is one value 5,000,000 characters long with no commas between values" in text
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert "Traceback" not in page.locator(".jp-Notebook").inner_text()
    page.locator(WIDGET).first.locator(".asl-ex-status", has_text="Showing all 39 responses").wait_for()
