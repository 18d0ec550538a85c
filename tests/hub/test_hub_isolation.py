"""Two learners on a real local JupyterHub: each one's kernel sees only their own progress.

A JupyterHub on loopback with the dummy authenticator and SimpleLocalProcessSpawner (one
home folder per learner, as a college hub gives each learner). Each learner's kernel
records an attempt through ``widgets.progress.store`` and reads the store back; neither sees the
other's attempt, and the two files are in the two home folders.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("jupyterhub")
pytestmark = pytest.mark.hub

BIN = Path(sys.executable).parent
LEARNERS = ("learner-a", "learner-b")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Hub:
    """A running JupyterHub and a service token allowed to manage users and reach their servers."""

    def __init__(self, url: str, token: str, homes: Path):
        self.url, self.token, self.homes = url, token, homes

    def api(self, path: str, method: str = "GET", body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
        return json.loads(text) if text else None

    def start_server(self, name: str, timeout: float = 120) -> None:
        # allowed_users already exist when the hub starts
        self.api(f"/hub/api/users/{name}/server", "POST")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.api(f"/hub/api/users/{name}")["servers"].get("", {})
            if server.get("ready"):
                return
            time.sleep(1)
        raise AssertionError(f"{name}'s server did not start")

    def run(self, name: str, code: str, timeout: float = 120) -> str:
        """Start a kernel in ``name``'s server, run ``code`` and return what it printed."""
        kernel = self.api(f"/user/{name}/api/kernels", "POST", {"name": "python3"})
        try:
            # In a thread with its own event loop: Playwright's sync API may already run one in this thread.
            with ThreadPoolExecutor(max_workers=1) as pool:
                return pool.submit(asyncio.run, self._execute(name, kernel["id"], code, timeout)).result()
        finally:
            self.api(f"/user/{name}/api/kernels/{kernel['id']}", "DELETE")

    async def _execute(self, name: str, kernel_id: str, code: str, timeout: float) -> str:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        url = f"{self.url.replace('http', 'ws', 1)}/user/{name}/api/kernels/{kernel_id}/channels"
        connection = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {self.token}"}))
        msg_id = uuid.uuid4().hex
        connection.write_message(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "username": name,
                        "session": uuid.uuid4().hex,
                        "msg_type": "execute_request",
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "buffers": [],
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": False,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                }
            )
        )
        printed: list[str] = []
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                raw = await asyncio.wait_for(connection.read_message(), timeout=deadline - time.monotonic())
                assert raw is not None, "the kernel connection closed"
                message = json.loads(raw)
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = message["msg_type"]
                if kind == "stream":
                    printed.append(message["content"]["text"])
                elif kind == "error":
                    raise AssertionError("\n".join(message["content"]["traceback"]))
                elif kind == "execute_reply":
                    return "".join(printed).strip()
            raise AssertionError("the code did not finish")
        finally:
            connection.close()


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    if not (BIN / "configurable-http-proxy").exists():
        pytest.skip("configurable-http-proxy is not installed (pip install -e '.[test]')")
    root = tmp_path_factory.mktemp("hub")
    homes = root / "homes"
    token = secrets.token_hex(24)
    port, api_port, hub_port = free_port(), free_port(), free_port()
    (root / "jupyterhub_config.py").write_text(
        f"""
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{str(BIN / "configurable-http-proxy")!r}]
c.JupyterHub.db_url = "sqlite:///{root / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(root / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(root / "hub.pid")!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {set(LEARNERS)!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(homes / "{username}")!r}
c.Spawner.cmd = [{str(BIN / "jupyterhub-singleuser")!r}]
c.Spawner.args = ["--ServerApp.allow_root=True"]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.JupyterHub.services = [{{"name": "tester", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "tester", "services": ["tester"],
                             "scopes": ["admin:users", "admin:servers", "access:servers"]}}]
""",
        encoding="utf-8",
    )
    # The hub gives each learner's server only the variables it keeps (PATH, LANG, ...): not the
    # test run's own AFTER_SALES_PROGRESS, so the store falls back to each learner's home folder.
    env = {k: v for k, v in os.environ.items() if k != "AFTER_SALES_PROGRESS"}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    log = open(root / "hub.log", "w")
    process = subprocess.Popen(
        [str(BIN / "jupyterhub"), "-f", str(root / "jupyterhub_config.py")],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Hub(f"http://127.0.0.1:{port}", token, homes)
    deadline = time.monotonic() + 90
    while True:
        try:
            server.api("/hub/api/")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("JupyterHub did not start:\n" + (root / "hub.log").read_text()[-3000:])
            time.sleep(0.5)
    yield server
    for name in LEARNERS:
        try:
            server.api(f"/hub/api/users/{name}/server", "DELETE")
        except OSError:
            pass
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    shutil.rmtree(homes, ignore_errors=True)


RECORD = """
from widgets.progress.store import load_progress, progress_path, record_attempt
record_attempt({activity!r}, 3, 6, answer={{"order": ["mine"]}}, kind="ordering")
print(progress_path())
print(sorted(load_progress()))
"""


def test_each_learner_sees_only_their_own_progress(hub):
    for name in LEARNERS:
        hub.start_server(name)
    a_path, a_sees = hub.run("learner-a", RECORD.format(activity="only-a")).splitlines()
    b_path, b_sees = hub.run("learner-b", RECORD.format(activity="only-b")).splitlines()
    assert (a_sees, b_sees) == ("['only-a']", "['only-b']")
    assert Path(a_path) == hub.homes / "learner-a" / ".after-sales-lessons" / "progress.json"
    assert Path(b_path) == hub.homes / "learner-b" / ".after-sales-lessons" / "progress.json"
    # And after the other learner saved, the first still sees only their own work.
    assert (
        hub.run("learner-a", "from widgets.progress.store import load_progress\nprint(sorted(load_progress()))")
        == "['only-a']"
    )
