"""Loading a feedback CSV and checking every row: one plain-English message per problem, never a traceback."""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .schema import (
    COLUMNS,
    DEFAULT_PATH,
    _FALSE_WORDS,
    _MAX_ROW_MESSAGES,
    _TRUE_WORDS,
    ColumnSpec,
    _empty_series,
    _fmt_number,
    empty_feedback,
)


# --------------------------------------------------------------------------
# Loading and validating a file
# --------------------------------------------------------------------------


@dataclass
class LoadedFeedback:
    """What :func:`load_feedback` found.

    ``frame`` holds only the rows that passed every check, correctly typed.
    ``problems`` holds one plain-English line per problem (most serious and
    earliest first). ``rows_read`` counts data rows in the file and
    ``rows_excluded`` how many of them were left out of ``frame``.
    """

    frame: pd.DataFrame
    problems: list[str] = field(default_factory=list)
    source: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    rows_read: int = 0
    rows_excluded: int = 0

    @property
    def ok(self) -> bool:
        """True when the file loaded with nothing to report."""
        return not self.problems

    def summary(self) -> str:
        """A short report suitable for printing under an upload box."""
        head = f"Read {self.rows_read} row{'' if self.rows_read == 1 else 's'}; {len(self.frame)} usable"
        if self.rows_excluded:
            head += f", {self.rows_excluded} left out"
        lines = [head + "."]
        lines += [f"- {p}" for p in self.problems]
        return "\n".join(lines)


def load_feedback(path_or_buffer=None) -> LoadedFeedback:
    """Load and check a feedback CSV; never raises for a bad file.

    ``path_or_buffer`` may be a path (``str`` or :class:`~pathlib.Path`), raw
    ``bytes`` (e.g. from an upload widget), an open file object in text or
    binary mode, or CSV text itself (a ``str`` containing a line break). ``None`` loads the committed ``data/feedback/feedback.csv``.

    Checks made, each reported as one line in ``.problems``:

    * missing file, empty file, a spreadsheet (``.xlsx``, old binary ``.xls``,
      ``.ods``) renamed ``.csv``, with how to save it as CSV;
    * text that is not UTF-8: UTF-16 (Excel's "Unicode Text") is read as such,
      anything else as Windows-1252, and said so;
    * semicolons or tabs between values instead of commas (read that way), and
      decimal commas (``18,5``) as a European-locale spreadsheet writes them;
    * a double quote that is never closed: only that row is affected (read as if
      the quote closed at the end of the row, or as a plain character);
    * missing columns (added, left blank, so other KPIs still work);
    * a heading used twice (only the first column is used), extra columns (dropped);
    * a column whose values are all the wrong type (left blank);
    * per-row problems: blank required value, wrong type, score out of range,
      a number that is infinite or not a number (``inf``, ``nan``, ``1e309``),
      unknown category, repeated ``response_id``, wrong number of values.
      Row numbers are spreadsheet rows: the heading row is row 1. At most
      20 rows are listed; the rest are summarised in one line.

    Rows with a per-row problem are left out of ``.frame``.
    """
    source = "data/feedback/feedback.csv" if path_or_buffer is None else _describe_source(path_or_buffer)
    result = LoadedFeedback(frame=empty_feedback(), source=source)
    problems = result.problems

    text = _read_text(path_or_buffer, result)
    if text is None:
        return result
    if text.startswith("\ufeff"):  # Excel's "CSV UTF-8" byte-order mark
        text = text[1:]
    if not text.strip():
        problems.append("the file is empty: there are no column headings and no rows")
        return result

    text = text.replace("\x00", "")
    lines = list(io.StringIO(text, newline=""))  # splits on \n, \r\n and \r only, keeping each ending
    hint = re.fullmatch(r"sep=(.)", lines[0].rstrip("\r\n"), flags=re.IGNORECASE)
    if hint and len(lines) > 1:
        # Excel's separator hint: Excel hides this line, so the headings are still row 1.
        lines = lines[1:]
        delimiter = hint.group(1)
    else:
        delimiter = _sniff_delimiter(lines[0])
    result.delimiter = delimiter
    if delimiter == ";":
        problems.append("values are separated by semicolons (;) rather than commas; read it with semicolons")
    elif delimiter == "\t":
        problems.append("values are separated by tabs rather than commas; read it with tabs")

    header, _ = _parse_line(lines[0], delimiter)
    columns = [_normalise_header(c) for c in header]
    records, quote_rows = _split_records(lines, delimiter, len(header))
    skipped_rows = []  # (row, headings, values) for rows with more values than headings
    kept_rows, kept_fields = [], []
    for row, fields in records:
        if len(fields) > len(header):
            if any(value.strip() for value in fields[len(header):]):
                skipped_rows.append((row, len(header), len(fields)))
                continue
            fields = fields[: len(header)]  # trailing empty cells, as spreadsheets often write
        kept_rows.append(row)
        kept_fields.append([value.strip() for value in fields] + [""] * (len(header) - len(fields)))  # short row: blanks
    raw = pd.DataFrame(kept_fields, index=np.array(kept_rows, dtype=int), columns=range(len(header)), dtype=object)
    # Spreadsheet columns without a heading that hold nothing (a stray trailing delimiter) go quietly.
    unnamed = [i for i, name in enumerate(columns) if not name]
    for i in unnamed:
        if len(raw) and (raw[i] != "").any():
            problems.append(f"spreadsheet column {_column_letter(i)} has values but no heading; it was not used")
    keep = [i for i, name in enumerate(columns) if name]
    raw = raw[keep]
    raw.columns = [columns[i] for i in keep]
    blank_rows = (raw == "").all(axis=1) if len(raw.columns) else pd.Series(True, index=raw.index)
    raw = raw.loc[~blank_rows]
    result.rows_read = len(raw) + len(skipped_rows)
    quote_messages = [
        (row, -2, f"row {row}: a double quote (\") is opened and never closed; in this row it was {how}, "
                  "and the rows after it are unaffected")
        for row, how in quote_rows
    ]

    if len(raw) == 0 and not skipped_rows:
        problems.append("the file has column headings but no rows of feedback")

    # Column-level checks.
    for name in pd.Index(raw.columns)[pd.Index(raw.columns).duplicated()].unique():
        places = [_column_letter(i) for i, c in enumerate(columns) if c == name]
        times = "twice" if len(places) == 2 else f"{len(places)} times"
        problems.append(f"the heading '{name}' is used {times} (spreadsheet columns {_and_list(places)}); "
                        f"only the first, column {places[0]}, is used")
    raw = raw.loc[:, ~pd.Index(raw.columns).duplicated()]
    missing = [c for c in COLUMNS if c not in raw.columns]
    extra = [c for c in raw.columns if c not in COLUMNS]
    if len(missing) == len(COLUMNS):
        found = ", ".join(f"'{c}'" for c in list(raw.columns)[:5])
        problems.append(
            f"none of the expected column headings were found (found {found}); "
            "check the first row holds the headings listed in the data dictionary"
        )
        result.rows_excluded = len(raw) + len(skipped_rows)
        return result
    for name in missing:
        problems.append(f"missing column '{name}': results that need it will be blank")
    for name in extra:
        problems.append(f"extra column '{name}' is not used and was dropped")

    decimal_comma = _uses_decimal_comma(raw, delimiter)
    row_problems: list[tuple[int, int, str]] = list(quote_messages)  # (row, column order, message)
    problem_counts = len(quote_messages)
    bad_any = pd.Series(False, index=raw.index)
    typed = {}
    for order, (name, spec) in enumerate(COLUMNS.items()):
        if name not in raw.columns:
            typed[name] = _empty_series(spec, len(raw), index=raw.index)
            continue
        series, bad, reasons, column_message = _check_column(name, spec, raw[name], decimal_comma)
        if column_message:
            problems.append(column_message)
        typed[name] = series
        if bad.any():
            bad_any |= bad
            bad_rows = raw.index[bad.to_numpy()]
            problem_counts += len(bad_rows)
            for row in bad_rows[:_MAX_ROW_MESSAGES]:
                row_problems.append((int(row), order, f"row {row}: {reasons(row)}"))

    for line, expected, saw in skipped_rows:
        row_problems.append((line, -1, f"row {line}: has {saw} values but there are {expected} column headings"))
        problem_counts += 1

    row_problems.sort()
    problems.extend(message for _, _, message in row_problems[:_MAX_ROW_MESSAGES])
    if problem_counts > _MAX_ROW_MESSAGES:
        problems.append(f"… and {problem_counts - _MAX_ROW_MESSAGES} more row problems not listed")

    frame = pd.DataFrame(typed, index=raw.index).loc[~bad_any.to_numpy()]
    frame = frame.reset_index(drop=True)
    for name, spec in COLUMNS.items():
        if name not in raw.columns:
            continue
        if spec.kind == "bool" and spec.blank_ok and frame[name].isna().any():
            frame[name] = frame[name].astype("boolean")  # yes/no with blanks: pandas' nullable booleans
        elif spec.kind in ("int", "bool") and frame[name].notna().all():
            frame[name] = frame[name].astype(spec.dtype)
    excluded = int(bad_any.sum()) + len(skipped_rows)
    if excluded:
        problems.append(f"{excluded} row{'s' if excluded != 1 else ''} with problems left out; "
                        f"{len(frame)} rows kept")
    result.frame = frame
    result.rows_excluded = excluded
    return result


def _describe_source(obj) -> str:
    if isinstance(obj, str) and "\n" in obj:
        return "CSV text"
    if isinstance(obj, (str, os.PathLike)):
        return str(obj)
    return getattr(obj, "name", None) or type(obj).__name__


def _read_text(obj, result: LoadedFeedback) -> str | None:
    """Return the file's text, or None after recording why it can't be read."""
    problems = result.problems
    if obj is None:
        obj = DEFAULT_PATH
    try:
        if isinstance(obj, str) and "\n" in obj:  # CSV text itself, not a path
            result.encoding = "text"
            return obj
        if isinstance(obj, (str, os.PathLike)):
            path = Path(obj)
            if not path.is_file():
                problems.append(f"file not found: {path}")
                return None
            data = path.read_bytes()
        elif isinstance(obj, (bytes, bytearray, memoryview)):
            data = bytes(obj)
        elif hasattr(obj, "read"):
            data = obj.read()
        else:
            problems.append(f"cannot read feedback from a {type(obj).__name__}; give a file path or file")
            return None
    except OSError as exc:
        problems.append(f"the file could not be opened ({exc.strerror or exc})")
        return None

    if isinstance(data, str):
        result.encoding = "text"
        return data
    data = bytes(data)
    spreadsheet = _spreadsheet_kind(data)
    if spreadsheet:
        problems.append(
            f"this is {spreadsheet}, not a CSV file, even if its name ends in .csv; open it in Excel "
            "(or LibreOffice Calc), choose File > Save As, pick the type \"CSV UTF-8 (Comma delimited) (*.csv)\" "
            "and load the new file"
        )
        return None
    utf16 = _utf16_encoding(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            problems.append("the file looks like UTF-16 text but cannot be read as it; "
                            "save it again as \"CSV UTF-8 (Comma delimited)\"")
            return None
        result.encoding = "utf-16"
        problems.append("the file is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8; read it as UTF-16")
        return text.lstrip("\ufeff")
    if b"\x00" in data:
        problems.append("this is not a text file (it contains binary data); "
                        "save the feedback from your spreadsheet as \"CSV UTF-8 (Comma delimited)\"")
        return None
    try:
        text = data.decode("utf-8")
        result.encoding = "utf-8"
        return text
    except UnicodeDecodeError as exc:
        where = f"byte 0x{data[exc.start]:02X} at position {exc.start}"
    try:
        text = data.decode("cp1252")
        result.encoding = "cp1252"
        problems.append(f"the file is not UTF-8 ({where}); read it as Windows-1252 (cp1252) instead, "
                        "so check £ signs and accented letters")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        result.encoding = "latin-1"
        problems.append(f"the file is not UTF-8 ({where}) nor Windows-1252; read it as Latin-1, "
                        "so some characters may be wrong")
    return text


def _spreadsheet_kind(data: bytes) -> str | None:
    """Name the spreadsheet format of a file that is not text, or None."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2 compound file: Excel 97-2003
        return "an Excel 97-2003 workbook (.xls)"
    if data.startswith(b"PK\x03\x04"):  # a zip archive: .xlsx or .ods
        if b"opendocument.spreadsheet" in data[:200]:
            return "an OpenDocument spreadsheet (.ods)"
        return "an Excel workbook (.xlsx)"
    head = data[:400].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") and b"spreadsheet" in head or head.startswith((b"<html", b"<!doctype html", b"<table")):
        return "a spreadsheet saved as a web page or XML"
    return None


def _utf16_encoding(data: bytes) -> str | None:
    """'utf-16' for text with a UTF-16 byte-order mark, 'utf-16-le'/'utf-16-be' for UTF-16 without one."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:2000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    # ASCII text in UTF-16 has a zero byte in every other position, and nowhere else.
    odd_zeros, even_zeros = sample[1::2].count(0), sample[0::2].count(0)
    half = len(sample) // 2
    if odd_zeros > 0.6 * half and even_zeros == 0:
        return "utf-16-le"
    if even_zeros > 0.6 * half and odd_zeros == 0:
        return "utf-16-be"
    return None


def _sniff_delimiter(first_line: str) -> str:
    """The delimiter that splits the heading row into the most known column names.

    We know what the headings should be, so that is a surer guide than counting
    characters: a heading row never holds a decimal comma. Ties go to the most
    cells, then to the comma.
    """
    def score(delimiter: str) -> tuple[int, int, bool]:
        cells = [_normalise_header(c) for c in _parse_line(first_line, delimiter)[0]]
        return (sum(c in COLUMNS for c in cells), len(cells), delimiter == ",")

    return max((",", ";", "\t"), key=score)


def _parse_line(line: str, delimiter: str, n_columns: int | None = None) -> tuple[list[str], str]:
    """Split one physical line. Returns the values and, for a quote that is never closed, how it was read.

    The readings tried, in order, keep the first that gives ``n_columns`` values:
    the line as it is; the open quote closed at the end of the line (a comment
    typed as ``"Great service, really``); each quote that opens a value, from the
    last, read as a plain character (so properly quoted values keep their
    commas); every quote as a plain character.
    """
    line = line.rstrip("\r\n")

    def strict(text: str) -> list[str] | None:
        try:
            return next(csv.reader([text], delimiter=delimiter, strict=True), [])
        except csv.Error:
            return None

    candidates = [(strict(line), ""), (strict(line + '"'), "closed at the end of the row")]
    openers = [i for i, ch in enumerate(line) if ch == '"' and (i == 0 or line[i - 1] == delimiter)]
    for i in reversed(openers):
        # A private-use character stands in for the stray quote while the line is split.
        fields = strict(line[:i] + "\ue000" + line[i + 1:])
        candidates.append((None if fields is None else [f.replace("\ue000", '"') for f in fields],
                           "read as a plain character"))
    candidates.append((next(csv.reader([line], delimiter=delimiter, quoting=csv.QUOTE_NONE), []),
                       "read as a plain character"))
    readable = [(fields, how) for fields, how in candidates if fields is not None]
    for fields, how in readable:
        if n_columns is None or len(fields) == n_columns:
            return fields, how
    return readable[0]


def _split_records(lines: list[str], delimiter: str, n_columns: int) -> tuple[list[tuple[int, list[str]]], list[tuple[int, str]]]:
    """Split the lines after the heading into ``(spreadsheet row, values)`` records.

    A quoted value may run over several lines (a comment with a line break). A
    quote that is opened and never closed would swallow every row after it, so a
    record is taken apart again when it spans lines and either has the wrong
    number of values or holds a line that looks like a whole row; its first
    line is then read alone (see :func:`_parse_line`) and reading starts again
    on the next line. Returns the records, and (row, how its quote was read)
    for each row so read.
    """
    records: list[tuple[int, list[str]]] = []
    quote_rows: list[tuple[int, str]] = []
    row = 1  # the heading is spreadsheet row 1
    start = 1  # index in ``lines`` where the current reader began
    while start < len(lines):
        reader = csv.reader((lines[i] for i in range(start, len(lines))), delimiter=delimiter)
        consumed = 0
        broken_at = None
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error:  # e.g. a swallowed run longer than the field size limit
                broken_at = start + consumed
                break
            span = reader.line_num - consumed
            if span > 1 and _swallowed_rows(fields, delimiter, n_columns):
                broken_at = start + consumed
                break
            if span == 1 and len(fields) != n_columns and '"' in lines[start + consumed]:
                # A stray quote inside one line shifts its values: read it the way that fits, if one does.
                refit, how = _parse_line(lines[start + consumed], delimiter, n_columns)
                if how and len(refit) == n_columns:
                    fields = refit
                    quote_rows.append((row + 1, how))
            consumed = reader.line_num
            row += 1
            records.append((row, fields))
        if broken_at is None:
            break
        row += 1
        fields, how = _parse_line(lines[broken_at], delimiter, n_columns)
        records.append((row, fields))
        quote_rows.append((row, how or "read as a plain character"))
        start = broken_at + 1
    return records, quote_rows


def _swallowed_rows(fields: list[str], delimiter: str, n_columns: int) -> bool:
    """True when a record that ran over several lines is really an unclosed quote eating rows."""
    if len(fields) != n_columns:
        return True
    return any(
        line.count(delimiter) >= max(n_columns - 2, 1)
        for value in fields if "\n" in value or "\r" in value
        for line in value.splitlines()
    )


def _column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA': how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _normalise_header(name) -> str:
    """'Response ID ' → 'response_id'; 'CSAT' → 'csat'."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def _norm_key(values: pd.Series) -> pd.Series:
    """Case/spacing-insensitive form of category labels for matching."""
    return _per_unique(values, lambda u: u.str.lower().str.replace(r"[\s_\-]+", " ", regex=True).str.strip())


def _per_unique(values: pd.Series, transform) -> pd.Series:
    """``transform(values)``, worked out once per distinct value (a column of categories has few)."""
    uniques = pd.Series(pd.unique(values.to_numpy()), dtype=object)
    return values.map(dict(zip(uniques, transform(uniques)))) if len(values) else values.astype(object)


def _check_column(name: str, spec: ColumnSpec, raw: pd.Series, decimal_comma: bool = False):
    """Type one raw text column and find its bad rows.

    Returns ``(typed, bad_mask, reason_for_row, column_message)``. When every
    non-blank value is the wrong type, the whole column is treated as missing
    (one column message, no bad rows) so the other KPIs still work.
    """
    blank = raw == ""
    n_filled = int((~blank).sum())
    no_bad = pd.Series(False, index=raw.index)

    def wrong_value(explanation: str):
        """Row -> message: the cell is blank, or its value ``explanation`` (e.g. "is not a date")."""
        return lambda row: f"{name} is blank" if blank[row] else f"{name} '{raw[row]}' {explanation}"

    reason = wrong_value("")  # only returned alongside a column message, where no row is bad

    if spec.kind in ("id", "text"):
        typed = raw.where(~blank).astype("str")
        bad = blank.copy() if not spec.blank_ok else no_bad.copy()
        dup = pd.Series(False, index=raw.index)
        if spec.unique:
            dup = raw.duplicated() & ~blank
            bad |= dup

        reason = wrong_value("is used on an earlier row")

        return typed, bad, reason, None

    if spec.kind == "category":
        lookup = {_norm_key(pd.Series([v])).iloc[0]: v for v in spec.allowed}
        mapped = _norm_key(raw).map(lookup)
        unknown = mapped.isna() & ~blank
        if n_filled and unknown.sum() == n_filled:
            examples = ", ".join(f"'{v}'" for v in raw[~blank].unique()[:3])
            return (_empty_series(spec, len(raw), raw.index), no_bad,
                    reason, f"column '{name}': no values match the expected list (found {examples}); "
                                f"it was left blank. Expected: {spec.allowed_text()}")
        typed = pd.Series(pd.Categorical(mapped, categories=list(spec.allowed)), index=raw.index)
        bad = unknown | (blank if not spec.blank_ok else no_bad)

        reason = wrong_value(f"is not one of: {', '.join(spec.allowed)}")

        return typed, bad, reason, None

    if spec.kind == "date":
        iso = pd.to_datetime(raw.where(~blank), format="ISO8601", errors="coerce")
        uk = pd.to_datetime(raw.where(iso.isna() & ~blank), format="%d/%m/%Y", errors="coerce")
        typed = iso.fillna(uk).astype("datetime64[us]")
        unparsed = typed.isna() & ~blank
        if n_filled and unparsed.sum() == n_filled:
            return (_empty_series(spec, len(raw), raw.index), no_bad, reason,
                    f"column '{name}': none of the values are dates (e.g. '{raw[~blank].iloc[0]}'); "
                    "it was left blank. Use YYYY-MM-DD")
        message = None
        n_uk = int(uk.notna().sum())
        if n_uk:
            message = f"{n_uk} date{'s were' if n_uk != 1 else ' was'} written DD/MM/YYYY and read as UK dates"
        bad = unparsed | blank

        reason = wrong_value("is not a date (use YYYY-MM-DD)")

        return typed, bad, reason, message

    if spec.kind == "bool":
        lower = _per_unique(raw, lambda u: u.str.lower())
        is_true = lower.isin(_TRUE_WORDS)
        is_false = lower.isin(_FALSE_WORDS)
        unknown = ~(is_true | is_false) & ~blank
        if n_filled and unknown.sum() == n_filled:
            return (_empty_series(spec, len(raw), raw.index), no_bad, reason,
                    f"column '{name}': none of the values are True/False or yes/no "
                    f"(e.g. '{raw[~blank].iloc[0]}'); it was left blank")
        typed = is_true.where(~(unknown | blank))
        bad = unknown | (blank if not spec.blank_ok else no_bad)

        reason = wrong_value("is not True/False (yes/no)")

        return typed, bad, reason, None

    # int / float
    numbers, comma_decimal = _to_numbers(raw.where(~blank, ""), decimal_comma)
    not_finite = numbers.notna() & ~np.isfinite(numbers.fillna(0))  # 1e309 overflows to inf
    not_number = (numbers.isna() & ~blank) | not_finite
    if n_filled and not_number.sum() == n_filled:
        return (_empty_series(spec, len(raw), raw.index), no_bad, reason,
                f"column '{name}': none of the values are numbers (e.g. '{raw[~blank].iloc[0]}'); "
                f"it was left blank. Expected: {spec.allowed_text()}")
    numbers = numbers.where(~not_finite)
    not_whole = (numbers % 1 != 0) & numbers.notna() if spec.kind == "int" else no_bad
    too_low = numbers < spec.minimum if spec.minimum is not None else no_bad
    too_high = numbers > spec.maximum if spec.maximum is not None else no_bad
    bad = (blank if not spec.blank_ok else no_bad) | not_number | not_whole | too_low | too_high
    typed = numbers.where(~bad)
    message = None
    n_comma = int((comma_decimal & ~bad).sum())
    if n_comma:
        example = raw[comma_decimal & ~bad].iloc[0]
        message = (f"{n_comma} value{'s' if n_comma != 1 else ''} in '{name}' "
                   f"{'were' if n_comma != 1 else 'was'} written with a decimal comma (e.g. '{example}') "
                   f"and read as {_fmt_number(numbers[comma_decimal & ~bad].iloc[0])}")

    def reason(row):
        if blank[row]:
            return f"{name} is blank"
        if not_finite[row] or raw[row].lower().lstrip("+-") in ("inf", "infinity"):
            return f"{name} '{raw[row]}' is not a finite number (too large, or infinity)"
        if not_number[row]:
            return f"{name} '{raw[row]}' is not a number"
        value = _fmt_number(numbers[row])
        if not_whole[row]:
            return f"{name} {value} is not a whole number"
        if spec.maximum is not None:
            return f"{name} {value} is outside {_fmt_number(spec.minimum)}–{_fmt_number(spec.maximum)}"
        return f"{name} {value} is below {_fmt_number(spec.minimum)}"

    return typed, bad, reason, message


# How numbers may be written. A plain number uses a decimal point (and may have an exponent:
# spreadsheets write 1.2E+05). "1,250" is a thousands separator in a comma-separated file and a
# decimal comma in a semicolon- or tab-separated one; "18,5" can only be a decimal comma.
_PLAIN_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_THOUSANDS_COMMA = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"
_DECIMAL_COMMA = r"[+-]?\d+,\d+"
_THOUSANDS_DOT_DECIMAL_COMMA = r"[+-]?\d{1,3}(?:\.\d{3})+,\d+"


def _uses_decimal_comma(raw: pd.DataFrame, delimiter: str) -> bool:
    """True when this file writes numbers as 18,5: not comma-separated, and decimal commas outnumber decimal points."""
    if delimiter == ",":
        return False
    numeric = [c for c in raw.columns if c in COLUMNS and COLUMNS[c].kind in ("int", "float")]
    if not numeric or not len(raw):
        return False
    values = pd.concat([raw[c] for c in numeric])
    commas = values.str.fullmatch(_DECIMAL_COMMA) | values.str.fullmatch(_THOUSANDS_DOT_DECIMAL_COMMA)
    points = values.str.fullmatch(r"[+-]?\d*\.\d+")
    return int(commas.sum()) > int(points.sum())


def _to_numbers(text: pd.Series, decimal_comma: bool) -> tuple[pd.Series, pd.Series]:
    """Read numbers written with a decimal point or comma; returns (numbers, read-with-a-decimal-comma mask).

    Anything else, including ``inf`` and ``nan``, is NaN (not a number).
    """
    text = text.astype(object)
    with np.errstate(over="ignore"):
        numbers = pd.to_numeric(text.where(text != ""), errors="coerce").astype(float)
    # pandas reads plain numbers fast; only what it cannot read finitely (or reads as words
    # like "inf" and "nan") goes through the patterns below.
    unread = ~np.isfinite(numbers.to_numpy()) & (text != "").to_numpy()
    if not unread.any():
        return numbers, pd.Series(False, index=text.index)
    slow, slow_comma = _to_numbers_by_pattern(text[unread], decimal_comma)
    numbers[unread] = slow.to_numpy()
    comma = pd.Series(False, index=text.index)
    comma[unread] = slow_comma.to_numpy()
    return numbers, comma


def _to_numbers_by_pattern(text: pd.Series, decimal_comma: bool) -> tuple[pd.Series, pd.Series]:
    """The slow path of :func:`_to_numbers`: each way of writing a number, matched in turn."""
    plain = text.str.fullmatch(_PLAIN_NUMBER).astype(bool)
    grouped = text.str.fullmatch(_THOUSANDS_COMMA).astype(bool)
    comma = text.str.fullmatch(_DECIMAL_COMMA).astype(bool) | text.str.fullmatch(_THOUSANDS_DOT_DECIMAL_COMMA).astype(bool)
    if decimal_comma:
        grouped = pd.Series(False, index=text.index)
    else:
        comma &= ~grouped
    cleaned = text.where(plain)
    cleaned = cleaned.where(~grouped, text.str.replace(",", "", regex=False))
    cleaned = cleaned.where(~comma, text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    # Python's float() reads 1e309 as inf on every pandas version (older to_numeric gives NaN).
    numbers = pd.Series([float(v) if isinstance(v, str) else np.nan for v in cleaned], index=text.index, dtype=float)
    return numbers, comma


