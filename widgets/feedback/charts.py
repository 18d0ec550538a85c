"""Charts of the feedback data, drawn with matplotlib's object API (matplotlib imported on first use)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from .kpis import _floats, _kpi_frame, complaint_themes, kpi_table
from .schema import COLUMN_LABELS

# Okabe–Ito palette: distinguishable with the common colour-vision
# deficiencies. Yellow is left out because it vanishes when printed.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
_LINESTYLES = ("-", "--", "-.", ":")

# --------------------------------------------------------------------------
# Charts (matplotlib imported lazily)
# --------------------------------------------------------------------------


def _show_figures_in_notebooks() -> None:
    """Let IPython draw a returned Figure as a PNG, once.

    A Figure made without pyplot never loads the inline backend, so IPython
    would print only "<Figure size ...>". Registering a PNG formatter for
    Figure (what the inline backend itself does) makes the chart appear as
    the cell's result. Outside IPython this does nothing.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with Jupyter
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    from matplotlib.figure import Figure

    formatter = shell.display_formatter.formatters["image/png"]
    if Figure not in formatter.type_printers:
        formatter.for_type(Figure, _figure_png)
    # Our charts also carry a text alternative: shown as HTML (preferred by Jupyter over the bare PNG),
    # an <img> with alt text, a one-line summary and the numbers as a table.
    html = shell.display_formatter.formatters["text/html"]
    if Figure not in html.type_printers:
        html.for_type(Figure, figure_html)


#: The PNG the HTML formatter has just drawn, for the PNG formatter that IPython calls straight
#: after it for the same figure: (figure, bytes), used once. Drawing a chart is most of its cost.
_JUST_DRAWN: list = []


def _figure_png(fig) -> bytes:
    if _JUST_DRAWN and _JUST_DRAWN[0][0] is fig:
        return _JUST_DRAWN.pop()[1]
    _JUST_DRAWN.clear()
    return _draw_png(fig)


def _draw_png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def _describe(fig, alt: str, caption: str = "", columns: tuple[str, ...] = (), rows: list[list[str]] | None = None):
    """Attach a chart's text alternative to its Figure: ``alt`` for the image, a table of its numbers."""
    fig.asl_alt = alt
    fig.asl_table = {"caption": caption, "columns": list(columns), "rows": rows or []}
    return fig


def chart_text(fig) -> str:
    """The text alternative of a chart made here ("" for any other Figure)."""
    return getattr(fig, "asl_alt", "")


def figure_html(fig) -> str | None:
    """HTML for a chart made here: the PNG with alt text, the summary, and the numbers in a table.

    Returns None for a Figure without a text alternative, so IPython shows it as a plain PNG.
    """
    import base64
    from html import escape

    alt = chart_text(fig)
    if not alt:
        return None
    drawn = _draw_png(fig)
    # IPython asks for text/html, then image/png, of the same figure in one go: draw it once.
    _JUST_DRAWN[:] = [(fig, drawn)]
    png = base64.b64encode(drawn).decode("ascii")
    table = getattr(fig, "asl_table", {}) or {}
    parts = [
        '<figure class="asl-chart-figure" style="margin:0">',
        f'<img src="data:image/png;base64,{png}" alt="{escape(alt)}" style="max-width:100%;height:auto">',
        f"<figcaption>{escape(alt)}</figcaption>",
    ]
    if table.get("rows"):
        head = "".join(f'<th scope="col">{escape(c)}</th>' for c in table["columns"])
        body = "".join(
            "<tr>"
            + "".join(
                (f'<th scope="row">{escape(v)}</th>' if i == 0 else f"<td>{escape(v)}</td>") for i, v in enumerate(row)
            )
            + "</tr>"
            for row in table["rows"]
        )
        parts.append(
            f"<details><summary>Chart data as a table</summary><table><caption>{escape(table['caption'])}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>"
        )
    parts.append("</figure>")
    return "".join(parts)


def _pct_text(value: float) -> str:
    return "no data" if value != value else f"{value:.0f}%"  # NaN is not equal to itself


def _new_figure(width: float = 8.0, height: float = 4.5):
    from matplotlib.figure import Figure

    _show_figures_in_notebooks()
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.subplots()
    ax.tick_params(labelsize=11)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _title(fig, title: str) -> None:
    """Title aligned to the left edge of the figure, so long labels never clip it."""
    fig.suptitle(title, fontsize=14, x=0.01, ha="left")


def _no_data(fig, ax, title: str):
    _describe(fig, f"{title}: no responses to show.")
    _title(fig, title)
    ax.text(0.5, 0.5, "No responses to show", ha="center", va="center", fontsize=12, transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])
    return fig


def _label_for(column: str) -> str:
    return COLUMN_LABELS.get(column, column.replace("_", " "))


def plot_csat_by(df: pd.DataFrame, column: str):
    """Bar chart: share of satisfied customers (4 or 5 out of 5) per group.

    ``column`` is e.g. ``"channel"``, ``"product_category"``, ``"touchpoint"``
    or ``"month"``. Each bar is labelled with its percentage and the number of
    responses behind it. Returns the matplotlib Figure.
    """
    label = _label_for(column)
    title = f"Satisfied customers by {label}"
    fig, ax = _new_figure()
    table = kpi_table(df, by=column, decimals=None).dropna(subset=["csat_pct"])
    if table.empty:
        return _no_data(fig, ax, title)
    names = [f"{g} ({n} responses)" for g, n in zip(table.index.astype(str), table["responses"])]
    positions = np.arange(len(table))[::-1]
    bars = ax.barh(positions, table["csat_pct"], color=PALETTE[0], edgecolor="black", linewidth=0.6)
    ax.bar_label(bars, labels=[f"{v:.0f}%" for v in table["csat_pct"]], padding=3, fontsize=11)
    ax.set_yticks(positions, names)
    ax.set_xlim(0, 105)
    ax.set_xlabel("Satisfied customers (% who gave 4 or 5 out of 5)", fontsize=12)
    ax.set_ylabel(label.capitalize(), fontsize=12)
    _title(fig, title)
    ax.grid(axis="x", color="0.85", linestyle="--")
    ax.set_axisbelow(True)
    rows = [
        [str(g), _pct_text(v), str(int(n))]
        for g, v, n in zip(table.index.astype(str), table["csat_pct"], table["responses"])
    ]
    _describe(
        fig,
        f"Bar chart: {title.lower()} (% who gave 4 or 5 out of 5). " + "; ".join(f"{r[0]} {r[1]}" for r in rows) + ".",
        title,
        (label.capitalize(), "Satisfied customers", "Responses"),
        rows,
    )
    return fig


RESPONSE_BANDS = (0, 4, 12, 24, 48, 96, np.inf)
RESPONSE_BAND_LABELS = ("up to 4 hours", "4 to 12 hours", "12 to 24 hours", "1 to 2 days", "2 to 4 days", "over 4 days")


def plot_response_time_vs_csat(df: pd.DataFrame):
    """Bar chart: satisfied customers (%) for each band of reply time.

    Reply times are grouped into bands (up to 4 hours … over 4 days), so the
    chart stays readable with thousands of responses. Returns the Figure.
    """
    title = "Customer satisfaction and how long customers waited for a reply"
    fig, ax = _new_figure(9, 4.5)
    hours = pd.Series(_floats(df["response_hours"]), index=df.index)
    scores = pd.Series(_floats(df["csat"]), index=df.index)
    keep = hours.notna() & scores.notna()
    if not keep.any():
        return _no_data(fig, ax, title)
    bands = pd.cut(hours[keep], RESPONSE_BANDS, labels=RESPONSE_BAND_LABELS, include_lowest=True)
    satisfied = (scores[keep] >= 4) * 100.0
    grouped = satisfied.groupby(bands, observed=False)
    pct = grouped.mean()
    counts = grouped.size()
    x = np.arange(len(pct))
    bars = ax.bar(x, pct.fillna(0), color=PALETTE[1], edgecolor="black", linewidth=0.6)
    ax.bar_label(
        bars,
        labels=[f"{v:.0f}%\n({n})" if n else "none" for v, n in zip(pct.fillna(0), counts)],
        padding=3,
        fontsize=10,
    )
    ax.set_xticks(x, list(RESPONSE_BAND_LABELS))
    ax.set_ylim(0, 115)
    ax.set_xlabel("Time until we first replied", fontsize=12)
    ax.set_ylabel("Satisfied customers (%)", fontsize=12)
    _title(fig, title)
    ax.text(
        0,
        -0.22,
        "Number of responses in brackets. Satisfied = gave 4 or 5 out of 5.",
        transform=ax.transAxes,
        fontsize=10,
    )
    ax.grid(axis="y", color="0.85", linestyle="--")
    ax.set_axisbelow(True)
    rows = [[band, _pct_text(v), str(int(n))] for band, v, n in zip(RESPONSE_BAND_LABELS, pct, counts)]
    _describe(
        fig,
        "Bar chart: satisfied customers (%) by time until we first replied. "
        + "; ".join(f"{r[0]}: {r[1]} of {r[2]} responses" for r in rows)
        + ".",
        title,
        ("Time until we first replied", "Satisfied customers", "Responses"),
        rows,
    )
    return fig


_TREND_MEASURES = {
    "csat": ("csat_pct", "Satisfied customers (%)", "Satisfied customers month by month", (0, 100)),
    "nps": ("nps", "Net Promoter Score (−100 to +100)", "Net Promoter Score month by month", (-100, 100)),
    "fcr": ("fcr_pct", "Sorted out first time (%)", "Problems sorted out first time, month by month", (0, 100)),
    "responses": ("responses", "Number of responses", "Responses received month by month", None),
}


def plot_monthly_trend(df: pd.DataFrame, measure: str = "csat", by: str | None = None):
    """Line chart of a KPI month by month, optionally one line per group.

    ``measure`` is ``"csat"``, ``"nps"``, ``"fcr"`` or ``"responses"``;
    ``by`` is ``None`` (one line) or a column such as ``"product_category"``.
    Lines differ in colour, marker and line style so they survive
    black-and-white printing. Returns the Figure.
    """
    if measure not in _TREND_MEASURES:
        raise ValueError(f"measure must be one of {', '.join(_TREND_MEASURES)}")
    column, ylabel, title, limits = _TREND_MEASURES[measure]
    if by is not None:
        title += f", by {_label_for(by)}"
    fig, ax = _new_figure(9, 4.8)
    if len(df) == 0:
        return _no_data(fig, ax, title)
    table = _kpi_frame(df, ["month"] if by is None else ["month", by])
    if by is None:
        wide = table[[column]].rename(columns={column: "all responses"})
    else:
        wide = table[column].unstack(by)
    wide = wide.sort_index()
    months = wide.index.to_timestamp() if isinstance(wide.index, pd.PeriodIndex) else wide.index
    for i, name in enumerate(wide.columns):
        ax.plot(
            months,
            wide[name],
            color=PALETTE[i % len(PALETTE)],
            marker=_MARKERS[i % len(_MARKERS)],
            linestyle=_LINESTYLES[i % len(_LINESTYLES)],
            linewidth=2,
            markersize=6,
            label=str(name),
        )
    ax.set_xticks(months, [m.strftime("%b\n%Y") for m in months])
    if limits:
        ax.set_ylim(*limits)
    if measure == "nps":
        ax.axhline(0, color="0.4", linewidth=1)
    ax.set_xlabel("Month", fontsize=12)
    ax.set_ylabel(ylabel, fontsize=12)
    _title(fig, title)
    ax.grid(axis="y", color="0.85", linestyle="--")
    if by is not None:
        ax.legend(
            title=_label_for(by).capitalize(), fontsize=10, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False
        )

    def value(v) -> str:
        return "no data" if v != v else (f"{v:.0f}" if measure in ("nps", "responses") else f"{v:.0f}%")

    names = [m.strftime("%b %Y") for m in months]
    lines = []
    for name in wide.columns:
        series = wide[name]
        lines.append(f"{name}: {value(series.iloc[0])} in {names[0]}, {value(series.iloc[-1])} in {names[-1]}")
    rows = [[names[i], *(value(wide[c].iloc[i]) for c in wide.columns)] for i in range(len(names))]
    _describe(
        fig,
        f"Line chart: {title.lower()}. " + "; ".join(lines) + ".",
        title,
        ("Month", *(str(c) for c in wide.columns)),
        rows,
    )
    return fig


def plot_complaint_themes(df: pd.DataFrame, top: int = 6):
    """Horizontal bar chart of how many comments mention each complaint theme.

    Uses :func:`complaint_themes`; the biggest theme is at the top. Returns
    the Figure.
    """
    title = "What are customers complaining about?"
    fig, ax = _new_figure()
    table = complaint_themes(df, top=top)
    if table.empty:
        return _no_data(fig, ax, title)
    positions = np.arange(len(table))[::-1]
    bars = ax.barh(positions, table["comments"], color=PALETTE[2], edgecolor="black", linewidth=0.6)
    ax.bar_label(bars, padding=3, fontsize=11)
    ax.set_yticks(positions, list(table["theme"]))
    ax.set_xlim(0, table["comments"].max() * 1.15)
    ax.set_xlabel("Number of comments that mention it", fontsize=12)
    _title(fig, title)
    ax.text(
        0,
        -0.28,
        "Themes are found by looking for keywords in the comments.\nOne comment can mention more than one theme.",
        transform=ax.transAxes,
        fontsize=10,
    )
    ax.grid(axis="x", color="0.85", linestyle="--")
    ax.set_axisbelow(True)
    rows = [[str(t), str(int(n))] for t, n in zip(table["theme"], table["comments"])]
    _describe(
        fig,
        "Bar chart: what customers complain about, by number of comments. "
        + "; ".join(f"{r[0]} {r[1]}" for r in rows)
        + ".",
        title,
        ("Theme", "Comments"),
        rows,
    )
    return fig
