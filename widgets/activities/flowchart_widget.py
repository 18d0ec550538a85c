"""Show a flowchart in a lesson: drawn by Graphviz's ``dot`` in the kernel, or by the browser.

``Flowchart.from_content("after-sales-process")`` shows a chart from
``data/flowcharts``; ``Flowchart(chart)`` shows any :class:`~widgets.activities.flowchart.FlowchartSpec`;
``OrderTask.flowchart()`` returns one that redraws as the learner reorders.

Where ``dot`` is installed, the kernel makes the SVG and the front end inserts
it after parsing and cleaning it (no scripts, no event handlers, no links).
Where it is not (a plain ``pip install`` on Windows or macOS, VS Code, a
locked-down PC), the widget says ``renderer == "browser"``: the front end asks
the kernel once per page for the vendored Graphviz build
(``static/vendor/viz.js``, about 1.2 MB, sent as a binary message buffer, never
as part of every widget's module), imports it from a blob URL and draws the
same DOT itself. Either way the chart's text version from
:func:`~widgets.activities.flowchart.describe` sits under it for screen readers and
text-only worksheets.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

import anywidget
import traitlets

from .._base import STATIC, ShowsWhenNotRunning, acknowledge, front_end
from ..content_kind import ContentNotice
from .flowchart import FlowchartSpec, describe, find_chart, order_to_chart, render_svg, save_chart, to_dot

if TYPE_CHECKING:  # pragma: no cover - only the annotation: the order task imports this module to draw itself
    from .ordering import OrderTask

VIZ_FILE = STATIC / "vendor" / "viz.js"
VIZ_VERSION = "@viz-js/viz 3.31.0 (Graphviz 16.1.0)"

#: Shown in one line under a chart that the browser drew.
BROWSER_NOTE = (
    "Drawn by your browser because Graphviz is not installed. To install it: "
    "conda install -c conda-forge graphviz, sudo apt install graphviz, brew install graphviz "
    "or winget install graphviz, then restart the kernel."
)


@functools.lru_cache(maxsize=1)
def viz_module() -> bytes:
    """The vendored in-browser Graphviz (an ES module), read once per kernel."""
    return VIZ_FILE.read_bytes()


class ChartState(traitlets.HasTraits):
    """The traits a chart view needs; shared by :class:`Flowchart` and the build-your-own activity."""

    chart_title = traitlets.Unicode("", help="The chart's title; also its name for screen readers.").tag(sync=True)
    dot = traitlets.Unicode("", help="The chart as Graphviz DOT; the browser draws it when svg is empty.").tag(
        sync=True
    )
    svg = traitlets.Unicode(
        "", help="The chart drawn by Graphviz's dot in the kernel; empty where dot is missing."
    ).tag(sync=True)
    renderer = traitlets.Unicode(
        "dot", help="'dot' (SVG made in the kernel) or 'browser' (DOT drawn by viz.js in the page)."
    ).tag(sync=True)
    description = traitlets.Unicode("", help="The chart in words (describe()): its text alternative.").tag(sync=True)
    render_note = traitlets.Unicode("", help="One line shown under a chart drawn in the browser.").tag(sync=True)

    @traitlets.validate("renderer")
    def _valid_renderer(self, proposal):
        if proposal["value"] not in ("dot", "browser"):
            raise traitlets.TraitError("renderer must be 'dot' or 'browser'")
        return proposal["value"]

    def _draw(self, chart: FlowchartSpec) -> None:
        """Render ``chart`` with dot where possible and sync everything the view needs at once."""
        source = to_dot(chart)
        if source == self.dot:
            return  # e.g. an order change that also cleared marks: one redraw is enough
        svg = render_svg(source)
        with self.hold_sync():
            self.chart_title = chart.title
            self.description = describe(chart)
            self.dot = source
            self.svg = svg or ""
            self.renderer = "dot" if svg else "browser"
            self.render_note = "" if svg else BROWSER_NOTE

    def _send_renderer(self) -> None:
        """Send the in-browser Graphviz to the page that asked for it (one binary buffer)."""
        self.send({"kind": "viz-renderer", "version": VIZ_VERSION}, buffers=[viz_module()])


class Flowchart(ShowsWhenNotRunning, ChartState, anywidget.AnyWidget):
    """A flowchart in a lesson: ``Flowchart.from_content("after-sales-process")``.

    ``chart.save("name.svg")`` or ``chart.save("name.png")`` writes it for a worksheet.
    Assigning ``chart.chart = other`` redraws it.
    """

    _esm = front_end("flowchart", "chartview")  # its style sheet travels in the module (front_end says why)

    def __init__(self, chart: FlowchartSpec, *, marks: Mapping[str, str] | None = None, **kwargs: Any):
        if not isinstance(chart, FlowchartSpec):
            raise TypeError(
                f"Flowchart needs a FlowchartSpec, not {type(chart).__name__}; use Flowchart.from_content('chart-id')"
            )
        if marks:
            chart = replace(chart, marks={**chart.marks, **marks})
        to_dot(chart)  # raises ValueError now for unknown node ids or marks, not later in a callback
        self._chart = chart
        super().__init__(**kwargs)
        self._draw(chart)
        self.on_msg(self._on_front_end_message)

    @classmethod
    def from_content(cls, chart_id: str, **options: Any) -> "Flowchart | ContentNotice":
        """The chart ``chart_id`` from ``data/flowcharts``; on bad content, a notice instead of a traceback."""
        chart, problems = find_chart(chart_id)
        if chart is None:
            return ContentNotice(chart_id, problems)
        return cls(chart, **options)

    @property
    def chart(self) -> FlowchartSpec:
        """The chart on show."""
        return self._chart

    @chart.setter
    def chart(self, chart: FlowchartSpec) -> None:
        to_dot(chart)
        self._chart = chart
        self._draw(chart)

    def save(self, path: str | Path) -> Path:
        """Write the chart as ``.svg`` or ``.png`` for a worksheet; needs Graphviz's ``dot``."""
        return save_chart(self._chart, path)

    def __repr__(self) -> str:
        boxes = sum(1 for n in self._chart.nodes if n.kind != "note")
        return f"Flowchart({self._chart.id!r}, {boxes} boxes, {len(self._chart.edges)} arrows)"

    def _on_front_end_message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("action") == "renderer":
            self._send_renderer()
        elif isinstance(content, dict) and content.get("action") == "ping":
            acknowledge(self, "ping")


def order_flowchart(task: OrderTask, *, loop: bool = False, title: str | None = None) -> Flowchart:
    """A :class:`Flowchart` of ``task``'s current order that redraws on every move and Check.

    Steps marked wrong after Check show "✗ ... (out of place)" and a dashed double
    border; right ones show "✓". ``loop=True`` adds a feedback-loop arrow from the
    last step back to the first. Only what every order task has is read (``title``, ``order``,
    ``marks``, ``observe``), so this module needs nothing from :mod:`widgets.activities.ordering`.
    """
    heading = title or f"Your order: {task.title}"

    def current() -> FlowchartSpec:
        marks = {
            label: ("ok" if mark.get("ok") else "wrong") for label, mark in task.marks.items() if label in task.order
        }
        first = task.order[0] if loop and task.order else None
        return order_to_chart(task.order, heading, marks, loop_to=first)

    chart = Flowchart(current())

    def redraw(_change=None) -> None:
        chart.chart = current()

    task.observe(redraw, names=["order", "marks"])
    return chart
