"""Pure pandas helpers for the synthetic customer-feedback dataset.

Everything here is a plain function over a :class:`pandas.DataFrame`: no
widgets, no global state, no row-by-row Python loops over the data. The lesson
notebooks call these helpers so that learners see the *results* of a service
review (CSAT, NPS, first-contact resolution, response times, complaint themes)
without having to write pandas themselves, and tutors can point the same
helpers at their own anonymised export through :func:`load_feedback`.

The dataset is synthetic. See ``data/feedback/data-dictionary.md`` for the
columns and ``lessons/tutor-notes/feedback-dataset.md`` for how it was made.

KPI definitions used throughout (the usual UK customer-service conventions):

CSAT
    Percentage of responses that scored 4 or 5 on the 1–5 satisfaction scale.
NPS
    Net Promoter Score: percentage of promoters (9–10 on the 0–10 "would you
    recommend us?" scale) minus percentage of detractors (0–6). Runs from −100
    to +100 and is a score, not a percentage.
First-contact resolution (FCR)
    Percentage of contacts sorted out without the customer having to come back.

Charts are drawn with matplotlib's object API (:class:`matplotlib.figure.Figure`,
no ``pyplot``), which works under the headless "Agg" backend and shows exactly
once when returned as the last value of a notebook cell.
"""

from __future__ import annotations

import hmac
import io
import os
import re
import warnings
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

# --------------------------------------------------------------------------
# The column specification
# --------------------------------------------------------------------------

#: Where the committed dataset lives, relative to this module.
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "feedback"
DEFAULT_PATH = DATA_DIR / "feedback.csv"

CHANNELS = (
    "post-purchase survey",
    "follow-up call",
    "email",
    "online review",
    "social media",
    "comment card",
)
PRODUCT_CATEGORIES = (
    "cooking",
    "laundry",
    "fridges and freezers",
    "TV and audio",
    "small appliances",
)
TOUCHPOINTS = ("delivery", "installation", "return", "repair", "complaint", "follow-up")
COMPLAINT_CATEGORIES = (
    "late delivery",
    "faulty item",
    "rude staff",
    "refund delay",
    "wrong item",
    "poor communication",
)


@dataclass(frozen=True)
class ColumnSpec:
    """What one column of the feedback table must hold.

    ``kind`` is one of ``"id"`` (non-blank text), ``"text"`` (free text, may be
    blank), ``"date"``, ``"category"`` (one of ``allowed``), ``"int"``,
    ``"float"`` or ``"bool"``. ``minimum``/``maximum`` bound numbers;
    ``blank_ok`` says whether an empty cell is acceptable and ``unique``
    whether a value may appear only once.
    """

    kind: str
    dtype: str
    meaning: str
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    blank_ok: bool = False
    unique: bool = False
    example: str = ""

    def allowed_text(self) -> str:
        """Human-readable description of the allowed values."""
        if self.allowed is not None:
            text = ", ".join(self.allowed)
            return text + (" (or blank)" if self.blank_ok else "")
        if self.kind == "bool":
            return "True or False (yes/no and 1/0 are also read)"
        if self.kind == "date":
            return "YYYY-MM-DD (DD/MM/YYYY is also read)"
        if self.kind in ("int", "float"):
            low = _fmt_number(self.minimum) if self.minimum is not None else None
            high = _fmt_number(self.maximum) if self.maximum is not None else None
            whole = "whole number" if self.kind == "int" else "number"
            if low is not None and high is not None:
                return f"{whole} {low}–{high}"
            if low is not None:
                return f"{whole}, {low} or more"
            return whole
        if self.kind == "id":
            return "any text, must not be blank" + (", must be unique" if self.unique else "")
        return "any text (may be blank)"


#: Column name → specification. The loader, the generator's tests and the data
#: dictionary all follow this order.
COLUMNS: dict[str, ColumnSpec] = {
    "response_id": ColumnSpec(
        "id", "str", "Unique reference for one piece of feedback.", unique=True, example="R-00042"
    ),
    "customer_ref": ColumnSpec(
        "id", "str", "Pseudonymous customer reference (no name, email or phone).", example="C-04821"
    ),
    "date": ColumnSpec("date", "datetime64[us]", "Date the feedback was received.", example="2025-11-03"),
    "channel": ColumnSpec(
        "category", "category", "How the feedback reached us.", allowed=CHANNELS, example="email"
    ),
    "product_category": ColumnSpec(
        "category", "category", "Which product range the order was for.", allowed=PRODUCT_CATEGORIES,
        example="laundry",
    ),
    "touchpoint": ColumnSpec(
        "category", "category", "Which stage of after-sales service the feedback is about.",
        allowed=TOUCHPOINTS, example="delivery",
    ),
    "csat": ColumnSpec(
        "int", "int64", "Satisfaction score: 1 = very dissatisfied, 5 = very satisfied.",
        minimum=1, maximum=5, example="4",
    ),
    "recommend": ColumnSpec(
        "int", "int64", "How likely to recommend us, 0 = not at all, 10 = extremely (used for NPS).",
        minimum=0, maximum=10, example="9",
    ),
    "response_hours": ColumnSpec(
        "float", "float64", "Hours between the customer contacting us and our first reply.",
        minimum=0, example="18.5",
    ),
    "resolved_first_contact": ColumnSpec(
        "bool", "bool", "True if the issue was sorted out without the customer having to come back.",
        example="True",
    ),
    "complaint_category": ColumnSpec(
        "category", "category", "Main complaint, if there was one; blank when there was no complaint.",
        allowed=COMPLAINT_CATEGORIES, blank_ok=True, example="faulty item",
    ),
    "proactive_followup": ColumnSpec(
        "bool", "bool", "True if we contacted the customer first to check all was well.", example="False"
    ),
    "repeat_purchase_90d": ColumnSpec(
        "bool", "bool", "True if the customer bought from us again within 90 days.", example="True"
    ),
    "comment": ColumnSpec(
        "text", "str", "The customer's own words (short, synthetic); may be blank.", blank_ok=True,
        example="Driver rang ahead and was really polite.",
    ),
}

#: Direct identifiers that appear only in ``feedback_raw.csv``.
PERSONAL_COLUMNS = ("name", "email", "phone")

#: Friendly names for chart labels and lesson text.
COLUMN_LABELS = {
    "channel": "how the feedback reached us",
    "product_category": "product range",
    "touchpoint": "stage of service",
    "month": "month",
    "complaint_category": "type of complaint",
    "resolved_first_contact": "sorted out first time",
    "proactive_followup": "we checked in first",
}

#: Friendly headings for the columns of :func:`kpi_table`.
KPI_LABELS = {
    "responses": "Responses",
    "csat_pct": "CSAT (% scoring 4–5)",
    "nps": "NPS (−100 to +100)",
    "fcr_pct": "Sorted first time (%)",
    "median_response_hours": "Median reply time (hours)",
    "p90_response_hours": "90% replied within (hours)",
    "pct_within_24h": "Replied within 24 hours (%)",
    "repeat_purchase_pct": "Bought again within 90 days (%)",
}

#: Columns each purpose actually needs: for the data-minimisation activity.
PURPOSE_COLUMNS = {
    "kpi report": ["date", "channel", "product_category", "touchpoint", "csat", "recommend",
                   "response_hours", "resolved_first_contact", "repeat_purchase_90d"],
    "complaint review": ["date", "product_category", "touchpoint", "complaint_category", "csat", "comment"],
    "follow-up study": ["proactive_followup", "csat", "recommend", "repeat_purchase_90d"],
}

#: Complaint themes for :func:`complaint_themes`: theme → keywords. A comment
#: belongs to a theme when it contains one of its keywords as whole words.
THEMES: dict[str, tuple[str, ...]] = {
    "Late or missed delivery": ("late", "delayed", "delay", "missed", "no-show", "didn't turn up",
                                "hasn't arrived", "never arrived"),
    "Faulty or broken product": ("faulty", "fault", "broken", "broke", "stopped working", "leaking",
                                 "error code", "won't start"),
    "Staff attitude": ("rude", "unhelpful", "dismissive", "attitude", "sarcastic", "couldn't care less"),
    "Refund problems": ("refund", "refunded", "money back"),
    "Wrong item sent": ("wrong", "incorrect", "not what i ordered", "different model"),
    "Poor communication": ("nobody", "no one", "call back", "ring back", "chase", "chasing",
                           "no reply", "never replied", "kept in the dark", "no update", "no updates"),
}

_MAX_ROW_MESSAGES = 20
_TRUE_WORDS = ("true", "t", "yes", "y", "1", "1.0")
_FALSE_WORDS = ("false", "f", "no", "n", "0", "0.0")

# Okabe–Ito palette: distinguishable with the common colour-vision
# deficiencies. Yellow is left out because it vanishes when printed.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
_LINESTYLES = ("-", "--", "-.", ":")


def _fmt_number(value) -> str:
    """Show 7.0 as '7' and 3.5 as '3.5'."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "blank"
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def describe_columns() -> pd.DataFrame:
    """The column specification as a table (the data dictionary in pandas form)."""
    return pd.DataFrame(
        {
            "column": list(COLUMNS),
            "meaning": [s.meaning for s in COLUMNS.values()],
            "type": [s.dtype for s in COLUMNS.values()],
            "allowed values": [s.allowed_text() for s in COLUMNS.values()],
            "example": [s.example for s in COLUMNS.values()],
        }
    )


def empty_feedback() -> pd.DataFrame:
    """A zero-row feedback table with every column correctly typed."""
    return pd.DataFrame({name: _empty_series(spec, 0) for name, spec in COLUMNS.items()})


def _empty_series(spec: ColumnSpec, n: int, index=None) -> pd.Series:
    """A column of ``n`` missing values of the right kind."""
    if spec.kind == "category":
        return pd.Series(pd.Categorical([None] * n, categories=list(spec.allowed)), index=index)
    if spec.kind == "date":
        return pd.Series(np.full(n, np.datetime64("NaT"), dtype="datetime64[us]"), index=index)
    if spec.kind in ("id", "text"):
        return pd.Series([np.nan] * n, dtype="str", index=index)
    if n == 0 and spec.kind in ("int", "bool"):
        return pd.Series([], dtype=spec.dtype, index=index)
    return pd.Series(np.full(n, np.nan), index=index)


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
        if spec.kind in ("int", "bool") and frame[name].notna().all() and name in raw.columns:
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
        bad = unknown | blank

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
    bad = blank | not_number | not_whole | too_low | too_high
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
    """Percentage of contacts resolved first time (``resolved_first_contact``).

    Blank answers are ignored. Returns NaN when there are no answers.

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
        stats, index=["responses", "median_hours", "mean_hours", "p90_hours", "pct_within_24h"],
        name="response_time", dtype="float64",
    )


_KPI_COLUMNS = ["responses", "csat_pct", "nps", "fcr_pct", "median_response_hours",
                "p90_response_hours", "pct_within_24h", "repeat_purchase_pct"]


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


def complaint_themes(df: pd.DataFrame, top: int = 5,
                     themes: Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
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
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "comments" else
                                          "float64" if c == "pct_of_comments" else "str") for c in columns})
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


def filter_feedback(df: pd.DataFrame, *, channel: str | None = None, product_category: str | None = None,
                    touchpoint: str | None = None, month: str | None = None) -> pd.DataFrame:
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


# --------------------------------------------------------------------------
# UK GDPR: pseudonymisation and data minimisation
# --------------------------------------------------------------------------


def pseudonymise(raw_df: pd.DataFrame, secret: str,
                 identifiers: Iterable[str] = PERSONAL_COLUMNS,
                 ref_column: str = "person_ref") -> pd.DataFrame:
    """Replace direct identifiers with a salted-hash reference.

    The identifier columns (by default ``name``, ``email`` and ``phone``) are
    tidied (trimmed, lower case, phone digits only), joined, and hashed with
    HMAC-SHA256 keyed by ``secret``. The columns are removed and one column,
    ``ref_column``, holds ``"P-"`` and the first 12 hex digits of the hash.
    The same person always gets the same reference for the same secret, so
    analysis can still link their responses; without the secret nobody can
    rebuild the reference from a guessed email address. Whoever holds the
    secret (or the raw file) can still re-identify people, which is why UK GDPR
    treats pseudonymised data as personal data.

    Hashing is done once per distinct person, not per row. Raises ValueError
    if ``secret`` is empty, because an unsalted hash of an email address can
    be reversed by guessing.
    """
    if not isinstance(secret, str) or not secret:
        raise ValueError("choose a secret (a salt) to pseudonymise with; keep it apart from the data")
    present = [c for c in identifiers if c in raw_df.columns]
    out = raw_df.drop(columns=present)
    if not present:
        return out.copy()
    parts = []
    for column in present:  # loops over the few identifier columns
        values = raw_df[column].fillna("").astype("str").str.strip().str.lower()
        if column == "phone":
            values = values.str.replace(r"\D", "", regex=True)
        parts.append(values)
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + "|" + part
    codes, uniques = pd.factorize(joined, use_na_sentinel=False)
    key = secret.encode("utf-8")
    refs = np.array(
        ["P-" + hmac.new(key, str(u).encode("utf-8"), sha256).hexdigest()[:12].upper() for u in uniques],
        dtype=object,
    )
    position = list(raw_df.columns).index(present[0])
    out = out.copy()
    out.insert(min(position, len(out.columns)), ref_column,
               pd.Series(refs[codes] if len(codes) else [], index=raw_df.index, dtype="str"))
    return out


def minimise(df: pd.DataFrame, keep: Iterable[str] | None = None) -> pd.DataFrame:
    """Keep only the columns needed for the purpose; drop everything else.

    ``keep`` is a list of column names (for example ``PURPOSE_COLUMNS["kpi
    report"]``); ``None`` keeps the columns needed for the KPI report. Raises
    ValueError naming any column in ``keep`` that the table does not have.
    Returns a new table in the order given.
    """
    keep = list(PURPOSE_COLUMNS["kpi report"] if keep is None else ([keep] if isinstance(keep, str) else keep))
    absent = [c for c in keep if c not in df.columns]
    if absent:
        raise ValueError(f"the table has no column(s): {', '.join(absent)}")
    return df.loc[:, keep].copy()


# --------------------------------------------------------------------------
# Charts (matplotlib imported lazily)
# --------------------------------------------------------------------------


def _show_figures_in_notebooks() -> None:
    """Let IPython draw a returned Figure as a PNG, once.

    A Figure made without pyplot never loads the inline backend, so IPython
    would print only "<Figure size ...>". Registering a PNG formatter for
    Figure (what the inline backend itself does) makes the chart appear as
    the cell's result. Outside IPython this does nothing.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with Jupyter
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    from matplotlib.figure import Figure

    formatter = shell.display_formatter.formatters["image/png"]
    if Figure not in formatter.type_printers:
        formatter.for_type(Figure, _figure_png)


def _figure_png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def _new_figure(width: float = 8.0, height: float = 4.5):
    from matplotlib.figure import Figure

    _show_figures_in_notebooks()
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.subplots()
    ax.tick_params(labelsize=11)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _title(fig, title: str) -> None:
    """Title aligned to the left edge of the figure, so long labels never clip it."""
    fig.suptitle(title, fontsize=14, x=0.01, ha="left")


def _no_data(fig, ax, title: str):
    _title(fig, title)
    ax.text(0.5, 0.5, "No responses to show", ha="center", va="center", fontsize=12,
            transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])
    return fig


def _label_for(column: str) -> str:
    return COLUMN_LABELS.get(column, column.replace("_", " "))


def plot_csat_by(df: pd.DataFrame, column: str):
    """Bar chart: share of satisfied customers (4 or 5 out of 5) per group.

    ``column`` is e.g. ``"channel"``, ``"product_category"``, ``"touchpoint"``
    or ``"month"``. Each bar is labelled with its percentage and the number of
    responses behind it. Returns the matplotlib Figure.
    """
    label = _label_for(column)
    title = f"Satisfied customers by {label}"
    fig, ax = _new_figure()
    table = kpi_table(df, by=column, decimals=None).dropna(subset=["csat_pct"])
    if table.empty:
        return _no_data(fig, ax, title)
    names = [f"{g} ({n} responses)" for g, n in zip(table.index.astype(str), table["responses"])]
    positions = np.arange(len(table))[::-1]
    bars = ax.barh(positions, table["csat_pct"], color=PALETTE[0], edgecolor="black", linewidth=0.6)
    ax.bar_label(bars, labels=[f"{v:.0f}%" for v in table["csat_pct"]], padding=3, fontsize=11)
    ax.set_yticks(positions, names)
    ax.set_xlim(0, 105)
    ax.set_xlabel("Satisfied customers (% who gave 4 or 5 out of 5)", fontsize=12)
    ax.set_ylabel(label.capitalize(), fontsize=12)
    _title(fig, title)
    ax.grid(axis="x", color="0.85", linestyle="--")
    ax.set_axisbelow(True)
    return fig


RESPONSE_BANDS = (0, 4, 12, 24, 48, 96, np.inf)
RESPONSE_BAND_LABELS = ("up to 4 hours", "4 to 12 hours", "12 to 24 hours", "1 to 2 days",
                        "2 to 4 days", "over 4 days")


def plot_response_time_vs_csat(df: pd.DataFrame):
    """Bar chart: satisfied customers (%) for each band of reply time.

    Reply times are grouped into bands (up to 4 hours … over 4 days), so the
    chart stays readable with thousands of responses. Returns the Figure.
    """
    title = "Customer satisfaction and how long customers waited for a reply"
    fig, ax = _new_figure(9, 4.5)
    hours = pd.Series(_floats(df["response_hours"]), index=df.index)
    scores = pd.Series(_floats(df["csat"]), index=df.index)
    keep = hours.notna() & scores.notna()
    if not keep.any():
        return _no_data(fig, ax, title)
    bands = pd.cut(hours[keep], RESPONSE_BANDS, labels=RESPONSE_BAND_LABELS, include_lowest=True)
    satisfied = (scores[keep] >= 4) * 100.0
    grouped = satisfied.groupby(bands, observed=False)
    pct = grouped.mean()
    counts = grouped.size()
    x = np.arange(len(pct))
    bars = ax.bar(x, pct.fillna(0), color=PALETTE[1], edgecolor="black", linewidth=0.6)
    ax.bar_label(bars, labels=[f"{v:.0f}%\n({n})" if n else "none" for v, n in zip(pct.fillna(0), counts)],
                 padding=3, fontsize=10)
    ax.set_xticks(x, list(RESPONSE_BAND_LABELS))
    ax.set_ylim(0, 115)
    ax.set_xlabel("Time until we first replied", fontsize=12)
    ax.set_ylabel("Satisfied customers (%)", fontsize=12)
    _title(fig, title)
    ax.text(0, -0.22, "Number of responses in brackets. Satisfied = gave 4 or 5 out of 5.",
            transform=ax.transAxes, fontsize=10)
    ax.grid(axis="y", color="0.85", linestyle="--")
    ax.set_axisbelow(True)
    return fig


_TREND_MEASURES = {
    "csat": ("csat_pct", "Satisfied customers (%)", "Satisfied customers month by month", (0, 100)),
    "nps": ("nps", "Net Promoter Score (−100 to +100)", "Net Promoter Score month by month", (-100, 100)),
    "fcr": ("fcr_pct", "Sorted out first time (%)", "Problems sorted out first time, month by month", (0, 100)),
    "responses": ("responses", "Number of responses", "Responses received month by month", None),
}


def plot_monthly_trend(df: pd.DataFrame, measure: str = "csat", by: str | None = None):
    """Line chart of a KPI month by month, optionally one line per group.

    ``measure`` is ``"csat"``, ``"nps"``, ``"fcr"`` or ``"responses"``;
    ``by`` is ``None`` (one line) or a column such as ``"product_category"``.
    Lines differ in colour, marker and line style so they survive
    black-and-white printing. Returns the Figure.
    """
    if measure not in _TREND_MEASURES:
        raise ValueError(f"measure must be one of {', '.join(_TREND_MEASURES)}")
    column, ylabel, title, limits = _TREND_MEASURES[measure]
    if by is not None:
        title += f", by {_label_for(by)}"
    fig, ax = _new_figure(9, 4.8)
    if len(df) == 0:
        return _no_data(fig, ax, title)
    table = _kpi_frame(df, ["month"] if by is None else ["month", by])
    if by is None:
        wide = table[[column]].rename(columns={column: "all responses"})
    else:
        wide = table[column].unstack(by)
    wide = wide.sort_index()
    months = wide.index.to_timestamp() if isinstance(wide.index, pd.PeriodIndex) else wide.index
    for i, name in enumerate(wide.columns):
        ax.plot(months, wide[name], color=PALETTE[i % len(PALETTE)], marker=_MARKERS[i % len(_MARKERS)],
                linestyle=_LINESTYLES[i % len(_LINESTYLES)], linewidth=2, markersize=6, label=str(name))
    ax.set_xticks(months, [m.strftime("%b\n%Y") for m in months])
    if limits:
        ax.set_ylim(*limits)
    if measure == "nps":
        ax.axhline(0, color="0.4", linewidth=1)
    ax.set_xlabel("Month", fontsize=12)
    ax.set_ylabel(ylabel, fontsize=12)
    _title(fig, title)
    ax.grid(axis="y", color="0.85", linestyle="--")
    if by is not None:
        ax.legend(title=_label_for(by).capitalize(), fontsize=10, loc="upper left",
                  bbox_to_anchor=(1.01, 1), frameon=False)
    return fig


def plot_complaint_themes(df: pd.DataFrame, top: int = 6):
    """Horizontal bar chart of how many comments mention each complaint theme.

    Uses :func:`complaint_themes`; the biggest theme is at the top. Returns
    the Figure.
    """
    title = "What are customers complaining about?"
    fig, ax = _new_figure()
    table = complaint_themes(df, top=top)
    if table.empty:
        return _no_data(fig, ax, title)
    positions = np.arange(len(table))[::-1]
    bars = ax.barh(positions, table["comments"], color=PALETTE[2], edgecolor="black", linewidth=0.6)
    ax.bar_label(bars, padding=3, fontsize=11)
    ax.set_yticks(positions, list(table["theme"]))
    ax.set_xlim(0, table["comments"].max() * 1.15)
    ax.set_xlabel("Number of comments that mention it", fontsize=12)
    _title(fig, title)
    ax.text(0, -0.28, "Themes are found by looking for keywords in the comments.\n"
            "One comment can mention more than one theme.",
            transform=ax.transAxes, fontsize=10)
    ax.grid(axis="x", color="0.85", linestyle="--")
    ax.set_axisbelow(True)
    return fig
