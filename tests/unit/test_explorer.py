"""The feedback explorer: filtering as a pure function, and the widget's state as the front end sees it.

The front end is simulated with ``set_state`` (what a click on a radio button
or a choice in a list sends) and with the ``reset`` message the Reset button sends.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
import traitlets
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import FeedbackExplorer
from widgets import feedback as fd
from widgets.feedback.explorer import NO_RESPONSES, explorer_chart


def small() -> pd.DataFrame:
    """Eight hand-made responses over three months, typed as load_feedback types them."""
    csv = "\n".join(
        [
            ",".join(fd.COLUMNS),
            "R-1,C-1,2025-04-03,email,laundry,delivery,5,10,2.0,True,,True,True,Lovely",
            "R-2,C-2,2025-04-20,email,laundry,repair,4,8,30.0,True,faulty item,False,False,Broken",
            "R-3,C-3,2025-05-01,email,cooking,complaint,2,3,50.0,False,rude staff,False,False,Rude",
            "R-4,C-4,2025-05-02,social media,cooking,delivery,5,9,1.0,True,,True,True,",
            "R-5,C-5,2025-05-30,social media,laundry,return,3,7,24.0,False,refund delay,False,True,Slow refund",
            "R-6,C-6,2025-06-15,comment card,cooking,follow-up,1,0,100.0,False,late delivery,False,False,Late",
            "R-7,C-7,2025-06-16,email,laundry,repair,4,9,10.0,True,,True,True,",
            "R-8,C-8,2025-06-30,comment card,laundry,delivery,2,6,70.0,False,late delivery,False,False,Late again",
        ]
    )
    loaded = fd.load_feedback(csv + "\n")
    assert loaded.ok, loaded.problems
    return loaded.frame


def card(explorer: FeedbackExplorer, key: str) -> str:
    return next(c["value"] for c in explorer.cards if c["key"] == key)


# --------------------------------------------------------------------------- filtering, pure


def test_no_filter_keeps_every_row_and_does_not_copy_by_reference():
    df = small()
    shown = fd.filter_feedback(df)
    assert list(shown["response_id"]) == list(df["response_id"])
    shown.loc[shown.index[0], "csat"] = 1
    assert df.loc[df.index[0], "csat"] == 5  # the original is untouched
    assert len(fd.filter_feedback(df, channel="", month="")) == 8  # "" means any, like None


def test_each_filter_on_its_own():
    df = small()
    assert list(fd.filter_feedback(df, channel="email")["response_id"]) == ["R-1", "R-2", "R-3", "R-7"]
    assert list(fd.filter_feedback(df, product_category="cooking")["response_id"]) == ["R-3", "R-4", "R-6"]
    assert list(fd.filter_feedback(df, touchpoint="delivery")["response_id"]) == ["R-1", "R-4", "R-8"]
    # 30 May and 1 May are in May; 30 June is not
    assert list(fd.filter_feedback(df, month="2025-05")["response_id"]) == ["R-3", "R-4", "R-5"]


def test_filters_combine_with_and():
    df = small()
    shown = fd.filter_feedback(df, channel="email", product_category="laundry", month="2025-04")
    assert list(shown["response_id"]) == ["R-1", "R-2"]
    assert list(shown.index) == [0, 1]  # rows keep their place, so they can be traced back
    assert fd.filter_feedback(df, channel="social media", touchpoint="repair").empty


def test_unknown_values_match_nothing_but_a_badly_written_month_is_an_error():
    df = small()
    assert fd.filter_feedback(df, channel="fax").empty
    assert fd.filter_feedback(df, month="2024-01").empty
    with pytest.raises(ValueError, match="YYYY-MM"):
        fd.filter_feedback(df, month="May 2025")
    with pytest.raises(ValueError, match="YYYY-MM"):
        fd.filter_feedback(df, month="2025-13")


def test_filter_values_follow_the_specification_order_and_months_run_oldest_first():
    df = small()
    assert fd.filter_values(df, "channel") == ["email", "social media", "comment card"]  # CHANNELS order
    assert fd.filter_values(df, "product_category") == ["cooking", "laundry"]
    assert fd.filter_values(df, "month") == ["2025-04", "2025-05", "2025-06"]
    assert fd.month_label("2025-10") == "October 2025"
    with pytest.raises(ValueError, match="no column"):
        fd.filter_values(df, "colour")


def test_headline_kpis_hand_computed():
    kpis = fd.headline_kpis(fd.filter_feedback(small(), channel="email"))
    # email: csat 5, 4, 2, 4 -> 3 of 4 satisfied; recommend 10, 8, 3, 9 -> (2 - 1) / 4
    assert kpis["responses"] == 4
    assert kpis["csat_pct"] == pytest.approx(75.0)
    assert kpis["nps"] == pytest.approx(25.0)
    assert kpis["fcr_pct"] == pytest.approx(75.0)  # True, True, False, True
    assert kpis["median_response_hours"] == pytest.approx(20.0)  # 2, 10, 30, 50 -> (10 + 30) / 2
    empty = fd.headline_kpis(fd.filter_feedback(small(), channel="fax"))
    assert empty["responses"] == 0 and all(math.isnan(v) for k, v in empty.items() if k != "responses")


@settings(max_examples=60, deadline=None)
@given(
    channel=st.sampled_from(["", *fd.CHANNELS]),
    product=st.sampled_from(["", *fd.PRODUCT_CATEGORIES]),
    month=st.sampled_from(["", "2025-04", "2025-05", "2025-06", "2025-07"]),
)
def test_every_row_shown_matches_and_every_matching_row_is_shown(channel, product, month):
    df = small()
    shown = fd.filter_feedback(df, channel=channel, product_category=product, month=month)
    expected = [
        rid
        for rid, ch, pc, date in zip(df["response_id"], df["channel"], df["product_category"], df["date"])
        if (not channel or ch == channel)
        and (not product or pc == product)
        and (not month or date.strftime("%Y-%m") == month)
    ]
    assert list(shown["response_id"]) == expected


def test_the_channels_split_the_committed_data_without_losing_a_response():
    df = fd.load_feedback().frame
    parts = [fd.filter_feedback(df, channel=c) for c in fd.filter_values(df, "channel")]
    assert sum(len(p) for p in parts) == len(df) == 600
    # Weighting each channel's CSAT by its size gives the overall CSAT back.
    weighted = sum(fd.csat(p) * len(p) for p in parts) / len(df)
    assert weighted == pytest.approx(fd.csat(df))


# --------------------------------------------------------------------------- the chart as plain data, pure


def test_a_bar_chart_has_one_bar_a_group_with_its_value_written_beside_it():
    drawn = explorer_chart("channel", "all responses", [("email", 66.66666, 3), ("social media", 50.0, 1)])
    chart = drawn.chart
    assert chart["kind"] == "bar"
    assert chart["labels"] == ["email", "social media"]
    assert chart["values"] == [66.7, 50.0]  # rounded as the label is: the bar is as long as it says
    assert chart["value_labels"] == ["66.7%", "50.0%"]
    assert chart["responses"] == [3, 1]
    assert chart["response_labels"] == ["3 responses", "1 response"]
    assert chart["tick_lines"] == [["email"], ["social media"]]
    assert chart["y_ticks"][0] == chart["y_min"] == 0 and chart["y_ticks"][-1] == chart["y_max"] == 100
    assert chart["message"] == ""
    assert chart["title"] == "Satisfied customers (CSAT %) by channel, for all responses"
    assert (
        drawn.alt
        == "Bar chart of satisfied customers (CSAT %) by channel, for all responses. email 66.7%; social media 50.0%."
    )
    assert drawn.table == {
        "caption": "Satisfied customers (CSAT) by channel, for all responses",
        "columns": ["Channel", "CSAT", "Responses"],
        "rows": [["email", "66.7%", "3"], ["social media", "50.0%", "1"]],
    }


def test_a_month_chart_is_a_line_with_short_month_names_under_its_points():
    drawn = explorer_chart("month", "channel email", [("2025-09", 80.0, 5), ("2025-10", 62.5, 8)])
    assert drawn.chart["kind"] == "line"
    assert drawn.chart["labels"] == ["September 2025", "October 2025"]
    assert drawn.chart["tick_lines"] == [["Sep", "2025"], ["Oct", "2025"]]
    assert drawn.chart["values"] == [80.0, 62.5]
    assert drawn.chart["category_axis"] == "Month"
    assert drawn.alt.startswith("Line chart of satisfied customers (CSAT %) month by month, for channel email.")
    assert drawn.alt.endswith("September 2025 80.0%; October 2025 62.5%.")


def test_one_month_is_a_line_chart_of_one_point():
    drawn = explorer_chart("month", "month June 2025", [("2025-06", 50.0, 2)])
    assert drawn.chart["kind"] == "line"
    assert drawn.chart["labels"] == ["June 2025"] and drawn.chart["values"] == [50.0]
    assert drawn.table["rows"] == [["June 2025", "50.0%", "2"]]


def test_no_groups_draws_a_message_not_an_empty_chart():
    for by in ("month", "touchpoint"):
        drawn = explorer_chart(by, "channel fax", [])
        assert drawn.chart["message"] == NO_RESPONSES == "No responses to show"
        assert drawn.chart["labels"] == drawn.chart["values"] == drawn.chart["responses"] == []
        assert drawn.alt.endswith(", for channel fax. No responses to show.")
        assert drawn.table["rows"] == []


def test_a_group_without_scores_is_no_data_not_zero_and_the_chart_is_valid_json():
    import json

    drawn = explorer_chart(
        "month", "all responses", [("2025-04", 40.0, 5), ("2025-05", math.nan, 2), ("2025-06", 0.0, 1)]
    )
    assert drawn.chart["values"] == [40.0, None, 0.0]  # None (JSON null) breaks the line; 0% is a real value
    assert drawn.chart["value_labels"] == ["40.0%", "no data", "0.0%"]
    assert drawn.chart["responses"] == [5, 2, 1]
    assert "May 2025 no data" in drawn.alt
    assert json.loads(json.dumps(drawn.chart, allow_nan=False)) == drawn.chart  # no NaN reaches the front end


def test_labels_are_data_not_markup_and_long_ones_wrap_onto_two_lines():
    hostile = "<script>alert(1)</script>"
    long_name = "a channel name far too long to write on one line above its bar, or even on two lines of it"
    drawn = explorer_chart("channel", "all responses", [(hostile, 50.0, 2), (long_name, 25.0, 4)])
    assert drawn.chart["labels"] == [hostile, long_name]  # as given: the front end sets them with textContent
    first, second = drawn.chart["tick_lines"][1]
    assert len(first) <= 40 and len(second) <= 40 and second.endswith("…")
    assert drawn.table["rows"][1][0] == long_name  # the table keeps the whole name
    with pytest.raises(ValueError, match="by must be one of"):
        explorer_chart("colour", "all responses", [])


def test_the_explorer_never_imports_matplotlib():
    import subprocess
    import sys

    code = (
        "import sys\nfrom widgets import FeedbackExplorer\n"
        "e = FeedbackExplorer()\ne.channel = 'email'\ne.chart_by = 'touchpoint'\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- the widget


def test_starts_with_everything_and_offers_only_what_the_data_has():
    explorer = FeedbackExplorer(small())
    assert repr(explorer) == "FeedbackExplorer(8 responses, no filters)"
    assert explorer.filters == {}
    assert explorer.status == "Showing all 8 responses."
    assert explorer.choices["channel"]["options"] == [
        ["", "All"],
        ["email", "email"],
        ["social media", "social media"],
        ["comment card", "comment card"],
    ]
    assert explorer.choices["month"]["options"][0] == ["", "All months"]
    assert explorer.choices["month"]["options"][1] == ["2025-04", "April 2025"]
    assert explorer.choices["channel"]["style"] == "radio" and explorer.choices["month"]["style"] == "select"
    # all 8: csat 5,4,2,5,3,1,4,2 -> 4 of 8; recommend 10,8,3,9,7,0,9,6 -> (3 - 3) / 8
    assert card(explorer, "responses") == "8"
    assert card(explorer, "csat_pct") == "50.0%"
    assert card(explorer, "nps") == "+0.0"
    assert card(explorer, "fcr_pct") == "50.0%"
    assert card(explorer, "median_response_hours") == "27.0 hours"  # 24 and 30
    # The chart is plain data for the front end to draw: one point a month, CSAT on a 0-100 scale.
    # April: 5, 4 -> 100%; May: 2, 5, 3 -> 1 of 3; June: 1, 4, 2 -> 1 of 3
    chart = explorer.chart
    assert chart["kind"] == "line"
    assert chart["labels"] == ["April 2025", "May 2025", "June 2025"]
    assert chart["values"] == [100.0, 33.3, 33.3]
    assert chart["value_labels"] == ["100.0%", "33.3%", "33.3%"]
    assert chart["responses"] == [2, 3, 3]
    assert (chart["y_min"], chart["y_max"]) == (0, 100)
    assert chart["title"] == "Satisfied customers (CSAT %) month by month, for all responses"


def test_choosing_a_channel_in_the_front_end_updates_the_numbers_chart_and_announcement():
    explorer = FeedbackExplorer(small())
    before = explorer.chart
    explorer.set_state({"channel": "email"})  # what a click on the "email" radio button sends
    assert explorer.filters == {"channel": "email"}
    assert repr(explorer) == "FeedbackExplorer(8 responses, showing 4: channel='email')"
    assert card(explorer, "responses") == "4"
    assert card(explorer, "csat_pct") == "75.0%"
    assert card(explorer, "nps") == "+25.0"
    assert card(explorer, "median_response_hours") == "20.0 hours"
    assert explorer.status == "Showing 4 of 8 responses: channel email."
    assert "CSAT 75.0%" in explorer.announcement and "NPS +25.0" in explorer.announcement
    # email by month: April 5, 4; May 2; June 4
    assert explorer.chart != before
    assert explorer.chart["values"] == [100.0, 0.0, 100.0]
    assert explorer.chart["responses"] == [2, 1, 1]
    assert explorer.chart["title"].endswith("for channel email")
    assert explorer.kpis == fd.headline_kpis(fd.filter_feedback(small(), channel="email"))


def test_negative_nps_is_shown_with_a_real_minus_sign():
    explorer = FeedbackExplorer(small(), channel="comment card")
    # recommend 0 and 6: both detractors
    assert card(explorer, "nps") == "−100.0"
    assert "NPS −100.0" in explorer.announcement


def test_the_chart_table_matches_the_kpi_table_for_what_is_compared():
    explorer = FeedbackExplorer(small(), chart_by="product_category")
    explorer.set_state({"touchpoint": "delivery"})
    # delivery: R-1 laundry 5, R-4 cooking 5, R-8 laundry 2
    assert explorer.chart_table["rows"] == [["cooking", "100.0%", "1"], ["laundry", "50.0%", "2"]]
    assert explorer.chart_table["columns"] == ["Product range", "CSAT", "Responses"]
    assert (
        explorer.chart_table["caption"] == "Satisfied customers (CSAT) by product range, for stage of service delivery"
    )
    assert explorer.chart_alt.startswith("Bar chart of satisfied customers (CSAT %) by product range")
    assert explorer.chart["kind"] == "bar"
    assert explorer.chart["labels"] == ["cooking", "laundry"]
    assert explorer.chart["values"] == [100.0, 50.0]
    assert "cooking 100.0%; laundry 50.0%" in explorer.chart_alt
    explorer.set_state({"chart_by": "month"})
    assert [row[0] for row in explorer.chart_table["rows"]] == ["April 2025", "May 2025", "June 2025"]
    assert explorer.chart_alt.startswith("Line chart")
    assert explorer.chart["kind"] == "line" and explorer.chart["labels"] == ["April 2025", "May 2025", "June 2025"]


def test_no_matching_responses_says_so_instead_of_showing_numbers():
    explorer = FeedbackExplorer(small(), channel="social media")
    explorer.set_state({"touchpoint": "repair"})
    assert card(explorer, "responses") == "0"
    assert card(explorer, "csat_pct") == card(explorer, "nps") == "no data"
    assert explorer.status.startswith("No responses match channel social media, stage of service repair.")
    assert explorer.announcement == explorer.status
    assert explorer.chart_table["rows"] == []
    assert explorer.chart_alt.endswith("No responses to show.")
    assert explorer.chart["labels"] == explorer.chart["values"] == []
    assert explorer.chart["message"] == "No responses to show"


def test_reset_from_the_front_end_clears_every_filter_in_one_update():
    explorer = FeedbackExplorer(small(), channel="email", month="2025-04")
    updates = []
    explorer.observe(lambda change: updates.append(change["new"]), "status")
    explorer._on_front_end_message(explorer, {"action": "reset"}, [])
    assert explorer.filters == {}
    assert updates == ["Showing all 8 responses."]  # one refresh, not one per filter
    explorer._on_front_end_message(explorer, {"action": "something else"}, [])
    assert explorer.filters == {}


def test_bad_values_are_refused_early_and_later():
    with pytest.raises(ValueError, match="no channel 'fax' in this data; choose one of 'email'"):
        FeedbackExplorer(small(), channel="fax")
    with pytest.raises(ValueError, match="no month '2025-12'"):
        FeedbackExplorer(small(), month="2025-12")
    with pytest.raises(ValueError, match="chart_by must be one of"):
        FeedbackExplorer(small(), chart_by="colour")
    explorer = FeedbackExplorer(small())
    with pytest.raises(traitlets.TraitError, match="no product range 'garden'"):
        explorer.product_category = "garden"
    with pytest.raises(traitlets.TraitError, match="chart_by"):
        explorer.chart_by = "weather"
    assert explorer.filters == {}


def test_needs_a_feedback_table():
    with pytest.raises(ValueError, match="no column"):
        FeedbackExplorer(pd.DataFrame({"csat": [5]}))
    with pytest.raises(ValueError, match="DataFrame"):
        FeedbackExplorer("feedback.csv")


def test_a_tutors_own_export_works_through_load_feedback():
    # Their file has only two channels and a heading written differently.
    text = (
        "\n".join(
            ",".join(row)
            for row in [
                ["Response ID", *list(fd.COLUMNS)[1:]],
                ["X-1", "C-1", "2026-01-05", "Email", "cooking", "repair", "4", "9", "3", "yes", "", "no", "no", ""],
                [
                    "X-2",
                    "C-2",
                    "2026-01-06",
                    "follow-up call",
                    "cooking",
                    "repair",
                    "2",
                    "5",
                    "40",
                    "no",
                    "faulty item",
                    "yes",
                    "no",
                    "",
                ],
            ]
        )
        + "\n"
    )
    explorer = FeedbackExplorer(fd.load_feedback(text))
    assert [value for value, _ in explorer.choices["channel"]["options"]] == ["", "follow-up call", "email"]
    explorer.channel = "email"
    assert card(explorer, "csat_pct") == "100.0%"


def test_the_default_is_the_committed_dataset():
    explorer = FeedbackExplorer()
    assert repr(explorer) == "FeedbackExplorer(600 responses, no filters)"
    # The regenerated dataset (issue 10): FCR over the 302 contacts that needed resolving,
    # reply time over the 290 contacts the customer started.
    assert card(explorer, "csat_pct") == "69.3%"
    assert card(explorer, "nps") == "+10.2"
    assert card(explorer, "fcr_pct") == "59.6%"
    assert card(explorer, "median_response_hours") == "18.6 hours"
    assert len(explorer.choices["month"]["options"]) == 13
