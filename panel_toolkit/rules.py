"""A session's rules as the workspace reads them (SPEC §7, closed is closed — for the rules too).

While a session is open its rules are its files on disk (``sessions/<id>/session.yaml`` and the rubric it
names). At the chair's confirmation the exact texts of both are kept with it (``frozen_files``, same
transaction: :func:`keep`); while that confirmation stands, and for good once the session is recognised, the
rules are parsed from those texts, whatever the files say now. After a reopen (the confirmation is void) the
files count again. A confirmation recorded before the texts were kept (store revision 0003) has only their
SHA-256: the files on disk are used when they still match, and refused (:class:`~panel_toolkit.errors.RulesChanged`)
when not. :meth:`panel_toolkit.folder.Folder.rules` is the one caller.
"""
from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import sqlalchemy as sa

from .config import SessionConfig, load_session_config
from .config.rubric import load_rubric
from .errors import RulesChanged
from .store.queries import closure as q


def load(root: Path, closing, kept: dict, session_id: str, path: Path) -> SessionConfig:
    """The rules of ``session_id`` (its file is ``path``) given the confirmation that closes it (``closing``,
    None while open) and the texts kept with it."""
    search = [root / "rubrics"]
    if closing is None:
        return load_session_config(path, rubric_search=search)
    if not kept:   # confirmed before the texts were kept: the files must still be the confirmed ones
        config = load_session_config(path, rubric_search=search)
        if config.rubric.sha256 != closing["rubric_sha256"]:
            raise RulesChanged(session_id, config.rubric.path, "rubric")
        if config.sha256 != closing["config_sha256"]:
            raise RulesChanged(session_id, path, "session")
        return config
    rubric = load_rubric(absolute(root, kept["rubric"]["path"]), text=kept["rubric"]["text"])
    config = load_session_config(path, rubric_search=search, text=kept["session"]["text"], rubric=rubric)
    return dataclasses.replace(config, frozen_by=int(closing["id"]))


def keep(conn: sa.Connection, root: Path, proposed_list_id: int, config: SessionConfig) -> None:
    """Keep the texts ``config`` was parsed from with confirmation ``proposed_list_id`` (inside its transaction)."""
    files = {"session": (config.path, config.text), "rubric": (config.rubric.path, config.rubric.text)}
    if not all(text for _, text in files.values()):   # a config not read from files: nothing to keep
        return
    q.keep_files(conn, config.id, proposed_list_id,
                 [dict(kind=kind, path=relative(root, path), sha256=sha256(text), text=text)
                  for kind, (path, text) in files.items()])


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def relative(root: Path, path: str | Path) -> str:
    """``path`` relative to the workspace when inside it (``sessions/demo/session.yaml``), else as it is
    (a bundled rubric): no server path reaches a page for a workspace file."""
    p = Path(path).resolve()
    try:
        return p.relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(p)


def absolute(root: Path, path: str) -> Path:
    p = Path(path)
    return p if p.is_absolute() else Path(root) / p
