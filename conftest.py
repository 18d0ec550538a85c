"""Settings for every test run, including nbval's lesson kernels (they inherit this environment)."""

import os
import tempfile
from pathlib import Path

# Progress written by tests and by notebooks run under nbval must not land in the
# tester's own home folder, nor leak from one run into the next.
_scratch = Path(tempfile.mkdtemp(prefix="asl-test-"))
os.environ["AFTER_SALES_PROGRESS"] = str(_scratch / "progress.json")
os.environ.setdefault("MPLBACKEND", "Agg")
# Derived files kept between kernels (the English word list) go to the same scratch folder: made once per run.
os.environ.setdefault("AFTER_SALES_CACHE", str(_scratch / "cache"))


def pytest_terminal_summary(terminalreporter):
    """After a run that checked the syllabus map, say how much of it is still only planned."""
    ran = any(
        "test_seed_coverage" in report.nodeid
        for reports in terminalreporter.stats.values()
        for report in reports
        if hasattr(report, "nodeid")
    )
    if not ran:
        return
    import tomllib

    entries = tomllib.loads((Path(__file__).parent / "data" / "seed-coverage.toml").read_text(encoding="utf-8"))["line"]
    planned = [e for e in entries if "planned" in e]
    full = [e for e in entries if "taught_in" in e and e.get("checked_by") and "gaps" not in e]
    terminalreporter.write_sep("-", "syllabus coverage")
    terminalreporter.write_line(
        f"{len(entries)} seed lines: {len(full)} full (taught, practised and checked), "
        f"{len(entries) - len(planned) - len(full)} with gaps, {len(planned)} still only planned"
        + (f" ({', '.join(sorted({e['planned'] for e in planned}))})" if planned else "")
    )
