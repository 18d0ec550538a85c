"""One story about recording a contact, wherever the pack teaches or checks it.

The coverage audit (2026-12, item 4) found logging in three places: straight after the first
contact (lesson 01, Activity 1.2), at Take action (the HEAT card "Fix it, log it") and after the
apology (the complaint chart). The pack now says one thing everywhere: record the contact as soon
as it is made, and update the record as you act. These tests check the ordering keys and the
charts put the record where that story does, so a learner who follows the text is marked right.
"""

import re

import pytest

from widgets.content import load_kind

RECORDING = re.compile(r"\b(record|log)", re.IGNORECASE)


@pytest.fixture(scope="module")
def ordering():
    return load_kind("ordering")


@pytest.fixture(scope="module")
def charts():
    return load_kind("flowcharts")


def start_of(chart):
    """The chart's start: the terminal no arrow leads into."""
    targets = {edge.target for edge in chart.edges}
    (start,) = [n for n in chart.nodes if n.kind == "terminal" and n.id not in targets]
    return start


def next_step(chart, node):
    """The one box ``node`` leads on to (feedback loops aside)."""
    (target,) = [edge.target for edge in chart.edges if edge.source == node.id and not edge.loop]
    return next(n for n in chart.nodes if n.id == target)


def record_box(chart):
    """Where the chart records the contact: after the sale and the first contact, or straight after a complaint arrives."""
    start = start_of(chart)
    return next_step(chart, next_step(chart, start)) if start.id == "sale" else next_step(chart, start)


def test_the_stages_record_the_contact_straight_after_it_is_made(ordering):
    labels = [item.label for item in ordering["after-sales-stages"].items]
    # The first card that records anything comes straight after the contact (reviewing the records comes later).
    assert next(i for i, label in enumerate(labels) if RECORDING.search(label)) == 1, labels
    assert "as soon as it is made" in ordering["after-sales-stages"].items[1].why


@pytest.mark.parametrize("chart_id", ["after-sales-process", "complaint-handling"])
def test_a_chart_opens_the_record_at_the_first_contact(charts, chart_id):
    box = record_box(charts[chart_id])
    assert RECORDING.search(box.label), f"{chart_id}: the step where the record should open is {box.label!r}"


def test_the_complaint_chart_learns_from_the_record_it_opened(charts):
    chart = charts["complaint-handling"]
    loops = [edge for edge in chart.edges if edge.loop]
    assert [edge.source for edge in loops] == [record_box(chart).id]
    assert "as you act" in chart.note


def test_heat_updates_the_record_at_take_action_and_has_no_separate_logging_step(ordering):
    labels = [item.label for item in ordering["heat-complaint-steps"].items]
    assert "update the record" in labels[-1]
    assert not any(RECORDING.search(label) for label in labels[:-1]), labels
