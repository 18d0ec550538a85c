"""Flowcharts of after-sales processes: plain data in, Graphviz DOT out (pure, no kernel).

A :class:`FlowchartSpec` is a handful of :class:`FlowNode` and :class:`FlowEdge`
records, loaded from ``data/flowcharts/*.toml`` or built in code
(:func:`order_to_chart` draws a learner's current order). :func:`to_dot` turns
one into DOT in the house style; :func:`render_svg` runs Graphviz's ``dot``
where it is installed and returns ``None`` where it is not, so a widget can
fall back to drawing in the browser (``AFTER_SALES_NO_DOT=1`` makes it behave as
if ``dot`` were missing, to test that path). :func:`save_chart` writes SVG or PNG
for worksheets. :func:`check_flow` marks a learner's build-your-own flowchart.
The widgets that show charts are in ``flowchart_widget.py`` and ``flowbuild.py``.

House style, and why:

* Shape carries the node's kind (terminal: oval, step: rounded box,
  decision: diamond, note: folded-corner note); fills are pale extras, never
  the only signal, so the chart survives greyscale printing and colour-blindness.
* Feedback loops are dashed, bold, dark blue *and* labelled, and they do not
  pull the layout about (``constraint=false``), so the main flow stays straight.
* 16 pt node text on a white background reads from the back of a classroom
  and prints cleanly; labels wrap at about 28 characters.
* A learner's misplaced step is marked in words ("✗ ... (out of place)") and
  with a dashed double border, with red as a third cue.
* Labels are HTML-like and escaped, and DOT node names are generated
  (``n0``, ``n1``, ...), so no label text can break or inject DOT.
"""

from __future__ import annotations

import difflib
import html
import itertools
import os
import shutil
import subprocess
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..content_kind import ID_PATTERN, ContentKind, Field, find_entry, load_entries
from ..scoring.graph import find_cycle, reachable, successors_of

NODE_KINDS = ("terminal", "step", "decision", "note")
DIRECTIONS = ("TB", "LR")
MARKS = ("ok", "wrong")
#: The buttons a build-your-own activity can show (the same three as every activity).
BUILD_BUTTONS = ("check", "try_again", "solution")
#: File types :func:`save_chart` can write, by suffix.
SAVE_FORMATS = {".svg": "svg", ".png": "png"}

#: Set this environment variable to 1 to behave as if Graphviz were not installed: charts
#: are then drawn in the browser. Tests use it; so can a tutor checking the fallback.
NO_DOT_VARIABLE = "AFTER_SALES_NO_DOT"

#: Characters per label line: about five words, so a box stays narrow enough
#: for six stages to fit across a projected slide in LR charts.
WRAP_WIDTH = 28
#: Left-to-right charts and diamonds grow sideways with every character, so they wrap sooner.
NARROW_WRAP_WIDTH = 20

#: How long ``dot`` may take before we give up. The pack's charts take a few
#: milliseconds; a pathological label should not hang a lesson.
DOT_TIMEOUT_SECONDS = 10

INSTALL_HINT = (
    "Graphviz's 'dot' program was not found. Install Graphviz and restart the kernel: "
    "conda install -c conda-forge graphviz (conda/Binder), sudo apt install graphviz (Debian/Ubuntu), "
    "brew install graphviz (macOS) or winget install graphviz (Windows). "
    "'pip install graphviz' alone installs only the Python wrapper, not the program."
)

# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class FlowNode:
    """One box of a flowchart; ``kind`` is one of :data:`NODE_KINDS`."""

    id: str
    label: str
    kind: str = "step"


@dataclass(frozen=True)
class FlowEdge:
    """An arrow from ``source`` to ``target`` (node ids).

    ``label`` names a decision's branch ("Yes", "No"); ``loop`` marks a feedback
    loop, drawn distinctly; ``hint`` is what a learner is told when they leave
    this connection out of a build-your-own chart. A loop may list other
    earlier stages it can sensibly go back to (``also_to``, node ids): a
    build-your-own chart looping there earns the loop's point, and ``best``
    says why ``target`` is still the best place for it.
    """

    source: str
    target: str
    label: str = ""
    loop: bool = False
    hint: str = ""
    also_to: tuple[str, ...] = ()
    best: str = ""


@dataclass(frozen=True)
class Distractor:
    """A stage offered in a build-your-own activity that does not belong, and why."""

    label: str
    why: str = ""


@dataclass(frozen=True)
class FlowchartSpec:
    """A whole flowchart: title, nodes, edges, layout direction and optional extras.

    ``marks`` maps node ids to "ok" or "wrong" (a learner's verdicts);
    ``distractors`` and ``prompt`` make the chart a build-your-own activity.
    """

    id: str
    title: str
    nodes: tuple[FlowNode, ...]
    edges: tuple[FlowEdge, ...] = ()
    direction: str = "TB"
    note: str = ""
    marks: Mapping[str, str] = field(default_factory=dict, hash=False)
    distractors: tuple[Distractor, ...] = ()
    prompt: str = ""
    buttons: tuple[str, ...] = BUILD_BUTTONS
    source: Path | None = None

    def node(self, node_id: str) -> FlowNode:
        """The node with id ``node_id`` (KeyError if there is none)."""
        for candidate in self.nodes:
            if candidate.id == node_id:
                return candidate
        raise KeyError(node_id)

    @property
    def stages(self) -> tuple[str, ...]:
        """Labels of every node a learner would place (all but notes), in file order."""
        return tuple(n.label for n in self.nodes if n.kind != "note")

    @property
    def loops(self) -> tuple[FlowEdge, ...]:
        """The feedback-loop edges."""
        return tuple(e for e in self.edges if e.loop)

    def __repr__(self) -> str:
        return f"FlowchartSpec({self.id!r}, {len(self.nodes)} nodes, {len(self.edges)} edges)"

    def save(self, path: str | Path) -> Path:
        """Write the chart for a worksheet: ``.svg`` or ``.png`` by the file name (needs ``dot``)."""
        return save_chart(self, path)


# --------------------------------------------------------------------------- content kind

_NODE_FIELDS = (
    Field("id", str, pattern=ID_PATTERN, max_length=60, help="a short id such as 'record-issue'"),
    Field("label", str, max_length=500, help="the text shown in the box"),
    Field("kind", str, required=False, default="step", choices=NODE_KINDS),
)

_EDGE_FIELDS = (
    Field("from", str, help="the id of the node the arrow starts at"),
    Field("to", str, help="the id of the node the arrow points to"),
    Field("label", str, required=False, default="", max_length=120, help="branch text such as 'Yes'"),
    Field("loop", bool, required=False, default=False),
    Field("hint", str, required=False, default="", max_length=500),
    Field(
        "also_to",
        list,
        required=False,
        default=list,
        item_kind=str,
        help="loops only: other earlier node ids the loop may go back to",
    ),
    Field(
        "best",
        str,
        required=False,
        default="",
        max_length=500,
        help="loops only: why 'to' is the best place for the loop",
    ),
)

_DISTRACTOR_FIELDS = (
    Field("label", str, max_length=500),
    Field("why", str, required=False, default="", max_length=500),
)

CHART_FIELDS = (
    Field("id", str, pattern=ID_PATTERN, max_length=80, help="a unique id such as 'after-sales-process'"),
    Field("title", str, max_length=200),
    Field("direction", str, required=False, default="TB", choices=DIRECTIONS),
    Field("note", str, required=False, default="", max_length=1000),
    Field("prompt", str, required=False, default="", max_length=1000),
    Field("buttons", list, required=False, default=lambda: list(BUILD_BUTTONS), item_kind=str, choices=BUILD_BUTTONS),
    Field("nodes", list, min_items=2, record=_NODE_FIELDS, unique_key="id"),
    Field("edges", list, min_items=1, record=_EDGE_FIELDS),
    Field("distractors", list, required=False, default=list, record=_DISTRACTOR_FIELDS, unique_key="label"),
)


def _close(word: str, known: Iterable[str]) -> str:
    known = sorted(known)
    match = difflib.get_close_matches(word, known, n=1)
    return f"; did you mean '{match[0]}'?" if match else f"; known node ids: {', '.join(known)}"


def check_chart(chart: dict, report: Callable[[str, str], None]) -> None:
    """Cross-field rules for one chart record, each problem sent to ``report(field, message)``."""
    nodes = chart["nodes"]
    kinds = {n["id"]: n["kind"] for n in nodes}
    edges = chart["edges"]
    if not any(n["kind"] == "terminal" for n in nodes):
        report("nodes", 'has no terminal; add a node with kind = "terminal" where the process starts')

    seen: dict[tuple[str, str], int] = {}
    for i, edge in enumerate(edges, 1):
        for end in ("from", "to"):
            if edge[end] not in kinds:
                report(f"edges[{i}].{end}", f"'{edge[end]}' is not the id of a node{_close(edge[end], kinds)}")
        if edge["from"] == edge["to"]:
            report(f"edges[{i}]", f"goes from '{edge['from']}' to itself")
        pair = (edge["from"], edge["to"])
        if pair in seen:
            report(f"edges[{i}]", f"repeats edge {seen[pair]} ({edge['from']} → {edge['to']})")
        seen.setdefault(pair, i)
    if any(e["from"] not in kinds or e["to"] not in kinds for e in edges):
        return  # the rules below would only repeat the unknown-node problems

    for node in nodes:
        if node["kind"] != "decision":
            continue
        outgoing = [(i, e) for i, e in enumerate(edges, 1) if e["from"] == node["id"] and kinds[e["to"]] != "note"]
        if len(outgoing) < 2:
            report(
                f"nodes[{nodes.index(node) + 1}]",
                f"decision '{node['id']}' has {len(outgoing)} arrow{'' if len(outgoing) == 1 else 's'} out; "
                'a decision needs at least two, each with a label such as "Yes" or "No"',
            )
        labels: dict[str, int] = {}
        for i, edge in outgoing:
            text = " ".join(edge["label"].split()).casefold()
            if not text:
                report(
                    f"edges[{i}].label", f'leaves decision \'{node["id"]}\', so it needs a label such as "Yes" or "No"'
                )
            elif text in labels:
                report(
                    f"edges[{i}].label",
                    f"'{edge['label']}' is also the label of edge {labels[text]} from '{node['id']}'",
                )
            labels.setdefault(text, i)

    for i, edge in enumerate(edges, 1):
        if edge["loop"] and "note" in (kinds[edge["from"]], kinds[edge["to"]]):
            report(f"edges[{i}].loop", "a note cannot be part of a feedback loop")
        if (edge["also_to"] or edge["best"]) and not edge["loop"]:
            report(f"edges[{i}].also_to", "only a feedback loop (loop = true) can list other stages to go back to")
        for j, target in enumerate(edge["also_to"], 1):
            if target not in kinds:
                report(f"edges[{i}].also_to[{j}]", f"'{target}' is not the id of a node in this chart")
            elif kinds[target] == "note" or target in (edge["from"], edge["to"]):
                report(
                    f"edges[{i}].also_to[{j}]",
                    f"'{target}' cannot be another target of this loop; name an earlier stage",
                )

    cycle = find_cycle(successors_of((e["from"], e["to"]) for e in edges if not e["loop"]))
    if cycle:
        report(
            "edges",
            "the arrows " + " → ".join(cycle) + " go round in a circle; mark the arrow that goes back with loop = true",
        )

    starts = [
        n["id"]
        for n in nodes
        if n["kind"] == "terminal" and not any(e["to"] == n["id"] for e in edges if not e["loop"])
    ]
    if starts:
        reached = reachable(starts, successors_of((e["from"], e["to"]) for e in edges))
        for index, node in enumerate(nodes, 1):
            if node["kind"] != "note" and node["id"] not in reached:
                report(
                    f"nodes[{index}]",
                    f"'{node['id']}' cannot be reached from the start ({', '.join(starts)}); add an edge to it",
                )

    labels_used = {" ".join(n["label"].split()).casefold() for n in nodes}
    for i, distractor in enumerate(chart["distractors"], 1):
        if " ".join(distractor["label"].split()).casefold() in labels_used:
            report(
                f"distractors[{i}].label",
                f"'{distractor['label']}' is also a stage of the chart, so it cannot be a distractor",
            )


def build_chart(record: dict, path: Path) -> FlowchartSpec:
    """Turn one validated ``[[chart]]`` record into a :class:`FlowchartSpec`."""
    return FlowchartSpec(
        id=record["id"],
        title=record["title"],
        nodes=tuple(FlowNode(n["id"], n["label"], n["kind"]) for n in record["nodes"]),
        edges=tuple(
            FlowEdge(e["from"], e["to"], e["label"], e["loop"], e["hint"], tuple(e["also_to"]), e["best"])
            for e in record["edges"]
        ),
        direction=record["direction"],
        note=record["note"],
        distractors=tuple(Distractor(d["label"], d["why"]) for d in record["distractors"]),
        prompt=record["prompt"],
        buttons=tuple(record["buttons"]),
        source=Path(path),
    )


FLOWCHARTS = ContentKind(
    folder="flowcharts", table="chart", fields=CHART_FIELDS, build=build_chart, check=check_chart, noun="chart"
)


def load_charts(directory: Path | None = None) -> dict[str, FlowchartSpec]:
    """Every chart under ``data/flowcharts`` by id; raises ContentError listing all problems."""
    return load_entries(FLOWCHARTS, directory)


def find_chart(chart_id: str, directory: Path | None = None):
    """One chart by id: ``(chart, [])`` or ``(None, problems)``, as :func:`widgets.content_kind.find_entry`."""
    return find_entry(FLOWCHARTS, chart_id, directory)


# --------------------------------------------------------------------------- DOT

# A PostScript name both renderers know: dot maps it through fontconfig (Liberation Sans,
# Nimbus Sans, Arial) and writes "Helvetica,sans-Serif" into SVG; the in-browser Graphviz
# (viz-js) has metrics for it built in, so boxes fit the text there too.
FONT = "Helvetica"
TEXT_COLOUR = "#1a1a1a"
LINE_COLOUR = "#333333"
LOOP_COLOUR = "#1f4e99"

# kind -> DOT attributes. Shapes differ per kind; fills only add to that.
_NODE_STYLE = {
    "terminal": {"shape": "ellipse", "style": "filled", "fillcolor": "#dbe9f6", "penwidth": "2"},
    "step": {"shape": "box", "style": "rounded,filled", "fillcolor": "#ffffff"},
    "decision": {"shape": "diamond", "style": "filled", "fillcolor": "#fff4cc", "margin": "0.05,0.05"},
    "note": {"shape": "note", "style": "filled", "fillcolor": "#f2f2f2", "fontsize": "14"},
}

_MARK_STYLE = {
    "ok": {"color": "#1b5e20", "fillcolor": "#e6f4ea", "penwidth": "2.5"},
    "wrong": {"color": "#b00020", "fillcolor": "#fde7e9", "penwidth": "2.5", "peripheries": "2", "dashed": "1"},
}

_MARK_PREFIX = {"ok": "✓ ", "wrong": "✗ "}
_OUT_OF_PLACE = "(out of place)"


def _clean_text(text: str) -> str:
    """Drop characters that XML (and so Graphviz's HTML labels) cannot hold; tabs become spaces."""
    kept = []
    for ch in str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "):
        code = ord(ch)
        if ch == "\n" or (
            code >= 0x20 and not 0x7F <= code <= 0x9F and not 0xD800 <= code <= 0xDFFF and code not in (0xFFFE, 0xFFFF)
        ):
            kept.append(ch)
    return "".join(kept)


def wrap_label(text: str, width: int = WRAP_WIDTH) -> list[str]:
    """Split ``text`` into display lines: at the author's newlines, then at ``width`` characters."""
    lines: list[str] = []
    for paragraph in _clean_text(text).split("\n"):
        lines.extend(textwrap.wrap(paragraph, width, break_long_words=True) or [""])
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    return lines or [""]


def _html_line(text: str) -> str:
    # Graphviz expands escString sequences (\N, \G, \\) even inside HTML labels,
    # after the entities are decoded, so a backslash must be doubled to show as one.
    # Graphviz 2.x's HTML lexer also rejects a label ending in "]", so "]" goes in as an entity.
    return html.escape(text, quote=True).replace("\\", "\\\\").replace("]", "&#93;")


def html_label(lines: Sequence[str], *, bold_first: bool = False) -> str:
    """An HTML-like DOT label (``<...>``) showing ``lines`` literally, one per row."""
    rows = [_html_line(line) for line in lines]
    if not "".join(rows).strip():
        return "< >"  # Graphviz rejects an empty HTML label; a space draws the same
    if bold_first and rows and rows[0]:
        rows[0] = f"<B>{rows[0]}</B>"
    return "<" + "<BR/>".join(rows) + ">"


def _attrs(values: Mapping[str, str]) -> str:
    parts = []
    for key, value in values.items():
        if value.startswith("<") and value.endswith(">"):
            parts.append(f"{key}={value}")  # an html_label, already escaped
        else:
            parts.append(f'{key}="' + value.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return "[" + ", ".join(parts) + "]"


def _node_attrs(node: FlowNode, mark: str | None, width: int) -> dict[str, str]:
    style = dict(_NODE_STYLE.get(node.kind, _NODE_STYLE["step"]))
    lines = wrap_label(node.label, width)
    if mark is not None:
        extra = dict(_MARK_STYLE[mark])
        if extra.pop("dashed", None):
            style["style"] += ",dashed"
        style.update(extra)
        lines[0] = _MARK_PREFIX[mark] + lines[0]
        if mark == "wrong":
            lines.append(_OUT_OF_PLACE)
    return {"label": html_label(lines), **style}


def to_dot(chart: FlowchartSpec, *, marks: Mapping[str, str] | None = None) -> str:
    """DOT source for ``chart`` in the house style; ``marks`` (node id -> "ok"/"wrong") adds verdicts."""
    verdicts = {**chart.marks, **(marks or {})}
    for node_id, mark in verdicts.items():
        if mark not in MARKS:
            raise ValueError(f"mark for {node_id!r} should be one of {MARKS}, not {mark!r}")
    if chart.direction not in DIRECTIONS:
        raise ValueError(f"direction should be one of {DIRECTIONS}, not {chart.direction!r}")
    names = {node.id: f"n{index}" for index, node in enumerate(chart.nodes)}
    unknown = sorted(set(verdicts) - set(names))
    if unknown:
        raise ValueError(f"marks name nodes that are not in the chart: {unknown}")
    kinds = {node.id: node.kind for node in chart.nodes}

    out = ["digraph flowchart {"]
    graph = {
        "rankdir": chart.direction,
        "fontname": FONT,
        "fontsize": "20",
        "fontcolor": TEXT_COLOUR,
        "bgcolor": "white",
        "pad": "0.3",
        "nodesep": "0.45",
        "ranksep": "0.5",
    }
    if _clean_text(chart.title).strip():
        graph.update(label=html_label(wrap_label(chart.title, 60), bold_first=True), labelloc="t", labeljust="c")
    out.append(f"  graph {_attrs(graph)};")
    out.append(
        f"  node {_attrs({'fontname': FONT, 'fontsize': '16', 'fontcolor': TEXT_COLOUR, 'color': LINE_COLOUR, 'penwidth': '1.5', 'margin': '0.2,0.1'})};"
    )
    out.append(
        f"  edge {_attrs({'fontname': FONT, 'fontsize': '14', 'fontcolor': TEXT_COLOUR, 'color': LINE_COLOUR, 'penwidth': '1.5', 'arrowsize': '0.9'})};"
    )
    for node in chart.nodes:
        width = NARROW_WRAP_WIDTH if chart.direction == "LR" or node.kind == "decision" else WRAP_WIDTH
        out.append(f"  {names[node.id]} {_attrs(_node_attrs(node, verdicts.get(node.id), width))};")
    for edge in chart.edges:
        if edge.source not in names or edge.target not in names:
            raise ValueError(f"edge {edge.source!r} → {edge.target!r} names a node that is not in the chart")
        attrs: dict[str, str] = {}
        if edge.loop:
            attrs = {
                "label": html_label(wrap_label(edge.label or "feedback loop", 20)),
                "style": "dashed,bold",
                "color": LOOP_COLOUR,
                "fontcolor": LOOP_COLOUR,
                "penwidth": "2.5",
                "constraint": "false",  # a loop must not drag the stages it joins out of line
            }
        elif "note" in (kinds[edge.source], kinds[edge.target]):
            attrs = {"style": "dotted", "arrowhead": "none"}
        elif _clean_text(edge.label).strip():
            attrs = {"label": html_label(wrap_label(edge.label, 20))}
        suffix = f" {_attrs(attrs)}" if attrs else ""
        out.append(f"  {names[edge.source]} -> {names[edge.target]}{suffix};")
    if _clean_text(chart.note).strip():
        # The first line is bold: it carries caveats such as "not legal advice".
        note = {"label": html_label(wrap_label(chart.note, 46), bold_first=True), **_NODE_STYLE["note"]}
        out.append(f"  subgraph chart_note {{ rank=sink; chart_note {_attrs(note)}; }}")
    out.append("}")
    return "\n".join(out) + "\n"


#: How :func:`describe` names each kind of box, in the words a learner would use.
KIND_NAMES = {"terminal": "Start or end", "step": "Step", "decision": "Decision", "note": "Note"}


def describe(chart: FlowchartSpec) -> str:
    """A plain-text version of the chart for screen readers and text-only worksheets."""
    labels = {n.id: " ".join(n.label.split()) for n in chart.nodes}
    kinds = {n.id: n.kind for n in chart.nodes}
    lines = [f"Flowchart: {chart.title}", "Boxes:"]
    for node in chart.nodes:
        mark = chart.marks.get(node.id)
        extra = {"ok": " (in the right place)", "wrong": " (out of place)"}.get(mark, "")
        lines.append(f"- {KIND_NAMES.get(node.kind, node.kind)}: {labels[node.id]}{extra}")
    if chart.edges:
        lines.append("Arrows:")
    for edge in chart.edges:
        label = " ".join(edge.label.split())
        if "note" in (kinds.get(edge.source), kinds.get(edge.target)) and not edge.loop:
            noted = edge.target if kinds.get(edge.source) == "note" else edge.source
            lines.append(f"- A note is joined to: {labels[noted]}")
            continue
        if edge.loop:
            how = (
                f" ({label})"
                if label.casefold().startswith("feedback loop")
                else f" (feedback loop: {label})"
                if label
                else " (feedback loop)"
            )
        else:
            how = f" ({label})" if label else ""
        lines.append(f"- {labels[edge.source]} → {labels[edge.target]}{how}")
    if chart.note.strip():
        lines.append(f"Note: {' '.join(chart.note.split())}")
    return "\n".join(lines)


def order_to_chart(
    labels: Sequence[str],
    title: str,
    marks: Mapping[str, str] | Sequence[str | None] | None = None,
    *,
    loop_to: str | None = None,
    loop_label: str = "feedback loop",
    direction: str = "TB",
) -> FlowchartSpec:
    """A linear chart of ``labels`` in the given order (a learner's current order).

    ``marks`` maps labels to "ok"/"wrong", or is a list of marks by position
    (``None`` for unmarked). ``loop_to`` names the label that a feedback loop
    from the last step goes back to.
    """
    labels = list(labels)
    if not labels:
        raise ValueError("order_to_chart needs at least one step label")
    ids = [f"s{i}" for i in range(1, len(labels) + 1)]
    nodes = tuple(FlowNode(node_id, label, "step") for node_id, label in zip(ids, labels))
    edges = [FlowEdge(a, b) for a, b in itertools.pairwise(ids)]
    if loop_to is not None:
        if loop_to not in labels:
            raise ValueError(f"loop_to {loop_to!r} is not one of the step labels")
        edges.append(FlowEdge(ids[-1], ids[labels.index(loop_to)], loop_label, loop=True))
    by_id: dict[str, str] = {}
    if isinstance(marks, Mapping):
        unknown = [label for label in marks if label not in labels]
        if unknown:
            raise ValueError(f"marks name labels that are not in the order: {unknown}")
        by_id = {ids[labels.index(label)]: mark for label, mark in marks.items() if mark is not None}
    elif marks is not None:
        marks = list(marks)
        if len(marks) != len(labels):
            raise ValueError(f"marks has {len(marks)} entries for {len(labels)} labels")
        by_id = {node_id: mark for node_id, mark in zip(ids, marks) if mark is not None}
    for mark in by_id.values():
        if mark not in MARKS:
            raise ValueError(f"a mark should be one of {MARKS}, not {mark!r}")
    return FlowchartSpec(
        id="learner-order", title=title, nodes=nodes, edges=tuple(edges), direction=direction, marks=by_id
    )


# --------------------------------------------------------------------------- rendering


def _dot_switched_off() -> bool:
    return os.environ.get(NO_DOT_VARIABLE, "").strip().lower() not in ("", "0", "false", "no")


def dot_available() -> bool:
    """True when Graphviz's ``dot`` program is on PATH (and not switched off with $AFTER_SALES_NO_DOT)."""
    return not _dot_switched_off() and shutil.which("dot") is not None


def _run_dot(dot_source: str, fmt: str, timeout: float) -> tuple[bytes | None, str]:
    """Run ``dot -T<fmt>``: (output, "") or (None, why it failed)."""
    executable = None if _dot_switched_off() else shutil.which("dot")
    if executable is None:
        return None, INSTALL_HINT
    try:
        done = subprocess.run(
            [executable, f"-T{fmt}"],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, f"Graphviz took longer than {timeout} seconds and was stopped"
    except OSError as exc:
        return None, f"Graphviz could not be started ({exc})"
    if done.returncode != 0 or not done.stdout:
        return (
            None,
            f"Graphviz failed: {done.stderr.decode('utf-8', 'replace').strip() or f'exit code {done.returncode}'}",
        )
    return done.stdout, ""


def render_svg(dot_source: str, *, timeout: float = DOT_TIMEOUT_SECONDS) -> str | None:
    """SVG text from ``dot -Tsvg``, or ``None`` when ``dot`` is missing or fails (never raises for that)."""
    output, _ = _run_dot(dot_source, "svg", timeout)
    return None if output is None else output.decode("utf-8", "replace")


def _render_to_file(dot_source: str, path: str | Path, fmt: str, timeout: float) -> Path:
    output, problem = _run_dot(dot_source, fmt, timeout)
    if output is None:
        raise RuntimeError(problem)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(output)
    return target


def render_png(dot_source: str, path: str | Path, *, timeout: float = DOT_TIMEOUT_SECONDS) -> Path:
    """Write a PNG for worksheets; raises RuntimeError (with install steps) when ``dot`` is missing."""
    return _render_to_file(dot_source, path, "png", timeout)


def save_svg(dot_source: str, path: str | Path, *, timeout: float = DOT_TIMEOUT_SECONDS) -> Path:
    """Write an SVG for worksheets; raises RuntimeError (with install steps) when ``dot`` is missing."""
    return _render_to_file(dot_source, path, "svg", timeout)


def save_chart(chart: FlowchartSpec, path: str | Path, *, timeout: float = DOT_TIMEOUT_SECONDS) -> Path:
    """Write ``chart`` to ``path`` as SVG or PNG, chosen by the suffix; RuntimeError without ``dot``."""
    fmt = SAVE_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValueError(f"cannot save a flowchart as {Path(path).name!r}; end the file name with .svg or .png")
    return _render_to_file(to_dot(chart), path, fmt, timeout)
