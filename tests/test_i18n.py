"""The message catalogue (panel_toolkit/i18n) holds: every message in both languages with the same
placeholders, every key the code asks for is there and every entry is asked for, and no module but the
catalogue's loader chooses between the languages itself (a translator edits the files, never code)."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from panel_toolkit import i18n

PACKAGE = Path(i18n.__file__).resolve().parents[1]
LOADER = PACKAGE / "i18n" / "__init__.py"
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if p != LOADER)

#: A language branch: a comparison with a language code ("en"/"zh", either side, == or !=), a membership test
#: in a tuple/list/set of codes, a code chosen by a conditional ("en" if … else …), or startswith("en").
CODE = r"""(?:"(?:en|zh)"|'(?:en|zh)')"""
BRANCH = re.compile(
    rf"""(?:==|!=)\s*{CODE}"""              # lang == "en", L != 'en', self.lang == "zh"
    rf"""|{CODE}\s*(?:==|!=)"""             # "en" == lang
    rf"""|\bin\s*[(\[{{]\s*{CODE}"""        # lang in ("en", "english")
    rf"""|{CODE}\s+if\b"""                  # "en" if lang == … else "zh"
    rf"""|\belse\s+{CODE}"""                # … else "zh"
    rf"""|\.startswith\(\s*{CODE}""")       # lang.startswith("en")


@pytest.mark.parametrize("line", [
    'return en if lang == "en" else zh',
    "if lang != 'en':",
    'x = LABELS[lang == "en"]',
    'i = 1 if lang == "en" else 0',
    'cols = OFFICIAL["en" if lang == "en" else "zh"]',
    'name = "en" if english else "zh"',
    'if self.lang == "zh":',
    'if "en" == lang:',
    'if L in ("en", "english"):',
    'if lang.startswith("en"):',
    'table = EN if (lang or "").lower() == "en" else ZH',
])
def test_the_branch_pattern_finds_every_spelling(line):
    assert BRANCH.search(line), line


@pytest.mark.parametrize("line", [
    'return i18n.pick(lang, self.zh, self.en)',
    'def label(self, lang: str = "zh") -> str:',
    'LANGS = ("zh", "en")',
    'text("widgets.guide_due", lang, due=due)',
    'Label(d["zh"], d["en"])',
    'lang = lang_of(params.get("lang"))',
])
def test_the_branch_pattern_leaves_ordinary_code_alone(line):
    assert not BRANCH.search(line), line


def _code_lines(path: Path):
    """(line number, code) of a file with comments and docstrings blanked, so prose may mention a branch."""
    src = path.read_text(encoding="utf-8")
    lines = src.split("\n")
    for node in ast.walk(ast.parse(src)):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            for i in range(body[0].lineno - 1, body[0].end_lineno):
                lines[i] = ""
    for n, line in enumerate(lines, start=1):
        code = line.split("#", 1)[0] if "#" in line and not re.search(r"""["'][^"']*#""", line) else line
        yield n, code


def test_no_language_branch_outside_the_catalogue():
    offenders = [f"{p.relative_to(PACKAGE.parent)}:{n}: {code.strip()}"
                 for p in SOURCES for n, code in _code_lines(p) if BRANCH.search(code)]
    assert not offenders, ("choose the language through panel_toolkit.i18n (text, labels, pick, index), not "
                           "inline:\n" + "\n".join(offenders))


# -- the catalogue's files ---------------------------------------------------------------------------------

def _entries():
    for area in i18n.areas():
        for name, entry in i18n.domain(area).items():
            yield f"{area}.{name}", entry


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f is not None}


def test_there_is_a_catalogue():
    assert {"common", "widgets", "dashboards", "errors"} <= set(i18n.areas())
    assert i18n.text("widgets.guide_due", "zh", due="2026-05-01") == "评分截止日期：2026-05-01"
    assert i18n.text("widgets.guide_due", "en", due="2026-05-01") == "Scoring deadline: 2026-05-01"
    assert i18n.text("widgets.guide_due", "fr", due="x") == "评分截止日期：x"     # an unknown language: Chinese
    assert i18n.labels("dashboards.stage", "en")["recognised"] == "recognised"
    with pytest.raises(KeyError, match="widgets.toml"):
        i18n.text("widgets.no_such_message")


def test_every_message_has_both_languages():
    bad = [f"{key}: {sorted(set(i18n.LANGS) ^ set(entry))}" for key, entry in _entries()
           if set(entry) != set(i18n.LANGS) or not all(isinstance(entry[lang], str) and entry[lang].strip()
                                                         for lang in i18n.LANGS)]
    assert not bad, "each entry needs a non-empty zh and en (and nothing else):\n" + "\n".join(bad)


def test_both_languages_have_the_same_placeholders():
    bad = [f"{key}: zh {sorted(_fields(e['zh']))} ≠ en {sorted(_fields(e['en']))}" for key, e in _entries()
           if _fields(e["zh"]) != _fields(e["en"])]
    assert not bad, "\n".join(bad)


def test_the_chinese_texts_carry_no_english_sentence():
    # A zh text may hold codes, units and names (ICC, α, Excel, PDF, E1…), not an English phrase of 3+ words.
    bad = [f"{key}: {e['zh']}" for key, e in _entries() if re.search(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}", e["zh"])]
    assert not bad, "\n".join(bad)


# -- the keys the code asks for ------------------------------------------------------------------------------

#: How the code names a message: i18n.text/pair/labels("area.name"…) and the expert app's one-line shortcut
#: widgets.messages.text("name"…) (area widgets). An f-string key ("errors.col_{c}") counts as a prefix.
ASKERS = {"text", "pair", "labels", "entry"}


def _asked():
    """(full keys, key prefixes, unresolved places) the code asks for."""
    keys, prefixes, places = set(), set(), []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        shortcut = path.parent.name == "widgets" and path.name != "messages.py"
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in ASKERS:
                continue
            for first in _choices(node.args[0]):
                _note(first, name, node, path, shortcut, keys, prefixes, places)
    return keys, prefixes, places


def _choices(arg):
    """The key expressions of an argument: both arms of ``"a.x" if … else "a.y"``."""
    if isinstance(arg, ast.IfExp):
        yield from _choices(arg.body)
        yield from _choices(arg.orelse)
    else:
        yield arg


def _note(first, name, node, path, shortcut, keys, prefixes, places):
    area = "widgets." if shortcut and not isinstance(node.func, ast.Attribute) and name == "text" else ""
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        key = area + first.value
        if "." not in key:
            return                                  # not a catalogue key (str.text… of something else)
        (prefixes if name == "labels" else keys).add(key + ("_" if name == "labels" else ""))
        if name != "labels":
            places.append((key, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"))
    elif isinstance(first, ast.JoinedStr) and first.values and isinstance(first.values[0], ast.Constant):
        prefixes.add(area + first.values[0].value)
    elif isinstance(first, ast.BinOp) and isinstance(first.left, ast.Constant) \
            and isinstance(first.left.value, str):
        prefixes.add(area + first.left.value)      # text("dashboards." + key, …)


def test_every_key_the_code_asks_for_exists():
    keys, prefixes, places = _asked()
    known = {key for key, _ in _entries()}
    assert keys and prefixes, "the scan found no key: its pattern is broken"
    missing = sorted(f"{where}: {key}" for key, where in places if key not in known)
    missing += sorted(f"labels({p[:-1]!r}): no entry {p}*" for p in prefixes
                      if p.endswith("_") and not any(k.startswith(p) for k in known))
    assert not missing, "asked for and not in panel_toolkit/i18n/*.toml:\n" + "\n".join(missing)


def test_every_entry_is_used():
    keys, prefixes, _ = _asked()
    dead = sorted(key for key, _ in _entries()
                  if key not in keys and not any(key.startswith(p) for p in prefixes))
    assert not dead, "entries no code asks for (remove them, or use them):\n" + "\n".join(dead)
