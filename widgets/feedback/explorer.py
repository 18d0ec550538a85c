"""Feedback explorer: filter the customer feedback and watch the KPIs and a chart change.

For class discussion in lesson 07: a tutor projects it, the room calls out a
channel or a month, and everyone sees what happens to CSAT, NPS, first-contact
resolution and response time.

Why an anywidget and not ipywidgets Dropdowns with an Output area: the pack's
other activities are anywidgets sharing ``static/common.js`` and the theme CSS,
so the explorer looks and behaves like them; the chart is drawn in the page as
an SVG with the chart's text alternative as its accessible name, its values
written beside each bar or point, and a data table below (an Output area shows
a plot with no text alternative, which screen readers skip); a live region
announces each new set of numbers; and channel, product range and stage of
service can be radio groups, where every choice is on show and one click or tap
chooses it. Like any anywidget, its front end travels with the widget: nothing
is fetched from the internet, so it works offline.

All numbers are computed in Python by :mod:`widgets.feedback`
(:func:`~widgets.feedback.filter_feedback` picks the rows,
:func:`~widgets.feedback.headline_kpis` measures them) and
:func:`explorer_chart` turns them into the chart as plain data (kind, labels,
values in percent, the text written by each value); ``static/explorer.js`` only
draws that. The chart used to be a matplotlib PNG made in the kernel: importing
matplotlib cost about 0.5 s on first use and each filter change redrew it
(0.1-0.27 s), so the explorer no longer imports matplotlib at all. The
``plot_*`` charts that lessons draw in their own cells still use it.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any, NamedTuple

import anywidget
import numpy as np
import pandas as pd
import traitlets

from .. import feedback as fd
from .._base import ShowsWhenNotRunning, acknowledge, front_end

#: Filter → (label, how it is drawn). Radio groups for the short lists, a drop-down for the months.
FILTER_CONTROLS = {
    "channel": ("Channel", "radio"),
    "product_category": ("Product range", "radio"),
    "touchpoint": ("Stage of service", "radio"),
    "month": ("Month", "select"),
}

#: What the chart can compare: value → the words in the "Compare by" list.
CHART_BY = {
    "month": "month (trend)",
    "channel": "channel",
    "product_category": "product range",
    "touchpoint": "stage of service",
}

#: Columns the explorer needs; a tutor's export loaded with load_feedback always has them.
REQUIRED_COLUMNS = (
    "date",
    "channel",
    "product_category",
    "touchpoint",
    "csat",
    "recommend",
    "response_hours",
    "resolved_first_contact",
    "repeat_purchase_90d",
)

NO_DATA = "no data"


def _one_place(value: float) -> float:
    # numpy's rounding, as kpi_table uses: the cards and the lesson's tables agree to the digit.
    return float(np.round(value, 1)) + 0.0  # + 0.0 turns -0.0 into 0.0


def _pct(value: float) -> str:
    return NO_DATA if math.isnan(value) else f"{_one_place(value):.1f}%"


def _signed(value: float) -> str:
    # A real minus sign (U+2212): screen readers say "minus" rather than "dash".
    if math.isnan(value):
        return NO_DATA
    return f"{_one_place(value):+.1f}".replace("-", "−")


def _hours(value: float) -> str:
    return NO_DATA if math.isnan(value) else f"{_one_place(value):.1f} hours"


def kpi_cards(kpis: dict[str, float]) -> list[dict[str, str]]:
    """The KPI cards as the front end shows them: key, label, value text and a short note."""
    return [
        {
            "key": "responses",
            "label": "Responses",
            "value": f"{int(kpis['responses'])}",
            "note": "pieces of feedback in this view",
        },
        {
            "key": "csat_pct",
            "label": "CSAT",
            "value": _pct(kpis["csat_pct"]),
            "note": "customers who gave 4 or 5 out of 5",
        },
        {
            "key": "nps",
            "label": "NPS",
            "value": _signed(kpis["nps"]),
            "note": "% promoters minus % detractors (−100 to +100)",
        },
        {
            "key": "fcr_pct",
            "label": "First contact resolution",
            "value": _pct(kpis["fcr_pct"]),
            "note": "of the contacts that needed resolving, sorted out first time",
        },
        {
            "key": "median_response_hours",
            "label": "Median response time",
            "value": _hours(kpis["median_response_hours"]),
            "note": "where the customer contacted us: half of our replies were quicker",
        },
    ]


#: The value axis of every explorer chart: CSAT is a percentage, so 0 to 100 whatever the data.
CHART_TICKS = (0, 20, 40, 60, 80, 100)
#: A category name longer than this is wrapped onto a second line above its bar (then cut short with "…").
LABEL_WIDTH = 40
NO_RESPONSES = "No responses to show"


class ExplorerChart(NamedTuple):
    """What the explorer's figure shows: the chart as plain data, its text alternative and its table."""

    chart: dict
    alt: str
    table: dict


def _tick_lines(by: str, group: str) -> list[str]:
    """A group's name as the chart writes it beside its bar or under its point, one string a line."""
    if by == "month":
        period = pd.Period(group, freq="M")
        return [period.strftime("%b"), period.strftime("%Y")]  # twelve "September 2025"s would not fit
    lines = textwrap.wrap(group, LABEL_WIDTH, break_long_words=True) or [group]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: LABEL_WIDTH - 1] + "…"]
    return lines


def explorer_chart(by: str, scope: str, groups: list[tuple[str, float, int]]) -> ExplorerChart:
    """The explorer's chart of CSAT by ``by``, for the responses described by ``scope``.

    ``groups`` is one ``(group, csat_pct, responses)`` per group in the order shown (months as
    ``'YYYY-MM'``); a CSAT of NaN (no scores in that group) is drawn as "no data", not as 0.
    A month chart is a line (``kind`` "line"), any other a bar chart; ``values`` are percentages
    rounded to one place, as in the ``value_labels`` written by them, on a 0-100 axis.
    With no groups, ``message`` says there is nothing to show and the lists are empty.
    """
    if by not in CHART_BY:
        raise ValueError(f"by must be one of: {', '.join(CHART_BY)}")
    words = CHART_BY[by].replace(" (trend)", "")
    if by == "month":
        kind = "line"
        described = "Line chart of satisfied customers (CSAT %) month by month"
        title = "Satisfied customers (CSAT %) month by month"
    else:
        kind = "bar"
        described = f"Bar chart of satisfied customers (CSAT %) by {words}"
        title = f"Satisfied customers (CSAT %) by {words}"
    labels, values, value_labels, responses, ticks = [], [], [], [], []
    for group, pct, count in groups:
        labels.append(fd.month_label(group) if by == "month" else str(group))
        values.append(None if math.isnan(pct) else _one_place(pct))  # None: JSON has no NaN
        value_labels.append(_pct(pct))
        responses.append(int(count))
        ticks.append(_tick_lines(by, str(group)))
    rows = [[name, text, str(count)] for name, text, count in zip(labels, value_labels, responses)]
    alt = f"{described}, for {scope}."
    if rows:
        alt += " " + "; ".join(f"{r[0]} {r[1]}" for r in rows) + "."
    else:
        alt += f" {NO_RESPONSES}."
    chart = {
        "kind": kind,
        "title": f"{title}, for {scope}",
        "category_axis": words.capitalize(),
        "value_axis": "% of customers who gave 4 or 5 out of 5",
        "y_min": CHART_TICKS[0],
        "y_max": CHART_TICKS[-1],
        "y_ticks": list(CHART_TICKS),
        "labels": labels,
        "tick_lines": ticks,
        "values": values,
        "value_labels": value_labels,
        "responses": responses,
        "response_labels": [f"{n} response" if n == 1 else f"{n} responses" for n in responses],
        "message": "" if rows else NO_RESPONSES,
    }
    table = {
        "caption": f"Satisfied customers (CSAT) by {words}, for {scope}",
        "columns": [words.capitalize(), "CSAT", "Responses"],
        "rows": rows,
    }
    return ExplorerChart(chart, alt, table)


class FeedbackExplorer(ShowsWhenNotRunning, anywidget.AnyWidget):
    """Filter feedback by channel, product range, stage of service and month; see KPIs and a chart.

    ``explorer.channel = "email"`` (or a click in the front end) filters;
    ``explorer.filtered`` is the table on show, ``explorer.kpis`` its
    unrounded KPIs and ``explorer.reset()`` clears every filter.
    """

    _esm = front_end("explorer")  # its style sheet travels in the module (front_end says why)

    title = traitlets.Unicode("Explore the customer feedback", help="Heading shown above the explorer.").tag(sync=True)
    instructions = traitlets.Unicode("", help="One or two sentences saying what to look for.").tag(sync=True)
    choices = traitlets.Dict(help="filter -> {label, style, options: [[value, text], ...]}; value '' means all.").tag(
        sync=True
    )
    channel = traitlets.Unicode("", help="Show only this channel ('' for all).").tag(sync=True)
    product_category = traitlets.Unicode("", help="Show only this product range ('' for all).").tag(sync=True)
    touchpoint = traitlets.Unicode("", help="Show only this stage of service ('' for all).").tag(sync=True)
    month = traitlets.Unicode("", help="Show only this month, 'YYYY-MM' ('' for all).").tag(sync=True)
    chart_by = traitlets.Unicode(
        "month", help="What the chart compares: month, channel, product_category or touchpoint."
    ).tag(sync=True)
    cards = traitlets.List(traitlets.Dict(), help="The KPI cards: key, label, value, note.").tag(sync=True)
    status = traitlets.Unicode("", help="Which responses are on show, in words.").tag(sync=True)
    chart = traitlets.Dict(
        help="The chart as plain data (explorer_chart): kind, title, labels, values in percent, value_labels, "
        "responses, y_min/y_max; the front end draws it as SVG."
    ).tag(sync=True)
    chart_alt = traitlets.Unicode("", help="Text alternative for the chart.").tag(sync=True)
    chart_table = traitlets.Dict(help="The chart's numbers: caption, columns, rows of text.").tag(sync=True)
    announcement = traitlets.Unicode("", help="Text for screen readers (aria-live) after each change.").tag(sync=True)
    show_kpis = traitlets.Bool(
        True,
        help="False hides the headline numbers behind a 'Show the headline numbers' button, "
        "for a lesson that first asks learners to work them out.",
    ).tag(sync=True)

    def __init__(
        self,
        df: pd.DataFrame | fd.LoadedFeedback | None = None,
        *,
        channel: str = "",
        product_category: str = "",
        touchpoint: str = "",
        month: str = "",
        chart_by: str = "month",
        show_kpis: bool = True,
        title: str = "Explore the customer feedback",
        instructions: str = "Choose a channel, product range, stage of service or month. Watch how the numbers and the chart change.",
        **kwargs: Any,
    ):
        if df is None:
            df = fd.load_feedback().frame
        elif isinstance(df, fd.LoadedFeedback):
            df = df.frame
        if not isinstance(df, pd.DataFrame):
            raise ValueError(
                f"FeedbackExplorer needs a table of feedback (a pandas DataFrame), not {type(df).__name__}"
            )
        missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
        if missing:
            raise ValueError(
                f"the feedback table has no column(s): {', '.join(missing)}; load it with load_feedback(...)"
            )
        self._df = df
        self._values = {name: fd.filter_values(df, name) for name in FILTER_CONTROLS}
        self._quiet = True  # no refresh until every trait is set
        wanted = {"channel": channel, "product_category": product_category, "touchpoint": touchpoint, "month": month}
        for name, value in wanted.items():
            self._check_value(name, value, ValueError)
        if chart_by not in CHART_BY:
            raise ValueError(f"chart_by must be one of: {', '.join(CHART_BY)}")
        super().__init__(
            choices=self._choices(),
            chart_by=chart_by,
            title=title,
            instructions=instructions,
            show_kpis=bool(show_kpis),
            **wanted,
            **kwargs,
        )
        self._quiet = False
        self._refresh()
        self.on_msg(self._on_front_end_message)

    # ------------------------------------------------------------------ validation

    def _check_value(self, name: str, value: str, error: type[Exception]) -> str:
        if value == "" or value in self._values[name]:
            return value
        label = FILTER_CONTROLS[name][0].lower()
        known = ", ".join(repr(v) for v in self._values[name])
        raise error(f"there is no {label} {value!r} in this data; choose one of {known} (or '' for all)")

    @traitlets.validate("channel", "product_category", "touchpoint", "month")
    def _valid_filter(self, proposal):
        return self._check_value(proposal["trait"].name, proposal["value"], traitlets.TraitError)

    @traitlets.validate("chart_by")
    def _valid_chart_by(self, proposal):
        if proposal["value"] not in CHART_BY:
            raise traitlets.TraitError(f"chart_by must be one of: {', '.join(CHART_BY)}")
        return proposal["value"]

    def _choices(self) -> dict[str, dict]:
        choices = {}
        for name, (label, style) in FILTER_CONTROLS.items():
            everything = "All months" if name == "month" else "All"
            shown = [fd.month_label(v) if name == "month" else v for v in self._values[name]]
            choices[name] = {
                "label": label,
                "style": style,
                "options": [["", everything]] + [[v, s] for v, s in zip(self._values[name], shown)],
            }
        choices["chart_by"] = {
            "label": "Chart: compare by",
            "style": "select",
            "options": [[value, text] for value, text in CHART_BY.items()],
        }
        return choices

    # ------------------------------------------------------------------ state the lesson reads

    @property
    def filters(self) -> dict[str, str]:
        """The filters in use, e.g. ``{'channel': 'email'}`` (empty when showing everything)."""
        return {name: getattr(self, name) for name in FILTER_CONTROLS if getattr(self, name)}

    @property
    def filtered(self) -> pd.DataFrame:
        """The responses on show (a copy: changing it does not change the explorer)."""
        return fd.filter_feedback(self._df, **self.filters)

    @property
    def kpis(self) -> dict[str, float]:
        """Responses, CSAT %, NPS, first-contact resolution % and median reply hours, unrounded."""
        return fd.headline_kpis(self.filtered)

    def reset(self) -> None:
        """Show every response again."""
        self._quiet = True
        try:
            with self.hold_sync():
                for name in FILTER_CONTROLS:
                    setattr(self, name, "")
        finally:
            self._quiet = False
        self._refresh()

    def __repr__(self) -> str:
        total = len(self._df)
        if not self.filters:
            return f"FeedbackExplorer({total} responses, no filters)"
        shown = ", ".join(f"{name}={value!r}" for name, value in self.filters.items())
        return f"FeedbackExplorer({total} responses, showing {len(self.filtered)}: {shown})"

    # ------------------------------------------------------------------ updating the view

    def _on_front_end_message(self, _widget, content, _buffers) -> None:
        action = content.get("action") if isinstance(content, dict) else None
        try:
            if action == "reset":
                self.reset()
        finally:
            acknowledge(self, action)  # "ping" and every action: the front end waits for this

    @traitlets.observe("channel", "product_category", "touchpoint", "month", "chart_by", "show_kpis")
    def _filters_changed(self, change) -> None:
        if not self._quiet:
            self._refresh()

    def _describe_filters(self) -> str:
        parts = []
        for name, value in self.filters.items():
            label = FILTER_CONTROLS[name][0].lower()
            parts.append(f"{label} {fd.month_label(value) if name == 'month' else value}")
        return ", ".join(parts)

    def _refresh(self) -> None:
        shown = self.filtered
        kpis = fd.headline_kpis(shown)
        cards = kpi_cards(kpis)
        total = len(self._df)
        if not self.filters:
            status = f"Showing all {total} responses."
        elif len(shown) == 0:
            status = f"No responses match {self._describe_filters()}. Choose All for one of the filters, or press Reset filters."
        else:
            status = f"Showing {len(shown)} of {total} responses: {self._describe_filters()}."
        spoken = "; ".join(f"{c['label']} {c['value']}" for c in cards[1:])
        drawn = self._chart(shown)
        with self.hold_sync():
            self.cards = cards
            self.status = status
            self.chart = drawn.chart
            self.chart_alt = drawn.alt
            self.chart_table = drawn.table
            # Hidden numbers are not read out either: they are the answers to the lesson's questions.
            self.announcement = status if len(shown) == 0 or not self.show_kpis else f"{status} {spoken}."

    def _chart(self, shown: pd.DataFrame) -> ExplorerChart:
        table = fd.kpi_table(shown, by=self.chart_by, decimals=None)
        groups = [(str(group), float(row["csat_pct"]), int(row["responses"])) for group, row in table.iterrows()]
        return explorer_chart(self.chart_by, self._describe_filters() or "all responses", groups)
