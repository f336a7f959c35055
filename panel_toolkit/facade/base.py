"""Shared plumbing of the session facade: config, store, actor, role checks, event logging."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import sqlalchemy as sa

from ..actor import Actor
from ..config import SessionConfig
from ..errors import AccessDenied, NotFound
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
        q = (sa.select(t.applications).where(t.applications.c.session_id == self.id, self._scope_filter())
             .order_by(t.applications.c.id))
        with self.store.read() as conn:
            df = pd.DataFrame(conn.execute(q).mappings().all(), columns=[c.name for c in t.applications.c])
        df = df.set_index("id")
        df[list(COUNT_KEYS)] = df[list(COUNT_KEYS)].astype("Int64")
        df[list(BOOL_KEYS)] = df[list(BOOL_KEYS)].astype("boolean")
        df["founded_on"] = pd.to_datetime(df["founded_on"])
        return df

    def application(self, application_id: int) -> dict:
        q = sa.select(t.applications).where(t.applications.c.session_id == self.id, t.applications.c.id == application_id,
                                            self._scope_filter())
        with self.store.read() as conn:
            row = conn.execute(q).mappings().first()
        if row is None:
            raise NotFound(f"本批次中没有编号为 {application_id} 的申报（或无权查看）。",
                           f"No application {application_id} in this session (or not visible to you).")
        return dict(row)
