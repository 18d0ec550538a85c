"""The lessons as an app (Voilà): cells that need JupyterLab are replaced by a note saying so, with a link.

Voilà runs every cell and shows only outputs and text, so a cell that asks the learner to run it
again or change its code ("How did you do?", saving a chart) would sit there showing nothing, or a
stale number. ``tools/views.py`` tags those cells ``jupyterlab-only``; before Voilà runs a lesson,
:func:`prelaunch_hook` puts in place of each a short note with a link that opens the same lesson in
JupyterLab, on the same server. ``jupyter-config/voila.py`` installs the hook (``make app``, Binder).
"""

from __future__ import annotations

import copy

#: The tag tools/views.py gives a code cell that only works when the learner can run or edit it.
JUPYTERLAB_ONLY = "jupyterlab-only"
NOTE_CLASS = "asl-app-note"


def jupyterlab_url(app_path: str) -> str:
    """The JupyterLab address of the lesson Voilà is showing at ``app_path`` (``.../voila/render/lessons/x.ipynb``)."""
    head, marker, tail = app_path.partition("/voila/render/")
    if not marker:
        return ""
    return f"{head}/lab/tree/{tail}"


def note_text(lab_url: str) -> str:
    """The note shown in the app where a cell needs JupyterLab (Markdown)."""
    where = f"[Open this lesson in JupyterLab]({lab_url})" if lab_url else "Open this lesson in JupyterLab (`make lab`)"
    return (
        f'<div class="{NOTE_CLASS}">\n\n'
        "**This part needs JupyterLab.** Here the lesson asks you to run or change Python code, and this "
        f"app shows no code. {where} to do it: your answers and progress are the same there.\n\n</div>"
    )


def needs_jupyterlab(cell) -> bool:
    """True for a cell tools/views.py tagged as working only where the learner can run or edit it."""
    return cell.get("cell_type") == "code" and JUPYTERLAB_ONLY in cell.get("metadata", {}).get("tags", [])


def prepare_for_app(notebook, lab_url: str = ""):
    """A copy of ``notebook`` with each JupyterLab-only cell replaced by the note (the original is untouched)."""
    import nbformat

    prepared = copy.deepcopy(notebook)
    cells = []
    for cell in prepared.cells:
        if needs_jupyterlab(cell):
            note = nbformat.v4.new_markdown_cell(note_text(lab_url))
            note.metadata["tags"] = [JUPYTERLAB_ONLY]
            cells.append(note)
        else:
            cells.append(cell)
    prepared.cells = cells
    return prepared


def prelaunch_hook(request_handler, notebook, cwd):
    """Voilà's ``VoilaConfiguration.prelaunch_hook``: runs before the lesson's kernel starts."""
    path = getattr(getattr(request_handler, "request", None), "path", "") or ""
    return prepare_for_app(notebook, jupyterlab_url(path))
