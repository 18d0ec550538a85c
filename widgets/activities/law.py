"""Legal summaries and organisational policies: one source of truth, shown read-only in lessons.

Content: ``data/law/*.toml`` holds one ``[[summary]]`` per legal topic (plain-English points,
each with the Act and section it rests on, and a note where it is simplified);
``data/policies/*.toml`` holds one ``[[policy]]`` per policy of the made-up businesses in the
stories, with an id per clause so questions can cite "clause R4".

Lessons show them with ``law_summary("cra-goods")`` and ``policy("harbour-returns")``. Every
piece of text is escaped before it is put into HTML, so content can never inject markup.
The tutor page ``lessons/tutor-notes/legal-sources.md`` is built from the same files by
:func:`legal_sources_markdown` (``python tools/legal_sources.py`` rewrites it), and a unit test
fails if the committed page has drifted from the content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..content_kind import ContentKind, ContentNotice, Field, ID_PATTERN, find_entry

#: The laws the pack may cite, by the short name content files use.
ACTS = {
    "CRA 2015": "Consumer Rights Act 2015",
    "CCR 2013": "Consumer Contracts (Information, Cancellation and Additional Charges) Regulations 2013",
    "UK GDPR": "UK General Data Protection Regulation",
    "DPA 2018": "Data Protection Act 2018",
    "DUAA 2025": "Data (Use and Access) Act 2025",
    "PECR 2003": "Privacy and Electronic Communications (EC Directive) Regulations 2003",
    "EqA 2010": "Equality Act 2010",
    "Age Exceptions Order 2012": "Equality Act 2010 (Age Exceptions) Order 2012",
    "LA 1980": "Limitation Act 1980",
    "LNIO 1989": "Limitation (Northern Ireland) Order 1989",
    "PLSA 1973": "Prescription and Limitation (Scotland) Act 1973",
    "ADR Regs 2015": "Alternative Dispute Resolution for Consumer Disputes (Competent Authorities and Information) Regulations 2015",
    "DMCCA 2024": "Digital Markets, Competition and Consumers Act 2024",
}

NATIONS = ("England", "Wales", "Scotland", "Northern Ireland")
CLAUSE_ID = re.compile(r"^[a-z]{1,3}[0-9]{1,2}$")
#: How a policy clause compares with the law (shown beside the clause).
VERSUS_LAW = {
    "restates-law": "What the law says",
    "more-generous": "More generous than the law",
    "house-rule": "The business's own rule (the law leaves it open)",
}

SOURCE_FIELDS = (
    Field("act", str, choices=tuple(ACTS), help="short name of the Act, e.g. 'CRA 2015'"),
    Field("ref", str, max_length=80, help="section, regulation or article, e.g. 's.22' or 'Art. 6(1)'"),
)

POINT_FIELDS = (
    Field("text", str, max_length=600, help="one plain-English statement of law"),
    Field(
        "sources", list, min_items=1, max_items=6, record=SOURCE_FIELDS, help="[{ act = ..., ref = ... }] it rests on"
    ),
)

SUMMARY_FIELDS = (
    Field("id", str, pattern=ID_PATTERN, max_length=60, help="a unique id such as 'cra-goods'"),
    Field("title", str, max_length=200),
    Field("nations", list, min_items=1, item_kind=str, choices=NATIONS, help="where this law applies"),
    Field("intro", str, required=False, default="", max_length=600),
    Field(
        "points",
        list,
        min_items=1,
        max_items=14,
        record=POINT_FIELDS,
        unique_key="text",
        help="[[summary.points]] tables",
    ),
    Field("simplification", str, required=False, default="", max_length=800, help="what the summary leaves out"),
    Field(
        "stated_in",
        list,
        required=False,
        default=list,
        item_kind=str,
        max_items=20,
        help="other places that state this law: 'data/questions/lesson-11.toml#cra-after-30-days' or 'lessons/NN-x.ipynb#heading-slug'",
    ),
)

CLAUSE_FIELDS = (
    Field("id", str, max_length=6, help="a clause id such as 'r4' (shown as R4)"),
    Field("heading", str, max_length=80),
    Field("text", str, max_length=700),
    Field("versus_law", str, choices=tuple(VERSUS_LAW), help="restates-law, more-generous or house-rule"),
    Field("law_note", str, required=False, default="", max_length=400, help="how the clause compares with the law"),
    Field("sources", list, required=False, default=list, max_items=6, record=SOURCE_FIELDS),
)

POLICY_FIELDS = (
    Field("id", str, pattern=ID_PATTERN, max_length=60, help="a unique id such as 'harbour-returns'"),
    Field("title", str, max_length=200),
    Field("business", str, max_length=100),
    Field("intro", str, required=False, default="", max_length=600),
    Field(
        "clauses",
        list,
        min_items=1,
        max_items=15,
        record=CLAUSE_FIELDS,
        unique_key="id",
        help="[[policy.clauses]] tables",
    ),
)


# --------------------------------------------------------------------------- plain data


@dataclass(frozen=True)
class Source:
    """An Act (by its short name) and the section, regulation or article cited."""

    act: str
    ref: str

    def __str__(self) -> str:
        return f"{self.act} {self.ref}"


@dataclass(frozen=True)
class LawPoint:
    """One statement of law and what it rests on."""

    text: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class LawSummary:
    """A legal topic in plain English, as a lesson shows it."""

    id: str
    title: str
    nations: tuple[str, ...]
    intro: str
    points: tuple[LawPoint, ...]
    simplification: str = ""
    stated_in: tuple[str, ...] = ()
    source: Path | None = None

    def __repr__(self) -> str:
        return f"LawSummary({self.id!r}, {len(self.points)} points)"

    def where(self) -> str:
        """Where the law applies, in words: 'the whole UK' or a list of nations."""
        if set(self.nations) == set(NATIONS):
            return "the whole UK"
        return " and ".join([", ".join(self.nations[:-1]), self.nations[-1]] if len(self.nations) > 1 else self.nations)

    def _repr_html_(self) -> str:
        items = "".join(
            f'<li>{escape(p.text)} <span style="{_CITE}">({escape("; ".join(map(str, p.sources)))})</span></li>'
            for p in self.points
        )
        intro = f"<p>{escape(self.intro)}</p>" if self.intro else ""
        note = f"<p><em>Simplification:</em> {escape(self.simplification)}</p>" if self.simplification else ""
        return (
            f'<section class="asl-law" style="{_BOX}" aria-label="{escape(self.title)}">'
            f"<strong>{escape(self.title)}</strong>"
            f'<p style="margin:0.2em 0">Applies in {escape(self.where())}. A summary for customer-service staff, not legal advice.</p>'
            f"{intro}<ul>{items}</ul>{note}</section>"
        )


@dataclass(frozen=True)
class Clause:
    """One numbered clause of a policy."""

    id: str
    heading: str
    text: str
    versus_law: str
    law_note: str = ""
    sources: tuple[Source, ...] = ()

    @property
    def number(self) -> str:
        """The clause as a learner cites it, e.g. 'R4'."""
        return self.id.upper()


@dataclass(frozen=True)
class Policy:
    """An organisational policy of one of the made-up businesses."""

    id: str
    title: str
    business: str
    intro: str
    clauses: tuple[Clause, ...]
    source: Path | None = None

    def __repr__(self) -> str:
        return f"Policy({self.id!r}, {len(self.clauses)} clauses)"

    def clause(self, clause_id: str) -> Clause:
        """The clause with this id ('r4' or 'R4'); KeyError names the ones that exist."""
        for clause in self.clauses:
            if clause.id == clause_id.lower():
                return clause
        raise KeyError(f"{self.id} has no clause {clause_id!r}; it has {', '.join(c.number for c in self.clauses)}")

    def _repr_html_(self) -> str:
        rows = "".join(
            "<tr>"
            f'<th scope="row" style="{_CELL}">{escape(c.number)}</th>'
            f'<td style="{_CELL}"><strong>{escape(c.heading)}.</strong> {escape(c.text)}</td>'
            f'<td style="{_CELL}"><strong>{escape(VERSUS_LAW[c.versus_law])}</strong>'
            + (f"<br>{escape(c.law_note)}" if c.law_note else "")
            + "</td></tr>"
            for c in self.clauses
        )
        intro = f"<p>{escape(self.intro)}</p>" if self.intro else ""
        return (
            f'<section class="asl-policy" style="{_BOX}" aria-label="{escape(self.title)}">'
            f"<strong>{escape(self.title)}</strong>"
            f'<p style="margin:0.2em 0"><em>{escape(self.business)} is a made-up business.</em></p>{intro}'
            f'<table style="border-collapse:collapse"><thead><tr>'
            f'<th scope="col" style="{_CELL}">Clause</th><th scope="col" style="{_CELL}">What it says</th>'
            f'<th scope="col" style="{_CELL}">Compared with the law</th></tr></thead><tbody>{rows}</tbody></table></section>'
        )


_BOX = (
    "border-left:4px solid var(--jp-brand-color1,#1976d2);padding:0.5em 1em;margin:0.5em 0;"
    "background:var(--jp-layout-color2,#f5f5f5);color:var(--jp-ui-font-color1,#000)"
)
_CITE = "color:var(--jp-ui-font-color2,#555);font-size:90%"
_CELL = "border:1px solid var(--jp-border-color1,#bbb);padding:0.3em 0.5em;text-align:left;vertical-align:top"


# --------------------------------------------------------------------------- content kinds


def _sources(records: list[dict]) -> tuple[Source, ...]:
    return tuple(Source(s["act"], s["ref"].strip()) for s in records)


def _build_summary(record: dict, path: Path) -> LawSummary:
    return LawSummary(
        id=record["id"],
        title=record["title"].strip(),
        nations=tuple(record["nations"]),
        intro=" ".join(record["intro"].split()),
        points=tuple(LawPoint(" ".join(p["text"].split()), _sources(p["sources"])) for p in record["points"]),
        simplification=" ".join(record["simplification"].split()),
        stated_in=tuple(record["stated_in"]),
        source=path,
    )


def _build_policy(record: dict, path: Path) -> Policy:
    return Policy(
        id=record["id"],
        title=record["title"].strip(),
        business=record["business"].strip(),
        intro=" ".join(record["intro"].split()),
        clauses=tuple(
            Clause(
                c["id"],
                c["heading"].strip(),
                " ".join(c["text"].split()),
                c["versus_law"],
                " ".join(c["law_note"].split()),
                _sources(c["sources"]),
            )
            for c in record["clauses"]
        ),
        source=path,
    )


def _check_policy(record: dict, report) -> None:
    """Clause ids are short and citable; a clause that differs from the law says how."""
    for i, clause in enumerate(record["clauses"], 1):
        if not CLAUSE_ID.match(clause.get("id", "")):
            report(
                f"clauses[{i}].id", f"{clause.get('id')!r} should be 1-3 lower-case letters then a number, e.g. 'r4'"
            )
        if clause.get("versus_law") in ("restates-law", "more-generous") and not clause.get("sources"):
            report(
                f"clauses[{i}].sources",
                "a clause that restates or improves on the law must name the law it compares with",
            )
        if clause.get("versus_law") == "more-generous" and not clause.get("law_note"):
            report(f"clauses[{i}].law_note", "say what the law gives, so learners can see where the policy gives more")


LAW = ContentKind(folder="law", table="summary", fields=SUMMARY_FIELDS, build=_build_summary, noun="summary")
POLICIES = ContentKind(
    folder="policies", table="policy", fields=POLICY_FIELDS, build=_build_policy, check=_check_policy, noun="policy"
)


def law_summary(summary_id: str) -> LawSummary | ContentNotice:
    """The legal summary ``summary_id`` from ``data/law/``, ready to display in a lesson."""
    summary, problems = find_entry(LAW, summary_id)
    return summary if summary is not None else ContentNotice(summary_id, problems)


def policy(policy_id: str) -> Policy | ContentNotice:
    """The organisational policy ``policy_id`` from ``data/policies/``, ready to display."""
    found, problems = find_entry(POLICIES, policy_id)
    return found if found is not None else ContentNotice(policy_id, problems)


# --------------------------------------------------------------------------- tutor page


def legal_sources_markdown(summaries: dict[str, LawSummary], policies: dict[str, Policy]) -> str:
    """The tutor page listing every legal statement and policy clause with what it rests on."""
    lines = [
        "# Legal sources behind every statement of law in the pack",
        "",
        "<!-- Generated from data/law/ and data/policies/ by `python tools/legal_sources.py`. Do not edit by hand:",
        "     edit the content files, then regenerate. tests/unit/test_law.py fails if this page drifts. -->",
        "",
        "For tutors. Every legal statement the lessons and activities make comes from `data/law/summaries.toml`",
        "and is listed here with the Act and section it rests on, so you can check it against the legislation",
        "(legislation.gov.uk) and update it when the law changes. Summaries are for customer-service staff, not",
        "legal advice; where a summary leaves something out, its simplification note says what.",
        "",
        "## Acts cited",
        "",
        "| Short name | Full title |",
        "| --- | --- |",
    ]
    lines += [f"| {short} | {full} |" for short, full in ACTS.items()]
    for summary in summaries.values():
        lines += ["", f"## {summary.title} (`{summary.id}`)", "", f"Applies in {summary.where()}.", ""]
        if summary.intro:
            lines += [summary.intro, ""]
        lines += ["| Statement | Rests on |", "| --- | --- |"]
        lines += [f"| {_cell(p.text)} | {_cell('; '.join(map(str, p.sources)))} |" for p in summary.points]
        if summary.simplification:
            lines += ["", f"*Simplification:* {summary.simplification}"]
        if summary.stated_in:
            lines += [
                "",
                "Also stated in (keep these in line with the summary): "
                + ", ".join(f"`{s}`" for s in summary.stated_in)
                + ".",
            ]
    lines += [
        "",
        "## Organisational policies (made-up businesses)",
        "",
        "Each clause says whether it restates the law, gives more than the law, or is the business's own rule.",
        "",
    ]
    for pol in policies.values():
        lines += [
            f"### {pol.title} (`{pol.id}`)",
            "",
            "| Clause | Compared with the law | Note | Rests on |",
            "| --- | --- | --- | --- |",
        ]
        lines += [
            f"| {c.number} {_cell(c.heading)} | {VERSUS_LAW[c.versus_law]} | {_cell(c.law_note) or '—'} | {_cell('; '.join(map(str, c.sources))) or '—'} |"
            for c in pol.clauses
        ]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
