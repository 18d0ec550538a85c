"""The Jupyter server's kernel websocket sends without Nagle's delay (widgets/server.py), and the config names it."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from traitlets.config import Config

from widgets.server import PromptKernelConnection

CONFIG = Path(__file__).resolve().parents[2] / "jupyter-config" / "jupyter_server_config.py"


def test_the_server_config_uses_the_prompt_connection():
    config = Config()
    exec(compile(CONFIG.read_text(encoding="utf-8"), str(CONFIG), "exec"), {"get_config": lambda: config})
    assert config.ServerApp.kernel_websocket_connection_class is PromptKernelConnection
    assert issubclass(PromptKernelConnection, ZMQChannelsWebsocketConnection)


def test_connecting_turns_nagle_off_and_then_connects_as_jupyter_does(monkeypatch):
    calls = []
    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect", lambda self: calls.append("connect") or "future")
    handler = SimpleNamespace(ws_connection=object(), set_nodelay=lambda value: calls.append(("nodelay", value)))
    connection = PromptKernelConnection.__new__(PromptKernelConnection)
    connection._trait_values["websocket_handler"] = handler
    assert connection.connect() == "future"
    assert calls == [("nodelay", True), "connect"]
