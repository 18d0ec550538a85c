# The Jupyter server's settings for the pack (`make lab`, `make app` and the browser tests put jupyter-config/ on
# JUPYTER_CONFIG_PATH; Binder copies this file in postBuild). Kernel messages go to the browser as they are written,
# without Nagle's delay (widgets/server.py says why: an activity's Check came back 30 ms sooner). Where the pack's
# Python package cannot be imported by the server, the server keeps Jupyter's default connection.
try:
    from widgets.server import PromptKernelConnection
except ImportError:
    pass
else:
    c = get_config()  # noqa: F821 (traitlets' config loader provides it)
    c.ServerApp.kernel_websocket_connection_class = PromptKernelConnection
