"""The Jupyter server's side of the pack: kernel messages reach the browser without Nagle's delay.

Loaded by the Jupyter server, never by a lesson's kernel (``jupyter-config/jupyter_server_config.py``
names :class:`PromptKernelConnection` when this module imports).

Why: Jupyter's kernel websocket is a tornado websocket, and tornado leaves Nagle's algorithm on
unless a handler calls ``set_nodelay(True)`` (jupyter_server does not). A Check's reply is several
small messages in a row (busy, the widget's update, idle); with Nagle on, the second waits until
the browser acknowledges the first, and the browser delays that acknowledgement (about 40 ms on
Linux). Measured with ``benchmarks/bench_action.py`` on the shared 2-core machine (2026-12-07), a
bare anywidget echo took a median of 60 ms with Nagle on and 28 ms with it off, and an activity's
Check went from a p95 of 84 ms to 51 ms. Turning it off sends each message as it is written; the
messages are the same, only sooner.
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection


class PromptKernelConnection(ZMQChannelsWebsocketConnection):
    """Jupyter's own kernel websocket connection, with TCP_NODELAY set on the websocket."""

    def connect(self):
        handler = self.websocket_handler
        if handler is not None and handler.ws_connection is not None:
            handler.set_nodelay(True)
        return super().connect()
