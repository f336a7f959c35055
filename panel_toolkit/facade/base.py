"""Shared plumbing of the session facade: config, store, actor, role checks, event logging."""
from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

import pandas as pd
import sqlalchemy as sa

from ..actor import Actor
from ..config import SessionConfig
from ..errors import AccessDenied, InvalidState, NotFound, SessionClosed
from ..intake.fields import BOOL_KEYS, COUNT_KEYS
from ..store import schema as t
from ..store import utcnow
from .links import guarded

if TYPE_CHECKING:
    from ..workspace import Workspace


class SessionBase:
    def __init__(self, workspace: "Workspace", config: SessionConfig, actor: Actor):
        self.workspace, self.config, self.actor = workspace, config, actor
        self.store = guarded(workspace.store, actor, config)   # viewers read only; links re-checked
        self.id = config.id
        self.rubric = config.rubric
        self._register()

    # -- roles ---------------------------------------------------------------------------
    def _require(self, *roles: str) -> None:
        if self.actor.role not in roles:
            raise AccessDenied("当前身份无权执行此操作。", "Your role does not allow this operation.")

    def _scope_filter(self):
        """Which applications the actor may see: the city all; a county its own county; an expert
        only the applications assigned to them (active assignments)."""
        apps = t.applications
        if self.actor.role == "county":
            return apps.c.county == self.actor.scope
        if self.actor.role == "expert":
            a = t.assignments
            mine = sa.select(a.c.application_id).where(a.c.expert_id == int(self.actor.scope), a.c.active)
            return apps.c.id.in_(mine)
        return sa.true()

    # -- closed is closed (SPEC §7) -------------------------------------------------------
    def closure(self) -> tuple[str, dict | None]:
        """``("recognised", row)`` once recognition is recorded (closed for good); ``("confirmed", row)``
        while the latest confirmation of the proposed list stands (not voided by a reopen); else
        ``("open", None)``. ``row`` is the recognition's or the confirmation's record."""
        from ..store.tables.notice import recognitions as rc
        from .frozen import standing_confirmation

        with self.store.read() as conn:
            rec = conn.execute(sa.select(rc.c.created_at, rc.c.recognised_on).where(rc.c.session_id == self.id)
                               .order_by(rc.c.id).limit(1)).mappings().first()
            if rec is not None:
                return "recognised", dict(rec)
            conf = standing_confirmation(conn, self.id)
        return ("open", None) if conf is None else ("confirmed", {"id": conf["id"], "confirmed_at": conf["confirmed_at"]})

    def _require_not_voided(self, proposed_list_id: int) -> None:
        """A confirmation the chair voided by reopening (SPEC §7) is no list to publish or read."""
        from ..store.tables.closure import session_reopenings as ro

        with self.store.read() as conn:
            row = conn.execute(sa.select(ro.c.reason).where(ro.c.session_id == self.id,
                                                            ro.c.proposed_list_id == proposed_list_id)).first()
        if row is not None:
            raise InvalidState(f"主席已重新开放本批次（理由：{row[0]}），原名单确认作废，须重新确认。",
                               f"The chair reopened the session (reason: {row[0]}); the confirmation is void. "
                               "Confirm the list again.")

    def _require_open(self, *, confirmed_ok: bool = False) -> None:
        """Called first by every write that could change the proposed list (screening, intake, sheets,
        vetoes, the draw, revisions): refused once the list is confirmed (until the chair reopens it
        with a reason) and for good once recognition is recorded (SPEC §7)."""
        state, _ = self.closure()
        if state == "recognised":
            raise SessionClosed(f"批次 {self.id} 已认定授牌，已永久关闭，任何改变名单的操作均不再接受。",
                                f"Session {self.id} is recognised and closed for good; nothing that changes its list "
                                "can be recorded.")
        if state == "confirmed" and not confirmed_ok:
            raise SessionClosed(f"批次 {self.id} 的拟认定名单已经主席确认，已冻结；如确需修改，须由主席说明理由重新开放"
                                f"（panel-toolkit reopen {self.id} --reason …），原确认随之作废。",
                                f"The proposed list of session {self.id} is confirmed and frozen; to change it the chair "
                                f"must reopen the session with a reason (panel-toolkit reopen {self.id} --reason …), "
                                "which voids the confirmation.")

    def _log(self, conn: sa.Connection, action: str, target: str = "", **details) -> None:
        self.store.log(conn, actor=self.actor.name, role=self.actor.role, session_id=self.id,
                       action=action, target=target, details=details)

    # -- session row ---------------------------------------------------------------------
    def _register(self) -> None:
        c, r = self.config, self.rubric
        row = dict(title_zh=c.title.zh, title_en=c.title.en, reference_date=c.reference_date, rubric_id=r.id,
                   rubric_version=r.version, rubric_sha256=r.sha256, config_sha256=c.sha256, config_path=c.path)
        with self.store.read() as conn:
            old = conn.execute(sa.select(t.sessions).where(t.sessions.c.id == self.id)).mappings().first()
        if old is not None and old["config_sha256"] == c.sha256:
            return
        with self.workspace.store.write() as conn:   # bookkeeping of the files, not the actor's act
            if old is None:
                conn.execute(t.sessions.insert().values(id=self.id, created_at=utcnow(), **row))
                self._log(conn, "session.registered", self.id, rubric=r.id, rubric_version=r.version, config_sha256=c.sha256)
            else:
                conn.execute(t.sessions.update().where(t.sessions.c.id == self.id).values(**row))
                self._log(conn, "session.config_changed", self.id, old_config_sha256=old["config_sha256"],
                          new_config_sha256=c.sha256, old_rubric_version=old["rubric_version"], new_rubric_version=r.version)

    # -- applications ----------------------------------------------------------------------
    def applications_frame(self) -> pd.DataFrame:
        """The session's applications the actor may see, index = application id, typed columns."""
        memo = self.__dict__.get("_applications_memo")
        if memo is not None:
            return memo.copy()
        q = (sa.select(t.applications).where(t.applications.c.session_id == self.id, self._scope_filter())
             .order_by(t.applications.c.id))
        with self.store.read() as conn:
            df = pd.DataFrame(conn.execute(q).all(), columns=[c.name for c in t.applications.c])
        df = df.set_index("id")
        df[list(COUNT_KEYS)] = df[list(COUNT_KEYS)].astype("Int64")
        df[list(BOOL_KEYS)] = df[list(BOOL_KEYS)].astype("boolean")
        df["founded_on"] = pd.to_datetime(df["founded_on"])
        return df

    @contextmanager
    def _applications_read_once(self) -> Iterator[None]:
        """Within one computation (the aggregation's inputs) the applications are read once, not by each step."""
        if "_applications_memo" in self.__dict__:
            yield
            return
        self.__dict__["_applications_memo"] = self.applications_frame()
        try:
            yield
        finally:
            del self.__dict__["_applications_memo"]

    def application(self, application_id: int) -> dict:
        q = sa.select(t.applications).where(t.applications.c.session_id == self.id, t.applications.c.id == application_id,
                                            self._scope_filter())
        with self.store.read() as conn:
            row = conn.execute(q).mappings().first()
        if row is None:
            raise NotFound(f"本批次中没有编号为 {application_id} 的申报（或无权查看）。",
                           f"No application {application_id} in this session (or not visible to you).")
        return dict(row)
