"""Settings for every test run, including nbval's lesson kernels (they inherit this environment)."""

import os
import tempfile
from pathlib import Path

# Progress written by tests and by notebooks run under nbval must not land in the
# tester's own home folder, nor leak from one run into the next.
_scratch = Path(tempfile.mkdtemp(prefix="asl-test-"))
os.environ["AFTER_SALES_PROGRESS"] = str(_scratch / "progress.json")
os.environ.setdefault("MPLBACKEND", "Agg")
