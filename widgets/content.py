"""Every kind of tutor-editable content by its folder under ``data/``: load, find and check them.

Each kind is a :class:`~widgets.content_kind.ContentKind` defined in the module of its activity
(``ORDERING`` in ``widgets/activities/ordering.py``, ...), built on :mod:`widgets.content_kind`.
This module is above them all: :func:`load_kind_module` imports the module of a kind the first
time the kind is looked up in :data:`KINDS`, and every kind when KINDS is listed, so ``import widgets``
stays light, a lesson loads only the activities it shows, and ``after-sales check`` still checks
every kind. Nothing an activity module imports imports this module back.

:func:`load_kind` validates every file of one kind and either returns the tasks by id or raises
one :class:`ContentError` listing *every* problem, each naming the file, the task id and the
field; :func:`find_task` loads one task; :func:`check_all` checks every kind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .content_kind import (  # noqa: F401 - the names every kind is made of, here too for scripts and tests
    DEFAULT_DATA_DIR,
    ID_PATTERN,
    ContentError,
    ContentKind,
    ContentNotice,
    ContentProblem,
    Field,
    LoadResult,
    data_dir,
    display_path,
    explain_toml_error,
    find_entry,
    load_entries,
    load_files,
    read_toml,
    validate_record,
)

#: Every kind of content, by its folder under ``data/``. A kind added here is loaded in :func:`load_kind_module`.
KIND_FOLDERS = ("ordering", "sorting", "questions", "written", "papers", "flowcharts", "law", "policies", "scenarios")


def load_kind_module(folder: str) -> ContentKind:
    """The kind of content in ``folder``, from the module that defines it (imported now, on first use).

    A module that moves changes its line here; a folder not in :data:`KIND_FOLDERS` is a KeyError.
    """
    if folder == "ordering":
        from .activities.ordering import ORDERING as kind
    elif folder == "sorting":
        from .activities.sorting import SORTING as kind
    elif folder == "questions":
        from .activities.questions import QUESTIONS as kind
    elif folder == "written":
        from .activities.written import WRITTEN as kind
    elif folder == "papers":
        from .activities.paper import PAPERS as kind
    elif folder == "flowcharts":
        from .activities.flowchart import FLOWCHARTS as kind
    elif folder == "law":
        from .activities.law import LAW as kind
    elif folder == "policies":
        from .activities.law import POLICIES as kind
    elif folder == "scenarios":
        from .activities.scenario_content import SCENARIOS as kind
    else:
        raise KeyError(folder)
    return kind


class _Kinds(dict):
    """The kinds by folder; looking one up imports the module that defines it."""

    def _need(self, folder: Any) -> None:
        if folder in KIND_FOLDERS and not super().__contains__(folder):
            dict.__setitem__(self, folder, load_kind_module(folder))

    def _need_all(self) -> None:
        for folder in KIND_FOLDERS:
            self._need(folder)

    def __getitem__(self, folder):
        self._need(folder)
        return super().__getitem__(folder)

    def __contains__(self, folder) -> bool:
        self._need(folder)
        return super().__contains__(folder)

    def get(self, folder, default=None):
        self._need(folder)
        return super().get(folder, default)

    def __iter__(self):
        self._need_all()
        return super().__iter__()

    def __len__(self) -> int:
        self._need_all()
        return super().__len__()

    def keys(self):
        self._need_all()
        return super().keys()

    def values(self):
        self._need_all()
        return super().values()

    def items(self):
        self._need_all()
        return super().items()


KINDS: dict[str, ContentKind] = _Kinds()


def load_kind(folder: str, directory: Path | None = None) -> dict[str, Any]:
    """Load every task of one kind; raise :class:`ContentError` listing all problems."""
    return load_entries(KINDS[folder], directory)


def find_task(folder: str, task_id: str, directory: Path | None = None) -> tuple[Any | None, list[ContentProblem]]:
    """Load one task by id: (task, []) or (None, problems that explain why not).

    Problems in *other* tasks of the same kind do not stop this one loading:
    a typo in one activity must not take the whole lesson down.
    """
    return find_entry(KINDS[folder], task_id, directory)


def check_all(directory: Path | None = None) -> tuple[list[ContentProblem], int, int]:
    """Validate every kind: (problems, files checked, tasks loaded)."""
    problems: list[ContentProblem] = []
    files = tasks = 0
    base = directory or data_dir()
    for kind in KINDS.values():
        result = load_files(kind, (base / kind.folder).glob("*.toml"))
        problems.extend(result.problems)
        files += result.files
        tasks += len(result.tasks)
    return problems, files, tasks
