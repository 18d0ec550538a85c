"""A tutor's own feedback export, as real spreadsheets write it: each malformed file is made here.

Every case keeps the valid rows analysable and names the row (spreadsheet numbering: the
heading is row 1) or the column (by heading and spreadsheet letter) that needs fixing.
"""

import csv
import io
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import feedback as fd

HEADINGS = list(fd.COLUMNS)


def row(number: int, *, hours: str = "18.5", csat: str = "4", comment: str = "Fine") -> list[str]:
    """One valid response, numbered so each row can be recognised in the result."""
    return [
        f"R-{number}",
        f"C-{number}",
        f"2025-05-{number:02d}",
        "email",
        "laundry",
        "delivery",
        csat,
        "9",
        hours,
        "True",
        "",
        "False",
        "True",
        comment,
    ]


def csv_text(rows: list[list[str]], delimiter: str = ",", headings: list[str] | None = None) -> str:
    """Rows as a spreadsheet would write them (quoting only where a value needs it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headings or HEADINGS)
    writer.writerows(rows)
    return buffer.getvalue()


def load(data) -> tuple[fd.LoadedFeedback, str]:
    result = fd.load_feedback(io.BytesIO(data) if isinstance(data, bytes) else io.BytesIO(data.encode("utf-8")))
    return result, "\n".join(result.problems)


def row_messages(result: fd.LoadedFeedback) -> list[str]:
    return [p for p in result.problems if p.startswith("row ")]


# ---------------------------------------------------------------- decimal commas


def test_semicolon_file_with_decimal_commas_reads_18_5_as_eighteen_and_a_half():
    # What Excel in a French or German locale writes for "CSV": semicolons, and 18,5 for 18.5.
    text = csv_text(
        [row(1, hours="18,5"), row(2, hours="2,25"), row(3, hours="40"), row(4, hours="1.234,5")], delimiter=";"
    )
    assert "18,5" in text and '"' not in text  # a semicolon file needs no quotes round a decimal comma
    result, problems = load(text)
    assert list(result.frame["response_hours"]) == [18.5, 2.25, 40.0, 1234.5]
    assert fd.headline_kpis(result.frame)["median_response_hours"] == pytest.approx((18.5 + 40) / 2)
    assert "semicolons" in problems
    assert "3 values in 'response_hours' were written with a decimal comma (e.g. '18,5') and read as 18.5" in problems
    assert row_messages(result) == []


def test_comma_file_keeps_thousands_separators_and_reads_an_unambiguous_decimal_comma():
    # In a comma-separated file "1,250" (quoted) is one thousand two hundred and fifty hours;
    # "18,5" cannot be a thousands separator, so it is a decimal comma.
    text = csv_text([row(1, hours="1,250"), row(2, hours="18,5"), row(3, hours="7.5")])
    result, problems = load(text)
    assert list(result.frame["response_hours"]) == [1250.0, 18.5, 7.5]
    assert "1 value in 'response_hours' was written with a decimal comma (e.g. '18,5') and read as 18.5" in problems


def test_tab_file_with_decimal_points_reads_a_grouped_number_as_thousands():
    text = csv_text([row(1, hours="1,250"), row(2, hours="18.5"), row(3, hours="3.5")], delimiter="\t")
    result, _ = load(text)
    assert list(result.frame["response_hours"]) == [1250.0, 18.5, 3.5]


# ---------------------------------------------------------------- encodings


def ten_rows_tab_separated() -> str:
    rows = [row(i, comment="Café staff, £20 voucher – thanks") for i in range(1, 11)]
    return csv_text(rows, delimiter="\t")


@pytest.mark.parametrize(
    "encoding, bom",
    [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b"")],
    ids=["excel-unicode-text", "big-endian", "no-byte-order-mark"],
)
def test_utf16_unicode_text_keeps_every_row(encoding, bom):
    # Excel's "Unicode Text" is UTF-16 (little-endian, with a byte-order mark), tab-separated.
    data = bom + ten_rows_tab_separated().encode(encoding)
    result, problems = load(data)
    assert len(result.frame) == 10 and result.rows_read == 10 and result.rows_excluded == 0
    assert result.frame.loc[0, "comment"] == "Café staff, £20 voucher – thanks"
    assert result.encoding == "utf-16"
    assert "UTF-16" in problems and "tabs" in problems
    assert row_messages(result) == []


def test_short_windows_1252_file_is_read_as_windows_1252_not_guessed():
    # A statistical detector (charset-normalizer 3.5) calls this file Japanese (cp932): with so
    # few bytes there is nothing to go on. UTF-8 first, then Windows-1252, is right for UK exports.
    text = csv_text([row(1, comment="£20 voucher")])
    result, problems = load(text.encode("cp1252"))
    assert result.encoding == "cp1252" and "Windows-1252" in problems
    assert result.frame.loc[0, "comment"] == "£20 voucher"


# ---------------------------------------------------------------- quotes


def test_one_unclosed_quote_loses_no_other_row_and_row_numbers_stay_right():
    rows = [row(i) for i in range(1, 11)]
    lines = csv_text(rows).splitlines()
    lines[3] = lines[3][: -len("Fine")] + '"Great service, really'  # spreadsheet row 4 opens a quote
    lines[7] = lines[7].replace(",4,9,", ",five,9,")  # spreadsheet row 8 has a bad score
    result, problems = load("\r\n".join(lines) + "\r\n")
    assert row_messages(result) == [
        'row 4: a double quote (") is opened and never closed; in this row it was closed at the end of '
        "the row, and the rows after it are unaffected",
        "row 8: csat 'five' is not a number",
    ]
    assert result.rows_read == 10 and len(result.frame) == 9
    kept = list(result.frame["response_id"])
    assert kept == [f"R-{i}" for i in (1, 2, 3, 4, 5, 6, 8, 9, 10)]
    assert result.frame.loc[2, "comment"] == "Great service, really"


def test_unclosed_quote_beside_a_properly_quoted_value_keeps_that_values_comma():
    rows = [row(1), row(2, comment="Late, but polite"), row(3)]
    lines = csv_text(rows).splitlines()
    lines[2] = lines[2].replace("R-2,C-2", '"R-2,C-2', 1)  # stray quote opening the first value
    result, problems = load("\r\n".join(lines) + "\r\n")
    assert row_messages(result) == [
        'row 3: a double quote (") is opened and never closed; in this row it was read as a plain character, '
        "and the rows after it are unaffected"
    ]
    assert result.frame["comment"].tolist()[1] == "Late, but polite"
    assert result.frame["response_id"].tolist() == ["R-1", '"R-2', "R-3"]


def test_a_comment_over_two_lines_is_one_row():
    rows = [row(1, comment="Rang ahead.\nVery polite."), row(2, csat="9"), row(3)]
    result, problems = load(csv_text(rows))
    assert row_messages(result) == ["row 3: csat 9 is outside 1–5"]
    assert result.frame.loc[0, "comment"] == "Rang ahead.\nVery polite."
    assert result.frame["response_id"].tolist() == ["R-1", "R-3"]


# ---------------------------------------------------------------- values too big for a cell

BIG = 5_000_000  # the size of the cells and lines that once ended in "field larger than field limit"


def test_a_5_mb_pasted_log_in_one_cell_costs_only_its_own_row():
    log = "12:00:01 printer offline\n" * (BIG // 25)  # a quoted cell running over many lines
    rows = [row(1), row(2), row(3, comment=log), row(4)]
    result, problems = load(csv_text(rows))
    (message,) = row_messages(result)
    assert message.startswith("row 4: the value in column N ('comment') is 5,000,000 characters long")
    assert "32,767 a spreadsheet cell can hold" in message and "the row was left out" in message
    assert result.rows_read == 4 and result.frame["response_id"].tolist() == ["R-1", "R-2", "R-4"]


def test_a_5_mb_cell_after_a_quote_that_is_never_closed_costs_only_its_own_row():
    lines = csv_text([row(i) for i in range(1, 6)]).splitlines()
    lines[2] = lines[2][: -len("Fine")] + '"' + "x" * BIG  # row 3 opens a quote, then 5 MB on one line
    result, problems = load("\r\n".join(lines) + "\r\n")
    assert any(
        m.startswith("row 3: the value in column N ('comment') is 5,000,000 characters long")
        for m in row_messages(result)
    )
    assert result.frame["response_id"].tolist() == ["R-1", "R-3", "R-4", "R-5"]


def test_a_5_mb_line_with_no_delimiters_is_refused_in_one_sentence_and_the_rest_load():
    lines = csv_text([row(i) for i in range(1, 5)]).splitlines()
    lines.insert(3, "y" * BIG)  # spreadsheet row 4
    result, problems = load("\r\n".join(lines) + "\r\n")
    assert row_messages(result) == [
        "row 4: this line is one value 5,000,000 characters long with no commas between values, "
        "so it is not a row of feedback and was left out"
    ]
    assert result.frame["response_id"].tolist() == ["R-1", "R-2", "R-3", "R-4"]


def test_a_file_that_is_one_huge_line_is_refused_in_one_sentence():
    result, problems = load("z" * BIG)
    assert result.problems == [
        "the heading row is 5,000,000 characters long, far too long to be a row of column headings, "
        "so this is not a feedback table; check you chose the right file"
    ]
    assert result.rows_read == 0 and result.frame.empty


def test_a_cell_as_long_as_a_spreadsheet_allows_is_kept():
    result, problems = load(csv_text([row(1, comment="a" * fd.read.MAX_CELL_CHARS), row(2)]))
    assert row_messages(result) == [] and len(result.frame) == 2


def test_reading_stops_after_the_row_limit_and_says_so(monkeypatch):
    monkeypatch.setattr(fd.load, "MAX_ROWS", 3)
    result, problems = load(csv_text([row(i) for i in range(1, 8)]))
    assert "the file has more than 3 rows; only the first 3 were read and the last 4 lines were not" in problems
    assert result.frame["response_id"].tolist() == ["R-1", "R-2", "R-3"]


def test_the_csv_modules_field_limit_is_put_back_after_a_load():
    import csv as csv_module

    before = csv_module.field_size_limit()
    load(csv_text([row(1, comment="x" * 200_000)]))
    assert csv_module.field_size_limit() == before


# ---------------------------------------------------------------- numbers that are not numbers


def test_infinite_and_not_a_number_hours_are_refused_row_by_row():
    values = ["inf", "-inf", "nan", "1e309", "Infinity", "NaN"]
    rows = [row(1, hours="12")] + [row(i + 2, hours=v) for i, v in enumerate(values)] + [row(8, hours="1.2E+01")]
    result, problems = load(csv_text(rows))
    assert row_messages(result) == [
        "row 3: response_hours 'inf' is not a finite number (too large, or infinity)",
        "row 4: response_hours '-inf' is not a finite number (too large, or infinity)",
        "row 5: response_hours 'nan' is not a number",
        "row 6: response_hours '1e309' is not a finite number (too large, or infinity)",
        "row 7: response_hours 'Infinity' is not a finite number (too large, or infinity)",
        "row 8: response_hours 'NaN' is not a number",
    ]
    assert list(result.frame["response_hours"]) == [12.0, 12.0]
    kpis = fd.headline_kpis(result.frame)
    assert math.isfinite(kpis["median_response_hours"]) and kpis["median_response_hours"] == 12.0
    assert result.frame["response_hours"].mean() == 12.0


def test_infinite_scores_are_refused_too():
    result, problems = load(csv_text([row(1), row(2, csat="inf")]))
    assert row_messages(result) == ["row 3: csat 'inf' is not a finite number (too large, or infinity)"]
    assert len(result.frame) == 1


# ---------------------------------------------------------------- headings


def test_a_heading_used_twice_is_named_as_a_duplicate_with_its_columns():
    headings = HEADINGS + ["csat"]
    rows = [r + ["1"] for r in (row(1), row(2, csat="5"))]
    result, problems = load(csv_text(rows, headings=headings))
    assert (
        "the heading 'csat' is used twice (spreadsheet columns G and O); only the first, column G, is used" in problems
    )
    assert "csat.1" not in problems and "extra column" not in problems
    assert list(result.frame["csat"]) == [4, 5]


def test_headings_that_differ_only_in_spelling_are_one_heading_used_twice():
    headings = HEADINGS + ["CSAT ", "Csat"]
    rows = [r + ["1", "2"] for r in (row(1),)]
    result, problems = load(csv_text(rows, headings=headings))
    assert (
        "the heading 'csat' is used 3 times (spreadsheet columns G, O and P); only the first, column G, is used"
        in problems
    )
    assert list(result.frame["csat"]) == [4]


def test_a_trailing_delimiter_makes_no_complaint_but_values_without_a_heading_do():
    text = csv_text([row(1), row(2)]).replace("\r\n", ",\r\n")
    result, problems = load(text)
    assert result.ok, result.problems
    lines = csv_text([row(1), row(2)]).splitlines()
    lines[0] += ","
    lines[2] += ",store 12"
    result, problems = load("\n".join(lines) + "\n")
    assert "spreadsheet column O has values but no heading; it was not used" in problems
    assert len(result.frame) == 2


# ---------------------------------------------------------------- not a CSV at all


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # how every Excel 97-2003 .xls file begins


@pytest.mark.parametrize(
    "data, kind",
    [
        (OLE2 + b"\x00\x00\x3e\x00\x03\x00\xfe\xff" + bytes(range(256)) * 4, "an Excel 97-2003 workbook (.xls)"),
        (b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml" + bytes(200), "an Excel workbook (.xlsx)"),
        (
            b"PK\x03\x04\x14\x00\x00\x08mimetypeapplication/vnd.oasis.opendocument.spreadsheet" + bytes(50),
            "an OpenDocument spreadsheet (.ods)",
        ),
    ],
    ids=["xls", "xlsx", "ods"],
)
def test_a_spreadsheet_renamed_csv_gets_a_plain_message_on_how_to_save_as_csv(tmp_path, data, kind):
    path = tmp_path / "feedback-export.csv"
    path.write_bytes(data)
    result = fd.load_feedback(path)
    assert result.problems == [
        f"this is {kind}, not a CSV file, even if its name ends in .csv; open it in Excel (or LibreOffice "
        'Calc), choose File > Save As, pick the type "CSV UTF-8 (Comma delimited) (*.csv)" and load the new file'
    ]
    assert result.frame.empty and list(result.frame.columns) == HEADINGS


def test_other_binary_data_is_not_read_as_text():
    result, problems = load(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40))
    assert len(result.problems) == 1 and "not a text file" in problems
    assert result.frame.empty


def test_a_committed_dataset_row_reads_the_same_through_every_route():
    # The committed file, as bytes, as text and as UTF-16, gives one frame.
    path = fd.DEFAULT_PATH
    reference = fd.load_feedback(path).frame
    as_utf16 = fd.load_feedback(path.read_text(encoding="utf-8").encode("utf-16")).frame
    pd.testing.assert_frame_equal(reference, as_utf16)
    semicolons = path.read_text(encoding="utf-8")
    frame = pd.read_csv(io.StringIO(semicolons), dtype=str, keep_default_na=False)
    frame["response_hours"] = frame["response_hours"].str.replace(".", ",", regex=False)
    european = fd.load_feedback(frame.to_csv(index=False, sep=";").encode("cp1252", errors="replace"))
    pd.testing.assert_series_equal(reference["response_hours"], european.frame["response_hours"])


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 7), st.integers(0, 13), st.sampled_from([",", ";", "\t"]), st.booleans())
def test_a_stray_quote_anywhere_costs_at_most_its_own_row(broken, column, delimiter, comment_has_delimiter):
    comment = f"Late{delimiter} but polite" if comment_has_delimiter else "Fine"
    rows = [row(i + 1, comment=comment) for i in range(8)]
    lines = csv_text(rows, delimiter=delimiter).splitlines()
    cells = next(csv.reader([lines[broken + 1]], delimiter=delimiter))
    cells[column] = '"' + cells[column]  # the quote opens a value and is never closed
    lines[broken + 1] = delimiter.join(f'"{c}"' if delimiter in c and i != column else c for i, c in enumerate(cells))
    result, _ = load("\n".join(lines) + "\n")
    others = [f"R-{i + 1}" for i in range(8) if i != broken]
    kept = list(result.frame["response_id"])
    assert [r for r in kept if r in others] == others
    assert all(m.startswith(f"row {broken + 2}:") for m in row_messages(result)), row_messages(result)


def test_excel_separator_hint_and_old_mac_line_endings():
    # Excel writes "sep=;" as a first line when asked to, and hides it: the headings stay row 1.
    text = "sep=;\r\n" + csv_text([row(1, hours="18,5"), row(2, csat="6")], delimiter=";")
    result, problems = load(text)
    assert row_messages(result) == ["row 3: csat 6 is outside 1–5"]
    assert list(result.frame["response_hours"]) == [18.5]
    # Classic Mac OS ended lines with a carriage return alone.
    result, problems = load(csv_text([row(1), row(2, csat="0")]).replace("\r\n", "\r"))
    assert row_messages(result) == ["row 3: csat 0 is outside 1–5"] and len(result.frame) == 1


def test_a_column_with_no_readable_value_is_left_blank_with_one_message():
    import pandas as pd

    from widgets import feedback as fd

    df = pd.read_csv(fd.DEFAULT_PATH, dtype=str, keep_default_na=False).head(3)
    df["csat"], df["date"], df["proactive_followup"] = "good", "soon", "maybe"
    result = fd.load_feedback(df.to_csv(index=False))
    messages = [p for p in result.problems if "none of the values" in p]
    assert messages == [
        "column 'date': none of the values are dates (e.g. 'soon'); it was left blank. Use YYYY-MM-DD",
        "column 'csat': none of the values are numbers (e.g. 'good'); it was left blank. Expected: whole number 1–5",
        "column 'proactive_followup': none of the values are True/False or yes/no (e.g. 'maybe'); it was left blank",
    ]
    assert len(result.frame) == 3 and result.frame["csat"].isna().all()


# ---------------------------------------------------------------- read once per kernel


def test_a_feedback_file_is_read_once_until_it_changes_and_each_load_gets_its_own_table(tmp_path, monkeypatch):
    import os

    from widgets.feedback import load as loader

    path = tmp_path / "ours.csv"
    path.write_text(csv_text([row(1), row(2)]), encoding="utf-8")
    reads = []
    real = loader._load_feedback
    monkeypatch.setattr(loader, "_load_feedback", lambda source: reads.append(source) or real(source))
    first = fd.load_feedback(path)
    first.frame.loc[:, "csat"] = 1  # a lesson changing its table...
    again = fd.load_feedback(path)
    assert len(reads) == 1 and list(again.frame["csat"]) == [4, 4]  # ...does not change the next load
    # A tutor's edit (same length, a moment later) is read again.
    path.write_text(csv_text([row(1), row(3)]), encoding="utf-8")
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
    assert list(fd.load_feedback(path).frame["response_id"]) == ["R-1", "R-3"] and len(reads) == 2


def test_a_damaged_feedback_file_is_reported_on_every_load(tmp_path):
    path = tmp_path / "ours.csv"
    path.write_text(csv_text([row(1), row(2, csat="9")]), encoding="utf-8")
    for _ in range(2):  # the second comes from the cache and must say the same
        result = fd.load_feedback(path)
        assert len(result.frame) == 1 and any(p.startswith("row 3") for p in result.problems), result.problems
