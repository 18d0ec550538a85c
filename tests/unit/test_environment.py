"""Binder's environment.yml and pyproject.toml must install the same versions of the same packages."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# conda-forge names for the PyPI packages the lessons need
CONDA_NAMES = {"graphviz": "python-graphviz", "matplotlib": "matplotlib-base"}


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for requirement in project["dependencies"]:
        name, _, version = requirement.partition("==")
        assert version, f"{requirement} should be pinned exactly (name==version)"
        pins[CONDA_NAMES.get(name, name)] = version
    return pins


def conda_pins() -> dict[str, str]:
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    return dict(re.findall(r"^  - ([A-Za-z0-9_.-]+)=([0-9.]+)$", text, flags=re.M))


def test_every_lesson_dependency_is_in_the_binder_environment_at_the_same_minor_version():
    conda = conda_pins()
    for name, version in pyproject_pins().items():
        assert name in conda, f"environment.yml does not install {name}"
        assert version == conda[name] or version.startswith(conda[name] + "."), f"{name}: pyproject has {version}, environment.yml has {conda[name]}"


def test_binder_has_graphviz_dot_and_installs_the_widgets_package():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^  - graphviz$", text, flags=re.M), "Binder needs the graphviz binary (dot)"
    post_build = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert "pip install" in post_build and "-e ." in post_build


def test_readme_binder_link_opens_the_start_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "urlpath=lab/tree/lessons/00-start-here.ipynb" in readme
    assert (ROOT / "lessons" / "00-start-here.ipynb").is_file()
