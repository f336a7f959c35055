"""The public-notice period (公示期, 第十三条: 不少于5个工作日; SPEC §6).

Counting rules, chosen by id in the session's ``notice.counting_rule`` (policy default
``civil_code_201``):

- ``civil_code_201`` — 民法典第二百零一条: the day of publication is not counted; the period runs from
  the next day and ends at the close of its N-th working day (第二百零三条: 截止时间为该日二十四时).
- ``publication_day_counts`` — the day of publication counts as the first working day when it is one
  (a practice some bureaus follow); otherwise as above. The publication day is seldom a whole day, so
  this rule can leave the list up for less than N full working days: not the default.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

from ..i18n import index, pair, pick
from .calendar import ONE_DAY, WorkCalendar

#: rule id → (zh, en) description, {n} the working days (``rule_*`` in ``i18n/notice.toml``).
RULES = {rule: pair(f"notice.rule_{rule}") for rule in ("civil_code_201", "publication_day_counts")}
#: A period never searches further than this for its working days (a year has ~250).
MAX_SPAN_DAYS = 400


@dataclass(frozen=True)
class NoticePeriod:
    """The period of one notice: from ``start`` to the end of ``end`` (both shown in the notice)."""

    publish_date: dt.date
    start: dt.date
    end: dt.date
    working_days: int
    rule: str
    days: tuple[dt.date, ...] = field(repr=False)   # the counted working days
    calendar_sources: tuple[dict, ...] = field(default=(), repr=False)

    @property
    def calendar_days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def message(self, lang: str = "zh") -> str:
        # English names the rule's id as well, so the two sentences are chosen whole (not one catalogue entry)
        rule = RULES[self.rule][index(lang)].format(n=self.working_days)
        return pick(lang,
                    f"{cn_date(self.publish_date)}发布；公示期为{cn_date(self.start)}至{cn_date(self.end)}，"
                    f"共{self.calendar_days}个自然日、{self.working_days}个工作日（{rule}）。",
                    f"Published {self.publish_date}; the notice period runs from {self.start} to the end of "
                    f"{self.end}: {self.working_days} working days in {self.calendar_days} calendar days "
                    f"(rule {self.rule}: {rule}).")

    def _repr_html_(self) -> str:
        days = "、".join(f"{d.month}月{d.day}日" for d in self.days)
        return f"<p>{html.escape(self.message())}</p><p>计入的工作日：{html.escape(days)}</p>"


def notice_period(calendar: WorkCalendar, publish_date: dt.date, working_days: int = 5,
                  rule: str = "civil_code_201") -> NoticePeriod:
    """The period of a notice published on ``publish_date`` lasting ``working_days`` working days.

    Raises :class:`~panel_toolkit.errors.CalendarUnknownYear` when any day it has to look at lies in a
    year without an official schedule."""
    if rule not in RULES:
        raise ValueError(f"unknown counting rule {rule!r}; known: {', '.join(RULES)}")
    if working_days < 1:
        raise ValueError("working_days must be at least 1")
    first = publish_date + ONE_DAY
    if rule == "publication_day_counts" and calendar.is_working_day(publish_date):
        first = publish_date
    counted: list[dt.date] = []
    day = first
    while len(counted) < working_days:
        if (day - first).days > MAX_SPAN_DAYS:
            raise ValueError(f"no {working_days} working days within {MAX_SPAN_DAYS} days of {first}")
        if calendar.is_working_day(day):
            counted.append(day)
        day += ONE_DAY
    years = sorted({d.year for d in (publish_date, first, counted[-1])})
    return NoticePeriod(publish_date=publish_date, start=first, end=counted[-1], working_days=working_days,
                        rule=rule, days=tuple(counted), calendar_sources=tuple(calendar.source_of(y) for y in years))


def cn_date(day: dt.date) -> str:
    """2026-10-09 → 2026年10月9日 (the form used in notices)."""
    return f"{day.year}年{day.month}月{day.day}日"


_DIGITS = "〇一二三四五六七八九"


def cn_upper_date(day: dt.date) -> str:
    """2026-10-20 → 二〇二六年十月二十日 (the form used on certificates)."""
    def number(n: int) -> str:
        tens, ones = divmod(n, 10)
        return (("" if tens == 1 else _DIGITS[tens]) + "十" if tens else "") + (_DIGITS[ones] if ones else "")

    return "".join(_DIGITS[int(c)] for c in str(day.year)) + f"年{number(day.month)}月{number(day.day)}日"
