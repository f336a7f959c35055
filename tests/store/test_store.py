"""The store: a real SQLite file with WAL, foreign keys, busy timeout and an append-only event log."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from panel_toolkit.errors import ConfigError
from panel_toolkit.store import Store, schema, url_for


def test_pragmas_and_tables(tmp_path):
    s = Store(tmp_path / "w.db")
    with s.read() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        names = set(sa.inspect(c).get_table_names())
    assert {"sessions", "applications", "screenings", "removals", "experts", "assignments", "score_sheets",
            "score_items", "events"} <= names
    assert (tmp_path / "w.db").exists()


def test_url_for_accepts_paths_and_urls(tmp_path):
    assert url_for(tmp_path / "a.db") == f"sqlite:///{tmp_path / 'a.db'}"
    assert url_for("postgresql://u@h/db") == "postgresql://u@h/db"


def test_event_log_is_append_only(tmp_path):
    s = Store(tmp_path / "w.db")
    with s.write() as c:
        s.log(c, actor="张三", role="city", action="test")
    for stmt in (sa.delete(schema.events), sa.update(schema.events).values(actor="x")):
        with pytest.raises(sa.exc.IntegrityError, match="append-only"):
            with s.write() as c:
                c.execute(stmt)
    with s.read() as c:
        assert c.execute(sa.select(schema.events.c.actor)).scalars().all() == ["张三"]


def test_write_is_one_transaction(tmp_path):
    s = Store(tmp_path / "w.db")
    with pytest.raises(RuntimeError):
        with s.write() as c:
            s.log(c, actor="a", role="city", action="first")
            raise RuntimeError("boom")
    with s.read() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(schema.events)).scalar() == 0


def test_foreign_keys_enforced(tmp_path):
    s = Store(tmp_path / "w.db")
    with pytest.raises(sa.exc.IntegrityError):
        with s.write() as c:
            c.execute(schema.screenings.insert().values(application_id=999, stage="initial", decision="passed",
                                                        reason="", decided_by="x", actor="x", decided_at=sa.func.now()))


def test_schema_version_mismatch_is_refused(tmp_path):
    s = Store(tmp_path / "w.db")
    with s.write() as c:
        c.execute(schema.meta.update().values(value="99"))
    s.dispose()
    with pytest.raises(ConfigError, match="99"):
        Store(tmp_path / "w.db")
