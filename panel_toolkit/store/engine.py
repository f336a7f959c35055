"""The workspace store: an SQLAlchemy engine chosen by URL (SQLite file by default).

SQLite gets WAL mode, foreign keys and a busy timeout on every connection; writes take the
write lock up front (``BEGIN IMMEDIATE``) so concurrent writers queue instead of failing
half-way. Every multi-row write goes through :meth:`Store.write`, one transaction.
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa

from . import schema

BUSY_TIMEOUT_MS = 10_000


def url_for(target: str | Path) -> str:
    """A database URL, or a file path taken as an SQLite file."""
    text = str(target)
    return text if "://" in text else f"sqlite:///{Path(text).resolve()}"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Store:
    def __init__(self, target: str | Path):
        self.url = url_for(target)
        self.engine = sa.create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_connect)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        schema.metadata.create_all(self.engine)
        with self.write() as conn:
            found = conn.execute(sa.select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).scalar()
            if found is None:
                conn.execute(schema.meta.insert().values(key="schema_version", value=str(schema.SCHEMA_VERSION)))
            elif int(found) != schema.SCHEMA_VERSION:
                from ..errors import ConfigError

                raise ConfigError(self.url, "schema_version", f"数据库结构版本为 {found}，本程序为 {schema.SCHEMA_VERSION}",
                                  f"store schema version {found}, this program expects {schema.SCHEMA_VERSION}",
                                  "使用匹配的程序版本", "use a matching program version")

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """One write transaction; everything in it lands or nothing does."""
        with self.engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn:
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as conn:
            with conn.begin():
                yield conn

    def log(self, conn: sa.Connection, *, actor: str, role: str, action: str, session_id: str | None = None,
            target: str = "", details: dict | None = None) -> None:
        """Append one event (who, what, when) inside the caller's transaction."""
        conn.execute(schema.events.insert().values(
            at=utcnow(), actor=actor, role=role, session_id=session_id, action=action, target=target,
            details=details or {}))

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_connect(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")
