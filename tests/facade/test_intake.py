"""Importing applications through the facade: all or nothing, idempotent, updates keep history."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from panel_toolkit import Actor
from panel_toolkit.errors import AccessDenied, InputRejected
from panel_toolkit.store import schema as t


def counts(ws) -> dict:
    with ws.store.read() as c:
        return {tb.name: c.execute(sa.select(sa.func.count()).select_from(tb)).scalar()
                for tb in (t.applications, t.screenings, t.events)}


def test_import_then_reimport_is_idempotent(workspace, valid_row, write_xlsx):
    rows = [valid_row() for _ in range(5)]
    path = write_xlsx(rows)
    s = workspace.session("2024")
    r1 = s.import_applications(path)
    assert (r1.inserted, r1.updated, r1.unchanged, r1.screenings) == (5, 0, 0, 5)
    r2 = s.import_applications(path)
    assert (r2.inserted, r2.updated, r2.unchanged, r2.screenings) == (0, 0, 5, 0)
    assert len(s.applications_frame()) == 5
    assert counts(workspace)["screenings"] == 5
    ev = s.events_frame()
    assert list(ev["action"]) == ["session.registered", "applications.imported", "applications.imported"]
    assert ev["actor"].eq("市人社局").all()


def test_changed_row_needs_update_and_keeps_old_values(workspace, valid_row, write_xlsx):
    row = valid_row()
    s = workspace.session("2024")
    s.import_applications(write_xlsx([row], "a.xlsx"))
    changed = dict(row, **{"第一年培训人数": 150})
    before = counts(workspace)
    with pytest.raises(InputRejected) as ei:
        s.import_applications(write_xlsx([changed], "b.xlsx"))
    assert ei.value.problems[0].column == "统一社会信用代码" and "--update" in ei.value.problems[0].reason_zh
    assert counts(workspace) == before
    r = s.import_applications(write_xlsx([changed], "b.xlsx"), update=True)
    assert r.updated == 1
    assert int(s.applications_frame()["trained_y1"].iloc[0]) == 150
    upd = s.events_frame().query("action == 'application.updated'")
    assert upd["details"].iloc[0]["before"]["trained_y1"] == row["第一年培训人数"]


def test_invalid_file_leaves_store_unchanged(workspace, valid_row, write_xlsx):
    s = workspace.session("2024")
    s.import_applications(write_xlsx([valid_row()], "ok.xlsx"))
    before = counts(workspace)
    bad = [valid_row(), valid_row(county="沈阳市"), valid_row(trained_y1="很多")]
    with pytest.raises(InputRejected) as ei:
        s.import_applications(write_xlsx(bad, "bad.xlsx"))
    assert {(p.row, p.column) for p in ei.value.problems} == {(3, "县(市)区"), (4, "第一年培训人数")}
    assert counts(workspace) == before


def test_county_imports_only_its_own_county(workspace, valid_row, write_xlsx):
    s = workspace.session("2024", Actor.county("盖州市"))
    path = write_xlsx([valid_row(county="盖州市"), valid_row(county="老边区")])
    with pytest.raises(InputRejected) as ei:
        s.import_applications(path)
    assert [(p.row, p.value) for p in ei.value.problems] == [(3, "老边区")]
    assert len(workspace.session("2024").applications_frame()) == 0


def test_county_sees_only_its_county(workspace, valid_row, write_xlsx):
    workspace.session("2024").import_applications(
        write_xlsx([valid_row(county="盖州市"), valid_row(county="老边区"), valid_row(county="盖州市")]))
    mine = workspace.session("2024", Actor.county("盖州市")).applications_frame()
    assert list(mine["county"]) == ["盖州市", "盖州市"]
    with pytest.raises(AccessDenied):
        workspace.session("2024", Actor.county("盖州市")).events_frame()


def test_session_config_change_is_logged(workspace, workspace_dir):
    workspace.session("2024")
    p = workspace_dir / "sessions" / "2024" / "session.yaml"
    p.write_text(p.read_text("utf-8").replace("quota: null", "quota: 20"), encoding="utf-8")
    s = workspace.session("2024")
    assert s.config.quota == 20
    assert list(s.events_frame()["action"]) == ["session.registered", "session.config_changed"]
