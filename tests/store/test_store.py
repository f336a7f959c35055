"""The store on the kind the suite runs on (SQLite file or PostgreSQL database): append-only log tables,
one transaction per write, foreign keys, NUL text refused, timestamps naive UTC on both dialects."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from panel_toolkit.errors import StoreUnavailable, TextNotStorable
from panel_toolkit.store import Store, schema, url_for
from panel_toolkit.store.append_only import TABLES


def test_sqlite_pragmas(tmp_path):
    s = Store(tmp_path / "w.db")
    with s.read() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    assert (tmp_path / "w.db").exists()


def test_tables_are_created(store_url):
    s = Store(store_url)
    with s.read() as c:
        names = set(sa.inspect(c).get_table_names())
    assert {"sessions", "applications", "screenings", "removals", "experts", "assignments", "score_sheets",
            "score_items", "events", "directory_events", "alembic_version"} <= names


def test_url_for_accepts_paths_and_urls(tmp_path):
    assert url_for(tmp_path / "a.db") == f"sqlite:///{tmp_path / 'a.db'}"
    assert url_for("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert url_for("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def _refusals(dialect: str, table: str) -> list[str]:
    out = [f"UPDATE {table} SET actor = 'x'", f"DELETE FROM {table}"]
    if dialect == "sqlite":
        out.append(f"INSERT OR REPLACE INTO {table} SELECT * FROM {table}")
    else:
        out.append(f"TRUNCATE {table} CASCADE")
    return out


@pytest.mark.parametrize("table", TABLES)
def test_log_tables_refuse_update_delete_replace_truncate(store_url, table):
    s = Store(store_url)
    with s.write() as c:
        s.log(c, actor="张三", role="city", action="test")
        if table != "events":
            entry = c.execute(sa.text(
                "INSERT INTO directory_entries (credit_code, unit_name, brand_name, county, industry, certificate_no, "
                "recognised_on, status, created_at) VALUES ('c', 'u', 'b', '盖州市', '', 'N1', '2026-01-01', 'active', "
                "'2026-01-01 00:00:00') RETURNING id")).scalar()
            extra = ("event, ground, occurred_on, status_before, status_after, note, actor, recorded_at",
                     "'x', 'g', '2026-01-01', 'a', 'b', '', '张三', '2026-01-01 00:00:00'") if table == "directory_events" \
                else ("year, received_on, note, actor, recorded_at", "2025, '2026-01-01', '', '张三', '2026-01-01 00:00:00'")
            c.execute(sa.text(f"INSERT INTO {table} (entry_id, {extra[0]}) VALUES ({entry}, {extra[1]})"))
    for statement in _refusals(s.dialect, table):
        with pytest.raises(sa.exc.IntegrityError, match="append-only"):
            with s.write() as c:
                c.exec_driver_sql(statement)
    with s.read() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(schema.metadata.tables[table])).scalar() == 1
        assert c.execute(sa.select(schema.events.c.actor)).scalars().all() == ["张三"]


def test_write_is_one_transaction(store_url):
    s = Store(store_url)
    with pytest.raises(RuntimeError):
        with s.write() as c:
            s.log(c, actor="a", role="city", action="first")
            raise RuntimeError("boom")
    with s.read() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(schema.events)).scalar() == 0


def test_foreign_keys_enforced(store_url):
    s = Store(store_url)
    with pytest.raises(sa.exc.IntegrityError):
        with s.write() as c:
            c.execute(schema.screenings.insert().values(application_id=999, stage="initial", decision="passed",
                                                        reason="", decided_by="x", actor="x", decided_at=sa.func.now()))


def test_nul_in_text_is_a_typed_error_and_nothing_is_written(store_url):
    s = Store(store_url)
    with pytest.raises(TextNotStorable, match="target") as err:
        with s.write() as c:
            s.log(c, actor="a", role="city", action="first")
            c.execute(schema.events.insert().values(at=dt.datetime(2026, 1, 1), actor="a", role="r", action="x",
                                                    target="评语\x00", details={}))
    assert err.value.exit_code == 50 and "\\x00" in err.value.message("zh")
    with s.read() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(schema.events)).scalar() == 0


def test_timestamps_come_back_naive_utc(store_url):
    s = Store(store_url)
    aware = dt.datetime(2026, 9, 30, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with s.write() as c:
        c.execute(schema.removals.insert().values(credit_code="c", unit_name="u", brand_name="b", decided_on=dt.date(2026, 1, 1),
                                                  ground="g", actor="a", recorded_at=aware.astimezone(dt.timezone.utc)))
        s.log(c, actor="a", role="city", action="x")
    with s.read() as c:
        recorded = c.execute(sa.select(schema.removals.c.recorded_at)).scalar()
        at = c.execute(sa.select(schema.events.c.at)).scalar()
        # a naive parameter compares as UTC on both stores
        n = c.execute(sa.select(sa.func.count()).where(schema.removals.c.recorded_at == dt.datetime(2026, 9, 30))).scalar()
    assert recorded == dt.datetime(2026, 9, 30, 0, 0) and recorded.tzinfo is None and at.tzinfo is None and n == 1


def test_newer_schema_is_refused(store_url):
    s = Store(store_url)
    with s.write() as c:
        c.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    s.dispose()
    with pytest.raises(StoreUnavailable, match="0099"):
        Store(store_url)


def test_missing_driver_is_a_typed_error(monkeypatch):
    import builtins

    real = builtins.__import__

    def no_psycopg(name, *args, **kwargs):
        if name.startswith("psycopg"):
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(StoreUnavailable, match=r"\.\[postgres\]") as err:
        Store("postgresql://u@localhost/nowhere")
    assert err.value.exit_code == 73


def test_sqlite_writers_take_turns_on_a_file_lock(tmp_path):
    """A second writer waits on ``<db>.writelock`` (woken when the first commits), a writer re-entering in its
    own thread does not wait on itself, and a read-only lock file still serves (another OS user's CLI)."""
    import os
    import threading
    import time

    store = Store(tmp_path / "panel.db")
    lock = tmp_path / "panel.db.writelock"
    assert lock.exists()
    with store._turn, store._turn:       # re-entrant: no self-deadlock
        pass
    held, waited = threading.Event(), []

    def first():
        with store.write() as conn:
            conn.execute(schema.events.select().limit(1)).all()
            held.set()
            time.sleep(0.4)

    def second():
        held.wait(5)
        t0 = time.monotonic()
        with store.write():
            waited.append(time.monotonic() - t0)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert waited and waited[0] >= 0.3, waited
    os.chmod(lock, 0o444)
    with store.write() as conn:          # opened read-only: flock needs no write access
        conn.execute(schema.events.select().limit(1)).all()
    store.dispose()
