"""Closed is closed, for the rules too (SPEC §7): once the chair confirms the list, edits of the rubric or the
session file change nothing of the session — its aggregate, list, notice and draw verification are computed
with the texts kept with the confirmation — and ``status`` says the files changed; after a reopen the files
apply again. A confirmation made before the texts were kept refuses changed files (RulesChanged).
Real demo workspace with its own copy of the rubric in rubrics/, taken through the real steps."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
import yaml
from click.testing import CliRunner

from panel_toolkit import Workspace
from panel_toolkit.cli.main import cli
from panel_toolkit.config.rubric import bundled_rubrics_dir
from panel_toolkit.errors import RulesChanged
from panel_toolkit import rules
from panel_toolkit.store.tables.frozen import frozen_files

from ..notice.builders import confirmed_demo, edit_session, workspace_fixtures

RUBRIC = "yingkou-2023-default"
PUBLISH = dt.date(2026, 9, 28)


def rubric_file(root: Path) -> Path:
    return Path(root) / "rubrics" / f"{RUBRIC}.yaml"


def session_file(root: Path) -> Path:
    return Path(root) / "sessions" / "demo" / "session.yaml"


def confirmed(root: Path) -> Path:
    """The demo with its own copy of the rubric in rubrics/ (what the tests edit), scored and confirmed."""
    rubric_file(root).parent.mkdir(parents=True)
    shutil.copy(bundled_rubrics_dir() / f"{RUBRIC}.yaml", rubric_file(root))
    return confirmed_demo(root)


def edit_rules(root: Path) -> None:
    """Change the rubric's weights (60/40 → 20/80, pass mark 70 → 40) and the session's notice and panel."""
    text = rubric_file(root).read_text("utf-8")
    assert "weights: {material: 0.6, site: 0.4}" in text and "pass_mark: 70" in text
    rubric_file(root).write_text(text.replace("weights: {material: 0.6, site: 0.4}", "weights: {material: 0.2, site: 0.8}")
                                 .replace("pass_mark: 70", "pass_mark: 40"), "utf-8")
    edit_session(root, working_days=9, title="改过的公示标题")
    data = yaml.safe_load(session_file(root).read_text("utf-8"))
    data["panel"]["material_experts"] = 3
    session_file(root).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def outputs(ws: Workspace) -> dict:
    s = ws.session("demo")
    return {"aggregate": s.aggregate().to_frame(), "list": s.confirmed_list(), "preview": s.preview_notice(PUBLISH),
            "verify": s.verify_draw(), "weights": (s.rubric.scoring.weight_material, s.rubric.scoring.weight_site)}


template, root = workspace_fixtures(confirmed, "frozen")


def status(root: Path, lang: str = "zh"):
    return CliRunner().invoke(cli, ["-w", str(root), "--lang", lang, "status", "demo"])


def test_the_confirmation_keeps_the_texts_it_was_computed_with(root):
    ws = Workspace(root)
    try:
        with ws.store.read() as conn:
            rows = conn.execute(sa.select(frozen_files).order_by(frozen_files.c.id)).mappings().all()
        assert [(r["kind"], r["path"]) for r in rows] == [("session", "sessions/demo/session.yaml"),
                                                          ("rubric", f"rubrics/{RUBRIC}.yaml")]
        assert rows[0]["text"] == session_file(root).read_text("utf-8")
        assert rows[1]["text"] == rubric_file(root).read_text("utf-8")
        assert all(r["sha256"] == rules.sha256(r["text"]) for r in rows)
        s = ws.session("demo")
        assert s.config.frozen_by == s.confirmation().id and s.rules_changed_on_disk() == []
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):   # kept for good
            with ws.store.write() as conn:
                conn.execute(frozen_files.update().values(text="x"))
    finally:
        ws.close()
    r = status(root)
    assert r.exit_code == 0 and "名单确认后" not in r.output


def test_edits_after_confirmation_change_nothing_and_status_warns(root):
    ws = Workspace(root)
    try:
        before = outputs(ws)
    finally:
        ws.close()
    edit_rules(root)
    ws = Workspace(root)
    try:
        after = outputs(ws)
        s = ws.session("demo")
        assert s.config.material_experts == 5 and s.config.notice.working_days == 5
        changed = s.rules_changed_on_disk()
    finally:
        ws.close()
    assert before["weights"] == after["weights"] == (0.6, 0.4)
    pd.testing.assert_frame_equal(before["aggregate"], after["aggregate"])
    pd.testing.assert_frame_equal(before["list"], after["list"])
    assert after["preview"].document == before["preview"].document
    assert (after["preview"].start, after["preview"].end) == (before["preview"].start, before["preview"].end)
    assert after["verify"].consistent and after["verify"].hashes == before["verify"].hashes
    assert [(c["kind"], Path(c["path"]).name) for c in changed] == [("session", "session.yaml"), ("rubric", f"{RUBRIC}.yaml")]

    r = status(root)
    assert r.exit_code == 0, r.output
    assert "批次设置文件 sessions/demo/session.yaml 在名单确认后被修改；该批次仍按确认时的版本计算" in r.stderr
    assert f"评分细则文件 rubrics/{RUBRIC}.yaml 在名单确认后被修改" in r.stderr
    assert "still computed with the version confirmed" in status(root, "en").stderr


def test_the_city_dashboards_warn_and_a_county_sees_no_warning(root, monkeypatch):
    """The city's dashboards carry status's warning (workspace paths only, no server path); a county's does not."""
    from panel_toolkit import Actor
    from panel_toolkit.dashboards.city import CityOverview
    from panel_toolkit.dashboards.county import CountyDashboard

    monkeypatch.setenv("PANEL_TOOLKIT_WORKSPACE", str(root))
    ws = Workspace(root)
    try:
        assert "pt-warn" not in CityOverview(ws.session("demo"), auto=False).heading.value
        edit_rules(root)
        city = ws.session("demo")
        for heading in (CityOverview(city, auto=False).heading.value, CountyDashboard(city).heading.value):
            assert heading.count('class="pt-warn"') == 2, heading
            assert "批次设置文件 sessions/demo/session.yaml 在名单确认后被修改" in heading
            assert f"评分细则文件 rubrics/{RUBRIC}.yaml 在名单确认后被修改" in heading
            assert str(root) not in heading
        assert "reopen the session" in CityOverview(city, lang="en", auto=False).heading.value
        county = ws.session("demo", Actor.county("盖州市"))
        assert "pt-warn" not in CountyDashboard(county).heading.value
    finally:
        ws.close()


def test_a_rubric_put_in_front_of_the_confirmed_one_is_noticed(root):
    """The session names its rubric by id: a new file found first (rubrics/ before the bundled ones) is a change too."""
    (root / "rubrics" / f"{RUBRIC}.yaml").rename(root / "rubrics" / "kept.yaml")
    data = yaml.safe_load(session_file(root).read_text("utf-8"))
    ws = Workspace(root)
    try:
        changed = ws.session("demo").rules_changed_on_disk()
        assert [c["kind"] for c in changed] == ["rubric"] and changed[0]["path"].endswith(f"rubrics/{RUBRIC}.yaml")
        assert not changed[0]["missing"] and data["rubric"] == RUBRIC   # now the bundled one: another file
        assert ws.session("demo").rubric.scoring.weight_material == 0.6
    finally:
        ws.close()


def test_after_reopen_the_files_apply_and_the_next_confirmation_keeps_them(root):
    ws = Workspace(root)
    try:
        ws.session("demo").reopen("评分细则的权重须调整")
    finally:
        ws.close()
    edit_rules(root)
    ws = Workspace(root)
    try:
        s = ws.session("demo")
        assert s.config.frozen_by is None and s.rules_changed_on_disk() == []
        assert (s.rubric.scoring.weight_material, s.rubric.scoring.weight_site) == (0.2, 0.8)
        assert s.config.notice.working_days == 9
        assert s.aggregate().to_frame()["combined"].notna().any()
        c = s.confirm_proposed_list()
        s = ws.session("demo")
        assert s.config.frozen_by == c.id and s.rubric.scoring.pass_mark == 40
        with ws.store.read() as conn:
            kept = conn.execute(sa.select(frozen_files.c.text).where(frozen_files.c.proposed_list_id == c.id,
                                                                     frozen_files.c.kind == "rubric")).scalar()
        assert "site: 0.8" in kept
    finally:
        ws.close()


def test_a_confirmation_without_kept_texts_refuses_changed_files(tmp_path, monkeypatch):
    """As a store of revision 0003 left it: the confirmation has only the SHA-256 of the rules."""
    root = tmp_path / "old"
    monkeypatch.setattr(rules, "keep", lambda *a, **k: None)
    confirmed(root)
    monkeypatch.undo()
    ws = Workspace(root)
    try:
        s = ws.session("demo")                              # the files are unchanged: read from disk
        assert s.config.frozen_by is None and len(s.confirmed_list())
    finally:
        ws.close()
    text = rubric_file(root).read_text("utf-8")
    rubric_file(root).write_text(text.replace("pass_mark: 70", "pass_mark: 40"), "utf-8")
    ws = Workspace(root)
    try:
        with pytest.raises(RulesChanged) as err:
            ws.session("demo")
        assert err.value.kind == "rubric" and err.value.file.endswith(f"{RUBRIC}.yaml")
        assert "评分细则文件" in err.value.zh and "恢复" in err.value.zh and "backup" in err.value.en
    finally:
        ws.close()
    r = status(root)
    assert r.exit_code == RulesChanged.exit_code == 64 and "备份" in r.stderr
    rubric_file(root).write_text(text, "utf-8")              # restored: readable again
    edit_session(root, working_days=9)
    ws = Workspace(root)
    try:
        with pytest.raises(RulesChanged) as err:
            ws.config("demo")
        assert err.value.kind == "session"
    finally:
        ws.close()


def _override(root: Path, year: int, holidays: list[str]) -> str:
    name = f"calendar-{year}.yaml"
    (session_file(root).parent / name).write_text(yaml.safe_dump(
        {"schema_version": 1, "year": year, "source": "（测试）虚构安排", "holidays": holidays, "workdays": []},
        allow_unicode=True), "utf-8")
    return name


def test_a_closed_session_takes_a_later_years_schedule_but_no_change_to_a_known_year(root):
    """The official schedule of a year nobody knew at confirmation may be added (periods into it were refused,
    so nothing computed changes); an override of a year the library knows does not touch a closed session."""
    from panel_toolkit.errors import CalendarUnknownYear

    ws = Workspace(root)
    try:
        with pytest.raises(CalendarUnknownYear):
            ws.session("demo").notice_period(dt.date(2099, 6, 1))
        before = ws.session("demo").notice_period(PUBLISH).days
    finally:
        ws.close()
    later = _override(root, 2099, ["2099-06-02"])
    known = _override(root, PUBLISH.year, [(PUBLISH + dt.timedelta(days=1)).isoformat()])   # would shift the period
    edit_session(root, calendar_overrides=[later, known])
    ws = Workspace(root)
    try:
        s = ws.session("demo")
        assert s.config.frozen_by is not None
        days = s.notice_period(dt.date(2099, 6, 1)).days
        assert dt.date(2099, 6, 2) not in days and len(days) == 5          # the later year's schedule applies
        assert s.notice_period(PUBLISH).days == before                      # the known year is as confirmed
    finally:
        ws.close()
