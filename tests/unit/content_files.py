"""Write a content file into a scratch data folder and collect what loading it reports."""

from pathlib import Path

import pytest

from widgets.content import ContentError, load_kind


def write_content(folder: Path, text: str | bytes, name: str = "tasks.toml", *, kind: str) -> Path:
    """Write ``text`` (bytes are written as they are, for encoding tests) as data/<kind>/<name>."""
    target = folder / kind
    target.mkdir(parents=True, exist_ok=True)
    path = target / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def content_problems(folder: Path, text: str | bytes, *, kind: str) -> list[str]:
    """Write ``text`` and return the problem messages loading the kind must raise."""
    write_content(folder, text, kind=kind)
    with pytest.raises(ContentError) as caught:
        load_kind(kind, folder)
    return [str(p) for p in caught.value.problems]
