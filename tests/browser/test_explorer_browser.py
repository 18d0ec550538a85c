"""Lesson 08's feedback explorer in a real JupyterLab: mouse, keyboard, kernel agreement, axe-core, the SVG chart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness import COLOUR_MATHS_JS, axe_violations, open_and_run_all, use_theme, write_notebook

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


def kernel_chart(lab, notebook: str, by: str, **filters) -> list[tuple[str, str]]:
    """(group, CSAT text) for each group the chart should show, worked out afresh in the kernel from ``df``."""
    code = (
        "import numpy as _np\nfrom widgets import feedback as _fd\n"
        f"_t = _fd.kpi_table(_fd.filter_feedback(df, **{filters!r}), by={by!r}, decimals=None)\n"
        "for _g, _r in _t.iterrows():\n"
        f"    _n = _fd.month_label(str(_g)) if {by!r} == 'month' else str(_g)\n"
        "    _v = _r['csat_pct']\n"
        "    print(_n + '=' + ('no data' if _v != _v else f'{float(_np.round(_v, 1)) + 0.0:.1f}%'))"
    )
    out = lab.kernel_eval(notebook, code)
    return [tuple(line.split("=", 1)) for line in out.splitlines()]


def chart_on_screen(widget) -> dict:
    """What the chart shows: its role and accessible name, and each bar or point's name and written value."""
    svg = widget.locator("svg.asl-ex-chart")
    rows = svg.locator(".asl-ex-row")
    return {
        "role": svg.get_attribute("role"),
        "name": svg.get_attribute("aria-label"),
        "kind": svg.get_attribute("data-kind"),
        "values": [
            (row.get_attribute("data-label"), row.locator(".asl-ex-value").text_content()) for row in rows.all()
        ],
        "bars": svg.locator("rect.asl-ex-bar").count(),
        "points": svg.locator("circle.asl-ex-point").count(),
        "message": svg.locator(".asl-ex-message").all_text_contents(),
    }


def assert_chart_shows(widget, expected: list[tuple[str, str]], description: str) -> None:
    """The SVG names every group with its value, writes the same values by its bars or points, and nothing else."""
    shown = chart_on_screen(widget)
    assert shown["role"] == "img"
    numbers = "; ".join(f"{name} {value}" for name, value in expected)
    assert shown["name"] == f"{description} {numbers}."
    # The accessible name the browser computes, not only the attribute.
    assert widget.get_by_role("img", name=shown["name"], exact=True).count() == 1
    assert shown["values"] == expected
    assert widget.locator("img").count() == 0  # no picture of a chart left anywhere


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
    first_chart = chart_on_screen(widget)
    assert first_chart["kind"] == "line" and len(first_chart["values"]) == 12
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
    # The chart on screen changed with the choice: a point a month, its CSAT written above it and in its name.
    by_month = kernel_chart(lab, LESSON, "month", channel="follow-up call")
    page.wait_for_function(
        "(svg) => svg.getAttribute('aria-label').includes('channel follow-up call')",
        arg=widget.locator("svg.asl-ex-chart").element_handle(),
    )
    assert_chart_shows(
        widget, by_month, "Line chart of satisfied customers (CSAT %) month by month, for channel follow-up call."
    )
    assert chart_on_screen(widget)["values"] != first_chart["values"]
    assert chart_on_screen(widget)["points"] == sum(value != "no data" for _, value in by_month)
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
    # One month is one point on the line chart.
    assert_chart_shows(
        widget,
        kernel_chart(lab, LESSON, "month", channel="follow-up call", month="2025-04"),
        "Line chart of satisfied customers (CSAT %) month by month, for channel follow-up call, month April 2025.",
    )
    assert chart_on_screen(widget)["points"] == 1


def test_reset_and_compare_by_change_the_chart(page, lab):
    widget = open_lesson(page, lab)
    channel_group(widget).locator("label", has_text=re.compile(r"^email$")).click()
    widget.locator(".asl-ex-status", has_text="channel email").wait_for()
    widget.get_by_label("Chart: compare by").select_option("product_category")
    widget.locator(
        "svg.asl-ex-chart[aria-label^='Bar chart of satisfied customers (CSAT %) by product range']"
    ).wait_for()
    by_range = kernel_chart(lab, LESSON, "product_category", channel="email")
    assert_chart_shows(
        widget, by_range, "Bar chart of satisfied customers (CSAT %) by product range, for channel email."
    )
    shown = chart_on_screen(widget)
    assert shown["kind"] == "bar" and shown["bars"] == len(by_range)
    # A longer bar for a higher CSAT: the bars are drawn to the numbers written beside them.
    widths = widget.locator("rect.asl-ex-bar").evaluate_all("(bars) => bars.map((b) => b.getBBox().width)")
    values = [float(value.rstrip("%")) for _, value in by_range]
    assert sorted(range(len(values)), key=values.__getitem__) == sorted(range(len(widths)), key=widths.__getitem__)
    widget.locator(".asl-ex-data summary").click()
    rows = widget.locator(".asl-ex-table tbody tr")
    assert rows.count() == len(by_range)
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
    # The chart says so in words, on screen and in its name, instead of drawing empty axes.
    shown = chart_on_screen(widget)
    assert shown["message"] == ["No responses to show"]
    assert shown["values"] == [] and shown["bars"] == shown["points"] == 0
    assert shown["name"].endswith(f"for channel {channel}, stage of service {touchpoint}. No responses to show.")
    assert page.evaluate("window.__pwned") is None


def test_a_hostile_channel_name_is_drawn_as_text(page, lab):
    hostile = '<img src=x onerror="window.__pwned=2"><script>window.__pwned=3</script>'
    path = write_notebook(
        lab,
        "explorer-hostile.ipynb",
        "from widgets import FeedbackExplorer\nfrom widgets.feedback import load_feedback\n"
        "df = load_feedback().frame.head(40)\n"
        f"df['channel'] = df['channel'].astype(str).replace({{'email': {hostile!r}}})\n"
        "explorer = FeedbackExplorer(df, chart_by='channel')\nexplorer",
    )
    open_and_run_all(page, lab, path, WIDGET, 1)
    widget = page.locator(WIDGET).first
    widget.locator("svg.asl-ex-chart[data-kind='bar']").wait_for()
    shown = chart_on_screen(widget)
    assert hostile in [name for name, _ in shown["values"]]
    # Written above its bar as the characters themselves (over two lines: it is long).
    rows = widget.locator("svg.asl-ex-chart .asl-ex-row").all()
    row = next(row for row in rows if row.get_attribute("data-label") == hostile)
    written = "".join(row.locator(".asl-ex-name").all_text_contents()).replace(" ", "")
    assert written.startswith(hostile.replace(" ", "")), written
    assert hostile in shown["name"]
    assert widget.locator("svg img, svg script, img, script").count() == 0
    assert page.evaluate("window.__pwned") is None


# Contrast of everything the chart draws against what is behind it: text by its fill, lines by their stroke.
SVG_CONTRAST_JS = (
    """(nodes) => {
  const parse = (text) => {
    const m = String(text).match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
"""
    + COLOUR_MATHS_JS
    + """  return nodes.map((node) => {
    const layers = [];
    for (let n = node.closest('figure'); n; n = n.parentElement) {
      const bg = parse(getComputedStyle(n).backgroundColor);
      if (bg && bg.a > 0) layers.push(bg);
      if (bg && bg.a === 1) break;
    }
    let bg = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) bg = over(layer, bg);
    const style = getComputedStyle(node);
    const paint = node.tagName === 'line' || node.tagName === 'polyline' ? style.stroke : style.fill;
    const fg = over(parse(paint), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return { what: `${node.tagName}.${node.getAttribute('class')} ${node.textContent.trim()}`.trim(),
             ratio: (hi + 0.05) / (lo + 0.05) };
  });
}"""
)


def test_the_chart_reaches_4_5_to_1_in_light_and_dark_themes(page, lab):
    widget = open_lesson(page, lab)
    parts = "svg.asl-ex-chart text, svg.asl-ex-chart line, svg.asl-ex-chart polyline, svg.asl-ex-chart rect.asl-ex-bar"
    try:
        for theme in ("JupyterLab Light", "JupyterLab Dark"):
            use_theme(page, theme)
            for by in ("month", "touchpoint"):
                widget.get_by_label("Chart: compare by").select_option(by)
                widget.locator(f"svg.asl-ex-chart[data-kind='{'line' if by == 'month' else 'bar'}']").wait_for()
                measured = widget.locator(parts).evaluate_all(SVG_CONTRAST_JS)
                assert len(measured) > 20, measured
                low = [f"{m['what']}: {m['ratio']:.2f}:1" for m in measured if m["ratio"] < 4.5]
                assert not low, f"{theme}, {by}: below 4.5:1:\n" + "\n".join(low)
    finally:
        use_theme(page, "JupyterLab Light")


def test_the_chart_fits_a_laptop_screen(page, lab):
    """1366x768: the whole chart, bars and axis, can be on screen at once, and no wider than the notebook."""
    page.set_viewport_size({"width": 1366, "height": 768})
    widget = open_lesson(page, lab)
    for by in ("month", "touchpoint"):
        widget.get_by_label("Chart: compare by").select_option(by)
        chart = widget.locator(f"svg.asl-ex-chart[data-kind='{'line' if by == 'month' else 'bar'}']")
        chart.wait_for()
        box = chart.bounding_box()
        notebook = page.locator(".jp-NotebookPanel-notebook").bounding_box()
        assert box["height"] <= 768 - 200, (by, box)  # room left for JupyterLab's menus and toolbar
        assert box["x"] >= notebook["x"] and box["x"] + box["width"] <= notebook["x"] + notebook["width"], by
        assert chart.evaluate("(svg) => svg.getBBox().width <= svg.viewBox.baseVal.width + 1"), by


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
