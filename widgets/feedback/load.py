"""Loading a feedback CSV and checking every row: one plain-English message per problem, never a traceback."""

from __future__ import annotations

import io
import os
import re
import warnings
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

    * missing file, empty file, a spreadsheet saved as ``.xlsx`` not CSV;
    * text that is not UTF-8 (read again as Windows-1252, and said so);
    * semicolons or tabs between values instead of commas (read that way);
    * missing columns (added, left blank, so other KPIs still work);
    * extra columns (dropped);
    * a column whose values are all the wrong type (left blank);
    * per-row problems: blank required value, wrong type, score out of range,
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

    first_line = text.splitlines()[0]
    delimiter = _sniff_delimiter(first_line)
    result.delimiter = delimiter
    if delimiter == ";":
        problems.append("values are separated by semicolons (;) rather than commas; read it with semicolons")
    elif delimiter == "\t":
        problems.append("values are separated by tabs rather than commas; read it with tabs")

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            raw = pd.read_csv(
                io.StringIO(text),
                sep=delimiter,
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=False,
                on_bad_lines="warn",
            )
    except Exception as exc:  # pragma: no cover - pandas parser edge cases
        problems.append(f"the file could not be read as CSV ({str(exc).strip().splitlines()[0]})")
        return result

    skipped_rows = []
    for warning in caught:
        for match in re.finditer(r"Skipping line (\d+): expected (\d+) fields?, saw (\d+)", str(warning.message)):
            skipped_rows.append((int(match.group(1)), int(match.group(2)), int(match.group(3))))

    raw.columns = [_normalise_header(c) for c in raw.columns]
    # Spreadsheet row numbers: heading = row 1, allowing for skipped lines.
    row_numbers = np.arange(len(raw)) + 2
    for line, _, _ in sorted(skipped_rows):
        row_numbers[row_numbers >= line] += 1
    raw.index = row_numbers
    raw = raw.fillna("").apply(lambda col: col.str.strip())  # short rows give NaN: treat as blank
    blank_rows = (raw == "").all(axis=1) if len(raw.columns) else pd.Series(False, index=raw.index)
    raw = raw.loc[~blank_rows]
    result.rows_read = len(raw) + len(skipped_rows)

    if len(raw) == 0 and not skipped_rows:
        problems.append("the file has column headings but no rows of feedback")

    # Column-level checks.
    duplicated = [c for c in pd.Index(raw.columns)[pd.Index(raw.columns).duplicated()].unique()]
    for name in duplicated:
        problems.append(f"column '{name}' appears more than once; only the first is used")
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

    row_problems: list[tuple[int, int, str]] = []  # (row, column order, message)
    problem_counts = 0
    bad_any = pd.Series(False, index=raw.index)
    typed = {}
    for order, (name, spec) in enumerate(COLUMNS.items()):
        if name not in raw.columns:
            typed[name] = _empty_series(spec, len(raw), index=raw.index)
            continue
        series, bad, reasons, column_message = _check_column(name, spec, raw[name])
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
    if data.startswith(b"PK\x03\x04"):
        problems.append("this looks like an Excel workbook (.xlsx), not a CSV file; "
                        "use File > Save As > CSV UTF-8 and try again")
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


def _sniff_delimiter(first_line: str) -> str:
    """Pick ',' unless the heading row is clearly split by ';' or tabs."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] > 0 else ","


def _normalise_header(name) -> str:
    """'Response ID ' → 'response_id'; 'CSAT' → 'csat'."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def _norm_key(values: pd.Series) -> pd.Series:
    """Case/spacing-insensitive form of category labels for matching."""
    return values.str.lower().str.replace(r"[\s_\-]+", " ", regex=True).str.strip()


def _check_column(name: str, spec: ColumnSpec, raw: pd.Series):
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
        lower = raw.str.lower()
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
    numbers = pd.to_numeric(raw.str.replace(",", "", regex=False).where(~blank), errors="coerce")
    not_number = numbers.isna() & ~blank
    if n_filled and not_number.sum() == n_filled:
        return (_empty_series(spec, len(raw), raw.index), no_bad, reason,
                f"column '{name}': none of the values are numbers (e.g. '{raw[~blank].iloc[0]}'); "
                f"it was left blank. Expected: {spec.allowed_text()}")
    not_whole = (numbers % 1 != 0) & numbers.notna() if spec.kind == "int" else no_bad
    too_low = numbers < spec.minimum if spec.minimum is not None else no_bad
    too_high = numbers > spec.maximum if spec.maximum is not None else no_bad
    bad = (blank if not spec.blank_ok else no_bad) | not_number | not_whole | too_low | too_high
    typed = numbers.where(~bad)

    def reason(row):
        if blank[row]:
            return f"{name} is blank"
        if not_number[row]:
            return f"{name} '{raw[row]}' is not a number"
        value = _fmt_number(numbers[row])
        if not_whole[row]:
            return f"{name} {value} is not a whole number"
        if spec.maximum is not None:
            return f"{name} {value} is outside {_fmt_number(spec.minimum)}–{_fmt_number(spec.maximum)}"
        return f"{name} {value} is below {_fmt_number(spec.minimum)}"

    return typed, bad, reason, None

