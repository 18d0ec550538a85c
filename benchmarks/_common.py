"""What every benchmark shares: the repository on sys.path, robust statistics, and one way to print a ratio."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "tests" / "browser"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def median(values) -> float:
    return statistics.median(values)


def p95(values) -> float:
    """The 95th percentile (nearest rank), so one slow outlier in 50 does not hide."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def verdict(ratio: float, goal: float) -> str:
    return "goal met" if ratio <= goal else "GOAL MISSED"


def report_ratio(name: str, ours: float, baseline: float, goal: float, unit: str = "s") -> float:
    """Print one line: both measurements, their ratio, and the goal beside it. Returns the ratio."""
    ratio = ours / baseline if baseline else float("inf")
    print(
        f"RATIO {name}: {ratio:.2f}x (ours {ours:.3f} {unit}, baseline {baseline:.3f} {unit}; goal at most {goal:.2f}x: {verdict(ratio, goal)})"
    )
    return ratio


def compile_bytecode() -> None:
    """Write the ``widgets`` package's bytecode (``__pycache__``, ignored by git) before timing it.

    Learners run the pack with its bytecode written (pip compiles an installed package, and Python
    writes it on first import), as the baselines' packages already are in site-packages. Where
    ``PYTHONDONTWRITEBYTECODE`` is set, as on the shared development machine, every kernel would
    otherwise compile our 60-odd modules from source again (about 0.1-0.2 s a kernel).
    """
    import compileall

    compileall.compile_dir(ROOT / "widgets", quiet=1)
