"""The package's layout stays easy to read: no import cycles, no giant modules, one name per concept."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import widgets

PACKAGE = Path(widgets.__file__).resolve().parent
LONGEST_MODULE = 650  # "about 600 lines": past this a module is doing more than one job


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Modules of this package that ``path`` imports, at import time or later.

    Every import counts: at the top, inside functions (run on first use, and a circle all the
    same) and through ``importlib.import_module`` (a string naming the module, or a table of such
    strings the call looks up). Only imports under ``if TYPE_CHECKING:`` are left out: they never run.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    tables = {
        target.id: [v.value for v in node.value.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        for node in tree.body
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Dict)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }
    found: set[str] = set()

    def absolute(name: str, level: int) -> str:
        base = package
        for _ in range(level - 1):
            base = base.rpartition(".")[0]
        return f"{base}.{name}" if name else base

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.level:
            target = absolute(node.module or "", node.level)
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if _exists(candidate) else target)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found.update(n for n in names if n.startswith("widgets"))
        elif isinstance(node, ast.Call) and ast.unparse(node.func).endswith("import_module") and node.args:
            named = node.args[0]
            strings = [n.value for n in ast.walk(named) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            strings += [v for n in ast.walk(named) if isinstance(n, ast.Name) for v in tables.get(n.id, ())]
            for name in strings:
                dots = len(name) - len(name.lstrip("."))
                found.add(absolute(name[dots:], dots) if dots else name)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {m for m in found if _exists(m) and m != here}


def _exists(module: str) -> bool:
    path = PACKAGE.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in PACKAGE.rglob("*.py")}


def test_no_module_imports_itself_through_others():
    graph = _graph()
    state: dict[str, str] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            # A package's __init__ importing its own submodules is how packages work, not a cycle.
            if node.startswith(nxt + ".") or nxt.startswith(node + "."):
                continue
            if state.get(nxt) == "open":
                cycles.append(path[path.index(nxt) :] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_an_order_task_draws_its_chart_with_the_chart_widget_which_does_not_import_it_back():
    graph = _graph()
    assert "widgets.activities.flowchart_widget" in graph["widgets.activities.ordering"]
    assert "widgets.activities.ordering" not in graph["widgets.activities.flowchart_widget"]


def test_checking_logic_needs_no_widgets_or_pandas():
    for path in (PACKAGE / "scoring").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {
            (n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and not n.level
        }
        assert not imported & {"ipywidgets", "anywidget", "traitlets", "pandas", "numpy", "matplotlib"}, path.name


def test_the_package_runs_only_as_one_command():
    """``after-sales`` / ``python -m widgets`` is the one command line: no module has a ``-m`` of its own."""
    scripts = sorted(
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if p.name != "__main__.py"
        and any(
            isinstance(node, ast.If) and ast.unparse(node.test).replace("'", '"') == '__name__ == "__main__"'
            for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        )
    )
    assert not scripts, f"run these through widgets/cli.py instead: {scripts}"
    assert sorted(p.name for p in PACKAGE.glob("__main__.py")) == ["__main__.py"]


def test_no_module_is_over_about_600_lines():
    long = {
        p.relative_to(PACKAGE).as_posix(): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > LONGEST_MODULE
    }
    assert not long, f"split these modules by job: {long}"


def test_no_two_public_names_differ_only_by_case():
    folded: dict[str, list[str]] = {}
    for name in widgets.__all__:
        folded.setdefault(name.casefold(), []).append(name)
    assert not [names for names in folded.values() if len(names) > 1]
    for name in widgets.__all__:
        assert getattr(widgets, name) is not None


def test_import_widgets_loads_no_pandas_numpy_or_matplotlib():
    code = "import sys, widgets; print(sorted(m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_the_old_entry_points_still_work():
    from widgets import score_order, score_sort

    assert score_order(["a", "b"], ["a", "b"]).score == 2
    assert score_sort(["p", "q"], {"x": ["p"]}, {"x": "p"}).score == 1
