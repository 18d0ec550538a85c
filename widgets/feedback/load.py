"""Loading a feedback CSV and checking every row: one plain-English message per problem, never a traceback."""

from __future__ import annotations

import dataclasses
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .read import (
    DEFAULT_PATH,
    MAX_CELL_CHARS,
    and_list,
    column_letter,
    csv_field_limit,
    describe_source,
    normalise_header,
    parse_line,
    read_text,
    sniff_delimiter,
    split_records,
)
from .schema import (
    COLUMNS,
    _FALSE_WORDS,
    _MAX_ROW_MESSAGES,
    _TRUE_WORDS,
    ColumnSpec,
    _empty_series,
    _fmt_number,
    empty_feedback,
)


# At most this many rows are read, so a runaway file (millions of lines of a pasted log)
# costs seconds and a few hundred megabytes, not minutes and gigabytes.
MAX_ROWS = 200_000

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


#: Feedback files already read in this kernel: {(source, path): ((modification time, size, inode), result)}.
#: A lesson that loads the same file again gets it at once; a file that changes is read again.
_READ: dict[tuple[str, str], tuple[tuple[int, int, int], LoadedFeedback]] = {}


def _file_version(path_or_buffer) -> tuple[tuple[str, str], tuple[int, int, int]] | None:
    """Where the file is and which version of it, or None for anything but a readable file path."""
    if isinstance(path_or_buffer, str) and "\n" in path_or_buffer:
        return None  # CSV text itself
    if path_or_buffer is not None and not isinstance(path_or_buffer, (str, os.PathLike)):
        return None  # bytes, an open file: read every time
    path = Path(DEFAULT_PATH if path_or_buffer is None else path_or_buffer)
    try:
        info = os.stat(path)
        where = str(path.resolve())
    except (OSError, ValueError):
        return None  # the loader says what is wrong
    return (str(path_or_buffer), where), (info.st_mtime_ns, info.st_size, info.st_ino)


def _own_copy(result: LoadedFeedback) -> LoadedFeedback:
    """A copy a lesson may change (add a column, drop rows) without changing the next load."""
    return dataclasses.replace(result, frame=result.frame.copy(), problems=list(result.problems))


def load_feedback(path_or_buffer=None) -> LoadedFeedback:
    """Load and check a feedback CSV; never raises for a bad file.

    A file path (or ``None``) is read and checked once per kernel and kept until the file's
    modification time, size or inode changes, so a tutor's edited file is read again; each
    call gets its own copy of the table and the problems.

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
    * a value longer than a spreadsheet cell can hold (32,767 characters: a pasted
      log, or a quote never closed): only that row is left out, named by row and
      column; a line that is one huge value is left out in one sentence; a heading
      row that long refuses the file; past 200,000 rows reading stops and says so,
      so a runaway 50 MB file takes seconds, not minutes;
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
    version = _file_version(path_or_buffer)
    if version is not None:
        key, stamp = version
        cached = _READ.get(key)
        if cached is not None and cached[0] == stamp:
            return _own_copy(cached[1])
    result = _load_feedback(path_or_buffer)
    if version is not None:
        _READ[key] = (stamp, result)
        return _own_copy(result)
    return result


#: A tutor names their own (anonymised) feedback export here before starting JupyterLab, and
#: lessons 07 to 09 analyse it instead of Harbour's log (lessons/tutor-notes/customising.md).
FEEDBACK_FILE_VARIABLE = "AFTER_SALES_FEEDBACK_FILE"


def feedback_file() -> str | None:
    """The file named in ``$AFTER_SALES_FEEDBACK_FILE``, or None (unset or blank) for Harbour's log.

    Quotes pasted round the name are ignored and ``~`` is the tutor's home folder. A name without
    a folder is looked for where the notebook runs: the ``lessons`` folder.
    """
    value = os.environ.get(FEEDBACK_FILE_VARIABLE, "").strip().strip("\"'").strip()
    return os.path.expanduser(value) if value else None


def load_lesson_feedback() -> pd.DataFrame:
    """The feedback log a lesson analyses: say which file it is and what loading found, then return its rows.

    That is Harbour's committed log unless ``$AFTER_SALES_FEEDBACK_FILE`` names a tutor's own
    export. Like :func:`load_feedback` it never raises: a missing or messy file is described in
    plain words, and the usable rows (perhaps none) come back.
    """
    chosen = feedback_file()
    loaded = load_feedback(chosen)
    if chosen is None:
        print("Harbour's feedback log (data/feedback/feedback.csv).")
    else:
        print(f"Your feedback file, named in {FEEDBACK_FILE_VARIABLE}: {chosen}")
    print(loaded.summary())
    return loaded.frame


def _load_feedback(path_or_buffer) -> LoadedFeedback:
    source = "data/feedback/feedback.csv" if path_or_buffer is None else describe_source(path_or_buffer)
    result = LoadedFeedback(frame=empty_feedback(), source=source)
    problems = result.problems

    text = read_text(path_or_buffer, result)
    if text is None:
        return result
    if text.startswith("\ufeff"):  # Excel's "CSV UTF-8" byte-order mark
        text = text[1:]
    if not text.strip():
        problems.append("the file is empty: there are no column headings and no rows")
        return result

    text = text.replace("\x00", "")
    lines = list(io.StringIO(text, newline=""))  # splits on \n, \r\n and \r only, keeping each ending
    with csv_field_limit(len(text) + 1):
        return _load_lines(lines, result)


def _load_lines(lines: list[str], result: LoadedFeedback) -> LoadedFeedback:
    """The rest of :func:`load_feedback`, once the text is split into physical lines."""
    problems = result.problems
    hint = re.fullmatch(r"sep=(.)", lines[0].rstrip("\r\n"), flags=re.IGNORECASE)
    if hint and len(lines) > 1:
        # Excel's separator hint: Excel hides this line, so the headings are still row 1.
        lines = lines[1:]
        delimiter = hint.group(1)
    if len(lines[0]) > MAX_CELL_CHARS:
        problems.append(
            f"the heading row is {len(lines[0]):,} characters long, far too long to be a row of column "
            "headings, so this is not a feedback table; check you chose the right file"
        )
        return result
    if not hint or len(lines) == 1:
        delimiter = sniff_delimiter(lines[0])
    result.delimiter = delimiter
    if delimiter == ";":
        problems.append("values are separated by semicolons (;) rather than commas; read it with semicolons")
    elif delimiter == "\t":
        problems.append("values are separated by tabs rather than commas; read it with tabs")

    header, _ = parse_line(lines[0], delimiter)
    columns = [normalise_header(c) for c in header]
    records, quote_rows, unread = split_records(lines, delimiter, len(header), max_records=MAX_ROWS)
    if unread:
        problems.append(
            f"the file has more than {MAX_ROWS:,} rows; only the first {MAX_ROWS:,} were read and the last "
            f"{unread:,} lines were not (a feedback table for this course is far smaller), so check it is the file you meant"
        )
    skipped_rows = []  # (row, headings, values) for rows with more values than headings
    kept_rows, kept_fields = [], []
    oversized = []  # (row, message) for rows holding a value longer than a cell can hold
    for row, fields in records:
        long_cells = [i for i, value in enumerate(fields) if len(value) > MAX_CELL_CHARS]
        if long_cells:
            oversized.append((row, _oversized_message(row, fields, long_cells, columns)))
            continue
        if len(fields) > len(header):
            if any(value.strip() for value in fields[len(header) :]):
                skipped_rows.append((row, len(header), len(fields)))
                continue
            fields = fields[: len(header)]  # trailing empty cells, as spreadsheets often write
        kept_rows.append(row)
        kept_fields.append(
            [value.strip() for value in fields] + [""] * (len(header) - len(fields))
        )  # short row: blanks
    raw = pd.DataFrame(kept_fields, index=np.array(kept_rows, dtype=int), columns=range(len(header)), dtype=object)
    # Spreadsheet columns without a heading that hold nothing (a stray trailing delimiter) go quietly.
    unnamed = [i for i, name in enumerate(columns) if not name]
    for i in unnamed:
        if len(raw) and (raw[i] != "").any():
            problems.append(f"spreadsheet column {column_letter(i)} has values but no heading; it was not used")
    keep = [i for i, name in enumerate(columns) if name]
    raw = raw[keep]
    raw.columns = [columns[i] for i in keep]
    blank_rows = (raw == "").all(axis=1) if len(raw.columns) else pd.Series(True, index=raw.index)
    raw = raw.loc[~blank_rows]
    result.rows_read = len(raw) + len(skipped_rows) + len(oversized)
    quote_messages = [
        (
            row,
            -2,
            f'row {row}: a double quote (") is opened and never closed; in this row it was {how}, '
            "and the rows after it are unaffected",
        )
        for row, how in quote_rows
    ]

    quote_messages += [(row, -3, message) for row, message in oversized]
    if len(raw) == 0 and not skipped_rows and not oversized:
        problems.append("the file has column headings but no rows of feedback")

    # Column-level checks.
    for name in pd.Index(raw.columns)[pd.Index(raw.columns).duplicated()].unique():
        places = [column_letter(i) for i, c in enumerate(columns) if c == name]
        times = "twice" if len(places) == 2 else f"{len(places)} times"
        problems.append(
            f"the heading '{name}' is used {times} (spreadsheet columns {and_list(places)}); "
            f"only the first, column {places[0]}, is used"
        )
    raw = raw.loc[:, ~pd.Index(raw.columns).duplicated()]
    missing = [c for c in COLUMNS if c not in raw.columns]
    extra = [c for c in raw.columns if c not in COLUMNS]
    if len(missing) == len(COLUMNS):
        found = ", ".join(f"'{c}'" for c in list(raw.columns)[:5])
        problems.append(
            f"none of the expected column headings were found (found {found}); "
            "check the first row holds the headings listed in the data dictionary"
        )
        result.rows_excluded = len(raw) + len(skipped_rows) + len(oversized)
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
    excluded = int(bad_any.sum()) + len(skipped_rows) + len(oversized)
    if excluded:
        problems.append(f"{excluded} row{'s' if excluded != 1 else ''} with problems left out; {len(frame)} rows kept")
    result.frame = frame
    result.rows_excluded = excluded
    return result


def _oversized_message(row: int, fields: list[str], long_cells: list[int], columns: list[str]) -> str:
    """One sentence for a row left out because a value in it is longer than a cell can hold."""
    if len(fields) == 1:
        return (
            f"row {row}: this line is one value {len(fields[0]):,} characters long with no commas between "
            "values, so it is not a row of feedback and was left out"
        )
    i = long_cells[0]
    heading = f" ('{columns[i]}')" if i < len(columns) and columns[i] else ""
    more = (
        f" (and {len(long_cells) - 1} more value{'s' if len(long_cells) > 2 else ''} like it)"
        if len(long_cells) > 1
        else ""
    )
    return (
        f"row {row}: the value in column {column_letter(i)}{heading} is {len(fields[i]):,} characters long{more}, "
        f"more than the {MAX_CELL_CHARS:,} a spreadsheet cell can hold (a pasted log, or a quote that is never "
        "closed?); the row was left out and the other rows are unaffected"
    )


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

    def left_blank(what: str, advice: str = ""):
        """The whole column is unreadable as ``what``: keep the rows, blank the column, say so once."""
        first = raw[~blank].iloc[0]
        message = f"column '{name}': none of the values are {what} (e.g. '{first}'); it was left blank{advice}"
        return _empty_series(spec, len(raw), raw.index), no_bad, reason, message

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
            return (
                _empty_series(spec, len(raw), raw.index),
                no_bad,
                reason,
                f"column '{name}': no values match the expected list (found {examples}); "
                f"it was left blank. Expected: {spec.allowed_text()}",
            )
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
            return left_blank("dates", ". Use YYYY-MM-DD")
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
            return left_blank("True/False or yes/no")
        typed = is_true.where(~(unknown | blank))
        bad = unknown | (blank if not spec.blank_ok else no_bad)

        reason = wrong_value("is not True/False (yes/no)")

        return typed, bad, reason, None

    # int / float
    numbers, comma_decimal = _to_numbers(raw.where(~blank, ""), decimal_comma)
    not_finite = numbers.notna() & ~np.isfinite(numbers.fillna(0))  # 1e309 overflows to inf
    not_number = (numbers.isna() & ~blank) | not_finite
    if n_filled and not_number.sum() == n_filled:
        return left_blank("numbers", f". Expected: {spec.allowed_text()}")
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
        message = (
            f"{n_comma} value{'s' if n_comma != 1 else ''} in '{name}' "
            f"{'were' if n_comma != 1 else 'was'} written with a decimal comma (e.g. '{example}') "
            f"and read as {_fmt_number(numbers[comma_decimal & ~bad].iloc[0])}"
        )

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
    comma = text.str.fullmatch(_DECIMAL_COMMA).astype(bool) | text.str.fullmatch(_THOUSANDS_DOT_DECIMAL_COMMA).astype(
        bool
    )
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
