"""Backups that restore: a backup taken while 20 expert processes save drafts restores into an empty store
with every score committed before it began (and each sheet exactly as committed at its version) and an intact
event chain; ``copy`` moves a workspace's SQLite file into the store the suite runs on; a non-empty target is
refused. SQLite: the online backup API; PostgreSQL: pg_dump / pg_restore."""
from __future__ import annotations

import datetime as dt
import importlib.util
import time
from pathlib import Path

import sqlalchemy as sa
from click.testing import CliRunner

from panel_toolkit import Workspace
from panel_toolkit.cli.main import cli
from panel_toolkit.intake import creditcode
from panel_toolkit.store import Store, default_url, schema

spec = importlib.util.spec_from_file_location("writers", Path(__file__).with_name("writers.py"))
writers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(writers)


def _sheets(url: str) -> dict[int, tuple[int, dict[str, float]]]:
    """assignment id → (version, {item: score}) of its current sheet."""
    s, i = schema.score_sheets, schema.score_items
    store = Store(url)
    with store.read() as c:
        heads = {r.assignment_id: (r.id, r.version) for r in c.execute(sa.select(s.c.assignment_id, s.c.id, s.c.version))}
        items = c.execute(sa.select(i.c.sheet_id, i.c.item_id, i.c.score).where(i.c.score.is_not(None))).all()
    store.dispose()
    by_sheet: dict[int, dict[str, float]] = {}
    for sheet_id, item, score in items:
        by_sheet.setdefault(sheet_id, {})[item] = score
    return {a: (v, by_sheet.get(sid, {})) for a, (sid, v) in heads.items()}


def _expected(committed: list[tuple], assignment: int, version: int) -> dict[str, float]:
    state: dict[str, float] = {}
    for a, item, score, v, _ in committed:
        if a == assignment and v <= version:
            state[item] = score
    return state


def _restore(file: Path, target: str) -> None:
    result = CliRunner().invoke(cli, ["restore", str(file), "--db", target])
    assert result.exit_code == 0, result.output
    assert "链完整" in result.output


def test_a_backup_taken_during_20_writers_restores_every_committed_score(tmp_path, store_url):
    root = tmp_path / "ws"
    jobs = writers.build(root, store_url)[:20]
    assert len(jobs) == 20
    procs, barrier, out = writers.start(root, jobs, 15, store_url)
    barrier.wait()
    time.sleep(0.3)  # let the writers get going: the backup is taken in the middle of their saves
    began = time.time()
    during = CliRunner().invoke(cli, ["--db", store_url, "backup", "--out", str(tmp_path / "during.bak")])
    committed = writers.finish(procs, out)
    assert during.exit_code == 0, during.output
    after = CliRunner().invoke(cli, ["--db", store_url, "backup", "--out", str(tmp_path / "after.bak")])
    assert after.exit_code == 0, after.output

    for name, cutoff in (("during", began), ("after", float("inf"))):
        target = default_url(tmp_path / f"restored-{name}")
        _restore(tmp_path / f"{name}.bak", target)
        restored = _sheets(target)
        for _, _, a, _ in jobs:
            before = [v for x, _, _, v, t in committed if x == a and t < cutoff]
            version, state = restored.get(a, (0, {}))
            assert version >= max(before, default=0), f"assignment {a}: a committed save is missing"
            assert state == _expected(committed, a, version), f"assignment {a}: not as committed at version {version}"
    final = _sheets(default_url(tmp_path / "restored-after"))
    assert all(final[a][0] == max(v for x, _, _, v, _ in committed if x == a) for _, _, a, _ in jobs)  # 0 lost


def test_copy_moves_a_sqlite_workspace_into_the_store(workspace_dir, store_url):
    workspace = Workspace(workspace_dir, str(workspace_dir / "panel.db"))   # SQLite, whatever the suite runs on
    workspace.session("2024").record_removal(creditcode.make("91210800MA0000001"), "示例单位", "示例品牌",
                                             dt.date(2026, 1, 5), "第二十条(四)")
    source = workspace.store.url
    workspace.close()
    result = CliRunner().invoke(cli, ["copy", "--from", source, "--to", store_url])
    assert result.exit_code == 0, result.output
    moved = Workspace(workspace.root, store_url)
    try:
        assert len(moved.session("2024").removals_frame()) == 1
        moved.session("2024").record_removal(creditcode.make("91210800MA0000002"), "示例单位二", "示例品牌二",
                                             dt.date(2026, 1, 6), "第二十条(四)")
        assert moved.store.verify_log().ok and moved.store.verify_log().events == 3   # ids continue after the copy
    finally:
        moved.close()
    again = CliRunner().invoke(cli, ["copy", "--from", source, "--to", store_url])
    assert again.exit_code == 53 and "不是空的" in again.output


def test_restore_refuses_a_non_empty_store_and_a_foreign_file(workspace, store_url, tmp_path):
    workspace.session("2024")
    backup = CliRunner().invoke(cli, ["-w", str(workspace.root), "backup", "--out", str(tmp_path / "b.bak")])
    assert backup.exit_code == 0, backup.output
    w = Workspace(workspace.root, store_url)
    w.session("2024")                       # the target holds a session
    w.close()
    refused = CliRunner().invoke(cli, ["restore", str(tmp_path / "b.bak"), "--db", store_url])
    assert refused.exit_code == 53 and "不是空的" in refused.output
    (tmp_path / "x.bak").write_text("not a backup")
    foreign = CliRunner().invoke(cli, ["restore", str(tmp_path / "x.bak"), "--db", store_url])
    assert foreign.exit_code == 53 and "不是本工具的备份文件" in foreign.output
