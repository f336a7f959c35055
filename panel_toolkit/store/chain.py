"""The event log's hash chain (tamper evidence).

Each event stores ``prev_sha256`` (the ``sha256`` of the event before it in the workspace, by id; null for
the first) and ``sha256`` = SHA-256 of ``prev_sha256`` and the event's own content in a canonical form. A
changed row no longer matches its own hash; a removed or inserted row breaks the next row's link.
:func:`verify` walks the log and names the first broken link. (Removing the newest rows leaves a shorter,
valid chain: compare the head with a copy kept elsewhere, e.g. a backup — ``verify`` prints the head.)
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Mapping

import sqlalchemy as sa

CONTENT = ("at", "actor", "role", "session_id", "action", "target", "details")
#: Key of the PostgreSQL advisory lock that serialises appends (SQLite writers already queue: BEGIN IMMEDIATE).
LOCK_KEY = 0x70616E656C  # "panel"


def _at(value) -> str:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is not None:  # stored as UTC; both stores hand it back naive (store.engine)
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value.isoformat(sep=" ", timespec="microseconds")


def canonical(row: Mapping) -> bytes:
    content = {k: row.get(k) for k in CONTENT}
    content["at"] = _at(content["at"])
    content["details"] = json.loads(json.dumps(content["details"] or {}, default=str))
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def link(prev_sha256: str | None, row: Mapping) -> str:
    return hashlib.sha256((prev_sha256 or "").encode("ascii") + b"\n" + canonical(row)).hexdigest()


def head(conn: sa.Connection, events: sa.Table) -> str | None:
    return conn.execute(sa.select(events.c.sha256).order_by(events.c.id.desc()).limit(1)).scalar()


def lock(conn: sa.Connection) -> None:
    """Hold the log's append lock until the transaction ends, so concurrent writers chain in turn."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})


@dataclass(frozen=True)
class Verdict:
    events: int
    head: str | None
    broken_id: int | None = None     # the first event whose link does not hold
    reason: str = ""                 # "content" (the row was changed) or "link" (a row before it was removed/inserted)

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify(conn: sa.Connection, events: sa.Table) -> Verdict:
    prev, n = None, 0
    rows = conn.execution_options(yield_per=5000).execute(sa.select(events).order_by(events.c.id)).mappings()
    for n, row in enumerate(rows, start=1):
        if row["prev_sha256"] != prev:
            return Verdict(n, prev, row["id"], "link")
        if row["sha256"] != link(prev, row):
            return Verdict(n, prev, row["id"], "content")
        prev = row["sha256"]
    return Verdict(n, prev)
