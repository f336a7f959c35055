"""Settings read from the environment (环境变量): one table of name, default and meaning, checked at start.

datasette keeps its settings as one table that the docs print and a test holds to; so do we. Nothing else in
the package reads a ``PANEL_TOOLKIT_*`` variable: it calls :func:`get`. ``README.md`` prints the table
(``tests/test_settings.py`` fails when a setting is missing there), and :func:`check` turns a bad value into one
clear line at start-up (``panel-toolkit`` and the server call it) instead of a failure deep inside a request.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable

from .errors import InvalidArgument


class _Bad(ValueError):
    """What a setting should hold, in Chinese and English."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


def _choice(*allowed: str) -> Callable[[str], None]:
    def check(value: str) -> None:
        if value not in allowed:
            raise _Bad(" 或 ".join(allowed), f"one of {', '.join(allowed)}")
    return check


def _pid(value: str) -> None:
    if not value.isdigit():
        raise _Bad("进程号（数字）", "a process id (digits)")


def _url(value: str) -> None:
    if "://" not in value and not value.strip():
        raise _Bad("数据库地址或文件路径", "a database URL or a file path")


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    meaning: str
    check: Callable[[str], None] | None = None
    internal: bool = False   # set by the product for its own child processes, not by an operator


SETTINGS: tuple[Setting, ...] = (
    Setting("PANEL_TOOLKIT_WORKSPACE", ".", "The workspace folder (sessions/, rubrics/, panel.db) of the CLI and "
            "the apps; `-w` overrides it on the command line."),
    Setting("PANEL_TOOLKIT_DB", None, "The store's URL (any SQLAlchemy URL, e.g. postgresql://…); default "
            "`<workspace>/panel.db`. `--db` overrides it.", _url),
    Setting("PANEL_TOOLKIT_DB_SERVER", None, "A PostgreSQL server URL on which each workspace opened without a "
            "URL gets a database of its own (`pt_` + a hash of its path), created on first use.", _url),
    Setting("PANEL_TOOLKIT_LANG", "zh", "The language of messages and pages: zh (default) or en.",
            _choice("zh", "en")),
    Setting("PANEL_TOOLKIT_ACTOR", "市人社局", "Who is acting, for the event log of CLI commands; `--actor` overrides it."),
    Setting("PANEL_TOOLKIT_CACHE", "~/.cache/panel_toolkit", "Where a rubric or session file that passed its "
            "JSON Schema is remembered (by hash); `off` validates every time. `$XDG_CACHE_HOME` moves the default."),
    Setting("PANEL_TOOLKIT_TOKEN", None, "An expert's personal-link token: `assignments` then acts as that expert; "
            "`--token` overrides it."),
    Setting("PANEL_TOOLKIT_CRASH_DIR", "the temp folder", "Where the CLI writes the report of an unexpected error "
            "(exit 89); the terminal gets one line and the path."),
    Setting("BROWSER_PATH", "/usr/bin/chromium", "The Chromium that renders PDFs (documents, certificates) and "
            "static figures."),
    Setting("PANEL_TOOLKIT_PARENT_PID", None, "Set by `serve` for the server it starts: the server exits with "
            "its parent.", _pid, internal=True),
)
BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str, environ=None) -> str | None:
    """The setting's value: the environment's when set and not empty, else its default (``None`` where the
    default is computed elsewhere or there is none)."""
    setting = BY_NAME[name]
    value = (os.environ if environ is None else environ).get(name)
    if value:
        return value
    return setting.default if setting.default is not None and not setting.default.startswith(("~", "the ")) \
        else None


def check(environ=None) -> None:
    """Refuse a bad value of any setting, naming it, what it holds and what it should hold."""
    env = os.environ if environ is None else environ
    for s in SETTINGS:
        value = env.get(s.name)
        if value and s.check is not None:
            try:
                s.check(value)
            except _Bad as e:
                raise InvalidArgument(s.name, f"环境变量 {s.name}={value!r} 无效，应为{e.zh}。请改正或删除该变量。",
                                      f"Environment variable {s.name}={value!r} is not valid; expected {e.en}. "
                                      "Correct or unset it.") from None


def markdown_table() -> str:
    """The table README.md prints (``tests/test_settings.py`` holds the two together)."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for s in SETTINGS:
        rows.append(f"| `{s.name}` | {s.default or '—'} | {s.meaning}{' (internal)' if s.internal else ''} |")
    return "\n".join(rows)
