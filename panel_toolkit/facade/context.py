"""What every service of one session shares (:class:`SessionContext`), the base they build on
(:class:`Service`) and the explicit marker of a write (:func:`writes`).

A session's services (intake, screening, panel, sheets, aggregation…) are small classes that receive the
context and the other services they use as constructor arguments (:class:`panel_toolkit.facade.Session` wires
them). The context holds the session id, its rules, the actor, the guarded store, the access scope and the
event writer, and the checks every write runs first: the actor's role and "closed is closed" (SPEC §7).
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import sqlalchemy as sa

from ..actor import Actor
from ..config import SessionConfig
from ..errors import AccessDenied, InvalidState, ReadOnly, SessionClosed
from ..store import schema as t
from ..store import utcnow
from ..store.queries import closure as closing
from .links import guarded
from .scope import Scope

#: The roles a session knows (:mod:`panel_toolkit.actor`); a viewer carries the city's or a county's.
ROLES = ("city", "county", "expert")

if TYPE_CHECKING:
    from ..folder import Folder


def writes(method):
    """Marks a service method that writes (to the store, or a file on the server). A read-only actor (a viewer: a staff link) is refused at its entry,
    before any argument is looked at, so a viewer gets one clear :class:`~panel_toolkit.errors.ReadOnly`
    whatever it passes (the guarded store refuses it again inside any transaction). ``tests/facade/
    test_scope.py`` checks that every method that opens a write transaction carries the marker."""
    @functools.wraps(method)
    def guard(self, *args, **kwargs):
        if self.actor.read_only:
            raise ReadOnly()
        return method(self, *args, **kwargs)

    guard.writes = True
    return guard


class delegate:
    """``name = delegate("service")``: the facade's ``name`` is its service's ``name`` (a one-line delegation).
    On the class it is the service's function, so ``help(Session.draw)`` shows the docstring (the facade class
    names its services' types in ``_SERVICES``)."""

    def __init__(self, service: str):
        self.service = service

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, facade, owner=None):
        if facade is None:
            return getattr(owner._SERVICES[self.service], self.name)
        return getattr(getattr(facade, self.service), self.name)


class SessionContext:
    """One session as one actor sees it: what every service reads and the checks every write runs."""

    def __init__(self, folder: "Folder", config: SessionConfig, actor: Actor):
        self.folder, self.config, self.actor = folder, config, actor
        self.id, self.rubric = config.id, config.rubric
        if actor.role not in ROLES:   # a mistyped role must not fall through to any rule of who sees what
            raise AccessDenied(f"未知身份 {actor.role!r}。", f"Unknown role {actor.role!r}.")
        # viewers read only; an actor opened by a link is re-checked inside every write transaction, against
        # the deadline the session's rules give now (moving ``panel.due_date`` reaches open pages)
        self._due_date = config.due_date
        self.store = guarded(folder.store, actor, self.due_date)
        self.scope = Scope(self)

    def due_date(self):
        """The scoring deadline (``panel.due_date``) as the session's rules say now, so moving it reaches pages that
        are open; while the session file cannot be read (a typo saved, the file moved) the last deadline read
        stands — an open page keeps saving, and no parser text or server path reaches it."""
        try:
            self._due_date = self.folder.rules(self.id).due_date
        except Exception:  # noqa: BLE001 - any failure to read the rules: the deadline known last
            pass
        return self._due_date

    # -- roles -------------------------------------------------------------------------------
    def require(self, *roles: str) -> None:
        if self.actor.role not in roles:
            raise AccessDenied("当前身份无权执行此操作。", "Your role does not allow this operation.")

    # -- closed is closed (SPEC §7) ---------------------------------------------------------
    def closure(self) -> tuple[str, dict | None]:
        """``("recognised", row)`` once recognition is recorded (closed for good); ``("confirmed", row)``
        while the latest confirmation of the proposed list stands (not voided by a reopen); else
        ``("open", None)``. ``row`` is the recognition's or the confirmation's record."""
        with self.store.read() as conn:
            rec = closing.recognition(conn, self.id)
            if rec is not None:
                return "recognised", dict(rec)
            conf = closing.standing_confirmation(conn, self.id)
        return ("open", None) if conf is None else ("confirmed", {"id": conf["id"], "confirmed_at": conf["confirmed_at"]})

    def closed_at(self):
        """When the session's inputs were frozen: the standing confirmation's time (also after
        recognition, which needs one), or None while it is open."""
        with self.store.read() as conn:
            row = closing.closing_list(conn, self.id)
        return None if row is None else row["confirmed_at"]

    def require_open(self, *, confirmed_ok: bool = False) -> None:
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

    def require_not_voided(self, proposed_list_id: int) -> None:
        """A confirmation the chair voided by reopening (SPEC §7) is no list to publish or read."""
        with self.store.read() as conn:
            reason = closing.reopening_reason(conn, self.id, proposed_list_id)
        if reason is not None:
            raise InvalidState(f"主席已重新开放本批次（理由：{reason}），原名单确认作废，须重新确认。",
                               f"The chair reopened the session (reason: {reason}); the confirmation is void. "
                               "Confirm the list again.")

    # -- the event log -------------------------------------------------------------------------
    def log(self, conn: sa.Connection, action: str, target: str = "", **details) -> None:
        self.store.log(conn, actor=self.actor.name, role=self.actor.role, session_id=self.id,
                       action=action, target=target, details=details)

    def register(self) -> None:
        """The session's row in the store, written on first use and when its files changed (bookkeeping of
        the files, not the actor's act: done for a viewer too)."""
        c, r = self.config, self.rubric
        row = dict(title_zh=c.title.zh, title_en=c.title.en, reference_date=c.reference_date, rubric_id=r.id,
                   rubric_version=r.version, rubric_sha256=r.sha256, config_sha256=c.sha256, config_path=c.path)
        with self.store.read() as conn:
            old = conn.execute(sa.select(t.sessions).where(t.sessions.c.id == self.id)).mappings().first()
        if old is not None and old["config_sha256"] == c.sha256:
            return
        with self.folder.store.write() as conn:
            if old is None:
                conn.execute(t.sessions.insert().values(id=self.id, created_at=utcnow(), **row))
                self.log(conn, "session.registered", self.id, rubric=r.id, rubric_version=r.version, config_sha256=c.sha256)
            else:
                conn.execute(t.sessions.update().where(t.sessions.c.id == self.id).values(**row))
                self.log(conn, "session.config_changed", self.id, old_config_sha256=old["config_sha256"],
                         new_config_sha256=c.sha256, old_rubric_version=old["rubric_version"], new_rubric_version=r.version)


class Service:
    """A session service: one concern, given the context (and the services it uses) when it is built."""

    def __init__(self, ctx: SessionContext):
        self.ctx = ctx

    # the context's parts, as the services' code reads them
    store = property(lambda self: self.ctx.store)
    actor = property(lambda self: self.ctx.actor)
    config = property(lambda self: self.ctx.config)
    rubric = property(lambda self: self.ctx.rubric)
    id = property(lambda self: self.ctx.id)
    workspace = property(lambda self: self.ctx.folder)
    scope = property(lambda self: self.ctx.scope)

    def _require(self, *roles: str) -> None:
        self.ctx.require(*roles)

    def _require_open(self, *, confirmed_ok: bool = False) -> None:
        self.ctx.require_open(confirmed_ok=confirmed_ok)

    def _log(self, conn: sa.Connection, action: str, target: str = "", **details) -> None:
        self.ctx.log(conn, action, target, **details)
