"""Closed is closed (SPEC §7): after the chair's confirmation every write that would
change the list is refused until the chair reopens with a reason; the notice cannot be dated before the
confirmation; a swap keeps the replaced expert's sheet. Real demo workspace (SQLite) taken through the
real steps to a confirmed list."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from panel_toolkit import Workspace
from panel_toolkit.actor import Actor
from panel_toolkit.errors import InvalidState, SessionClosed
from panel_toolkit.store.tables.closure import session_reopenings

from ..notice.builders import confirmed_demo, copy_workspace

D = dt.date


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return confirmed_demo(tmp_path_factory.mktemp("closure-template") / "ws")


@pytest.fixture
def ws(template, tmp_path):
    w = Workspace(copy_workspace(template, tmp_path / "ws"))
    yield w
    w.close()


def test_every_list_changing_write_is_refused_once_confirmed(ws):
    s = ws.session("demo")
    assert s.closure()[0] == "confirmed"
    asg = s.assignments_frame()
    aid = int(asg.index[0])
    app = int(asg.iloc[0]["application_id"])
    expert = ws.session("demo", Actor.expert(int(asg.iloc[0]["expert_id"]), "专家"))
    county = ws.session("demo", Actor.county(s.application(app)["county"]))
    other = next(int(e) for e in s.experts_frame().index if int(e) not in set(asg.loc[asg["application_id"] == app, "expert_id"]))
    attempts = {
        "screening": lambda: county.record_screening(app, "rejected", "补充核查"),
        "intake": lambda: s.import_applications(ws.root / "demo-applications.xlsx", update=True),
        "sheet save": lambda: expert.save_draft(aid, {}, expected_version=expert.sheet(aid).version),
        "sheet submit": lambda: expert.submit_sheet(aid, expected_version=expert.sheet(aid).version),
        "revision": lambda: s.request_revision(aid, "复核"),
        "veto": lambda: s.dismiss_veto(app, "V1", "驳回"),
        "draw": lambda: s.draw(seed=1, replace=True, reason="重抽"),
        "swap": lambda: s.swap_expert(aid, other, "回避"),
        "add expert": lambda: s.add_expert(app, "material", other, "补充"),
        "conflict": lambda: s.declare_conflict(other, app, "同单位"),
    }
    for name, attempt in attempts.items():
        with pytest.raises(SessionClosed) as err:
            attempt()
        assert "reopen" in err.value.zh, name


def test_reopen_needs_a_reason_voids_the_confirmation_and_is_logged(ws):
    s = ws.session("demo")
    with pytest.raises(InvalidState):
        s.reopen("  ")
    s.reopen("一份评分表须复核")
    assert s.closure()[0] == "open"
    with pytest.raises(InvalidState, match="reopened"):
        s.confirmed_list()
    with pytest.raises(InvalidState):
        s.publish_notice(D(2026, 9, 30))               # nothing confirmed to publish
    aid = int(s.assignments_frame().index[0])
    s.request_revision(aid, "复核")                      # open again
    with ws.store.read() as conn:
        assert conn.execute(sa.select(session_reopenings.c.reason)).scalar() == "一份评分表须复核"
    assert "session.reopened" in set(s.events_frame()["action"])


def test_the_notice_cannot_be_dated_before_the_confirmation(ws):
    s = ws.session("demo")                               # confirmed on 2026-09-01 (China time)
    with pytest.raises(InvalidState) as err:
        s.publish_notice(D(2026, 8, 31))
    assert "早于名单的确认日 2026-09-01" in err.value.zh
    assert s.publish_notice(D(2026, 9, 1)).publish_date == D(2026, 9, 1)


def test_a_swap_keeps_the_replaced_expert_s_submitted_sheet(ws):
    s = ws.session("demo")
    s.reopen("一位专家须回避")
    asg = s.assignments_frame()
    aid = int(asg.index[0])
    app = int(asg.iloc[0]["application_id"])
    assert s.sheet(aid).status == "submitted"
    free = [int(e) for e in s.experts_frame().index if int(e) not in set(asg.loc[asg["application_id"] == app, "expert_id"])]
    with pytest.raises(InvalidState):
        s.swap_expert(aid, free[0], "")                  # a reason is required
    for other in free:                                   # the first expert without a conflict
        try:
            s.swap_expert(aid, other, "与申报单位存在利害关系")
            break
        except InvalidState:
            continue
    kept = s.replaced_sheets()
    assert list(kept["assignment_id"]) == [aid] and kept.iloc[0]["status"] == "submitted"
    assert s.sheet(aid).status == "submitted"            # still readable, no longer counted
    ev = s.events_frame().query("action == 'panel.expert_swapped'").iloc[-1]
    assert ev["details"]["replaced_sheet"]["status"] == "submitted"
