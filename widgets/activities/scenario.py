"""Branching role-play: the learner plays the adviser in a conversation with a customer.

Content: ``data/scenarios/*.toml``, one ``[[scenario]]`` table per scenario, with
``[[scenario.steps]]`` (a situation, what the customer says, their mood, and
``[[scenario.steps.choices]]``) and ``[[scenario.endings]]`` (an outcome and a score).
The structure is checked by :func:`widgets.scoring.scenario.graph_problems`:
unreachable steps, dangling links, loops with no way out, endings without an
outcome and choices without feedback are each reported by file, scenario id,
step id and field.

**Scoring is per ending** (H5P's "static score per end scenario"), not a sum of
the choices made; :mod:`widgets.scoring.scenario` explains why. Choice points rate
each move and mark the best route.

The kernel decides everything: which step comes next, the feedback, the mood, the
score. The front end (``static/scenario.js``) draws the step it is sent and reports
the learner's choice, Back one step and Restart as action messages. The path taken
(choice indices) is the learner's answer; it is recorded with the ending's score
in the progress file, and :meth:`ScenarioTask.path_chart` draws it as a flowchart
showing where it left the best route.
"""

from __future__ import annotations

import random
import textwrap
from typing import Any

import traitlets

from .._base import TaskWidget, front_end, default_seed
from .flowchart import FlowchartSpec, FlowEdge, FlowNode
from .flowchart_widget import Flowchart
from .scenario_content import CHART_LABEL, SCENARIOS, ScenarioSpec, policy_clauses
from ..scoring.scenario import (
    BEST,
    Ending,
    ScenarioScore,
    Step,
    best_choice,
    best_path,
    graph_problems,
    mood_change,
    mood_level,
    score_path,
    valid_prefix,
    verdict,
    walk,
)

# --------------------------------------------------------------------------- the path as a chart


def _short(text: str, width: int = CHART_LABEL) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else textwrap.shorten(text, width, placeholder="…")


def path_to_chart(spec: ScenarioSpec, path: list[int] | tuple[int, ...]) -> FlowchartSpec:
    """A flowchart of the learner's path, with the best route drawn from where the path left it.

    Steps on the learner's path before they left the best route are marked ✓; the step
    where they left it is a diamond, with two arrows out: "You: ..." and "Best: ...".
    """
    graph = spec.graph
    route = walk(graph, path)
    result = score_path(graph, path)
    nodes: dict[str, FlowNode] = {}
    edges: list[FlowEdge] = []
    marks: dict[str, str] = {}
    left_at = route.visited[result.left_best_at] if result.left_best_at is not None else None

    def node_for(node_id: str, label_prefix: str = "") -> None:
        if node_id in nodes:
            return
        if graph.is_ending(node_id):
            ending = graph.ending(node_id)
            nodes[node_id] = FlowNode(
                node_id, f"{label_prefix}{ending.title} (score {ending.score} of {graph.maximum})", "terminal"
            )
        else:
            kind = "decision" if node_id == left_at else "step"
            nodes[node_id] = FlowNode(node_id, f"{label_prefix}{graph.step(node_id).heading}", kind)

    learner = list(route.visited) + ([route.ending.id] if route.ending else [])
    for position, node_id in enumerate(learner):
        node_for(node_id, "Your ending: " if route.ending and node_id == route.ending.id else "")
        if position < len(route.choices):
            if result.left_best_at is None or position < result.left_best_at:
                marks[node_id] = "ok"
    for position, choice in enumerate(route.choices):
        edges.append(FlowEdge(learner[position], learner[position + 1], "You: " + _short(choice.label)))
    if left_at is not None:
        current = left_at
        for index in best_path(graph, left_at):
            step = graph.step(current)
            choice = step.choices[index]
            node_for(choice.next, "Best ending: " if graph.is_ending(choice.next) else "Best route: ")
            if not any(e.source == current and e.target == choice.next for e in edges):
                edges.append(FlowEdge(current, choice.next, "Best: " + _short(choice.label)))
            current = choice.next
    if left_at is not None:
        step = graph.step(left_at)
        chosen = route.choices[result.left_best_at]
        note = (
            f"Your path left the best route at '{step.heading}'. You chose: {_short(chosen.label, 80)} "
            f"The best move was: {_short(step.choices[best_choice(step)].label, 80)}"
        )
    elif route.ending is not None:
        note = "You followed the best route all the way."
    else:
        note = "Not finished yet: every move so far was a best move." if route.choices else "No moves yet."
    if len(nodes) == 1 and not edges:
        # A one-box chart would have nothing to join: show where the story starts.
        nodes = {"start": FlowNode("start", "Start", "terminal"), **nodes}
        edges.append(FlowEdge("start", graph.start))
    return FlowchartSpec(
        id="scenario-path",
        title=f"Your path: {spec.title}",
        nodes=tuple(nodes.values()),
        edges=tuple(edges),
        note=note,
        marks=marks,
    )


# --------------------------------------------------------------------------- the widget


def _mood_view(mood: str) -> dict[str, Any]:
    return {"mood": mood, "mood_level": mood_level(mood) if mood else -1}


class ScenarioTask(TaskWidget):
    """A branching role-play. ``task.path`` is the learner's route, ``task.score`` the ending's score."""

    _content = SCENARIOS
    _answer_traits = ()
    #: The path is the learner's answer: saved as a draft while they play, with each ending reached,
    #: and put back when the notebook is opened again (Start again clears it). The store holds it
    #: as {"path": [step ids..., ending id], "choices": [indices]} (see _answer_for_store).
    _stored_traits = ("path",)
    _esm = front_end("scenario")  # its style sheet travels in the module (front_end says why)

    setting = traitlets.Unicode("", help="Where and how the conversation happens.").tag(sync=True)
    customer = traitlets.Unicode("", help="Who the customer is.").tag(sync=True)
    brief = traitlets.Unicode("", help="What the adviser (the learner) knows.").tag(sync=True)
    policy = traitlets.List(traitlets.Dict(), help="Policy clauses the adviser applies: ref, heading, text.").tag(
        sync=True
    )
    law_note = traitlets.Unicode("", help="The law behind the scenario, with its simplifications.").tag(sync=True)
    path = traitlets.List(
        traitlets.Int(), help="The learner's choices so far, as indices into each step's choices."
    ).tag(sync=True)
    view = traitlets.Dict(help="The step or ending on show: kind, heading, text, mood, choice labels.").tag(sync=True)
    last = traitlets.Dict(help="Feedback on the last choice: said, verdict, best, feedback, mood_change.").tag(
        sync=True
    )
    can_go_back = traitlets.Bool(False, help="True when there is a step to go back to.").tag(sync=True)
    best_route = traitlets.List(
        traitlets.Unicode(), help="The best move at each step, once the learner asks for it."
    ).tag(sync=True)

    def __init__(self, spec: ScenarioSpec, *, shuffle: bool = True, seed: int | None = None, **kwargs: Any):
        if not isinstance(spec, ScenarioSpec):
            raise TypeError(
                f"ScenarioTask needs a ScenarioSpec, not {type(spec).__name__}; use ScenarioTask.from_content('scenario-id')"
            )
        problems = graph_problems(spec.graph)
        if problems:
            raise ValueError("the scenario has problems: " + "; ".join(f"{p.where}: {p.message}" for p in problems))
        self._spec = spec
        # The best choice is often written first; each step shows its choices in a fixed shuffled order.
        self._seed = default_seed(spec.id) if seed is None else seed
        self._shuffle = shuffle
        super().__init__(
            task_id=spec.id,
            title=spec.title,
            instructions="You are the adviser. At each step choose what you say or do.",
            buttons=list(spec.buttons),
            setting=spec.setting,
            customer=spec.customer,
            brief=spec.adviser_brief,
            policy=policy_clauses(spec.policy),
            law_note=spec.law_note,
            **kwargs,
        )
        self._show()

    @classmethod
    def from_spec(cls, spec: ScenarioSpec, **options: Any) -> "ScenarioTask":
        """Build from a content entry."""
        return cls(spec, **options)

    @property
    def spec(self) -> ScenarioSpec:
        """The scenario being played."""
        return self._spec

    @property
    def maximum(self) -> int:
        """The best score an ending gives."""
        return self._spec.graph.maximum

    @property
    def ending(self) -> Ending | None:
        """The ending reached, or None while the conversation goes on."""
        return walk(self._spec.graph, self.path).ending

    def __repr__(self) -> str:
        graph = self._spec.graph
        return f"ScenarioTask('{self._spec.id}', {len(graph.steps)} steps, {len(graph.endings)} endings{self._repr_score()})"

    @traitlets.validate("path")
    def _valid_path(self, proposal):
        return valid_prefix(self._spec.graph, list(proposal["value"]))

    def _answer_for_store(self) -> dict:
        """The route for the progress store: the steps seen and the ending (what a tutor's class
        overview counts as branches taken), and the choice indices that replay it."""
        route = walk(self._spec.graph, self.path)
        nodes = list(route.visited) + ([route.ending.id] if route.ending else [])
        return {"path": nodes, "choices": list(self.path)}

    def _restore_answer(self, saved: dict) -> bool:
        """Put a saved route back (as much of it as the scenario still has) and show where it had got to."""
        choices = saved.get("choices") if isinstance(saved, dict) else None
        if not isinstance(choices, list):
            choices = self._choices_from_nodes(saved.get("path") if isinstance(saved, dict) else None)
        kept = valid_prefix(self._spec.graph, choices)
        if kept == self.path:
            return False
        self.path = kept
        self._show()
        return True

    def _choices_from_nodes(self, nodes: Any) -> list[int]:
        """Choice indices that walk through ``nodes`` (step ids, then perhaps an ending id), as far as they fit."""
        graph = self._spec.graph
        if not isinstance(nodes, list) or not nodes or nodes[0] != graph.start:
            return []
        found: list[int] = []
        for here, there in zip(nodes, nodes[1:]):
            if graph.is_ending(here) or here not in {s.id for s in graph.steps}:
                break
            nexts = [c.next for c in graph.step(here).choices]
            if there not in nexts:
                break
            found.append(nexts.index(there))
        return found

    # ------------------------------------------------------------------ actions

    def _on_front_end_message(self, widget, content, buffers) -> None:
        action = content.get("action") if isinstance(content, dict) else None
        if action == "choose":
            # "at" is the path length the learner saw; a second click on a stale view does nothing.
            index, at = content.get("index"), content.get("at")
            if isinstance(index, int) and at == len(self.path):
                try:
                    self.choose(index)
                except ValueError:
                    pass  # a choice the step does not have (an old view): nothing to do
        elif action == "back":
            self.back()
        elif action == "restart":
            self.try_again()
        else:
            super()._on_front_end_message(widget, content, buffers)

    def choose(self, index: int) -> None:
        """Make choice ``index`` (0-based) at the current step; ValueError if there is no such choice."""
        route = walk(self._spec.graph, self.path)
        if route.ending is not None:
            raise ValueError("the conversation has ended; go back a step or restart")
        choices = self._spec.graph.step(route.current).choices
        if isinstance(index, bool) or not 0 <= index < len(choices):
            raise ValueError(f"step '{route.current}' has choices 0 to {len(choices) - 1}, not {index!r}")
        self.path = [*self.path, index]
        self._show(moved=True)

    def back(self) -> None:
        """Undo the last choice."""
        if self.path:
            self.path = self.path[:-1]
            self._show(moved=True, went_back=True)

    def check(self) -> None:
        """Scenarios are scored when an ending is reached; there is nothing to check before."""
        self._show()

    def try_again(self) -> None:
        """Restart from the first step (attempts and recorded progress are kept)."""
        with self.hold_sync():
            self.path = []
            self.best_route = []
            self.phase = "working"
            self.summary, self.summary_ok = "", False
        self._show(moved=True, restarted=True)

    def show_solution(self) -> None:
        """List the best move at each step of the best route; the learner can go on playing."""
        graph = self._spec.graph
        current = graph.start
        lines = []
        for index in best_path(graph):
            step = graph.step(current)
            lines.append(f"{step.heading}: {step.choices[index].label}")
            current = step.choices[index].next
        ending = graph.ending(current)
        lines.append(f"Ending: {ending.title} (score {ending.score} of {graph.maximum})")
        self.best_route = lines
        self.phase = "solution"
        self.summary = f"The best route has {len(lines) - 1} moves and ends: {ending.title}."
        self.summary_ok = True
        self._announce(self.summary + " It is listed under the buttons.")

    def set_tutor_view(self, shown: bool) -> None:
        """In tutor mode, list the best route (True) or hide it (False); the conversation stays where it is.

        Unlike Try again (Restart), off keeps the class's place in the story, so a tutor can reveal the best
        route half way through and hide it again to let the class play on. At an ending, its score shows again.
        """
        if not self.tutor or shown:
            super().set_tutor_view(shown)
            return
        with self.hold_sync():
            self.best_route = []
            ending = self.ending
            if ending is not None and self._result is not None:
                self.summary, self.summary_ok = (
                    self._ending_line(ending, self._result),
                    self._result.score == self.maximum,
                )
                self.phase = "checked"
            else:
                self.summary, self.summary_ok = "", False
                self.phase = "working"
            self.announcement = "Tutor view off: the activity as learners see it, answers hidden."
            self.tutor_view = False

    def _answer_on_show(self) -> bool:
        """The best route is the answer: on show from Show the best route until Restart or Tutor view off."""
        return bool(self.best_route)

    @traitlets.observe("best_route")
    def _route_shown_or_hidden(self, _change) -> None:
        # Restart hides the route without always changing the phase (after Back from an ending, say).
        if self.tutor:
            self.tutor_view = self._answer_on_show()

    # ------------------------------------------------------------------ drawing state

    def _show(self, *, moved: bool = False, went_back: bool = False, restarted: bool = False) -> None:
        graph = self._spec.graph
        route = walk(graph, self.path)
        last: dict[str, Any] = {}
        if route.choices:
            step = graph.step(route.visited[len(route.choices) - 1])
            choice = route.choices[-1]
            after = route.ending.mood if route.ending else graph.step(route.current).mood
            last = {
                "said": choice.label,
                "verdict": verdict(step, choice),
                "best": verdict(step, choice) == BEST,
                "feedback": choice.feedback,
                "mood_change": mood_change(step.mood, after) if after else "",
            }
        number = len(route.choices) + 1
        if route.ending is None:
            step = graph.step(route.current)
            view = {
                "kind": "step",
                "id": step.id,
                "number": number,
                "heading": f"Step {number}: {step.heading}",
                "situation": step.situation,
                "customer_says": step.customer_says,
                "choices": [{"label": step.choices[i].label, "index": i} for i in self._display_order(step)],
                **_mood_view(step.mood),
            }
        else:
            ending = route.ending
            view = {
                "kind": "ending",
                "id": ending.id,
                "number": number,
                "heading": f"Ending: {ending.title}",
                "situation": ending.outcome,
                "customer_says": "",
                "choices": [],
                "score": ending.score,
                "maximum": graph.maximum,
                **_mood_view(ending.mood),
            }
        with self.hold_sync():
            self.view = view
            self.last = last
            self.can_go_back = bool(self.path)
            if route.ending is not None and moved:
                self._finish(route.ending)
            elif route.ending is None and self.phase == "checked":
                self.phase = "working"
                self.summary, self.summary_ok = "", False
            if moved:
                self._announce(self._step_announcement(view, last, went_back, restarted))

    def _display_order(self, step: Step) -> list[int]:
        """The order a step's choices are shown in: the same on every run, shuffled unless shuffle=False."""
        order = list(range(len(step.choices)))
        if self._shuffle:
            random.Random(f"{self._seed}:{step.id}").shuffle(order)
        return order

    def _finish(self, ending: Ending) -> None:
        result = score_path(self._spec.graph, self.path)
        self._result = result
        self.attempts += 1
        self.phase = "checked"
        self.summary = self._ending_line(ending, result)
        self.summary_ok = result.score == result.maximum
        self._record(result.score, result.maximum)

    @staticmethod
    def _ending_line(ending: Ending, result: ScenarioScore) -> str:
        return (
            f"Ending reached: {ending.title}. Score {result.score} of {result.maximum}. "
            f"{result.best_moves} of your {result.moves} moves were best moves."
        )

    def _step_announcement(self, view: dict, last: dict, went_back: bool, restarted: bool) -> str:
        parts = []
        if restarted:
            parts.append("Restarted.")
        elif went_back:
            parts.append("Went back one step.")
        elif last:
            parts.append(f"{last['verdict']}. {last['feedback']}")
            if last["mood_change"]:
                parts.append(f"The customer's mood: {last['mood_change']}.")
        parts.append(view["heading"] + ".")
        if view["kind"] == "ending":
            parts.append(f"Score {view['score']} of {view['maximum']}.")
        return " ".join(parts)

    def path_text(self) -> str:
        """The learner's route in one line: step ids with the choice made (numbered as in the content
        file), then the ending, e.g. "customer-arrives 1 → customer-explains 2 → refund-done"."""
        route = walk(self._spec.graph, self.path)
        moves = [f"{step_id} {index + 1}" for step_id, index in zip(route.visited, self.path)]
        if route.ending is not None:
            moves.append(route.ending.id)
        return " → ".join(moves)

    def path_chart(self) -> Flowchart:
        """A :class:`~widgets.activities.flowchart_widget.Flowchart` of the learner's path that redraws on every move."""
        chart = Flowchart(path_to_chart(self._spec, self.path))

        def redraw(_change=None) -> None:
            chart.chart = path_to_chart(self._spec, self.path)

        self.observe(redraw, names=["path"])
        return chart

    @property
    def result(self) -> ScenarioScore | None:
        """The last ending's result (score, maximum, best moves), or None before an ending."""
        return self._result
