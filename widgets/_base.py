"""What every activity widget shares: the button bar, feedback, announcements, loading.

A task widget subclasses :class:`TaskWidget`, declares ``_kind`` (the content
folder) and ``_static`` (its front-end file stem), and implements ``check``,
``try_again`` and ``show_solution``. The front end is assembled here from
``static/common.js`` (helpers every widget uses) followed by the widget's own
module, because anywidget loads exactly one ES module per widget class and
relative imports between our own files would not resolve at run time.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from . import progress
from .content import ContentNotice, find_task

STATIC = Path(__file__).resolve().parent / "static"
BUTTONS = ("check", "try_again", "solution")
PHASES = ("working", "checked", "solution")


def default_seed(task_id: str) -> int:
    """The same starting order for the same activity on every machine and run (seeds every shuffle)."""
    return zlib.crc32(task_id.encode("utf-8"))


def assemble(stem: str, suffix: str, *shared: str) -> str:
    """The shared front-end file, then any further shared files named in ``shared``, then one widget's own, as one text."""
    return "\n".join((STATIC / f"{name}{suffix}").read_text(encoding="utf-8") for name in ("common", *shared, stem))


def acknowledge(widget: anywidget.AnyWidget, action: Any) -> None:
    """Tell the front end that ``action`` reached the kernel (see aslConnection in static/common.js)."""
    widget.send({"kind": "ack", "action": action if isinstance(action, str) else ""})


#: Shown in a saved notebook where the activity is not running, in place of JupyterLab's
#: "Error displaying widget: model not found". Hidden by CSS while the activity is on show.
NOT_RUNNING_TEXT = (
    "If no activity shows above, or it says “Error displaying widget: model not found”, the activity "
    "is not running: its Python side stops when the notebook is closed or the kernel restarts. "
    "Run this cell to start the activity (click in the cell and press Shift+Enter)."
)


def not_running_note() -> dict[str, str]:
    """A second output under an activity for when it cannot be drawn: plain text and HTML.

    JupyterLab and Notebook 7 always prefer the widget view to a widget's other formats, so
    a fallback inside the widget's own output would never be shown. This separate output is;
    while the activity is alive beside it, its own <style> hides it (trusted notebooks), and
    an untrusted notebook shows it as plain words, which are still true.
    """
    html = (
        "<style>.jp-OutputArea:has(.asl-task) .asl-not-running,"
        ".output_area:has(.asl-task) ~ .output_area .asl-not-running{display:none}</style>"
        f'<p class="asl-not-running">{NOT_RUNNING_TEXT}</p>'
    )
    return {"text/plain": NOT_RUNNING_TEXT, "text/html": html}


class ShowsWhenNotRunning:
    """Mixin for anywidgets: display the widget, then :func:`not_running_note` as its own output."""

    def _ipython_display_(self) -> None:
        from IPython.display import display

        bundle = self._repr_mimebundle_()  # type: ignore[attr-defined]
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        display(data, metadata=metadata or None, raw=True)
        display(not_running_note(), raw=True)


class TaskWidget(ShowsWhenNotRunning, anywidget.AnyWidget):
    """Base class for activities: content loading, the three buttons, progress, announcements."""

    _kind: str = ""
    #: Traits holding the learner's answer; an action message may carry their latest values.
    _answer_traits: tuple[str, ...] = ()

    task_id = traitlets.Unicode("", help="The activity's stable id from the content file.").tag(sync=True)
    title = traitlets.Unicode("", help="Heading shown above the activity.").tag(sync=True)
    instructions = traitlets.Unicode("", help="What the learner is asked to do.").tag(sync=True)
    buttons = traitlets.List(traitlets.Unicode(), help="Which of check, try_again, solution are shown.").tag(sync=True)
    phase = traitlets.Unicode("working", help="working, checked (marks shown) or solution (answer shown).").tag(sync=True)
    summary = traitlets.Unicode("", help="The result line shown after Check or Show solution.").tag(sync=True)
    summary_ok = traitlets.Bool(False, help="True when the last check was fully right.").tag(sync=True)
    announcement = traitlets.Unicode("", help="Text for screen readers (aria-live).").tag(sync=True)
    attempts = traitlets.Int(0, help="How many times the learner has pressed Check.").tag(sync=True)

    def __init__(self, **kwargs: Any):
        #: The last checked result (anything with .score and .maximum), None before Check.
        self._result = None
        super().__init__(**kwargs)
        self.on_msg(self._on_front_end_message)

    @property
    def score(self) -> int | None:
        """The last checked score, or None before the first Check."""
        return None if self._result is None else self._result.score

    @property
    def result(self):
        """The full result of the last Check (score, maximum and per-item verdicts), or None."""
        return self._result

    def _repr_score(self) -> str:
        """The ", score 3/5" part of a task's repr, once it has been checked."""
        return "" if self._result is None else f", score {self._result.score}/{self._result.maximum}"

    @traitlets.validate("buttons")
    def _valid_buttons(self, proposal):
        unknown = [b for b in proposal["value"] if b not in BUTTONS]
        if unknown:
            raise traitlets.TraitError(f"unknown button(s) {unknown}; choose from {', '.join(BUTTONS)}")
        return list(dict.fromkeys(proposal["value"]))

    @traitlets.validate("phase")
    def _valid_phase(self, proposal):
        if proposal["value"] not in PHASES:
            raise traitlets.TraitError(f"phase must be one of {PHASES}")
        return proposal["value"]

    @classmethod
    def from_content(cls, task_id: str, **options: Any):
        """Build the activity ``task_id`` from ``data/``; on bad content, a notice instead of a traceback."""
        spec, problems = find_task(cls._kind, task_id)
        if spec is None:
            return ContentNotice(task_id, problems)
        return cls.from_spec(spec, **options)

    @classmethod
    def from_spec(cls, spec: Any, **options: Any):  # pragma: no cover - each subclass defines it
        raise NotImplementedError

    # ------------------------------------------------------------------ actions

    def _on_front_end_message(self, _widget, content, _buffers) -> None:
        action = content.get("action") if isinstance(content, dict) else None
        state = content.get("state") if isinstance(content, dict) else None
        if isinstance(state, dict):
            # The front end sends the answer it is showing, so a state update still in
            # flight cannot make Check score an older answer. Values are validated as usual.
            for name in self._answer_traits:
                if name in state:
                    try:
                        setattr(self, name, state[name])
                    except traitlets.TraitError:
                        pass
        handlers = {"check": self.check, "try_again": self.try_again, "solution": self.show_solution}
        try:
            # A hidden button's action is refused: a tutor who removes Show solution means it.
            if action in handlers and action in self.buttons:
                handlers[action]()
        finally:
            # The front end waits for this reply: none within seconds means the kernel has gone.
            acknowledge(self, action)

    def check(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def try_again(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def show_solution(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _announce(self, text: str) -> None:
        # Prefix with the attempt so that the same result twice still changes the
        # trait and is announced again.
        self.announcement = f"Attempt {self.attempts}: {text}" if self.phase == "checked" else text

    def _record(self, score: int, maximum: int, response: str | None = None) -> None:
        if self.task_id:
            progress.record_attempt(self.task_id, score, maximum, response=response)
