"""The directory facade over a real SQLite store: roles, the recorded history, the status cache, annual
reports, proposals, and the removal that eligibility E7 reads (第二十条: five years from the decision)."""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from panel_toolkit import Actor, Workspace
from panel_toolkit.errors import AccessDenied, IllegalTransition, InvalidState, NotFound
from panel_toolkit.intake import creditcode
from panel_toolkit.store.tables.directory import directory_entries

D = dt.date


@contextmanager
def zh(error, text: str):
    """Like pytest.raises, matching ``text`` in the Chinese message (str(e) is the English one)."""
    with pytest.raises(error) as caught:
        yield caught
    assert text in caught.value.zh, caught.value.zh


def code(n: int, county="210881") -> str:
    return creditcode.make(f"91{county}{n:08d}X")


@pytest.fixture
def d(workspace):
    return workspace.directory()


@pytest.fixture
def entry(d):
    return d.register_entry(code(1), "营口示例劳务有限公司", "营口示例焊匠", "盖州市", D(2023, 12, 1), "YK-2023-001", "建筑")


def test_register_validates(d, entry):
    with zh(InvalidState, "校验不通过"):
        d.register_entry("91210881000000001A", "某公司", "某品牌", "盖州市", D(2023, 1, 1), "YK-X")
    with zh(InvalidState, "证书编号 YK-2023-001 已被使用"):
        d.register_entry(code(2), "另一公司", "另一品牌", "盖州市", D(2023, 1, 1), "YK-2023-001")
    with zh(InvalidState, "已在目录中"):
        d.register_entry(code(1), "营口示例劳务有限公司", "营口示例焊匠", "盖州市", D(2023, 1, 1), "YK-2023-002")
    with zh(InvalidState, "不在列表中"):
        d.register_entry(code(3), "某公司", "某品牌", "沈阳市", D(2023, 1, 1), "YK-3")
    with zh(InvalidState, "晚于今天"):
        d.register_entry(code(3), "某公司", "某品牌", "盖州市", dt.date.today() + dt.timedelta(days=1), "YK-3")
    f = d.entries_frame()
    assert list(f.index) == [entry] and f.loc[entry, "status"] == "active" and f.loc[entry, "status_label"] == "正常"


def test_events_are_recorded_with_status_cache_and_log(workspace, d, entry):
    d.record_event(entry, "rectification_order", "17(3)", D(2025, 1, 31), "台账不全")
    d.record_event(entry, "整改完成", None, D(2025, 2, 20))
    out = d.record_event(entry, "interview", "第十八条(三)", D(2025, 6, 3))
    assert out.deadline == D(2025, 9, 3)
    h = d.history(entry)
    assert list(h["event"]) == ["recognised", "rectification_order", "rectified", "interview"]
    assert list(h["ground"]) == ["第十四条", "第十七条(三)", "第十七条", "第十八条(三)"]
    assert h.iloc[1]["deadline"].date() == D(2025, 2, 28)
    assert h.iloc[1]["note"] == "台账不全；市人社局代盖州市人社局登记"     # the city acted in the county's place
    with workspace.store.read() as conn:
        cached = conn.execute(sa.select(directory_entries.c.status)).scalar()
        log = conn.execute(sa.text("select action, session_id from events where action like 'directory.%'")).all()
    assert cached == "interview" == d.entries_frame().loc[entry, "status"]
    assert [a for a, _ in log] == ["directory.entry_registered", "directory.rectification_order",
                                   "directory.rectified", "directory.interview"]
    assert {s for _, s in log} == {None}


def test_an_illegal_event_writes_nothing(workspace, d, entry):
    with zh(IllegalTransition, "当前状态为「正常」"):
        d.record_event(entry, "suspend", "第十九条", D(2025, 1, 31))
    assert len(d.history(entry)) == 1 and d.entries_frame().loc[entry, "status"] == "active"
    with zh(InvalidState, "未知的事件"):
        d.record_event(entry, "pause", None, D(2025, 1, 31))
    with zh(InvalidState, "晚于今天"):
        d.record_event(entry, "re_reviewed", None, dt.date.today() + dt.timedelta(days=1))
    with pytest.raises(NotFound):
        d.record_event(999, "re_reviewed", None, D(2025, 1, 31))


def test_events_are_append_only(workspace, d, entry):
    d.record_event(entry, "re_reviewed", None, D(2025, 11, 1))
    d.record_annual_report(entry, 2024, D(2024, 10, 9))
    for table in ("directory_events", "annual_reports"):
        for stmt in (f"update {table} set note = 'x'", f"delete from {table}"):
            with pytest.raises(sa.exc.DatabaseError, match="append-only"):
                with workspace.store.write() as conn:
                    conn.execute(sa.text(stmt))


def test_roles(workspace, d, entry):
    other = d.register_entry(code(5, "210882"), "大石桥示例公司", "大石桥示例厨师", "大石桥市", D(2023, 5, 1), "YK-2023-002")
    county = workspace.directory(Actor.county("盖州市"))
    assert list(county.entries_frame().index) == [entry]
    assert len(county.history(entry)) == 1
    with pytest.raises(NotFound):
        county.history(other)
    assert set(county.deadlines(D(2025, 1, 1))["entry_id"]) == {entry}
    for change in (lambda: county.record_event(entry, "re_reviewed", None, D(2025, 1, 1)),
                   lambda: county.register_entry(code(6), "某公司", "某品牌", "盖州市", D(2023, 1, 1), "YK-9")):
        with pytest.raises(AccessDenied):
            change()
    # 第十六条: the annual report goes to the 本地人社部门 — the county records it
    assert county.record_annual_report(entry, 2024, D(2024, 10, 1)) > 0
    with pytest.raises(NotFound):
        county.record_annual_report(other, 2024, D(2024, 10, 1))
    expert = workspace.directory(Actor.expert(1, "张专家"))
    for read in (expert.entries_frame, expert.published_list, lambda: expert.history(entry),
                 lambda: expert.deadlines(D(2025, 1, 1))):
        with pytest.raises(AccessDenied):
            read()


def test_annual_reports_and_proposed_cases(d, entry):
    with zh(InvalidState, "第一份年度报告为 2024 年度"):
        d.record_annual_report(entry, 2023, D(2023, 12, 20))
    d.record_annual_report(entry, 2024, D(2024, 10, 30))
    assert d.missing_reports(2024, D(2024, 11, 5)).empty
    props = d.report_case_proposals(2025, D(2025, 11, 3))
    assert props == [{"entry_id": entry, "event": "rectification_order", "ground": "第十七条(一)",
                      "occurred_on": D(2025, 11, 3),
                      "note": "2025年度劳务品牌使用和发展情况报告未在 2025-10-31 前报送（第十六条）"}]
    d.record_event(**props[0])                                   # the chair confirms the proposal
    assert d.entries_frame().loc[entry, "status"] == "rectification"
    assert d.report_case_proposals(2025, D(2025, 11, 3)) == []
    d.record_annual_report(entry, 2025, D(2025, 11, 10))
    dl = d.deadlines(D(2025, 11, 20))
    assert set(dl.loc[dl.kind == "annual_report", "subject"]) == {"2026年度报告"}


def test_deadlines_and_re_reviews(d, entry):
    d.record_event(entry, "rectification_order", "第十七条(二)", D(2025, 10, 31))
    over = d.overdue(D(2025, 12, 2))
    assert set(over["kind"]) == {"rectification", "re_review", "annual_report"}
    assert over.set_index("kind").loc["rectification", "due"].date() == D(2025, 11, 30)
    assert list(d.due_re_reviews(D(2025, 10, 1), within_days=90)["due"].dt.date) == [D(2025, 12, 1)]
    assert d.due_re_reviews(D(2025, 8, 1), within_days=90).empty
    d.record_event(entry, "re_reviewed", None, D(2025, 11, 20))
    assert list(d.due_re_reviews(D(2027, 11, 1))["due"].dt.date) == [D(2027, 12, 1)]


def test_status_filter(d, entry):
    d.record_event(entry, "interview", "第十八条(二)", D(2025, 1, 10))
    assert list(d.entries_frame("interview").index) == [entry]
    assert list(d.entries_frame("约谈整改").index) == [entry]
    assert d.entries_frame("active").empty
    with zh(InvalidState, "未知的状态"):
        d.entries_frame("paused")


def test_third_suspension_opens_a_case_the_city_decides(workspace, d, entry):
    """The third suspension records a pending removal case, not a removal."""
    for year in (2024, 2025):
        d.record_event(entry, "interview", "第十八条(二)", D(year, 1, 5))
        d.record_event(entry, "suspend", None, D(year, 5, 5))
        d.record_event(entry, "restore", None, D(year, 9, 1))
    d.record_event(entry, "interview", "第十八条(三)", D(2026, 1, 5))
    out = d.record_event(entry, "suspend", None, D(2026, 5, 5))
    assert [r.kind.value for r in out.records] == ["suspend", "removal_case"]
    assert d.entries_frame().loc[entry, "status"] == "suspended"
    assert workspace.session("2024").removals_frame().empty
    d.record_event(entry, "remove", "第二十条(五)", D(2026, 5, 5), "市人社局决定移出")
    assert d.entries_frame().loc[entry, "status"] == "removed"
    pub = d.published_list()
    assert (pub.iloc[0]["ground"], pub.iloc[0]["until"].date()) == ("第二十条(五)", D(2031, 5, 5))
    rem = workspace.session("2024").removals_frame()
    assert list(rem["ground"]) == ["第二十条(五)"] and rem.iloc[0]["credit_code"] == code(1)


# -- 第二十条: removal → the five-year ban that eligibility E7 reads -----------------------------------

def add_session(workspace_dir, sid: str, reference: str) -> None:
    src = (workspace_dir / "sessions" / "2024" / "session.yaml").read_text("utf-8")
    folder = workspace_dir / "sessions" / sid
    folder.mkdir()
    (folder / "session.yaml").write_text(src.replace('id: "2024"', f'id: "{sid}"')
                                         .replace("reference_date: 2024-09-30", f"reference_date: {reference}"), "utf-8")


def e7(ws: Workspace, sid: str, path) -> str:
    s = ws.session(sid)
    s.import_applications(path)
    return str(s.eligibility().to_frame().iloc[0]["E7"])


def test_removal_bans_for_five_years_through_real_eligibility(workspace_dir, valid_row, write_xlsx):
    """A removal decided on 2022-03-01 bans up to and including 2027-03-01 (民法典
    第二百零一、二百零二条); the reference date 2027-03-02 is the first day a new application passes E7."""
    add_session(workspace_dir, "2027a", "2027-02-28")
    add_session(workspace_dir, "2027b", "2027-03-01")
    add_session(workspace_dir, "2027c", "2027-03-02")
    unit = valid_row(county="盖州市")
    path = write_xlsx([unit])
    credit = unit["统一社会信用代码"]  # the application's code: E7 matches it
    ws = Workspace(workspace_dir)
    try:
        assert e7(ws, "2024", path) == "pass"
        d = ws.directory()
        eid = d.register_entry(credit, unit["建设单位名称"], "示例焊匠",
                               "盖州市", D(2020, 12, 1), "YK-2020-007")
        d.record_event(eid, "remove", "第二十条(四)", D(2022, 3, 1), "以虚假材料通过认定")
        assert e7(ws, "2024", path) == "fail"          # reference 2024-09-30: within five years
        assert e7(ws, "2027a", path) == "fail"
        assert e7(ws, "2027b", path) == "fail"         # 2027-03-01: the ban's last day, still banned
        assert e7(ws, "2027c", path) == "pass"         # 2027-03-02: the day after
        detail = ws.session("2024").eligibility().to_frame().iloc[0]["E7_detail"]
        assert "2022-03-01 被移出劳务品牌目录" in detail and "禁止申请期至 2027-03-01（含）" in detail
        assert d.published_list().iloc[0]["until"].date() == D(2027, 3, 1)
    finally:
        ws.close()


def test_one_annual_report_per_brand_and_year_with_the_16_facts(d, entry):
    """The same report cannot be stored twice; a different one replaces it with a reason."""
    facts = dict(brand_use="规范使用标识", development="培训 320 人", violations=False, major_complaints=False,
                 major_accidents=False)
    first = d.record_annual_report(entry, 2024, D(2024, 10, 9), **facts)
    with zh(InvalidState, "内容相同，不重复登记"):
        d.record_annual_report(entry, 2024, D(2024, 10, 9), **facts)
    with zh(InvalidState, "须写明理由"):
        d.record_annual_report(entry, 2024, D(2024, 10, 9), **{**facts, "major_complaints": True})
    second = d.record_annual_report(entry, 2024, D(2024, 10, 9), **{**facts, "major_complaints": True},
                                    reason="补报一起重大投诉")
    rows = d.annual_reports(entry)
    assert list(rows["id"]) == [first, second]
    assert rows.iloc[1]["replaces_id"] == first and bool(rows.iloc[1]["major_complaints"])
    assert rows.iloc[0]["brand_use"] == "规范使用标识"


def test_re_review_rechecks_article_8_through_the_excel_intake(workspace, valid_row, write_xlsx):
    """第十六条: the unit's updated figures come through the application template; passing
    them records 复审通过, failing them opens a 第二十条(六) removal case (the city decides)."""
    good, bad = valid_row(county="盖州市"), valid_row(county="盖州市", decl_premises="否")
    d = workspace.directory()
    ok = d.register_entry(good["统一社会信用代码"], good["建设单位名称"], good["劳务品牌名称"], "盖州市", D(2023, 3, 1), "YK-R-1")
    ko = d.register_entry(bad["统一社会信用代码"], bad["建设单位名称"], bad["劳务品牌名称"], "盖州市", D(2023, 3, 1), "YK-R-2")
    path = write_xlsx([good, bad])
    r = d.re_review(ok, path, D(2025, 3, 2), "2024")
    assert r.passed and d.history(ok).iloc[-1]["event"] == "re_reviewed"
    r = d.re_review(ko, path, D(2025, 3, 2), "2024")
    assert not r.passed and r.checks.iloc[0]["E1"] == "fail"
    last = d.history(ko).iloc[-1]
    assert (last["event"], last["ground"]) == ("removal_case", "第二十条(六)") and "E1" in last["note"]
    assert d.entries_frame().loc[ko, "status"] == "active"          # a case, not a removal
    other = write_xlsx([valid_row(county="盖州市")], name="other.xlsx")
    with zh(InvalidState, "没有统一社会信用代码为"):
        d.re_review(ok, other, D(2025, 3, 3), "2024")
    with pytest.raises(AccessDenied):
        workspace.directory(Actor.county("盖州市")).re_review(ok, path, D(2025, 3, 3), "2024")
