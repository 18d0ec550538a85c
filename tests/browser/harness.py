"""Helpers for the browser tests: the JupyterLab handle, running a notebook, axe-core."""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[2]
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


class Lab:
    """A running JupyterLab: where it is and how to reach its kernels."""

    def __init__(self, url: str, token: str, root: Path, runtime: Path, process: subprocess.Popen):
        self.url, self.token, self.root, self.runtime, self.process = url, token, root, runtime, process

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def notebook_url(self, path: str) -> str:
        return f"{self.url}/lab/tree/{path}?reset&token={self.token}"

    def kernel_eval(self, notebook: str, code: str, timeout: float = 30) -> str:
        """Run ``code`` in the kernel of ``notebook`` (as a learner's next cell would) and return stdout."""
        from jupyter_client import BlockingKernelClient

        sessions = [s for s in self.api("/api/sessions") if s["path"].endswith(notebook)]
        assert sessions, f"no running kernel for {notebook}"
        connection = self.runtime / f"kernel-{sessions[0]['kernel']['id']}.json"
        client = BlockingKernelClient(connection_file=str(connection))
        client.load_connection_file()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=timeout)
            output: list[str] = []

            def keep(message):
                if message["msg_type"] == "stream":
                    output.append(message["content"]["text"])
                elif message["msg_type"] == "error":
                    output.append("ERROR: " + message["content"]["ename"] + ": " + message["content"]["evalue"])

            client.execute_interactive(code, timeout=timeout, output_hook=keep)
            return "".join(output).strip()
        finally:
            client.stop_channels()

    def shutdown_sessions(self) -> None:
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")


class LabDidNotStart(RuntimeError):
    """JupyterLab exited or did not answer in time; the message ends with its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_lab(root: Path) -> Iterator[Lab]:
    """Start JupyterLab on a free loopback port with a token, serving ``root``; stop it afterwards.

    Settings, runtime files, workspaces, the learner's progress file and the cache all live under
    ``root``, so nothing touches the tester's own JupyterLab or progress.
    """
    runtime, settings, config = (root / name for name in (".runtime", ".settings", ".config"))
    for folder in (runtime, settings, config):
        folder.mkdir(parents=True, exist_ok=True)
    for name, value in LAB_SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value))
    port, token = free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
        JUPYTER_RUNTIME_DIR=str(runtime),
        JUPYTER_CONFIG_DIR=str(config),
        # The pack's own defaults, as `make lab` and Binder use them: no news toast (jupyter-config/labconfig).
        JUPYTER_CONFIG_PATH=str(REPO / "jupyter-config"),
        # Voilà's template for the lessons as an app (jupyter-config/voila), as `make lab` and `make app` find it.
        JUPYTER_PATH=str(REPO / "jupyter-config"),
        AFTER_SALES_PROGRESS=str(root / "progress.json"),
        # The English word list the marker keeps between kernels (widgets/scoring/words.py): under root too.
        AFTER_SALES_CACHE=os.environ.get("AFTER_SALES_CACHE") or str(root / ".cache"),
    )
    with open(root / "server.log", "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter",
                "lab",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                "--ServerApp.allow_root=True",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}",
                f"--LabApp.user_settings_dir={settings}",
                f"--LabApp.workspaces_dir={root / 'workspaces'}",
            ],
            cwd=root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            server = Lab(f"http://127.0.0.1:{port}", token, root, runtime, process)
            deadline = time.monotonic() + 90
            while True:
                try:
                    server.api("/api/status")
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise LabDidNotStart(
                            "JupyterLab did not start:\n" + (root / "server.log").read_text()[-3000:]
                        ) from None
                    time.sleep(0.5)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for_idle_kernel(lab: Lab, path: str, timeout: float = 90) -> None:
    """Wait until the notebook's kernel is connected and idle (the server's view, not the UI's)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for session in lab.api("/api/sessions"):
            if session["path"].endswith(path) and session["kernel"]["execution_state"] == "idle":
                return
        time.sleep(0.25)
    raise AssertionError(f"the kernel for {path} did not become idle")


def open_and_run_all(page, lab: Lab, path: str, widget_selector: str, expected: int) -> None:
    """Open a notebook, run all its cells from the Run menu, and wait for them to finish and draw."""
    page.goto(lab.notebook_url(path))
    page.locator(".jp-NotebookPanel").first.wait_for()
    wait_for_idle_kernel(lab, path)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(state="attached")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    # Done when every code cell has run (no "[ ]" or "[*]" prompt left), or as soon as one fails.
    page.wait_for_function(
        """() => {
            if (document.querySelector(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")) return true;
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map((p) => p.textContent);
            return prompts.length > 0 && prompts.every((text) => /\\[\\d+\\]/.test(text));
        }""",
        timeout=120_000,
    )
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, "a cell wrote an error:\n" + "\n".join(errors.all_inner_texts())
    # Widget views draw a moment after their cell finishes.
    try:
        page.wait_for_function(
            "([selector, expected]) => document.querySelectorAll(selector).length >= expected",
            arg=[widget_selector, expected],
            timeout=30_000,
        )
    except Exception:
        notices = page.locator(".jp-OutputArea-output", has_text="could not be loaded").all_inner_texts()
        raise AssertionError(
            f"{path}: expected {expected} '{widget_selector}' widgets, found "
            f"{page.locator(widget_selector).count()}" + ("\n" + "\n".join(notices) if notices else "")
        ) from None


def write_notebook(lab: Lab, name: str, *sources: str) -> str:
    """Put a small notebook beside the lessons (for hostile-content tests) and return its path."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, lab.root / "lessons" / name)
    return f"lessons/{name}"


def axe_violations(page, selector: str) -> list[str]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the elements matching ``selector``."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        context=selector,
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}},
    )
    return [
        f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'])})"
        for v in results.response["violations"]
    ]


def press(page, button, how: str = "click") -> None:
    """Press a button as a learner would: a mouse click, or Tab-style focus then Enter."""
    if how == "keyboard":
        button.focus()
        page.keyboard.press("Enter")
    else:
        button.click()


#: The colour maths of a contrast check, for a page function that measures what the browser drew:
#: ``over(top, bottom)`` composites a colour with alpha over another, ``lum(c)`` is WCAG's relative
#: luminance. Put it at the start of the function's body.
COLOUR_MATHS_JS = """
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1,
  });
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
"""


def use_theme(page, name: str) -> None:
    """Switch JupyterLab's theme from the Settings menu, as a learner would, and wait for it to apply."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Settings$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Theme$")).hover()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{name}$")).click()
    page.wait_for_function("(name) => document.body.dataset.jpThemeName === name", arg=name, timeout=30_000)
    page.wait_for_timeout(500)  # the theme's style sheet is swapped in just after the attribute
