"""How much disk the pack's runtime environment takes against the design card's packages alone.

    python benchmarks/bench_footprint.py

Builds two fresh virtual environments with pip (its cache makes a second run quick):
  ours      the pack as `make lab` installs it (the package with its `lab` extra, if defined)
  baseline  the design card's packages (jupyterlab, ipywidgets, nbval, graphviz, pandas,
            anywidget) plus the plotting library (matplotlib), at the versions ours resolved
and compares the size of their site-packages folders. Goal: at most 1.05x. Needs PyPI (or a
warm pip cache); prints why and exits 0 without a ratio when it cannot install.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import tomllib
import venv
from pathlib import Path

from _common import ROOT, report_ratio

GOAL = 1.05
DESIGN_CARD = ("jupyterlab", "ipywidgets", "nbval", "graphviz", "pandas", "anywidget", "matplotlib")


def site_packages(env: Path) -> Path:
    return next(env.glob("lib/python*/site-packages"))


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def pip(env: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(env / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", *args], capture_output=True, text=True
    )


def main() -> int:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"].get("optional-dependencies", {})
    target = f"{ROOT}[lab]" if "lab" in extras else str(ROOT)
    with tempfile.TemporaryDirectory() as scratch:
        ours, base = Path(scratch) / "ours", Path(scratch) / "base"
        for env in (ours, base):
            venv.create(env, with_pip=True)
        done = pip(ours, "install", "-q", target)
        if done.returncode:
            print("could not install the pack (no PyPI and no pip cache?):\n" + done.stderr[-1500:])
            return 0
        frozen = {line.split("==")[0].lower(): line for line in pip(ours, "freeze").stdout.splitlines() if "==" in line}
        wanted = [frozen.get(name, name) for name in DESIGN_CARD]
        done = pip(base, "install", "-q", *wanted)
        if done.returncode:
            print("could not install the design card's packages:\n" + done.stderr[-1500:])
            return 0
        ours_mb, base_mb = size_of(site_packages(ours)) / 1e6, size_of(site_packages(base)) / 1e6
        extra = sorted(set(frozen) - {line.split("==")[0].lower() for line in pip(base, "freeze").stdout.splitlines()})
    print(f"ours: {target.replace(str(ROOT), '.')}; baseline: {' '.join(wanted)}")
    print(f"packages only in ours: {', '.join(extra) or 'none'}")
    report_ratio("install footprint, ours / design card + matplotlib", ours_mb, base_mb, GOAL, unit="MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
