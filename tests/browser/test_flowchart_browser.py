"""Flowcharts in a real JupyterLab: drawn by dot and by the browser, the learner's order as a
chart, the build-your-own activity by clicks and by keyboard alone, safety and accessibility."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from widgets.activities.flowchart import load_charts

from harness import axe_violations, open_and_run_all, write_notebook

pytestmark = pytest.mark.browser

LESSON_01 = "lessons/01-the-after-sales-process.ipynb"
LESSON_05 = "lessons/05-drawing-the-after-sales-process.ipynb"
CHARTS = load_charts()
PROCESS = CHARTS["after-sales-process"]
NO_DOT = "import os\nos.environ['AFTER_SALES_NO_DOT'] = '1'  # behave like a computer without Graphviz"


def shot(page, locator, name: str) -> None:
    """With ASL_SCREENSHOTS=1, keep a picture of what the learner sees, for a human to look at."""
    if os.environ.get("ASL_SCREENSHOTS"):
        folder = Path(__file__).resolve().parents[2] / ".test-artifacts"
        folder.mkdir(exist_ok=True)
        locator.screenshot(path=str(folder / f"{name}.png"))


def drawn(page, renderer: str):
    return page.locator(f".asl-chart[data-state='drawn'][data-renderer='{renderer}']")


def chart_text(chart) -> str:
    """All the text drawn inside a chart's SVG, squashed: layouts differ, words do not."""
    return "".join("".join(chart.locator("svg text").all_text_contents()).split())


def squash(text: str) -> str:
    return "".join(text.split())


def count_big_frames(page) -> list[int]:
    """Sizes of kernel messages over 1 MB that reach the page (the in-browser Graphviz is one)."""
    sizes: list[int] = []

    def watch(socket):
        socket.on("framereceived", lambda payload: sizes.append(len(payload)) if len(payload) > 1_000_000 else None)

    page.on("websocket", watch)
    return sizes


def right_answer(chart):
    label = {n.id: " ".join(n.label.split()) for n in chart.nodes if n.kind != "note"}
    return list(label.values()), [
        (label[e.source], label[e.target]) for e in chart.edges if e.source in label and e.target in label
    ]


# --------------------------------------------------------------------------- drawn both ways


def test_without_dot_the_browser_draws_every_chart_and_loads_graphviz_once(page, lab):
    path = write_notebook(
        lab,
        "no-dot.ipynb",
        NO_DOT,
        "from widgets import FlowBuildTask, Flowchart\nfirst = Flowchart.from_content('after-sales-process')\nfirst",
        "second = Flowchart.from_content('closed-feedback-loop')\nsecond",
        "build = FlowBuildTask.from_content('closed-feedback-loop')\nbuild",
    )
    big = count_big_frames(page)
    open_and_run_all(page, lab, path, ".asl-chart", 3)
    drawn(page, "browser").nth(2).wait_for()
    assert drawn(page, "dot").count() == 0
    assert lab.kernel_eval(path, "print(first.renderer, first.svg == '')") == "browser True"
    first = drawn(page, "browser").first
    for node in PROCESS.nodes:
        assert squash(node.label) in chart_text(first)
    assert first.locator("svg").get_attribute("role") == "img"
    assert first.locator("svg").get_attribute("aria-label") == f"Flowchart: {PROCESS.title}"
    note = first.locator(".asl-chart-note")
    assert note.is_visible() and "winget install graphviz" in note.inner_text()
    assert len(big) == 1, f"the in-browser Graphviz should reach the page once, not {len(big)} times"
    # The build activity's chart is drawn in the browser as the learner works, too.
    build = page.locator(".asl-flowbuild")
    build.get_by_label("Collect feedback", exact=True).check()
    build.locator(".asl-chart[data-renderer='browser'] svg text", has_text="Collect feedback").first.wait_for()
    assert len(big) == 1
    shot(page, first, "flowchart-browser")
    shot(page, build, "flowbuild-browser")
    assert axe_violations(page, ".asl-flowchart") == []


def test_lesson_05_charts_are_drawn_by_dot_with_a_text_version(page, lab):
    open_and_run_all(page, lab, LESSON_05, ".asl-chart", 5)
    drawn(page, "dot").nth(4).wait_for()
    assert drawn(page, "browser").count() == 0
    process = page.locator(".asl-flowchart").first
    for node in PROCESS.nodes:
        assert squash(node.label) in chart_text(process)
    assert not process.locator(".asl-chart-note").is_visible(), "no install note where dot drew the chart"
    process.locator("summary", has_text="Text version of this chart").click()
    assert "- Step: Record the issue or query" in process.locator(".asl-chart-text").inner_text()
    returns = page.locator(".asl-flowchart").filter(has=page.locator("svg[aria-label*='Consumer Rights Act 2015']"))
    assert "Ateachingsimplification,notlegaladvice." in chart_text(returns)
    shot(page, returns, "returns-dot")
    assert axe_violations(page, ".asl-flowchart") == []


def build_widget(page, title: str):
    return page.locator(".asl-flowbuild").filter(has=page.locator(".asl-title", has_text=title)).first


def test_build_the_after_sales_process_by_single_clicks(page, lab):
    open_and_run_all(page, lab, LESSON_05, ".asl-flowbuild", 2)
    build = build_widget(page, PROCESS.title)
    build.scroll_into_view_if_needed()
    steps, links = right_answer(PROCESS)
    for step in steps:
        build.get_by_label(step, exact=True).click()
    for source, target in links[:-1]:  # everything but the feedback loop
        build.locator(".asl-build-from").select_option(source)
        build.locator(".asl-build-to").select_option(target)
        build.get_by_role("button", name="Add arrow").click()
        build.locator(".asl-build-arrow-text", has_text=f"{source} → {target}").wait_for()
    chart = build.locator(".asl-chart")
    chart.locator("svg text", has_text="Review: what can we").first.wait_for()
    build.locator(".asl-button-check").click()
    build.locator(".asl-feedback", has_text="Your chart has no feedback loop.").wait_for()
    assert "Your chart has no feedback loop: after reviewing" in build.locator(".asl-build-feedback").inner_text()
    assert axe_violations(page, ".asl-flowbuild") == []  # with the marks and the list of fixes on show

    source, target = links[-1]
    build.locator(".asl-build-from").select_option(source)
    build.locator(".asl-build-to").select_option(target)
    build.get_by_role("button", name="Add arrow").click()
    chart.locator("svg text", has_text="loops back").wait_for()  # the live chart draws the learner's loop
    build.locator(".asl-button-check").click()
    n = len(steps) + len(links)
    build.locator(".asl-feedback", has_text=f"Score {n} out of {n}").wait_for()
    assert chart.locator("svg text", has_text="✗").count() == 0
    assert lab.kernel_eval(LESSON_05, "print(build.score, build.maximum, build.attempts)") == f"{n} {n} 2"
    shot(page, build, "flowbuild-complete")


def choose_by_keyboard(page, select, label: str) -> None:
    """Step through a focused, closed list with the arrow keys until it shows ``label``."""
    page.keyboard.press("Home")
    for _ in range(20):
        if select.input_value() == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{label!r} is not in the list")


def test_build_the_closed_feedback_loop_by_keyboard_alone(page, lab):
    open_and_run_all(page, lab, LESSON_05, ".asl-flowbuild", 2)
    chart = CHARTS["closed-feedback-loop"]
    build = build_widget(page, chart.title)
    steps, links = right_answer(chart)
    live = build.locator(".asl-live")
    boxes = build.locator(".asl-build-card-box")
    boxes.first.focus()
    for index in range(boxes.count()):
        if boxes.nth(index).get_attribute("value") in steps:
            page.keyboard.press("Space")
            live.filter(has_text="added to your chart").wait_for()
        if index < boxes.count() - 1:
            page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # on to the From list
    from_list, to_list = build.locator(".asl-build-from"), build.locator(".asl-build-to")
    assert page.evaluate("() => document.activeElement.classList.contains('asl-build-from')")
    for source, target in links:
        choose_by_keyboard(page, from_list, source)
        page.keyboard.press("Tab")
        choose_by_keyboard(page, to_list, target)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # Add arrow
        live.filter(has_text=f"Arrow added: {source} → {target}.").wait_for()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")  # back to From, which now starts at the stage just reached
    assert sorted(build.locator(".asl-build-arrow-text").all_inner_texts()) == sorted(f"{s} → {t}" for s, t in links)
    check = build.locator(".asl-button-check")
    check.focus()
    page.keyboard.press("Enter")
    n = len(steps) + len(links)
    build.locator(".asl-feedback", has_text=f"Score {n} out of {n}").wait_for()
    live.filter(has_text=f"Score {n} out of {n}").wait_for()
    assert lab.kernel_eval(LESSON_05, "print(closing.score, closing.result.missing_loop)") == f"{n} False"


def test_the_learners_order_chart_redraws_after_a_move_and_marks_misplaced_steps(page, lab):
    from widgets.content import load_kind

    spec = load_kind("ordering")["after-sales-stages"]
    open_and_run_all(page, lab, LESSON_01, ".asl-chart", 3)
    order_widget = page.locator(".asl-order").filter(has=page.locator(".asl-title", has_text=spec.title)).first
    chart = (
        page.locator(".asl-flowchart")
        .filter(has=page.locator(f"svg[aria-label='Flowchart: Your order: {spec.title}']"))
        .first
    )
    chart.wait_for()
    before = order_widget.locator(".asl-order-label").all_inner_texts()
    assert squash("".join(before)) in chart_text(chart), "the chart shows the stages in the learner's order"
    label = before[-1]
    order_widget.get_by_role("button", name=f"Move up: {label}", exact=True).click()
    after = before[:-2] + [before[-1], before[-2]]
    # The chart redraws after the move: its boxes now come in the new order.
    page.wait_for_function(
        "([root, text]) => (root.querySelector('svg')?.textContent || '').replace(/\\s+/g, '').includes(text)",
        arg=[chart.element_handle(), squash("".join(after))],
    )
    order_widget.locator(".asl-button-check").click()
    order_widget.locator(".asl-feedback").wait_for()
    wrong = (
        order_widget.locator(".asl-order-item", has=page.locator(".asl-mark", has_text="✗"))
        .locator(".asl-order-label")
        .all_inner_texts()
    )
    assert wrong, "the starting order has misplaced steps"
    chart.locator("svg text", has_text="(out of place)").first.wait_for()
    assert chart.locator("svg text", has_text="(out of place)").count() == len(wrong)
    description = chart.locator(".asl-chart-text").text_content()
    for stage in wrong:
        assert f"{stage} (out of place)" in description
    shot(page, chart, "order-chart-marked")
    assert axe_violations(page, ".asl-flowchart") == []


def test_a_hostile_svg_or_label_runs_nothing_and_a_broken_one_falls_back_to_text(page, lab):
    hostile = '<img src=x onerror="window.__pwned=1;alert(1)">'
    path = write_notebook(
        lab,
        "hostile-chart.ipynb",
        "from widgets import Flowchart\nfrom widgets.activities.flowchart import order_to_chart\n"
        f"chart = Flowchart(order_to_chart([{hostile!r}, '<script>window.__pwned=2</script>'], '<b>Title</b> & co'))\nchart",
    )
    open_and_run_all(page, lab, path, ".asl-chart", 1)
    chart = page.locator(".asl-flowchart").first
    chart.locator(".asl-chart[data-state='drawn']").wait_for()
    assert squash(hostile) in chart_text(chart) and "<script>" in chart.locator("svg").text_content()
    evil_svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200pt" height="50pt" viewBox="0 0 200 50">'
        "<script>window.__pwned=3</script><style>@import url(http://127.0.0.1:9/x.css);</style>"
        '<g onmouseover="window.__pwned=4" class="node"><text x="10" y="20">Harmless words</text></g>'
        '<a xlink:href="javascript:window.__pwned=5"><text x="10" y="40">A link</text></a>'
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="window.__pwned=6"/></div></foreignObject>'
        '<image href="http://127.0.0.1:9/x.png"/><rect onclick="window.__pwned=7" fill="url(javascript:1)" width="5" height="5"/></svg>'
    )
    lab.kernel_eval(path, f"chart.svg = {evil_svg!r}")
    chart.locator("svg text", has_text="Harmless words").wait_for()
    svg = chart.locator("svg")
    assert svg.locator("script, style, a, foreignObject, image, img").count() == 0
    assert (
        svg.evaluate(
            "(root) => [...root.querySelectorAll('*')].flatMap((n) => [...n.attributes].map((a) => a.name))"
            ".filter((name) => name.startsWith('on') || name.includes('href')).length"
        )
        == 0
    )
    svg.locator("g").first.hover()
    svg.locator("rect").first.click(force=True)
    assert page.evaluate("window.__pwned") is None and page.dialogs == []
    lab.kernel_eval(path, "chart.svg = '<html><body>not a chart</body></html>'")
    chart.locator(".asl-chart[data-state='failed']").wait_for()
    assert "could not be drawn here" in chart.inner_text()
    assert chart.locator("details").get_attribute("open") is not None, "the text version opens in its place"
    assert "Flowchart: <b>Title</b> & co" in chart.locator(".asl-chart-text").inner_text()


@pytest.mark.parametrize("width", [320, 640])
def test_the_build_activity_fits_a_narrow_space(page, lab, width):
    open_and_run_all(page, lab, LESSON_05, ".asl-flowbuild", 2)
    build = build_widget(page, PROCESS.title)
    build.evaluate("(root, width) => { root.parentElement.style.width = width + 'px'; }", width)
    build.get_by_label("Sale completed", exact=True).click()
    build.locator(".asl-chart svg text", has_text="Sale completed").wait_for()
    assert build.evaluate("(root) => root.scrollWidth <= root.clientWidth")
    root_box = build.bounding_box()
    # A chart keeps readable text and scrolls sideways inside its own box (issue 9): the box must fit.
    for item in build.locator(".asl-build-card, select, .asl-button, .asl-chart-canvas").all():
        box = item.bounding_box()
        what = item.evaluate("(el) => el.tagName + '.' + el.getAttribute('class')")
        assert box["x"] >= root_box["x"] - 1 and box["x"] + box["width"] <= root_box["x"] + root_box["width"] + 1, what
