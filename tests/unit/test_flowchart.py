"""Flowcharts: content validation, DOT structure and escaping, rendering fallbacks, build-your-own checking.

DOT is checked by parsing it with a tiny DOT reader below, and SVG by parsing its
XML, never by comparing bytes: Graphviz versions lay out differently.
"""

from __future__ import annotations

import html
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.content import load_files
from widgets.scoring.flow import check_flow
from widgets.activities.flowchart import (
    FLOWCHARTS,
    FlowchartSpec,
    FlowEdge,
    FlowNode,
    describe,
    find_chart,
    load_charts,
    order_to_chart,
    render_png,
    render_svg,
    save_svg,
    to_dot,
    wrap_label,
)

HAVE_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAVE_DOT, reason="Graphviz 'dot' is not installed")
CHART_IDS = ("after-sales-process", "complaint-handling", "closed-feedback-loop", "returns-decision-cra-2015")


# --------------------------------------------------------------------------- a tiny DOT reader

_TOKEN = re.compile(r"\s+|->|[{}\[\];,=]|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?")


def tokenize(text: str) -> list[tuple[str, str]]:
    """Split DOT into (kind, value) tokens; raise on anything a DOT lexer would reject."""
    tokens, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            j, value = i + 1, []
            while True:
                if j >= len(text):
                    raise ValueError("unterminated quoted string")
                if text[j] == "\\" and j + 1 < len(text) and text[j + 1] == '"':
                    value.append('"')
                    j += 2
                elif text[j] == '"':
                    break
                else:
                    value.append(text[j])
                    j += 1
            tokens.append(("str", "".join(value)))
            i = j + 1
        elif ch == "<":
            depth, j = 1, i + 1
            while depth:
                if j >= len(text):
                    raise ValueError("unbalanced HTML label")
                depth += {"<": 1, ">": -1}.get(text[j], 0)
                j += 1
            tokens.append(("html", text[i + 1 : j - 1]))
            i = j
        else:
            match = _TOKEN.match(text, i)
            if not match:
                raise ValueError(f"unexpected character {ch!r} at {i}")
            word = match.group()
            if not word.isspace():
                tokens.append(("punct" if word == "->" or word in "{}[];,=" else "id", word))
            i = match.end()
    return tokens


def parse_dot(text: str) -> dict:
    """Nodes (name -> attrs), edges [(source, target, attrs)] and graph attrs of our DOT subset."""
    tokens = tokenize(text)
    pos = 0

    def take(value: str | None = None) -> str:
        nonlocal pos
        got = tokens[pos][1]
        if value is not None and got != value:
            raise ValueError(f"expected {value!r}, found {got!r} at token {pos}")
        pos += 1
        return got

    def attrs() -> dict:
        found: dict = {}
        if pos < len(tokens) and tokens[pos][1] == "[" and tokens[pos][0] == "punct":
            take("[")
            while tokens[pos][1] != "]" or tokens[pos][0] != "punct":
                key = take()
                take("=")
                kind, value = tokens[pos]
                found[key] = ("html", value) if kind == "html" else value
                take()
                if tokens[pos][1] in (",", ";") and tokens[pos][0] == "punct":
                    take()
            take("]")
        return found

    result: dict = {"nodes": {}, "edges": [], "graph": {}}

    def body() -> None:
        take("{")
        while tokens[pos][1] != "}" or tokens[pos][0] != "punct":
            kind, word = tokens[pos]
            if word in ("graph", "node", "edge") and kind == "id":
                take()
                collected = attrs()
                if word == "graph":
                    result["graph"].update(collected)
            elif word == "subgraph":
                take()
                take()
                body()
            else:
                name = take()
                if tokens[pos][1] == "->":
                    take()
                    target = take()
                    result["edges"].append((name, target, attrs()))
                elif tokens[pos][1] == "=":
                    take()
                    take()
                else:
                    result["nodes"][name] = attrs()
            if pos < len(tokens) and tokens[pos][1] == ";":
                take()
        take("}")

    take("digraph")
    take()
    body()
    if pos != len(tokens):
        raise ValueError("text after the closing brace")
    return result


def label_lines(value) -> list[str]:
    """The lines an HTML-like label will show, undoing our escaping."""
    kind, inner = value
    assert kind == "html", "labels should be HTML-like"
    lines = inner.split("<BR/>")
    lines = [re.sub(r"</?B>", "", line) for line in lines]
    assert all("<" not in line and ">" not in line for line in lines), "label text must not contain raw markup"
    return [html.unescape(line).replace("\\\\", "\\") for line in lines]


def svg_node_texts(svg: str) -> dict[str, list[str]]:
    """For each node in Graphviz's SVG: its DOT name (from <title>) -> its text lines."""
    ns = {"s": "http://www.w3.org/2000/svg"}
    root = ET.fromstring(svg.encode("utf-8"))
    found = {}
    for group in root.iter("{http://www.w3.org/2000/svg}g"):
        if group.get("class") == "node":
            title = group.find("s:title", ns).text
            found[title] = [t.text or "" for t in group.iter("{http://www.w3.org/2000/svg}text")]
    return found


def squash(text: str) -> str:
    return "".join(text.split())


def chart_with_label(label: str, *, kind: str = "step") -> FlowchartSpec:
    return FlowchartSpec(
        id="hostile",
        title=label,
        nodes=(FlowNode("start", "Start", "terminal"), FlowNode("odd", label, kind), FlowNode("other", "Other")),
        edges=(
            FlowEdge("start", "odd"),
            FlowEdge("odd", "other", label=label),
            FlowEdge("other", "odd", label=label, loop=True),
        ),
        note=label,
    )


# --------------------------------------------------------------------------- the pack's charts


@pytest.fixture(scope="module")
def charts() -> dict[str, FlowchartSpec]:
    return load_charts()


def test_pack_charts_load_without_problems(charts):
    assert set(CHART_IDS) <= set(charts)
    assert any(chart.distractors for chart in charts.values()), "at least one build-your-own chart"
    assert {chart.direction for chart in charts.values()} <= {"TB", "LR"}


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_dot_has_every_node_and_edge_of_the_chart(charts, chart_id):
    chart = charts[chart_id]
    dot = parse_dot(to_dot(chart))
    names = [f"n{i}" for i in range(len(chart.nodes))]
    assert [name for name in dot["nodes"] if name != "chart_note"] == names
    for name, node in zip(names, chart.nodes):
        assert squash(" ".join(label_lines(dot["nodes"][name]["label"]))) == squash(node.label)
    index = {node.id: f"n{i}" for i, node in enumerate(chart.nodes)}
    assert [(s, t) for s, t, _ in dot["edges"]] == [(index[e.source], index[e.target]) for e in chart.edges]
    assert dot["graph"]["rankdir"] == chart.direction
    assert ("chart_note" in dot["nodes"]) == bool(chart.note)


@pytest.mark.parametrize("chart_id", ["after-sales-process", "closed-feedback-loop"])
def test_feedback_loop_goes_back_and_is_drawn_distinctly(charts, chart_id):
    chart = charts[chart_id]
    dot = parse_dot(to_dot(chart))
    loops = [(s, t, a) for s, t, a in dot["edges"] if a.get("constraint") == "false"]
    assert len(loops) == 1
    source, target, attrs = loops[0]
    assert int(target[1:]) < int(source[1:]), "the loop points back to an earlier stage"
    assert "dashed" in attrs["style"] and "bold" in attrs["style"]
    assert label_lines(attrs["label"]) != [""], "a loop is named in words, not only by its look"
    plain = [a for _, _, a in dot["edges"] if a.get("constraint") != "false"]
    assert all("dashed" not in a.get("style", "") for a in plain)


def test_after_sales_loop_leads_back_to_first_contact(charts):
    chart = charts["after-sales-process"]
    (loop,) = chart.loops
    assert (loop.source, loop.target) == ("review", "first-contact")


def test_each_node_kind_has_its_own_shape(charts):
    chart = charts["returns-decision-cra-2015"]
    dot = parse_dot(to_dot(chart))
    shapes = {}
    for i, node in enumerate(chart.nodes):
        shapes.setdefault(node.kind, set()).add(dot["nodes"][f"n{i}"]["shape"])
    assert all(len(s) == 1 for s in shapes.values())
    assert len({next(iter(s)) for s in shapes.values()}) == 4


def test_returns_chart_says_it_is_not_legal_advice(charts):
    chart = charts["returns-decision-cra-2015"]
    assert "A teaching simplification, not legal advice" in chart.note
    lines = label_lines(parse_dot(to_dot(chart))["nodes"]["chart_note"]["label"])
    assert lines[0].startswith("A teaching simplification, not legal advice")
    labels = " ".join(n.label for n in chart.nodes)
    # Not faulty and bought in a shop: the published policy decides, and the shop must keep to it (Dec 2026 audit L4).
    for phrase in ("30 days", "6 months", "published returns policy", "repair or replacement", "final right to reject"):
        assert phrase in labels


@needs_dot
@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_dot_accepts_every_pack_chart(charts, chart_id):
    chart = charts[chart_id]
    svg = render_svg(to_dot(chart))
    assert svg is not None
    texts = svg_node_texts(svg)
    for i, node in enumerate(chart.nodes):
        assert squash("".join(texts[f"n{i}"])) == squash(node.label)


# --------------------------------------------------------------------------- escaping

HOSTILE = [
    'He said "hello" and left',
    "C:\\path\\to\\file \\N \\G \\L \\n \\",
    "{braces} [brackets] ;semicolons;",
    "<b>not bold</b> & co > less < more",
    "a | b | c {x|y}",
    "line one\nline two\n\nline four",
    "Happy customer 😀 ✓ ✗ £5 café",
    "x" * 500,
    " ".join(["word"] * 125),
    '"]; evil [label="x',
    "digraph { a -> b } -- -> }",
    "&amp; &lt; &#39; &nbsp; &",
    "'single' /* comment */ # hash // slashes",
    "]",
    "ends with brackets]]",
]


@pytest.mark.parametrize("label", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_labels_make_well_formed_dot_showing_the_text(label):
    dot = parse_dot(to_dot(chart_with_label(label)))
    assert set(dot["nodes"]) == {"n0", "n1", "n2", "chart_note"}
    shown = label_lines(dot["nodes"]["n1"]["label"])
    assert squash("".join(shown)) == squash(label)
    assert all(len(line) <= 28 for line in shown)
    for _, _, attrs in dot["edges"][1:]:
        assert squash("".join(label_lines(attrs["label"]))) == squash(label)
    assert squash("".join(label_lines(dot["graph"]["label"]))) == squash(label)


@needs_dot
@pytest.mark.parametrize("label", HOSTILE, ids=range(len(HOSTILE)))
def test_dot_draws_hostile_labels_literally(label):
    svg = render_svg(to_dot(chart_with_label(label)))
    assert svg is not None, "dot rejected the DOT"
    texts = svg_node_texts(svg)
    assert set(texts) == {"n0", "n1", "n2", "chart_note"}, "no label text became a node of its own"
    assert squash("".join(texts["n1"])) == squash(label)
    assert squash("".join(texts["chart_note"])) == squash(label)


@needs_dot
@settings(max_examples=40, deadline=None)
@given(st.text(max_size=80))
def test_dot_draws_any_text_literally(label):
    svg = render_svg(to_dot(chart_with_label(label)))
    assert svg is not None
    expected = "".join(wrap_label(label))
    assert squash("".join(svg_node_texts(svg)["n1"])) == squash(expected)


def test_control_characters_are_dropped_not_passed_to_graphviz():
    lines = wrap_label("bell\x07 escape\x1b null\x00 tab\there \ud800")
    assert lines == ["bell escape null tab here"]


def test_node_names_never_come_from_content():
    chart = FlowchartSpec(
        "c", "T", (FlowNode("a -> b", "A", "terminal"), FlowNode('x"y', "B")), (FlowEdge("a -> b", 'x"y'),)
    )
    dot = parse_dot(to_dot(chart))
    assert list(dot["nodes"]) == ["n0", "n1"]
    assert dot["edges"][0][:2] == ("n0", "n1")


# --------------------------------------------------------------------------- marks and learner orders


def test_marks_use_words_and_line_style_not_only_colour():
    chart = order_to_chart(["Record", "Contact", "Resolve"], "Your order", {"Record": "wrong", "Contact": "ok"})
    dot = parse_dot(to_dot(chart))
    wrong, ok, plain = (dot["nodes"][n] for n in ("n0", "n1", "n2"))
    assert label_lines(wrong["label"]) == ["✗ Record", "(out of place)"]
    assert "dashed" in wrong["style"] and wrong["peripheries"] == "2"
    assert label_lines(ok["label"]) == ["✓ Contact"]
    assert "dashed" not in ok["style"] and "peripheries" not in ok
    assert label_lines(plain["label"]) == ["Resolve"] and "penwidth" not in plain
    assert "(out of place)" in describe(chart)


def test_marks_passed_to_to_dot_override_and_are_checked():
    chart = order_to_chart(["A", "B"], "T")
    dot = parse_dot(to_dot(chart, marks={"s2": "wrong"}))
    assert label_lines(dot["nodes"]["n1"]["label"]) == ["✗ B", "(out of place)"]
    with pytest.raises(ValueError, match="not in the chart"):
        to_dot(chart, marks={"nope": "ok"})
    with pytest.raises(ValueError, match="one of"):
        to_dot(chart, marks={"s1": "maybe"})


def test_order_to_chart_is_linear_with_an_optional_loop():
    chart = order_to_chart(["Contact", "Record", "Review"], "Mine", [None, "wrong", "ok"], loop_to="Contact")
    assert [(e.source, e.target, e.loop) for e in chart.edges] == [
        ("s1", "s2", False),
        ("s2", "s3", False),
        ("s3", "s1", True),
    ]
    assert chart.marks == {"s2": "wrong", "s3": "ok"}
    with pytest.raises(ValueError):
        order_to_chart(["A"], "T", loop_to="Z")
    with pytest.raises(ValueError):
        order_to_chart([], "T")


# --------------------------------------------------------------------------- rendering without dot


def test_render_svg_returns_none_when_dot_is_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert render_svg("digraph { a -> b }") is None


def test_worksheet_output_without_dot_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    for save in (render_png, save_svg):
        with pytest.raises(RuntimeError) as caught:
            save("digraph { a -> b }", tmp_path / "out")
        message = str(caught.value)
        for way in (
            "conda install -c conda-forge graphviz",
            "apt install graphviz",
            "brew install graphviz",
            "winget install graphviz",
        ):
            assert way in message
    assert not (tmp_path / "out").exists()


@needs_dot
def test_render_svg_returns_none_for_broken_dot():
    assert render_svg("digraph { a -> }") is None


@needs_dot
def test_worksheet_files_are_written(tmp_path, charts):
    dot = to_dot(charts["after-sales-process"])
    png = render_png(dot, tmp_path / "sheet" / "chart.png")
    assert png.read_bytes().startswith(b"\x89PNG")
    svg = save_svg(dot, tmp_path / "chart.svg")
    assert "n0" in svg_node_texts(svg.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- content validation

GOOD = """
[[chart]]
id = "mini"
title = "Mini"
[[chart.nodes]]
id = "start"
label = "Start"
kind = "terminal"
[[chart.nodes]]
id = "ask"
label = "Happy?"
kind = "decision"
[[chart.nodes]]
id = "thank"
label = "Thank them"
[[chart.nodes]]
id = "fix"
label = "Fix it"
[[chart.edges]]
from = "start"
to = "ask"
[[chart.edges]]
from = "ask"
to = "thank"
label = "Yes"
[[chart.edges]]
from = "ask"
to = "fix"
label = "No"
"""


def problems_in(tmp_path: Path, text: str) -> list:
    path = tmp_path / "flowcharts" / "charts.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result = load_files(FLOWCHARTS, [path])
    for problem in result.problems:
        assert problem.file.endswith("charts.toml")
    return result.problems


def only(problems: list):
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_good_chart_has_no_problems(tmp_path):
    assert problems_in(tmp_path, GOOD) == []


def test_edge_to_unknown_node_is_named(tmp_path):
    problem = only(problems_in(tmp_path, GOOD.replace('to = "fix"', 'to = "fxi"')))
    assert (problem.task, problem.field) == ("mini", "edges[3].to")
    assert "'fxi'" in problem.message and "did you mean 'fix'" in problem.message


def test_missing_nodes_field_is_named(tmp_path):
    text = '[[chart]]\nid = "mini"\ntitle = "Mini"\n[[chart.edges]]\nfrom = "a"\nto = "b"\n'
    problem = only(problems_in(tmp_path, text))
    assert (problem.task, problem.field) == ("mini", "nodes")


def test_decision_with_one_branch_is_named(tmp_path):
    text = GOOD.replace(
        '[[chart.edges]]\nfrom = "ask"\nto = "fix"\nlabel = "No"\n', '[[chart.edges]]\nfrom = "start"\nto = "fix"\n'
    )
    problem = only(problems_in(tmp_path, text))
    assert (problem.task, problem.field) == ("mini", "nodes[2]")
    assert "decision 'ask'" in problem.message and "at least two" in problem.message


def test_decision_branch_without_label_is_named(tmp_path):
    problem = only(problems_in(tmp_path, GOOD.replace('label = "No"\n', "")))
    assert (problem.task, problem.field) == ("mini", "edges[3].label")


def test_duplicate_node_id_is_named(tmp_path):
    problem = only(
        problems_in(
            tmp_path, GOOD.replace('id = "fix"', 'id = "thank"').replace('to = "fix"', 'to = "thank"\nloop = true')
        )
    )
    assert (problem.task, problem.field) == ("mini", "nodes[4].id")


def test_chart_without_terminal_is_named(tmp_path):
    problem = only(problems_in(tmp_path, GOOD.replace('kind = "terminal"', 'kind = "step"')))
    assert (problem.task, problem.field) == ("mini", "nodes")
    assert "terminal" in problem.message


def test_circle_without_loop_flag_is_named(tmp_path):
    problem = only(problems_in(tmp_path, GOOD + '[[chart.edges]]\nfrom = "fix"\nto = "ask"\n'))
    assert (problem.task, problem.field) == ("mini", "edges")
    assert "loop = true" in problem.message
    assert problems_in(tmp_path, GOOD + '[[chart.edges]]\nfrom = "fix"\nto = "ask"\nloop = true\n') == []


def test_unreachable_node_and_bad_distractor_are_named(tmp_path):
    text = GOOD.replace(
        '[[chart.nodes]]\nid = "start"',
        '[[chart.nodes]]\nid = "lost"\nlabel = "Lost"\n[[chart.nodes]]\nid = "start"',
        1,
    )
    text = text.replace('title = "Mini"', 'title = "Mini"\ndistractors = [{ label = "fix it" }]')
    problems = problems_in(tmp_path, text)
    assert {(p.task, p.field) for p in problems} == {("mini", "nodes[1]"), ("mini", "distractors[1].label")}


def test_empty_file_is_reported_by_name(tmp_path):
    problem = only(problems_in(tmp_path, "  \n"))
    assert "empty" in problem.message


def test_find_chart_explains_an_unknown_id():
    chart, problems = find_chart("after-sales-proces")
    assert chart is None and "after-sales-process" in problems[0].message
    chart, problems = find_chart("after-sales-process")
    assert problems == [] and chart.id == "after-sales-process"


# --------------------------------------------------------------------------- build-your-own checking


def correct_answer(chart: FlowchartSpec) -> tuple[list[str], list[tuple[str, str]]]:
    label = {n.id: n.label for n in chart.nodes if n.kind != "note"}
    return list(chart.stages), [
        (label[e.source], label[e.target]) for e in chart.edges if {e.source, e.target} <= set(label)
    ]


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_correct_flow_scores_full_marks(charts, chart_id):
    chart = charts[chart_id]
    result = check_flow(chart, *correct_answer(chart))
    assert result.complete and result.score == result.maximum
    assert not (result.missing or result.extra or result.out_of_order or result.missing_loop)
    assert all(m.ok for m in result.messages)


def test_missing_feedback_loop_is_named(charts):
    chart = charts["after-sales-process"]
    steps, links = correct_answer(chart)
    result = check_flow(chart, steps, links[:-1])
    assert result.missing_loop and not result.complete
    assert result.score == result.maximum - 1
    texts = [m.text for m in result.messages if not m.ok]
    assert texts == [
        "Your chart has no feedback loop: after reviewing, the findings should lead back to improving the service."
    ]


def test_missing_stage_and_distractor_are_listed_with_reasons(charts):
    chart = charts["after-sales-process"]
    steps, links = correct_answer(chart)
    steps = [s for s in steps if s != "Investigate: find the cause"] + ["Greet the customer as they enter the shop"]
    links = [link for link in links if "Investigate: find the cause" not in link]
    result = check_flow(chart, steps, links)
    assert result.missing == ("Investigate: find the cause",)
    assert result.extra == ("Greet the customer as they enter the shop",)
    bad = {m.item: m.text for m in result.messages if not m.ok}
    assert "before the sale" in bad["Greet the customer as they enter the shop"]
    assert "missing" in bad["Investigate: find the cause"]


def test_out_of_order_connections_are_explained(charts):
    chart = charts["closed-feedback-loop"]
    steps, links = correct_answer(chart)
    links = [link for link in links if link != ("Record it", "Analyse: look for patterns")]
    links += [("Analyse: look for patterns", "Record it"), ("Collect feedback", "Act: make a change")]
    result = check_flow(chart, steps, links)
    assert result.out_of_order == (
        ("Analyse: look for patterns", "Record it"),
        ("Collect feedback", "Act: make a change"),
    )
    assert ("Record it", "Analyse: look for patterns") in result.missing_connections
    bad = " ".join(m.text for m in result.messages if not m.ok)
    assert "wrong way round" in bad and "skips ahead" in bad
    assert result.score == result.maximum - 1 - 2


def test_labels_match_ignoring_case_and_spacing(charts):
    chart = charts["closed-feedback-loop"]
    steps, links = correct_answer(chart)
    result = check_flow(chart, [s.upper() for s in steps], [(a.lower(), "  " + b) for a, b in links])
    assert result.complete


def test_connection_to_an_unchosen_step_is_a_programming_error(charts):
    with pytest.raises(ValueError, match="not among the chosen steps"):
        check_flow(charts["closed-feedback-loop"], ["Record it"], [("Record it", "Collect feedback")])


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_score_stays_between_zero_and_maximum(charts, data):
    chart = charts[data.draw(st.sampled_from(CHART_IDS))]
    cards = list(chart.stages) + [d.label for d in chart.distractors]
    steps = data.draw(st.lists(st.sampled_from(cards), unique=True))
    links = data.draw(st.lists(st.tuples(st.sampled_from(steps), st.sampled_from(steps)), max_size=20)) if steps else []
    result = check_flow(chart, steps, links)
    assert 0 <= result.score <= result.maximum
    assert result.complete == (
        set(result.missing) | set(result.extra) | set(result.out_of_order) | set(result.missing_connections) == set()
    )
