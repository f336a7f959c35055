"""Closing a session (SPEC §7 "closed is closed") and the chair's tie decisions (SPEC §5).

The chair's confirmation freezes what produced the list: every write that could change it calls
:meth:`SessionBase._require_open` first. :meth:`ClosureMixin.reopen` (the chair, with a reason) voids the
confirmation; recognition closes the session for good. A closed session's outputs read the directory
and the removals only as they were when it closed (:meth:`ClosureMixin.closed_at`).
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..errors import InvalidState, SessionClosed
from ..store import utcnow
from ..store.tables.closure import session_reopenings
from .base import SessionBase


class ClosureMixin(SessionBase):
    def reopen(self, reason: str) -> int:
        """The chair reopens a confirmed list with ``reason``: the confirmation is void (the notice cannot
        be published from it), the session can be changed and must be confirmed again. Refused after
        recognition (closed for good). Returns the reopening's id."""
        self._require("city")
        reason = (reason or "").strip()
        if not reason:
            raise InvalidState("重新开放须由主席写明理由。", "Reopening needs the chair's reason.")
        state, row = self.closure()
        if state == "recognised":
            raise SessionClosed(f"批次 {self.id} 已认定授牌，已永久关闭，不能重新开放。",
                                f"Session {self.id} is recognised and closed for good; it cannot be reopened.")
        if state != "confirmed":
            raise InvalidState(f"批次 {self.id} 没有有效的名单确认，无须重新开放。",
                               f"Session {self.id} has no standing confirmation; there is nothing to reopen.")
        with self.store.write() as conn:
            rid = conn.execute(session_reopenings.insert().values(
                session_id=self.id, proposed_list_id=row["id"], reason=reason, actor=self.actor.name,
                reopened_at=utcnow())).inserted_primary_key[0]
            self._log(conn, "session.reopened", self.id, voids_confirmation=row["id"], reason=reason)
        return int(rid)

    def closed_at(self) -> dt.datetime | None:
        """When the session's inputs were frozen: the standing confirmation's time (also after
        recognition, which needs one), or None while it is open."""
        state, row = self.closure()
        if state == "open":
            return None
        if state == "confirmed":
            return row["confirmed_at"]
        from ..store.tables.aggregation import proposed_lists as pl

        with self.store.read() as conn:
            return conn.execute(sa.select(sa.func.max(pl.c.confirmed_at)).where(pl.c.session_id == self.id)).scalar()
