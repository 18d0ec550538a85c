"""Benchmark the rubric scorer: is marking time bounded however long the answer?

Run from the repository root::

    python benchmarks/bench_rubric.py [--repeats 5]

For every written question in ``data/written`` it times marking the model answer, then marks a
very long answer (the model answer repeated to about 1,000,000 characters) and prints the ratio
of the two. Only the first 20,000 characters of an answer are marked, so the ratio stays small;
the script exits with status 1 if the worst long answer takes more than 2 seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from widgets.content import load_kind  # noqa: E402


def best_of(repeats: int, action) -> float:
    """The best wall-clock time of ``repeats`` runs, in seconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    worst = 0.0
    print(f"{'question':32} {'model ms':>9} {'1M chars ms':>12} {'ratio':>7}")
    for spec in load_kind("written").values():
        long_answer = (spec.model_answer + "\n") * (1_000_000 // (len(spec.model_answer) + 1) + 1)
        short = best_of(args.repeats, lambda spec=spec: spec.score(spec.model_answer))
        very_long = best_of(args.repeats, lambda spec=spec, text=long_answer: spec.score(text))
        worst = max(worst, very_long)
        print(f"{spec.id:32} {1000 * short:9.2f} {1000 * very_long:12.2f} {very_long / short:7.1f}")
    print(f"worst very long answer: {worst:.3f} s")
    return 0 if worst <= 2.0 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
