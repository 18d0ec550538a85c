"""Every unit test starts with an empty progress store of its own.

Activities resume from the learner's progress file, so a test that checks an activity
would otherwise see what an earlier test saved and pass or fail by the order they ran in.
"""

import pytest


@pytest.fixture(autouse=True)
def own_progress_file(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("AFTER_SALES_TUTOR", raising=False)
    monkeypatch.delenv("AFTER_SALES_FEEDBACK_FILE", raising=False)  # a tutor's own file must not reach the tests
