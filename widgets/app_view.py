"""The lessons as an app (Voilà): cells that need JupyterLab are replaced by a note saying so, with a link.

Voilà runs every cell and shows only outputs and text, so a cell that asks the learner to run it
again or change its code ("How did you do?", saving a chart) would sit there showing nothing, or a
stale number. ``tools/views.py`` tags those cells ``jupyterlab-only``; before Voilà runs a lesson,
:func:`prelaunch_hook` puts in place of each a short note with a link that opens the same lesson in
JupyterLab, on the same server. ``jupyter-config/voila.py`` installs the hook (``make app``, Binder).
"""

from __future__ import annotations

import copy
import posixpath
import re

#: The tag tools/views.py gives a code cell that only works when the learner can run or edit it.
JUPYTERLAB_ONLY = "jupyterlab-only"
NOTE_CLASS = "asl-app-note"
#: A Markdown link to a file beside the lesson: ``[text](tutor-notes/lesson-01.md)``.
RELATIVE_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|/|#)([^)\s]+)\)")


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


def link_for_app(target: str, lab_url: str) -> str:
    """Where a relative link in a lesson should go in the app.

    Another lesson (``01-x.ipynb``) stays relative, so it opens as the next page of the app; any
    other file (a tutor's ``.md`` notes) cannot be shown by Voilà, so it opens in JupyterLab.
    """
    if target.split("#", 1)[0].endswith(".ipynb") or not lab_url:
        return target
    return posixpath.normpath(posixpath.join(posixpath.dirname(lab_url), target))


def needs_jupyterlab(cell) -> bool:
    """True for a cell tools/views.py tagged as working only where the learner can run or edit it."""
    return cell.get("cell_type") == "code" and JUPYTERLAB_ONLY in cell.get("metadata", {}).get("tags", [])


def prepare_for_app(notebook, lab_url: str = ""):
    """A copy of ``notebook`` for the app: each JupyterLab-only cell replaced by the note, links to
    files Voilà cannot show pointed at JupyterLab (the original is untouched)."""
    import nbformat

    prepared = copy.deepcopy(notebook)
    cells = []
    for cell in prepared.cells:
        if needs_jupyterlab(cell):
            note = nbformat.v4.new_markdown_cell(note_text(lab_url))
            note.metadata["tags"] = [JUPYTERLAB_ONLY]
            cells.append(note)
            continue
        if cell.cell_type == "markdown":
            cell.source = RELATIVE_LINK.sub(lambda match: f"]({link_for_app(match.group(1), lab_url)})", cell.source)
        cells.append(cell)
    prepared.cells = cells
    return prepared


def prelaunch_hook(request_handler, notebook, cwd):
    """Voilà's ``VoilaConfiguration.prelaunch_hook``: runs before the lesson's kernel starts."""
    path = getattr(getattr(request_handler, "request", None), "path", "") or ""
    return prepare_for_app(notebook, jupyterlab_url(path))
