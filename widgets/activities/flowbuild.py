"""Build-your-own flowchart: choose the stages that belong, connect them, Check.

Content: any chart in ``data/flowcharts/*.toml``; its ``distractors`` are mixed in
with the real stages and its ``prompt`` is the instruction. The learner ticks
the stages to include and adds arrows by choosing a step and the step it
connects to from two lists (single clicks or the keyboard; no free drawing).
Their chart is drawn live beside the lists. Check calls the pure
:func:`~widgets.scoring.flow.check_flow`, which names what is missing, what does not
belong, arrows out of order and, by name, a missing feedback loop.

The answer key stays in the kernel: the front end gets the cards (real stages and
distractors shuffled together), the learner's own choices and, after Check, the
feedback to show.
"""

from __future__ import annotations

import random
from typing import Any, Sequence

import traitlets

from .._base import BUTTONS, TaskWidget, front_end, default_seed
from .flowchart import FLOWCHARTS, FlowchartSpec, FlowEdge, FlowNode
from ..scoring.flow import check_flow
from .flowchart_widget import ChartState

DEFAULT_PROMPT = (
    "Choose the stages that belong, leave out the ones that do not, then connect them in order with arrows."
)
EMPTY_CHART_NOTE = "Your chart is empty: tick the stages that belong, then add arrows."


def shuffled_cards(chart: FlowchartSpec, seed: int) -> list[str]:
    """Every stage of ``chart`` and every distractor, in a reproducible mixed order."""
    cards = [" ".join(label.split()) for label in chart.stages] + [" ".join(d.label.split()) for d in chart.distractors]
    random.Random(seed).shuffle(cards)
    return cards


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


class FlowBuildTask(ChartState, TaskWidget):
    """Build a flowchart from cards: ``FlowBuildTask.from_content("after-sales-process")``.

    ``task.chosen`` and ``task.connections`` hold the learner's chart, ``task.score``
    the last checked score (None before Check), ``task.result`` the full
    :class:`~widgets.scoring.flow.FlowCheck`.
    """

    _content = FLOWCHARTS
    _stored_traits = ("chosen", "connections")
    _esm = front_end("flowbuild", "chartview")  # its style sheet travels in the module (front_end says why)

    cards = traitlets.List(
        traitlets.Unicode(), help="Every card offered: the real stages and the distractors, mixed."
    ).tag(sync=True)
    chosen = traitlets.List(
        traitlets.Unicode(), help="The cards the learner has put in their chart, in card order."
    ).tag(sync=True)
    connections = traitlets.List(
        traitlets.List(traitlets.Unicode(), minlen=2, maxlen=2), help="The learner's arrows as [from, to] card labels."
    ).tag(sync=True)
    feedback = traitlets.List(
        traitlets.Dict(), help="After Check: [{'item', 'ok', 'text'}] to show under the chart."
    ).tag(sync=True)

    def __init__(
        self,
        chart: FlowchartSpec,
        *,
        title: str | None = None,
        instructions: str | None = None,
        buttons: Sequence[str] = BUTTONS,
        seed: int | None = None,
        task_id: str = "",
        **kwargs: Any,
    ):
        if not isinstance(chart, FlowchartSpec):
            raise TypeError(f"FlowBuildTask needs a FlowchartSpec, not {type(chart).__name__}")
        if len(chart.stages) < 2:
            raise ValueError("a build-your-own flowchart needs at least 2 stages")
        keys = [_key(label) for label in list(chart.stages) + [d.label for d in chart.distractors]]
        if len(set(keys)) != len(keys):
            raise ValueError("every stage and distractor needs its own label")
        self._chart = chart
        self._verdicts: dict[str, bool] = {}  # chosen label -> belongs, after Check
        self._solution: tuple[list[str], list[list[str]]] = ([], [])  # set by Show solution
        identity = task_id or chart.id
        super().__init__(
            task_id=identity,
            title=title or chart.title,
            instructions=instructions or chart.prompt or DEFAULT_PROMPT,
            buttons=list(buttons),
            cards=shuffled_cards(chart, default_seed(identity) if seed is None else seed),
            **kwargs,
        )
        self._redraw()

    @classmethod
    def from_spec(cls, spec: FlowchartSpec, **options: Any) -> "FlowBuildTask":
        """Build the activity from a chart loaded from ``data/flowcharts``."""
        settings: dict[str, Any] = dict(buttons=spec.buttons, task_id=spec.id)
        settings.update(options)
        return cls(spec, **settings)

    # ------------------------------------------------------------------ state the lesson reads

    @property
    def maximum(self) -> int:
        """The highest score this activity can give."""
        label = {n.id: n.label for n in self._chart.nodes if n.kind != "note"}
        return len(label) + sum(1 for e in self._chart.edges if e.source in label and e.target in label)

    def __repr__(self) -> str:
        return f"FlowBuildTask('{self.task_id}', {len(self.cards)} cards{self._repr_score()})"

    # ------------------------------------------------------------------ the learner's chart

    @traitlets.validate("chosen")
    def _valid_chosen(self, proposal):
        wanted = set(proposal["value"])
        unknown = sorted(wanted - set(self.cards))
        if unknown:
            raise traitlets.TraitError(f"not one of the cards: {unknown}")
        if self.phase == "solution":
            # The solution is on show; it cannot be changed. (Not self.chosen: while the front
            # end's update is held, that already holds the proposed value.)
            return list(self._solution[0])
        return [card for card in self.cards if card in wanted]

    @traitlets.validate("connections")
    def _valid_connections(self, proposal):
        if self.phase == "solution":
            return [list(pair) for pair in self._solution[1]]
        chosen = set(self.chosen)
        kept: list[list[str]] = []
        for pair in proposal["value"]:
            source, target = pair
            if source not in chosen or target not in chosen:
                raise traitlets.TraitError(f"an arrow can only join stages in the chart, not {source!r} → {target!r}")
            if source == target:
                raise traitlets.TraitError(f"an arrow cannot join {source!r} to itself")
            if [source, target] not in kept:
                kept.append([source, target])
        return kept

    @traitlets.observe("chosen")
    def _chosen_changed(self, change) -> None:
        chosen = set(change["new"])
        left = [pair for pair in self.connections if pair[0] in chosen and pair[1] in chosen]
        if left != self.connections:
            self.connections = left  # arrows to a stage that was taken out go with it
        self._learner_changed()

    @traitlets.observe("connections")
    def _connections_changed(self, _change) -> None:
        self._learner_changed()

    def _learner_changed(self) -> None:
        # Marks describe the chart that was checked; once it changes they would mislead.
        if self.phase == "checked":
            self.phase = "working"
            self._verdicts = {}
            self.feedback = []
            self.summary = ""
            self.announcement = "Chart changed. Press Check again when you are ready."
        self._redraw()

    def choose(self, *labels: str) -> None:
        """Put cards in the chart (what ticking them does)."""
        self.chosen = list(self.chosen) + [label for label in labels if label not in self.chosen]

    def leave_out(self, *labels: str) -> None:
        """Take cards out of the chart, with their arrows."""
        self.chosen = [card for card in self.chosen if card not in labels]

    def connect(self, source: str, target: str) -> None:
        """Add an arrow from ``source`` to ``target`` (both must be in the chart)."""
        self.connections = [list(pair) for pair in self.connections] + [[source, target]]

    def disconnect(self, source: str, target: str) -> None:
        """Remove the arrow from ``source`` to ``target``."""
        self.connections = [pair for pair in self.connections if pair != [source, target]]

    def learner_chart(self) -> FlowchartSpec:
        """The learner's chart as a FlowchartSpec: arrows that go back round are drawn as loops."""
        if not self.chosen:
            return FlowchartSpec(
                "your-chart", f"Your chart: {self.title}", (FlowNode("empty", EMPTY_CHART_NOTE, "note"),)
            )
        ids = {label: f"c{index}" for index, label in enumerate(self.chosen, 1)}
        forward: dict[str, set[str]] = {}
        edges = []
        for source, target in self.connections:
            # An arrow whose target already leads to its source closes a circle: draw it as a loop.
            loop = _leads_to(forward, ids[target], ids[source])
            if not loop:
                forward.setdefault(ids[source], set()).add(ids[target])
            edges.append(FlowEdge(ids[source], ids[target], "loops back" if loop else "", loop=loop))
        marks = {ids[label]: ("ok" if ok else "wrong") for label, ok in self._verdicts.items() if label in ids}
        nodes = tuple(FlowNode(ids[label], label, "step") for label in self.chosen)
        return FlowchartSpec("your-chart", f"Your chart: {self.title}", nodes, tuple(edges), marks=marks)

    def _redraw(self) -> None:
        self._draw(self._chart if self.phase == "solution" else self.learner_chart())

    # ------------------------------------------------------------------ actions

    def _on_front_end_message(self, widget, content, buffers) -> None:
        if isinstance(content, dict) and content.get("action") == "renderer":
            self._send_renderer()
            return
        super()._on_front_end_message(widget, content, buffers)

    def check(self) -> None:
        """Check the learner's chart and list what is missing, extra or out of order."""
        if self.phase == "solution":
            return
        result = check_flow(self._chart, self.chosen, [tuple(pair) for pair in self.connections])
        self._result = result
        self.attempts += 1
        extra = {_key(label) for label in result.extra}
        self._verdicts = {label: _key(label) not in extra for label in self.chosen}
        wrong = [m for m in result.messages if not m.ok]
        shown = [{"item": m.item, "ok": m.ok, "text": m.text} for m in wrong]
        if result.complete:
            # Nothing to fix: say what was worth getting right, and why the other cards stay out.
            shown = [
                {"item": m.item, "ok": True, "text": m.text}
                for m in result.messages
                if m.text.startswith("The feedback loop")
            ]
            shown += [
                {"item": d.label, "ok": True, "text": f"You were right to leave out “{d.label}”: {d.why}"}
                for d in self._chart.distractors
                if d.why
            ]
        if result.complete:
            text = f"Score {result.score} out of {result.maximum}. Your flowchart is complete, well done!"
        else:
            text = (
                f"Score {result.score} out of {result.maximum}. {len(wrong)} thing{'s' if len(wrong) != 1 else ''} "
                "to fix: read the list below, change your chart, then Check again."
            )
            if result.missing_loop:
                text += " Your chart has no feedback loop."
        with self.hold_sync():
            self.feedback = shown
            self.summary = text
            self.summary_ok = result.complete
            self.phase = "checked"
        self._redraw()
        self._announce(text)
        self._record(result.score, result.maximum)

    def try_again(self) -> None:
        """Clear the marks and keep working; after Show solution, start again with an empty chart."""
        if self.phase == "solution":
            self.phase = "working"
            self.chosen = []
        self.phase = "working"
        self._verdicts = {}
        self.feedback = []
        self.summary = ""
        self.summary_ok = False
        self._redraw()
        self.announcement = "Marks cleared. Change your chart and press Check."

    def show_solution(self) -> None:
        """Show the whole chart, with a reason for every distractor that does not belong."""
        label = {n.id: " ".join(n.label.split()) for n in self._chart.nodes if n.kind != "note"}
        wanted = {_key(text) for text in label.values()}
        solution_chosen = [card for card in self.cards if _key(card) in wanted]
        by_key = {_key(card): card for card in self.cards}
        solution_links = [
            [by_key[_key(label[e.source])], by_key[_key(label[e.target])]]
            for e in self._chart.edges
            if e.source in label and e.target in label
        ]
        self._solution = (solution_chosen, solution_links)
        self.phase = "working"  # leave any checked state quietly before showing the answer
        self.chosen = solution_chosen
        self.connections = solution_links
        notes = [
            {"item": d.label, "ok": False, "text": f"“{d.label}” does not belong: {d.why}"}
            for d in self._chart.distractors
            if d.why
        ]
        loops = [e for e in self._chart.edges if e.loop and e.source in label and e.target in label]
        for edge in loops:
            notes.insert(
                0,
                {
                    "item": "feedback loop",
                    "ok": True,
                    "text": f"The feedback loop runs from “{label[edge.source]}” back to “{label[edge.target]}”: {edge.label or 'it keeps the service improving'}.",
                },
            )
        with self.hold_sync():
            self.phase = "solution"
            self._verdicts = {}
            self.feedback = notes
            self.summary = "Solution: this is the whole process. Read why the other cards do not belong."
            self.summary_ok = True
        self._redraw()
        self._announce(self.summary)


def _leads_to(forward: dict[str, set[str]], start: str, goal: str) -> bool:
    """True if ``goal`` can be reached from ``start`` along ``forward`` arrows."""
    seen, frontier = {start}, [start]
    while frontier:
        current = frontier.pop()
        if current == goal:
            return True
        for nxt in forward.get(current, ()):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return False
