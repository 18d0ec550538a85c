"""Time the pack's flowchart render path against running ``dot -Tsvg`` by hand on the same DOT.

    python benchmarks/bench_render.py [--repeats 15]

For every chart in data/flowcharts it measures, best of N runs:
  to_dot      building the DOT text alone
  pack        to_dot + render_svg (what a lesson does)
  raw dot     subprocess.run(["dot", "-Tsvg"]) on the already-built DOT
and prints absolute times and the ratio pack / raw dot, all from this one run.
The ratio shows what the pack adds on top of Graphviz itself (it should be close to 1).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from widgets.activities.flowchart import dot_available, load_charts, render_svg, to_dot

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import report_ratio

GOAL = 1.1


def best_of(repeats: int, action) -> float:
    """The fastest of ``repeats`` timed calls, in seconds (least disturbed by other load)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="runs per measurement; the best is kept")
    args = parser.parse_args(argv)

    dot = shutil.which("dot")
    if dot is None or not dot_available():
        print(
            "Graphviz 'dot' is not installed (or AFTER_SALES_NO_DOT is set): nothing to compare; charts are drawn in the browser."
        )
        return 0
    version = subprocess.run([dot, "-V"], capture_output=True, text=True, check=False).stderr.strip()
    charts = load_charts()
    print(f"{version}; best of {args.repeats} runs per row\n")
    print(f"{'chart':<28} {'to_dot':>10} {'pack':>10} {'raw dot':>10} {'pack/raw':>9}")

    total_pack = total_raw = 0.0
    for chart_id, chart in sorted(charts.items()):
        source = to_dot(chart)
        raw_input = source.encode("utf-8")

        def pack(chart=chart):
            assert render_svg(to_dot(chart)) is not None

        def raw(raw_input=raw_input):
            subprocess.run([dot, "-Tsvg"], input=raw_input, capture_output=True, check=True)

        build = best_of(args.repeats * 20, lambda chart=chart: to_dot(chart))
        pack_time = best_of(args.repeats, pack)
        raw_time = best_of(args.repeats, raw)
        total_pack += pack_time
        total_raw += raw_time
        print(
            f"{chart_id:<28} {build * 1e3:>8.3f}ms {pack_time * 1e3:>8.2f}ms {raw_time * 1e3:>8.2f}ms {pack_time / raw_time:>8.2f}x"
        )

    print(
        f"{'all charts':<28} {'':>10} {total_pack * 1e3:>8.2f}ms {total_raw * 1e3:>8.2f}ms {total_pack / total_raw:>8.2f}x"
    )
    report_ratio("flowchart rendering, pack / raw dot -Tsvg", total_pack, total_raw, GOAL)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
