"""Everyday phrasings shared by every written question: ``data/written/lexicon.toml``.

A rubric's author cannot list every way a learner says an idea ("ring them up", "Trustpilot",
"give them their money back"). The lexicon holds groups of phrasings that mean the same thing in
an answer about after-sales service, one ``[[group]]`` table each::

    [[group]]
    name = "refund"
    phrasings = ["refund*", "money back", "give* ... money back", "repay*"]

Each phrasing is written as in a marking point (see :mod:`widgets.scoring.rubric`). When an idea
of any question lists a phrasing of a group (``"refund*"``; a ``*`` at the end does not matter for
this), the idea accepts every phrasing of that group too. Only ideas are widened: a point's
``reject`` list (its wrong ideas) stays exactly as written and no phrasing it names is added, and
a group two ideas of one point share widens neither (so one idea said twice cannot earn both).

The file is optional (a folder without it marks with each rubric's own phrasings); when it is
there it is checked like any content file, each problem naming the file, the group and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..content_kind import ContentProblem, Field, display_path, read_toml, validate_record
from ..scoring.rubric import MarkingPoint, term_problem

LEXICON_FILE = "lexicon.toml"
TABLE = "group"
WRONG_FILE = "wrong-statements.toml"
WRONG_TABLE = "wrong"

GROUP_FIELDS = (
    Field("name", str, max_length=60, help="a short name for the group, such as 'refund'"),
    Field("phrasings", list, item_kind=str, min_items=2, max_items=40, help="phrasings that mean the same thing"),
    Field("note", str, required=False, default="", help="for tutors: where the group comes from"),
)


WRONG_FIELDS = (
    Field("name", str, max_length=60, help="a short name for the wrong statement, such as 'no-rights'"),
    Field("phrasings", list, item_kind=str, min_items=1, max_items=40, help="ways learners state it"),
    Field("why", str, max_length=400, help="one sentence for the learner: what is true instead"),
)


@dataclass(frozen=True)
class Wrong:
    """A wrong statement every question shares: a sentence holding one of its phrasings earns nothing."""

    name: str
    phrasings: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Group:
    """Phrasings that mean the same thing in an answer."""

    name: str
    phrasings: tuple[str, ...]


def key(phrasing: str) -> str:
    """How a phrasing is compared with a group's: case, hyphens, spacing and a final ``*`` ignored."""
    return " ".join(phrasing.replace("-", " ").casefold().split()).rstrip("*")


def check_lexicon(folder: Path) -> tuple[tuple[Group, ...], list[ContentProblem]]:
    """Read and validate ``folder/lexicon.toml``: the valid groups, and every problem found."""
    path = Path(folder) / LEXICON_FILE
    if not path.is_file():
        return (), []
    stamp = path.stat()
    return _check_lexicon(str(path), stamp.st_mtime_ns, stamp.st_size)


@lru_cache(maxsize=8)
def _check_lexicon(path: str, _mtime: int, _size: int) -> tuple[tuple[Group, ...], list[ContentProblem]]:
    shown = display_path(Path(path))
    document, problems = read_toml(Path(path), TABLE)
    if document is None:
        return (), problems
    for extra in sorted(k for k in document if k != TABLE):
        problems.append(ContentProblem(shown, f"unknown top-level entry '{extra}'; expected only [[{TABLE}]] tables"))
    records = document.get(TABLE)
    if not isinstance(records, list) or not records:
        problems.append(ContentProblem(shown, f"needs [[{TABLE}]] tables, each with a name and its phrasings"))
        return (), problems
    groups: list[Group] = []
    owner: dict[str, str] = {}
    names: set[str] = set()
    for index, record in enumerate(records, 1):
        raw = record.get("name") if isinstance(record, dict) else None
        label = raw if isinstance(raw, str) and raw.strip() else f"#{index} (no name)"
        found: list[ContentProblem] = []

        def report(field_name: str, message: str, _label=label, _found=found) -> None:
            _found.append(ContentProblem(shown, message, task=_label, field=field_name, noun="group"))

        clean = validate_record(record, GROUP_FIELDS, report)
        if not found:
            if clean["name"] in names:
                report("name", "is already the name of another group; give each group its own name")
            names.add(clean["name"])
            for phrasing in clean["phrasings"]:
                problem = term_problem(phrasing)
                if problem:
                    report("phrasings", problem)
                elif key(phrasing) in owner and owner[key(phrasing)] != clean["name"]:
                    report(
                        "phrasings",
                        f"{phrasing!r} is also in group '{owner[key(phrasing)]}'; put it in one group "
                        "(or join the two groups)",
                    )
                else:
                    owner.setdefault(key(phrasing), clean["name"])
        problems.extend(found)
        if not found:
            groups.append(Group(clean["name"], tuple(dict.fromkeys(clean["phrasings"]))))
    return tuple(groups), problems


def check_wrong(folder: Path) -> tuple[tuple[Wrong, ...], list[ContentProblem]]:
    """Read and validate ``folder/wrong-statements.toml``: the valid statements, and every problem found."""
    path = Path(folder) / WRONG_FILE
    if not path.is_file():
        return (), []
    stamp = path.stat()
    return _check_wrong(str(path), stamp.st_mtime_ns, stamp.st_size)


@lru_cache(maxsize=8)
def _check_wrong(path: str, _mtime: int, _size: int) -> tuple[tuple[Wrong, ...], list[ContentProblem]]:
    shown = display_path(Path(path))
    document, problems = read_toml(Path(path), WRONG_TABLE)
    if document is None:
        return (), problems
    for extra in sorted(k for k in document if k != WRONG_TABLE):
        problems.append(
            ContentProblem(shown, f"unknown top-level entry '{extra}'; expected only [[{WRONG_TABLE}]] tables")
        )
    records = document.get(WRONG_TABLE)
    if not isinstance(records, list):
        problems.append(ContentProblem(shown, f"needs [[{WRONG_TABLE}]] tables, each with a name, phrasings and why"))
        return (), problems
    statements: list[Wrong] = []
    names: set[str] = set()
    for index, record in enumerate(records, 1):
        raw = record.get("name") if isinstance(record, dict) else None
        label = raw if isinstance(raw, str) and raw.strip() else f"#{index} (no name)"
        found: list[ContentProblem] = []

        def report(field_name: str, message: str, _label=label, _found=found) -> None:
            _found.append(ContentProblem(shown, message, task=_label, field=field_name, noun="wrong statement"))

        clean = validate_record(record, WRONG_FIELDS, report)
        if not found:
            if clean["name"] in names:
                report("name", "is already the name of another wrong statement; give each its own name")
            names.add(clean["name"])
            for phrasing in clean["phrasings"]:
                problem = term_problem(phrasing)
                if problem:
                    report("phrasings", problem)
        problems.extend(found)
        if not found:
            statements.append(Wrong(clean["name"], tuple(dict.fromkeys(clean["phrasings"])), clean["why"].strip()))
    return tuple(statements), problems


def lexicon_problems(folder: Path) -> list[ContentProblem]:
    """Every problem in ``folder/lexicon.toml`` and ``folder/wrong-statements.toml`` (none without them)."""
    return check_lexicon(folder)[1] + check_wrong(folder)[1]


def widen(
    points: tuple[MarkingPoint, ...], groups: tuple[Group, ...], wrong: tuple[Wrong, ...] = ()
) -> tuple[MarkingPoint, ...]:
    """The points with each idea also accepting every phrasing of the groups it shares a phrasing with,
    and every point knowing the shared wrong statements (``wrong``)."""
    if wrong:
        shared = tuple((phrasing, w.why) for w in wrong for phrasing in w.phrasings)
        points = tuple(replace(point, wrong=shared) for point in points)
    if not groups:
        return points
    by_key: dict[str, Group] = {}
    for group in groups:
        for phrasing in group.phrasings:
            by_key.setdefault(key(phrasing), group)
    widened = []
    for point in points:
        linked = [{by_key[key(t)].name: by_key[key(t)] for t in terms if key(t) in by_key} for _, terms in point.ideas]
        # A group shared by two ideas of one point would let one idea said twice earn both: leave it out there.
        counts: dict[str, int] = {}
        for groups_of_idea in linked:
            for name in groups_of_idea:
                counts[name] = counts.get(name, 0) + 1
        wrong = {key(term) for term, _ in point.reject}
        ideas = []
        for (name, terms), groups_of_idea in zip(point.ideas, linked):
            extra: dict[str, None] = dict.fromkeys(terms)
            for group in groups_of_idea.values():
                if counts[group.name] == 1:
                    extra.update(dict.fromkeys(p for p in group.phrasings if key(p) not in wrong))
            ideas.append((name, tuple(extra)))
        widened.append(replace(point, ideas=tuple(ideas)))
    return tuple(widened)


def lexicon_for(folder: Path) -> tuple[Group, ...]:
    """The valid groups of ``folder/lexicon.toml`` (an invalid group is left out, and reported elsewhere)."""
    return check_lexicon(folder)[0]


def wrong_for(folder: Path) -> tuple[Wrong, ...]:
    """The valid wrong statements of ``folder/wrong-statements.toml`` (an invalid one is left out)."""
    return check_wrong(folder)[0]
