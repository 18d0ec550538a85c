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
    assert explorer.chart[:8] == b"\x89PNG\r\n\x1a\n"


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
    assert explorer.chart != before
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
    assert "cooking 100.0%; laundry 50.0%" in explorer.chart_alt
    explorer.set_state({"chart_by": "month"})
    assert [row[0] for row in explorer.chart_table["rows"]] == ["April 2025", "May 2025", "June 2025"]
    assert explorer.chart_alt.startswith("Line chart")


def test_no_matching_responses_says_so_instead_of_showing_numbers():
    explorer = FeedbackExplorer(small(), channel="social media")
    explorer.set_state({"touchpoint": "repair"})
    assert card(explorer, "responses") == "0"
    assert card(explorer, "csat_pct") == card(explorer, "nps") == "no data"
    assert explorer.status.startswith("No responses match channel social media, stage of service repair.")
    assert explorer.announcement == explorer.status
    assert explorer.chart_table["rows"] == []
    assert explorer.chart_alt.endswith("No responses to show.")


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
