"""The KPIs of a service review (CSAT, NPS, first-contact resolution, response times) and filtering by group."""

from __future__ import annotations

import re
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from .schema import COLUMNS, THEMES


# --------------------------------------------------------------------------
# KPIs
# --------------------------------------------------------------------------


def _floats(series: pd.Series) -> np.ndarray:
    """Column as float64 with NaN for missing (bools become 0.0/1.0)."""
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "biuf":
        return series.to_numpy(dtype="float64")
    try:
        return series.to_numpy(dtype="float64", na_value=np.nan)
    except (TypeError, ValueError):
        return pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _is_complete(series: pd.Series) -> bool:
    """True for plain numpy bool/integer columns, which cannot hold blanks."""
    return isinstance(series.dtype, np.dtype) and series.dtype.kind in "biu"


def _pct_of_answered(series: pd.Series, test) -> float:
    """100 × (answered rows passing ``test``) / (answered rows); NaN if none."""
    if _is_complete(series):
        values = series.to_numpy()
        answered = values.size
    else:
        values = _floats(series)
        answered = values.size - np.count_nonzero(np.isnan(values))
    if answered == 0:
        return float("nan")
    return float(np.count_nonzero(test(values)) * 100.0 / answered)


def _per_row_pct(series: pd.Series, test) -> np.ndarray:
    """100.0 where ``test`` passes, 0.0 where not, NaN where blank."""
    if _is_complete(series):
        return test(series.to_numpy()) * 100.0
    values = _floats(series)
    out = test(values) * 100.0
    out[np.isnan(values)] = np.nan
    return out


def _satisfied(values):
    return values >= 4


def _promoter(values):
    return values >= 9


def _detractor(values):
    return values <= 6


def _true(values):
    return values if values.dtype == bool else values == 1


def csat(df: pd.DataFrame) -> float:
    """CSAT: percentage of responses scoring 4 or 5 out of 5.

    Blank scores are ignored. Returns NaN when there are no scores.

    >>> csat(pd.DataFrame({"csat": [5, 4, 3, 1]}))
    50.0
    """
    return _pct_of_answered(df["csat"], _satisfied)


def nps(df: pd.DataFrame) -> float:
    """Net Promoter Score: % promoters (9–10) minus % detractors (0–6).

    Uses the ``recommend`` column (0–10). Passives (7–8) count in the total
    but in neither group. Returns a score from −100 to +100, or NaN when
    there are no answers.

    >>> nps(pd.DataFrame({"recommend": [10, 9, 8, 3]}))
    25.0
    """
    series = df["recommend"]
    return _pct_of_answered(series, _promoter) - _pct_of_answered(series, _detractor)


def first_contact_resolution(df: pd.DataFrame) -> float:
    """First contact resolution: % of the contacts that needed resolving that were resolved at the first contact.

    ``resolved_first_contact`` is blank where there was nothing to resolve (a
    compliment, a delivery that went well), and blank rows are left out of the
    count. Returns NaN when no contact needed resolving.

    >>> first_contact_resolution(pd.DataFrame({"resolved_first_contact": [True, False]}))
    50.0
    """
    return _pct_of_answered(df["resolved_first_contact"], _true)


def response_time_summary(df: pd.DataFrame) -> pd.Series:
    """Summary of ``response_hours``: how quickly we replied.

    Returns a Series with ``responses`` (non-blank times), ``median_hours``,
    ``mean_hours``, ``p90_hours`` (90% of replies were this fast or faster)
    and ``pct_within_24h`` (replied within 24 hours, inclusive). All NaN when
    there are no times.
    """
    hours = _floats(df["response_hours"])
    missing = np.isnan(hours)
    if missing.any():
        hours = hours[~missing]
    if hours.size == 0:
        stats = [0, np.nan, np.nan, np.nan, np.nan]
    else:
        median, p90 = np.quantile(hours, [0.5, 0.9])  # one sort for both
        stats = [
            hours.size,
            float(median),
            float(hours.mean()),
            float(p90),
            float(np.count_nonzero(hours <= 24) * 100.0 / hours.size),
        ]
    return pd.Series(
        stats,
        index=["responses", "median_hours", "mean_hours", "p90_hours", "pct_within_24h"],
        name="response_time",
        dtype="float64",
    )


_KPI_COLUMNS = [
    "responses",
    "csat_pct",
    "nps",
    "fcr_pct",
    "median_response_hours",
    "p90_response_hours",
    "pct_within_24h",
    "repeat_purchase_pct",
]


def _month_key(df: pd.DataFrame) -> pd.Series:
    dates = df["date"]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        dates = pd.to_datetime(dates, errors="coerce", format="ISO8601")
    return dates.dt.to_period("M").rename("month")


def _group_keys(df: pd.DataFrame, by) -> list[pd.Series]:
    keys = [by] if isinstance(by, str) else list(by)
    out = []
    for key in keys:
        if key == "month":
            out.append(_month_key(df))
        elif key in df.columns:
            out.append(df[key])
        else:
            raise ValueError(
                f"cannot group by '{key}': use 'channel', 'product_category', 'touchpoint', "
                "'month' or another column of the table"
            )
    return out


def _kpi_frame(df: pd.DataFrame, by) -> pd.DataFrame:
    """KPIs per group, unrounded. ``by`` is a column name or list of names."""
    hours = df["response_hours"]
    hours = hours.to_numpy() if hours.dtype == "float64" else _floats(hours)
    within = (hours <= 24) * 100.0
    within[np.isnan(hours)] = np.nan
    recommend = df["recommend"]
    if _is_complete(recommend):
        values = recommend.to_numpy()
        nps_score = (_promoter(values).view(np.int8) - _detractor(values).view(np.int8)) * 100.0
    else:
        nps_score = _per_row_pct(recommend, _promoter) - _per_row_pct(recommend, _detractor)
    work = pd.DataFrame(
        {
            "csat_pct": _per_row_pct(df["csat"], _satisfied),
            "nps": nps_score,
            "fcr_pct": _per_row_pct(df["resolved_first_contact"], _true),
            "pct_within_24h": within,
            "repeat_purchase_pct": _per_row_pct(df["repeat_purchase_90d"], _true),
            "hours": hours,
        },
        index=df.index,
    )
    grouped = work.groupby(_group_keys(df, by), observed=True, sort=True)
    means = grouped[["csat_pct", "nps", "fcr_pct", "pct_within_24h", "repeat_purchase_pct"]].mean()
    table = pd.DataFrame(
        {
            "responses": grouped.size(),
            "csat_pct": means["csat_pct"],
            "nps": means["nps"],
            "fcr_pct": means["fcr_pct"],
            "median_response_hours": grouped["hours"].median(),
            "p90_response_hours": grouped["hours"].quantile(0.9),
            "pct_within_24h": means["pct_within_24h"],
            "repeat_purchase_pct": means["repeat_purchase_pct"],
        }
    )
    return table[_KPI_COLUMNS]


def kpi_table(df: pd.DataFrame, by: str | None = None, decimals: int | None = 1) -> pd.DataFrame:
    """All the headline KPIs in one table, overall or per group.

    ``by`` is ``None`` (one row, labelled ``"all"``), ``"channel"``,
    ``"product_category"``, ``"touchpoint"``, ``"month"`` (calendar month of
    ``date``, shown as e.g. ``2025-11``) or any other column. Columns:
    ``responses`` (count of rows), ``csat_pct``, ``nps``, ``fcr_pct``,
    ``median_response_hours``, ``p90_response_hours``, ``pct_within_24h`` and
    ``repeat_purchase_pct``. Use :data:`KPI_LABELS` to rename them for display.
    Values are rounded to ``decimals`` places (``None`` keeps full precision).
    Groups with no rows are not shown; an empty input gives an empty table.
    """
    if by is None:
        times = response_time_summary(df)
        table = pd.DataFrame(
            {
                "responses": [len(df)],
                "csat_pct": [csat(df)],
                "nps": [nps(df)],
                "fcr_pct": [first_contact_resolution(df)],
                "median_response_hours": [times["median_hours"]],
                "p90_response_hours": [times["p90_hours"]],
                "pct_within_24h": [times["pct_within_24h"]],
                "repeat_purchase_pct": [_pct_of_answered(df["repeat_purchase_90d"], _true)],
            },
            index=pd.Index(["all"], name="group"),
        )
    else:
        table = _kpi_frame(df, by)
    table["responses"] = table["responses"].astype("int64")
    if decimals is not None:
        table = table.round(decimals)
    return table


def repeat_purchase_by(df: pd.DataFrame, column: str, decimals: int | None = 1) -> pd.DataFrame:
    """Repeat-purchase rate for each value of ``column``.

    For example ``repeat_purchase_by(df, "resolved_first_contact")`` compares
    customers whose problem was sorted first time (``True``) with those who
    had to come back (``False``). Returns ``responses``, ``repeat_purchases``
    and ``repeat_purchase_pct`` (bought again within 90 days) per value; blank
    values of ``column`` form their own group. An empty input gives an empty
    table.
    """
    if column not in df.columns:
        raise ValueError(f"there is no column called '{column}'")
    repeat = pd.Series(_floats(df["repeat_purchase_90d"]), index=df.index)
    grouped = repeat.groupby(df[column], observed=True, dropna=False, sort=True)
    table = pd.DataFrame(
        {
            "responses": grouped.count().astype("int64"),
            "repeat_purchases": grouped.sum().astype("int64"),
        }
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        table["repeat_purchase_pct"] = table["repeat_purchases"] * 100.0 / table["responses"].replace(0, np.nan)
    if decimals is not None:
        table = table.round(decimals)
    return table


def complaint_themes(df: pd.DataFrame, top: int = 5, themes: Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """Group free-text comments into explainable complaint themes by keyword.

    A comment counts towards a theme when it contains any of that theme's
    keywords as whole words, ignoring capitals (see :data:`THEMES`, or pass
    your own ``themes`` mapping). One comment can count towards several
    themes. Returns ``theme``, ``comments`` (how many mention it),
    ``pct_of_comments`` (of non-blank comments) and ``keywords``, largest
    first (ties alphabetically), at most ``top`` rows, themes with no
    mentions left out.

    Keyword matching is easy to explain but cannot read meaning: "not late
    at all" still counts as a mention of "late".
    """
    themes = THEMES if themes is None else themes
    columns = ["theme", "comments", "pct_of_comments", "keywords"]
    text = df["comment"] if "comment" in df.columns else pd.Series([], dtype="str")
    text = text.dropna().astype("str")
    text = text[text.str.strip() != ""]
    if text.empty:
        return pd.DataFrame(
            {
                c: pd.Series(dtype="int64" if c == "comments" else "float64" if c == "pct_of_comments" else "str")
                for c in columns
            }
        )
    counts = []
    for theme, keywords in themes.items():  # loops over themes, not rows
        keywords = list(keywords)
        pattern = r"(?<!\w)(?:" + "|".join(re.escape(k) for k in keywords) + r")(?!\w)"
        hits = int(text.str.contains(pattern, case=False, regex=True).sum())
        counts.append((theme, hits, hits * 100.0 / len(text), ", ".join(keywords)))
    table = pd.DataFrame(counts, columns=columns)
    table = table[table["comments"] > 0]
    table = table.sort_values(["comments", "theme"], ascending=[False, True], kind="stable")
    table["pct_of_comments"] = table["pct_of_comments"].round(1)
    return table.head(top).reset_index(drop=True)


# --------------------------------------------------------------------------
# Filtering (what the feedback explorer shows)
# --------------------------------------------------------------------------

#: The columns the explorer filters on, in the order its controls appear.
FILTERS = ("channel", "product_category", "touchpoint", "month")

_MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def month_label(month: str) -> str:
    """'2025-10' → 'October 2025' (the words the explorer shows for a month)."""
    return pd.Period(month, freq="M").strftime("%B %Y")


def filter_values(df: pd.DataFrame, column: str) -> list[str]:
    """The values of ``column`` that occur in ``df``, in a sensible order.

    Categories keep the order of their specification (``CHANNELS`` and so on);
    ``"month"`` gives ``"YYYY-MM"`` texts, oldest first. Blanks are left out.
    """
    if column == "month":
        months = _month_key(df).dropna().unique()
        return [str(m) for m in sorted(months)]
    if column not in df.columns:
        raise ValueError(f"there is no column called '{column}'")
    values = df[column].dropna()
    present = set(values.astype("str"))
    spec = COLUMNS.get(column)
    order = list(spec.allowed) if spec is not None and spec.allowed else sorted(present)
    return [v for v in order if v in present]


def filter_feedback(
    df: pd.DataFrame,
    *,
    channel: str | None = None,
    product_category: str | None = None,
    touchpoint: str | None = None,
    month: str | None = None,
) -> pd.DataFrame:
    """The rows of ``df`` that match every filter given.

    ``None`` or ``""`` means "any". ``month`` is ``"YYYY-MM"`` (e.g.
    ``"2025-10"``) and matches the calendar month of ``date``. Category values
    must be written exactly as in the data (``"social media"``); an unknown
    value matches no rows rather than raising, so a tutor's own export with a
    different set of channels still works. Returns a new table (the index is
    kept, so rows can be traced back); ``df`` is not changed.
    """
    keep = np.ones(len(df), dtype=bool)
    for column, wanted in (("channel", channel), ("product_category", product_category), ("touchpoint", touchpoint)):
        if wanted is None or wanted == "":
            continue
        if column not in df.columns:
            raise ValueError(f"cannot filter on '{column}': the table has no such column")
        keep &= (df[column].astype("str") == str(wanted)).to_numpy(dtype=bool, na_value=False)
    if month is not None and month != "":
        if not isinstance(month, str) or not _MONTH_PATTERN.match(month):
            raise ValueError(f"month should be written YYYY-MM, e.g. '2025-10'; found {month!r}")
        keep &= (_month_key(df).astype("str") == month).to_numpy(dtype=bool, na_value=False)
    return df.loc[keep].copy()


def headline_kpis(df: pd.DataFrame) -> dict[str, float]:
    """The explorer's five numbers, unrounded: responses, CSAT %, NPS, FCR % and median reply hours.

    Values are NaN where there is nothing to measure (e.g. no rows).
    """
    times = response_time_summary(df)
    return {
        "responses": float(len(df)),
        "csat_pct": csat(df),
        "nps": nps(df),
        "fcr_pct": first_contact_resolution(df),
        "median_response_hours": float(times["median_hours"]),
    }
