"""The pack's JupyterLab defaults name real settings with allowed values (checked against the installed schemas)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OVERRIDES = ROOT / "jupyter-config" / "labconfig" / "default_setting_overrides.json"
SCHEMAS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
# Extensions installed from PyPI (jupyterlab-rise) keep their schemas beside their front end.
EXTENSIONS = Path(sys.prefix) / "share" / "jupyter" / "labextensions"


def schema_for(plugin_id: str) -> dict:
    package, _, plugin = plugin_id.partition(":")
    if not SCHEMAS.is_dir():
        pytest.skip(f"JupyterLab's schemas are not installed at {SCHEMAS}")
    candidates = [SCHEMAS / package / f"{plugin}.json", EXTENSIONS / package / "schemas" / package / f"{plugin}.json"]
    found = [path for path in candidates if path.is_file()]
    assert found, f"{plugin_id}: no such JupyterLab settings plugin ({' or '.join(map(str, candidates))})"
    return json.loads(found[0].read_text(encoding="utf-8"))


def test_every_override_is_a_known_setting_with_an_allowed_value():
    overrides = json.loads(OVERRIDES.read_text(encoding="utf-8"))
    assert overrides, "the file should set something"
    for plugin_id, values in overrides.items():
        properties = schema_for(plugin_id)["properties"]
        for name, value in values.items():
            assert name in properties, f"{plugin_id}: no setting {name!r}"
            spec = properties[name]
            if "oneOf" in spec:
                assert value in [choice["const"] for choice in spec["oneOf"]], f"{plugin_id}.{name}: {value!r}"
            elif "enum" in spec:
                assert value in spec["enum"], f"{plugin_id}.{name}: {value!r} is not one of {spec['enum']}"
            elif spec.get("type") == "boolean":
                assert isinstance(value, bool), f"{plugin_id}.{name} should be true or false"


def test_the_news_toast_is_off():
    overrides = json.loads(OVERRIDES.read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_slides_use_a_reveal_theme_whose_fonts_ship_with_rise():
    # reveal.js's "simple" theme (RISE's default) loads its fonts from a web font service; "white" uses
    # the Source Sans Pro files RISE serves itself, so a slideshow sends nothing off the machine.
    overrides = json.loads(OVERRIDES.read_text(encoding="utf-8"))
    assert overrides["jupyterlab-rise:plugin"]["theme"] == "white"
