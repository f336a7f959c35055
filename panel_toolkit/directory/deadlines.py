"""Date arithmetic of dynamic management, by 民法典 第二百零一条 and 第二百零二条.

The rule (documented once, used everywhere in the directory):

- 第二百零一条: a period counted in years or months starts the day *after* the event (the day of the
  decision is not counted);
- 第二百零二条: it ends on the *corresponding day* of the end month (对应日); when that month has no such
  day, on the month's last day (月末日). The period's last day is the deadline: the act is in time when
  done on or before it, and **overdue** when the deadline is before the as-of date (``deadline < as_of``).

So one month from 2025-01-31 ends 2025-02-28; from 2024-01-31 it ends 2024-02-29; three months from
2025-11-30 end 2026-02-28; one year from 2024-02-29 ends 2025-02-28. Eligibility E7 counts the 5-year
ban the same way (:func:`panel_toolkit.eligibility.add_years`).

第二百零三条 (a period whose last day is a statutory holiday ends on the next working day) is **not**
applied: the directory's deadlines are administrative dates the bureau sets in its decisions, and the
working-day calendar is only known to the end of 2026. The lengths themselves come from the measures:
see :data:`panel_toolkit.directory.machine.TRANSITIONS` and the constants below.
"""
from __future__ import annotations

import datetime as dt

from ..periods import period_end

#: 第十六条: 每年10月底前 — the annual report is due on 31 October of each year.
REPORT_DUE_MONTH, REPORT_DUE_DAY = 10, 31
#: 第十六条: 认定后，每两年进行复审.
RE_REVIEW_YEARS = 2
#: 第二十条: 自决定作出之日起五年内不得再次申请. Eligibility E7 reads the rubric's
#: ``eligibility.ban_years_after_removal`` (5 in the default rubric); the directory shows this date.
BAN_YEARS = 5


def add_months(start: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` months starting after ``start`` (第二百零一、二百零二条)."""
    return period_end(start, months=months)


def add_years(start: dt.date, years: int) -> dt.date:
    """The last day of a period of ``years`` years starting after ``start`` (29 Feb → 28 Feb)."""
    return period_end(start, years=years)


def is_overdue(deadline: dt.date | None, as_of: dt.date) -> bool:
    """A deadline is overdue when its last day is before ``as_of`` (on the day itself it is still in time)."""
    return deadline is not None and deadline < as_of


def report_due(year: int) -> dt.date:
    """第十六条: the report of ``year`` is due by the end of October of that year."""
    return dt.date(year, REPORT_DUE_MONTH, REPORT_DUE_DAY)


def first_report_year(recognised_on: dt.date) -> int:
    """The first year a recognised brand owes an annual report: the year **after** recognition.

    The recognition year's use and development are what the application and the site inspection have
    just examined, and recognition usually comes after the public notice late in the year, so the first
    report is the one due on 31 October of the following year (project decision; the measures are silent)."""
    return recognised_on.year + 1


def report_years(recognised_on: dt.date, until: dt.date) -> list[int]:
    """Every year whose report is due on or before ``until``'s year end, from :func:`first_report_year`."""
    return list(range(first_report_year(recognised_on), until.year + 1))


def re_review_due(recognised_on: dt.date, done: int) -> dt.date:
    """第十六条: the next re-review after ``done`` re-reviews is due ``2 × (done + 1)`` years after recognition.

    Re-reviews are counted, not matched to windows: the n-th recorded re-review satisfies the n-th due date
    whenever it happened, so an early or a late re-review never shifts the biennial schedule."""
    return add_years(recognised_on, RE_REVIEW_YEARS * (done + 1))


def ban_ends(decided_on: dt.date, years: int = BAN_YEARS) -> dt.date:
    """第二十条: the last day of the ban (自决定作出之日起五年内不得再次申请); the unit may apply again from
    the next day. Eligibility E7 uses the same day (:mod:`panel_toolkit.periods`)."""
    return add_years(decided_on, years)
