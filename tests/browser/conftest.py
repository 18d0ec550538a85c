"""Browser test harness: a real JupyterLab on a free loopback port, driven by Playwright + Chromium.

The server serves a temporary copy of lessons/ so that autosave can never write
outputs into the committed notebooks. Under ``CI=true`` a missing browser fails
the run; elsewhere it skips with the command that installs it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from harness import CHROMIUM_ARGS, Lab, LabDidNotStart, running_lab

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("ASL_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    message = f"Chromium not found at {CHROMIUM}; install the Debian package 'chromium' (make test does this as root)."
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message + " Browser tests must run in CI.")
    pytest.skip(message)


@pytest.fixture(scope="session")
def lab(tmp_path_factory, chromium_path) -> Lab:
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copytree(REPO / "lessons", root / "lessons")
    try:
        with running_lab(root) as server:
            yield server
    except LabDidNotStart as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright for the whole run: a second sync_playwright() in the same thread fails."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver, chromium_path):
    chromium = playwright_driver.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS, headless=True)
    yield chromium
    chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def page(browser, lab, request):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.dialogs = []  # any alert() a hostile label manages to run ends up here

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        # Keep what the learner would have seen, for the CI log and for a human.
        artifacts = REPO / ".test-artifacts"
        artifacts.mkdir(exist_ok=True)
        page.screenshot(path=str(artifacts / f"{request.node.name}.png"), full_page=True)
        print(f"screenshot: {artifacts / (request.node.name + '.png')}")
    context.close()
    lab.shutdown_sessions()
    # Activities resume from the progress file: each test starts with none, as a new learner would.
    (lab.root / "progress.json").unlink(missing_ok=True)
