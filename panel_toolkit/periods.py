"""Periods in months and years, counted as 民法典 第二百零一条、第二百零二条 count them — one helper for the
whole toolkit (eligibility E2/E7 and every deadline of the directory).

- 第二百零一条: a period counted in years or months starts the day *after* the event (the day of the
  decision or fact is not counted);
- 第二百零二条: it ends on the day of the end month that corresponds to the start day (对应日); when that
  month has no such day, on the month's last day.

:func:`period_end` (scalar) and :func:`period_end_array` (numpy, NaT allowed) return that **last day**: the
day on which the period still runs. So a 5-year ban decided on 2024-03-15 runs up to and including
2029-03-15 (a new application is possible from 2029-03-16), and a 1-month period from 2025-01-31 ends on
2025-02-28; from 2024-02-29, one year ends on 2025-02-28.

第二百零三条 (a last day that is a statutory holiday moves to the next working day) is not applied: the
measures' periods are administrative dates the bureau writes in its decisions (project decision,
``panel_toolkit/directory/README.md``).
"""
from __future__ import annotations

import calendar
import datetime as dt

import numpy as np


def period_end(start: dt.date, months: int = 0, years: int = 0) -> dt.date:
    """The last day of a period of ``months`` + 12 × ``years`` months that starts after ``start``."""
    index = start.year * 12 + (start.month - 1) + months + 12 * years
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def period_end_array(days, months: int = 0, years: int = 0) -> np.ndarray:
    """:func:`period_end` for an array of days (datetime64[D]; NaT stays NaT), vectorised."""
    days = np.asarray(days, dtype="datetime64[D]")
    nat = np.isnat(days)
    safe = np.where(nat, np.datetime64("2000-01-01", "D"), days)
    month = safe.astype("datetime64[M]")
    day_index = (safe - month.astype("datetime64[D]")).astype(np.int64)
    end_month = month + (months + 12 * years)
    first = end_month.astype("datetime64[D]")
    month_len = ((end_month + 1).astype("datetime64[D]") - first).astype(np.int64)
    out = first + np.minimum(day_index, month_len - 1)
    out[nat] = np.datetime64("NaT")
    return out


__all__ = ["period_end", "period_end_array"]
