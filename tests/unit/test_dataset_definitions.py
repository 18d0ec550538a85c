"""The committed feedback dataset keeps to the lessons' own definitions (audit F12, F13, F25)."""

import pandas as pd
import pytest

from widgets import feedback as fd

BUSINESS_STARTED = ("post-purchase survey", "follow-up call")


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    loaded = fd.load_feedback()
    assert loaded.rows_excluded == 0, loaded.summary()
    return loaded.frame


def test_reply_time_only_where_the_customer_contacted_us(log):
    started_by_us = log["channel"].isin(BUSINESS_STARTED)
    assert log.loc[started_by_us, "response_hours"].isna().all()
    assert log.loc[~started_by_us, "response_hours"].notna().all()


def test_first_contact_resolution_only_where_something_needed_resolving(log):
    nothing_to_resolve = log["complaint_category"].isna() & log["touchpoint"].isin(
        ["delivery", "installation", "follow-up"]
    )
    assert log.loc[nothing_to_resolve, "resolved_first_contact"].isna().all()
    assert log.loc[~nothing_to_resolve, "resolved_first_contact"].notna().all()
    answered = log["resolved_first_contact"].dropna().astype(bool)
    assert fd.first_contact_resolution(log) == pytest.approx(100 * answered.sum() / len(answered))
    assert len(answered) < len(log)  # the KPI is not worked out over every row


def test_follow_up_flags_fit_the_story(log):
    # Lesson 06: advisers call after every repair; a follow-up call is Harbour getting in touch first.
    assert log.loc[log["channel"] == "follow-up call", "proactive_followup"].all()
    assert log.loc[log["touchpoint"] == "repair", "proactive_followup"].all()


def test_comment_cards_are_only_about_things_that_happen_in_store(log):
    cards = log[log["channel"] == "comment card"]
    assert len(cards) > 0 and set(cards["touchpoint"]) <= {"return", "complaint"}


@pytest.mark.parametrize(
    "touchpoint, words",
    [
        ("delivery", ("engineer", "installer", "fitted", "refund")),
        ("installation", ("driver", "refund")),
        ("repair", ("driver", "refund")),
        ("return", ("engineer", "installer", "driver")),
    ],
)
def test_comments_fit_their_touchpoint(log, touchpoint, words):
    comments = log.loc[log["touchpoint"] == touchpoint, "comment"].dropna().str.lower()
    assert len(comments) > 10
    for word in words:
        assert not comments.str.contains(word, regex=False).any(), f"a {touchpoint} comment mentions {word!r}"
