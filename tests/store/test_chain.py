"""The event log's hash chain: forged rows (UPDATE, DELETE, REPLACE — with the triggers removed first, as an
attacker with the database file would) are caught by ``panel-toolkit events verify``, which names the first
broken link; concurrent writers in separate processes keep one intact chain, on SQLite and PostgreSQL."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from panel_toolkit.cli.main import cli
from panel_toolkit.store import Store

spec = importlib.util.spec_from_file_location("writers", Path(__file__).with_name("writers.py"))
writers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(writers)


def _store_with_events(url: str, n: int = 6) -> Store:
    s = Store(url)
    for i in range(n):
        with s.write() as c:
            s.log(c, actor=f"专家{i}", role="expert", action="sheet.saved", session_id="2024", target=str(i),
                  details={"version": i, "items": ["A1", "B2"], "note": "评语"})
    return s


def _drop_triggers(s: Store) -> None:
    with s.write() as c:
        if s.dialect == "sqlite":
            for name in ("events_no_update", "events_no_delete", "events_no_replace"):
                c.exec_driver_sql(f"DROP TRIGGER {name}")
        else:
            c.exec_driver_sql("ALTER TABLE events DISABLE TRIGGER USER")


def _verify(url: str):
    return CliRunner().invoke(cli, ["--db", url, "events", "verify"])


def test_an_untouched_log_verifies(store_url):
    _store_with_events(store_url).dispose()
    result = _verify(store_url)
    assert result.exit_code == 0, result.output
    assert "事件日志完整：6 条" in result.output


FORGERIES = {
    "update": ("UPDATE events SET actor = '伪造' WHERE id = 3", 3, "内容被修改"),
    "update details": ("UPDATE events SET details = '{\"version\": 99}' WHERE id = 4", 4, "内容被修改"),
    "delete": ("DELETE FROM events WHERE id = 2", 3, "链接不符"),
    "replace": ("REPLACE INTO events (id, at, actor, role, session_id, action, target, details, prev_sha256, sha256) "
                "SELECT id, at, '伪造', role, session_id, action, target, details, prev_sha256, sha256 FROM events WHERE id = 5",
                5, "内容被修改"),
}


@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_verify_names_the_first_broken_link(store_url, forgery):
    statement, broken, why = FORGERIES[forgery]
    s = _store_with_events(store_url)
    if forgery == "replace" and s.dialect == "postgresql":  # PostgreSQL's REPLACE: INSERT … ON CONFLICT DO UPDATE
        statement = ("INSERT INTO events SELECT * FROM events WHERE id = 5 "
                     "ON CONFLICT (id) DO UPDATE SET actor = '伪造'")
    with pytest.raises(sa.exc.IntegrityError, match="append-only"):   # refused while the triggers are there
        with s.write() as c:
            c.exec_driver_sql(statement)
    _drop_triggers(s)
    with s.write() as c:
        c.exec_driver_sql(statement)
    s.dispose()
    result = _verify(store_url)
    assert result.exit_code == 52, result.output
    assert f"第一个断开的环节是事件 {broken}" in result.output and why in result.output
    en = CliRunner().invoke(cli, ["--db", store_url, "--lang", "en", "events", "verify"])
    assert f"first broken link is event {broken}" in en.output


def test_events_listing_still_works(workspace):
    workspace.session("2024")
    result = CliRunner().invoke(cli, ["-w", str(workspace.root), "--db", workspace.store.url, "events", "2024"])
    assert result.exit_code == 0, result.output


def test_concurrent_writers_keep_one_chain(store_url):
    Store(store_url).dispose()
    writers.append_concurrently(store_url, 8, 25)
    s = Store(store_url)
    verdict = s.verify_log()
    s.dispose()
    assert verdict.ok and verdict.events == 200, verdict
