"""The trust boundary in the facade: a viewer (staff link) writes nothing — every write method of the Session
and Directory facades (marked ``@writes``; tests/facade/test_scope.py finds any unmarked one) is tried — and
an expert whose link
was revoked or expired cannot save, submit, upload or remove evidence, nor declare a conflict, in a page
that is already open; nothing is written and the message says so in Chinese."""
from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from panel_toolkit import Actor, Workspace
from panel_toolkit.demo import build_demo
from panel_toolkit.demo.build import SESSION_ID
from panel_toolkit.demo.experts import add_demo_panel
from panel_toolkit.errors import AccessDenied, LinkExpired, ReadOnly
from panel_toolkit.facade import Session
from panel_toolkit.facade.directory import Directory
from panel_toolkit.facade.links import CHINA, end_of_day, lookup
from panel_toolkit.facade.session import write_methods
from panel_toolkit.facade.viewers import session_for_viewer_token
from panel_toolkit.panel.tokens import QUERY_KEY
from panel_toolkit.store import schema as t

BASE = "http://127.0.0.1:8866/voila/render/expert_scoring.ipynb"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def token_of(link: str) -> str:
    return re.search(rf"[?&]{QUERY_KEY}=([A-Za-z0-9_-]+)", link).group(1)


def set_due_date(root: Path, day: dt.date | None) -> None:
    path = root / "sessions" / SESSION_ID / "session.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data.setdefault("panel", {})["due_date"] = day.isoformat() if day else None
    if day is None:
        data["panel"].pop("due_date")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("links")
    build_demo(root, seed=2024)
    panel = add_demo_panel(root, base_url=BASE, seed=2024)
    (root / "links.txt").write_text("\n".join(f"{x['expert_id']} {x['link']}" for x in panel.links), "utf-8")
    return root


def expert_links(root: Path) -> dict[int, str]:
    return {int(a): b for a, b in (line.split() for line in (root / "links.txt").read_text("utf-8").splitlines())}


def snapshot(ws: Workspace) -> str:
    """A digest of every row of every table: any write changes it."""
    h = hashlib.sha256()
    with ws.store.read() as conn:
        for table in sorted(t.metadata.tables.values(), key=lambda x: x.name):
            for row in conn.execute(sa.select(table)).all():
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


# -- every write method, called as a viewer -----------------------------------------------------------

def session_calls(s: Session, root: Path, tmp: Path) -> dict:
    """Each write method of ``s`` with arguments the city could use (real files where one is read)."""
    city = s.workspace.session(SESSION_ID)
    asg = city.assignments_frame()
    aid = int(asg.index[0])
    app = int(asg["application_id"].iloc[0])
    expert = int(asg["expert_id"].iloc[0])
    other = int(next(i for i in city.experts_frame().index if i != expert))
    workbook = next(root.glob("*.xlsx"))
    pool = next(root.glob("*.csv"), workbook)
    return {
        "add_evidence": lambda: s.add_evidence(aid, "a.png", PNG, expected_version=0),
        "remove_evidence": lambda: s.remove_evidence(aid, 1, expected_version=0),
        "save_draft": lambda: s.save_draft(aid, {}, expected_version=0),
        "submit_sheet": lambda: s.submit_sheet(aid, expected_version=0),
        "add_expert": lambda: s.add_expert(app, "material", other, "理由"),
        "swap_expert": lambda: s.swap_expert(aid, other, "理由"),
        "draw": lambda: s.draw(seed=1, redraw=True) if "redraw" in inspect.signature(s.draw).parameters else s.draw(seed=1),
        "declare_conflict": lambda: s.declare_conflict(expert, app, "亲属"),
        "issue_links": lambda: s.issue_links(BASE),
        "revoke_token": lambda: s.revoke_token(expert),
        "issue_viewer_link": lambda: s.issue_viewer_link(BASE, issued_to="某人"),
        "revoke_viewer_link": lambda: s.revoke_viewer_link(1),
        "import_applications": lambda: s.import_applications(workbook, update=True),
        "import_experts": lambda: s.import_experts(pool, update=True),
        "import_scores": lambda: s.import_scores(workbook),
        "record_screening": lambda: s.record_screening(app, "passed", "通过"),
        "record_removal": lambda: s.record_removal("91210800MA0000000X", "单位", "品牌", dt.date(2024, 1, 2), "第二十条(四)"),
        "request_revision": lambda: s.request_revision(aid, "请复核"),
        "confirm_veto": lambda: s.confirm_veto(app, "V1", "理由"),
        "dismiss_veto": lambda: s.dismiss_veto(app, "V1", "理由"),
        "confirm_proposed_list": lambda: s.confirm_proposed_list(),
        "publish_notice": lambda: s.publish_notice(dt.date(2026, 9, 30)),
        "register_objection": lambda: s.register_objection(app, "某人", "异议"),
        "investigate_objection": lambda: s.investigate_objection(1, "核查"),
        "decide_objection": lambda: s.decide_objection(1, False, "不成立"),
        "recognise": lambda: s.recognise(dt.date(2026, 10, 14)),
        "certificate": lambda: s.certificate(app),
        "reopen": lambda: s.reopen("理由"),
        "decide_tie": lambda: s.decide_tie(app, app + 1, "理由"),
        "correct_removal": lambda: s.correct_removal(1, "理由"),
        "add_materials": lambda: s.add_materials(app, [("a.png", PNG)]),
        "import_materials": lambda: s.import_materials(tmp),
        "scores_template": lambda: s.scores_template(tmp / "录入.xlsx"),
        "write_notice": lambda: s.write_notice(tmp / "公示.html"),
        "write_result": lambda: s.write_result(tmp / "结果.html"),
    }


def directory_calls(d: Directory) -> dict:
    return {
        "register_entry": lambda: d.register_entry("91210800MA0000000X", "单位", "品牌工", "盖州市", dt.date(2024, 1, 2)),
        "record_event": lambda: d.record_event(1, "rectification_ordered", "第十七条(一)", dt.date(2025, 1, 2)),
        "record_annual_report": lambda: d.record_annual_report(1, 2024, dt.date(2024, 10, 1)),
    }


def test_the_table_of_write_methods_is_complete(root, tmp_path):
    """A new write method of the facade fails here until it is added to the tables above (and so tested)."""
    ws = Workspace(root)
    try:
        s = ws.session(SESSION_ID)
        assert write_methods(s) == set(session_calls(s, root, tmp_path))
        assert write_methods(ws.directory()) == set(directory_calls(ws.directory()))
    finally:
        ws.close()


@pytest.mark.parametrize("county", [None, "盖州市"])
def test_a_viewer_is_refused_by_every_write_method_and_nothing_is_written(root, tmp_path, county):
    ws = Workspace(root)
    try:
        viewer = Actor.viewer("某查看者", county)
        s = ws.session(SESSION_ID, viewer)
        before = snapshot(ws)
        calls = {**session_calls(s, root, tmp_path), **directory_calls(ws.directory(viewer))}
        for name, call in calls.items():
            with pytest.raises(ReadOnly):
                call()
        assert snapshot(ws) == before
        # ... while it reads what its scope allows
        frame = s.applications_frame()
        assert len(frame) and (county is None or set(frame["county"]) == {county})
    finally:
        ws.close()


def test_the_store_itself_refuses_a_viewer(root):
    """Behind the methods' guard, the store a viewer's facade holds refuses any write transaction."""
    ws = Workspace(root)
    try:
        for facade in (ws.session(SESSION_ID, Actor.viewer("某查看者")), ws.directory(Actor.viewer("某查看者"))):
            with pytest.raises(ReadOnly):
                with facade.store.write():
                    pass
    finally:
        ws.close()


# -- an open expert page whose link stops working ------------------------------------------------------

def test_a_revoked_link_stops_every_write_of_an_open_page(root):
    expert_id, link = next(iter(expert_links(root).items()))
    ws = Workspace(root)
    try:
        s = ws.session_for_token(token_of(link))               # the page is open
        aid = int(s.my_sheets().index[0])
        sheet = s.save_draft(aid, {}, expected_version=0)      # works while the link is valid
        ws.session(SESSION_ID).revoke_token(expert_id, "测试")
        before = snapshot(ws)
        for call in (lambda: s.save_draft(aid, {}, expected_version=sheet.version),
                     lambda: s.submit_sheet(aid, expected_version=sheet.version),
                     lambda: s.add_evidence(aid, "a.png", PNG, expected_version=sheet.version),
                     lambda: s.remove_evidence(aid, 1, expected_version=sheet.version),
                     lambda: s.declare_conflict(expert_id, int(s.my_sheets()["application_id"].iloc[0]), "亲属")):
            with pytest.raises((LinkExpired, AccessDenied)) as caught:
                call()
            if not isinstance(caught.value, LinkExpired):   # remove_evidence: no such file is found first
                assert "佐证" in caught.value.message("zh")
        assert snapshot(ws) == before
        assert "停用或已过期" in LinkExpired().message("zh") and "仍保留" in LinkExpired().message("zh")
        assert lookup(ws, token_of(link)) is None              # and the page cannot be opened again
    finally:
        ws.close()


def test_an_expert_link_expires_at_the_end_of_the_due_date(root):
    expert_id, link = list(expert_links(root).items())[1]
    ws = Workspace(root)
    try:
        today = dt.date.today()
        set_due_date(root, today + dt.timedelta(days=3))
        info = lookup(ws, token_of(link))
        assert info is not None and info.expires_at == end_of_day(today + dt.timedelta(days=3))
        s = ws.session_for_token(token_of(link))
        aid = int(s.my_sheets().index[0])
        v = s.save_draft(aid, {}, expected_version=0).version
        set_due_date(root, today - dt.timedelta(days=1))        # the deadline has passed
        assert lookup(ws, token_of(link)) is None
        with pytest.raises(AccessDenied):
            ws.session_for_token(token_of(link))
        with pytest.raises(LinkExpired):                        # the page opened before the deadline moved
            s.save_draft(aid, {}, expected_version=v)
        with pytest.raises(LinkExpired):
            s.submit_sheet(aid, expected_version=v)
    finally:
        set_due_date(root, None)
        ws.close()


def test_a_staff_link_expires_and_can_be_revoked(root):
    ws = Workspace(root)
    try:
        city = ws.session(SESSION_ID)
        today = dt.datetime.now(CHINA).date()
        link = city.issue_viewer_link("http://127.0.0.1/x", county="盖州市", issued_to="张科长", expires_on=today)
        s = session_for_viewer_token(ws, token_of(link.link))
        assert s.actor.read_only and s.actor.name == "张科长"
        with ws.store.write() as conn:   # time passes: the link's last day is over
            conn.execute(sa.text("UPDATE viewer_tokens SET expires_at = :x WHERE id = :i"),
                         {"x": dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1), "i": link.id})
        with pytest.raises(AccessDenied):
            session_for_viewer_token(ws, token_of(link.link))
        other = city.issue_viewer_link("http://127.0.0.1/x", issued_to="王处长")
        assert session_for_viewer_token(ws, token_of(other.link), city_only=True).actor.role == "city"
        city.revoke_viewer_link(other.id)
        with pytest.raises(AccessDenied):
            session_for_viewer_token(ws, token_of(other.link))
        county = city.issue_viewer_link("http://127.0.0.1/x", county="盖州市", issued_to="李科长")
        with pytest.raises(AccessDenied):   # the directory page needs a city link
            session_for_viewer_token(ws, token_of(county.link), city_only=True)
        default = city.issue_viewer_link("http://127.0.0.1/x", issued_to="赵科长")
        assert default.expires_on == today + dt.timedelta(days=90)
    finally:
        ws.close()
