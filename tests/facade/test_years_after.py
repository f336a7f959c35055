"""The directory's years, as a bureau lives them (SPEC §7 "closed is closed"): one session run to recognition,
then three years of directory events — county orders and interviews, a suspension and its restoration, a
removal case and the city's removal, a removal decided before the session's reference date but recorded
years later, a corrected removal — and a second session. The first session's outputs (published result,
certificate, screen, aggregate, draw verify) are byte-identical at the end, and every write that would
change it is refused. Real SQLite workspace, real CLI, no mocks."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from panel_toolkit import Workspace
from panel_toolkit.actor import Actor
from panel_toolkit.cli.main import cli
from panel_toolkit.errors import MarkNotUsable, SessionClosed
from panel_toolkit.facade.directory import Directory

from ..notice.builders import confirmed_demo, copy_workspace

D = dt.date
PUBLISH, AFTER = D(2026, 9, 30), D(2026, 10, 14)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return confirmed_demo(tmp_path_factory.mktemp("years-template") / "ws")


@pytest.fixture
def root(template, tmp_path) -> Path:
    root = copy_workspace(template, tmp_path / "ws")
    ws = Workspace(root)
    try:
        s = ws.session("demo")
        s.publish_notice(PUBLISH)
        s.recognise(AFTER)
    finally:
        ws.close()
    return root


def run(root: Path, *args, code: int = 0) -> str:
    r = CliRunner().invoke(cli, ["-w", str(root), *map(str, args)])
    assert r.exit_code == code, r.output
    return r.output


def outputs(root: Path, apps: list[int], tmp: Path) -> dict[str, bytes]:
    """Everything the closed session answers, as bytes."""
    out = {"screen": run(root, "screen", "demo", "--format", "csv").encode(),
           "aggregate": run(root, "aggregate", "demo", "--format", "csv").encode(),
           "draw verify": run(root, "draw", "verify", "demo").encode(),
           "result": run(root, "recognised", "demo", "--format", "html").encode()}
    for app in apps:
        path = tmp / f"cert-{app}.html"
        run(root, "certificate", "demo", app, "--out", path)
        out[f"certificate {app}"] = path.read_bytes()
    return out


def second_session(root: Path) -> None:
    """A later session with the same units applying again (reference date 2029-09-30)."""
    data = yaml.safe_load((root / "sessions" / "demo" / "session.yaml").read_text("utf-8"))
    data.update(id="2029", reference_date="2029-09-30")
    data["title"] = {"zh": "2029年度营口市市级劳务品牌认定（示例）", "en": "2029 recognition (demo)"}
    data["notice"].pop("title", None)
    folder = root / "sessions" / "2029"
    folder.mkdir()
    (folder / "session.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_a_recognised_session_answers_the_same_forever(root, tmp_path):
    ws = Workspace(root)
    try:
        s = ws.session("demo")
        rec = s.recognised_list()
        assert len(rec) >= 4
        apps = [int(a) for a in rec["application_id"]]
        a, b, c, d_ = apps[:4]
    finally:
        ws.close()
    before = outputs(root, [a], tmp_path)
    assert "一致" in before["draw verify"].decode()

    # -- nothing that would change the list is accepted any more ------------------------------------------
    assert "已永久关闭" in run(root, "screening", "demo", a, "--reject", "--reason", "补充核查", code=SessionClosed.exit_code)
    assert "已永久关闭" in run(root, "--county", "盖州市", "import", "demo", root / "demo-applications.xlsx",
                               code=SessionClosed.exit_code)
    assert "不能重新开放" in run(root, "reopen", "demo", "--reason", "想改", code=SessionClosed.exit_code)
    run(root, "notice", "demo", "--publish-date", "2026-10-20", "--reason", "再发", code=6)

    # -- three years of the directory ------------------------------------------------------------------
    ws = Workspace(root)
    try:
        today = lambda: D(2029, 12, 31)  # noqa: E731  (the directory refuses dates after "today")
        city = Directory(ws, today=today)
        entries = city.entries_frame().reset_index().set_index("application_id")["entry_id"]
        ea, eb, ec, ed = (int(entries[x]) for x in (a, b, c, d_))
        county_of = city.entries_frame()["county"]
        county = lambda e: Directory(ws, Actor.county(county_of[e]), today=today)  # noqa: E731
        county(ea).record_event(ea, "rectification_order", "第十七条(一)", D(2027, 3, 1), "年度报告逾期")
        county(ea).record_event(ea, "rectified", None, D(2027, 3, 20))
        county(eb).record_event(eb, "interview", "第十八条(二)", D(2027, 1, 10))
        county(eb).record_event(eb, "suspension_case", None, D(2027, 4, 12))
        city.record_event(eb, "suspend", None, D(2027, 4, 20))
        with pytest.raises(MarkNotUsable):
            ws.session("demo").certificate(b)                                # 第十九条: mark suspended
        city.record_event(eb, "restore", None, D(2028, 4, 1))
        county(ec).record_event(ec, "removal_case", "第二十条(二)", D(2028, 2, 1), "重大安全事故")
        city.record_event(ec, "remove", "第二十条(二)", D(2028, 3, 1))
        city.record_event(ed, "remove", "第二十条(三)", D(2028, 6, 1))
        city.record_event(ed, "removal_corrected", None, D(2028, 7, 1), "误录：名单所列为另一同名单位")
        # a removal decided before the session's reference date, recorded only now: it must not reach back
        app_a = ws.session("demo").application(a)
        ws.session("demo").record_removal(app_a["credit_code"], app_a["unit_name"], app_a["brand_name"],
                                          D(2023, 1, 1), "第二十条(四)", "补录")
        with pytest.raises(MarkNotUsable):
            ws.session("demo").certificate(c)                                # 第二十条: mark withdrawn
    finally:
        ws.close()

    # -- a second session, three years on --------------------------------------------------------------
    second_session(root)
    run(root, "import", "2029", root / "demo-applications.xlsx")
    ws = Workspace(root)
    try:
        later = ws.session("2029").eligibility().to_frame().set_index(
            ws.session("2029").applications_frame()["credit_code"])
        code_c = ws.session("demo").application(c)["credit_code"]
        code_d = ws.session("demo").application(d_)["credit_code"]
        assert later.loc[code_c, "E7"] == "fail"          # removed 2028-03-01: banned in 2029
        assert later.loc[code_d, "E7"] == "pass"          # that removal was corrected
    finally:
        ws.close()

    after = outputs(root, [a], tmp_path)
    for key in before:
        assert after[key] == before[key], key
