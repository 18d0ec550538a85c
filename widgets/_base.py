"""What every activity widget shares: the button bar, feedback, announcements, loading.

A task widget subclasses :class:`TaskWidget`, declares ``_content`` (its kind of content,
a :class:`~widgets.content_kind.ContentKind`) and ``_static`` (its front-end file stem), and implements ``check``,
``try_again`` and ``show_solution``. The front end is assembled here from
``static/common.js`` (helpers every widget uses) followed by the widget's own
module, because anywidget loads exactly one ES module per widget class and
relative imports between our own files would not resolve at run time.
"""

from __future__ import annotations

import atexit
import copy
import json
import os
import signal
import threading
import time
import zlib
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from .progress import store as progress
from .content_kind import ContentKind, ContentNotice, find_entry

STATIC = Path(__file__).resolve().parent / "static"
BUTTONS = ("check", "try_again", "solution")
#: Shown by the activity itself, never chosen in content: Start again appears when an answer is resumed.
START_AGAIN = "start_again"
#: The Tutor view toggle's action: only in tutor mode, whatever buttons the content shows.
TUTOR_VIEW = "tutor_view"
PHASES = ("working", "checked", "solution")
#: The one switch for tutor mode: activities open with their solution and explanations shown.
TUTOR_ENV = "AFTER_SALES_TUTOR"
#: The first move after this many seconds of quiet is saved straight after the kernel's reply; moves
#: that follow it sooner (typing, a run of arrow keys) are saved once this long after the last of them.
DRAFT_DELAY = 0.8


def tutor_mode() -> bool:
    """True when the environment variable AFTER_SALES_TUTOR is 1 (or true, yes, on): for preparing and projecting."""
    return os.environ.get(TUTOR_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def default_seed(task_id: str) -> int:
    """The same starting order for the same activity on every machine and run (seeds every shuffle)."""
    return zlib.crc32(task_id.encode("utf-8"))


def assemble(stem: str, suffix: str, *shared: str) -> str:
    """The shared front-end file, then any further shared files named in ``shared``, then one widget's own, as one text."""
    return "\n".join((STATIC / f"{name}{suffix}").read_text(encoding="utf-8") for name in ("common", *shared, stem))


def front_end(stem: str, *shared: str) -> str:
    """One kind of widget's ES module (``assemble(stem, ".js", ...)``), carrying its style sheet.

    The style sheet (``assemble(stem, ".css", ...)``) is put in the page by the module, once per
    version (``aslAdoptStyle`` in common.js), rather than through anywidget's ``_css``: anywidget
    0.11 writes a widget's ``_css`` into its ``<style>`` again for every instance it draws, and each
    write makes the browser re-read the sheet and re-style the whole page, 6-7 ms each with lesson 10
    open in JupyterLab (measured on the shared 2-core machine, 2026-12-07): a lesson of 16 activities
    re-styled itself 16 times while it drew. The rules and where they apply are unchanged.
    """
    css = assemble(stem, ".css", *shared)
    version = f"{zlib.crc32(css.encode('utf-8')):08x}"
    adopt = f"aslAdoptStyle({json.dumps('asl-style-' + stem)}, {json.dumps(version)}, {json.dumps(css)});"
    return assemble(stem, ".js", *shared) + "\n" + adopt + "\n"


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

    #: The kind of content the activity is built from (``ORDERING``, ...), set by each activity.
    _content: ContentKind
    #: Traits holding the learner's answer; an action message may carry their latest values.
    _answer_traits: tuple[str, ...] = ()
    #: Traits saved in the progress store and restored on resume (defaults to _answer_traits).
    _stored_traits: tuple[str, ...] | None = None
    #: Activities with a draft waiting to be saved, by task id (a re-run cell saves it first).
    _pending_drafts: dict[str, "TaskWidget"] = {}

    task_id = traitlets.Unicode("", help="The activity's stable id from the content file.").tag(sync=True)
    title = traitlets.Unicode("", help="Heading shown above the activity.").tag(sync=True)
    instructions = traitlets.Unicode("", help="What the learner is asked to do.").tag(sync=True)
    buttons = traitlets.List(traitlets.Unicode(), help="Which of check, try_again, solution are shown.").tag(sync=True)
    phase = traitlets.Unicode("working", help="working, checked (marks shown) or solution (answer shown).").tag(
        sync=True
    )
    summary = traitlets.Unicode("", help="The result line shown after Check or Show solution.").tag(sync=True)
    summary_ok = traitlets.Bool(False, help="True when the last check was fully right.").tag(sync=True)
    announcement = traitlets.Unicode("", help="Text for screen readers (aria-live).").tag(sync=True)
    attempts = traitlets.Int(0, help="How many times the learner has pressed Check.").tag(sync=True)
    tutor = traitlets.Bool(False, help="Tutor mode is on for this session: the bar shows the Tutor view toggle.").tag(
        sync=True
    )
    tutor_view = traitlets.Bool(False, help="In tutor mode: the answer and explanations are on show.").tag(sync=True)

    def __init__(self, **kwargs: Any):
        #: The last checked result (anything with .score and .maximum), None before Check.
        self._result = None
        #: Whether the solution has been on show in this activity (recorded with each attempt).
        self._solution_seen = False
        #: Progress-store sentences already shown in this activity (each is said once).
        self._store_told: set[str] = set()
        super().__init__(**kwargs)
        self.on_msg(self._on_front_end_message)

    @property
    def _kind(self) -> str:
        """The content folder, which the progress file records as the activity's kind."""
        return self._content.folder

    @property
    def score(self) -> int | None:
        """The last checked score, or None before the first Check."""
        return None if self._result is None else self._result.score

    @property
    def result(self):
        """The full result of the last Check (score, maximum and per-item verdicts), or None."""
        return self._result

    def how_did_i_do(self) -> None:
        """Print, in plain words, how often you pressed Check, your score at the last Check and your answer now."""
        print("\n".join(self._how_did_i_do_lines()))

    def _how_did_i_do_lines(self) -> list[str]:
        """The lines :meth:`how_did_i_do` prints; each kind of activity adds where the answer stands now."""
        lines = [f"Times you pressed Check: {self.attempts}"]
        if self._result is None:
            lines.append("No score yet: press Check in the activity, then run this cell again.")
        else:
            lines.append(f"Score at your last Check: {self._result.score} out of {self._result.maximum}")
        return lines

    def _repr_score(self) -> str:
        """The ", score 3/5" part of a task's repr, once it has been checked."""
        return "" if self._result is None else f", score {self._result.score}/{self._result.maximum}"

    @traitlets.validate("buttons")
    def _valid_buttons(self, proposal):
        unknown = [b for b in proposal["value"] if b not in (*BUTTONS, START_AGAIN)]
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
        spec, problems = find_entry(cls._content, task_id)
        if spec is None:
            return ContentNotice(task_id, problems)
        resume = options.pop("resume", True)
        widget = cls.from_spec(spec, **options)
        widget._open(resume=resume)
        return widget

    @classmethod
    def from_spec(cls, spec: Any, **options: Any):  # pragma: no cover - each subclass defines it
        raise NotImplementedError

    # ------------------------------------------------------------------ actions

    def _on_front_end_message(self, _widget, content, _buffers) -> None:
        action = content.get("action") if isinstance(content, dict) else None
        state = content.get("state") if isinstance(content, dict) else None
        handlers = {
            "check": self.check,
            "try_again": self.try_again,
            "solution": self.show_solution,
            START_AGAIN: self.start_again,
        }
        try:
            # Everything an action changes goes back as one update, not one message per trait:
            # the front end draws the feedback once, and nothing waits behind a queue of updates.
            with self.hold_sync():
                if isinstance(state, dict):
                    # The front end sends the answer it is showing, so a state update still in
                    # flight cannot make Check score an older answer. Values are validated as usual.
                    for name in self._answer_traits:
                        if name in state:
                            try:
                                setattr(self, name, state[name])
                            except traitlets.TraitError:
                                pass
                # A hidden button's action is refused: a tutor who removes Show solution means it.
                if action in handlers and action in self.buttons:
                    handlers[action]()
                elif action == TUTOR_VIEW and self.tutor:
                    self.set_tutor_view(not self.tutor_view)
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

    # ------------------------------------------------------------------ progress store

    @traitlets.observe("phase")
    def _note_solution_seen(self, change) -> None:
        if change["new"] == "solution":
            self._solution_seen = True
        if self.tutor:  # Show solution or Try again pressed in tutor mode: the toggle says what is on show
            self.tutor_view = self._answer_on_show()

    def _answer_on_show(self) -> bool:
        """Whether the answer is on show now, as the Tutor view toggle says; an activity may override it."""
        return self.phase == "solution"

    def _answer_for_store(self) -> dict:
        """The learner's answer as plain data for the progress store; widgets may override."""
        names = self._answer_traits if self._stored_traits is None else self._stored_traits
        return {name: getattr(self, name) for name in names}

    def _restore_answer(self, saved: dict) -> bool:
        """Put a stored answer back; a value the activity no longer accepts is left out. True if any came back."""
        restored = False
        for name in self._answer_for_store():
            if name in saved and saved[name] != getattr(self, name):
                try:
                    setattr(self, name, saved[name])
                    restored = True
                except (traitlets.TraitError, TypeError, ValueError):
                    pass
        return restored

    # ------------------------------------------------------------------ resume and tutor mode

    def _open(self, *, resume: bool = True) -> None:
        """Called once an activity is built from content: tutor mode, or the learner's last answer back."""
        if tutor_mode():
            self.tutor = True
            self.set_tutor_view(True)
            return
        self._fresh_answer = self._answer_for_store()
        self._draft_timer: threading.Timer | None = None
        self._draft_store = progress.progress_path()  # a draft saved later goes to the store this activity opened
        waiting = TaskWidget._pending_drafts.pop(self.task_id, None)
        if waiting is not None:
            waiting.save_draft()  # the same activity shown again in this kernel: keep its latest move
        saved = progress.last_answer(self.task_id) if (resume and self.task_id) else None
        if saved and self._restore_answer(saved):
            self.buttons = [*self.buttons, START_AGAIN]
            self.summary = "Your answer from last time is back. Press Start again for a clean attempt."
            self.summary_ok = True
            self.announcement = self.summary
        self.observe(self._answer_moved, names=list(self._fresh_answer))

    def set_tutor_view(self, shown: bool) -> None:
        """In tutor mode, show the answer and explanations (True), or the activity as learners see it (False).

        The Tutor view toggle in the activity's bar calls this, so a tutor presenting the slides can let
        the class try an activity first and reveal the answer on the same slide.
        """
        if not self.tutor:
            return
        if shown:
            self.show_solution()
            self.summary = "Tutor mode: " + self.summary
            self.announcement = self.summary
        else:
            self.try_again()
            self.announcement = "Tutor view off: the activity as learners see it, answers hidden."
        self.tutor_view = shown

    def _answer_moved(self, change) -> None:
        # Saved as it changes, so closing the tab or a restart keeps work that was never checked.
        if self.phase == "solution" or not self.task_id or getattr(self, "_restoring", False):
            return
        if self._draft_timer is not None:
            self._draft_timer.cancel()
        TaskWidget._pending_drafts[self.task_id] = self
        now = time.monotonic()
        if now - getattr(self, "_draft_saved_at", float("-inf")) >= DRAFT_DELAY:
            # A move after a quiet spell (the usual case): saved as soon as the kernel has replied, so a
            # tab closed straight after it loses nothing even if the kernel is then stopped hard.
            self._draft_saved_at = now
            progress.save_after_reply(self._save_draft_now, lambda outcome: self._tell_store_notes(outcome.notes))
            return
        # One of a quick run (typing): saved once, a moment after the last of them.
        self._draft_timer = threading.Timer(DRAFT_DELAY, self.save_draft)
        self._draft_timer.daemon = True
        self._draft_timer.start()

    def save_draft(self) -> bool:
        """Save the answer on show now (it comes back when the activity is opened again)."""
        return bool(self._save_draft_now())

    def _save_draft_now(self) -> progress.SaveOutcome:
        self._cancel_draft()
        self._draft_saved_at = time.monotonic()
        if not self.task_id:
            return progress.SaveOutcome(False, [])
        store = getattr(self, "_draft_store", None)
        return progress.save_draft(self.task_id, self._answer_for_store(), store, kind=self._kind)

    def _cancel_draft(self) -> None:
        if getattr(self, "_draft_timer", None) is not None:
            self._draft_timer.cancel()
        if TaskWidget._pending_drafts.get(self.task_id) is self:
            TaskWidget._pending_drafts.pop(self.task_id, None)

    def start_again(self) -> None:
        """Forget the resumed answer: the activity opens fresh from now on (recorded attempts stay)."""
        if self.task_id:
            progress.start_again(self.task_id)
        self.try_again()
        self._restoring = True
        try:
            self._restore_answer(getattr(self, "_fresh_answer", {}))
        finally:
            self._restoring = False
        self.buttons = [b for b in self.buttons if b != START_AGAIN]
        self.summary, self.summary_ok = "", False
        self.announcement = "Started again with a clean attempt."

    def _record(self, score: int, maximum: int, response: str | None = None, points: list[int] | None = None) -> None:
        if not self.task_id:
            return
        self._cancel_draft()  # the attempt below holds this answer
        # Taken now: the learner may move on before the save runs.
        task_id, answer, kind, shown = (
            self.task_id,
            copy.deepcopy(self._answer_for_store()),
            self._kind,
            self._solution_seen,
        )
        points = list(points) if points is not None else None
        store = progress.progress_path()
        # The feedback is already set; the save runs right after the kernel has sent it (progress.save_after_reply).
        progress.save_after_reply(
            lambda: progress.record_attempt(
                task_id,
                score,
                maximum,
                store,
                response,
                answer=answer,
                kind=kind,
                solution_shown=shown,
                points=points,
            ),
            lambda outcome: self._tell_store_notes(outcome.notes),
        )

    def _tell_store_notes(self, notes: list[str]) -> None:
        """Add each new store sentence (not saved, file moved aside) once to the result line and the announcement."""
        fresh = [note for note in notes if note not in self._store_told]
        if fresh:
            self._store_told.update(fresh)
            self.summary = " ".join([self.summary, *fresh]).strip()
            self.announcement = " ".join([self.announcement, *fresh]).strip()


def _save_waiting_drafts() -> None:
    """When the kernel exits (Voilà shuts it down as the tab closes), save every draft still waiting for its delay."""
    for widget in list(TaskWidget._pending_drafts.values()):
        try:
            widget.save_draft()
        except Exception:  # one draft that cannot be saved must not stop the others
            pass


atexit.register(_save_waiting_drafts)


def _save_drafts_when_terminated() -> None:
    """Save waiting drafts on SIGTERM too: a kernel slow to stop after Voilà's shutdown request is sent
    SIGTERM, which ends Python without running atexit. The handler saves, then does what was there before."""
    try:
        before = signal.getsignal(signal.SIGTERM)
    except (AttributeError, ValueError):  # no SIGTERM on this platform
        return
    if before is signal.SIG_IGN or getattr(before, "_asl_saves_drafts", False):
        return

    def save_then_stop(signum, frame):
        _save_waiting_drafts()
        progress.run_waiting_saves()
        if callable(before):
            before(signum, frame)
            return
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)

    save_then_stop._asl_saves_drafts = True  # type: ignore[attr-defined]
    try:
        signal.signal(signal.SIGTERM, save_then_stop)
    except ValueError:  # imported outside the main thread: atexit still saves on a clean stop
        pass


_save_drafts_when_terminated()
