"""The settings table (panel_toolkit/settings.py) is complete, printed in the README, the only reader of the
environment, and checked at start (cf. datasette's test_docs: a setting nobody documented fails here)."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from panel_toolkit import settings

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "panel_toolkit"
NAME = re.compile(r"\b(PANEL_TOOLKIT_[A-Z][A-Z0-9_]*[A-Z0-9]|BROWSER_PATH)\b")


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_readme_prints_the_table_as_settings_gives_it():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "## Settings" in readme
    assert settings.markdown_table() in readme, "README.md: paste the output of settings.markdown_table()"


def test_every_variable_the_package_names_is_a_setting():
    named = {(m.group(1), f"{p.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}")
             for p in sources() for text in [p.read_text("utf-8")] for m in NAME.finditer(text)}
    missing = sorted(f"{where} {name}" for name, where in named if name not in settings.BY_NAME)
    assert not missing, "not in panel_toolkit/settings.py SETTINGS:\n" + "\n".join(missing)
    assert len({name for name, _ in named}) >= 9     # the scan found the package's variables at all


def _is_environ(node: ast.AST) -> bool:
    """``os.environ`` or a bare ``environ``."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (isinstance(node, ast.Name)
                                                                            and node.id == "environ")


def _env_reads(tree: ast.AST, constants: dict[str, str]):
    """(line, variable) of every read of a setting from the environment in ``tree``."""
    def value(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        return constants.get(node.id) if isinstance(node, ast.Name) else None

    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Call) and node.args:
            f = node.func
            if isinstance(f, ast.Attribute) and ((f.attr in ("get", "pop") and _is_environ(f.value))
                                                 or (f.attr == "getenv")):
                key = value(node.args[0])
        elif isinstance(node, ast.Subscript) and _is_environ(node.value) and isinstance(node.ctx, ast.Load):
            key = value(node.slice)
        elif isinstance(node, ast.Compare) and any(_is_environ(c) for c in node.comparators):
            key = value(node.left)
        elif isinstance(node, ast.keyword) and node.arg == "envvar":   # click reads the environment itself
            key = value(node.value)
        if key and NAME.fullmatch(key):
            yield node.lineno if hasattr(node, "lineno") else node.value.lineno, key


def test_only_the_settings_module_reads_the_environment():
    """Also through a constant (``ENV_LANG = "PANEL_TOOLKIT_LANG"``), wherever in the package it is defined.
    Handing a variable to a child process (``env["PANEL_TOOLKIT_DB"] = …``) is not reading it."""
    trees = {path: ast.parse(path.read_text("utf-8")) for path in sources()}
    constants = {t.id: n.value.value for tree in trees.values() for n in ast.walk(tree) if isinstance(n, ast.Assign)
                 and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
                 and NAME.fullmatch(n.value.value) for t in n.targets if isinstance(t, ast.Name)}
    offenders = [f"{path.relative_to(ROOT)}:{line} {name}" for path, tree in trees.items()
                 if path != PACKAGE / "settings.py" for line, name in _env_reads(tree, constants)]
    assert not offenders, "read through panel_toolkit.settings.get instead:\n" + "\n".join(sorted(offenders))


def test_the_scan_sees_every_way_of_reading():
    code = ('import os\nENV = "PANEL_TOOLKIT_LANG"\nos.environ.get("PANEL_TOOLKIT_DB")\nos.getenv(ENV)\n'
            'os.environ["BROWSER_PATH"]\n"PANEL_TOOLKIT_ACTOR" in os.environ\n'
            'click.option("--t", envvar="PANEL_TOOLKIT_TOKEN")\n'
            'os.environ["PANEL_TOOLKIT_LANG"] = "zh"\nos.environ.get("HOME")\n')
    tree = ast.parse(code)
    reads = sorted(_env_reads(tree, {"ENV": "PANEL_TOOLKIT_LANG"}))
    assert reads == [(3, "PANEL_TOOLKIT_DB"), (4, "PANEL_TOOLKIT_LANG"), (5, "BROWSER_PATH"),
                     (6, "PANEL_TOOLKIT_ACTOR"), (7, "PANEL_TOOLKIT_TOKEN")]


def test_get_gives_the_default_for_an_unset_or_empty_variable():
    assert settings.get("PANEL_TOOLKIT_LANG", {}) == "zh"
    assert settings.get("PANEL_TOOLKIT_LANG", {"PANEL_TOOLKIT_LANG": ""}) == "zh"
    assert settings.get("PANEL_TOOLKIT_LANG", {"PANEL_TOOLKIT_LANG": "en"}) == "en"
    assert settings.get("PANEL_TOOLKIT_DB", {}) is None
    assert settings.get("PANEL_TOOLKIT_CACHE", {}) is None      # computed where it is used ($XDG_CACHE_HOME)


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("panel-toolkit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "panel_toolkit"]


@pytest.mark.parametrize("name,value", [("PANEL_TOOLKIT_LANG", "fr"), ("PANEL_TOOLKIT_PARENT_PID", "abc")])
def test_panel_toolkit_refuses_a_bad_setting_in_one_line(tmp_path, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    r = subprocess.run([*_cli(), "-w", str(tmp_path), "session", "list"], capture_output=True, text=True, check=False,
                       cwd=tmp_path, timeout=120)
    assert r.returncode == 70, r.stderr
    assert r.stdout == "" and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert f"环境变量 {name}={value!r} 无效" in r.stderr and "Traceback" not in r.stderr


def test_the_server_refuses_a_bad_setting_before_it_starts(tmp_path, monkeypatch):
    monkeypatch.setenv("PANEL_TOOLKIT_LANG", "fr")
    r = subprocess.run([sys.executable, "-m", "panel_toolkit.server", str(tmp_path), "--no-browser"],
                       capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False)
    assert r.returncode == 70 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "PANEL_TOOLKIT_LANG='fr'" in r.stderr
