"""Branching scenarios as a graph: checking the content and scoring a learner's path (pure).

A scenario is a set of steps (a situation, what the customer says, their mood and
the adviser's choices) and endings (an outcome and a score). Each choice leads to
another step or to an ending. Everything here works on the plain dataclasses below:
no widgets, no pandas, so every rule is unit-tested on its own.

**How a scenario is scored: per ending, not by adding up choices.** H5P's Branching
Scenario offers both ("static score per end scenario" or a score "dynamically
calculated" from the alternatives chosen). This pack scores per ending because

* in customer service the result for the customer is what counts: two routes to the
  same well-handled outcome deserve the same score, and an assessor judges the
  outcome (resolved within policy and the law, handed over correctly, customer lost);
* the learner can go back a step and loops are allowed ("ask again"), so a sum over
  the path would reward wandering: a longer path collects more points, and the
  maximum would depend on the route rather than the scenario;
* one number per ending is easy for a tutor to check in the content file.

Each choice still carries ``points`` (2 best, 1 acceptable, 0 poor, or any scale):
they rate the move in the feedback ("Best move", "Could be better", "Poor move"),
mark the best route for the path chart, and are checked against the endings so the
content cannot disagree with itself: following the best-rated choice at every step
must lead to an ending with the top score. The result also counts how many of the
learner's moves were best moves, as a second piece of information, not the score.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from .graph import find_cycle, reachable

#: Moods from worst to best; the position is the mood's level (0 angry ... 4 pleased).
MOODS = ("angry", "upset", "uneasy", "calm", "pleased")

#: Verdicts on one move, by how its points compare with the best choice at that step.
BEST, BETTER_EXISTS, POOR = "Best move", "Could be better", "Poor move"


@dataclass(frozen=True)
class Choice:
    """One thing the adviser can say or do, where it leads, and why it is good or bad."""

    label: str
    next: str
    feedback: str = ""
    points: int = 0


@dataclass(frozen=True)
class Step:
    """One moment of the conversation: what is happening, what the customer says, their mood."""

    id: str
    heading: str
    situation: str
    customer_says: str
    mood: str
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Ending:
    """How the conversation ends for the customer and the business, and its score."""

    id: str
    title: str
    outcome: str = ""
    score: int = 0
    mood: str = ""


@dataclass(frozen=True)
class ScenarioGraph:
    """The steps and endings of one scenario; the story starts at ``start``."""

    start: str
    steps: tuple[Step, ...]
    endings: tuple[Ending, ...]

    def step(self, step_id: str) -> Step:
        """The step with this id (KeyError if there is none)."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def ending(self, ending_id: str) -> Ending:
        """The ending with this id (KeyError if there is none)."""
        for ending in self.endings:
            if ending.id == ending_id:
                return ending
        raise KeyError(ending_id)

    def is_ending(self, node_id: str) -> bool:
        """True when ``node_id`` names an ending."""
        return any(e.id == node_id for e in self.endings)

    @property
    def maximum(self) -> int:
        """The best score an ending gives."""
        return max((e.score for e in self.endings), default=0)


@dataclass(frozen=True)
class GraphProblem:
    """One thing wrong with a scenario: where (a field path naming the step or ending id) and what."""

    where: str
    message: str
    step: str | None = None


# --------------------------------------------------------------------------- checking the content


def _successors(graph: ScenarioGraph) -> dict[str, list[str]]:
    return {s.id: [c.next for c in s.choices] for s in graph.steps}


def graph_problems(graph: ScenarioGraph) -> list[GraphProblem]:
    """Every problem with the scenario's structure, each naming the step or ending and the field.

    Checks: ids shared by a step and an ending, a start that is not a step, steps without
    choices, choices whose ``next`` names nothing (dangling links), choices without
    feedback, endings without an outcome, steps and endings no path reaches, loops with
    no way out (steps from which no ending can be reached), negative points or scores,
    no ending scoring above 0, and a best route that does not reach the top-scoring ending.
    """
    problems: list[GraphProblem] = []
    step_ids = [s.id for s in graph.steps]
    ending_ids = [e.id for e in graph.endings]
    known = set(step_ids) | set(ending_ids)

    for ending in graph.endings:
        if ending.id in step_ids:
            problems.append(
                GraphProblem(
                    f"endings.{ending.id}.id",
                    f"'{ending.id}' is also the id of a step; steps and endings need different ids",
                    ending.id,
                )
            )
    if not graph.steps:
        problems.append(GraphProblem("steps", "the scenario has no steps"))
    if not graph.endings:
        problems.append(GraphProblem("endings", "the scenario has no endings; add at least one [[scenario.endings]]"))
    if graph.steps and graph.start not in step_ids:
        hint = difflib.get_close_matches(graph.start, step_ids, n=1)
        problems.append(
            GraphProblem(
                "start", f"'{graph.start}' is not the id of a step" + (f"; did you mean '{hint[0]}'?" if hint else "")
            )
        )

    dangling = False
    for step in graph.steps:
        if not step.choices:
            problems.append(
                GraphProblem(
                    f"steps.{step.id}.choices",
                    "has no choices, so the story stops here without an ending; add a choice or make it an ending",
                    step.id,
                )
            )
        if step.mood not in MOODS:
            problems.append(
                GraphProblem(f"steps.{step.id}.mood", f"'{step.mood}' is not one of: {', '.join(MOODS)}", step.id)
            )
        for index, choice in enumerate(step.choices, 1):
            where = f"steps.{step.id}.choices[{index}]"
            if choice.next not in known:
                dangling = True
                hint = difflib.get_close_matches(choice.next, sorted(known), n=1)
                problems.append(
                    GraphProblem(
                        f"{where}.next",
                        f"choice '{choice.label}' leads to '{choice.next}', which is not a step or an ending"
                        + (f"; did you mean '{hint[0]}'?" if hint else ""),
                        step.id,
                    )
                )
            if not choice.feedback.strip():
                problems.append(
                    GraphProblem(
                        f"{where}.feedback",
                        f"choice '{choice.label}' has no feedback; say why it is a good or poor move (LAST, HEAT, the 7 Cs, policy, the law)",
                        step.id,
                    )
                )
            if choice.points < 0:
                problems.append(GraphProblem(f"{where}.points", "cannot be negative", step.id))
    for ending in graph.endings:
        if not ending.outcome.strip():
            problems.append(
                GraphProblem(
                    f"endings.{ending.id}.outcome",
                    f"ending '{ending.id}' has no outcome; say what happens to the customer and the business",
                    ending.id,
                )
            )
        if ending.score < 0:
            problems.append(GraphProblem(f"endings.{ending.id}.score", "cannot be negative", ending.id))
        if ending.mood and ending.mood not in MOODS:
            problems.append(
                GraphProblem(
                    f"endings.{ending.id}.mood", f"'{ending.mood}' is not one of: {', '.join(MOODS)}", ending.id
                )
            )
    if graph.endings and graph.maximum <= 0:
        problems.append(GraphProblem("endings", "no ending scores more than 0; give the best ending a score"))

    if graph.start not in step_ids:
        return problems
    successors = _successors(graph)
    reached = reachable([graph.start], successors)
    for step in graph.steps:
        if step.id not in reached:
            problems.append(
                GraphProblem(
                    f"steps.{step.id}",
                    f"step '{step.id}' cannot be reached from the start ('{graph.start}'); no choice leads to it",
                    step.id,
                )
            )
    for ending in graph.endings:
        if ending.id not in reached:
            problems.append(
                GraphProblem(
                    f"endings.{ending.id}",
                    f"ending '{ending.id}' cannot be reached from the start ('{graph.start}'); no choice leads to it",
                    ending.id,
                )
            )

    # A step is trapped when no ending can be reached from it: a loop with no way out.
    can_finish = set(ending_ids)
    changed = True
    while changed:
        changed = False
        for step in graph.steps:
            if step.id not in can_finish and any(c.next in can_finish for c in step.choices):
                can_finish.add(step.id)
                changed = True
    trapped = {s.id for s in graph.steps if s.id in reached and s.id not in can_finish}
    for step in graph.steps:
        if step.id in trapped and step.choices:
            loop = find_cycle(successors, [step.id], allowed=trapped)
            how = f"its choices go round {' → '.join(loop)}" if loop else "its choices lead nowhere"
            problems.append(
                GraphProblem(
                    f"steps.{step.id}.choices",
                    f"no ending can be reached from step '{step.id}': {how}; add a choice that leads on towards an ending",
                    step.id,
                )
            )

    if not problems and not dangling:
        problems.extend(_best_route_problems(graph))
    return problems


def _best_route_problems(graph: ScenarioGraph) -> list[GraphProblem]:
    try:
        route = best_path(graph)
    except ValueError as exc:
        return [GraphProblem("steps", str(exc))]
    end = walk(graph, route).ending
    if end is not None and end.score < graph.maximum:
        top = [e.id for e in graph.endings if e.score == graph.maximum]
        return [
            GraphProblem(
                f"endings.{end.id}.score",
                f"following the best-rated choice at every step leads to ending '{end.id}' (score {end.score}), "
                f"but '{top[0]}' scores {graph.maximum}; give the choices on the way to '{top[0]}' the most points, or change the scores",
                end.id,
            )
        ]
    return []


# --------------------------------------------------------------------------- playing a path


@dataclass(frozen=True)
class Walk:
    """Where a path of choices (indices into each step's choices) leads."""

    visited: tuple[str, ...]  # step ids, in the order the learner saw them
    choices: tuple[Choice, ...]  # the choice made at each visited step (one fewer than visited until the end)
    current: str  # the step or ending now on show
    ending: Ending | None


def walk(graph: ScenarioGraph, path: Sequence[int]) -> Walk:
    """Follow ``path`` from the start; ``ValueError`` for an index that is not a choice or a move after an ending."""
    current = graph.start
    visited: list[str] = []
    made: list[Choice] = []
    for position, index in enumerate(path):
        if graph.is_ending(current):
            raise ValueError(f"move {position + 1} comes after the scenario has ended")
        step = graph.step(current)
        visited.append(step.id)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(step.choices):
            raise ValueError(f"move {position + 1}: step '{step.id}' has no choice {index!r}")
        made.append(step.choices[index])
        current = step.choices[index].next
    ending = graph.ending(current) if graph.is_ending(current) else None
    if ending is None:
        visited.append(current)
    return Walk(tuple(visited), tuple(made), current, ending)


def valid_prefix(graph: ScenarioGraph, path: Sequence[int]) -> list[int]:
    """The longest start of ``path`` that :func:`walk` accepts (used to clean a path sent by a browser)."""
    kept: list[int] = []
    for index in path:
        try:
            walk(graph, [*kept, index])
        except (ValueError, KeyError):
            break
        kept.append(index)
    return kept


def best_points(step: Step) -> int:
    """The highest points any choice at ``step`` gives."""
    return max((c.points for c in step.choices), default=0)


def verdict(step: Step, choice: Choice) -> str:
    """ "Best move", "Could be better" or "Poor move" for ``choice`` at ``step``."""
    if choice.points >= best_points(step):
        return BEST
    return BETTER_EXISTS if choice.points > 0 else POOR


def best_choice(step: Step) -> int:
    """The index of the first best-rated choice at ``step``."""
    top = best_points(step)
    return next(i for i, c in enumerate(step.choices) if c.points == top)


def best_path(graph: ScenarioGraph, start: str | None = None) -> list[int]:
    """Choice indices that follow the best-rated choice from ``start`` (default: the scenario's start) to an ending.

    ``ValueError`` if the best-rated choices go round in a loop.
    """
    current = start or graph.start
    route: list[int] = []
    seen: list[str] = []
    while not graph.is_ending(current):
        if current in seen:
            loop = " → ".join(seen[seen.index(current) :] + [current])
            raise ValueError(
                f"the best-rated choices go round in a loop ({loop}); give a choice that leads on more points"
            )
        seen.append(current)
        step = graph.step(current)
        route.append(best_choice(step))
        current = step.choices[route[-1]].next
    return route


@dataclass(frozen=True)
class ScenarioScore:
    """The result of a path: the ending's score, and how the learner's moves compare with the best ones."""

    score: int
    maximum: int
    ending: Ending | None
    moves: int
    best_moves: int
    left_best_at: int | None  # index into the path of the first move that was not a best move

    @property
    def complete(self) -> bool:
        """True once the path has reached an ending."""
        return self.ending is not None


def score_path(graph: ScenarioGraph, path: Sequence[int]) -> ScenarioScore:
    """Score ``path`` by the ending it reaches (0 until it reaches one) and count its best moves."""
    route = walk(graph, path)
    best = 0
    left: int | None = None
    for position, (step_id, choice) in enumerate(zip(route.visited, route.choices)):
        if verdict(graph.step(step_id), choice) == BEST:
            best += 1
        elif left is None:
            left = position
    score = route.ending.score if route.ending else 0
    return ScenarioScore(score, graph.maximum, route.ending, len(route.choices), best, left)


def mood_level(mood: str) -> int:
    """0 (angry) to 4 (pleased); ValueError for an unknown mood."""
    return MOODS.index(mood)


def mood_change(before: str, after: str) -> str:
    """How the customer's mood moved, in words: "better (was upset, now uneasy)", "worse (...)" or "no change (...)"."""
    if not before or not after:
        return ""
    difference = mood_level(after) - mood_level(before)
    if difference > 0:
        return f"better (was {before}, now {after})"
    if difference < 0:
        return f"worse (was {before}, now {after})"
    return f"no change (still {after})"
