"""Closing a session (SPEC §7 "closed is closed") and the chair's tie decisions (SPEC §5).

The chair's confirmation freezes what produced the list: every write that could change it calls
:meth:`SessionContext.require_open <.context.SessionContext.require_open>` first. :meth:`Closure.reopen` (the
chair, with a reason) voids the confirmation; recognition closes the session for good. A closed session's outputs
read the directory and the removals only as they were when it closed
(:meth:`SessionContext.closed_at <.context.SessionContext.closed_at>`). The tie order the aggregation reads is
:mod:`.ties`; the chair's tie decision is here, because it checks the aggregated scores.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from .. import freetext
from ..errors import InvalidState, SessionClosed
from ..store import utcnow
from ..store.tables.closure import confirmation_days, session_reopenings, tie_decisions
from .context import Service, writes


class Closure(Service):
    def __init__(self, ctx, aggregation):
        super().__init__(ctx)
        self.aggregation = aggregation

    @writes
    def reopen(self, reason: str) -> int:
        """The chair reopens a confirmed list with ``reason``: the confirmation is void (the notice cannot
        be published from it), the session can be changed and must be confirmed again. Refused after
        recognition (closed for good). Returns the reopening's id."""
        self._require("city")
        freetext.check(reason, "理由")  # free text: the CLI's check, for the apps too
        reason = (reason or "").strip()
        if not reason:
            raise InvalidState("重新开放须由主席写明理由。", "Reopening needs the chair's reason.")
        state, row = self.ctx.closure()
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

    def confirmation_day(self) -> dt.date:
        """The day the standing confirmation was decided: as entered, else the day (China time) it was recorded."""
        c = self.aggregation.confirmation()
        with self.store.read() as conn:
            day = conn.execute(sa.select(confirmation_days.c.decided_on)
                               .where(confirmation_days.c.proposed_list_id == c.id)).scalar()
        if day is not None:
            return day
        at = c.confirmed_at if c.confirmed_at.tzinfo else c.confirmed_at.replace(tzinfo=dt.timezone.utc)
        return at.astimezone(dt.timezone(dt.timedelta(hours=8))).date()

    def rules_changed_on_disk(self) -> list[dict]:
        """The session's files edited (or removed) on disk since its list was confirmed, while the session is
        closed: each ``{"kind": "session"|"rubric", "path", "missing"}``. Its outputs still use the confirmed
        texts (SPEC §7); front ends warn with :func:`panel_toolkit.facade.frozen.warning`. Empty while open.
        A path inside the workspace is given relative to it (``sessions/demo/session.yaml``)."""
        from .frozen import changed_on_disk

        return changed_on_disk(self.config, self.workspace.root)

    # == ties (SPEC §5: 并列 that the scores cannot break; the chair decides) ==========================
    @writes
    def decide_tie(self, first_id: int, second_id: int, reason: str) -> int:
        """The chair ranks ``first_id`` before ``second_id``: two candidates tied on combined, material and
        site scores. Recorded with the reason (the latest decision per pair counts) and shown in the list."""
        self._require("city")
        freetext.check(reason, "理由")  # free text: the CLI's check, for the apps too
        self._require_open()
        reason = (reason or "").strip()
        if not reason:
            raise InvalidState("主席决定并列排序须写明理由。", "The chair's tie decision needs a reason.")
        first_id, second_id = int(first_id), int(second_id)
        ranked = self.aggregation.aggregate().to_frame()
        ranked = ranked[ranked["rank"].notna()]
        if first_id == second_id or not {first_id, second_id} <= set(ranked.index) or \
                not _same_scores(ranked.loc[first_id], ranked.loc[second_id]):
            raise InvalidState(f"申报 {first_id} 与 {second_id} 的综合得分、资料评审、实地核查得分并不完全相同，无须主席决定。",
                               f"Applications {first_id} and {second_id} are not tied on every score; there is nothing "
                               "for the chair to decide.")
        with self.store.write() as conn:
            tid = conn.execute(tie_decisions.insert().values(
                session_id=self.id, first_id=first_id, second_id=second_id, reason=reason, actor=self.actor.name,
                decided_at=utcnow())).inserted_primary_key[0]
            self._log(conn, "tie.decided", f"{first_id}>{second_id}", first=first_id, second=second_id, reason=reason)
        return int(tid)

def _same_scores(a, b) -> bool:
    from ..aggregation.ranking import TIE_DECIMALS

    return all(round(float(a[k]), TIE_DECIMALS) == round(float(b[k]), TIE_DECIMALS) for k in ("combined", "material", "site"))


def record_confirmation_day(conn: sa.Connection, proposed_list_id: int, decided_on: dt.date | None) -> None:
    """A confirmation entered after the fact keeps the day the chair decided (not in the future)."""
    if decided_on is None:
        return
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    if decided_on > today:
        raise InvalidState(f"确认日期 {decided_on} 晚于今天，不能预先登记。", f"The confirmation date {decided_on} is in the future.")
    conn.execute(confirmation_days.insert().values(proposed_list_id=proposed_list_id, decided_on=decided_on))
