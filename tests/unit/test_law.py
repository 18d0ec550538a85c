"""Legal summaries and policies: one source of truth, cited, escaped, and the tutor page kept in step."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from widgets import law_summary, policy
from widgets.content import ContentNotice, load_kind
from widgets.activities.law import ACTS, NATIONS, legal_sources_markdown

from content_files import content_problems

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "lessons" / "tutor-notes" / "legal-sources.md"
LAW_CALL = re.compile(r"""\b(law_summary|policy)\(\s*["']([^"']+)["']""")
CLAUSE_CITE = re.compile(r"\bclauses? ([A-Z]{1,3}\d{1,2})\b")

#: Topics the pack must cover (issue 10): a summary for each.
REQUIRED_TOPICS = (
    "cra-goods",
    "cra-services",
    "cra-digital-content",
    "time-limits-and-nations",
    "ccr-cancellation",
    "uk-gdpr",
    "pecr-marketing",
    "equality-act-services",
    "complaints-adr",
)


@pytest.fixture(scope="module")
def summaries():
    return load_kind("law")


@pytest.fixture(scope="module")
def policies():
    return load_kind("policies")


def slug(text: str) -> str:
    kept = "".join(ch for ch in text.lower() if ch.isalnum() or ch in " -")
    return re.sub(r" +", "-", kept.strip())


def notebook_cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def cell_text(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


# --------------------------------------------------------------------------- the content itself


def test_every_topic_has_a_summary_and_every_point_a_known_source(summaries):
    assert set(REQUIRED_TOPICS) <= set(summaries), sorted(set(REQUIRED_TOPICS) - set(summaries))
    for summary in summaries.values():
        assert summary.points, summary.id
        assert summary.simplification, f"{summary.id}: every summary is simplified for Level 2 and must say how"
        for point in summary.points:
            assert point.sources, f"{summary.id}: {point.text!r} has no source"
            assert all(s.act in ACTS and s.ref for s in point.sources)


def test_scope_of_each_law_is_right(summaries):
    assert summaries["equality-act-services"].nations == ("England", "Wales", "Scotland")
    for topic in ("cra-goods", "cra-services", "cra-digital-content", "ccr-cancellation", "uk-gdpr", "pecr-marketing"):
        assert set(summaries[topic].nations) == set(NATIONS), topic
    assert summaries["equality-act-services"].where() == "England, Wales and Scotland"
    assert summaries["cra-goods"].where() == "the whole UK"


def test_the_equality_summary_does_not_protect_marriage_or_under_18s_for_customers(summaries):
    first = summaries["equality-act-services"].points[0].text
    assert "marriage" not in first.lower()
    assert "18 and over" in first


def test_policy_clauses_that_differ_from_the_law_say_how(policies):
    returns = policies["harbour-returns"]
    generous = [c for c in returns.clauses if c.versus_law == "more-generous"]
    assert generous, "the returns policy must show learners where a policy gives more than the law"
    assert all(c.law_note and c.sources for c in generous)
    assert returns.clause("R4") is returns.clause("r4")
    with pytest.raises(KeyError, match="R1"):
        returns.clause("r99")


def test_complaints_policy_sets_authority_limits_and_escalation(policies):
    complaints = policies["harbour-complaints"]
    text = " ".join(c.text for c in complaints.clauses)
    assert "£25" in text and "£150" in text and "team leader" in text and "manager" in text


# --------------------------------------------------------------------------- validation messages


def test_an_unknown_act_is_named_with_file_summary_and_field(tmp_path):
    problems = content_problems(
        tmp_path,
        """
[[summary]]
id = "made-up"
title = "Made up"
nations = ["England"]
simplification = "None."
[[summary.points]]
text = "Something."
sources = [{ act = "Shops Act 1950", ref = "s.1" }]
""",
        kind="law",
    )
    assert len(problems) == 1
    assert "law/tasks.toml, summary 'made-up', field 'points[1].sources[1].act'" in problems[0]
    assert "'Shops Act 1950' is not one of" in problems[0]


def test_a_point_without_sources_and_a_bad_nation_are_both_reported(tmp_path):
    problems = content_problems(
        tmp_path,
        """
[[summary]]
id = "made-up"
title = "Made up"
nations = ["Isle of Man"]
[[summary.points]]
text = "Something."
sources = []
""",
        kind="law",
    )
    assert any("field 'nations[1]'" in p and "Isle of Man" in p for p in problems)
    assert any("field 'points[1].sources'" in p and "at least 1" in p for p in problems)


def test_a_generous_clause_must_say_what_the_law_gives(tmp_path):
    problems = content_problems(
        tmp_path,
        """
[[policy]]
id = "shop-returns"
title = "Returns"
business = "A shop"
[[policy.clauses]]
id = "r1"
heading = "Refunds"
text = "Refunds for 60 days."
versus_law = "more-generous"
sources = [{ act = "CRA 2015", ref = "s.22" }]
[[policy.clauses]]
id = "R 2"
heading = "Exchanges"
text = "Exchanges any time."
versus_law = "house-rule"
""",
        kind="policies",
    )
    assert any("policy 'shop-returns', field 'clauses[1].law_note'" in p for p in problems)
    assert any("field 'clauses[2].id'" in p for p in problems)


# --------------------------------------------------------------------------- what the learner sees


def test_summary_html_escapes_content_and_shows_sources_and_simplification(tmp_path, monkeypatch):
    folder = tmp_path / "law"
    folder.mkdir()
    (folder / "x.toml").write_text(
        """
[[summary]]
id = "escaped"
title = "<script>alert(1)</script>"
nations = ["Scotland"]
simplification = "Leaves out <b>everything</b>."
[[summary.points]]
text = "Fish & chips <img src=x>"
sources = [{ act = "CRA 2015", ref = "s.9" }]
""",
        encoding="utf-8",
    )
    monkeypatch.setenv("AFTER_SALES_DATA_DIR", str(tmp_path))
    summary = law_summary("escaped")
    html = summary._repr_html_()
    assert "<script>" not in html and "<img" not in html and "<b>everything" not in html
    assert "&lt;script&gt;" in html and "Fish &amp; chips" in html
    assert "(CRA 2015 s.9)" in html
    assert "Applies in Scotland." in html
    assert "<em>Simplification:</em> Leaves out &lt;b&gt;everything&lt;/b&gt;." in html
    assert repr(summary) == "LawSummary('escaped', 1 points)"


def test_an_unknown_summary_or_policy_gives_a_notice_not_a_traceback():
    notice = law_summary("cra-good")
    assert isinstance(notice, ContentNotice)
    assert "did you mean 'cra-goods'" in repr(notice)
    assert isinstance(policy("harbour-return"), ContentNotice)


def test_policy_html_shows_each_clause_number_and_how_it_compares_with_the_law():
    html = policy("harbour-returns")._repr_html_()
    assert '<th scope="row"' in html and ">R4</th>" in html
    assert "More generous than the law" in html
    assert "Harbour Home &amp; Electrical is a made-up business." in html


# --------------------------------------------------------------------------- nothing drifts


def test_tutor_page_is_generated_from_the_content(summaries, policies):
    expected = legal_sources_markdown(summaries, policies)
    assert PAGE.read_text(encoding="utf-8") == expected, "run: python tools/legal_sources.py"
    for summary in summaries.values():
        for point in summary.points:
            assert point.text in expected


def test_every_place_a_summary_says_it_is_stated_exists(summaries):
    problems = []
    for summary in summaries.values():
        for place in summary.stated_in:
            path_text, _, anchor = place.partition("#")
            path = ROOT / path_text
            if not path.is_file():
                problems.append(f"{summary.id}: {path_text} does not exist")
            elif path.suffix == ".toml":
                if f'id = "{anchor}"' not in path.read_text(encoding="utf-8"):
                    problems.append(f"{summary.id}: no id {anchor!r} in {path_text}")
            elif path.suffix == ".ipynb":
                headings = {
                    slug(line.lstrip("#").strip())
                    for cell in notebook_cells(path)
                    if cell["cell_type"] == "markdown"
                    for line in cell_text(cell).splitlines()
                    if line.startswith("#")
                }
                if anchor not in headings:
                    problems.append(f"{summary.id}: no heading {anchor!r} in {path_text}")
    assert not problems, "\n".join(problems)


def test_lessons_show_only_summaries_and_policies_that_exist(summaries, policies):
    used = []
    for path in sorted((ROOT / "lessons").glob("*.ipynb")):
        for cell in notebook_cells(path):
            if cell["cell_type"] == "code":
                used += [(path.name, kind, name) for kind, name in LAW_CALL.findall(cell_text(cell))]
    missing = [u for u in used if u[2] not in (summaries if u[1] == "law_summary" else policies)]
    assert not missing
    shown = {name for _, kind, name in used if kind == "law_summary"}
    assert set(REQUIRED_TOPICS) <= shown, f"summaries no lesson shows: {sorted(set(REQUIRED_TOPICS) - shown)}"


def test_clauses_cited_in_activities_exist(policies):
    clause_numbers = {c.number for p in policies.values() for c in p.clauses}
    cited = []
    for folder in ("questions", "sorting", "ordering"):
        for path in sorted((ROOT / "data" / folder).glob("*.toml")):
            with path.open("rb") as stream:
                text = json.dumps(tomllib.load(stream))
            cited += [(path.name, n) for n in CLAUSE_CITE.findall(text)]
    assert cited, "scenario activities should cite policy clauses"
    assert [c for c in cited if c[1] not in clause_numbers] == []


# --------------------------------------------------------------------------- the split lessons keep the skeleton

SPLIT_LESSONS = (
    "10-communication-and-complaints",
    "11-consumer-rights-after-the-sale",
    "12-data-equality-and-policy-after-the-sale",
)
SKELETON = ("Objectives", "Questions", "A real-life example", "Exam tip", "Key points")


@pytest.mark.parametrize("stem", SPLIT_LESSONS)
def test_split_lessons_follow_the_lesson_skeleton(stem):
    cells = notebook_cells(ROOT / "lessons" / f"{stem}.ipynb")
    markdown = [cell_text(c) for c in cells if c["cell_type"] == "markdown"]
    headings = [line.lstrip("#").strip() for text in markdown for line in text.splitlines() if line.startswith("## ")]
    assert markdown[0].startswith(f"# Lesson {stem[:2]}: ") and "**Time:** about" in markdown[0]
    positions = [next(i for i, h in enumerate(headings) if h.startswith(part)) for part in SKELETON]
    assert positions[:2] == [0, 1] and positions[-1] == len(headings) - 1, headings
    assert any("> **Watch out:**" in text for text in markdown)
    numbers = [int(m) for text in markdown for m in re.findall(rf"### Activity {int(stem[:2])}\.(\d+) ", text)]
    assert numbers == list(range(1, len(numbers) + 1)), "activities are numbered in order, from 1"
