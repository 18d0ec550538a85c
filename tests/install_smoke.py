"""Smoke test for an installed copy of the pack: import it and build every kind of activity.

Run by ``make test-install`` inside a fresh virtual environment that holds only the
runtime dependencies, at the OLDEST versions pyproject.toml allows, and the package
installed with ``pip install .`` (not editable). It runs from outside the checkout, so
``import widgets`` finds the installed copy; the content comes from the checkout's
``data/`` through ``AFTER_SALES_DATA_DIR``. No kernel, no JupyterLab: if a lower bound
in pyproject.toml is too old for an API the code uses, this is where it shows.

It also runs the installed tutor's command, ``after-sales --help`` and ``after-sales check``,
as a tutor would: the console script pip put beside this Python, not the checkout's code.

Not collected by pytest (no ``test_`` prefix): the unit layer runs in the full environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

CHECKOUT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path.cwd()


def main() -> int:
    import widgets

    where = Path(widgets.__file__).resolve()
    if where.parent == CHECKOUT / "widgets":
        print(f"FAIL: imported the checkout ({where}), not the installed package", file=sys.stderr)
        return 1
    runtime = ("anywidget", "ipywidgets", "traitlets", "numpy", "pandas", "matplotlib", "filelock")
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in runtime)
    print(f"installed: {where.parent}\nversions: {versions}")

    from widgets import (
        FeedbackExplorer,
        FlowBuildTask,
        Flowchart,
        MockPaper,
        OrderTask,
        Question,
        ScenarioTask,
        SortTask,
        WrittenAnswer,
    )
    from widgets.feedback import load_feedback

    # data/ is not inside the installed package: read the checkout's dataset by path.
    feedback = load_feedback(CHECKOUT / "data" / "feedback" / "feedback.csv")

    built = {
        "OrderTask": OrderTask.from_content("after-sales-stages"),
        "SortTask": SortTask.from_content("before-during-after-sale"),
        "Question": Question.from_content("change-of-mind"),
        "Flowchart": Flowchart.from_content("after-sales-process"),
        "FlowBuildTask": FlowBuildTask.from_content("after-sales-process"),
        "FeedbackExplorer": FeedbackExplorer(feedback),
        "WrittenAnswer": WrittenAnswer.from_content("two-feedback-methods"),
        "ScenarioTask": ScenarioTask.from_content("faulty-kettle-within-30-days"),
    }
    failures = []
    for name, activity in built.items():
        if type(activity).__name__ != name:  # a ContentNotice in place of the activity
            failures.append(f"{name}: got {activity!r}")
        elif not activity._esm:
            failures.append(f"{name}: no front-end module")
        else:
            print(f"built: {activity!r}")

    # One action through each layer the learner relies on: scoring (an order put right scores
    # full marks) and the pandas/matplotlib path (a filter changes the KPI cards and redraws).
    order = built["OrderTask"]
    if type(order).__name__ == "OrderTask":
        order.order = list(order._expected)
        order.check()
        if order.result is None or order.score != order.result.maximum:
            failures.append(f"OrderTask: the right order scored {order.score}")
    written = built["WrittenAnswer"]
    if type(written).__name__ == "WrittenAnswer" and not written.spec.score(written.spec.model_answer).complete:
        failures.append("WrittenAnswer: the rubric did not give the model answer full marks")
    paper = MockPaper.from_content("mock-assessment")
    if type(paper).__name__ != "MockPaper" or not paper.submit_button._esm:
        failures.append(f"MockPaper: got {paper!r}")
    scenario = built["ScenarioTask"]
    if type(scenario).__name__ == "ScenarioTask":
        from widgets.scoring.scenario import best_path

        for index in best_path(scenario.spec.graph):
            scenario.choose(index)
        if scenario.score != scenario.maximum:
            failures.append(f"ScenarioTask: the best route scored {scenario.score} of {scenario.maximum}")
    explorer = built["FeedbackExplorer"]
    if type(explorer).__name__ == "FeedbackExplorer" and (not feedback.ok or len(explorer.filtered) != 600):
        failures.append(
            f"FeedbackExplorer: {len(explorer.filtered)} of the dataset's 600 rows loaded ({feedback.problems[:3]})"
        )
    elif type(explorer).__name__ == "FeedbackExplorer":
        before = [card["value"] for card in explorer.cards]
        chart_before = explorer.chart
        explorer.channel = explorer.choices["channel"]["options"][1][0]
        after = [card["value"] for card in explorer.cards]
        if before == after or explorer.chart == chart_before or not explorer.chart.get("values"):
            failures.append(f"FeedbackExplorer: filtering did not update the cards ({before} -> {after}) or the chart")

    commands = command_line_failures()
    failures += commands

    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    print(f"{len(built) + 3 - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


def command_line_failures() -> list[str]:
    """Run the installed ``after-sales``: its help, a content check, and the sentence it gives with no content."""
    name = "after-sales.exe" if os.name == "nt" else "after-sales"
    script = Path(sysconfig.get_path("scripts")) / name
    if not script.is_file():
        return [f"after-sales: pip installed no console script at {script}"]
    failures = []

    def run(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([str(script), *argv], capture_output=True, text=True, env=env, timeout=300)

    shown = run("--help")
    listed = ("check", "worksheets", "moodle", "rolecards", "class-report", "lab", "app")
    if shown.returncode != 0 or not all(f"  {command} " in shown.stdout for command in listed):
        failures.append(f"after-sales --help: exit {shown.returncode}, {shown.stdout[-300:]!r} {shown.stderr[-300:]!r}")
    else:
        print("ran: after-sales --help")
    checked = run("check")
    if checked.returncode != 0 or not checked.stdout.startswith("All content is valid"):
        failures.append(
            f"after-sales check: exit {checked.returncode}, {checked.stdout[-300:]!r} {checked.stderr[-300:]!r}"
        )
    else:
        print(f"ran: after-sales check: {checked.stdout.strip()}")
    # An installed copy has no data/ of its own: without AFTER_SALES_DATA_DIR it must say so, not pass.
    bare = run("check", env={k: v for k, v in os.environ.items() if k != "AFTER_SALES_DATA_DIR"})
    if bare.returncode != 2 or "set AFTER_SALES_DATA_DIR" not in bare.stderr or "Traceback" in bare.stderr:
        failures.append(f"after-sales check without content: exit {bare.returncode}, {bare.stderr[-300:]!r}")
    else:
        print(f"ran: after-sales check without content: {bare.stderr.strip()}")
    return failures


if __name__ == "__main__":
    raise SystemExit(main())
