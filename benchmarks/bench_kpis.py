"""Benchmark the KPI helpers against the same KPIs written inline in pandas.

Run from the repository root::

    python benchmarks/bench_kpis.py [--rows 1000000] [--repeats 5]

It generates the synthetic feedback data with ``data/feedback/generate.py``,
then times each helper in the ``widgets.feedback`` package and a plain vectorised
pandas/numpy version of the same calculation, in the same process on the same
frame. Each is repeated and the best time kept. The goal is helpers never
slower than the inline code (at most 1.0x); a missed goal is printed, not
raised, so that `make bench` runs every script.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from widgets import feedback as fd  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from _common import report_ratio  # noqa: E402

GOAL = 1.0  # never slower than the same KPIs written by hand in pandas


def load_generator():
    spec = importlib.util.spec_from_file_location("feedback_generate", ROOT / "data" / "feedback" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- the same KPIs, written directly ------------------------------------


def raw_csat(df):
    return (df["csat"] >= 4).mean() * 100


def raw_nps(df):
    r = df["recommend"]
    return ((r >= 9).mean() - (r <= 6).mean()) * 100


def raw_fcr(df):
    return df["resolved_first_contact"].mean() * 100


def raw_response_time(df):
    h = df["response_hours"]
    return pd.Series(
        {
            "responses": h.count(),
            "median_hours": h.median(),
            "mean_hours": h.mean(),
            "p90_hours": h.quantile(0.9),
            "pct_within_24h": (h.dropna() <= 24).mean() * 100,  # of the contacts that had a reply time
        }
    )


def raw_kpi_by_channel(df):
    work = pd.DataFrame(
        {
            "channel": df["channel"],
            "csat_pct": (df["csat"] >= 4) * 100.0,
            "nps": (df["recommend"] >= 9) * 100.0 - (df["recommend"] <= 6) * 100.0,
            "fcr_pct": df["resolved_first_contact"] * 100.0,
            # Only contacts that had a reply time count (business-initiated contacts have none).
            "pct_within_24h": ((df["response_hours"] <= 24) * 100.0).where(df["response_hours"].notna()),
            "repeat_purchase_pct": df["repeat_purchase_90d"] * 100.0,
            "hours": df["response_hours"],
        }
    )
    g = work.groupby("channel", observed=True)
    means = g[["csat_pct", "nps", "fcr_pct", "pct_within_24h", "repeat_purchase_pct"]].mean()
    table = pd.DataFrame(
        {
            "responses": g.size(),
            "csat_pct": means["csat_pct"],
            "nps": means["nps"],
            "fcr_pct": means["fcr_pct"],
            "median_response_hours": g["hours"].median(),
            "p90_response_hours": g["hours"].quantile(0.9),
            "pct_within_24h": means["pct_within_24h"],
            "repeat_purchase_pct": means["repeat_purchase_pct"],
        }
    )
    return table.round(1)


CASES = [
    ("csat", fd.csat, raw_csat),
    ("nps", fd.nps, raw_nps),
    ("first_contact_resolution", fd.first_contact_resolution, raw_fcr),
    ("response_time_summary", fd.response_time_summary, raw_response_time),
    ("kpi_table(by='channel')", lambda df: fd.kpi_table(df, by="channel"), raw_kpi_by_channel),
]


def best_time(func, df, repeats: int) -> tuple[float, object]:
    best, result = math.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func(df)
        best = min(best, time.perf_counter() - start)
    return best, result


def check_same(name, helper_result, raw_result) -> None:
    """Make sure both sides calculate the same thing before comparing speed."""
    if isinstance(helper_result, pd.DataFrame):
        pd.testing.assert_frame_equal(helper_result, raw_result, check_dtype=False, check_names=False)
    elif isinstance(helper_result, pd.Series):
        np.testing.assert_allclose(helper_result.to_numpy(float), raw_result.to_numpy(float), rtol=1e-9)
    else:
        assert math.isclose(helper_result, raw_result, rel_tol=1e-9), name


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    gen = load_generator()
    start = time.perf_counter()
    df, _ = gen.generate(rows=args.rows, seed=2026, personal_data=False)
    print(
        f"generated {len(df):,} rows in {time.perf_counter() - start:.2f} s "
        f"(pandas {pd.__version__}, numpy {np.__version__})"
    )
    print(f"best of {args.repeats} runs each\n")
    print(f"{'KPI':<28}{'helper (ms)':>13}{'inline (ms)':>13}{'ratio':>8}")

    total_helper = total_raw = 0.0
    for name, helper, raw in CASES:
        # warm both up once (imports, caches), then interleave timings
        check_same(name, helper(df), raw(df))
        t_helper, _ = best_time(helper, df, args.repeats)
        t_raw, _ = best_time(raw, df, args.repeats)
        total_helper += t_helper
        total_raw += t_raw
        print(f"{name:<28}{t_helper * 1000:>13.1f}{t_raw * 1000:>13.1f}{t_helper / t_raw:>7.2f}x")
    ratio = total_helper / total_raw
    print(f"{'total':<28}{total_helper * 1000:>13.1f}{total_raw * 1000:>13.1f}{ratio:>7.2f}x")
    print()
    report_ratio("KPI helpers / inline pandas", total_helper, total_raw, GOAL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
