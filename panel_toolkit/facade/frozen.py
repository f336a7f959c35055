"""Closed is closed, for the rules too (SPEC §7): a closed session is computed with the session file and the
rubric its list was confirmed with, whatever the files on disk say now.

At the chair's confirmation the exact texts of both files are kept with it (``frozen_files``, same
transaction: :func:`keep`). :func:`load_config` is the one place every front end's config comes from
(:meth:`panel_toolkit.workspace.Workspace.config`): while the latest confirmation stands or the session is
recognised, the config is parsed from those texts; after a reopen (the confirmation is void) from disk again.
A confirmation recorded before the texts were kept (store revision 0003) has only their SHA-256: the files
on disk are used when they still match, and refused (:class:`~panel_toolkit.errors.RulesChanged`) when not.
"""
from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import sqlalchemy as sa

from ..config import SessionConfig, load_session_config
from ..config import loader
from ..config.rubric import find_rubric, load_rubric
from ..errors import RulesChanged
from ..store.tables.aggregation import proposed_lists as pl
from ..store.tables.closure import session_reopenings as ro
from ..store.tables.frozen import frozen_files as ff
from ..store.tables.notice import recognitions as rc

KINDS = ("session", "rubric")


def _latest_confirmation(conn: sa.Connection, session_id: str):
    return conn.execute(sa.select(pl).where(pl.c.session_id == session_id).order_by(pl.c.id.desc()).limit(1)
                        ).mappings().first()


def standing_confirmation(conn: sa.Connection, session_id: str):
    """The latest confirmation of the session's list (its ``proposed_lists`` row) unless a reopen voided it."""
    conf = _latest_confirmation(conn, session_id)
    if conf is None:
        return None
    voided = conn.execute(sa.select(ro.c.id).where(ro.c.session_id == session_id,
                                                   ro.c.proposed_list_id == conf["id"])).first()
    return None if voided else conf


def closing_list(conn: sa.Connection, session_id: str):
    """The confirmation that closes the session: the standing one, or — once recognition is recorded, which
    needs a standing confirmation and forbids any later one — the latest. None while the session is open."""
    recognised = conn.execute(sa.select(rc.c.id).where(rc.c.session_id == session_id).limit(1)).first()
    if recognised is None:
        return standing_confirmation(conn, session_id)
    return _latest_confirmation(conn, session_id)


def load_config(workspace, session_id: str, path: Path) -> SessionConfig:
    """The config of ``session_id`` (its file is ``path``): the kept texts while the session is closed,
    else the files on disk."""
    search = [workspace.root / "rubrics"]
    with workspace.store.read() as conn:
        closing = closing_list(conn, session_id)
        kept = {} if closing is None else {r["kind"]: r for r in conn.execute(
            sa.select(ff).where(ff.c.proposed_list_id == closing["id"])).mappings()}
    if closing is None:
        return load_session_config(path, rubric_search=search)
    if not kept:   # confirmed before the texts were kept: the files must still be the confirmed ones
        config = load_session_config(path, rubric_search=search)
        if config.rubric.sha256 != closing["rubric_sha256"]:
            raise RulesChanged(session_id, config.rubric.path, "rubric")
        if config.sha256 != closing["config_sha256"]:
            raise RulesChanged(session_id, path, "session")
        return config
    rubric = load_rubric(_absolute(workspace.root, kept["rubric"]["path"]), text=kept["rubric"]["text"])
    config = load_session_config(path, rubric_search=search, text=kept["session"]["text"], rubric=rubric)
    return dataclasses.replace(config, frozen_by=int(closing["id"]))


def keep(conn: sa.Connection, root: Path, proposed_list_id: int, config: SessionConfig) -> None:
    """Keep the texts ``config`` was parsed from with confirmation ``proposed_list_id`` (inside its transaction)."""
    files = {"session": (config.path, config.text), "rubric": (config.rubric.path, config.rubric.text)}
    if not all(text for _, text in files.values()):   # a config not read from files: nothing to keep
        return
    conn.execute(ff.insert(), [dict(session_id=config.id, proposed_list_id=proposed_list_id, kind=kind,
                                    path=_relative(root, path), sha256=sha256(text), text=text)
                               for kind, (path, text) in files.items()])


def changed_on_disk(config: SessionConfig, root: Path) -> list[dict]:
    """What differs on disk from the kept files of a closed session (workspace ``root``): the session file's
    text, and the rubric that file now names (another file, or the same one edited). Each entry: ``kind``
    ("session"/"rubric"), ``path`` (relative to ``root`` when inside it) and ``missing`` (the file is gone).
    Empty for a config read from disk."""
    if config.frozen_by is None:
        return []
    out = []
    session_now = _text(Path(config.path))
    if session_now != config.text:
        out.append({"kind": "session", "path": _relative(root, config.path), "missing": session_now is None})
    rubric_path = Path(config.rubric.path)
    try:   # the rubric the session file on disk names now
        data = loader.read_yaml(Path(config.path), session_now)
        rubric_path = find_rubric(data["rubric"], Path(config.path).parent, [Path(root) / "rubrics"])
    except Exception:   # noqa: BLE001 - a broken or missing session file is reported above
        pass
    rubric_now = _text(rubric_path)
    if rubric_now != config.rubric.text or rubric_path.resolve() != Path(config.rubric.path).resolve():
        out.append({"kind": "rubric", "path": _relative(root, rubric_path), "missing": rubric_now is None})
    return out


def calendar_overrides_on_disk(config: SessionConfig) -> list[Path]:
    """The calendar override files the session file on disk names now (for a closed session, whose kept
    text may name fewer); none when the file is missing or broken (``status`` reports that)."""
    try:
        data = loader.read_yaml(Path(config.path))
        names = (data.get("notice") or {}).get("calendar_overrides") or ()
        return [(Path(config.path).parent / str(n)).resolve() for n in names]
    except Exception:   # noqa: BLE001 - a broken session file is reported by changed_on_disk
        return []


def _text(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def warning(change: dict, lang: str = "zh") -> str:
    """One line for a front end about one entry of :func:`changed_on_disk`."""
    zh, en = {"session": ("批次设置文件", "session file"), "rubric": ("评分细则文件", "rubric file")}[change["kind"]]
    path = change["path"]
    if lang == "en":
        how = "was removed" if change["missing"] else "was changed"
        return (f"Warning: the {en} {path} {how} after the proposed list was confirmed; this session is still "
                "computed with the version confirmed. To apply the change, the chair must reopen the session with a "
                "reason and confirm the list again.")
    how = "已被删除" if change["missing"] else "被修改"
    return (f"注意：{zh} {path} 在名单确认后{how}；该批次仍按确认时的版本计算。如需采用修改后的版本，"
            "须由主席说明理由重新开放并重新确认名单。")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _relative(root: Path, path: str | Path) -> str:
    p = Path(path).resolve()
    try:
        return p.relative_to(Path(root).resolve()).as_posix()
    except ValueError:   # outside the workspace (a bundled rubric)
        return str(p)


def _absolute(root: Path, path: str) -> Path:
    p = Path(path)
    return p if p.is_absolute() else Path(root) / p
