"""The pack's JupyterLab defaults name real settings with allowed values (checked against the installed schemas)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OVERRIDES = ROOT / "jupyter-config" / "labconfig" / "default_setting_overrides.json"
SCHEMAS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"


def schema_for(plugin_id: str) -> dict:
    package, _, plugin = plugin_id.partition(":")
    path = SCHEMAS / package / f"{plugin}.json"
    if not SCHEMAS.is_dir():
        pytest.skip(f"JupyterLab's schemas are not installed at {SCHEMAS}")
    assert path.is_file(), f"{plugin_id}: no such JupyterLab settings plugin ({path})"
    return json.loads(path.read_text(encoding="utf-8"))


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
            elif spec.get("type") == "boolean":
                assert isinstance(value, bool), f"{plugin_id}.{name} should be true or false"


def test_the_news_toast_is_off():
    overrides = json.loads(OVERRIDES.read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
