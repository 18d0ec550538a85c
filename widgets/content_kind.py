"""What every kind of tutor-editable content under ``data/`` is made of: fields, checks, files.

Content is TOML: it ships with Python (``tomllib``, no extra dependency), allows
comments for tutors, has no surprising type coercion (YAML reads ``no`` as
``False`` and ``1.10`` as ``1.1``), and its syntax errors carry line numbers.

Every kind of content (ordering tasks, sorting tasks, flowcharts, ...) is one folder
of ``*.toml`` files under ``data/``. Each file holds ``[[task]]`` tables (the
table name is set per kind). A kind is a :class:`ContentKind`, defined in the module of its
activity, that declares its schema as a tuple of :class:`Field`; :func:`load_entries` validates
every file of the kind and either returns the entries by id or raises one :class:`ContentError`
listing *every* problem, each naming the file, the task id and the field, and
:func:`find_entry` loads one entry.

This module knows no kind by name, so every activity module can build on it. The kinds by
folder (``load_kind("ordering")``, ``check_all``) are in :mod:`widgets.content`, which imports
the activity modules.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import Any, Callable, Iterable

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Where content lives. ``AFTER_SALES_DATA_DIR`` lets a tutor point a copy of the
#: lessons at their own edited content without touching the repository.
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def data_dir() -> Path:
    """Return the content folder in use (``$AFTER_SALES_DATA_DIR`` or the repo's ``data/``)."""
    override = os.environ.get("AFTER_SALES_DATA_DIR")
    return Path(override) if override else DEFAULT_DATA_DIR


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class ContentProblem:
    """One thing wrong in one content file: where it is and what to do about it."""

    file: str
    message: str
    task: str | None = None
    field: str | None = None
    noun: str = "task"  # what the content calls one entry: task, chart, ...

    def __str__(self) -> str:
        where = [self.file]
        if self.task is not None:
            where.append(f"{self.noun} '{self.task}'")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return ", ".join(where) + ": " + self.message


class ContentError(ValueError):
    """Raised when content files have problems; ``problems`` lists each one."""

    def __init__(self, problems: Iterable[ContentProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path) -> str:
    """A short path for messages: relative to the data folder's parent where possible."""
    path = Path(path)
    for base in (data_dir().parent, Path.cwd()):
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)


# --------------------------------------------------------------------------- schema


@dataclass(frozen=True)
class Field:
    """One field of a content record.

    ``kind`` is the Python type TOML gives (str, int, bool, list, dict).
    For lists, ``item_kind`` is the element type and ``record`` (a tuple of
    Field) describes each element when elements are tables.
    """

    name: str
    kind: type
    required: bool = True
    default: Any = None
    choices: tuple = ()
    min_items: int = 0
    max_items: int | None = None
    item_kind: type | None = None
    record: tuple["Field", ...] | None = None
    unique_key: str | None = None  # within a list of tables, this key must not repeat
    pattern: re.Pattern | None = None
    max_length: int = 2000
    help: str = ""


_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
    float: "a number",
}


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    for kind, name in (
        (str, "text"),
        (int, "a whole number"),
        (float, "a number"),
        (list, "a list"),
        (dict, "a table"),
    ):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _is_kind(value: Any, kind: type) -> bool:
    # bool is a subclass of int in Python; a tutor writing `seed = true` made a mistake.
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, kind)


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def validate_record(
    record: Any,
    fields: tuple[Field, ...],
    report: Callable[[str, str], None],
    prefix: str = "",
) -> dict[str, Any]:
    """Check ``record`` against ``fields``; call ``report(field, message)`` per problem.

    Returns a dict with every declared field filled in (defaults for missing
    optional fields); values of fields with problems are left out.
    """
    clean: dict[str, Any] = {}
    if not isinstance(record, dict):
        report(prefix.rstrip(".") or "(record)", f"should be a table of fields, found {_type_name(record)}")
        return clean
    known = {f.name for f in fields}
    for name in record:
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known fields: {', '.join(sorted(known))})"
            report(prefix + name, "unknown field" + hint)
    for spec in fields:
        where = prefix + spec.name
        if spec.name not in record:
            if spec.required:
                report(
                    where,
                    f"is missing; add {spec.name} = ... ({spec.help or _TYPE_NAMES.get(spec.kind, spec.kind.__name__)})",
                )
            else:
                clean[spec.name] = spec.default() if callable(spec.default) else spec.default
            continue
        value = record[spec.name]
        if not _is_kind(value, spec.kind):
            report(
                where,
                f"should be {_TYPE_NAMES.get(spec.kind, spec.kind.__name__)}, found {_type_name(value)} {value!r:.60}",
            )
            continue
        ok = True
        if spec.kind is str:
            if not value.strip():
                report(where, "is empty")
                ok = False
            elif len(value) > spec.max_length:
                report(where, f"is {len(value)} characters long; keep it under {spec.max_length}")
                ok = False
            elif spec.pattern is not None and not spec.pattern.match(value):
                report(
                    where,
                    f"{value!r} should use lower-case letters, digits and single hyphens only, e.g. 'after-sales-stages'",
                )
                ok = False
        if spec.choices and spec.kind is not list and value not in spec.choices:
            report(where, f"{value!r} is not one of: {', '.join(map(str, spec.choices))}")
            ok = False
        if spec.kind is list:
            ok = _validate_list(value, spec, where, report) and ok
            if ok and spec.record is not None:
                value = [validate_record(v, spec.record, report, f"{where}[{i}].") for i, v in enumerate(value, 1)]
        if ok:
            clean[spec.name] = value
    return clean


def _validate_list(value: list, spec: Field, where: str, report: Callable[[str, str], None]) -> bool:
    ok = True
    if len(value) < spec.min_items:
        report(where, f"needs at least {spec.min_items} entries, found {len(value)}")
        ok = False
    if spec.max_items is not None and len(value) > spec.max_items:
        report(where, f"allows at most {spec.max_items} entries, found {len(value)}")
        ok = False
    if spec.item_kind is not None:
        for i, v in enumerate(value, 1):
            if not _is_kind(v, spec.item_kind):
                report(f"{where}[{i}]", f"should be {_TYPE_NAMES.get(spec.item_kind)}, found {_type_name(v)}")
                ok = False
            elif spec.choices and v not in spec.choices:
                report(f"{where}[{i}]", f"{v!r} is not one of: {', '.join(map(str, spec.choices))}")
                ok = False
    if spec.item_kind is not None and ok:
        seen: set = set()
        for i, v in enumerate(value, 1):
            key = _normalise(v) if isinstance(v, str) else v
            if key in seen:
                report(f"{where}[{i}]", f"{v!r} appears more than once")
                ok = False
            seen.add(key)
    if spec.unique_key is not None:
        seen_keys: dict[str, int] = {}
        for i, v in enumerate(value, 1):
            if isinstance(v, dict) and isinstance(v.get(spec.unique_key), str):
                key = _normalise(v[spec.unique_key])
                if key in seen_keys:
                    report(
                        f"{where}[{i}].{spec.unique_key}",
                        f"{v[spec.unique_key]!r} is the same as entry {seen_keys[key]}; every entry needs its own {spec.unique_key}",
                    )
                    ok = False
                seen_keys.setdefault(key, i)
    return ok


# --------------------------------------------------------------------------- files and kinds


def read_toml(path: Path, table: str = "task") -> tuple[dict | None, list[ContentProblem]]:
    """Parse one TOML file, turning every way it can fail into a ContentProblem."""
    shown = display_path(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return None, [ContentProblem(shown, f"cannot be read ({exc.strerror or exc})")]
    if not raw.strip():
        return None, [ContentProblem(shown, f"the file is empty; it needs at least one [[{table}]] table")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [
            ContentProblem(
                shown,
                f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at position {exc.start}); "
                "save it again choosing the UTF-8 encoding",
            )
        ]
    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as exc:
        return None, [ContentProblem(shown, explain_toml_error(str(exc), text))]


#: What the TOML reader's messages usually mean for someone editing a content file by hand.
_TOML_HINTS = (
    ("Illegal character '\\n'", 'a piece of text is missing its closing quote mark (")'),
    ("Unterminated string", 'a piece of text is missing its closing quote mark (" or """)'),
    (
        "Expected '=' after a key",
        'each setting needs an equals sign between its name and its value, for example  title = "Returns"',
    ),
    (
        "Invalid value",
        'the value is not in a form TOML knows: put text in straight double quotes ("like this", not “curly” ones), '
        "and write true or false in small letters",
    ),
    ("Cannot overwrite a value", "the same setting is given twice in one entry; keep one of them"),
    (
        "Cannot declare",
        "the same table name is used twice; each [[task]] entry starts its own table, but [name] tables cannot repeat",
    ),
    ("Unclosed array", "a list is missing its closing ] or a comma between two items"),
    ("Unclosed inline table", "a { ... } table is missing its closing } or a comma between two settings"),
    (
        "Expected ']]' at the end of an array declaration",
        "a [[table]] heading is missing one of its closing brackets ]]",
    ),
    ("Expected ']' at the end of a table declaration", "a [table] heading is missing its closing bracket ]"),
    ("Expected newline or end of document after a statement", "two settings are on one line; put each on its own line"),
)


def explain_toml_error(message: str, text: str) -> str:
    """The TOML reader's message in plain words, with the line it points at quoted.

    ``message`` is :class:`tomllib.TOMLDecodeError`'s text, such as
    "Invalid value (at line 3, column 9)"; the reader's own words are kept at the end
    for anyone who knows TOML.
    """
    line_match = re.search(r"at line (\d+), column (\d+)", message)
    hint = next(
        (plain for start, plain in _TOML_HINTS if message.startswith(start)), "the file does not follow TOML's rules"
    )
    where = ""
    if line_match:
        number = int(line_match.group(1))
        lines = text.splitlines()
        shown_line = lines[number - 1].strip() if 0 < number <= len(lines) else ""
        where = f" on line {number}" + (f" ({shown_line[:80]!r})" if shown_line else "")
    elif "end of document" in message:
        where = " at the end of the file"
    return f"is not valid TOML{where}: {hint}. (TOML says: {message})"


@dataclass(frozen=True)
class ContentKind:
    """A kind of content: its folder under data/, its table name, schema and builder."""

    folder: str
    table: str
    fields: tuple[Field, ...]
    build: Callable[[dict, Path], Any]
    check: Callable[[dict, Callable[[str, str], None]], None] | None = None  # cross-field rules
    noun: str = "task"
    #: Other content folders this kind's checks read (scenarios name policy clauses): an edit there re-checks this kind.
    depends_on: tuple[str, ...] = ()
    #: Files in the folder that hold something else (the written questions' shared lexicon):
    #: not read as entries of this kind, but checked by ``folder_check`` with the folder.
    skip_files: tuple[str, ...] = ()
    folder_check: Callable[[Path], list[ContentProblem]] | None = None
    #: ``check`` is also given the entry's file (for rules that read a companion file beside it).
    check_with_path: bool = False
    #: Slow rules (the written questions mark their own model answer and exemplars), given the entry's
    #: file too. They run for an entry when it is asked for (a lesson's activity, a paper's questions)
    #: and for every entry when the whole kind is loaded or checked, so a lesson pays only for what it shows.
    deep_check: Callable[[dict, Callable[[str, str], None], Path], None] | None = None


@dataclass
class LoadResult:
    """What loading a kind produced: the valid tasks by id, and every problem found."""

    tasks: dict[str, Any] = dc_field(default_factory=dict)
    problems: list[ContentProblem] = dc_field(default_factory=list)
    files: int = 0
    #: Entries whose ``deep_check`` has not run yet: {id: (record, file, shown file, label)}.
    pending: dict[str, tuple] = dc_field(default_factory=dict)


#: Each folder's result, so a folder is read and validated once per kernel, not once per activity:
#: {(kind folder, the files given): (what the result depends on, the result)}. What it depends on is
#: every file's modification time, size and inode, the folders named in ``depends_on``, the data
#: folder and the working folder (problems name files relative to them), so a tutor's edit, a new
#: or removed file, or a damaged file is seen on the next load without restarting the kernel.
_LOADED: dict[tuple, tuple[tuple, LoadResult]] = {}


def _stamp(paths: Iterable[Path]) -> tuple:
    """Path, modification time, size and inode of each file; raises OSError when one cannot be looked at."""
    stamps = []
    for path in paths:
        info = os.stat(path)
        stamps.append((str(path), info.st_mtime_ns, info.st_size, info.st_ino))
    return tuple(stamps)


def load_files(kind: ContentKind, paths: Iterable[Path], only: Iterable[str] | None = None) -> LoadResult:
    """Validate ``paths`` as files of ``kind``, collecting every problem rather than stopping.

    ``only`` names the entries the caller will use: the kind's slow rules (``deep_check``) run for
    those, and for every entry when ``only`` is None. Other entries are still read and checked by
    every other rule. The result is kept until one of the files (or a folder in
    ``kind.depends_on``) changes, slow rules included; each call gets its own copy of the lists,
    so a caller may change them.
    """
    paths = sorted(Path(p) for p in paths)
    key = (kind.folder, tuple(str(p) for p in paths))
    try:
        depends = tuple(_stamp(sorted((data_dir() / folder).glob("*.toml"))) for folder in kind.depends_on)
        version = (kind, _stamp(paths), depends, str(data_dir()), os.getcwd())
    except OSError:
        version = None  # a file that cannot be looked at: read it afresh, and read_toml says what is wrong
    cached = _LOADED.get(key)
    if version is not None and cached is not None and cached[0] == version:
        result = cached[1]
    else:
        result = _load_files(kind, paths)
        if version is not None:
            _LOADED[key] = (version, result)
    _run_deep_checks(kind, result, None if only is None else set(only))
    return LoadResult(dict(result.tasks), list(result.problems), result.files)


def _reporter(found: list[ContentProblem], shown: str, label: str, noun: str) -> Callable[[str, str], None]:
    """The ``report(field, message)`` a kind's checks call: each problem names the file, the entry and the field."""

    def report(field_name: str, message: str) -> None:
        found.append(ContentProblem(shown, message, task=label, field=field_name, noun=noun))

    return report


def _run_deep_checks(kind: ContentKind, result: LoadResult, only: set[str] | None) -> None:
    """Run the slow rules still owed for the entries in ``only`` (all when None), in place.

    An entry they find fault with leaves ``tasks`` and its problems join ``problems``, as if the
    rule had run with the others; it runs once per version of the files, however often it is asked.
    """
    for task_id in [t for t in result.pending if only is None or t in only]:
        record, path, shown, label = result.pending.pop(task_id)
        found: list[ContentProblem] = []

        report = _reporter(found, shown, label, kind.noun)
        kind.deep_check(record, report, path)
        if found:
            result.problems.extend(found)
            result.tasks.pop(task_id, None)


def _load_files(kind: ContentKind, paths: list[Path]) -> LoadResult:
    result = LoadResult()
    first_seen: dict[str, str] = {}
    if kind.folder_check is not None:
        for folder in sorted({Path(path).parent for path in paths}):
            result.problems.extend(kind.folder_check(folder))
    for path in paths:
        if Path(path).name in kind.skip_files:
            continue
        result.files += 1
        shown = display_path(path)
        document, problems = read_toml(path, kind.table)
        result.problems.extend(problems)
        if document is None:
            continue
        extra = sorted(k for k in document if k != kind.table)
        for key in extra:
            result.problems.append(
                ContentProblem(
                    shown, f"unknown top-level entry '{key}'; expected only [[{kind.table}]] tables", field=key
                )
            )
        records = document.get(kind.table)
        if records is None:
            if not extra:
                result.problems.append(ContentProblem(shown, f"has no [[{kind.table}]] tables"))
            continue
        if not isinstance(records, list):
            result.problems.append(
                ContentProblem(
                    shown, f"'{kind.table}' should be written [[{kind.table}]] (a list of tables)", field=kind.table
                )
            )
            continue
        for index, record in enumerate(records, 1):
            raw_id = record.get("id") if isinstance(record, dict) else None
            label = raw_id if isinstance(raw_id, str) and raw_id.strip() else f"#{index} (no id)"
            found: list[ContentProblem] = []

            report = _reporter(found, shown, label, kind.noun)
            clean = validate_record(record, kind.fields, report)
            if not found and kind.check is not None:
                if kind.check_with_path:
                    kind.check(clean, report, Path(path))
                else:
                    kind.check(clean, report)
            if isinstance(raw_id, str) and raw_id in first_seen:
                found.append(
                    ContentProblem(
                        shown,
                        f"the id is already used by a {kind.noun} in {first_seen[raw_id]}; ids must be unique",
                        task=label,
                        field="id",
                        noun=kind.noun,
                    )
                )
            elif isinstance(raw_id, str):
                first_seen[raw_id] = shown
            result.problems.extend(found)
            if not found:
                result.tasks[clean["id"]] = kind.build(clean, Path(path))
                if kind.deep_check is not None:
                    result.pending[clean["id"]] = (clean, Path(path), shown, label)
    return result


class ContentNotice:
    """Shown in place of an activity whose content could not be loaded: the problems, no traceback.

    It answers the attributes a lesson reads from a task (``order``, ``score``,
    ``attempts``) with empty values so that later cells keep running.
    """

    order: tuple = ()
    placements: dict = {}
    score = None
    attempts = 0

    def __init__(self, task_id: str, problems: Iterable[ContentProblem]):
        self.task_id = task_id
        self.problems = list(problems)

    def __repr__(self) -> str:
        lines = [
            f"Activity '{self.task_id}' could not be loaded. Fix these in the content files, then re-run this cell:"
        ]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from html import escape

        items = "".join(f"<li>{escape(str(p))}</li>" for p in self.problems)
        return (
            # tex2jax_ignore / mathjax_ignore: MathJax must not typeset "$5 and $10" in a problem.
            '<div role="alert" class="asl-notice tex2jax_ignore mathjax_ignore" style="border-left:4px solid var(--jp-warn-color1,#f57c00);padding:0.5em 1em;'
            'background:var(--jp-layout-color2,#eee);color:var(--jp-ui-font-color1,#000)">'
            f"<strong>⚠ Activity '{escape(self.task_id)}' could not be loaded.</strong> "
            f"Fix these in the content files, then re-run this cell (<code>after-sales check</code> checks them all):<ul>{items}</ul></div>"
        )


def load_entries(kind: ContentKind, directory: Path | None = None) -> dict[str, Any]:
    """Load every entry of ``kind``; raise :class:`ContentError` listing all problems."""
    base = (directory or data_dir()) / kind.folder
    paths = list(base.glob("*.toml"))
    if not paths:
        raise ContentError([ContentProblem(display_path(base), f"no .toml files found for {kind.folder} tasks")])
    result = load_files(kind, paths)
    if result.problems:
        raise ContentError(result.problems)
    return result.tasks


def find_entry(
    kind: ContentKind, task_id: str, directory: Path | None = None
) -> tuple[Any | None, list[ContentProblem]]:
    """Load one entry of ``kind`` by id: (entry, []) or (None, problems that explain why not).

    Problems in *other* entries of the same kind do not stop this one loading:
    a typo in one activity must not take the whole lesson down.
    """
    base = (directory or data_dir()) / kind.folder
    result = load_files(kind, base.glob("*.toml"), only=[task_id])
    if task_id in result.tasks:
        return result.tasks[task_id], []
    own = [p for p in result.problems if p.task == task_id]
    unreadable = [p for p in result.problems if p.task is None]
    if own or unreadable:
        return None, own + unreadable
    known = sorted(result.tasks)
    close = difflib.get_close_matches(task_id, known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else (f"; known ids: {', '.join(known)}" if known else "")
    return None, [
        ContentProblem(display_path(base), f"no {kind.noun} with id '{task_id}'{hint}", task=task_id, noun=kind.noun)
    ]
