"""Migrations: a workspace made by the store of 2026-11-28 (tests/store/fixtures/main-workspace, made by
that day's main with ``build_demo`` + ``add_demo_panel`` + ``fill_demo_scores``) upgrades in place; the
scripts and ``metadata`` agree on both stores."""
from __future__ import annotations

import datetime as dt
import gzip
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from panel_toolkit import Workspace
from panel_toolkit.intake import creditcode
from panel_toolkit.store import Store, migrations, schema

FIXTURE = Path(__file__).parent / "fixtures" / "main-workspace"


@pytest.fixture
def old_workspace(tmp_path) -> Path:
    root = tmp_path / "old"
    shutil.copytree(FIXTURE / "sessions", root / "sessions")
    (root / "panel.db").write_bytes(gzip.decompress((FIXTURE / "panel.db.gz").read_bytes()))
    return root


def _triggers(db: Path) -> set[str]:
    import sqlite3

    with sqlite3.connect(db) as c:
        return {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def test_a_workspace_made_by_main_upgrades_in_place(old_workspace):
    db = old_workspace / "panel.db"
    assert "events_no_replace" not in _triggers(db)
    ws = Workspace(old_workspace, str(db))   # the file itself, whatever store the suite runs on
    try:
        with ws.store.read() as c:
            assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == migrations.head()
            assert c.exec_driver_sql("SELECT value FROM meta WHERE key = 'schema_version'").scalar() == "2"
            assert c.execute(sa.select(sa.func.count()).select_from(schema.score_items)).scalar() == 2288
        verdict = ws.store.verify_log()
        assert verdict.ok and verdict.events == 220
        s = ws.session("demo")
        assert len(s.aggregate().to_frame()) > 0          # the old scores are read as before
        before = ws.store.verify_log().events             # 220, or 221 when the bundled rubric changed since
        s.record_removal(creditcode.make("91210800MA0000001"), "示例单位", "示例品牌", dt.date(2026, 1, 5), "第二十条(四)")
        assert ws.store.verify_log().events == before + 1  # new events chain onto the old ones
    finally:
        ws.close()
    assert {"events_no_replace", "directory_events_no_replace", "annual_reports_no_replace",
            "events_no_update", "events_no_delete"} <= _triggers(db)
    Store(db).dispose()                                  # opening again is a no-op


def test_scripts_build_what_metadata_describes(store_url):
    """Upgrading an empty database through every script gives the schema create_all gives. When this fails
    after a new table or column, write its script: see panel_toolkit/store/migrations/__init__.py."""
    engine = sa.create_engine(store_url)
    with engine.begin() as conn:
        command.upgrade(migrations._config(conn), "head")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
        triggers = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'" if engine.dialect.name == "sqlite"
            else "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal").scalars().all()
    engine.dispose()
    assert diff == [], f"migration scripts and metadata differ: {diff}"
    # events, directory_events, annual_reports and (0004) frozen_files: 3 on SQLite, 2 on PostgreSQL each
    assert len(triggers) == 12 if engine.dialect.name == "sqlite" else len(triggers) == 8


def test_a_store_at_0003_gets_the_frozen_files_table(store_url):
    """Revision 0004 (SPEC §7): a store made before the confirmation kept its rules files upgrades in place;
    its confirmations have no copy (facade.frozen then checks the files' SHA-256), new ones are append-only."""
    engine = sa.create_engine(store_url)
    with engine.begin() as conn:
        command.upgrade(migrations._config(conn), "0003")
        assert not sa.inspect(conn).has_table("frozen_files")
    engine.dispose()
    s = Store(store_url)
    from panel_toolkit.store.tables.frozen import frozen_files as ff

    try:
        with s.read() as c:
            assert migrations.current(c) == migrations.head() == "0004"
        with s.write() as c:
            c.execute(schema.sessions.insert().values(id="s", title_zh="", title_en="", reference_date=dt.date(2024, 9, 30),
                                                      rubric_id="r", rubric_version="1", rubric_sha256="0" * 64,
                                                      config_sha256="0" * 64, config_path="", created_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)))
            from panel_toolkit.store.tables.aggregation import proposed_lists as pl

            lid = c.execute(pl.insert().values(session_id="s", method="m", rubric_id="r", rubric_version="1",
                                               rubric_sha256="0" * 64, config_sha256="0" * 64, inputs_sha256="0" * 64,
                                               counts={}, snapshot=[], actor="a", confirmed_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
                            ).inserted_primary_key[0]
            c.execute(ff.insert().values(session_id="s", proposed_list_id=lid, kind="session", path="p", sha256="0" * 64,
                                         text="id: s"))
        for change in (ff.update().values(text="id: t"), ff.delete()):
            with pytest.raises(sa.exc.DatabaseError, match="append-only"):
                with s.write() as c:
                    c.execute(change)
    finally:
        s.dispose()


def test_from_scratch_is_stamped_at_head(store_url):
    s = Store(store_url)
    with s.read() as c:
        assert migrations.current(c) == migrations.head()
    s.dispose()


def test_the_cheap_head_is_alembics_head():
    """head() reads the scripts without Alembic (every command asks it); it must name Alembic's head."""
    from alembic.script import ScriptDirectory

    migrations.head.cache_clear()
    assert migrations.head() == ScriptDirectory.from_config(migrations._config()).get_current_head()


def test_a_store_at_head_opens_without_importing_alembic(tmp_path):
    import subprocess
    import sys

    Store(tmp_path / "p.db").dispose()   # created and stamped (imports Alembic, in this process)
    code = ("import sys\nfrom panel_toolkit.store.engine import Store\n"
            f"Store({str(tmp_path / 'p.db')!r}).dispose()\nprint('alembic' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "False"
