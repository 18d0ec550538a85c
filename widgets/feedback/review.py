"""Lesson 09's review pack: the year's evidence from a feedback log, as plain text to read before recommending.

The lesson shows it with one line, ``print(review_pack(df))``; before, a 59-line function sat in
the notebook (coverage audit 2026-12, item 6). Every figure is worked out from the log it is given,
so a tutor's own file (``$AFTER_SALES_FEEDBACK_FILE``) gets its own pack.
"""

from __future__ import annotations

import pandas as pd

from .kpis import filter_values, kpi_table, repeat_purchase_by

#: How each KPI column of a kpi_table row is written in the pack: (words before, number format, words after).
SHOWN = {
    "csat_pct": ("CSAT ", ".1f", "%"),
    "nps": ("NPS ", "+.1f", ""),
    "fcr_pct": ("sorted first time ", ".1f", "%"),
    "pct_within_24h": ("replied within 24 hours ", ".1f", "%"),
    "repeat_purchase_pct": ("bought again ", ".1f", "%"),
    "median_response_hours": ("median reply ", ".1f", " hours"),
}
#: Where Harbour made the contact (a survey, a follow-up call) nobody waited for a reply.
NO_REPLY_TIME = "no reply time (we got in touch)"
#: A group with no responses in the log (a tutor's file may have no slow replies, say).
NO_RESPONSES = "no responses"
LABEL_WIDTH = 28


def shown(column: str, value) -> str:
    """A KPI in the pack's words, e.g. "CSAT 69.3%"; a KPI that cannot be worked out is a dash."""
    before, spec, after = SHOWN[column]
    return before + ("–" if pd.isna(value) else f"{value:{spec}}{after}")


def percent(value) -> str:
    """ "55.0%", or a dash where there is nothing to work it out from."""
    return "–" if pd.isna(value) else f"{value:.1f}%"


def responses(row: pd.Series) -> str:
    """ "(227 responses)", or "(1 response)"."""
    count = int(row["responses"])
    return f"({count} response{'' if count == 1 else 's'})"


def group(table: pd.DataFrame, key) -> pd.Series | None:
    """The row of a kpi_table for one group, or None where the log has no responses in it."""
    if key not in table.index or not table.loc[key, "responses"]:
        return None
    return table.loc[key]


def pack_line(label: str, row: pd.Series | None, *columns: str) -> str:
    """One line of the pack: the label, then the chosen KPIs of a kpi_table row, then how many responses."""
    if row is None:
        return f"  {label:<{LABEL_WIDTH}}{NO_RESPONSES}"
    kpis = [
        NO_REPLY_TIME if column == "pct_within_24h" and pd.isna(row[column]) else shown(column, row[column])
        for column in columns
    ]
    return f"  {label:<{LABEL_WIDTH}}" + ", ".join(kpis) + f" {responses(row)}"


def halfway_month(df: pd.DataFrame) -> pd.Timestamp:
    """The first day of the middle month of the log: the pack compares the months before it with the rest."""
    months = filter_values(df, "month")
    return pd.Timestamp(f"{months[len(months) // 2]}-01")


def review_pack(df: pd.DataFrame) -> str:
    """The review pack for a feedback log: overall KPIs, then six sections of evidence, as printable text."""
    first, last = df["date"].min(), df["date"].max()
    overall = kpi_table(df).loc["all"]
    headline = ", ".join(shown(column, overall[column]) for column in ("csat_pct", "nps", "fcr_pct"))
    lines = [
        f"Service review: {first:%B %Y} to {last:%B %Y}, {len(df)} responses",
        f"Overall: {headline}, {shown('median_response_hours', overall['median_response_hours'])}",
    ]

    lines += ["", "1. Reply time"]
    for label, rows in (
        ("replied within 48 hours", df[df["response_hours"] <= 48]),
        ("replied after 48 hours", df[df["response_hours"] > 48]),
    ):
        lines.append(pack_line(label, group(kpi_table(rows), "all"), "csat_pct", "nps"))

    lines += ["", "2. Channels"]
    by_channel = kpi_table(df, by="channel")
    for channel in by_channel.index:
        lines.append(pack_line(channel, group(by_channel, channel), "pct_within_24h", "csat_pct"))

    lines += ["", "3. Sorted out first time, and buying again"]
    repeat = repeat_purchase_by(df, "resolved_first_contact")
    for value, label in ((True, "sorted first time"), (False, "had to come back")):
        row = group(repeat, value)
        if row is None:
            lines.append(f"  {label:<{LABEL_WIDTH}}{NO_RESPONSES}")
        else:
            bought = percent(row["repeat_purchase_pct"])
            lines.append(f"  {label:<{LABEL_WIDTH}}bought again within 90 days {bought} {responses(row)}")

    lines += ["", "4. Proactive follow-up"]
    follow_up = kpi_table(df, by="proactive_followup")
    kpis = ("csat_pct", "nps", "repeat_purchase_pct")
    lines.append(pack_line("we got in touch first", group(follow_up, True), *kpis))
    lines.append(pack_line("we did not", group(follow_up, False), *kpis))

    halfway = halfway_month(df)
    lines += ["", f"5. Product ranges: CSAT before {halfway:%B %Y} -> from {halfway:%B %Y}"]
    before = kpi_table(df[df["date"] < halfway], by="product_category")
    after = kpi_table(df[df["date"] >= halfway], by="product_category")
    for product in filter_values(df, "product_category"):
        then, now = (group(table, product) for table in (before, after))
        then, now = (NO_RESPONSES if row is None else percent(row["csat_pct"]) for row in (then, now))
        lines.append(f"  {product:<{LABEL_WIDTH}}{then} -> {now}")

    lines += ["", f"6. Complaint types recorded by advisers, before and from {halfway:%B %Y}"]
    halves = df.assign(half=(df["date"] >= halfway).map({False: "before", True: "from"}))
    counts = halves.groupby(["complaint_category", "half"], observed=True).size().unstack(fill_value=0)
    for complaint, row in counts.iterrows():
        lines.append(f"  {complaint:<{LABEL_WIDTH}}{row.get('before', 0):>3} -> {row.get('from', 0):>3}")
    if counts.empty:
        lines.append("  no complaints recorded")
    return "\n".join(lines)
