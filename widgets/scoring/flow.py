"""Checking a build-your-own flowchart against the process it should show (pure).

The expected chart is plain data (:class:`widgets.activities.flowchart.FlowchartSpec`: nodes,
edges, loops); the learner's attempt is the stages they ticked and the arrows they
drew. :func:`check_flow` names what is missing, what does not belong and which
arrows are out of order, and scores the attempt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..activities.flowchart import FlowchartSpec


@dataclass(frozen=True)
class FlowMessage:
    """Feedback on one item: a stage, a connection ("A → B") or "feedback loop"."""

    item: str
    ok: bool
    text: str


@dataclass(frozen=True)
class FlowCheck:
    """The result of checking a build-your-own flowchart.

    Scoring: one point per expected stage included and one per expected
    connection made (feedback loops included); one point off per stage that
    does not belong and per connection that is not in the process. Never below
    zero, never above ``maximum``; picking every card cannot score full marks.
    """

    score: int
    maximum: int
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    out_of_order: tuple[tuple[str, str], ...]
    missing_connections: tuple[tuple[str, str], ...]
    missing_loop: bool
    messages: tuple[FlowMessage, ...]

    @property
    def complete(self) -> bool:
        """True when the chart has every stage, every connection and nothing else."""
        return self.score == self.maximum and not (self.extra or self.out_of_order)


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _ranks(chart: FlowchartSpec) -> dict[str, int]:
    """Each node's depth along the forward (non-loop) arrows: longest path from a start."""
    forward = [(e.source, e.target) for e in chart.edges if not e.loop]
    rank = {n.id: 0 for n in chart.nodes}
    for _ in chart.nodes:  # Bellman-Ford style relaxation; charts are small and acyclic
        changed = False
        for source, target in forward:
            if rank[target] < rank[source] + 1:
                rank[target] = rank[source] + 1
                changed = True
        if not changed:
            break
    return rank


def check_flow(
    expected_chart: FlowchartSpec,
    chosen_steps: Sequence[str],
    connections: Sequence[tuple[str, str]],
) -> FlowCheck:
    """Check a learner's chart: which stages they chose and how they connected them (by label)."""
    nodes = [n for n in expected_chart.nodes if n.kind != "note"]
    by_key = {_key(n.label): n for n in nodes}
    name = {n.id: " ".join(n.label.split()) for n in nodes}
    distractors = {_key(d.label): d for d in expected_chart.distractors}

    chosen: dict[str, str] = {}
    for step in chosen_steps:
        chosen.setdefault(_key(step), " ".join(str(step).split()))
    links: list[tuple[str, str]] = []
    for pair in connections:
        if len(pair) != 2:
            raise ValueError(f"a connection should be a (from, to) pair, not {pair!r}")
        source, target = (_key(pair[0]), _key(pair[1]))
        for end, original in ((source, pair[0]), (target, pair[1])):
            if end not in chosen:
                raise ValueError(
                    f"connection {pair[0]!r} → {pair[1]!r} uses {original!r}, which is not among the chosen steps"
                )
        if (source, target) not in links:
            links.append((source, target))

    messages: list[FlowMessage] = []
    missing = tuple(name[n.id] for n in nodes if _key(n.label) not in chosen)
    extra = tuple(label for key, label in chosen.items() if key not in by_key)
    for key, label in chosen.items():
        if key in by_key:
            messages.append(FlowMessage(label, True, f"“{label}” belongs in this process."))
        else:
            why = (
                distractors[key].why
                if key in distractors and distractors[key].why
                else "it is not part of this process"
            )
            messages.append(FlowMessage(label, False, f"“{label}” does not belong here: {why}"))
    for label in missing:
        messages.append(FlowMessage(label, False, f"“{label}” is missing: add this stage."))

    expected = {
        (_key(name[e.source]), _key(name[e.target])): e
        for e in expected_chart.edges
        if e.source in name and e.target in name
    }
    ranks = {_key(name[node_id]): rank for node_id, rank in _ranks(expected_chart).items() if node_id in name}
    next_of: dict[str, list[str]] = {}
    for (source, _target), edge in expected.items():
        if not edge.loop:
            next_of.setdefault(source, []).append(name[edge.target])

    # Other earlier stages a loop may sensibly go back to: (source, alternative target) -> the loop.
    alternatives = {
        (_key(name[e.source]), _key(name[other])): e
        for e in expected_chart.edges
        if e.loop and e.source in name
        for other in e.also_to
        if other in name
    }
    loops_made = {edge for pair, edge in expected.items() if edge.loop and pair in links}

    out_of_order: list[tuple[str, str]] = []
    made = 0
    for source, target in links:
        shown = (chosen[source], chosen[target])
        item = f"{shown[0]} → {shown[1]}"
        if (source, target) in expected:
            made += 1
            edge = expected[(source, target)]
            kind = "The feedback loop" if edge.loop else "This connection"
            messages.append(FlowMessage(item, True, f"{kind} “{item}” is right."))
            continue
        if (source, target) in alternatives:
            edge = alternatives[(source, target)]
            best = f"“{name[edge.target]}”" + (f": {edge.best}" if edge.best else ".")
            if edge in loops_made:
                messages.append(
                    FlowMessage(
                        item,
                        True,
                        f"The feedback loop “{item}” also goes back to an earlier stage; your other loop, to {best}",
                    )
                )
            else:
                made += 1
                loops_made.add(edge)
                messages.append(
                    FlowMessage(
                        item,
                        True,
                        f"The feedback loop “{item}” counts: it goes back to an earlier stage. The best place for it is {best}",
                    )
                )
            continue
        if source not in by_key or target not in by_key:
            messages.append(FlowMessage(item, False, f"“{item}” connects a stage that does not belong; remove it."))
            continue
        out_of_order.append(shown)
        if source == target:
            text = f"“{shown[0]}” is connected to itself."
        elif (target, source) in expected:
            text = f"“{item}” is the wrong way round: “{shown[1]}” comes before “{shown[0]}”."
        elif ranks[target] > ranks[source] and source in next_of:
            text = f"“{item}” skips ahead: after “{shown[0]}” comes “{' or '.join(next_of[source])}”."
        elif ranks[target] <= ranks[source] and expected_chart.loops:
            text = f"“{item}” goes back to the wrong stage; check where the feedback loop should lead."
        else:
            text = f"“{item}” is out of order."
        messages.append(FlowMessage(item, False, text))

    missing_connections: list[tuple[str, str]] = []
    missing_loop = False
    for (source, target), edge in expected.items():
        if (source, target) in links or edge in loops_made:
            continue
        pair = (name[edge.source], name[edge.target])
        missing_connections.append(pair)
        if edge.loop:
            missing_loop = True
            detail = edge.hint or f"after “{pair[0]}”, the findings should lead back to “{pair[1]}”."
            messages.append(FlowMessage("feedback loop", False, f"Your chart has no feedback loop: {detail}"))
        elif source in chosen and target in chosen:
            messages.append(FlowMessage(f"{pair[0]} → {pair[1]}", False, f"Connect “{pair[0]}” to “{pair[1]}”."))

    maximum = len(nodes) + len(expected)
    earned = (len(nodes) - len(missing)) + made
    penalty = len(extra) + len(out_of_order)
    score = max(0, min(maximum, earned - penalty))
    return FlowCheck(
        score=score,
        maximum=maximum,
        missing=missing,
        extra=extra,
        out_of_order=tuple(out_of_order),
        missing_connections=tuple(missing_connections),
        missing_loop=missing_loop,
        messages=tuple(messages),
    )
