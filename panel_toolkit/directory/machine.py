"""The state machine of dynamic management (第十七条–第二十条).

    正常 ──第十七条──▶ 责令整改 (1 month) ──第十八条(一)──▶ 约谈整改 (3 months) ──第十九条──▶ 暂停 (1 year)
      ▲                    │ rectified in time            │ rectified in time          │ restore / extend a year
      └────────────────────┴──────────────────────────────┴────────────────────────────┘
    any status ──第二十条(一)–(六), the city's decision──▶ 移出 (no new application for 5 years).

A step waits for the period of the one before it (第十八条(一) after the month, 第十九条 after the three
months) unless the request carries an ``override_reason`` (recorded with the event). The third
suspension and any 第二十条 ground open a *removal case* for the city; nothing removes by itself.

:data:`TRANSITIONS` is the table (from status × event → to status, the grounds the event accepts, the
period it starts); :func:`apply` checks one event against a brand's history and returns what to record,
or raises :class:`~panel_toolkit.errors.IllegalTransition` with the reason in Chinese and English.
Pure: no store, no clock.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import IllegalTransition, PeriodRunning
from .deadlines import BAN_YEARS, add_months, ban_ends
from .states import BY_CODE, CASE_EVENTS, EventKind, Status, normalize_ground

E, S = EventKind, Status

A17 = ("第十七条(一)", "第十七条(二)", "第十七条(三)", "第十七条(四)")
A18_NEW = ("第十八条(二)", "第十八条(三)")                     # 第十八条 cases that arise on their own
A18 = ("第十八条(一)", *A18_NEW)                               # (一) only follows a 第十七条 order
A20 = tuple(f"第二十条({i})" for i in "一二三四五六")

#: 第二十条(五): 被暂停标识使用权三次(含三次)以上 — counted as suspension decisions (``suspend`` events);
#: a 第十九条 extension continues the same suspension and is not counted again.
SUSPENSIONS_FOR_REMOVAL = 3


@dataclass(frozen=True)
class Record:
    """One event as recorded: what, why (the article), when, and the period it started."""

    kind: EventKind
    ground: str
    occurred_on: dt.date
    status_before: Status
    status_after: Status
    deadline: dt.date | None = None   # last day of the period started; for a removal, of the ban
    note: str = ""
    override_reason: str = ""          # why a step was taken before the previous period ended


@dataclass(frozen=True)
class History:
    """A brand's recognition date and its events in the order they happened."""

    recognised_on: dt.date
    records: tuple[Record, ...] = ()

    @property
    def status(self) -> Status:
        return self.records[-1].status_after if self.records else Status.ACTIVE

    @property
    def last_date(self) -> dt.date:
        return self.records[-1].occurred_on if self.records else self.recognised_on

    @property
    def deadline(self) -> dt.date | None:
        """The end of the current status's period (None when 正常): set by the event that entered it or,
        for a suspension, extended it."""
        if self.status is Status.ACTIVE:
            return None
        for r in reversed(self.records):
            if r.kind not in CASE_EVENTS:
                return r.deadline
        return None

    @property
    def suspensions(self) -> int:
        """Suspension decisions still standing (a corrected removal does not undo them)."""
        return sum(r.kind is EventKind.SUSPEND for r in self.records)

    @property
    def pending_case(self) -> Record | None:
        """The reported case (上报) waiting for the city's decision, if any."""
        for r in reversed(self.records):
            if r.kind in (EventKind.SUSPENSION_CASE, EventKind.REMOVAL_CASE):
                return r
            if r.kind in (EventKind.CASE_DISMISSED, EventKind.SUSPEND, EventKind.REMOVE, EventKind.RESTORE,
                          EventKind.REMOVAL_CORRECTED):
                return None
        return None

    @property
    def re_reviews(self) -> int:
        return sum(r.kind is EventKind.RE_REVIEWED for r in self.records)

    def then(self, *records: Record) -> History:
        return History(self.recognised_on, self.records + records)


@dataclass(frozen=True)
class Request:
    """An event to record: a decision of the bureau or a fact, with its ground and date."""

    kind: EventKind
    occurred_on: dt.date
    ground: str | None = None
    note: str = ""
    override_reason: str = ""          # allows a step before the previous period ended (logged)


Refusal = tuple[str, str] | None          # (zh, en) reason, or None when the event is allowed
Guard = Callable[[History, Request, str], Refusal]


@dataclass(frozen=True)
class Rule:
    """One row of the transition table."""

    to: Status
    grounds: tuple[str, ...]
    months: int = 0                    # the period the event starts (0: none)
    from_deadline: bool = False        # the period follows the current one (继续暂停一年)
    guards: tuple[Guard, ...] = field(default=())


# -- guards: the conditions an article attaches to a transition ------------------------------------

def _in_time(next_step: str, next_step_en: str) -> Guard:
    """Rectified *within* the period (第十七条: 一个月内; 第十八条: 三个月内). Later, the next step applies."""
    def guard(h: History, r: Request, _ground: str) -> Refusal:
        if h.deadline is not None and r.occurred_on > h.deadline:
            return (f"整改期限已于 {h.deadline} 届满，{r.occurred_on} 的整改已逾期；应{next_step}。",
                    f"the rectification period ended on {h.deadline}; rectifying on {r.occurred_on} is late — {next_step_en}.")
        return None
    return guard


class _Early(tuple):
    """A refusal that ``override_reason`` lifts (a period still running), raised as PeriodRunning."""


def _after_period(article: str, what_zh: str, what_en: str, only: str | None = None) -> Guard:
    """第十八条(一) / 第十九条: the next step comes only after the previous period ended unrectified."""
    def guard(h: History, r: Request, ground: str) -> Refusal:
        if (only is None or ground == only) and h.deadline is not None and r.occurred_on <= h.deadline:
            return _Early((f"{what_zh}期限至 {h.deadline}（含）尚未届满，{article}须在期满仍未整改后适用；"
                           f"确需提前，请以 --override-reason 写明理由。",
                           f"the {what_en} period runs up to and including {h.deadline}; {article} applies only after "
                           "it ended unrectified. To act earlier give --override-reason."))
        return None
    return guard


def _not_overdue(h: History, r: Request, _ground: str) -> Refusal:
    """复审通过 (第十六条) cannot pass a brand whose rectification period ran out unrectified."""
    if h.status in (Status.RECTIFICATION, Status.INTERVIEW) and h.deadline is not None and r.occurred_on > h.deadline:
        return (f"整改期限已于 {h.deadline} 届满仍未整改，不能登记复审通过；应先依第十八、十九条处理。",
                f"the rectification period ended on {h.deadline} unrectified; a re-review cannot pass — "
                "apply Articles 18/19 first.")
    return None


def _once_a_year(h: History, r: Request, _ground: str) -> Refusal:
    """第十九条 继续暂停一年: one extension per year; a second while the first has a year to run is a duplicate."""
    if h.deadline is not None and add_months(r.occurred_on, 12) < h.deadline:
        return (f"暂停期已延至 {h.deadline}，已作出继续暂停的决定，不能重复登记。",
                f"the suspension already runs to {h.deadline}; the extension is recorded already.")
    return None


def _before_year_end(h: History, r: Request, _ground: str) -> Refusal:
    """第十九条: 一年期届满前 … 作出继续暂停标识使用权一年的决定."""
    if h.deadline is not None and r.occurred_on > h.deadline:
        return (f"继续暂停须在暂停期届满（{h.deadline}）前决定（第十九条）；现可恢复标识使用权或依第二十条移出目录。",
                (f"an extension must be decided before the suspension ends on {h.deadline} (Art. 19); "
                 "restore the mark or remove the brand (Art. 20) instead."))
    return None


def _three_suspensions(h: History, _r: Request, ground: str) -> Refusal:
    """第二十条(五) needs three (or more) suspensions on record."""
    if ground == "第二十条(五)" and h.suspensions < SUSPENSIONS_FOR_REMOVAL:
        return (f"依第二十条(五)移出须被暂停标识使用权三次(含三次)以上，该品牌仅被暂停 {h.suspensions} 次。",
                f"Art. 20(5) needs three suspensions or more; this brand has {h.suspensions}.")
    return None


_LATE_RECTIFICATION = _in_time("依第十八条(一)约谈整改", "record an interview under Art. 18(1)")
_LATE_INTERVIEW = _in_time("依第十九条暂停标识使用权", "suspend the mark under Art. 19")

_OPEN = (S.ACTIVE, S.RECTIFICATION, S.INTERVIEW, S.SUSPENDED)

#: (from status, event) → rule. Periods: 第十七条 一个月, 第十八条 三个月, 第十九条 一年 (durations of the
#: measures, not policy defaults, so they live here with the article rather than in the rubric).
_AFTER_MONTH = _after_period("第十八条(一)", "一个月整改", "one-month rectification", only="第十八条(一)")
_AFTER_THREE_MONTHS = _after_period("第十九条", "三个月整改", "three-month rectification")

TRANSITIONS: dict[tuple[Status, EventKind], Rule] = {
    (S.ACTIVE, E.RECTIFICATION_ORDER): Rule(S.RECTIFICATION, A17, months=1),
    (S.RECTIFICATION, E.RECTIFIED): Rule(S.ACTIVE, ("第十七条",), guards=(_LATE_RECTIFICATION,)),
    # 第十八条(一) "一个月内未整改": the interview waits for the month to end (SPEC §7); ineffective measures
    # found earlier need an override reason.
    (S.RECTIFICATION, E.INTERVIEW): Rule(S.INTERVIEW, A18, months=3, guards=(_AFTER_MONTH,)),
    (S.ACTIVE, E.INTERVIEW): Rule(S.INTERVIEW, A18_NEW, months=3),
    (S.INTERVIEW, E.RECTIFIED): Rule(S.ACTIVE, ("第十八条",), guards=(_LATE_INTERVIEW,)),
    (S.INTERVIEW, E.SUSPENSION_CASE): Rule(S.INTERVIEW, ("第十九条",), guards=(_AFTER_THREE_MONTHS,)),
    (S.INTERVIEW, E.SUSPEND): Rule(S.SUSPENDED, ("第十九条",), months=12, guards=(_AFTER_THREE_MONTHS,)),
    # 第十九条 "一年期届满前 … 作出恢复标识使用权或者继续暂停": restoring is allowed at any time (also late,
    # so a brand is never stuck), an extension only before the year ends, once a year.
    (S.SUSPENDED, E.RESTORE): Rule(S.ACTIVE, ("第十九条",)),
    (S.SUSPENDED, E.EXTEND_SUSPENSION): Rule(S.SUSPENDED, ("第十九条",), months=12, from_deadline=True,
                                             guards=(_before_year_end, _once_a_year)),
    **{(s, E.REMOVAL_CASE): Rule(s, A20, guards=(_three_suspensions,)) for s in _OPEN},
    **{(s, E.CASE_DISMISSED): Rule(s, ("第十九条", *A20)) for s in _OPEN},
    **{(s, E.REMOVE): Rule(S.REMOVED, A20, guards=(_three_suspensions,)) for s in _OPEN},
    # 复审通过 (第十六条): not for a suspended brand, nor one whose rectification is overdue.
    **{(s, E.RE_REVIEWED): Rule(s, ("第十六条",), guards=(_not_overdue,)) for s in (S.ACTIVE, S.RECTIFICATION,
                                                                                   S.INTERVIEW)},
}


@dataclass(frozen=True)
class Outcome:
    """What :func:`apply` allows: the records to append (one, or two at the third suspension) and the
    status they lead to."""

    records: tuple[Record, ...]

    @property
    def status(self) -> Status:
        return self.records[-1].status_after

    @property
    def deadline(self) -> dt.date | None:
        return self.records[-1].deadline


def allowed(status: Status) -> list[tuple[EventKind, tuple[str, ...]]]:
    """The events allowed from ``status`` and the grounds each accepts, in table order."""
    return [(e, rule.grounds) for (s, e), rule in TRANSITIONS.items() if s is status]


def _refuse(h: History, r: Request, zh: str, en: str, ground: str = "") -> IllegalTransition:
    return IllegalTransition(f"不能登记「{r.kind.label()}」：{zh}", f"cannot record “{r.kind.label('en')}”: {en}",
                             status=h.status.value, event=r.kind.value, ground=ground)


def _choose_ground(h: History, r: Request, rule: Rule) -> str:
    code = normalize_ground(r.ground)
    if not (r.ground or "").strip():
        if len(rule.grounds) == 1:
            return rule.grounds[0]
        raise _refuse(h, r, f"须写明依据，可选：{'、'.join(rule.grounds)}。",
                      f"give the ground, one of: {', '.join(rule.grounds)}.")
    if not code:
        raise _refuse(h, r, f"无法识别依据「{r.ground}」；可选：{'、'.join(rule.grounds)}。",
                      f"unknown ground “{r.ground}”; one of: {', '.join(rule.grounds)}.", str(r.ground))
    if code not in rule.grounds:
        elsewhere = [e.label() for e, gs in allowed(h.status) if code in gs]
        hint_zh = f"{code} 对应的是「{'」「'.join(elsewhere)}」。" if elsewhere else ""
        hint_en = f" {code} belongs to “{'”, “'.join(e.label('en') for e, gs in allowed(h.status) if code in gs)}”." \
            if elsewhere else ""
        raise _refuse(h, r, f"当前状态为「{h.status.label()}」，此事件的依据须为 {'、'.join(rule.grounds)}，"
                            f"{code}（{BY_CODE[code].zh}）不适用。{hint_zh}",
                      f"from “{h.status.label('en')}” this event needs {', '.join(rule.grounds)}; "
                      f"{code} does not apply.{hint_en}", code)
    return code


def apply(history: History, request: Request, ban_years: int = BAN_YEARS) -> Outcome:
    """Check ``request`` against ``history``; return the records to append or raise IllegalTransition.

    The third suspension (第二十条(五)) returns two records on the same day: the suspension and the
    removal it entails."""
    h, r = history, request
    if h.status is Status.REMOVED and r.kind is EventKind.REMOVAL_CORRECTED:
        return Outcome((_correction(h, r),))
    if h.status is Status.REMOVED:
        removed = h.records[-1]
        raise _refuse(h, r, f"该品牌已于 {removed.occurred_on} 移出目录（{removed.ground}），不能再登记其他事件；"
                            f"该单位至 {removed.deadline}（含）不得再次申请认定。",
                      f"the brand was removed on {removed.occurred_on} ({removed.ground}); nothing more can be recorded. "
                      f"The unit may not apply again up to and including {removed.deadline}.")
    if r.occurred_on < h.last_date:
        what = "认定日期" if not h.records else "上一事件日期"
        raise _refuse(h, r, f"日期 {r.occurred_on} 早于{what} {h.last_date}；事件须按发生的先后登记。",
                      f"the date {r.occurred_on} is before the {'recognition' if not h.records else 'last event'} "
                      f"on {h.last_date}; record events in the order they happened.")
    rule = TRANSITIONS.get((h.status, r.kind))
    if rule is None:
        options = "、".join(e.label() for e, _ in allowed(h.status))
        options_en = ", ".join(e.label("en") for e, _ in allowed(h.status))
        raise _refuse(h, r, f"当前状态为「{h.status.label()}」，此事件不适用；可登记：{options}。",
                      f"not allowed from “{h.status.label('en')}”; allowed: {options_en}.")
    ground = _choose_ground(h, r, rule)
    override = (r.override_reason or "").strip()
    used_override = ""
    for guard in rule.guards:
        refusal = guard(h, r, ground)
        if isinstance(refusal, _Early):
            if override:
                used_override = override
                continue
            zh, en = refusal
            raise PeriodRunning(f"不能登记「{r.kind.label()}」：{zh}", f"cannot record “{r.kind.label('en')}”: {en}")
        if refusal:
            raise _refuse(h, r, *refusal, ground=ground)
    first = Record(r.kind, ground, r.occurred_on, h.status, rule.to, _deadline(h, r, rule, ban_years), r.note.strip(),
                   used_override)
    if r.kind is EventKind.SUSPEND and h.suspensions + 1 >= SUSPENSIONS_FOR_REMOVAL:
        # 第二十条(五): the third suspension opens a removal case; the city decides (市级人社部门认为确有必要的).
        case = Record(EventKind.REMOVAL_CASE, "第二十条(五)", r.occurred_on, Status.SUSPENDED, Status.SUSPENDED,
                      first.deadline, f"第{h.suspensions + 1}次暂停标识使用权，依第二十条(五)报市人社局决定是否移出目录")
        return Outcome((first, case))
    return Outcome((first,))


def _correction(h: History, r: Request) -> Record:
    """A removal recorded in error: the brand returns to the status it had before it (a new event)."""
    if not (r.note or "").strip():
        raise _refuse(h, r, "更正移出须写明理由。", "a correction needs its reason.")
    removal = h.records[-1]
    if r.occurred_on < removal.occurred_on:
        raise _refuse(h, r, f"更正日期 {r.occurred_on} 早于移出日期 {removal.occurred_on}。",
                      f"the correction's date {r.occurred_on} is before the removal on {removal.occurred_on}.")
    before = History(h.recognised_on, h.records[:-1])
    return Record(EventKind.REMOVAL_CORRECTED, removal.ground, r.occurred_on, Status.REMOVED, removal.status_before,
                  before.deadline, r.note.strip())


def _deadline(h: History, r: Request, rule: Rule, ban_years: int) -> dt.date | None:
    if rule.to is Status.REMOVED:
        return ban_ends(r.occurred_on, ban_years)
    if rule.to is h.status and not rule.months:  # a re-review keeps the current period
        return h.deadline
    if not rule.months:
        return None
    start = h.deadline if rule.from_deadline and h.deadline else r.occurred_on
    return add_months(start, rule.months)


def replay(recognised_on: dt.date, requests: list[Request], ban_years: int = BAN_YEARS) -> History:
    """The history that ``requests`` build, applied in order (each checked by :func:`apply`)."""
    h = History(recognised_on)
    for req in requests:
        h = h.then(*apply(h, req, ban_years).records)
    return h
