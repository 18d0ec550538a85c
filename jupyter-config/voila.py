# Voilà settings for the lessons as an app (`make app`; Binder copies this file in postBuild).
# Voilà reads voila.py from every folder on JUPYTER_CONFIG_PATH, and `make app` puts jupyter-config/ there.
from widgets.app_view import prelaunch_hook

c = get_config()  # noqa: F821 (traitlets' config loader provides it)
# Where a lesson asks for code to be run or changed, say that it needs JupyterLab, with a link.
c.VoilaConfiguration.prelaunch_hook = prelaunch_hook
# A broken cell shows its error in the app rather than a blank space (the lessons run clean in nbval).
c.VoilaConfiguration.show_tracebacks = True
# Voilà's lab template without its CDN style sheets (jupyter-config/voila/templates/after-sales), so the
# app works offline. `make app` puts jupyter-config/ on JUPYTER_PATH too, where Voilà looks for templates.
c.VoilaConfiguration.template = "after-sales"
