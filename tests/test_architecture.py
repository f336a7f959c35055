"""The domain core imports no widget or plot library, and CI runs the README's test command."""
from __future__ import annotations

import re
import subprocess
import sys

CORE = ["panel_toolkit", "panel_toolkit.config", "panel_toolkit.intake.fields", "panel_toolkit.intake.validate",
        "panel_toolkit.intake.template", "panel_toolkit.eligibility", "panel_toolkit.store", "panel_toolkit.facade",
        "panel_toolkit.workspace", "panel_toolkit.demo", "panel_toolkit.panel", "panel_toolkit.sheets",
        "panel_toolkit.aggregation", "panel_toolkit.notice", "panel_toolkit.directory", "panel_toolkit.materials",
        "panel_toolkit.files", "panel_toolkit.i18n", "panel_toolkit.settings", "panel_toolkit.folder", "panel_toolkit.rules"]

BLOCKER = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('ipywidgets', 'plotly', 'voila', 'IPython', 'matplotlib'):
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Block())
"""


def test_core_imports_no_widgets_or_plots():
    code = BLOCKER + "".join(f"import {m}\n" for m in CORE) + "print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_ci_runs_the_readme_test_command(repo):
    readme = (repo / "README.md").read_text("utf-8")
    commands = re.findall(r"```bash\n(.+?)\n```", readme)
    assert len(commands) == 2, "the quick start has exactly two commands"
    assert "tests/run.py" in commands[1]   # pytest on SQLite, then on PostgreSQL
    assert commands[1] in (repo / ".ci" / "run").read_text("utf-8")


# -- the import graph: every import, module-level or inside a function (a lazy import is still an edge); imports
#    under ``if TYPE_CHECKING:`` are for type checkers only and never run ----------------------------------------

def _graph() -> dict[str, set[str]]:
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "panel_toolkit"

    def name_of(path: Path) -> str:
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    modules = {name_of(p): p for p in root.rglob("*.py") if "bundled" not in p.parts}
    graph = {}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        out = set()
        tree = ast.parse(path.read_text("utf-8"))
        for guard in [n for n in ast.walk(tree) if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"]:
            guard.body = []   # names for type checkers only: never imported when the program runs
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                out |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
                out |= {f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names}
        graph[name] = {m for m in out if m in modules and m != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_lazy_imports_included():
    assert _cycles(_graph()) == []


def test_nothing_in_the_package_imports_the_top_level_package():
    """``panel_toolkit``'s own names (Workspace, Actor) are for users; inside, modules import where a name lives."""
    assert [m for m, deps in _graph().items() if "panel_toolkit" in deps] == []


def _layers(repo) -> list[tuple[int, str, list[str]]]:
    """The layers as README.md draws them: lines ``  N name   module/ module.py …`` under "Layers"."""
    text = (repo / "README.md").read_text("utf-8")
    block = text.split("Layers (", 1)[1].split("```", 2)[1]
    out = []
    for line in block.splitlines():
        m = re.match(r"\s+(\d)\s+(\S+)\s+(.+)$", line)
        if m:
            out.append((int(m.group(1)), m.group(2), m.group(3).split()))
    return out


def test_each_layer_imports_only_its_own_layer_or_lower(repo):
    layers = _layers(repo)
    assert [n for n, _, _ in layers] == sorted((n for n, _, _ in layers), reverse=True) and len(layers) >= 5

    def layer_of(module: str) -> int:
        rel = module.split(".", 1)[1] if "." in module else ""
        for n, _, parts in layers:
            for part in parts:
                stem = part.rstrip("/").removesuffix(".py").replace("/", ".")
                if rel == stem or rel.startswith(stem + "."):
                    return n
        raise AssertionError(f"{module} is in no layer of README.md's Architecture: add it there")

    graph = _graph()
    wrong = sorted(f"{m} (layer {layer_of(m)}) imports {d} (layer {layer_of(d)})"
                   for m, deps in graph.items() if m != "panel_toolkit" for d in deps
                   if d != "panel_toolkit" and layer_of(d) > layer_of(m))
    assert wrong == []


def test_the_layer_check_sees_an_upward_import(repo):
    """The check above can fail: the facade importing the factory would be flagged."""
    layers = {name: n for n, name, _ in _layers(repo)}
    assert layers["facade"] < layers["factory"] < layers["front-ends"]
