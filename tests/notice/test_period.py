"""The notice period (第十三条, 民法典第二百零一条) around the official 2025/2026 holidays, make-up days
and year ends. Every expected date was worked out by hand from the official schedules."""
from __future__ import annotations

import datetime as dt

import pytest

from panel_toolkit.errors import CalendarUnknownYear
from panel_toolkit.notice import WorkCalendar, notice_period
from panel_toolkit.notice.period import cn_date, cn_upper_date

from .conftest import FICTIONAL_2027

D = dt.date.fromisoformat


@pytest.mark.parametrize("published, start, end, counted", [
    # 国庆 2026 (10-01..10-07) and its make-up Saturday 10-10
    ("2026-09-30", "2026-10-01", "2026-10-13", ["2026-10-08", "2026-10-09", "2026-10-10", "2026-10-12", "2026-10-13"]),
    # the make-up Sunday 09-20 before 国庆 2026
    ("2026-09-18", "2026-09-19", "2026-09-24", ["2026-09-20", "2026-09-21", "2026-09-22", "2026-09-23", "2026-09-24"]),
    # 中秋 2026 (09-25..09-27) in the middle
    ("2026-09-22", "2026-09-23", "2026-09-30", ["2026-09-23", "2026-09-24", "2026-09-28", "2026-09-29", "2026-09-30"]),
    # 春节 2026 (02-15..02-23) with the make-up Saturday 02-14 before it
    ("2026-02-12", "2026-02-13", "2026-02-26", ["2026-02-13", "2026-02-14", "2026-02-24", "2026-02-25", "2026-02-26"]),
    # ... and the make-up Saturday 02-28 after it
    ("2026-02-24", "2026-02-25", "2026-03-02", ["2026-02-25", "2026-02-26", "2026-02-27", "2026-02-28", "2026-03-02"]),
    # 国庆·中秋 2025 (10-01..10-08) with the make-up Sunday 09-28
    ("2025-09-26", "2025-09-27", "2025-10-10", ["2025-09-28", "2025-09-29", "2025-09-30", "2025-10-09", "2025-10-10"]),
    # ... and the make-up Saturday 10-11
    ("2025-10-08", "2025-10-09", "2025-10-14", ["2025-10-09", "2025-10-10", "2025-10-11", "2025-10-13", "2025-10-14"]),
    # 劳动节 2025 with the make-up Sunday 04-27
    ("2025-04-25", "2025-04-26", "2025-05-06", ["2025-04-27", "2025-04-28", "2025-04-29", "2025-04-30", "2025-05-06"]),
    # the year end 2025 -> 2026: 元旦 01-01..01-03 and the make-up Sunday 01-04
    ("2025-12-26", "2025-12-27", "2026-01-05", ["2025-12-29", "2025-12-30", "2025-12-31", "2026-01-04", "2026-01-05"]),
    # published on a holiday: the period still starts the next day
    ("2026-10-03", "2026-10-04", "2026-10-13", ["2026-10-08", "2026-10-09", "2026-10-10", "2026-10-12", "2026-10-13"]),
])
def test_five_working_days_against_official_schedules(published, start, end, counted):
    p = notice_period(WorkCalendar(), D(published), 5, "civil_code_201")
    assert (p.start, p.end) == (D(start), D(end))
    assert list(p.days) == [D(d) for d in counted]
    assert p.rule == "civil_code_201" and p.working_days == 5


def test_length_is_a_setting():
    p = notice_period(WorkCalendar(), D("2026-09-30"), 7)
    assert p.end == D("2026-10-15") and len(p.days) == 7


def test_publication_day_counts_rule():
    cal = WorkCalendar()
    p = notice_period(cal, D("2026-09-29"), 5, "publication_day_counts")   # Tuesday, a working day
    assert (p.start, p.end) == (D("2026-09-29"), D("2026-10-10"))   # 29, 30, (国庆), 10-08, 09, 10 (make-up)
    q = notice_period(cal, D("2026-10-03"), 5, "publication_day_counts")   # a holiday: as civil_code_201
    assert (q.start, q.end) == (D("2026-10-04"), D("2026-10-13"))


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        notice_period(WorkCalendar(), D("2026-09-30"), 5, "calendar_days")


def test_period_into_2027_refused_without_override():
    with pytest.raises(CalendarUnknownYear) as e:
        notice_period(WorkCalendar(), D("2026-12-25"))
    assert e.value.year == 2027


def test_period_into_2027_with_override(write_override):
    cal = WorkCalendar.from_files([write_override(FICTIONAL_2027)])
    p = notice_period(cal, D("2026-12-25"))
    # 12-28..12-31 from the library (2026); 2027-01-01 off and 01-02 a make-up day from the file
    assert list(p.days) == [D("2026-12-28"), D("2026-12-29"), D("2026-12-30"), D("2026-12-31"), D("2027-01-02")]
    assert p.end == D("2027-01-02")
    assert [s["year"] for s in p.calendar_sources] == [2026, 2027]
    assert p.calendar_sources[1]["source"].startswith("测试用")


def test_dates_in_chinese():
    assert cn_date(D("2026-10-09")) == "2026年10月9日"
    assert cn_upper_date(D("2026-10-20")) == "二〇二六年十月二十日"
    assert cn_upper_date(D("2027-01-01")) == "二〇二七年一月一日"
    assert cn_upper_date(D("2026-12-31")) == "二〇二六年十二月三十一日"
    assert cn_upper_date(D("2026-11-15")) == "二〇二六年十一月十五日"


def test_message_names_both_dates():
    p = notice_period(WorkCalendar(), D("2026-09-30"))
    assert "2026年10月1日至2026年10月13日" in p.message() and "第5个工作日" in p.message()
    assert "2026-10-13" in p.message("en")
