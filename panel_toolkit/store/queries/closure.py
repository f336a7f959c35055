"""Queries of a session's closing (SPEC §7): its standing confirmation, recognition, reopenings, kept texts."""
from __future__ import annotations

import sqlalchemy as sa

from ..tables.aggregation import proposed_lists as pl
from ..tables.closure import session_reopenings as ro
from ..tables.frozen import frozen_files as ff
from ..tables.notice import recognitions as rc


def latest_confirmation(conn: sa.Connection, session_id: str):
    return conn.execute(sa.select(pl).where(pl.c.session_id == session_id).order_by(pl.c.id.desc()).limit(1)
                        ).mappings().first()


def standing_confirmation(conn: sa.Connection, session_id: str):
    """The latest confirmation of the session's list (its ``proposed_lists`` row) unless a reopen voided it."""
    conf = latest_confirmation(conn, session_id)
    if conf is None:
        return None
    return None if reopening_reason(conn, session_id, conf["id"]) is not None else conf


def reopening_reason(conn: sa.Connection, session_id: str, proposed_list_id: int) -> str | None:
    """The chair's reason for voiding confirmation ``proposed_list_id`` by a reopen; None if it stands."""
    row = conn.execute(sa.select(ro.c.reason).where(ro.c.session_id == session_id,
                                                    ro.c.proposed_list_id == proposed_list_id)).first()
    return None if row is None else row[0]


def recognition(conn: sa.Connection, session_id: str):
    """The session's first recognition record (``created_at``, ``recognised_on``), or None."""
    return conn.execute(sa.select(rc.c.created_at, rc.c.recognised_on).where(rc.c.session_id == session_id)
                        .order_by(rc.c.id).limit(1)).mappings().first()


def closing_list(conn: sa.Connection, session_id: str):
    """The confirmation that closes the session: the standing one, or — once recognition is recorded, which
    needs a standing confirmation and forbids any later one — the latest. None while the session is open."""
    if recognition(conn, session_id) is None:
        return standing_confirmation(conn, session_id)
    return latest_confirmation(conn, session_id)


def kept_files(conn: sa.Connection, proposed_list_id: int) -> dict[str, dict]:
    """The session file and rubric texts kept with a confirmation, by kind ("session", "rubric")."""
    return {r["kind"]: dict(r) for r in conn.execute(sa.select(ff).where(ff.c.proposed_list_id == proposed_list_id)
                                                     ).mappings()}


def keep_files(conn: sa.Connection, session_id: str, proposed_list_id: int, rows: list[dict]) -> None:
    conn.execute(ff.insert(), [dict(session_id=session_id, proposed_list_id=proposed_list_id, **r) for r in rows])
