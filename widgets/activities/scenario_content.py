"""The scenarios content kind: what a ``data/scenarios/*.toml`` file must hold, and loading it.

Each problem is reported by file, scenario id, step id and field (the graph checks are in
:mod:`widgets.scoring.scenario`); policy references are checked against ``data/policies/``.
The widget that plays a scenario is :mod:`widgets.activities.scenario`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content_kind import ID_PATTERN, ContentKind, Field, data_dir, find_entry, load_entries, load_files
from .law import POLICIES
from ..scoring.scenario import (
    MOODS,
    Choice,
    Ending,
    ScenarioGraph,
    Step,
    graph_problems,
)

#: The buttons a scenario can show: Restart (try_again) and Show the best route (solution).
SCENARIO_BUTTONS = ("try_again", "solution")
#: A policy clause reference: a policy id from data/policies and a clause id, e.g. "harbour-returns/r3".
POLICY_REF = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z]{1,3}[0-9]{1,2}$")
#: Longest choice text on a path chart's arrows before it is shortened with "…".
CHART_LABEL = 44

CHOICE_FIELDS = (
    Field("label", str, max_length=400, help="what the adviser says or does"),
    Field("next", str, pattern=ID_PATTERN, max_length=60, help="the id of the step or ending it leads to"),
    Field("feedback", str, required=False, default="", max_length=1500, help="why this is a good or poor move"),
    Field("points", int, required=False, default=0, help="how good the move is: 2 best, 1 acceptable, 0 poor"),
)

STEP_FIELDS = (
    Field("id", str, pattern=ID_PATTERN, max_length=60, help="a short id such as 'customer-explains'"),
    Field("heading", str, max_length=120, help="a few words naming the moment"),
    Field("situation", str, max_length=1500, help="what is happening"),
    Field("customer_says", str, max_length=1500, help="what the customer says or does"),
    Field("mood", str, choices=MOODS, help="the customer's mood"),
    Field("choices", list, required=False, default=list, max_items=6, record=CHOICE_FIELDS, unique_key="label"),
)

ENDING_FIELDS = (
    Field("id", str, pattern=ID_PATTERN, max_length=60, help="a short id such as 'refund-agreed'"),
    Field("title", str, max_length=160, help="the ending in a few words"),
    Field(
        "outcome",
        str,
        required=False,
        default="",
        max_length=1500,
        help="what happens to the customer and the business",
    ),
    Field("score", int, help="the score this ending gives"),
    Field("mood", str, required=False, default="", help="the customer's mood at the end"),
)

SCENARIO_FIELDS = (
    Field("id", str, pattern=ID_PATTERN, max_length=80, help="a unique id such as 'faulty-kettle'"),
    Field("title", str, max_length=160),
    Field("setting", str, max_length=200, help="where and how: 'In store, service desk' or 'Phone call'"),
    Field("customer", str, max_length=400, help="who the customer is, in one or two sentences"),
    Field("adviser_brief", str, max_length=1500, help="what the adviser (the learner) knows"),
    Field("customer_brief", str, max_length=1500, help="the customer's role card: what happened, what they want"),
    Field(
        "customer_cues",
        list,
        required=False,
        default=list,
        item_kind=str,
        max_items=8,
        help="how the customer reacts, for role-play",
    ),
    Field(
        "policy",
        list,
        item_kind=str,
        min_items=1,
        max_items=8,
        help="policy clauses the adviser applies, e.g. 'harbour-returns/r3'",
    ),
    Field(
        "law_note",
        str,
        required=False,
        default="",
        max_length=1500,
        help="the law behind the scenario, for tutors and observers",
    ),
    Field("checklist", list, item_kind=str, min_items=3, max_items=12, help="what an observer looks for"),
    Field(
        "start", str, required=False, default="", max_length=60, help="the first step's id (default: the first step)"
    ),
    Field(
        "buttons", list, required=False, default=lambda: list(SCENARIO_BUTTONS), item_kind=str, choices=SCENARIO_BUTTONS
    ),
    Field("steps", list, min_items=1, max_items=30, record=STEP_FIELDS, unique_key="id"),
    Field("endings", list, min_items=1, max_items=12, record=ENDING_FIELDS, unique_key="id"),
)


@dataclass(frozen=True)
class ScenarioSpec:
    """A scenario as written in the content file: the story (``graph``) and the role-play briefs."""

    id: str
    title: str
    setting: str
    customer: str
    adviser_brief: str
    customer_brief: str
    customer_cues: tuple[str, ...]
    policy: tuple[str, ...]
    law_note: str
    checklist: tuple[str, ...]
    graph: ScenarioGraph
    buttons: tuple[str, ...] = SCENARIO_BUTTONS
    source: Path | None = None

    def __repr__(self) -> str:
        return f"ScenarioSpec({self.id!r}, {len(self.graph.steps)} steps, {len(self.graph.endings)} endings)"


def graph_from_record(record: dict) -> ScenarioGraph:
    """The plain graph of one validated ``[[scenario]]`` record."""
    steps = tuple(
        Step(
            id=s["id"],
            heading=s["heading"].strip(),
            situation=s["situation"].strip(),
            customer_says=s["customer_says"].strip(),
            mood=s["mood"],
            choices=tuple(
                Choice(c["label"].strip(), c["next"], c["feedback"].strip(), c["points"]) for c in s["choices"]
            ),
        )
        for s in record["steps"]
    )
    endings = tuple(
        Ending(e["id"], e["title"].strip(), e["outcome"].strip(), e["score"], e["mood"]) for e in record["endings"]
    )
    start = record["start"] or (steps[0].id if steps else "")
    return ScenarioGraph(start, steps, endings)


def check_scenario(record: dict, report) -> None:
    """Cross-field rules: the graph checks, and policy references that name a real clause."""
    known = _known_clauses()
    for index, ref in enumerate(record["policy"], 1):
        if not POLICY_REF.match(ref):
            report(f"policy[{index}]", f"{ref!r} should name a policy and a clause like 'harbour-returns/r3'")
        elif known is not None and ref not in known:
            policy_id = ref.partition("/")[0]
            there = sorted(k.partition("/")[2].upper() for k in known if k.startswith(policy_id + "/"))
            hint = (
                f"; {policy_id} has clauses {', '.join(there)}"
                if there
                else f"; there is no policy '{policy_id}' in data/policies"
            )
            report(f"policy[{index}]", f"{ref!r} does not name a clause{hint}")
    for problem in graph_problems(graph_from_record(record)):
        report(problem.where, problem.message)


_CLAUSE_CACHE: dict[tuple, set[str]] = {}


def _known_clauses() -> set[str] | None:
    """Every "policy-id/clause-id" in data/policies, or None where there are no policies to check against.

    Read once per version of the policy files (every scenario record is checked against them).
    """
    paths = sorted((data_dir() / POLICIES.folder).glob("*.toml"))
    if not paths:
        return None  # a content folder without policies: references cannot be checked
    key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    if key not in _CLAUSE_CACHE:
        loaded = load_files(POLICIES, paths)
        _CLAUSE_CACHE.clear()
        _CLAUSE_CACHE[key] = {
            f"{pid}/{clause.id}" for pid, policy in loaded.tasks.items() for clause in getattr(policy, "clauses", ())
        }
    return _CLAUSE_CACHE[key]


def build_scenario(record: dict, path: Path) -> ScenarioSpec:
    """Turn one validated ``[[scenario]]`` record into a :class:`ScenarioSpec`."""
    return ScenarioSpec(
        id=record["id"],
        title=record["title"].strip(),
        setting=record["setting"].strip(),
        customer=record["customer"].strip(),
        adviser_brief=record["adviser_brief"].strip(),
        customer_brief=record["customer_brief"].strip(),
        customer_cues=tuple(c.strip() for c in record["customer_cues"]),
        policy=tuple(record["policy"]),
        law_note=record["law_note"].strip(),
        checklist=tuple(c.strip() for c in record["checklist"]),
        graph=graph_from_record(record),
        buttons=tuple(record["buttons"]),
        source=Path(path),
    )


SCENARIOS = ContentKind(
    folder="scenarios",
    table="scenario",
    fields=SCENARIO_FIELDS,
    build=build_scenario,
    check=check_scenario,
    noun="scenario",
    depends_on=(POLICIES.folder,),  # check_scenario reads the policy clauses
)


def load_scenarios(directory: Path | None = None) -> dict[str, ScenarioSpec]:
    """Every scenario under ``data/scenarios`` by id; raises ContentError listing all problems."""
    return load_entries(SCENARIOS, directory)


# --------------------------------------------------------------------------- policy clauses


def policy_clauses(refs: tuple[str, ...] | list[str]) -> list[dict[str, str]]:
    """The policy clauses a scenario names, as ``{"ref", "heading", "text"}`` for the adviser to read.

    Policies live in ``data/policies`` (the ``policies`` content kind, from ``widgets.activities.law``).
    Where a policy or a clause cannot be found, the reference is still shown
    ("harbour-returns, clause R3") with empty text: the scenario's adviser brief says what the
    adviser needs.
    """
    found: list[dict[str, str]] = []
    policies: dict[str, Any] = {}
    for ref in refs:
        policy_id, _, clause_id = ref.partition("/")
        entry = {"ref": f"{policy_id}, clause {clause_id.upper()}", "heading": "", "text": ""}
        if policy_id not in policies:
            policies[policy_id] = find_entry(POLICIES, policy_id)[0]
        policy = policies[policy_id]
        try:
            clause = policy.clause(clause_id) if policy is not None else None
        except (KeyError, AttributeError):
            clause = None
        if clause is not None:
            entry = {
                "ref": f"{getattr(policy, 'title', policy_id)}, clause {clause_id.upper()}",
                "heading": clause.heading,
                "text": clause.text,
            }
        found.append(entry)
    return found
