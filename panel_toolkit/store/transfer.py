"""Backups, restores and copies of a whole store (SQLite ↔ PostgreSQL).

- :func:`backup`: SQLite — the online backup API (a consistent snapshot while experts keep writing);
  PostgreSQL — ``pg_dump`` in its custom format (one snapshot transaction).
- :func:`restore`: a backup into an *empty* store: an SQLite backup file into SQLite (the file is copied with the
  backup API) or into PostgreSQL (rows copied, see :func:`copy`); a ``pg_dump`` file into PostgreSQL (``pg_restore``).
- :func:`copy`: every row of every table from one store to another, empty one, ids kept, in foreign-key order,
  one transaction; PostgreSQL's id sequences are moved past the copied ids. The event chain travels as it is.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import sqlalchemy as sa

from ..errors import BackupFailed
from . import schema
from .engine import Store, url_for

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
CHUNK = 10_000
#: Bookkeeping tables the target already has: not copied.
SKIP = {"meta", "alembic_version"}


def kind_of(file: Path) -> str:
    head = Path(file).read_bytes()[:16] if Path(file).is_file() else b""
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "pg_dump"
    raise BackupFailed(f"{file} 不是本工具的备份文件（应为 SQLite 数据库或 pg_dump 自定义格式）。",
                       f"{file} is not a backup of this toolkit (an SQLite database or a pg_dump custom-format file).")


def backup(store: Store, out: Path) -> str:
    """Write a backup of ``store`` to ``out``; returns its kind ("sqlite" or "pg_dump")."""
    out = Path(out)
    if out.exists():
        raise BackupFailed(f"{out} 已存在，不会覆盖；请另选文件名。", f"{out} exists and is not overwritten; choose another name.")
    out.parent.mkdir(parents=True, exist_ok=True)
    if store.dialect == "sqlite":
        _sqlite_copy(sa.make_url(store.url).database, out)
        return "sqlite"
    _pg_tool("pg_dump", store.url, ["--format=custom", "--no-owner", f"--file={out}"])
    return "pg_dump"


def restore(file: Path, target: str) -> str:
    """Restore backup ``file`` into the empty store at URL ``target``; returns what was done."""
    kind, url = kind_of(file), url_for(target)
    dialect = sa.make_url(url).get_backend_name()
    if kind == "sqlite" and dialect == "sqlite":
        path = Path(sa.make_url(url).database)
        if path.exists() and path.stat().st_size:
            _require_empty(Store(url))
            path.unlink()
            for extra in ("-wal", "-shm"):
                Path(f"{path}{extra}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(Path(file), path)
        Store(url).dispose()  # brings a backup of an older version up to date
        return "sqlite"
    if kind == "sqlite":
        copy(url_for(file), url)
        return "copy"
    if dialect != "postgresql":
        raise BackupFailed("pg_dump 备份只能恢复到 PostgreSQL；请先恢复到 PostgreSQL，再用 panel-toolkit copy 复制到 SQLite。",
                           "a pg_dump backup restores into PostgreSQL only; restore it there, then use panel-toolkit copy.")
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            if sa.inspect(conn).get_table_names():
                raise BackupFailed(f"目标数据库 {_shown(url)} 不是空的；请恢复到新建的空数据库。",
                                   f"the target database {_shown(url)} is not empty; restore into a new, empty database.")
    finally:
        engine.dispose()
    _pg_tool("pg_restore", url, ["--no-owner", "--exit-on-error", "--single-transaction", str(file)])
    Store(url).dispose()
    return "pg_restore"


def copy(source: str, target: str) -> dict[str, int]:
    """Copy every row from store ``source`` to the empty store ``target``; returns rows per table."""
    src, dst = Store(source), Store(target)
    try:
        _require_empty(dst)
        counts = {}
        with src.read() as rconn, dst.write() as wconn:
            for table in schema.metadata.sorted_tables:
                if table.name in SKIP:
                    continue
                key = list(table.primary_key.columns)
                result = rconn.execution_options(yield_per=CHUNK).execute(sa.select(table).order_by(*key))
                n = 0
                for part in result.mappings().partitions(CHUNK):
                    wconn.execute(table.insert(), [dict(r) for r in part])
                    n += len(part)
                counts[table.name] = n
                if dst.dialect == "postgresql" and n and "id" in table.c and isinstance(table.c.id.type, sa.Integer):
                    wconn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                          f"(SELECT max(id) FROM {table.name}))"))
        return counts
    finally:
        src.dispose()
        dst.dispose()


def _require_empty(store: Store) -> None:
    with store.read() as conn:
        used = [t.name for t in schema.metadata.sorted_tables if t.name not in SKIP
                and conn.execute(sa.select(sa.literal(1)).select_from(t).limit(1)).first()]
    if used:
        raise BackupFailed(f"目标数据库 {store.display_url} 不是空的（已有表 {'、'.join(used[:5])} 的数据）；请使用新建的空数据库。",
                           f"the target store {store.display_url} is not empty ({', '.join(used[:5])} hold rows); "
                           "use a new, empty database.")


def _sqlite_copy(src: str | Path, dst: Path) -> None:
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    target = sqlite3.connect(dst)
    try:
        source.backup(target)  # online backup API: consistent even while others write (WAL)
    finally:
        target.close()
        source.close()


def _shown(url: str) -> str:
    return sa.make_url(url).render_as_string(hide_password=True)


def pg_binary(name: str) -> str:
    found = shutil.which(name) or next((str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                                                               reverse=True)), None)
    if not found:
        raise BackupFailed(f"找不到 {name}：请安装 PostgreSQL 客户端程序（Debian：apt-get install postgresql-client）。",
                           f"{name} not found: install the PostgreSQL client programs (Debian: apt-get install postgresql-client).")
    return found


def _pg_tool(name: str, url: str, args: list[str]) -> None:
    """Run pg_dump / pg_restore on the database of ``url`` (connection settings through PG* variables)."""
    u = sa.make_url(url)
    env = dict(os.environ)
    settings = {"PGHOST": u.host or u.query.get("host"), "PGPORT": u.port or u.query.get("port"),
                "PGUSER": u.username, "PGPASSWORD": u.password, "PGDATABASE": u.database}
    env.update({k: str(v) for k, v in settings.items() if v})
    done = subprocess.run([pg_binary(name), *args] + (["--dbname", u.database] if name == "pg_restore" else []),
                          env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupFailed(f"{name} 失败：{done.stderr.strip()[:500]}", f"{name} failed: {done.stderr.strip()[:500]}")
