"""Reading a feedback file into rows of text: encodings, spreadsheets in disguise, delimiters, quotes.

:mod:`widgets.feedback.load` then checks the values. Rows are split with Python's
``csv`` module rather than ``pandas.read_csv`` because recovering from a quote that is
never closed needs to know which physical lines each row came from.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
from pathlib import Path

from .schema import COLUMNS, DEFAULT_PATH


# A spreadsheet cell holds at most 32,767 characters (Excel's limit), so a longer value is
# not a comment someone typed: it is a pasted log, or a quote that was never closed.
MAX_CELL_CHARS = 32_767
# Past this length a line is not tried every way a stray quote could be read (that costs
# one pass over the line per quote, so a long line full of quotes would take minutes).
_MAX_LINE_TO_REFIT = 200_000


@contextlib.contextmanager
def csv_field_limit(n_chars: int):
    """Let Python's csv module read values up to ``n_chars`` long while the block runs.

    The module refuses any value over 131,072 characters with an error, which would
    end the whole load in a traceback; the loader wants to read such a value, say
    which row and column it is in, and leave out only that row. The limit is global
    to the process, so the old one is put back afterwards.
    """
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, n_chars))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def describe_source(obj) -> str:
    if isinstance(obj, str) and "\n" in obj:
        return "CSV text"
    if isinstance(obj, (str, os.PathLike)):
        return str(obj)
    return getattr(obj, "name", None) or type(obj).__name__


def read_text(obj, result) -> str | None:
    """Return the file's text, or None after recording why it can't be read.

    ``result`` is the :class:`~widgets.feedback.load.LoadedFeedback` being filled in: a problem
    goes to ``result.problems`` and the encoding used to ``result.encoding``.
    """
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
            '(or LibreOffice Calc), choose File > Save As, pick the type "CSV UTF-8 (Comma delimited) (*.csv)" '
            "and load the new file"
        )
        return None
    utf16 = _utf16_encoding(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            problems.append(
                "the file looks like UTF-16 text but cannot be read as it; "
                'save it again as "CSV UTF-8 (Comma delimited)"'
            )
            return None
        result.encoding = "utf-16"
        problems.append('the file is UTF-16 text (Excel\'s "Unicode Text"), not UTF-8; read it as UTF-16')
        return text.lstrip("\ufeff")
    if b"\x00" in data:
        problems.append(
            "this is not a text file (it contains binary data); "
            'save the feedback from your spreadsheet as "CSV UTF-8 (Comma delimited)"'
        )
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
        problems.append(
            f"the file is not UTF-8 ({where}); read it as Windows-1252 (cp1252) instead, "
            "so check £ signs and accented letters"
        )
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        result.encoding = "latin-1"
        problems.append(
            f"the file is not UTF-8 ({where}) nor Windows-1252; read it as Latin-1, so some characters may be wrong"
        )
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
    if (
        head.startswith(b"<?xml")
        and b"spreadsheet" in head
        or head.startswith((b"<html", b"<!doctype html", b"<table"))
    ):
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


def sniff_delimiter(first_line: str) -> str:
    """The delimiter that splits the heading row into the most known column names.

    We know what the headings should be, so that is a surer guide than counting
    characters: a heading row never holds a decimal comma. Ties go to the most
    cells, then to the comma.
    """

    def score(delimiter: str) -> tuple[int, int, bool]:
        cells = [normalise_header(c) for c in parse_line(first_line, delimiter)[0]]
        return (sum(c in COLUMNS for c in cells), len(cells), delimiter == ",")

    return max((",", ";", "\t"), key=score)


def parse_line(line: str, delimiter: str, n_columns: int | None = None) -> tuple[list[str], str]:
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
    if len(line) > _MAX_LINE_TO_REFIT:
        openers = []
    else:
        openers = [i for i, ch in enumerate(line) if ch == '"' and (i == 0 or line[i - 1] == delimiter)]
    for i in reversed(openers):
        # A private-use character stands in for the stray quote while the line is split.
        fields = strict(line[:i] + "\ue000" + line[i + 1 :])
        candidates.append(
            (None if fields is None else [f.replace("\ue000", '"') for f in fields], "read as a plain character")
        )
    candidates.append(
        (next(csv.reader([line], delimiter=delimiter, quoting=csv.QUOTE_NONE), []), "read as a plain character")
    )
    readable = [(fields, how) for fields, how in candidates if fields is not None]
    for fields, how in readable:
        if n_columns is None or len(fields) == n_columns:
            return fields, how
    return readable[0]


def split_records(
    lines: list[str], delimiter: str, n_columns: int, max_records: int | None = None
) -> tuple[list[tuple[int, list[str]]], list[tuple[int, str]], int]:
    """Split the lines after the heading into ``(spreadsheet row, values)`` records.

    A quoted value may run over several lines (a comment with a line break). A
    quote that is opened and never closed would swallow every row after it, so a
    record is taken apart again when it spans lines and either has the wrong
    number of values or holds a line that looks like a whole row; its first
    line is then read alone (see :func:`parse_line`) and reading starts again
    on the next line. Returns the records, (row, how its quote was read)
    for each row so read, and how many lines were left unread because
    ``max_records`` records had been read (0 when all were read).
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
                refit, how = parse_line(lines[start + consumed], delimiter, n_columns)
                if how and len(refit) == n_columns:
                    fields = refit
                    quote_rows.append((row + 1, how))
            consumed = reader.line_num
            row += 1
            records.append((row, fields))
            if max_records is not None and len(records) >= max_records:
                return records, quote_rows, len(lines) - (start + consumed)
        if broken_at is None:
            break
        row += 1
        fields, how = parse_line(lines[broken_at], delimiter, n_columns)
        records.append((row, fields))
        quote_rows.append((row, how or "read as a plain character"))
        start = broken_at + 1
        if max_records is not None and len(records) >= max_records:
            return records, quote_rows, len(lines) - start
    return records, quote_rows, 0


def _swallowed_rows(fields: list[str], delimiter: str, n_columns: int) -> bool:
    """True when a record that ran over several lines is really an unclosed quote eating rows."""
    if len(fields) != n_columns:
        return True
    return any(
        line.count(delimiter) >= max(n_columns - 2, 1)
        for value in fields
        if "\n" in value or "\r" in value
        for line in value.splitlines()
    )


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA': how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def and_list(items: list[str]) -> str:
    """['G', 'O', 'P'] -> 'G, O and P'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def normalise_header(name) -> str:
    """'Response ID ' → 'response_id'; 'CSAT' → 'csat'."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())
