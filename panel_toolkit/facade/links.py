"""Personal links at the trust boundary: who a token opens the session as, until when, and the store
guard that re-checks it on every write.

- An expert link expires at the end of the session's scoring deadline (``panel.due_date``, China time);
  a staff link (查看链接) at its own ``expires_at`` (given when issued, default 90 days). Revoking ends
  either at once.
- :class:`GuardedStore` is what the facade writes through: a read-only actor (a viewer) gets
  :class:`~panel_toolkit.errors.ReadOnly` for *any* write; an actor opened by a link gets
  :class:`~panel_toolkit.errors.LinkExpired` when that link was revoked or expired since the page was
  opened. Both are checked when the write transaction opens, so no write method has to remember them.
- :func:`~panel_toolkit.facade.context.writes` also refuses a viewer at the *entry* of every write method,
  before any argument is looked at, so a viewer gets one clear :class:`~panel_toolkit.errors.ReadOnly`
  whatever it passes.
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

import sqlalchemy as sa

from ..actor import Actor
from ..errors import LinkExpired, ReadOnly
from ..panel import tokens as tok
from ..store import schema as t
from ..store.tables.viewer_tokens import viewer_tokens

#: The measures' deadlines are days in China: a link expiring "on" a date works until that day ends there.
CHINA = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
#: A staff link expires this many days after it is issued unless another date is given (policy default).
STAFF_LINK_DAYS = 90


def end_of_day(day: dt.date) -> dt.datetime:
    """The instant ``day`` ends in China (UTC+8), as an aware datetime."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), CHINA)


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; the store writes UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.timezone.utc)


def expired(expires_at: dt.datetime | None, now: dt.datetime | None = None) -> bool:
    return expires_at is not None and (now or dt.datetime.now(dt.timezone.utc)) >= aware(expires_at)


@dataclass(frozen=True)
class LinkInfo:
    """What a valid token opens: ``kind`` expert or staff; the actor to open the session as."""

    kind: str
    session_id: str
    actor: Actor
    expires_at: dt.datetime | None

    @property
    def city(self) -> bool:
        return self.kind == "staff" and self.actor.role == "city"


def expert_link(conn: sa.Connection, token_hash: str):
    e, tk = t.experts, t.expert_tokens
    return conn.execute(sa.select(e.c.id, e.c.name, e.c.session_id).join(tk, tk.c.expert_id == e.c.id)
                        .where(tk.c.token_sha256 == token_hash, tk.c.revoked_at.is_(None))).first()


def staff_link(conn: sa.Connection, token_hash: str):
    v = viewer_tokens
    return conn.execute(sa.select(v.c.id, v.c.session_id, v.c.role, v.c.scope, v.c.issued_to, v.c.label, v.c.expires_at)
                        .where(v.c.token_sha256 == token_hash, v.c.revoked_at.is_(None))).first()


def lookup(workspace, token: object) -> LinkInfo | None:
    """The link ``token`` opens, if it is well formed, known, not revoked and not expired; else None. An expert
    link's deadline is ``panel.due_date`` as the workspace's one rules reader gives it now."""
    if not tok.is_well_formed(token):
        return None
    h = tok.token_sha256(token)
    with workspace.store.read() as conn:
        row = expert_link(conn, h)
        staff = None if row is not None else staff_link(conn, h)
    if row is not None:
        try:
            day = workspace.rules(row.session_id).due_date
        except Exception:  # the session's file is gone or broken: the link opens nothing
            return None
        info = LinkInfo("expert", row.session_id, Actor.expert(row.id, row.name, h), end_of_day(day) if day else None)
    elif staff is not None:
        name = staff.issued_to or staff.label or ("市人社局" if staff.role == "city" else f"{staff.scope}人社局")
        info = LinkInfo("staff", staff.session_id, Actor.viewer(name, staff.scope if staff.role == "county" else None, h),
                        aware(staff.expires_at))
    else:
        return None
    return None if expired(info.expires_at) else info


def still_valid(conn: sa.Connection, actor: Actor, expires_at: dt.datetime | None) -> bool:
    """Inside a transaction: the link that opened ``actor``'s session is still not revoked nor expired."""
    if expired(expires_at):
        return False
    if actor.role == "expert":
        row = expert_link(conn, actor.link)
        return row is not None and str(row.id) == actor.scope
    row = staff_link(conn, actor.link)
    return row is not None and not expired(row.expires_at)


class GuardedStore:
    """The store as one actor may use it: reads pass through; :meth:`write` refuses a read-only actor and
    an actor whose link stopped working (checked inside the transaction, before anything is written)."""

    def __init__(self, store, actor: Actor, due_date: Callable[[], dt.date | None] | None = None):
        self._store, self._actor, self._due_date = store, actor, due_date

    def __getattr__(self, name):
        return getattr(self._store, name)

    def _expires_at(self) -> dt.datetime | None:
        if self._actor.role != "expert" or self._due_date is None:
            return None
        day = self._due_date()
        return end_of_day(day) if day else None

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        if self._actor.read_only:
            raise ReadOnly()
        expires_at = self._expires_at()   # before the write lock: the rules are read outside it
        with self._store.write() as conn:
            if self._actor.link is not None and not still_valid(conn, self._actor, expires_at):
                raise LinkExpired()
            yield conn


def guarded(store, actor: Actor, due_date: Callable[[], dt.date | None] | None = None):
    """The store a facade for ``actor`` writes through (the plain store for a local actor); ``due_date()``:
    the session's scoring deadline as its rules say now (moving it reaches open pages), which ends an expert's link."""
    if not actor.read_only and actor.link is None:
        return store
    return GuardedStore(store, actor, due_date)
