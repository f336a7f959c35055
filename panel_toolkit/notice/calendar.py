"""Working days on the Chinese statutory calendar (SPEC §6; 第十三条: 公示期不少于5个工作日).

A working day is Monday–Friday unless it is a statutory holiday (法定节假日, with the days joined to
it by 调休), plus the make-up working days (调休上班日) that fall on a Saturday or Sunday. The
schedule changes every year by a State Council notice, so it is data, never computed:

- the maintained library ``chinesecalendar`` supplies the years it knows (2004–2026 in 1.11);
- a *calendar override file* (``calendar.schema.json``) supplies one year's schedule from the
  official notice; it replaces the library's data for that year;
- any other year raises :class:`~panel_toolkit.errors.CalendarUnknownYear`. Rule-computed guesses
  (what ``holidays.China`` does for a year it has no notice for) are wrong without warning.

Override file (``sessions/<id>/calendar-2027.yaml``, listed in the session's ``notice.calendar_overrides``)::

    schema_version: 1
    year: 2027
    source: 国务院办公厅关于2027年部分节假日安排的通知（…）
    holidays:                      # days off: a date or a range {from, to, name}
      - 2027-01-01
      - {from: 2027-02-06, to: 2027-02-13, name: 春节}
    workdays: [2027-02-20]         # make-up working days (Saturdays/Sundays)
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import chinese_calendar

from ..config import loader
from ..errors import CalendarUnknownYear, ConfigError

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule: its days off and its make-up working days."""

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    source: str
    path: str = ""
    sha256: str = ""

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.holidays:
            return False
        if day in self.workdays:
            return True
        return day.weekday() < 5


def load_override(path: str | Path) -> YearSchedule:
    """Read and validate one calendar override file; every problem names the file and the key."""
    path = Path(path)
    data = loader.load(path, "calendar")
    year = data["year"]
    holidays: set[dt.date] = set()
    for i, item in enumerate(data["holidays"]):
        if isinstance(item, str):
            first = last = dt.date.fromisoformat(item)
        else:
            first, last = dt.date.fromisoformat(item["from"]), dt.date.fromisoformat(item["to"])
            if last < first:
                raise ConfigError(path, f"holidays[{i}]", f"结束日 {last} 早于开始日 {first}",
                                  f"'to' ({last}) is before 'from' ({first})", "交换两个日期", "swap the dates")
        for key, day in (("from", first), ("to", last)):
            if day.year != year:
                raise ConfigError(path, f"holidays[{i}]", f"日期 {day} 不在 {year} 年",
                                  f"{day} is not in {year}", f"本文件只管 {year} 年；其他年份的日期写入该年的文件",
                                  f"this file governs {year} only; put other years' days in their own file")
        day = first
        while day <= last:
            holidays.add(day)
            day += ONE_DAY
    workdays: set[dt.date] = set()
    for i, text in enumerate(data["workdays"]):
        day = dt.date.fromisoformat(text)
        if day.year != year:
            raise ConfigError(path, f"workdays[{i}]", f"日期 {day} 不在 {year} 年", f"{day} is not in {year}",
                              f"本文件只管 {year} 年", f"this file governs {year} only")
        if day.weekday() < 5:
            raise ConfigError(path, f"workdays[{i}]", f"{day} 不是周六或周日，无须列为调休上班日",
                              f"{day} is not a Saturday or Sunday; only weekend days can be make-up working days",
                              "删除该日期，或核对通知原文", "remove it or check the notice")
        if day in holidays:
            raise ConfigError(path, f"workdays[{i}]", f"{day} 同时列为放假日和上班日",
                              f"{day} is listed both as a day off and as a working day",
                              "核对通知原文", "check the notice")
        workdays.add(day)
    return YearSchedule(year=year, holidays=frozenset(holidays), workdays=frozenset(workdays),
                        source=data["source"], path=str(path),
                        sha256=hashlib.sha256(path.read_bytes()).hexdigest())


def library_knows(year: int) -> bool:
    """Whether ``chinesecalendar`` has the official schedule of ``year``."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
        return True
    except NotImplementedError:
        return False


class WorkCalendar:
    """``is_working_day`` on the statutory calendar: override files first, then the library."""

    LIBRARY = f"chinesecalendar {getattr(chinese_calendar, '__version__', '')}".strip()

    def __init__(self, overrides: Iterable[YearSchedule] = ()):
        self.overrides: dict[int, YearSchedule] = {}
        for schedule in overrides:
            if schedule.year in self.overrides:
                raise ConfigError(schedule.path, "year", f"{schedule.year} 年已由 {self.overrides[schedule.year].path} 提供",
                                  f"{schedule.year} is already given by {self.overrides[schedule.year].path}",
                                  "每年只保留一个调整文件", "keep one override file per year")
            self.overrides[schedule.year] = schedule

    @classmethod
    def from_files(cls, paths: Iterable[str | Path]) -> "WorkCalendar":
        return cls(load_override(p) for p in paths)

    def is_working_day(self, day: dt.date) -> bool:
        if isinstance(day, dt.datetime):
            day = day.date()
        schedule = self.overrides.get(day.year)
        if schedule is not None:
            return schedule.is_working_day(day)
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            raise CalendarUnknownYear(day.year) from None

    def source_of(self, year: int) -> dict:
        """Where the year's schedule comes from (recorded with every notice)."""
        schedule = self.overrides.get(year)
        if schedule is not None:
            return {"year": year, "source": schedule.source, "file": schedule.path, "sha256": schedule.sha256}
        return {"year": year, "source": self.LIBRARY}

    def working_days_between(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """The working days from ``first`` to ``last``, both included."""
        out, day = [], first
        while day <= last:
            if self.is_working_day(day):
                out.append(day)
            day += ONE_DAY
        return out
