"""The state machine of 第十七条–第二十条: every transition, legal and illegal, each with its grounds."""
from __future__ import annotations

import datetime as dt

import pytest

from panel_toolkit.directory import GROUNDS, TRANSITIONS, EventKind, History, Request, Status, apply, replay
from panel_toolkit.errors import IllegalTransition, PeriodRunning

E, S, D = EventKind, Status, dt.date
LATER = D(2025, 2, 10)   # after every path's last event, inside every period

LEGAL = [
    # (from, event, grounds accepted, to)
    (S.ACTIVE, E.RECTIFICATION_ORDER, ["第十七条(一)", "第十七条(二)", "第十七条(三)", "第十七条(四)"], S.RECTIFICATION),
    (S.RECTIFICATION, E.RECTIFIED, ["第十七条"], S.ACTIVE),
    (S.RECTIFICATION, E.INTERVIEW, ["第十八条(一)", "第十八条(二)", "第十八条(三)"], S.INTERVIEW),
    (S.ACTIVE, E.INTERVIEW, ["第十八条(二)", "第十八条(三)"], S.INTERVIEW),
    (S.INTERVIEW, E.RECTIFIED, ["第十八条"], S.ACTIVE),
    (S.INTERVIEW, E.SUSPEND, ["第十九条"], S.SUSPENDED),
    (S.SUSPENDED, E.RESTORE, ["第十九条"], S.ACTIVE),
    (S.SUSPENDED, E.EXTEND_SUSPENSION, ["第十九条"], S.SUSPENDED),
    (S.INTERVIEW, E.SUSPENSION_CASE, ["第十九条"], S.INTERVIEW),
    *[(s, E.REMOVE, [f"第二十条({i})" for i in "一二三四六"], S.REMOVED)
      for s in (S.ACTIVE, S.RECTIFICATION, S.INTERVIEW, S.SUSPENDED)],
    *[(s, E.REMOVAL_CASE, [f"第二十条({i})" for i in "一二三四六"], s)
      for s in (S.ACTIVE, S.RECTIFICATION, S.INTERVIEW, S.SUSPENDED)],
    *[(s, E.CASE_DISMISSED, ["第十九条", "第二十条(一)"], s) for s in (S.ACTIVE, S.RECTIFICATION, S.INTERVIEW, S.SUSPENDED)],
    # 复审通过 is not for a suspended brand
    *[(s, E.RE_REVIEWED, ["第十六条"], s) for s in (S.ACTIVE, S.RECTIFICATION, S.INTERVIEW)],
]


def when(status: Status, kind: EventKind) -> dt.date:
    """A date the event is in time for: a suspension's decisions come after its start (2025-05-06); an
    interview after the month of rectification (to 2025-02-28), a suspension after the three months of the
    interview (to 2025-04-30)."""
    if status is S.SUSPENDED:
        return D(2025, 6, 1)
    if (status, kind) == (S.RECTIFICATION, E.INTERVIEW):
        return D(2025, 3, 1)
    if status is S.INTERVIEW and kind in (E.SUSPEND, E.SUSPENSION_CASE):
        return D(2025, 5, 1)
    return LATER


def test_the_table_is_exactly_the_documented_one():
    documented = {(s, e) for s, e, _, _ in LEGAL}
    assert set(TRANSITIONS) == documented
    for s, e, grounds, to in LEGAL:
        rule = TRANSITIONS[(s, e)]
        assert rule.to is to
        assert set(grounds) <= set(rule.grounds)
    assert set(TRANSITIONS[(S.ACTIVE, E.REMOVE)].grounds) == {f"第二十条({i})" for i in "一二三四五六"}


@pytest.mark.parametrize("status, kind, grounds, to", LEGAL, ids=lambda v: getattr(v, "value", None))
def test_legal_transition_with_each_ground(at, status, kind, grounds, to):
    h = at(status)
    for ground in grounds:
        out = apply(h, Request(kind, when(status, kind), ground, note="n"))
        assert out.status is to
        (rec,) = out.records
        assert (rec.kind, rec.ground, rec.status_before, rec.status_after, rec.note) == (kind, ground, status, to, "n")


@pytest.mark.parametrize("status, kind, grounds, to", LEGAL, ids=lambda v: getattr(v, "value", None))
def test_every_other_ground_is_refused(at, status, kind, grounds, to):
    h = at(status)
    accepted = set(TRANSITIONS[(status, kind)].grounds)
    for g in GROUNDS:
        if g.code in accepted:
            continue
        with pytest.raises(IllegalTransition) as err:
            apply(h, Request(kind, when(status, kind), g.code))
        assert g.code in err.value.zh and "依据须为" in err.value.zh
        assert err.value.ground == g.code and err.value.status == status.value


ILLEGAL = [(s, e) for s in S for e in E if (s, e) not in TRANSITIONS and (s, e) != (S.REMOVED, E.REMOVAL_CORRECTED)]


@pytest.mark.parametrize("status, kind", ILLEGAL, ids=lambda v: v.value)
def test_illegal_transition_is_refused_with_the_reason(at, status, kind):
    h = at(status)
    with pytest.raises(IllegalTransition) as err:
        apply(h, Request(kind, when(status, kind), None))
    e = err.value
    assert e.status == status.value and e.event == kind.value
    if status is S.REMOVED:
        assert "已于 2025-01-31 移出目录" in e.zh and "至 2030-01-31（含）不得再次申请" in e.zh
    else:
        assert f"当前状态为「{status.label()}」，此事件不适用" in e.zh
        assert e.en and "not allowed" in e.en


# -- deadlines each transition computes ----------------------------------------------------------------

def test_periods_of_17_18_19():
    h = History(D(2023, 12, 1))
    order = apply(h, Request(E.RECTIFICATION_ORDER, D(2025, 1, 31), "第十七条(二)"))
    assert order.deadline == D(2025, 2, 28)                                 # 第十七条: one month
    h = h.then(*order.records)
    interview = apply(h, Request(E.INTERVIEW, D(2025, 11, 30), "第十八条(一)"))
    assert interview.deadline == D(2026, 2, 28)                             # 第十八条: three months
    h = replay(D(2023, 6, 1), [Request(E.INTERVIEW, D(2023, 11, 2), "第十八条(三)"),
                               Request(E.SUSPEND, D(2024, 2, 29), "第十九条")])
    assert h.deadline == D(2025, 2, 28)                                     # 第十九条: one year
    h = h.then(*apply(h, Request(E.EXTEND_SUSPENSION, D(2025, 2, 1))).records)
    assert h.status is S.SUSPENDED and h.deadline == D(2026, 2, 28)          # the next year follows the first
    h = h.then(*apply(h, Request(E.REMOVAL_CASE, D(2025, 12, 1), "第二十条(二)")).records)
    assert h.deadline == D(2026, 2, 28) and h.pending_case.ground == "第二十条(二)"   # a case keeps the period
    removal = apply(h, Request(E.REMOVE, D(2026, 1, 5), "第二十条(二)"))
    assert removal.deadline == D(2031, 1, 5)                                # 第二十条: the ban's last day


def test_rectified_only_within_the_period(at):
    h = at(S.RECTIFICATION)                                                 # ordered 2025-01-31, until 2025-02-28
    assert apply(h, Request(E.RECTIFIED, D(2025, 2, 28))).status is S.ACTIVE
    with pytest.raises(IllegalTransition) as err:
        apply(h, Request(E.RECTIFIED, D(2025, 3, 1)))
    assert "整改期限已于 2025-02-28 届满" in err.value.zh and "第十八条(一)" in err.value.zh
    h = at(S.INTERVIEW)                                                     # 2025-01-31, until 2025-04-30
    assert apply(h, Request(E.RECTIFIED, D(2025, 4, 30))).status is S.ACTIVE
    with pytest.raises(IllegalTransition) as err:
        apply(h, Request(E.RECTIFIED, D(2025, 5, 1)))
    assert "第十九条" in err.value.zh


def test_extension_only_before_the_year_ends(at):
    h = at(S.SUSPENDED)                                                     # 2025-05-06 … 2026-05-06
    assert apply(h, Request(E.EXTEND_SUSPENSION, D(2026, 5, 6))).deadline == D(2027, 5, 6)
    with pytest.raises(IllegalTransition) as err:
        apply(h, Request(E.EXTEND_SUSPENSION, D(2026, 5, 7)))
    assert "届满（2026-05-06）前决定" in err.value.zh
    assert apply(h, Request(E.RESTORE, D(2026, 5, 7))).status is S.ACTIVE   # restoring late is still possible


def test_dates_in_order(at):
    h = at(S.RECTIFICATION)
    with pytest.raises(IllegalTransition) as err:
        apply(h, Request(E.RECTIFIED, D(2025, 1, 30)))
    assert "早于上一事件日期 2025-01-31" in err.value.zh
    with pytest.raises(IllegalTransition) as err:
        apply(History(D(2023, 12, 1)), Request(E.RE_REVIEWED, D(2023, 11, 30)))
    assert "早于认定日期" in err.value.zh
    assert apply(h, Request(E.RECTIFIED, D(2025, 1, 31))).status is S.ACTIVE  # the same day is fine


def test_ground_required_when_several_apply_and_filled_when_one(at):
    with pytest.raises(IllegalTransition) as err:
        apply(at(S.ACTIVE), Request(E.RECTIFICATION_ORDER, LATER))
    assert "须写明依据" in err.value.zh and "第十七条(四)" in err.value.zh
    assert apply(at(S.INTERVIEW), Request(E.SUSPEND, D(2025, 5, 1))).records[0].ground == "第十九条"
    with pytest.raises(IllegalTransition) as err:
        apply(at(S.ACTIVE), Request(E.RECTIFICATION_ORDER, LATER, "第九十九条"))
    assert "无法识别依据" in err.value.zh


@pytest.mark.parametrize("typed", ["第十七条(一)", "第十七条（一）", "17(1)", "17.1", "17-1", "Art. 17(1)", " 17(1) "])
def test_ground_spellings(at, typed):
    assert apply(at(S.ACTIVE), Request(E.RECTIFICATION_ORDER, LATER, typed)).records[0].ground == "第十七条(一)"


def test_a_ground_of_another_event_is_named(at):
    with pytest.raises(IllegalTransition) as err:
        apply(at(S.ACTIVE), Request(E.RECTIFICATION_ORDER, LATER, "第二十条(四)"))
    assert "第二十条(四) 对应的是" in err.value.zh and "「移出目录」" in err.value.zh


# -- 第二十条(五): the third suspension ----------------------------------------------------------------

def cycle(start: dt.date) -> list[Request]:
    """An interview, a suspension and a restoration, from ``start``."""
    return [Request(E.INTERVIEW, start, "第十八条(三)"),
            Request(E.SUSPEND, start.replace(month=5), "第十九条"),
            Request(E.RESTORE, start.replace(month=5) .replace(day=20), "第十九条")]


def test_the_third_suspension_opens_a_removal_case_for_the_city():
    """第二十条 — the county reports, the city decides; nothing removes by itself."""
    h = replay(D(2020, 1, 10), [*cycle(D(2021, 1, 5)), *cycle(D(2022, 1, 5)), Request(E.INTERVIEW, D(2023, 1, 5), "18(2)")])
    assert h.suspensions == 2 and h.status is S.INTERVIEW
    out = apply(h, Request(E.SUSPEND, D(2023, 5, 5), "第十九条", note="第三次"))
    suspension, case = out.records
    assert (suspension.kind, suspension.status_after) == (E.SUSPEND, S.SUSPENDED)
    assert (case.kind, case.ground, case.occurred_on) == (E.REMOVAL_CASE, "第二十条(五)", D(2023, 5, 5))
    assert out.status is S.SUSPENDED and "第3次暂停" in case.note and "市人社局决定" in case.note
    h = h.then(*out.records)
    assert h.pending_case is case
    removal = apply(h, Request(E.REMOVE, D(2023, 6, 1), "第二十条(五)"))    # the city's decision
    assert removal.status is S.REMOVED and removal.deadline == D(2028, 6, 1)


def test_extensions_do_not_count_as_suspensions():
    h = replay(D(2020, 1, 10), [Request(E.INTERVIEW, D(2021, 1, 5), "第十八条(二)"), Request(E.SUSPEND, D(2021, 5, 5)),
                                Request(E.EXTEND_SUSPENSION, D(2022, 5, 1)), Request(E.EXTEND_SUSPENSION, D(2023, 5, 1))])
    assert h.suspensions == 1 and h.deadline == D(2024, 5, 5)


def test_removal_under_20_5_needs_three_suspensions(at):
    with pytest.raises(IllegalTransition) as err:
        apply(at(S.SUSPENDED), Request(E.REMOVE, D(2025, 6, 1), "第二十条(五)"))
    assert "仅被暂停 1 次" in err.value.zh


def test_second_suspension_does_not_remove():
    h = replay(D(2020, 1, 10), [*cycle(D(2021, 1, 5)), Request(E.INTERVIEW, D(2022, 1, 5), "第十八条(二)")])
    out = apply(h, Request(E.SUSPEND, D(2022, 5, 5)))
    assert len(out.records) == 1 and out.status is S.SUSPENDED


# -- periods ----------------------------------------------------------------------------------

def test_interview_under_18_1_waits_for_the_month(at):
    h = at(S.RECTIFICATION)                                                 # ordered 2025-01-31, until 2025-02-28
    with pytest.raises(PeriodRunning) as err:
        apply(h, Request(E.INTERVIEW, D(2025, 2, 28), "第十八条(一)"))
    assert "2025-02-28（含）尚未届满" in err.value.zh and "--override-reason" in err.value.zh
    assert apply(h, Request(E.INTERVIEW, D(2025, 3, 1), "第十八条(一)")).status is S.INTERVIEW
    early = apply(h, Request(E.INTERVIEW, D(2025, 2, 10), "第十八条(一)", override_reason="整改措施明显不力"))
    assert early.status is S.INTERVIEW and early.records[0].override_reason == "整改措施明显不力"
    # a 第十八条(二) case arises on its own: no wait
    assert apply(h, Request(E.INTERVIEW, D(2025, 2, 10), "第十八条(二)")).records[0].override_reason == ""


def test_suspension_waits_for_the_three_months(at):
    h = at(S.INTERVIEW)                                                     # 2025-01-31, until 2025-04-30
    for kind in (E.SUSPEND, E.SUSPENSION_CASE):
        with pytest.raises(PeriodRunning):
            apply(h, Request(kind, D(2025, 2, 11), "第十九条"))             # 11 days in
        assert apply(h, Request(kind, D(2025, 5, 1), "第十九条")).records[0].kind is kind
    assert apply(h, Request(E.SUSPEND, D(2025, 2, 11), override_reason="拒不整改")).status is S.SUSPENDED


def test_an_extension_is_recorded_once_a_year(at):
    h = at(S.SUSPENDED)                                                     # 2025-05-06 … 2026-05-06
    h = h.then(*apply(h, Request(E.EXTEND_SUSPENSION, D(2026, 4, 1))).records)
    with pytest.raises(IllegalTransition, match="already"):
        apply(h, Request(E.EXTEND_SUSPENSION, D(2026, 4, 6)))


def test_re_review_not_for_a_suspended_or_overdue_brand(at):
    with pytest.raises(IllegalTransition):
        apply(at(S.SUSPENDED), Request(E.RE_REVIEWED, D(2025, 6, 1)))
    h = at(S.RECTIFICATION)                                                 # until 2025-02-28
    assert apply(h, Request(E.RE_REVIEWED, D(2025, 2, 28))).status is S.RECTIFICATION
    with pytest.raises(IllegalTransition) as err:
        apply(h, Request(E.RE_REVIEWED, D(2025, 3, 1)))
    assert "2025-02-28 届满仍未整改" in err.value.zh


def test_a_removal_is_corrected_by_a_new_event(at):
    h = at(S.REMOVED)
    with pytest.raises(IllegalTransition, match="reason"):
        apply(h, Request(E.REMOVAL_CORRECTED, D(2025, 2, 1)))
    out = apply(h, Request(E.REMOVAL_CORRECTED, D(2025, 2, 1), note="误录：应为另一单位"))
    (rec,) = out.records
    assert out.status is S.ACTIVE and rec.ground == "第二十条(一)" and rec.status_before is S.REMOVED
    assert len(h.then(rec).records) == 2                                    # the removal stays in the history
