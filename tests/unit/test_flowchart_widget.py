"""The flowchart widgets' kernel side: rendering with and without dot, the linked order chart,
and the build-your-own activity driven as its front end would drive it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
import traitlets

from widgets import FlowBuildTask, Flowchart, OrderTask
from widgets._base import STATIC, assemble
from widgets.content import ContentNotice
from widgets.activities.flowchart import describe, load_charts, to_dot
from widgets.activities.flowchart_widget import BROWSER_NOTE, VIZ_FILE
from widgets.progress.store import load_progress

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
INSTALL_WAYS = (
    "conda install -c conda-forge graphviz",
    "apt install graphviz",
    "brew install graphviz",
    "winget install graphviz",
)


@pytest.fixture(autouse=True)
def private_progress(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("AFTER_SALES_NO_DOT", raising=False)


@pytest.fixture
def no_dot(monkeypatch):
    """Behave as a computer without Graphviz."""
    monkeypatch.setenv("AFTER_SALES_NO_DOT", "1")


@pytest.fixture(scope="module")
def charts():
    return load_charts()


def sent_messages(widget):
    """Record what the kernel sends to the front end with widget.send()."""
    sent = []
    widget.send = lambda content, buffers=None: sent.append((content, buffers))
    return sent


def press(widget, action):
    """What the front end does when the learner clicks a button."""
    widget._on_front_end_message(widget, {"action": action}, [])


def svg_texts(svg: str) -> str:
    root = ET.fromstring(svg.encode("utf-8"))
    return " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))


# --------------------------------------------------------------------------- the display widget


@needs_dot
def test_a_content_chart_is_drawn_by_dot_in_the_kernel(charts):
    chart = Flowchart.from_content("after-sales-process")
    assert chart.renderer == "dot" and chart.render_note == ""
    assert chart.dot == to_dot(charts["after-sales-process"])
    assert chart.description == describe(charts["after-sales-process"])
    assert "Review: what can we" in svg_texts(chart.svg)
    assert repr(chart) == "Flowchart('after-sales-process', 7 boxes, 7 arrows)"


def test_without_dot_the_state_says_draw_it_in_the_browser(no_dot, charts):
    chart = Flowchart.from_content("closed-feedback-loop")
    assert (chart.renderer, chart.svg) == ("browser", "")
    assert chart.dot == to_dot(charts["closed-feedback-loop"])
    assert chart.render_note == BROWSER_NOTE
    assert all(way in chart.render_note for way in INSTALL_WAYS)
    assert chart.description.startswith("Flowchart: Closing the feedback loop")


def test_without_dot_on_the_path_the_browser_draws_it_too(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert Flowchart.from_content("after-sales-process").renderer == "browser"


def test_the_browser_renderer_is_sent_only_when_asked_and_as_one_buffer(no_dot):
    chart = Flowchart.from_content("after-sales-process")
    sent = sent_messages(chart)
    assert sent == []
    state = json.dumps(chart.get_state(), default=str)
    assert len(state) < 100_000, "the 1.2 MB renderer must not travel in the widget's state"
    press(chart, "renderer")
    ((content, buffers),) = sent
    assert content["kind"] == "viz-renderer"
    assert len(buffers) == 1 and bytes(buffers[0]) == VIZ_FILE.read_bytes()
    assert bytes(buffers[0]).startswith(b"/*!\nViz.js 3.31.0")


def test_the_vendored_renderer_ships_with_its_licences():
    licences = (VIZ_FILE.parent / "LICENSES-viz.md").read_text(encoding="utf-8")
    for needed in (
        "@viz-js/viz 3.31.0",
        "Eclipse Public License - v 2.0",
        "Expat",
        "Michael Daines",
        "16.1.0",
        "2.8.5",
    ):
        assert needed in licences
    assert VIZ_FILE.stat().st_size > 1_000_000


def test_unknown_chart_gives_a_notice_not_a_traceback():
    notice = Flowchart.from_content("after-sales-proces")
    assert isinstance(notice, ContentNotice)
    assert "did you mean 'after-sales-process'" in repr(notice)


def test_constructor_refuses_bad_input_early(charts):
    with pytest.raises(TypeError, match="from_content"):
        Flowchart("after-sales-process")
    with pytest.raises(ValueError, match="not in the chart"):
        Flowchart(charts["after-sales-process"], marks={"nowhere": "ok"})


def test_marks_given_to_the_widget_show_in_words(charts):
    chart = Flowchart(charts["after-sales-process"], marks={"record": "wrong"})
    assert "(out of place)" in chart.description and "(out of place)" in chart.dot


@needs_dot
def test_save_writes_svg_and_png_for_a_worksheet(tmp_path):
    chart = Flowchart.from_content("complaint-handling")
    svg = chart.save(tmp_path / "sheet.svg")
    png = chart.save(tmp_path / "sheet.PNG")
    assert "Complaint received" in svg_texts(svg.read_text(encoding="utf-8"))
    assert png.read_bytes().startswith(b"\x89PNG")
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        chart.save(tmp_path / "sheet.pdf")
    assert chart.chart.save(tmp_path / "plain.svg").exists()


def test_save_without_dot_says_how_to_install(no_dot, tmp_path):
    chart = Flowchart.from_content("complaint-handling")
    with pytest.raises(RuntimeError) as caught:
        chart.save(tmp_path / "sheet.svg")
    assert all(way in str(caught.value) for way in INSTALL_WAYS)
    assert not (tmp_path / "sheet.svg").exists()


def test_assemble_still_joins_common_and_the_widget_file_as_before():
    common = (STATIC / "common.js").read_text(encoding="utf-8")
    own = (STATIC / "ordering.js").read_text(encoding="utf-8")
    assert assemble("ordering", ".js") == common + "\n" + own
    joined = assemble("flowchart", ".js", "chartview")
    assert joined.index("function aslEl") < joined.index("function aslChartView") < joined.index("export default")


# --------------------------------------------------------------------------- the learner's order as a chart

ITEMS = [
    ("Customer gets in touch", "Contact starts it."),
    ("Record the issue", "Record before investigating."),
    ("Resolve the issue", "Resolve after investigating."),
    ("Review and improve", "Review comes last."),
]
LABELS = [label for label, _ in ITEMS]


@pytest.fixture
def task():
    return OrderTask(ITEMS, title="Mini", task_id="mini")


def chart_order(chart) -> list[str]:
    return [node.label for node in chart.chart.nodes]


def test_the_order_chart_follows_every_move(task):
    chart = task.flowchart()
    assert chart_order(chart) == task.order
    task.move(LABELS[0], 1)
    assert chart_order(chart) == task.order and chart_order(chart)[0] == LABELS[0]
    assert chart.chart.title == "Your order: Mini"
    assert repr(chart) == "Flowchart('learner-order', 4 boxes, 3 arrows)"


def test_the_order_chart_marks_misplaced_steps_in_words_after_check(task):
    chart = task.flowchart()
    task.order = [LABELS[3]] + LABELS[:3]
    task.check()
    assert chart.chart.marks == {"s1": "wrong", "s2": "ok", "s3": "ok", "s4": "ok"}
    assert "- Step: Review and improve (out of place)" in chart.description
    assert "✗ Review and improve" in chart.dot
    task.move(LABELS[3], 4)  # moving clears the marks, and the chart with them
    assert chart.chart.marks == {} and "out of place" not in chart.description


def test_the_order_chart_can_draw_the_feedback_loop(task):
    chart = task.flowchart(loop=True, title="Mine")
    loops = chart.chart.loops
    assert len(loops) == 1 and chart.chart.node(loops[0].target).label == task.order[0]
    assert chart.chart.title == "Mine"


def test_the_order_chart_after_the_solution_is_all_ticks(task):
    chart = task.flowchart()
    task.show_solution()
    assert chart_order(chart) == LABELS and set(chart.chart.marks.values()) == {"ok"}


# --------------------------------------------------------------------------- build your own


@pytest.fixture
def build(charts):
    return FlowBuildTask.from_content("after-sales-process")


def right_answer(chart):
    label = {n.id: " ".join(n.label.split()) for n in chart.nodes if n.kind != "note"}
    return list(label.values()), [
        (label[e.source], label[e.target]) for e in chart.edges if e.source in label and e.target in label
    ]


def build_it(build, steps, links):
    """What the front end does: tick the cards, then add arrows one at a time."""
    build.set_state({"chosen": steps})
    for link in links:
        build.set_state({"connections": [list(p) for p in build.connections] + [list(link)]})


def test_cards_mix_stages_and_distractors_the_same_way_every_run(charts):
    chart = charts["after-sales-process"]
    first, second = FlowBuildTask.from_content("after-sales-process"), FlowBuildTask.from_content("after-sales-process")
    assert first.cards == second.cards
    assert sorted(first.cards) == sorted(list(chart.stages) + [d.label for d in chart.distractors])
    assert first.cards[: len(chart.stages)] != list(chart.stages)
    assert repr(first) == "FlowBuildTask('after-sales-process', 11 cards)"


def test_the_answer_key_is_not_synced_before_check(build, charts):
    state = json.dumps(build.get_state(), default=str, ensure_ascii=False)
    for distractor in charts["after-sales-process"].distractors:
        assert distractor.why not in state
    assert "Feedback loop: improve the service" not in state


def test_a_correct_chart_scores_full_marks(build, charts):
    steps, links = right_answer(charts["after-sales-process"])
    build_it(build, steps, links)
    press(build, "check")
    assert (build.score, build.maximum, build.attempts, build.phase) == (14, 14, 1, "checked")
    assert build.summary_ok and "complete" in build.summary
    assert all(item["ok"] for item in build.feedback)
    texts = [item["text"] for item in build.feedback]
    assert texts[0].startswith("The feedback loop “Review: what can we learn? → First contact")
    assert any(
        text.startswith("You were right to leave out “Take payment at the till”: this is part of the sale")
        for text in texts
    )
    assert repr(build) == "FlowBuildTask('after-sales-process', 11 cards, score 14/14)"
    assert "✓ Sale completed" in build.dot


def test_a_missing_feedback_loop_is_named(build, charts):
    steps, links = right_answer(charts["after-sales-process"])
    build_it(build, steps, links[:-1])
    press(build, "check")
    assert build.score == 13 and not build.summary_ok
    assert "Your chart has no feedback loop." in build.summary
    assert [item["text"] for item in build.feedback] == [
        "Your chart has no feedback loop: after reviewing, the findings should lead back to improving the service."
    ]
    assert "Attempt 1: Score 13 out of 14" in build.announcement


def test_a_distractor_is_marked_and_explained(build, charts):
    steps, links = right_answer(charts["after-sales-process"])
    build_it(build, steps + ["Take payment at the till"], links)
    press(build, "check")
    texts = " ".join(item["text"] for item in build.feedback)
    assert "part of the sale itself" in texts
    assert "✗ Take payment at the till" in build.dot and "(out of place)" in build.description


def test_arrows_out_of_order_are_explained(build):
    build_it(
        build,
        ["Sale completed", "Record the issue or query", "Investigate: find the cause"],
        [
            ("Sale completed", "Investigate: find the cause"),
            ("Investigate: find the cause", "Record the issue or query"),
        ],
    )
    press(build, "check")
    texts = " ".join(item["text"] for item in build.feedback if not item["ok"])
    assert "wrong way round" in texts and "missing" in texts


def test_the_live_chart_draws_the_learners_arrows_and_their_loop(build):
    build_it(
        build,
        ["Sale completed", "Record the issue or query", "Review: what can we learn?"],
        [
            ("Sale completed", "Record the issue or query"),
            ("Record the issue or query", "Review: what can we learn?"),
            ("Review: what can we learn?", "Record the issue or query"),
        ],
    )
    chart = build.learner_chart()
    assert [n.label for n in chart.nodes] == build.chosen
    label = {n.id: n.label.split()[0] for n in chart.nodes}
    assert [(label[e.source], label[e.target], e.loop) for e in chart.edges] == [
        ("Sale", "Record", False),
        ("Record", "Review:", False),
        ("Review:", "Record", True),
    ]
    assert 'constraint="false"' in build.dot
    assert "- Record the issue or query → Review: what can we learn?\n" in build.description


def test_an_empty_chart_says_what_to_do(build):
    assert "tick the stages that belong" in build.description


def test_taking_a_stage_out_takes_its_arrows_with_it(build):
    build_it(build, ["Sale completed", "Record the issue or query"], [("Sale completed", "Record the issue or query")])
    build.leave_out("Record the issue or query")
    assert build.chosen == ["Sale completed"] and build.connections == []


def test_arrows_must_join_two_different_chosen_stages(build):
    build.choose("Sale completed")
    with pytest.raises(traitlets.TraitError, match="only join stages in the chart"):
        build.set_state({"connections": [["Sale completed", "Record the issue or query"]]})
    with pytest.raises(traitlets.TraitError, match="itself"):
        build.connect("Sale completed", "Sale completed")
    with pytest.raises(traitlets.TraitError, match="not one of the cards"):
        build.set_state({"chosen": ["<img src=x onerror=alert(1)>"]})
    build.choose("Record the issue or query")
    build.connect("Sale completed", "Record the issue or query")
    build.connect("Sale completed", "Record the issue or query")
    assert build.connections == [["Sale completed", "Record the issue or query"]]


def test_changing_the_chart_after_check_clears_the_marks(build, charts):
    steps, links = right_answer(charts["after-sales-process"])
    build_it(build, steps, links)
    press(build, "check")
    build.disconnect(*links[-1])
    assert build.phase == "working" and build.feedback == [] and build.summary == ""
    assert "✓" not in build.dot
    assert build.score == 14  # the last checked score is still readable


def test_show_solution_draws_the_real_chart_and_explains_the_distractors(build, charts):
    press(build, "solution")
    steps, links = right_answer(charts["after-sales-process"])
    assert sorted(build.chosen) == sorted(steps) and len(build.connections) == len(links)
    assert build.dot == to_dot(charts["after-sales-process"])
    texts = " ".join(item["text"] for item in build.feedback)
    assert "The feedback loop runs from “Review: what can we learn?” back to" in texts
    assert "before the sale" in texts
    build.set_state({"chosen": []})  # the solution on show cannot be changed
    assert sorted(build.chosen) == sorted(steps)
    press(build, "try_again")
    assert build.phase == "working" and build.chosen == [] and build.connections == []


def test_a_hidden_solution_button_cannot_be_used(charts):
    build = FlowBuildTask(charts["closed-feedback-loop"], buttons=["check", "try_again"])
    press(build, "solution")
    assert build.phase == "working" and build.chosen == []


def test_progress_is_recorded_on_check(build, tmp_path):
    build.choose("Sale completed")
    press(build, "check")
    saved = load_progress(tmp_path / "progress.json")["after-sales-process"]
    assert (saved["attempts"], saved["last"], saved["maximum"]) == (1, 1, 14)


def test_the_build_activity_renders_in_the_browser_without_dot(no_dot):
    build = FlowBuildTask.from_content("closed-feedback-loop")
    sent = sent_messages(build)
    build.choose("Collect feedback", "Record it")
    assert build.renderer == "browser" and "Collect feedback" in build.dot
    press(build, "renderer")
    assert sent and sent[0][0]["kind"] == "viz-renderer"


def test_constructor_refuses_bad_charts(charts):
    with pytest.raises(TypeError):
        FlowBuildTask("after-sales-process")
    with pytest.raises(traitlets.TraitError, match="unknown button"):
        FlowBuildTask(charts["closed-feedback-loop"], buttons=["check", "hint"])


# --------------------------------------------------------------------------- after-sales check


def test_check_content_validates_flowchart_files(tmp_path):
    (tmp_path / "flowcharts").mkdir()
    (tmp_path / "flowcharts" / "mine.toml").write_text(
        '[[chart]]\nid = "mine"\ntitle = "Mine"\n'
        '[[chart.nodes]]\nid = "a"\nlabel = "Start"\nkind = "terminal"\n'
        '[[chart.nodes]]\nid = "b"\nlabel = "Next"\n'
        '[[chart.edges]]\nfrom = "a"\nto = "c"\n',
        encoding="utf-8",
    )
    run = subprocess.run([sys.executable, "-m", "widgets", "check", str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 1
    assert "mine.toml, chart 'mine', field 'edges[1].to': 'c' is not the id of a node" in run.stdout


def test_check_content_lists_flowcharts_among_the_kinds():
    run = subprocess.run([sys.executable, "-m", "widgets", "check"], capture_output=True, text=True)
    assert run.returncode == 0 and "flowcharts" in run.stdout
