"""Deadline tables, missing annual reports (第十六条 → 第十七条(一)) and the published list (第二十一条),
from plain frames and histories built by the machine."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from panel_toolkit.directory import EventKind, Request, Status, replay
from panel_toolkit.directory.report import deadline_table, display, missing_report_table, published_table, status_table

E, D = EventKind, dt.date


def frames(rows: dict[int, dict], reports: list[tuple[int, int, dt.date]] = ()):
    columns = ["entry_id", "certificate_no", "unit_name", "brand_name", "county", "credit_code", "recognised_on"]
    entries = pd.DataFrame([{"entry_id": i, "certificate_no": f"YK-{i:03d}", "unit_name": f"单位{i}",
                             "brand_name": f"品牌{i}", "county": "盖州市", "credit_code": f"CODE{i}",
                             "recognised_on": r["recognised_on"]} for i, r in rows.items()],
                           columns=columns).set_index("entry_id")
    histories = {i: replay(r["recognised_on"], r.get("events", [])) for i, r in rows.items()}
    rep = pd.DataFrame([{"id": n, "entry_id": e, "year": y, "received_on": on} for n, (e, y, on) in enumerate(reports)],
                       columns=["id", "entry_id", "year", "received_on"])
    return entries, histories, rep


ROWS = {
    1: {"recognised_on": D(2023, 12, 1)},                                                  # 正常
    2: {"recognised_on": D(2023, 12, 1),
        "events": [Request(E.RECTIFICATION_ORDER, D(2025, 1, 31), "第十七条(三)")]},        # until 2025-02-28
    3: {"recognised_on": D(2022, 12, 1),
        "events": [Request(E.INTERVIEW, D(2024, 11, 30), "第十八条(三)"), Request(E.SUSPEND, D(2025, 3, 3))]},
    4: {"recognised_on": D(2022, 12, 1), "events": [Request(E.REMOVE, D(2024, 6, 1), "第二十条(三)")]},
}


def test_status_table():
    entries, hs, _ = frames(ROWS)
    st = status_table(entries, hs)
    assert list(st["status"]) == ["active", "rectification", "suspended", "removed"]
    assert list(st["status_label"]) == ["正常", "责令整改", "暂停标识使用权", "移出目录"]
    assert st.loc[2, "deadline"] == pd.Timestamp("2025-02-28") and pd.isna(st.loc[1, "deadline"])
    assert st.loc[3, "deadline"] == pd.Timestamp("2026-03-03") and st.loc[3, "suspensions"] == 1
    assert pd.isna(st.loc[4, "deadline"])                      # removed: the ban end is in the published list
    assert st.loc[1, "next_re_review"] == pd.Timestamp("2025-12-01") and pd.isna(st.loc[4, "next_re_review"])


def test_deadlines_overdue_and_upcoming():
    entries, hs, rep = frames(ROWS, reports=[(1, 2024, D(2024, 10, 20)), (3, 2023, D(2023, 10, 1)),
                                             (3, 2024, D(2024, 9, 9))])
    dl = deadline_table(entries, hs, rep, as_of=D(2025, 3, 1))
    got = {(r.entry_id, r.kind, r.due.date(), r.overdue) for r in dl.itertuples()}
    assert got == {
        (1, "re_review", D(2025, 12, 1), False),
        (1, "annual_report", D(2025, 10, 31), False),
        (2, "rectification", D(2025, 2, 28), True),        # one month from 2025-01-31, not rectified by 03-01
        (2, "re_review", D(2025, 12, 1), False),
        (2, "annual_report", D(2024, 10, 31), True),       # 2024 report never received
        (2, "annual_report", D(2025, 10, 31), False),
        (3, "suspension_end", D(2026, 3, 3), False),
        (3, "re_review", D(2024, 12, 1), True),            # two years from 2022-12-01, none recorded
        (3, "annual_report", D(2025, 10, 31), False),
    }                                                      # 4 is removed: nothing is due
    assert list(dl["due"]) == sorted(dl["due"])
    row = dl[(dl.entry_id == 2) & (dl.kind == "rectification")].iloc[0]
    assert (row.days_left, row.article, row.kind_label) == (-1, "第十七条", "整改期限（1个月）")
    assert row.subject == "2025-01-31 责令整改（第十七条(三)）"


def test_deadline_on_its_last_day_is_not_overdue():
    entries, hs, rep = frames({2: ROWS[2]})
    dl = deadline_table(entries, hs, rep, as_of=D(2025, 2, 28))
    assert not dl[dl.kind == "rectification"].iloc[0]["overdue"]


def test_re_review_counts_recorded_re_reviews():
    entries, hs, rep = frames({1: {"recognised_on": D(2022, 12, 1),
                                   "events": [Request(E.RE_REVIEWED, D(2025, 1, 10))]}})  # late, first one
    dl = deadline_table(entries, hs, rep, as_of=D(2025, 2, 1))
    assert dl[dl.kind == "re_review"].iloc[0]["due"] == pd.Timestamp("2026-12-01")          # 4 years from recognition


def test_missing_reports_and_proposals():
    rows = {**ROWS, 5: {"recognised_on": D(2024, 3, 1)}, 6: {"recognised_on": D(2023, 1, 1)}}
    entries, hs, rep = frames(rows, reports=[(1, 2025, D(2025, 10, 31)), (6, 2025, D(2025, 11, 3))])
    assert missing_report_table(entries, hs, rep, 2025, as_of=D(2025, 10, 31)).empty   # not due until the day ends
    m = missing_report_table(entries, hs, rep, 2025, as_of=D(2025, 11, 10)).set_index("entry_id")
    # 1 reported on the last day; 4 removed before the due date; 5 recognised in 2024 owes 2025 too
    assert sorted(m.index) == [2, 3, 5, 6]
    assert m.loc[6, "situation"] == "逾期报送" and m.loc[5, "situation"] == "未报送"
    assert m.loc[5, "proposable"] and m.loc[6, "proposable"]
    assert (m.loc[5, "proposal"], m.loc[5, "ground"]) == ("rectification_order", "第十七条(一)")
    assert "2025年度劳务品牌使用和发展情况报告未在 2025-10-31 前报送" in m.loc[5, "note"]
    assert not m.loc[2, "proposable"] and "当前状态为「责令整改」" in m.loc[2, "reason"]
    assert not m.loc[3, "proposable"] and "暂停标识使用权" in m.loc[3, "reason"]


def test_recognition_year_owes_no_report():
    entries, hs, rep = frames({1: {"recognised_on": D(2025, 3, 1)}})
    assert missing_report_table(entries, hs, rep, 2025, as_of=D(2025, 12, 1)).empty


def test_a_case_already_ordered_is_not_proposed_again():
    rows = {1: {"recognised_on": D(2023, 1, 1), "events": [
        Request(E.RECTIFICATION_ORDER, D(2025, 11, 5), "第十七条(一)"), Request(E.RECTIFIED, D(2025, 11, 20))]}}
    entries, hs, rep = frames(rows, reports=[(1, 2025, D(2025, 11, 20))])
    m = missing_report_table(entries, hs, rep, 2025, as_of=D(2025, 12, 1))
    assert not m.iloc[0]["proposable"] and "已于 2025-11-05 依第十七条(一)责令整改" in m.iloc[0]["reason"]


def test_published_list_of_article_21():
    entries, hs, _ = frames(ROWS)
    pub = published_table(entries, hs)
    assert list(pub["entry_id"]) == [3, 4]                     # newest decision first
    s, r = pub.iloc[0], pub.iloc[1]
    assert (s.decision, s.decided_on, s.ground, s.until) == ("暂停标识使用权", pd.Timestamp("2025-03-03"), "第十九条",
                                                             pd.Timestamp("2026-03-03"))
    assert (r.decision, r.ground, r.until) == ("移出目录", "第二十条(三)", pd.Timestamp("2029-06-01"))
    assert r.ground_label == "被列入严重违法失信企业名单"


def test_display_for_people():
    entries, hs, _ = frames(ROWS)
    shown = display(published_table(entries, hs))
    assert "决定日期" in shown.columns and "status" not in shown.columns
    assert shown.iloc[0]["决定日期"] == "2025-03-03"
    en = display(published_table(entries, hs, lang="en"), lang="en")
    assert en.iloc[1]["decision"] == "removed from the directory"


def test_empty_tables_have_their_columns():
    entries, hs, rep = frames({})
    assert deadline_table(entries, hs, rep, D(2025, 1, 1)).columns[0] == "entry_id"
    assert published_table(entries, hs).empty and missing_report_table(entries, hs, rep, 2025, D(2026, 1, 1)).empty


def test_history_status_cache_is_not_needed():
    """The status comes from the history alone (the column on directory_entries is a cache)."""
    entries, hs, _ = frames(ROWS)
    assert "status" not in entries.columns and hs[4].status is Status.REMOVED
