"""The syllabus map, data/seed-coverage.toml, is complete and points at real things.

The syllabus is the two seed files in shared/seeds/ (outside this repository, so
the comparison with them is skipped where they are absent). Everything else is
checked against the repository itself: the headings in the lesson notebooks,
the activity ids in data/, the code cells that show those activities, and the
lesson list on the start page.

Each test collects every problem before failing, so one run lists them all.
Run with ``-s`` to see how many lines are full (taught, practised and checked, no
gaps) and what the others still lack.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
if not SEEDS.is_dir():  # a worktree under /work/wt/<name>: the seeds sit beside the main checkout
    SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"
MAP_FILE = ROOT / "data" / "seed-coverage.toml"
LESSONS = ROOT / "lessons"
START_PAGE = LESSONS / "00-start-here.ipynb"

SECTIONS = (
    "Key Concepts & Core Principles",
    "Exam Tips & Revision Strategies",
    "Common Misconceptions & Mistakes to Avoid",
    "Examiner Marking Points",
)
ENTRY_KEYS = {"seed", "section", "text", "taught_in", "checked_by", "practised_by", "gaps", "deepened_in", "planned"}

HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*#*\s*$")
FROM_CONTENT = re.compile(r"""\.from_content\(\s*(['"])([^'"]+)\1""")
# "- **05** Drawing the after-sales process (flowcharts) — coming soon", or with the title as a link.
LESSON_LIST_ITEM = re.compile(
    r"^\s*[-*]\s+\*\*(\d{2})\*\*\s+(?:\[([^\]]+)\]\(([^)]+)\)|(.+?))\s+—\s+(ready|coming soon)\s*$"
)


# --------------------------------------------------------------------------- helpers


def slug(text: str) -> str:
    """The heading slug rule documented at the top of data/seed-coverage.toml."""
    kept = "".join(ch for ch in text.lower() if ch.isalnum() or ch in " -")
    return re.sub(r" +", "-", kept.strip())


def seed_lines() -> list[tuple[str, str, str]]:
    """(seed prefix, section, text) for every bullet under the four mapped sections."""
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        match = re.match(r"^(\d+)_", path.name)
        if not match:
            continue
        section = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("- "):
                if section in SECTIONS:
                    found.append((match.group(1), section, line[2:].rstrip()))
            elif line.strip():
                section = line.strip()
    return found


def map_entries() -> list[dict]:
    with MAP_FILE.open("rb") as stream:
        document = tomllib.load(stream)
    entries = document.get("line", [])
    assert isinstance(entries, list) and entries, f"{MAP_FILE.name} has no [[line]] entries"
    return entries


def label(entry: dict) -> str:
    """Name an entry in a failure message: its seed, section and the start of its text."""
    text = str(entry.get("text", "?"))
    return f"[{entry.get('seed', '?')} / {entry.get('section', '?')}] {text[:70]!r}"


def notebook_cells(stem: str) -> list[dict]:
    return json.loads((LESSONS / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def heading_slugs(stem: str) -> set[str]:
    """Slugs of the ## and ### headings in a notebook's markdown cells (not inside code fences)."""
    slugs = set()
    for cell in notebook_cells(stem):
        if cell["cell_type"] != "markdown":
            continue
        in_fence = False
        for line in source(cell).splitlines():
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
                continue
            match = None if in_fence else HEADING.match(line)
            if match:
                slugs.add(slug(match.group(2)))
    return slugs


def activity_ids_in_code(stem: str) -> set[str]:
    """Ids passed to ``from_content(...)`` in a notebook's code cells."""
    ids = set()
    for cell in notebook_cells(stem):
        if cell["cell_type"] == "code":
            ids.update(m.group(2) for m in FROM_CONTENT.finditer(source(cell)))
    return ids


def content_tasks() -> dict[str, object]:
    """Every valid activity of every kind of content under data/ (tasks, questions, charts...), by id."""
    import widgets  # noqa: F401  (registers every kind of content)
    from widgets.content import KINDS, load_files

    tasks = {}
    for kind in KINDS.values():
        tasks.update(load_files(kind, (ROOT / "data" / kind.folder).glob("*.toml")).tasks)
    return tasks


def content_task_ids() -> set[str]:
    """Ids of every valid activity of every kind of content under data/."""
    return set(content_tasks())


def start_page_lessons() -> dict[str, str]:
    """Lesson stems listed on the start page ("NN-" + slug of the title), with their status."""
    lessons = {}
    for cell in notebook_cells(START_PAGE.stem):
        if cell["cell_type"] != "markdown":
            continue
        for line in source(cell).splitlines():
            match = LESSON_LIST_ITEM.match(line)
            if match:
                number, linked_title, target, plain_title, status = match.groups()
                stem = f"{number}-{slug(linked_title or plain_title)}"
                if target is not None:
                    assert target == f"{stem}.ipynb", f"start page links {stem!r} to {target!r}, expected {stem}.ipynb"
                lessons[stem] = status
    assert lessons, "no lesson list found on the start page"
    return lessons


def is_taught(entry: dict) -> bool:
    return "taught_in" in entry


# --------------------------------------------------------------------------- (a) the map matches the seeds


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed files not available ({SEEDS})")
def test_every_seed_line_is_mapped_and_nothing_else():
    seeds = seed_lines()
    assert len({s for s, _, _ in seeds}) >= 2, (
        f"expected both seed files in {SEEDS}, found lines from {sorted({s for s, _, _ in seeds})}"
    )
    mapped = [(str(e.get("seed")), str(e.get("section")), str(e.get("text"))) for e in map_entries()]
    missing = [line for line in seeds if line not in mapped]
    extra = [line for line in mapped if line not in seeds]
    problems = [f"seed line not in the map: [{s} / {sec}] {text!r}" for s, sec, text in missing]
    problems += [f"map line not in any seed file (check the wording): [{s} / {sec}] {text!r}" for s, sec, text in extra]
    assert not problems, "\n".join(problems)


def test_no_seed_line_is_mapped_twice():
    counts = Counter((e.get("seed"), e.get("section"), e.get("text")) for e in map_entries())
    twice = [f"[{s} / {sec}] {text!r} appears {n} times" for (s, sec, text), n in counts.items() if n > 1]
    assert not twice, "\n".join(twice)


# --------------------------------------------------------------------------- (b) the map points at real things


def test_every_entry_is_taught_and_checked_or_planned():
    problems = []
    for entry in map_entries():
        name = label(entry)
        unknown = set(entry) - ENTRY_KEYS
        if unknown:
            problems.append(f"{name}: unknown field(s) {sorted(unknown)}")
        if entry.get("section") not in SECTIONS:
            problems.append(f"{name}: section should be one of {SECTIONS}")
        if not isinstance(entry.get("text"), str) or not entry["text"].strip():
            problems.append(f"{name}: text is missing")
        if "taught_in" in entry or "checked_by" in entry:
            for key in ("taught_in", "checked_by"):
                value = entry.get(key)
                if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
                    problems.append(f"{name}: {key} should be a non-empty list of text")
            if "planned" in entry:
                problems.append(
                    f"{name}: has both taught_in/checked_by and planned; use deepened_in for a later lesson"
                )
        elif not isinstance(entry.get("planned"), str) or not entry["planned"].strip():
            problems.append(f"{name}: needs taught_in + checked_by, or planned")
        if "deepened_in" in entry and "taught_in" not in entry:
            problems.append(f"{name}: deepened_in only goes with taught_in; use planned instead")
    assert not problems, "\n".join(problems)


def test_taught_in_names_a_real_notebook_heading():
    problems = []
    for entry in filter(is_taught, map_entries()):
        for place in entry["taught_in"]:
            stem, hash_sign, heading = place.partition("#")
            if not hash_sign or not heading:
                problems.append(f"{label(entry)}: {place!r} should be 'notebook-stem#heading-slug'")
            elif not (LESSONS / f"{stem}.ipynb").is_file():
                problems.append(f"{label(entry)}: no notebook lessons/{stem}.ipynb")
            elif heading not in heading_slugs(stem):
                problems.append(f"{label(entry)}: lessons/{stem}.ipynb has no ## or ### heading with slug {heading!r}")
    assert not problems, "\n".join(problems)


def test_checked_by_names_a_real_activity_shown_in_the_lesson():
    known = content_task_ids()
    problems = []
    for entry in filter(is_taught, map_entries()):
        stems = {place.partition("#")[0] for place in entry["taught_in"]}
        shown = set().union(*(activity_ids_in_code(s) for s in stems if (LESSONS / f"{s}.ipynb").is_file()))
        for key in ("checked_by", "practised_by"):
            for task_id in entry.get(key, []):
                if task_id not in known:
                    problems.append(
                        f"{label(entry)}: {key} names {task_id!r}, but no activity has that id in data/*/*.toml"
                    )
                elif task_id not in shown:
                    problems.append(
                        f"{label(entry)}: {key} names {task_id!r}, which no code cell shows in {sorted(stems)}"
                    )
    assert not problems, "\n".join(problems)


def test_every_line_has_an_activity_that_checks_it():
    """A line counts as checked only by an activity of the pack's content (every one is marked by the pack)."""
    tasks = content_tasks()
    problems = []
    for entry in map_entries():
        checked = [t for t in entry.get("checked_by", []) if t in tasks]
        if not checked:
            problems.append(f"{label(entry)}: no activity checks this line")
    assert not problems, "\n".join(problems)


def test_practised_by_and_gaps_are_well_formed():
    problems = []
    for entry in map_entries():
        value = entry.get("practised_by", [])
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            problems.append(f"{label(entry)}: practised_by should be a list of activity ids")
        overlap = set(value) & set(entry.get("checked_by", []))
        if overlap:
            problems.append(
                f"{label(entry)}: {sorted(overlap)} listed as both checked and practised; keep it under checked_by"
            )
        if "gaps" in entry and not (isinstance(entry["gaps"], str) and entry["gaps"].strip()):
            problems.append(f"{label(entry)}: gaps should say what is missing, or be left out")
    assert not problems, "\n".join(problems)


def test_planned_lessons_are_on_the_start_page():
    listed = start_page_lessons()
    problems = []
    for entry in map_entries():
        for key in ("planned", "deepened_in"):
            lesson = entry.get(key)
            if lesson is not None and lesson not in listed:
                problems.append(
                    f"{label(entry)}: {key} {lesson!r} is not in the start page's lesson list {sorted(listed)}"
                )
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- (c) how far the pack has got


def is_full(entry: dict) -> bool:
    """Taught, practised and checked (a checked activity is practice too), with nothing left to do."""
    return is_taught(entry) and bool(entry.get("checked_by")) and "gaps" not in entry


def test_coverage_counts_add_up():
    entries = map_entries()
    taught = [e for e in entries if is_taught(e)]
    planned = [e for e in entries if not is_taught(e)]
    full = [e for e in entries if is_full(e)]
    print(f"\nSyllabus coverage: {len(entries)} seed lines mapped")
    print(f"  full (taught, practised and checked, no gaps): {len(full)}")
    print(f"  taught and checked, with gaps:                 {len(taught) - len(full)}")
    for entry in taught:
        if not is_full(entry):
            print(f"    {label(entry)}: {entry['gaps']}")
    print(f"  still only planned:                            {len(planned)}")
    for lesson, count in sorted(Counter(e["planned"] for e in planned if "planned" in e).items()):
        print(f"    {lesson}: {count}")
    assert len(taught) + len(planned) == len(entries)
    if SEEDS.is_dir():
        assert len(entries) == len(seed_lines()), "the map and the seed files have different numbers of lines"
