"""The message catalogue (消息目录): every text a person reads, in Chinese (zh-CN, the default) and English.

The texts live in data files beside this module, one per area (``widgets.toml``, ``cli.toml`` …)::

    [guide_due]
    zh = "评分截止：{due}"
    en = "Scoring deadline: {due}"

A translator edits those files, never code. Code asks for a text by key (``text("widgets.guide_due", lang,
due=…)``): the part before the first dot names the file. This module is the only place that chooses between the
languages; ``tests/test_i18n.py`` fails on a language branch anywhere else, on a key missing one language, on
placeholders that differ between the two, and on a key the code asks for that no file has.

Messages still written as a (zh, en) pair in code (the typed errors of :mod:`panel_toolkit.errors`) are chosen
with :func:`pick`, the same single branch.
"""
from __future__ import annotations

import functools
import tomllib
from pathlib import Path

HERE = Path(__file__).parent
LANGS = ("zh", "en")
DEFAULT = "zh"


def lang_of(value: object) -> str:
    """``"en"`` for English, else the default Chinese (an unknown or missing language is never an error)."""
    return "en" if value == "en" else DEFAULT


def pick(lang: object, zh, en):
    """``zh`` or ``en`` by ``lang``: the one language branch of the product."""
    return en if lang_of(lang) == "en" else zh


def index(lang: object) -> int:
    """0 for Chinese, 1 for English: the position in a ``(zh, en)`` pair."""
    return pick(lang, 0, 1)


@functools.cache
def domain(name: str) -> dict[str, dict[str, str]]:
    """One catalogue file, read once per process: ``{key: {"zh": …, "en": …}}``."""
    path = HERE / f"{name}.toml"
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise KeyError(f"no message catalogue {path.name}") from None


def entry(key: str) -> dict[str, str]:
    area, _, name = key.partition(".")
    try:
        return domain(area)[name]
    except KeyError:
        raise KeyError(f"no message {key!r} in panel_toolkit/i18n/{area}.toml") from None


def text(key: str, lang: object = DEFAULT, **values) -> str:
    """The message ``key`` (``area.name``) in ``lang``, its ``{placeholders}`` filled from ``values``."""
    return entry(key)[lang_of(lang)].format(**values) if values else entry(key)[lang_of(lang)]


def pair(key: str) -> tuple[str, str]:
    """``(zh, en)`` of a message (for a typed error that carries both)."""
    e = entry(key)
    return e["zh"], e["en"]


def labels(prefix: str, lang: object = DEFAULT) -> dict[str, str]:
    """The messages ``prefix_*`` of one area in ``lang``, keyed by the rest of their name: ``labels("eligibility.status",
    "en")`` is ``{"pass": "pass", "check": "check", …}`` from the entries ``[status_pass]``, ``[status_check]`` …
    (a code → label map kept in file order)."""
    area, _, stem = prefix.partition(".")
    head = stem + "_"
    found = {k[len(head):]: v[lang_of(lang)] for k, v in domain(area).items() if k.startswith(head)}
    if not found:
        raise KeyError(f"no message {prefix}_* in panel_toolkit/i18n/{area}.toml")
    return found


def areas() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.toml"))
