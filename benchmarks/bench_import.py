"""How much ``import widgets`` costs against importing what it is built on (ipywidgets and anywidget).

    python benchmarks/bench_import.py [--repeats 15]

Each import runs in a fresh interpreter, alternating the two so that a burst of load on a
shared machine hits both alike; the median of each is compared. Goal: at most 1.2x. A lesson
kernel has IPython loaded already, so the baseline includes it too (``import IPython`` first
in both).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from _common import ROOT, compile_bytecode, median, report_ratio

GOAL = 1.2
BASELINE = "import IPython, ipywidgets, anywidget"
OURS = "import IPython, ipywidgets, anywidget, widgets"


def timed(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    compile_bytecode()
    timed(OURS)  # warm the file cache for both
    ours, base = [], []
    for _ in range(args.repeats):
        base.append(timed(BASELINE))
        ours.append(timed(OURS))
    heavy = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, widgets; print(sorted(m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.strip()
    print(f"median of {args.repeats} fresh interpreters each; heavy modules loaded by import widgets: {heavy}")
    report_ratio("import widgets / import ipywidgets, anywidget", median(ours), median(base), GOAL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
