"""Month arithmetic by 民法典第二百零一条/第二百零二条: the period starts the day after the event and ends
on the corresponding day of the end month, or that month's last day when it has none."""
from __future__ import annotations

import datetime as dt

import pytest

from panel_toolkit.directory import deadlines as d

D = dt.date


@pytest.mark.parametrize("start, months, end", [
    (D(2025, 1, 31), 1, D(2025, 2, 28)),     # 第十七条: one month from 31 January, common year
    (D(2024, 1, 31), 1, D(2024, 2, 29)),     # … leap year
    (D(2025, 11, 30), 3, D(2026, 2, 28)),    # 第十八条: three months across the year end
    (D(2025, 3, 31), 1, D(2025, 4, 30)),
    (D(2025, 1, 15), 1, D(2025, 2, 15)),     # a corresponding day exists
    (D(2025, 12, 31), 1, D(2026, 1, 31)),
    (D(2025, 8, 31), 3, D(2025, 11, 30)),
    (D(2025, 2, 28), 1, D(2025, 3, 28)),     # not "month end to month end"
])
def test_add_months(start, months, end):
    assert d.add_months(start, months) == end


@pytest.mark.parametrize("start, years, end", [
    (D(2024, 2, 29), 1, D(2025, 2, 28)),     # 第十九条: one year from a leap day
    (D(2024, 2, 29), 4, D(2028, 2, 29)),
    (D(2025, 5, 6), 1, D(2026, 5, 6)),
    (D(2020, 2, 29), 5, D(2025, 2, 28)),     # 第二十条: the five-year ban
])
def test_add_years(start, years, end):
    assert d.add_years(start, years) == end


def test_overdue_only_after_the_last_day():
    deadline = D(2025, 2, 28)
    assert not d.is_overdue(deadline, D(2025, 2, 28))
    assert d.is_overdue(deadline, D(2025, 3, 1))
    assert not d.is_overdue(None, D(2030, 1, 1))


def test_annual_report_from_the_year_after_recognition():
    assert d.report_due(2025) == D(2025, 10, 31)
    assert d.first_report_year(D(2024, 3, 1)) == 2025
    assert d.report_years(D(2023, 12, 1), D(2025, 11, 1)) == [2024, 2025]


def test_re_review_every_two_years_from_recognition():
    rec = D(2024, 2, 29)
    assert d.re_review_due(rec, 0) == D(2026, 2, 28)
    assert d.re_review_due(rec, 1) == D(2028, 2, 29)


def test_ban_ends_like_eligibility_e7():
    import numpy as np

    from panel_toolkit.eligibility import add_years as e7_add_years

    for day in (D(2020, 2, 29), D(2021, 1, 31), D(2022, 12, 31)):
        assert d.ban_ends(day) == e7_add_years(np.array([day], dtype="datetime64[D]"), 5)[0].astype(dt.date)


def test_ban_years_match_the_default_rubric(repo):
    from panel_toolkit.config.rubric import load_rubric

    rubric = load_rubric(repo / "rubrics" / "yingkou-2023-default.yaml")
    assert rubric.eligibility.ban_years_after_removal == d.BAN_YEARS
