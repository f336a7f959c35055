"""Values that name things, checked before any work: record ids, counties, ports, session ids, store
URLs and output paths. Each check returns the clean value or raises a typed error (exit codes 70–74)
whose message says what was given, what is allowed and how to fix it. Plain Python: the CLI calls
these through :mod:`panel_toolkit.cli.params`, the apps and the facade call them directly.
"""
from __future__ import annotations

import importlib.util
import os
import re
import unicodedata
from pathlib import Path
from typing import Iterable

from .errors import InvalidArgument, InvalidOutput, InvalidSessionId, StoreUnavailable, UnknownCounty

MAX_ID = 2**63 - 1  # the store's integer columns are 64-bit


def integer(value: object, name: str, lo: int, hi: int) -> int:
    """An integer within [lo, hi] (``--boot``, ``--links``, years…)."""
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        raise InvalidArgument(name, f"{name} 应为整数，而不是“{value}”", f"{name} must be an integer, not {value!r}") from None
    if not lo <= n <= hi:
        raise InvalidArgument(name, f"{name} 应在 {lo}–{hi} 之间，而不是 {n}", f"{name} must be between {lo} and {hi}, not {n}")
    return n


def record_id(value: object, name: str = "编号") -> int:
    """A stored record's id: a positive 64-bit integer (larger numbers cannot exist and overflow the store)."""
    return integer(value, name, 1, MAX_ID)


def port(value: object) -> int:
    return integer(value, "--port", 1, 65535)


# -- counties ---------------------------------------------------------------------------------------

# Zero-width and other format characters (Unicode category Cf: U+200B, U+200D, U+FEFF, U+2060…) are
# invisible; a name copied from a web page or chat often carries them.
def normalise_name(text: object) -> str:
    """NFKC (full-width → ASCII), no spaces, no invisible characters."""
    s = unicodedata.normalize("NFKC", str(text))
    return "".join(ch for ch in s if not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Zs"))


def county(value: object, units: Iterable[str]) -> str:
    """The unit of ``units`` that ``value`` names exactly after normalisation; :class:`UnknownCounty` otherwise."""
    units = tuple(units)
    wanted = normalise_name(value)
    for u in units:
        if normalise_name(u) == wanted:
            return u
    shown = repr(str(value)) if wanted != str(value) else f"“{value}”"
    raise UnknownCounty("--county", f"未知县(市)区 {shown}，可选：{'、'.join(units)}",
                        f"unknown county {str(value)!r}; one of: {', '.join(units)}")


# -- session ids ------------------------------------------------------------------------------------

_SESSION_ID = re.compile(r"[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9_\-\u4e00-\u9fff]{0,63}")


def session_id(value: object) -> str:
    """A session id is a folder *name* under sessions/, never a path (no ``/``, ``\\``, ``..``, drive)."""
    text = str(value)
    if not _SESSION_ID.fullmatch(text):
        raise InvalidSessionId(
            "session", f"评审批次编号“{text}”无效：只能是字母、数字、汉字、-、_（至多 64 个字符），不能是路径；"
            "请用 panel-toolkit session list 查看已有批次",
            f"invalid session id {text!r}: letters, digits, '-' and '_' only (at most 64), never a path; "
            "see panel-toolkit session list")
    return text


# -- store URLs -------------------------------------------------------------------------------------

_DRIVERS = {"sqlite": "sqlite3", "sqlite+pysqlite": "sqlite3", "postgresql": "psycopg", "postgres": "psycopg",
            "postgresql+psycopg2": "psycopg2", "postgresql+psycopg": "psycopg"}
_SQLITE_MAGIC = b"SQLite format 3\x00"


def store_url(value: str | Path) -> str:
    """A store URL (``sqlite:///…``, ``postgresql+psycopg://…``) or an SQLite file path, checked:
    known scheme, installed driver, existing folder, and an existing file that really is SQLite."""
    text = str(value)
    if "://" not in text:
        _sqlite_file(Path(text), text)
        return text
    scheme = text.split("://", 1)[0].lower()
    if scheme not in _DRIVERS:
        raise StoreUnavailable(f"--db：不支持的数据库地址类型“{scheme}”；可用：sqlite:///文件路径 或 "
                               f"postgresql+psycopg://用户@主机/库（{text}）",
                               f"--db: unsupported database scheme {scheme!r}; use sqlite:///path or "
                               f"postgresql+psycopg://user@host/db ({text})")
    driver = _DRIVERS[scheme]
    if importlib.util.find_spec(driver) is None:
        install = "pip install -e '.[postgres]'（psycopg 3）" if driver == "psycopg" else f"pip install {driver}"
        raise StoreUnavailable(f"--db：数据库驱动 {driver} 未安装；请执行 {install}",
                               f"--db: the database driver {driver} is not installed; {install.replace('（', ' (').replace('）', ')')}")
    if scheme.startswith("sqlite"):
        path = text.split("://", 1)[1]
        path = path[1:] if path.startswith("/") else path
        if path and path != ":memory:":
            _sqlite_file(Path(path.split("?", 1)[0]), text)
    return text


def _sqlite_file(path: Path, given: str) -> None:
    if path.is_dir():
        raise StoreUnavailable(f"--db：{given} 是文件夹，不是数据库文件", f"--db: {given} is a folder, not a database file")
    if not path.parent.is_dir():
        raise StoreUnavailable(f"--db：文件夹 {path.parent} 不存在；请先创建，或改用已有文件夹中的路径",
                               f"--db: the folder {path.parent} does not exist; create it or choose another path")
    if path.is_file() and path.stat().st_size:
        with path.open("rb") as f:
            if f.read(16) != _SQLITE_MAGIC:
                raise StoreUnavailable(f"--db：{given} 不是 SQLite 数据库文件；请指向 panel.db 之类的数据库文件，或一个新文件名",
                                       f"--db: {given} is not an SQLite database; point it at a database file or a new name")


# -- output files -----------------------------------------------------------------------------------

def output_path(value: str | Path, extensions: Iterable[str]) -> Path:
    """A file that can be written: its folder exists and is writable, it is not a folder, and its
    extension is one of ``extensions`` (``.xlsx`` …)."""
    path = Path(value)
    allowed = tuple(e.lower() for e in extensions)
    if path.suffix.lower() not in allowed:
        raise InvalidOutput(f"输出文件 {path} 的扩展名“{path.suffix or '（无）'}”不可用；请使用：{'、'.join(allowed)}",
                            f"output file {path}: extension {path.suffix or '(none)'!r} not allowed; use one of "
                            f"{', '.join(allowed)}")
    if path.is_dir():
        raise InvalidOutput(f"输出路径 {path} 是文件夹；请给出文件名", f"output path {path} is a folder; give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise InvalidOutput(f"输出路径 {path} 无效：{parent} 是文件，不是文件夹", f"output path {path}: {parent} is a file, not a folder")
    if not parent.is_dir():
        raise InvalidOutput(f"输出文件夹 {parent} 不存在；请先创建，或换一个文件夹",
                            f"output folder {parent} does not exist; create it or choose another")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InvalidOutput(f"没有写入 {path} 的权限；请换一个文件夹", f"no permission to write {path}; choose another folder")
    return path
