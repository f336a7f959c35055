"""The command line's texts (panel_toolkit/i18n/cli.toml): every key a command asks for exists with both
languages and the same placeholders, and every text in the file is used by some command."""
from __future__ import annotations

import ast
import string
import tomllib
from pathlib import Path

import panel_toolkit.cli as package
from panel_toolkit.cli.demo import STAFF_PAGES
from panel_toolkit.i18n import HERE

CLI = Path(package.__file__).parent


def catalogue() -> dict[str, dict[str, str]]:
    with (HERE / "cli.toml").open("rb") as f:
        return tomllib.load(f)


def _strings(node: ast.AST) -> list[str]:
    """The string constants an argument can be (both sides of ``a if c else b``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def asked() -> dict[str, str]:
    """key → where, for every ``say(ctx, key)``, ``both(key)`` and ``"cli.key"`` (``text``'s keys) in cli/."""
    keys = {}
    for path in sorted(CLI.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}   # f"cli.{key}"
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("cli.")
                    and id(node) not in parts):
                keys[node.value[4:]] = f"{path.name}:{node.lineno}"
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            arg = {"say": 1, "both": 0}.get(node.func.id)
            if arg is not None and len(node.args) > arg:
                keys.update({key: f"{path.name}:{node.lineno}" for key in _strings(node.args[arg])})
    keys.update({f"demo_{key}": "demo.py STAFF_PAGES" for key, *_ in STAFF_PAGES})
    return keys


def test_every_key_a_command_asks_for_is_in_the_catalogue():
    have = catalogue()
    missing = sorted(f"{where} {key}" for key, where in asked().items() if key not in have)
    assert not missing, "not in panel_toolkit/i18n/cli.toml:\n" + "\n".join(missing)
    assert len(asked()) > 50      # the scan found the commands' messages at all


def test_every_message_has_both_languages_and_the_same_placeholders():
    def fields(s: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(s) if name}

    for key, entry in catalogue().items():
        assert set(entry) == {"zh", "en"} and all(entry.values()), key
        assert fields(entry["zh"]) == fields(entry["en"]), key


def test_every_message_is_used():
    unused = sorted(set(catalogue()) - set(asked()))
    assert not unused, f"cli.toml texts no command prints: {unused}"
