"""Text alternatives for charts drawn in lesson cells, and hiding the explorer's headline numbers."""

from __future__ import annotations

import pytest

from widgets import feedback as fd
from widgets.feedback.charts import chart_text, figure_html


@pytest.fixture(scope="module")
def df():
    return fd.load_feedback().frame


@pytest.mark.parametrize(
    "draw",
    [
        lambda df: fd.plot_csat_by(df, "channel"),
        fd.plot_response_time_vs_csat,
        lambda df: fd.plot_monthly_trend(df, "csat", by="product_category"),
        lambda df: fd.plot_monthly_trend(df, "nps"),
        fd.plot_complaint_themes,
    ],
)
def test_every_chart_carries_a_text_alternative_with_its_numbers(draw, df):
    fig = draw(df)
    alt = chart_text(fig)
    assert alt.endswith(".") and any(ch.isdigit() for ch in alt), alt
    html = figure_html(fig)
    assert '<img src="data:image/png;base64,' in html and 'alt="' in html
    assert "<table>" in html and "<caption>" in html and '<th scope="col">' in html


def test_an_empty_chart_says_there_is_nothing_to_show():
    fig = fd.plot_csat_by(fd.empty_feedback(), "channel")
    assert chart_text(fig).endswith("no responses to show.")


def test_chart_text_is_escaped_in_the_html(df):
    fig = fd.plot_csat_by(df, "channel")
    fig.asl_alt = 'Sales "up" <script>alert(1)</script>'
    html = figure_html(fig)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&quot;up&quot;" in html


def test_a_figure_from_elsewhere_is_left_to_the_plain_png():
    from matplotlib.figure import Figure

    assert figure_html(Figure()) is None


def test_the_explorer_can_hide_its_headline_numbers_and_does_not_read_them_out():
    from widgets import FeedbackExplorer

    explorer = FeedbackExplorer(show_kpis=False)
    assert explorer.show_kpis is False
    assert "CSAT" not in explorer.announcement
    explorer.channel = "email"
    assert "CSAT" not in explorer.announcement
    explorer.show_kpis = True
    assert "CSAT" in explorer.announcement


def test_a_chart_shown_in_a_notebook_is_drawn_once_for_its_html_and_its_png(df, monkeypatch):
    from IPython.core.formatters import DisplayFormatter

    from widgets.feedback import charts

    drawn = []
    real = charts._draw_png
    monkeypatch.setattr(charts, "_draw_png", lambda fig: drawn.append(fig) or real(fig))
    formatter = DisplayFormatter()
    formatter.formatters["image/png"].for_type_by_name("matplotlib.figure", "Figure", charts._figure_png)
    formatter.formatters["text/html"].for_type_by_name("matplotlib.figure", "Figure", charts.figure_html)
    fig = fd.plot_csat_by(df, "channel")
    data, _ = formatter.format(fig)
    assert len(drawn) == 1 and data["image/png"] and "data:image/png;base64," in data["text/html"]
    # Changed and shown again: drawn again, not the old picture.
    fig.axes[0].set_title("Changed")
    formatter.format(fig)
    assert len(drawn) == 2
    charts._figure_png(fig)  # a PNG asked for on its own is drawn afresh too
    assert len(drawn) == 3
