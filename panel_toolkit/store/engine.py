"""The workspace store: an SQLAlchemy engine chosen by URL — an SQLite file by default, or PostgreSQL 15+.

SQLite gets WAL mode, foreign keys and a busy timeout on every connection; writes take the
write lock up front (``BEGIN IMMEDIATE``) so concurrent writers queue instead of failing
half-way. Every multi-row write goes through :meth:`Store.write`, one transaction.

Dialect differences live here and in :mod:`.append_only`, nowhere else: PostgreSQL sessions run in UTC and
hand timestamps back naive (UTC), as SQLite does; text with a NUL character is refused on both stores
(PostgreSQL cannot store it) with :class:`~panel_toolkit.errors.TextNotStorable`. Opening a store brings its
schema up to date (:mod:`.migrations`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # not POSIX: SQLite's own locking alone
    fcntl = None

import sqlalchemy as sa

from .. import settings
from . import chain, schema

BUSY_TIMEOUT_MS = 10_000
DEFAULT_DB = "panel.db"
#: A PostgreSQL server on which each workspace opened without --db gets its own database (see default_url).
ENV_SERVER = "PANEL_TOOLKIT_DB_SERVER"


def url_for(target: str | Path) -> str:
    """A database URL, or a file path taken as an SQLite file. ``postgresql://`` means the psycopg 3 driver."""
    text = str(target)
    if "://" not in text:
        return f"sqlite:///{Path(text).resolve()}"
    for plain in ("postgresql://", "postgres://"):
        if text.startswith(plain):
            return "postgresql+psycopg://" + text[len(plain):]
    return text


def default_url(root: str | Path) -> str:
    """The store of a workspace opened without a URL: ``<root>/panel.db``; or, when $PANEL_TOOLKIT_DB_SERVER names
    a PostgreSQL server, a database of its own on that server (``pt_`` + a hash of the folder's path), created on
    first use — one server for many workspaces (the test suite runs on PostgreSQL this way)."""
    root = Path(root).resolve()
    server = settings.get(ENV_SERVER)
    if not server:
        return url_for(root / DEFAULT_DB)
    return create_database(url_for(server), _database_name(root))


def _database_name(root: Path) -> str:
    return "pt_" + hashlib.sha256(str(Path(root).resolve()).encode("utf-8")).hexdigest()[:24]


def drop_default_database(root: str | Path) -> None:
    """With $PANEL_TOOLKIT_DB_SERVER: drop the workspace's own database — what deleting ``panel.db`` is for a
    file store (the demo rebuilds its workspace from scratch)."""
    server = settings.get(ENV_SERVER)
    if not server:
        return
    name = _database_name(Path(root))
    engine = _engine(url_for(server), poolclass=sa.pool.NullPool)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE datname = :d AND pid <> pg_backend_pid()"), {"d": name})
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        engine.dispose()


def create_database(server_url: str, name: str) -> str:
    """The URL of database ``name`` on the server of ``server_url``, created if missing."""
    url = sa.make_url(server_url)
    engine = _engine(url.render_as_string(hide_password=False), poolclass=sa.pool.NullPool)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if not conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
                try:
                    conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
                except sa.exc.DBAPIError as e:  # created meanwhile by another process
                    if "already exists" not in str(e.orig):
                        raise
    finally:
        engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _engine(url: str, **kwargs) -> sa.Engine:
    """``create_engine`` with the missing-driver case as a typed error saying what to install."""
    try:
        if url.startswith("postgresql"):  # pre-ping: a restarted server or a dropped connection is reconnected
            kwargs.setdefault("connect_args", {"options": "-c timezone=UTC"})
            kwargs.setdefault("pool_pre_ping", True)
        return sa.create_engine(url, **kwargs)
    except ModuleNotFoundError as e:
        from ..errors import StoreUnavailable

        raise StoreUnavailable(
            f"无法连接数据库 {sa.make_url(url).render_as_string()}：缺少驱动 {e.name}。PostgreSQL 请安装："
            "pip install -e '.[postgres]'（psycopg 3）。",
            f"cannot open {sa.make_url(url).render_as_string()}: the driver {e.name} is missing. For PostgreSQL "
            "install it with: pip install -e '.[postgres]' (psycopg 3).") from None


class Store:
    def __init__(self, target: str | Path):
        self.url = url_for(target)
        self.engine = _engine(self.url)
        self.dialect = self.engine.dialect.name
        if self.dialect == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_connect)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        elif self.dialect == "postgresql":
            sa.event.listen(self.engine, "connect", _postgresql_connect)
        sa.event.listen(self.engine, "before_cursor_execute", _refuse_nul)
        self._turn = _WriteTurn(self.engine.url.database if self.dialect == "sqlite" else None)
        self._migrate()

    def _migrate(self) -> None:
        from . import migrations

        try:
            with self.write() as conn:
                if self.dialect == "postgresql":  # two servers opening one new database: one builds it
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": chain.LOCK_KEY + 1})
                migrations.bring_up_to_date(conn)
        except sa.exc.DBAPIError as e:  # unreachable, or a role that may not upgrade the schema
            from ..errors import StoreUnavailable

            raise StoreUnavailable(
                f"无法打开或升级数据库 {self.display_url}：{str(e.orig).strip()}（若刚升级本程序，请先以数据库所有者运行一次，"
                "见 docs/deploy-postgres.md）",
                f"cannot open or upgrade the store {self.display_url}: {str(e.orig).strip()} (after upgrading the "
                "program, run it once as the database owner: docs/deploy-postgres.md)") from None

    @property
    def display_url(self) -> str:
        return sa.make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """One write transaction; everything in it lands or nothing does."""
        with self._turn, self.engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn:
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as conn:
            with conn.begin():
                yield conn

    def log(self, conn: sa.Connection, *, actor: str, role: str, action: str, session_id: str | None = None,
            target: str = "", details: dict | None = None) -> None:
        """Append one event (who, what, when) inside the caller's transaction, chained to the one before
        (:mod:`.chain`). The append lock is held to the end of the transaction, so call this last."""
        row = dict(at=utcnow().replace(tzinfo=None), actor=actor, role=role, session_id=session_id, action=action,
                   target=target, details=details or {})
        chain.lock(conn)
        prev = chain.head(conn, schema.events)
        conn.execute(schema.events.insert().values(**row, prev_sha256=prev, sha256=chain.link(prev, row)))

    def verify_log(self) -> chain.Verdict:
        with self.read() as conn:
            return chain.verify(conn, schema.events)

    def dispose(self) -> None:
        self.engine.dispose()


class _WriteTurn:
    """SQLite writers of every process take turns on an OS file lock (``<db>.writelock``) before BEGIN
    IMMEDIATE. The kernel wakes the next writer the moment the lock is free; SQLite's own busy handler
    polls with sleeps of up to 100 ms instead, which left a few of 50 busy writers waiting over a second.
    Re-entrant per thread; without a lock file (in-memory store, read-only folder) SQLite's locking alone
    applies, as before."""

    def __init__(self, database: str | None):
        self.path = f"{database}.writelock" if database and database != ":memory:" and fcntl else None
        self._local = threading.local()

    def __enter__(self):
        depth = getattr(self._local, "depth", 0)
        if depth == 0 and self.path is not None:
            try:
                fd = os.open(self.path, os.O_RDONLY | os.O_CREAT, 0o660)   # flock needs no write access
            except OSError:
                fd = None
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            self._local.fd = fd
        self._local.depth = depth + 1
        return self

    def __exit__(self, *exc) -> None:
        self._local.depth -= 1
        if self._local.depth == 0 and getattr(self._local, "fd", None) is not None:
            os.close(self._local.fd)       # closing the descriptor releases the lock
            self._local.fd = None


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


def _postgresql_connect(dbapi_conn, _record) -> None:
    """Timestamps come back naive UTC, as from SQLite (the session runs in UTC), so code and frames never mix
    aware and naive values."""
    from psycopg.types.datetime import TimestamptzBinaryLoader, TimestamptzLoader

    class Text(TimestamptzLoader):
        def load(self, data):
            return super().load(data).astimezone(dt.timezone.utc).replace(tzinfo=None)

    class Binary(TimestamptzBinaryLoader):
        def load(self, data):
            return super().load(data).astimezone(dt.timezone.utc).replace(tzinfo=None)

    conn = getattr(dbapi_conn, "driver_connection", dbapi_conn)
    conn.adapters.register_loader("timestamptz", Text)
    conn.adapters.register_loader("timestamptz", Binary)


def _refuse_nul(conn, cursor, statement, parameters, context, executemany) -> None:
    """PostgreSQL cannot store U+0000 in text; refuse it on both stores, naming the field."""
    named = getattr(context, "compiled_parameters", None)  # keyed by column / bind name when compiled
    for row in named or ((parameters if executemany else (parameters,)) if parameters else ()):
        items = row.items() if isinstance(row, dict) else enumerate(row)
        for key, value in items:
            if isinstance(value, str) and "\x00" in value:
                from ..errors import TextNotStorable

                raise TextNotStorable(str(key))
