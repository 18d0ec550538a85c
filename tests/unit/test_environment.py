"""pyproject.toml's ranges, the hashed lock and Binder's environment.yml must describe one environment.

pyproject.toml declares what a learner's own environment needs (compatible ranges) and the
`lab`/`test`/`dev` extras; requirements/lock.txt pins every package exactly, with hashes, for
make and CI; environment.yml gives Binder the runtime and `lab` packages at the lock's
major.minor versions from conda-forge.
"""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "lock.txt"
# conda-forge names for the PyPI packages Binder needs
CONDA_NAMES = {
    "matplotlib": "matplotlib-base",
    "jupyterlab-rise": "jupyterlab_rise",
    "jupyterlab-widgets": "jupyterlab_widgets",
}
# Held at one patch release in pyproject.toml (the RISE slides need jupyterlab_widgets 3.0.10), so
# Binder pins the patch too; every other package is pinned at major.minor.
EXACT_IN_BINDER = {"jupyterlab-widgets"}
# The Python the lock and Binder are built for (the oldest supported).
PYTHON = "3.11"
# Tools that run the lessons' tests, not the lessons: never installed into a learner's environment.
NOT_AT_RUN_TIME = {"jupyterlab", "notebook", "ipykernel", "nbval", "pytest", "hypothesis", "playwright", "ruff", "uv"}


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def runtime_requirements() -> list[Requirement]:
    return [Requirement(text) for text in project()["dependencies"]]


def extra_requirements(extra: str) -> list[Requirement]:
    return [Requirement(text) for text in project()["optional-dependencies"][extra]]


def lock_entries(text: str | None = None) -> list[tuple[str, Version, str, list[str]]]:
    """(name, version, marker, hashes) for each pin in the lock; a package may have one pin per marker."""
    text = LOCK.read_text(encoding="utf-8") if text is None else text
    entries = []
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        first = block.split("\\", 1)[0].strip()
        match = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;]+)\s*(?:;\s*(.*))?$", first)
        if match:
            name, version, marker = match.groups()
            entries.append(
                (
                    canonicalize_name(name),
                    Version(version),
                    (marker or "").strip(),
                    re.findall(r"--hash=sha256:[0-9a-f]{64}", block),
                )
            )
    return entries


def lock_pins_for_python(python: str = PYTHON) -> dict[str, Version]:
    """The version the lock installs on ``python`` (Binder's and CI's interpreter) for each package."""
    from packaging.markers import Marker

    environment = {
        "python_version": python,
        "python_full_version": f"{python}.7",
        "sys_platform": "linux",
        "os_name": "posix",
        "implementation_name": "cpython",
        "platform_system": "Linux",
    }
    pins = {}
    for name, version, marker, _ in lock_entries():
        if not marker or Marker(marker).evaluate(environment):
            pins[name] = version
    return pins


def conda_pins() -> dict[str, str]:
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    return dict(re.findall(r"^  - ([A-Za-z0-9_.-]+)=([0-9.]+)$", text, flags=re.M))


def test_runtime_dependencies_are_ranges_not_pins_and_leave_jupyter_to_the_extras():
    for requirement in runtime_requirements():
        specifiers = list(requirement.specifier)
        assert specifiers, f"{requirement}: give a lower bound (the oldest release with what the code uses)"
        assert not any(s.operator in {"==", "==="} for s in specifiers), (
            f"{requirement}: an exact pin would replace a learner's installed version; pin it in {LOCK.name} instead"
        )
        assert any(s.operator in {">=", "~="} for s in specifiers), f"{requirement}: state the oldest supported version"
        assert canonicalize_name(requirement.name) not in NOT_AT_RUN_TIME, (
            f"{requirement.name} belongs in an extra, not at run time"
        )
    lab = {canonicalize_name(r.name) for r in extra_requirements("lab")}
    assert {"jupyterlab", "ipykernel", "voila", "jupyterlab-rise"} <= lab
    test = {canonicalize_name(r.name) for r in extra_requirements("test")}
    assert {"pytest", "nbval", "ruff", "uv"} <= test


def test_every_lock_pin_is_hashed_and_every_declared_package_is_locked_within_its_range():
    entries = lock_entries()
    assert entries, f"{LOCK} has no pins"
    for name, version, _, hashes in entries:
        assert hashes, f"{name}=={version} has no --hash in {LOCK.name}: regenerate it with `make lock`"
    locked: dict[str, list[Version]] = {}
    for name, version, _, _ in entries:
        locked.setdefault(name, []).append(version)
    declared = runtime_requirements() + [r for extra in ("lab", "test", "dev") for r in extra_requirements(extra)]
    for requirement in declared:
        name = canonicalize_name(requirement.name)
        assert name in locked, (
            f"{requirement.name} is declared in pyproject.toml but not in {LOCK.name}: run `make lock`"
        )
        for version in locked[name]:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"{LOCK.name} pins {name}=={version}, outside pyproject's {requirement}: run `make lock`"
            )


def test_lock_reader_sees_markers_and_missing_hashes():
    text = (
        "numpy==2.4.6 ; python_full_version < '3.12' \\\n    --hash=sha256:" + "a" * 64 + "\n"
        "    # via pandas\n"
        "numpy==2.5.5 ; python_full_version >= '3.12' \\\n    --hash=sha256:" + "b" * 64 + "\n"
        "six==1.17.0\n"
    )
    entries = lock_entries(text)
    assert [(n, str(v), m, len(h)) for n, v, m, h in entries] == [
        ("numpy", "2.4.6", "python_full_version < '3.12'", 1),
        ("numpy", "2.5.5", "python_full_version >= '3.12'", 1),
        ("six", "1.17.0", "", 0),
    ]


def test_binder_installs_the_runtime_and_lab_packages_at_the_locked_minor_version():
    conda = conda_pins()
    pins = lock_pins_for_python()
    assert conda.get("python") == PYTHON, f"environment.yml should use python={PYTHON}, the Python the lock is made for"
    for requirement in runtime_requirements() + extra_requirements("lab"):
        name = canonicalize_name(requirement.name)
        conda_name = CONDA_NAMES.get(name, name)
        assert conda_name in conda, f"environment.yml does not install {conda_name}"
        locked = pins[name]
        expected = str(locked) if name in EXACT_IN_BINDER else f"{locked.major}.{locked.minor}"
        assert conda[conda_name] == expected, (
            f"{conda_name}: {LOCK.name} has {locked}, environment.yml has {conda[conda_name]}"
        )
    pypi_names = {
        CONDA_NAMES.get(canonicalize_name(r.name), canonicalize_name(r.name))
        for r in runtime_requirements() + extra_requirements("lab")
    }
    extra = set(conda) - pypi_names - {"python"}
    assert not extra, (
        f"environment.yml pins {sorted(extra)}, which pyproject.toml does not declare for run time or the lab"
    )


def test_binder_has_graphviz_dot_and_installs_the_widgets_package():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^  - graphviz$", text, flags=re.M), "Binder needs the graphviz binary (dot)"
    post_build = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert "pip install" in post_build and "-e ." in post_build


def test_readme_binder_link_opens_the_start_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "urlpath=lab/tree/lessons/00-start-here.ipynb" in readme
    assert (ROOT / "lessons" / "00-start-here.ipynb").is_file()
