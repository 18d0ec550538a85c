"""Browser test harness: a real JupyterLab on a free loopback port, driven by Playwright + Chromium.

The server serves a temporary copy of lessons/ so that autosave can never write
outputs into the committed notebooks. Under ``CI=true`` a missing browser fails
the run; elsewhere it skips with the command that installs it.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness import Lab

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("ASL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAB_SETTINGS = {
    # Render every cell, so tests see what a learner scrolls to without virtualisation surprises.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    runtime, settings, config = (tmp_path_factory.mktemp(name) for name in ("runtime", "settings", "config"))
    for name, value in LAB_SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value))
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
        JUPYTER_RUNTIME_DIR=str(runtime),
        JUPYTER_CONFIG_DIR=str(config),
        # The pack's own defaults, as `make lab` and Binder use them: no news toast (jupyter-config/labconfig).
        JUPYTER_CONFIG_PATH=str(REPO / "jupyter-config"),
        AFTER_SALES_PROGRESS=str(root / "progress.json"),
    )
    log = open(root / "server.log", "w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "jupyter", "lab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", "--ServerApp.allow_root=True", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
            f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={root / 'workspaces'}",
        ],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    server = Lab(f"http://127.0.0.1:{port}", token, root, runtime, process)
    deadline = time.monotonic() + 90
    while True:
        try:
            server.api("/api/status")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("JupyterLab did not start:\n" + (root / "server.log").read_text()[-3000:])
            time.sleep(0.5)
    yield server
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS, headless=True)
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
