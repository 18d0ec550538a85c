"""Unit tests for the widgets.feedback package and data/feedback/generate.py.

Answers are worked out by hand on tiny tables; the comments show the sums.
"""

from __future__ import annotations

import hmac
import importlib.util
import io
import math
import sys
from hashlib import sha256
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from widgets import feedback as fd  # noqa: E402


def _load_generator():
    spec = importlib.util.spec_from_file_location("feedback_generate", ROOT / "data" / "feedback" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


def tiny() -> pd.DataFrame:
    """Six hand-made responses, typed like the real data."""
    return pd.DataFrame(
        {
            "response_id": ["R-1", "R-2", "R-3", "R-4", "R-5", "R-6"],
            "customer_ref": ["C-1", "C-2", "C-3", "C-4", "C-5", "C-6"],
            "date": pd.to_datetime(
                ["2025-04-03", "2025-04-20", "2025-05-01", "2025-05-02", "2025-05-30", "2025-06-15"]
            ).astype("datetime64[us]"),
            "channel": ["email", "email", "email", "social media", "social media", "comment card"],
            "product_category": ["laundry"] * 3 + ["cooking"] * 3,
            "touchpoint": ["delivery", "repair", "complaint", "delivery", "return", "follow-up"],
            "csat": [5, 4, 2, 5, 3, 1],
            "recommend": [10, 8, 3, 9, 7, 0],
            "response_hours": [2.0, 30.0, 50.0, 1.0, 24.0, 100.0],
            "resolved_first_contact": [True, True, False, True, False, False],
            "complaint_category": [None, "faulty item", "rude staff", None, "refund delay", "late delivery"],
            "proactive_followup": [True, False, False, True, False, False],
            "repeat_purchase_90d": [True, False, False, True, True, False],
            "comment": ["Lovely driver", "Washer broken", "Rude staff", None, "Refund is late", ""],
        }
    )


def tiny_csv_with(cells: dict | None = None) -> str:
    """tiny() as CSV text, with {(row, column): "text"} cells replaced."""
    frame = tiny().astype(object)
    frame["date"] = tiny()["date"].dt.strftime("%Y-%m-%d")
    for (row, column), value in (cells or {}).items():
        frame.loc[row, column] = value
    return frame.to_csv(index=False, lineterminator="\n")


# ---------------------------------------------------------------- KPIs


def test_csat_hand_computed():
    # scores 5, 4, 2, 5, 3, 1: three (5, 4, 5) are 4 or 5 -> 3 of 6 = 50 %
    assert fd.csat(tiny()) == pytest.approx(50.0)
    assert fd.csat(pd.DataFrame({"csat": [5, 4, 3, 1, 2]})) == pytest.approx(40.0)
    # a blank score is ignored: 1 of 2 answered
    assert fd.csat(pd.DataFrame({"csat": [5, np.nan, 1]})) == pytest.approx(50.0)


def test_nps_hand_computed():
    # 10, 9 promoters (2); 3, 0 detractors (2); 8, 7 passive -> (2 - 2) / 6 = 0
    assert fd.nps(tiny()) == pytest.approx(0.0)
    # 3 promoters, 1 detractor out of 4 -> 50
    assert fd.nps(pd.DataFrame({"recommend": [10, 10, 9, 3]})) == pytest.approx(50.0)
    assert fd.nps(pd.DataFrame({"recommend": [6, 0]})) == pytest.approx(-100.0)
    # 6 is a detractor, 7 is not
    assert fd.nps(pd.DataFrame({"recommend": [7, 6]})) == pytest.approx(-50.0)


def test_first_contact_resolution_hand_computed():
    assert fd.first_contact_resolution(tiny()) == pytest.approx(50.0)  # 3 of 6
    assert fd.first_contact_resolution(
        pd.DataFrame({"resolved_first_contact": [True, True, False, True]})
    ) == pytest.approx(75.0)


def test_response_time_summary_hand_computed():
    summary = fd.response_time_summary(pd.DataFrame({"response_hours": [1.0, 2.0, 3.0, 4.0, 100.0]}))
    assert summary["responses"] == 5
    assert summary["median_hours"] == pytest.approx(3.0)
    assert summary["mean_hours"] == pytest.approx(22.0)  # 110 / 5
    # 90th percentile, linear: position 0.9 * 4 = 3.6 -> 4 + 0.6 * (100 - 4) = 61.6
    assert summary["p90_hours"] == pytest.approx(61.6)
    assert summary["pct_within_24h"] == pytest.approx(80.0)
    # exactly 24 hours counts as within 24 hours
    edge = fd.response_time_summary(pd.DataFrame({"response_hours": [24.0, 24.1]}))
    assert edge["pct_within_24h"] == pytest.approx(50.0)


def test_empty_inputs_give_nan_not_errors():
    empty = fd.empty_feedback()
    assert math.isnan(fd.csat(empty))
    assert math.isnan(fd.nps(empty))
    assert math.isnan(fd.first_contact_resolution(empty))
    summary = fd.response_time_summary(empty)
    assert summary["responses"] == 0 and summary[1:].isna().all()
    overall = fd.kpi_table(empty)
    assert overall.loc["all", "responses"] == 0 and math.isnan(overall.loc["all", "csat_pct"])
    for by in ("channel", "product_category", "touchpoint", "month"):
        assert fd.kpi_table(empty, by=by).empty
    assert fd.repeat_purchase_by(empty, "resolved_first_contact").empty
    assert fd.complaint_themes(empty).empty
    assert list(fd.complaint_themes(empty).columns) == ["theme", "comments", "pct_of_comments", "keywords"]


def test_kpi_table_overall_hand_computed():
    row = fd.kpi_table(tiny()).loc["all"]
    assert row["responses"] == 6
    assert row["csat_pct"] == 50.0
    assert row["nps"] == 0.0
    assert row["fcr_pct"] == 50.0
    assert row["median_response_hours"] == 27.0  # (24 + 30) / 2
    assert row["pct_within_24h"] == 50.0  # 2, 1, 24
    assert row["repeat_purchase_pct"] == 50.0
    # hours sorted 1, 2, 24, 30, 50, 100: 0.9 * 5 = 4.5 -> 50 + 0.5 * 50 = 75
    assert row["p90_response_hours"] == 75.0


def test_kpi_table_by_channel_hand_computed():
    table = fd.kpi_table(tiny(), by="channel")
    assert list(table.index) == ["comment card", "email", "social media"]
    email = table.loc["email"]
    # email: csat 5,4,2 -> 2/3; recommend 10,8,3 -> (1 - 1)/3; fcr T,T,F
    assert email["responses"] == 3
    assert email["csat_pct"] == 66.7
    assert email["nps"] == 0.0
    assert email["fcr_pct"] == 66.7
    assert email["median_response_hours"] == 30.0
    assert email["pct_within_24h"] == 33.3
    social = table.loc["social media"]
    # csat 5,3 -> 50; recommend 9,7 -> (1 - 0)/2 = 50; hours 1, 24 -> both within 24
    assert (social["csat_pct"], social["nps"], social["pct_within_24h"]) == (50.0, 50.0, 100.0)
    card = table.loc["comment card"]
    assert (card["responses"], card["csat_pct"], card["nps"]) == (1, 0.0, -100.0)
    unrounded = fd.kpi_table(tiny(), by="channel", decimals=None)
    assert unrounded.loc["email", "csat_pct"] == pytest.approx(200 / 3)


def test_kpi_table_by_month_and_categorical_columns():
    table = fd.kpi_table(tiny(), by="month")
    assert [str(m) for m in table.index] == ["2025-04", "2025-05", "2025-06"]
    assert list(table["responses"]) == [2, 3, 1]
    # May: csat 2, 5, 3 -> 1 of 3
    assert table["csat_pct"].iloc[1] == 33.3
    # string dates work too
    as_text = tiny().assign(date=lambda d: d["date"].dt.strftime("%Y-%m-%d"))
    assert list(fd.kpi_table(as_text, by="month")["responses"]) == [2, 3, 1]
    # categorical grouping shows only the groups present
    cat = tiny().astype({"product_category": pd.CategoricalDtype(list(fd.PRODUCT_CATEGORIES))})
    assert list(fd.kpi_table(cat, by="product_category").index) == ["cooking", "laundry"]
    with pytest.raises(ValueError, match="cannot group by"):
        fd.kpi_table(tiny(), by="colour")


def test_repeat_purchase_by_hand_computed():
    table = fd.repeat_purchase_by(tiny(), "resolved_first_contact")
    # resolved: repeats T,F,T -> 2 of 3; not resolved: F,T,F -> 1 of 3
    assert table.loc[True, "responses"] == 3 and table.loc[True, "repeat_purchases"] == 2
    assert table.loc[True, "repeat_purchase_pct"] == 66.7
    assert table.loc[False, "repeat_purchase_pct"] == 33.3
    follow = fd.repeat_purchase_by(tiny(), "proactive_followup")
    assert follow.loc[True, "repeat_purchase_pct"] == 100.0  # both bought again
    assert follow.loc[False, "repeat_purchase_pct"] == 25.0  # 1 of 4
    with pytest.raises(ValueError):
        fd.repeat_purchase_by(tiny(), "nope")


def test_complaint_themes_hand_computed():
    df = pd.DataFrame(
        {
            "comment": [
                "Parcel was LATE",
                "Item broken and late",
                "Lovely staff",
                None,
                "Refund please",
                "rude driver",
                "   ",
                "Lately all good",
            ]
        }
    )
    table = fd.complaint_themes(df, top=10)
    # 6 non-blank comments; "Lately" is not the word "late"
    assert list(table["theme"]) == [
        "Late or missed delivery",
        "Faulty or broken product",
        "Refund problems",
        "Staff attitude",
    ]
    assert list(table["comments"]) == [2, 1, 1, 1]
    assert list(table["pct_of_comments"]) == [33.3, 16.7, 16.7, 16.7]
    assert "late" in table.loc[0, "keywords"]
    assert len(fd.complaint_themes(df, top=2)) == 2
    custom = fd.complaint_themes(df, themes={"Praise": ["lovely", "good"]})
    assert custom.loc[0, "comments"] == 2


# ---------------------------------------------------------------- UK GDPR


def raw_people() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "response_id": ["R-1", "R-2", "R-3"],
            "customer_ref": ["C-1", "C-1", "C-2"],
            "name": ["Jo Bloggs", "jo bloggs ", "Sam Patel"],
            "email": ["jo@example.com", "JO@example.com", "sam@example.co.uk"],
            "phone": ["07700 900123", "07700900123", "07700 900456"],
            "csat": [5, 4, 2],
        }
    )


def test_pseudonymise_removes_identifiers_and_links_same_person():
    out = fd.pseudonymise(raw_people(), secret="s3cret")
    assert list(out.columns) == ["response_id", "customer_ref", "person_ref", "csat"]
    refs = out["person_ref"]
    assert refs.iloc[0] == refs.iloc[1] != refs.iloc[2]  # tidying makes rows 1 and 2 the same person
    expected = "P-" + hmac.new(b"s3cret", b"jo bloggs|jo@example.com|07700900123", sha256).hexdigest()[:12].upper()
    assert refs.iloc[0] == expected
    text = out.to_csv()
    for value in ("Bloggs", "bloggs", "Patel", "example.com", "example.co.uk", "07700", "900123"):
        assert value not in text
    assert fd.pseudonymise(raw_people(), secret="other")["person_ref"].iloc[0] != expected
    with pytest.raises(ValueError):
        fd.pseudonymise(raw_people(), secret="")


def test_pseudonymise_committed_raw_leaves_no_personal_data():
    raw = pd.read_csv(fd.DATA_DIR / "feedback_raw.csv", dtype=str, keep_default_na=False)
    out = fd.pseudonymise(raw, secret="lesson-salt")
    assert not set(fd.PERSONAL_COLUMNS) & set(out.columns)
    text = out.to_csv(index=False)
    for column in fd.PERSONAL_COLUMNS:
        for value in raw[column].unique():
            assert value not in text
    assert "@" not in text
    # one reference per distinct person
    people = raw[list(fd.PERSONAL_COLUMNS)].drop_duplicates()
    assert out["person_ref"].nunique() == len(people)


def test_minimise():
    df = tiny()
    small = fd.minimise(df, keep=["csat", "channel"])
    assert list(small.columns) == ["csat", "channel"]
    assert len(small) == len(df)
    small.loc[0, "csat"] = 1
    assert df.loc[0, "csat"] == 5  # a copy, not a view
    assert list(fd.minimise(df).columns) == fd.PURPOSE_COLUMNS["kpi report"]
    with pytest.raises(ValueError, match="email"):
        fd.minimise(df, keep=["csat", "email"])


# ---------------------------------------------------------------- loader


def problems_of(text_or_bytes) -> tuple[fd.LoadedFeedback, str]:
    result = fd.load_feedback(io.BytesIO(text_or_bytes.encode() if isinstance(text_or_bytes, str) else text_or_bytes))
    return result, "\n".join(result.problems)


def test_loader_clean_small_file_round_trips():
    result, _ = problems_of(tiny_csv_with())
    assert result.ok
    assert result.rows_read == 6 and result.rows_excluded == 0
    frame = result.frame
    assert list(frame.columns) == list(fd.COLUMNS)
    assert frame["csat"].dtype == "int64" and frame["resolved_first_contact"].dtype == bool
    assert frame["date"].dtype == "datetime64[us]"
    assert isinstance(frame["channel"].dtype, pd.CategoricalDtype)
    assert fd.csat(frame) == 50.0


def test_loader_default_is_committed_file():
    result = fd.load_feedback()
    assert result.ok, result.problems
    assert len(result.frame) == 600


def test_loader_missing_column():
    text = tiny().drop(columns="recommend").to_csv(index=False, date_format="%Y-%m-%d")
    result, problems = problems_of(text)
    assert "missing column 'recommend'" in problems
    assert len(result.frame) == 6
    assert math.isnan(fd.nps(result.frame))
    assert fd.csat(result.frame) == 50.0  # the rest still works
    assert fd.kpi_table(result.frame, by="channel")["nps"].isna().all()


def test_loader_extra_column_dropped():
    text = tiny().assign(store_id="S1").to_csv(index=False, date_format="%Y-%m-%d")
    result, problems = problems_of(text)
    assert "extra column 'store_id'" in problems and "dropped" in problems
    assert list(result.frame.columns) == list(fd.COLUMNS)
    assert len(result.frame) == 6


def test_loader_wrong_type_in_one_row():
    result, problems = problems_of(tiny_csv_with({(1, "csat"): "five"}))
    # data row index 1 is spreadsheet row 3 (heading is row 1)
    assert "row 3: csat 'five' is not a number" in problems
    assert len(result.frame) == 5 and "R-2" not in set(result.frame["response_id"])
    assert result.rows_excluded == 1


def test_loader_whole_column_wrong_type_keeps_rows():
    text = tiny_csv_with(
        {(i, "csat"): word for i, word in enumerate(["good", "good", "bad", "great", "okay", "awful"])}
    )
    result, problems = problems_of(text)
    assert "column 'csat'" in problems and "left blank" in problems
    assert len(result.frame) == 6
    assert math.isnan(fd.csat(result.frame))
    assert fd.nps(result.frame) == 0.0


def test_loader_out_of_range_scores():
    text = tiny_csv_with({(4, "csat"): "7", (5, "recommend"): "11", (0, "response_hours"): "-2", (2, "csat"): "3.5"})
    result, problems = problems_of(text)
    assert "row 6: csat 7 is outside 1–5" in problems
    assert "row 7: recommend 11 is outside 0–10" in problems
    assert "row 2: response_hours -2 is below 0" in problems
    assert "row 4: csat 3.5 is not a whole number" in problems
    assert len(result.frame) == 2
    # messages come in file order
    rows = [p.split(":")[0] for p in result.problems if p.startswith("row ")]
    assert rows == ["row 2", "row 4", "row 6", "row 7"]


def test_loader_caps_row_messages():
    big = pd.concat([tiny()] * 10, ignore_index=True)
    big["response_id"] = [f"R-{i}" for i in range(len(big))]
    big["csat"] = 9  # every row out of range
    big.loc[0, "csat"] = 5
    text = big.to_csv(index=False, date_format="%Y-%m-%d")
    result, problems = problems_of(text)
    row_lines = [p for p in result.problems if p.startswith("row ")]
    assert len(row_lines) == 20
    assert "… and 39 more row problems not listed" in problems
    assert len(result.frame) == 1


def test_loader_empty_file_and_headings_only():
    result, problems = problems_of(b"")
    assert "empty" in problems and len(result.frame) == 0
    assert list(result.frame.columns) == list(fd.COLUMNS)
    assert math.isnan(fd.csat(result.frame))
    result, problems = problems_of(",".join(fd.COLUMNS) + "\n")
    assert "no rows" in problems and len(result.frame) == 0


def test_loader_semicolon_and_tab_delimiters():
    text = tiny().to_csv(index=False, sep=";", date_format="%Y-%m-%d")
    result, problems = problems_of(text)
    assert "semicolons" in problems
    assert len(result.frame) == 6 and fd.csat(result.frame) == 50.0
    text = tiny().to_csv(index=False, sep="\t", date_format="%Y-%m-%d")
    result, problems = problems_of(text)
    assert "tabs" in problems and len(result.frame) == 6


def test_loader_cp1252_file():
    frame = tiny()
    frame.loc[0, "comment"] = "Café staff were great, £20 voucher"
    data = frame.to_csv(index=False, date_format="%Y-%m-%d").encode("cp1252")
    result, problems = problems_of(data)
    assert "not UTF-8" in problems and "cp1252" in problems
    assert result.encoding == "cp1252"
    assert result.frame.loc[0, "comment"] == "Café staff were great, £20 voucher"
    assert len(result.frame) == 6


def test_loader_utf8_bom_and_header_spelling_are_fine():
    text = (
        tiny()
        .rename(columns={"csat": "CSAT", "response_id": "Response ID"})
        .to_csv(index=False, date_format="%Y-%m-%d")
    )
    result, _ = problems_of("\ufeff" + text)
    assert result.ok, result.problems
    assert fd.csat(result.frame) == 50.0


def test_loader_friendly_formats():
    text = tiny_csv_with(
        {
            (0, "resolved_first_contact"): "yes",
            (1, "resolved_first_contact"): "N",
            (0, "date"): "03/04/2025",
            (3, "channel"): "Social Media",
            (4, "touchpoint"): "Return ",
        }
    )
    result, problems = problems_of(text)
    assert [p for p in result.problems if p.startswith("row ")] == []
    assert "DD/MM/YYYY" in problems
    frame = result.frame
    assert list(frame["resolved_first_contact"][:2]) == [True, False]
    assert frame.loc[0, "date"] == pd.Timestamp("2025-04-03")
    assert frame.loc[3, "channel"] == "social media" and frame.loc[4, "touchpoint"] == "return"


def test_loader_bad_values_of_other_kinds():
    text = tiny_csv_with(
        {
            (0, "channel"): "fax",
            (1, "date"): "31/02/2025",
            (2, "proactive_followup"): "maybe",
            (3, "response_id"): "R-1",
            (4, "customer_ref"): "",
        }
    )
    result, problems = problems_of(text)
    assert "row 2: channel 'fax' is not one of" in problems
    assert "row 3: date '31/02/2025' is not a date" in problems
    assert "row 4: proactive_followup 'maybe' is not True/False" in problems
    assert "row 5: response_id 'R-1' is used on an earlier row" in problems
    assert "row 6: customer_ref is blank" in problems
    assert list(result.frame["response_id"]) == ["R-6"]


def test_loader_ragged_row_and_blank_lines():
    lines = tiny_csv_with().splitlines()
    lines.insert(3, "")  # a blank line: ignored, but still counts as a row
    lines[5] = lines[5] + ",extra"  # spreadsheet row 6 has one value too many
    result, problems = problems_of("\n".join(lines) + "\n")
    assert "row 6: has 15 values but there are 14 column headings" in problems
    assert len(result.frame) == 5
    assert "R-4" not in set(result.frame["response_id"])


def test_loader_short_row_reports_blanks():
    lines = tiny_csv_with().splitlines()
    lines[2] = ",".join(lines[2].split(",")[:6])  # row 3 stops after touchpoint
    result = fd.load_feedback("\n".join(lines) + "\n")  # CSV text is accepted as a str
    assert "row 3: csat is blank" in result.problems
    assert len(result.frame) == 5


def test_loader_unrecognised_headings():
    result = fd.load_feedback(b"Name,Score\nJo,5\n")
    assert len(result.problems) == 1 and "none of the expected column headings" in result.problems[0]
    assert "'name', 'score'" in result.problems[0]
    assert result.frame.empty and result.rows_excluded == 1
    assert result.summary().startswith("Read 1 row; 0 usable, 1 left out.")


def test_loader_not_found_and_xlsx():
    result = fd.load_feedback(ROOT / "no-such-file.csv")
    assert "file not found" in result.problems[0] and result.frame.empty
    result, problems = problems_of(b"PK\x03\x04rest-of-a-zip")
    assert "Excel" in problems


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_loader_never_raises_on_junk(data):
    result = fd.load_feedback(data)
    assert list(result.frame.columns) == list(fd.COLUMNS)
    assert isinstance(result.problems, list)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["5", "4", "1", "0", "6", "x", "", "3.5", "-1", "2"]), min_size=1, max_size=8))
def test_loader_keeps_exactly_the_valid_scores(values):
    base = pd.concat([tiny()] * 2, ignore_index=True).iloc[: len(values)].copy()
    base["response_id"] = [f"R-{i}" for i in range(len(values))]
    base = base.astype(object)
    base["date"] = "2025-05-01"
    base["csat"] = values
    result, _ = problems_of(base.to_csv(index=False))
    valid = [v for v in values if v in ("1", "2", "4", "5")]
    if valid or any(v in ("0", "6", "3.5", "-1") for v in values):
        assert sorted(result.frame["csat"].astype(int)) == sorted(int(v) for v in valid)


# ---------------------------------------------------------------- generator


def test_generator_reproducible():
    a_clean, a_raw = gen.generate(rows=200, seed=7)
    b_clean, b_raw = gen.generate(rows=200, seed=7)
    pd.testing.assert_frame_equal(a_clean, b_clean)
    pd.testing.assert_frame_equal(a_raw, b_raw)
    c_clean, _ = gen.generate(rows=200, seed=8)
    assert not a_clean.equals(c_clean)
    # leaving out personal data does not change the clean columns
    d_clean, d_raw = gen.generate(rows=200, seed=7, personal_data=False)
    assert d_raw is None
    pd.testing.assert_frame_equal(a_clean, d_clean)


def test_committed_csvs_equal_freshly_generated():
    clean, raw = gen.generate()
    assert (fd.DATA_DIR / "feedback.csv").read_text(encoding="utf-8") == gen.to_csv_text(clean)
    assert (fd.DATA_DIR / "feedback_raw.csv").read_text(encoding="utf-8") == gen.to_csv_text(raw)
    pd.testing.assert_frame_equal(fd.load_feedback().frame, clean)


def test_generator_matches_column_spec():
    clean, raw = gen.generate(rows=2000, seed=1)
    assert list(clean.columns) == list(fd.COLUMNS)
    assert list(raw.columns) == ["response_id", "customer_ref", *fd.PERSONAL_COLUMNS, *list(fd.COLUMNS)[2:]]
    for name, spec in fd.COLUMNS.items():
        column = clean[name]
        if spec.allowed is not None:
            assert list(column.cat.categories) == list(spec.allowed)
            assert column.notna().all() or spec.blank_ok
        if spec.minimum is not None:
            assert column.min() >= spec.minimum
        if spec.maximum is not None:
            assert column.max() <= spec.maximum
        if not spec.blank_ok:
            assert column.notna().all(), name
    assert clean["response_id"].is_unique
    assert clean["customer_ref"].str.fullmatch(r"C-\d{5}").all()
    assert clean["date"].min() >= pd.Timestamp("2025-04-01")
    assert clean["date"].max() <= pd.Timestamp("2026-03-31")
    # complaint category is blank exactly where there was no complaint
    assert clean["complaint_category"].isna().any() and clean["complaint_category"].notna().any()


def test_personal_data_is_obviously_fictional():
    _, raw = gen.generate()
    assert raw["email"].str.fullmatch(r"[a-z]+\.[a-z]+\d+@example\.(com|co\.uk)").all()
    assert raw["phone"].str.fullmatch(r"07700 900\d{3}").all()
    # each customer has one identity
    assert (raw.groupby("customer_ref")[["name", "email", "phone"]].nunique() == 1).all().all()
    # no personal data leaks into the clean file's comments
    clean_text = (fd.DATA_DIR / "feedback.csv").read_text(encoding="utf-8")
    assert "@" not in clean_text and "07700" not in clean_text


def test_generator_scales_to_a_million_rows_quickly():
    import time

    start = time.perf_counter()
    clean, _ = gen.generate(rows=100_000, seed=3, personal_data=False)
    assert len(clean) == 100_000 and clean["response_id"].is_unique
    assert time.perf_counter() - start < 10


# ---------------------------------------------------------------- relationships in the committed data


@pytest.fixture(scope="module")
def committed() -> pd.DataFrame:
    return fd.load_feedback().frame


def test_slow_replies_lower_csat(committed):
    slow = committed["response_hours"] > 48
    assert slow.sum() >= 60
    assert fd.csat(committed[~slow]) - fd.csat(committed[slow]) >= 20


def test_first_contact_resolution_raises_repeat_purchase(committed):
    table = fd.repeat_purchase_by(committed, "resolved_first_contact")
    assert table.loc[True, "repeat_purchase_pct"] - table.loc[False, "repeat_purchase_pct"] >= 15


def test_proactive_followup_lifts_satisfaction(committed):
    proactive = committed["proactive_followup"]
    assert fd.csat(committed[proactive]) - fd.csat(committed[~proactive]) >= 10
    assert fd.nps(committed[proactive]) > fd.nps(committed[~proactive])


def test_laundry_fault_shows_in_later_months(committed):
    later = committed["date"] >= pd.Timestamp("2025-10-01")
    laundry = committed["product_category"] == "laundry"
    faulty = committed["complaint_category"] == "faulty item"
    counts = faulty.groupby([committed["product_category"], later], observed=True).sum()
    assert counts.idxmax() == ("laundry", True)
    assert counts[("laundry", True)] >= 3 * counts[("laundry", False)]
    assert fd.csat(committed[laundry & ~later]) - fd.csat(committed[laundry & later]) >= 15
    later_by_category = fd.kpi_table(committed[later], by="product_category")
    assert later_by_category["csat_pct"].idxmin() == "laundry"


# ---------------------------------------------------------------- charts


@pytest.mark.parametrize(
    "draw",
    [
        lambda df: fd.plot_csat_by(df, "channel"),
        lambda df: fd.plot_csat_by(df, "month"),
        fd.plot_response_time_vs_csat,
        fd.plot_monthly_trend,
        lambda df: fd.plot_monthly_trend(df, measure="nps", by="product_category"),
        fd.plot_complaint_themes,
    ],
)
@pytest.mark.parametrize("which", ["tiny", "empty", "committed"])
def test_charts_return_labelled_figures(draw, which, committed):
    from matplotlib.figure import Figure

    df = {"tiny": tiny(), "empty": fd.empty_feedback(), "committed": committed}[which]
    fig = draw(df)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert fig.get_suptitle()
    if which != "empty":
        assert ax.get_xlabel()
    fig.savefig(io.BytesIO(), format="png")  # renders headless


def test_trend_rejects_unknown_measure():
    with pytest.raises(ValueError):
        fd.plot_monthly_trend(tiny(), measure="happiness")


def test_data_dictionary_lists_every_column():
    text = (fd.DATA_DIR / "data-dictionary.md").read_text(encoding="utf-8")
    for name, spec in fd.COLUMNS.items():
        assert f"`{name}`" in text
        for value in spec.allowed or ():
            assert value in text
    assert list(fd.describe_columns()["column"]) == list(fd.COLUMNS)
