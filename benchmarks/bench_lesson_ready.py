"""How long a lesson takes from Run All to every activity drawn, against stock ipywidgets.

    python benchmarks/bench_lesson_ready.py [--repeats 2] [--lessons 01 05]

Starts JupyterLab on a free loopback port (the browser tests' harness) and drives Debian's
Chromium. For each lesson it also writes a control notebook holding the same number of stock
ipywidgets (a VBox with a label and a button per activity) and times both the same way: open,
wait for an idle kernel, Run All, stop when every cell has run and every widget is on screen.
Runs alternate lesson and control; the medians are compared. Goal: at most 1.25x.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, compile_bytecode, median, report_ratio

from harness import CHROMIUM_ARGS, running_lab, wait_for_idle_kernel, write_notebook

GOAL = 1.25
CHROMIUM = "/usr/bin/chromium"


def activities_in(path: Path) -> int:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return sum("from_content(" in "".join(c["source"]) for c in cells if c["cell_type"] == "code")


def time_run_all(page, lab, path: str, selector: str, expected: int) -> float:
    page.goto(lab.notebook_url(path))
    page.locator(".jp-NotebookPanel").first.wait_for()
    wait_for_idle_kernel(lab, path)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(state="attached")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    start = time.perf_counter()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    page.wait_for_function(
        """([selector, expected]) => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map((p) => p.textContent);
            return prompts.every((text) => /\\[\\d+\\]/.test(text)) && document.querySelectorAll(selector).length >= expected;
        }""",
        arg=[selector, expected],
        timeout=180_000,
    )
    elapsed = time.perf_counter() - start
    lab.shutdown_sessions()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--lessons", nargs="*", help="lesson number prefixes (default: every lesson with an activity)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    compile_bytecode()
    lessons = [p for p in sorted((ROOT / "lessons").glob("*.ipynb")) if activities_in(p)]
    if args.lessons:
        lessons = [p for p in lessons if any(p.name.startswith(prefix) for prefix in args.lessons)]
    totals_ours, totals_control = [], []
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        root = Path(scratch)
        shutil.copytree(ROOT / "lessons", root / "lessons")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        with running_lab(root) as lab:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            print(f"{'lesson':<52} {'widgets':>7} {'lesson s':>9} {'control s':>9} {'ratio':>6}")
            for lesson in lessons:
                count = activities_in(lesson)
                control = write_notebook(
                    lab,
                    f"control-{lesson.stem}.ipynb",
                    "import ipywidgets as w",
                    *[
                        f"w.VBox([w.HTML('<b>Activity {i}</b>'), w.Button(description='Check {i}')])"
                        for i in range(count)
                    ],
                )
                ours, base = [], []
                for _ in range(args.repeats):
                    ours.append(time_run_all(page, lab, f"lessons/{lesson.name}", ".asl-task", count))
                    base.append(time_run_all(page, lab, control, ".jupyter-button", count))
                totals_ours.append(median(ours))
                totals_control.append(median(base))
                print(
                    f"{lesson.stem:<52} {count:>7} {median(ours):>9.2f} {median(base):>9.2f} {median(ours) / median(base):>6.2f}"
                )
        browser.close()
    report_ratio(
        "lesson ready (Run All to every widget drawn) / stock ipywidgets", sum(totals_ours), sum(totals_control), GOAL
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
