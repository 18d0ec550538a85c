"""What running every lesson under nbval costs against the same number of one-cell notebooks.

    python benchmarks/bench_nbval.py [--stack]

Both runs use the same pytest, nbval and kernel, so kernel start-up is in both; what is left is
the lessons' own work (imports, loading content, drawing charts). The baseline has as many notebooks as nbval
runs under `lessons/`, the tutor notes' notebook included; our package's bytecode is written first, as the
baseline's packages' is. Goal: at most 1.5x wall time.
It also prints the slowest cells of the lessons (from pytest's durations), to show where the
time goes.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, compile_bytecode, report_ratio

GOAL = 1.5


#: With --stack: what a one-cell notebook costs when it imports what every activity is built on (ipywidgets and anywidget), for context.
STACK_CELL = "import ipywidgets, anywidget\n1 + 1"


def one_cell_notebooks(folder: Path, count: int, source: str = "1 + 1") -> None:
    import nbformat

    for i in range(count):
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_code_cell(source)]
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(notebook, folder / f"control-{i:02d}.ipynb")


def run_nbval(target: str | Path, extra: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax", *extra, str(target)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-2000:])
        raise SystemExit("nbval failed; fix the lessons before measuring them")
    return elapsed, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--stack",
        action="store_true",
        help="also time one-cell notebooks that import ipywidgets and anywidget (context, not the goal)",
    )
    args = parser.parse_args(argv)
    compile_bytecode()
    # nbval runs over the whole folder, tutor notes included, so the baseline has one notebook for each it runs.
    lessons = sorted(p for p in (ROOT / "lessons").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        one_cell_notebooks(folder, len(lessons))
        control, _ = run_nbval(folder, ["--rootdir", scratch])
        ours, output = run_nbval("lessons", ["--nbval-sanitize-with", "tests/nbval-sanitize.cfg", "--durations=8"])
        if args.stack:
            stacked = Path(scratch) / "stack"
            stacked.mkdir()
            one_cell_notebooks(stacked, len(lessons), STACK_CELL)
            stack, _ = run_nbval(stacked, ["--rootdir", str(stacked)])
    print(f"{len(lessons)} notebooks (lessons and tutor notes) against {len(lessons)} one-cell notebooks")
    slowest = [line for line in output.splitlines() if re.match(r"^\s*\d+\.\d+s (call|setup)", line)]
    if slowest:
        print("slowest lesson cells:\n  " + "\n  ".join(slowest[:8]))
    if args.stack:
        print(
            f"context: one-cell notebooks importing ipywidgets and anywidget: {stack:.1f} s "
            f"({stack / control:.2f}x the plain ones); the lessons are {ours / stack:.2f}x that"
        )
    report_ratio("nbval over lessons / nbval over one-cell notebooks", ours, control, GOAL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
