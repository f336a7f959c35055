"""公示 (第十三条), 异议, 认定授牌 (第十四条) and certificates (第二十二条) through the facade, on a demo
workspace taken through the real steps to a confirmed list (real SQLite in tmp_path, no mocks)."""
from __future__ import annotations

import datetime as dt
import io
import os
import re

import pandas as pd
import pytest
import sqlalchemy as sa
import yaml

from panel_toolkit import Actor, Workspace
from panel_toolkit.intake import creditcode
from panel_toolkit.errors import AccessDenied, CalendarUnknownYear, InvalidState, NotFound
from panel_toolkit.notice.numbers import PATTERN
from panel_toolkit.notice.pdf import find_chromium
from panel_toolkit.store.tables.directory import directory_entries

from ..notice.builders import CONTACT, confirmed_demo, edit_session, reconfirm, workspace_fixtures

D = dt.date.fromisoformat
PUBLISH, START, END, AFTER = D("2026-09-30"), D("2026-10-01"), D("2026-10-13"), D("2026-10-14")


template, root = workspace_fixtures(confirmed_demo, "notice")


@pytest.fixture
def ws(root):
    w = Workspace(root)
    yield w
    w.close()


@pytest.fixture
def s(ws):
    return ws.session("demo")


@pytest.fixture
def published(s):
    s.publish_notice(PUBLISH)
    return s


def proposed_ids(s) -> list[int]:
    df = s.confirmed_list()
    return [int(i) for i in df[df["conclusion"] == "proposed"].sort_values("rank")["application_id"]]


def actions(s) -> list[str]:
    return list(s.events_frame()["action"])


# -- the notice --------------------------------------------------------------------------------

def test_publish_records_the_period_and_the_list(s):
    n = s.publish_notice(PUBLISH)
    assert (n.publish_date, n.start, n.end, n.working_days, n.rule) == (PUBLISH, START, END, 5, "civil_code_201")
    assert [r.application_id for r in n.document.rows] == proposed_ids(s) and len(n.document.rows) == 9
    assert [r.no for r in n.document.rows] == list(range(1, 10))
    assert s.notice() == n
    ev = s.events_frame().query("action == 'notice.published'").iloc[-1]
    assert ev["details"]["end"] == "2026-10-13" and ev["details"]["candidates"] == proposed_ids(s)
    assert ev["details"]["calendar_sources"][0]["source"].startswith("chinesecalendar")


def test_notice_text_html_md_docx(published, tmp_path):
    h = published.notice_text("html")
    assert "2026年10月1日至2026年10月13日" in h and CONTACT["phone"] in h and "（示例）" in h
    assert published.notice().document.title in h and "<th>建设单位</th>" in h
    md = published.notice_text("md")
    first = published.notice().document.rows[0]
    assert f"| 1 | {first.county} | {first.brand_name} |" in md
    from docx import Document

    out = published.write_notice(tmp_path / "公示.docx")
    assert Document(io.BytesIO(out.read_bytes())).tables[0].rows[1].cells[2].text == first.brand_name


def test_preview_records_nothing(s):
    p = s.preview_notice(PUBLISH)
    assert p.id is None and p.end == END
    with pytest.raises(NotFound):
        s.notice()


def test_publishing_again_needs_a_reason_and_the_latest_counts(published):
    with pytest.raises(InvalidState):
        published.publish_notice(D("2026-10-09"))
    n = published.publish_notice(D("2026-10-09"), reason="更正发布日期")
    assert n.end == D("2026-10-15")   # 10-10 (make-up Saturday), 12, 13, 14, 15
    assert published.notice().id == n.id and n.reason == "更正发布日期"


def test_publish_needs_a_way_to_object(root):
    edit_session(root, contact={"unit": "市人社局"})
    reconfirm(root)
    w = Workspace(root)
    try:
        with pytest.raises(InvalidState, match="notice.contact"):
            w.session("demo").publish_notice(PUBLISH)
    finally:
        w.close()


def test_publish_needs_a_confirmed_list(tmp_path):
    from panel_toolkit.demo import build_demo

    build_demo(tmp_path / "bare")
    w = Workspace(tmp_path / "bare")
    try:
        with pytest.raises(InvalidState):
            w.session("demo").publish_notice(PUBLISH)
    finally:
        w.close()


def test_roles(ws, published):
    county = ws.session("demo", Actor.county("盖州市"))
    with pytest.raises(AccessDenied):
        county.publish_notice(PUBLISH)
    with pytest.raises(AccessDenied):
        county.register_objection(proposed_ids(published)[0], "某人", "内容")
    with pytest.raises(AccessDenied):
        county.objections_frame()
    assert county.notice().end == END           # the notice is public


def test_2027_period_refused_without_override_and_right_with_one(root):
    w = Workspace(root)
    try:
        with pytest.raises(CalendarUnknownYear) as e:
            w.session("demo").publish_notice(D("2026-12-25"))
        assert e.value.year == 2027
    finally:
        w.close()
    override = {"schema_version": 1, "year": 2027, "source": "测试用虚构安排（并非国务院办公厅通知）",
                "holidays": [{"from": "2027-01-01", "to": "2027-01-03", "name": "元旦"}], "workdays": []}
    (root / "sessions" / "demo" / "calendar-2027.yaml").write_text(yaml.safe_dump(override, allow_unicode=True), "utf-8")
    edit_session(root, calendar_overrides=["calendar-2027.yaml"])
    reconfirm(root)
    w = Workspace(root)
    try:
        n = w.session("demo").publish_notice(D("2026-12-25"))
        # 12-28..12-31, then 01-01..01-03 off by the file, 01-04 (Monday)
        assert (n.start, n.end) == (D("2026-12-26"), D("2027-01-04"))
        assert n.calendar_sources[-1]["file"].endswith("calendar-2027.yaml")
    finally:
        w.close()


def test_working_days_is_a_session_setting(root):
    edit_session(root, working_days=7)
    w = Workspace(root)
    try:
        assert w.session("demo").preview_notice(PUBLISH).end == END   # the confirmed file's 5 days (SPEC §7)
    finally:
        w.close()
    reconfirm(root)
    w = Workspace(root)
    try:
        assert w.session("demo").publish_notice(PUBLISH).end == D("2026-10-15")
    finally:
        w.close()


# -- objections --------------------------------------------------------------------------------

def test_objection_flow_not_upheld(published):
    s, app = published, proposed_ids(published)[2]
    oid = s.register_objection(app, "张某", "培训人数与台账不符", "139xxxx0000", dt.datetime(2026, 10, 9, 15, 30))
    f = s.objections_frame()
    assert f.loc[oid, "status"] == "open" and not f.loc[oid, "late"] and f.loc[oid, "application_id"] == app
    assert f.loc[oid, "received_at"].strftime("%Y-%m-%d %H:%M") == "2026-10-09 15:30"
    with pytest.raises(InvalidState):          # a decision needs the investigation first
        s.decide_objection(oid, False, "不成立")
    s.investigate_objection(oid, "调阅培训台账并电话抽查 10 名学员")
    assert s.objections_frame().loc[oid, "status"] == "investigating"
    with pytest.raises(InvalidState):
        s.decide_objection(oid, False, "  ")    # needs a reason
    s.decide_objection(oid, False, "台账与花名册一致，异议不成立")
    f = s.objections_frame()
    assert (f.loc[oid, "status"], f.loc[oid, "decision"]) == ("decided", "not_upheld")
    assert f.loc[oid, "decision_reason"] == "台账与花名册一致，异议不成立"
    with pytest.raises(InvalidState):          # final
        s.decide_objection(oid, True, "改判")
    with pytest.raises(InvalidState):
        s.investigate_objection(oid, "再查")
    assert s.objections_frame(lang="zh").loc[oid, "status"] == "已决定"
    assert [a for a in actions(s) if a.startswith("objection.")] == \
        ["objection.registered", "objection.investigating", "objection.decided"]


def test_objection_after_the_period_is_late(published):
    s, app = published, proposed_ids(published)[0]
    on_last_day = s.register_objection(app, "李某", "内容一", received_at=dt.datetime(2026, 10, 13, 23, 59))
    late = s.register_objection(app, "王某", "内容二", received_at=D("2026-10-14"))
    f = s.objections_frame()
    assert not f.loc[on_last_day, "late"] and f.loc[late, "late"]
    # a time with its zone: 2026-10-13 16:30 UTC is 2026-10-14 00:30 in China
    utc = s.register_objection(app, "赵某", "内容三", received_at=dt.datetime(2026, 10, 13, 16, 30, tzinfo=dt.timezone.utc))
    assert s.objections_frame().loc[utc, "late"]


def test_objection_checks(published, s):
    app = proposed_ids(s)[0]
    not_on_notice = int(s.confirmed_list().query("conclusion != 'proposed'")["application_id"].iloc[0])
    with pytest.raises(NotFound):
        s.register_objection(not_on_notice, "某人", "内容", received_at=D("2026-10-09"))
    with pytest.raises(InvalidState):
        s.register_objection(app, "  ", "内容", received_at=D("2026-10-09"))
    with pytest.raises(InvalidState):
        s.register_objection(app, "某人", "", received_at=D("2026-10-09"))
    with pytest.raises(InvalidState):         # before the notice was published
        s.register_objection(app, "某人", "内容", received_at=D("2026-09-29"))
    with pytest.raises(InvalidState):         # in the future
        s.register_objection(app, "某人", "内容", received_at=dt.datetime.now() + dt.timedelta(days=2))
    with pytest.raises(NotFound):
        s.investigate_objection(999, "查")


def test_objection_before_any_notice_is_refused(s):
    with pytest.raises(InvalidState):
        s.register_objection(proposed_ids(s)[0], "某人", "内容", received_at=D("2026-10-09"))


# -- recognition -------------------------------------------------------------------------------

def test_recognition_refused_during_the_period(published):
    with pytest.raises(InvalidState) as e:
        published.recognise(END)
    assert "2026年10月13日二十四时届满" in e.value.zh and "2026年10月14日起" in e.value.zh
    with pytest.raises(InvalidState):
        published.recognise(dt.date.today() + dt.timedelta(days=2))


def test_recognition_refused_without_notice(s):
    with pytest.raises(InvalidState):
        s.recognise(AFTER)


def test_recognition_refused_while_an_objection_is_open(published):
    s, app = published, proposed_ids(published)[1]
    oid = s.register_objection(app, "张某", "内容", received_at=D("2026-10-10"))
    with pytest.raises(InvalidState) as e:
        s.recognise(AFTER)
    assert f"编号 {oid}" in e.value.zh
    s.investigate_objection(oid, "核查中")
    with pytest.raises(InvalidState):            # investigating is still open
        s.recognise(AFTER)
    late = s.register_objection(app, "王某", "逾期内容", received_at=D("2026-10-14"))
    s.decide_objection(oid, False, "不成立")
    with pytest.raises(InvalidState) as e:      # a late objection is looked into too
        s.recognise(AFTER)
    assert f"编号 {late}" in e.value.zh
    s.investigate_objection(late, "逾期提出；经核查内容不实")
    s.decide_objection(late, False, "不成立")
    assert len(s.recognise(AFTER).recognised) == 9
    assert actions(s).count("recognition.recorded") == 1 and actions(s)[-1] == "recognition.recorded"


def test_recognition_enters_the_directory_with_unique_numbers(ws, published):
    s = published
    result = s.recognise(AFTER)
    assert len(result.recognised) == 9 and result.excluded.empty
    numbers = list(result.recognised["certificate_no"])
    assert len(set(numbers)) == 9 and all(PATTERN.match(n) for n in numbers)
    rows = result.recognised.reset_index()
    for r in rows.itertuples():
        code = {"市直": "210800", "盖州市": "210881", "站前区": "210802", "西市区": "210803", "鲅鱼圈区": "210804"}
        assert r.certificate_no.startswith(f"YKLW-2026-{code[r.county]}-")
    # serials run per division in the notice's order
    zq = [n for n, c in zip(rows["certificate_no"], rows["county"]) if c == "站前区"]
    assert zq == [f"YKLW-2026-210802-{i:03d}" for i in range(1, len(zq) + 1)]
    with ws.store.read() as conn:
        entries = conn.execute(sa.select(directory_entries).where(directory_entries.c.session_id == "demo")).mappings().all()
    assert sorted(e["certificate_no"] for e in entries) == sorted(numbers)
    assert {e["status"] for e in entries} == {"active"} and {e["recognised_on"] for e in entries} == {AFTER}
    assert all(e["credit_code"] and e["industry"] for e in entries)
    listed = s.recognised_list()
    assert list(listed["certificate_no"]) == numbers and list(listed.index) == list(range(1, 10))
    assert actions(s).count("directory.entered") == 9 and actions(s)[-1] == "recognition.recorded"
    # the directory facade sees them
    assert len(ws.directory().entries_frame()) >= 9
    with pytest.raises(InvalidState):             # once per session
        s.recognise(AFTER)
    with pytest.raises(InvalidState):             # and no new notice after it
        s.publish_notice(D("2026-10-20"), reason="再次公示")


def test_upheld_objection_excludes_the_candidate(published):
    s = published
    ids = proposed_ids(s)
    oid = s.register_objection(ids[3], "某协会", "申报材料中的培训人数虚报", received_at=D("2026-10-12"))
    s.investigate_objection(oid, "抽查学员名单，半数无法联系")
    s.decide_objection(oid, True, "培训人数虚报，属实")
    result = s.recognise(AFTER)
    assert ids[3] not in set(result.recognised["application_id"]) and len(result.recognised) == 8
    assert list(result.excluded["application_id"]) == [ids[3]]
    assert f"异议{oid}成立：培训人数虚报，属实" in result.excluded["reason"].iloc[0]
    rec = s.recognitions_frame()
    assert rec.set_index("application_id").loc[ids[3], "outcome"] == "excluded"
    assert pd.isna(rec.set_index("application_id").loc[ids[3], "certificate_no"])
    assert "未予认定" in result.message()
    # numbers stay gap-free within each division
    for _, g in result.recognised.groupby("county"):
        serials = sorted(int(n[-3:]) for n in g["certificate_no"])
        assert serials == list(range(1, len(serials) + 1))


def _set_quota(root, quota: int) -> None:
    path = root / "sessions" / "demo" / "session.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["quota"] = quota
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_a_session_file_edited_after_the_notice_changes_nothing(root):
    w = Workspace(root)
    try:
        listed = sorted(r.application_id for r in w.session("demo").publish_notice(PUBLISH).document.rows)
    finally:
        w.close()
    assert len(listed) > 3                     # a quota of 3 read from the edited file would cut the list
    _set_quota(root, 3)
    w = Workspace(root)
    try:
        s = w.session("demo")
        s.confirm_proposed_list()
        result = s.recognise(AFTER)   # confirmed again with the confirmed file: the list is the one published (SPEC §7)
        assert sorted(proposed_ids(s)) == listed
        assert sorted(int(i) for i in result.recognised["application_id"]) == listed
    finally:
        w.close()


def test_recognition_refused_when_the_list_changed_after_the_notice_and_a_reopen(root):
    w = Workspace(root)
    try:
        w.session("demo").publish_notice(PUBLISH)
        w.session("demo").reopen("名额须调整")
    finally:
        w.close()
    _set_quota(root, 3)
    w = Workspace(root)
    try:
        s = w.session("demo")
        s.confirm_proposed_list()
        with pytest.raises(InvalidState) as e:
            s.recognise(AFTER)
        assert "重新公示" in e.value.zh
    finally:
        w.close()


def test_numbers_continue_across_sessions_of_a_year(ws, published):
    # a brand recognised earlier in 2026 (entered by hand) holds 站前区 serial 001
    ws.directory().register_entry(creditcode.make("91210802000000001"), "（示例）早先单位", "早先品牌", "站前区",
                                  D("2026-03-01"), "YKLW-2026-210802-001")
    result = published.recognise(AFTER)
    zq = sorted(n for n, c in zip(result.recognised["certificate_no"], result.recognised["county"]) if c == "站前区")
    assert zq[0] == "YKLW-2026-210802-002"


# -- the published result and certificates -------------------------------------------------------

def test_result_and_certificate(published, tmp_path):
    s = published
    result = s.recognise(AFTER)
    first = result.recognised.iloc[0]
    h = s.result_text("html")
    assert "第十四条" in h and first["certificate_no"] in h and "2026年10月14日" in h
    assert first["certificate_no"] in s.result_text("md")
    s.write_result(tmp_path / "结果.docx")
    cert = s.certificate(int(first["application_id"]))
    assert f"证书编号：{first['certificate_no']}" in cert and first["brand_name"] in cert and "二〇二六年十月十四日" in cert
    assert "certificate.rendered" in actions(s)
    not_recognised = int(s.confirmed_list().query("conclusion != 'proposed'")["application_id"].iloc[0])
    with pytest.raises(NotFound):
        s.certificate(not_recognised)
    with pytest.raises(InvalidState):
        s.certificate(int(first["application_id"]), "png")


@pytest.mark.skipif(find_chromium() is None and not os.environ.get("CI"), reason="needs Chromium (never skipped in CI)")
def test_certificate_pdf_is_one_a4_landscape_page(published):
    result = published.recognise(AFTER)
    pdf = published.certificate(int(result.recognised.iloc[0]["application_id"]), "pdf")
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) == 1
    w, h = map(float, boxes[0])
    assert abs(w - 841.9) < 2 and abs(h - 595.3) < 2      # A4 landscape in points


def test_a_brand_already_in_the_directory_is_excluded(ws, published):
    s = published
    app = s.application(proposed_ids(s)[0])
    ws.directory().register_entry(app["credit_code"], app["unit_name"], app["brand_name"], app["county"],
                                  D("2023-12-01"), "YK-2023-001")
    result = s.recognise(AFTER)
    assert list(result.excluded["application_id"]) == [proposed_ids(s)[0]]
    assert result.excluded["reason"].iloc[0] == "该单位的此劳务品牌已在目录中"
