"""Who may do what (SPEC §2, issue of the facade's composition): every public method of the session facade, called
by every role — the city, a county, an expert on a candidate assigned to them, an expert on one that is not, and
the two viewers (staff links) — against a table of the expected outcome. A new public method fails here until
it has a row, so the table covers the facade as it grows.

Outcomes: ``ok`` (answered), ``denied`` (AccessDenied or ConflictOfInterest: the role or scope refuses),
``read-only`` (a viewer refused by :func:`~panel_toolkit.facade.context.writes`), ``not-found`` (outside the
actor's scope, said as "no such …"), ``state`` (the role may, but the session's state refuses: e.g. no confirmed
list yet). Writes are tried on a throwaway copy of the demo; nothing a refused call touches is changed.
"""
from __future__ import annotations

import ast
import datetime as dt
import hashlib
import shutil
import textwrap

import pytest
import sqlalchemy as sa

from panel_toolkit import Actor, Workspace
from panel_toolkit.demo import build_demo
from panel_toolkit.demo.build import SESSION_ID
from panel_toolkit.demo.experts import add_demo_panel
from panel_toolkit.errors import AccessDenied, NotFound, PanelError, ReadOnly
from panel_toolkit.facade import Session
from panel_toolkit.facade import context as facade_context
from panel_toolkit.facade.session import write_methods
from panel_toolkit.store import schema as t

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ROLES = ("city", "county", "expert", "other_expert", "city_viewer", "county_viewer")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    root = tmp_path_factory.mktemp("scope") / "ws"
    build_demo(root, seed=11)
    add_demo_panel(root, seed=11)
    return root


def make_world(template, folder):
    """A copy of the demo (store included) and the actors of the table: an application, the assignment of its
    first expert, an expert not assigned to it, and its county."""
    root = folder / "ws"
    shutil.copytree(template, root)
    ws = Workspace(root)
    city = ws.session(SESSION_ID)
    asg = city.assignments_frame()
    row = asg.iloc[0]
    county, app, expert = row["county"], int(row["application_id"]), int(row["expert_id"])
    other = int(next(e for e in asg["expert_id"].unique() if app not in set(asg[asg["expert_id"] == e]["application_id"])))
    names = city.experts_frame()["name"]
    actors = {"city": Actor.city(), "county": Actor.county(county), "expert": Actor.expert(expert, names[expert]),
              "other_expert": Actor.expert(other, names[other]), "city_viewer": Actor.viewer("查看者"),
              "county_viewer": Actor.viewer("查看者", county)}
    return {"ws": ws, "root": root, "app": app, "aid": int(asg.index[0]), "expert": expert, "other": other,
            "county": county, "actors": actors}


@pytest.fixture
def world(template, tmp_path):
    w = make_world(template, tmp_path)
    yield w
    w["ws"].close()


def calls(w, s: Session, tmp) -> dict:
    """Every public method of the facade with arguments that fit the table's application and assignment."""
    app, aid, expert, other = w["app"], w["aid"], w["expert"], w["other"]
    workbook = next(w["root"].glob("*.xlsx"))
    pool = next(w["root"].glob("*.csv"), workbook)
    day = dt.date(2026, 9, 30)
    return {
        # applications, screening, eligibility
        "application": lambda: s.application(app), "applications_frame": s.applications_frame,
        "require_candidate": lambda: s.require_candidate(app), "closure": s.closure, "closed_at": s.closed_at,
        "import_applications": lambda: s.import_applications(workbook, update=True),
        "record_screening": lambda: s.record_screening(app, "passed", "通过"),
        "screening_frame": s.screening_frame, "screening_status": s.screening_status,
        "eligibility": s.eligibility, "candidate_ids": s.candidate_ids,
        # removals, the log
        "record_removal": lambda: s.record_removal("91210800MA0000000X", "单位", "品牌", dt.date(2024, 1, 2), "第二十条(四)"),
        "correct_removal": lambda: s.correct_removal(1, "理由"), "removals_list": s.removals_list,
        "removals_frame": s.removals_frame, "events_frame": s.events_frame,
        # the pool, the draw, assignments
        "import_experts": lambda: s.import_experts(pool, update=True), "experts_frame": s.experts_frame,
        "declare_conflict": lambda: s.declare_conflict(expert, app, "亲属"), "conflicts_frame": s.conflicts_frame,
        "issue_links": lambda: s.issue_links("http://127.0.0.1:8866/voila/render/expert_scoring.ipynb"),
        "revoke_token": lambda: s.revoke_token(other), "draw": lambda: s.draw(seed=1),
        "draws_frame": s.draws_frame, "verify_draw": s.verify_draw, "assignments_frame": s.assignments_frame,
        "my_assignments": s.my_assignments, "assignment": lambda: s.assignment(aid),
        "swap_expert": lambda: s.swap_expert(aid, other, "理由"), "replaced_sheets": s.replaced_sheets,
        "add_expert": lambda: s.add_expert(app, "material", other, "理由"),
        # sheets and evidence
        "sheet": lambda: s.sheet(aid), "my_sheets": s.my_sheets, "sheet_states": s.sheet_states,
        "save_draft": lambda: s.save_draft(aid, {}, expected_version=0),
        "submit_sheet": lambda: s.submit_sheet(aid, expected_version=0),
        "add_evidence": lambda: s.add_evidence(aid, "a.png", PNG, expected_version=0),
        "remove_evidence": lambda: s.remove_evidence(aid, 1, expected_version=0),
        "evidence": lambda: s.evidence(aid), "evidence_bytes": lambda: s.evidence_bytes(aid, 1),
        "evidence_dir": lambda: s.evidence_dir(1),
        # staff links
        "issue_viewer_link": lambda: s.issue_viewer_link("http://127.0.0.1:8866/", issued_to="某人"),
        "viewer_links_frame": s.viewer_links_frame, "revoke_viewer_link": lambda: s.revoke_viewer_link(1),
        # aggregation and the chair
        "scores_frame": s.scores_frame, "aggregation_inputs": s.aggregation_inputs, "aggregate": s.aggregate,
        "flags": s.flags, "reliability": s.reliability, "sensitivity": lambda: s.sensitivity(n_boot=2),
        "request_revision": lambda: s.request_revision(aid, "请复核"),
        "confirm_veto": lambda: s.confirm_veto(app, "V1", "理由"), "dismiss_veto": lambda: s.dismiss_veto(app, "V1", "理由"),
        "vetoes_frame": s.vetoes_frame, "confirm_proposed_list": s.confirm_proposed_list,
        "confirmation": s.confirmation, "confirmation_is_current": s.confirmation_is_current,
        "confirmed_list": s.confirmed_list, "import_scores": lambda: s.import_scores(workbook),
        "scores_template": lambda: s.scores_template(tmp / "录入.xlsx"), "tie_order": s.tie_order,
        "tie_decisions_frame": s.tie_decisions_frame, "reopen": lambda: s.reopen("理由"),
        "decide_tie": lambda: s.decide_tie(app, app + 1, "理由"), "confirmation_day": s.confirmation_day,
        "rules_changed_on_disk": s.rules_changed_on_disk,
        # notice, objections, recognition, documents
        "work_calendar": s.work_calendar, "notice_period": lambda: s.notice_period(day),
        "proposed_rows": s.proposed_rows, "preview_notice": lambda: s.preview_notice(day),
        "publish_notice": lambda: s.publish_notice(day), "notice": s.notice, "notice_text": s.notice_text,
        "write_notice": lambda: s.write_notice(tmp / "公示.html"),
        "register_objection": lambda: s.register_objection(app, "某人", "异议"),
        "investigate_objection": lambda: s.investigate_objection(1, "核查"),
        "decide_objection": lambda: s.decide_objection(1, False, "不成立"), "objections_frame": s.objections_frame,
        "recognise": lambda: s.recognise(dt.date(2026, 10, 14)), "recognitions_frame": s.recognitions_frame,
        "recognised_list": s.recognised_list, "result_document": s.result_document, "result_text": s.result_text,
        "write_result": lambda: s.write_result(tmp / "结果.html"), "certificate": lambda: s.certificate(app),
        "announcement": s.announcement, "plaque": lambda: s.plaque(app),
        # application materials
        "material_store": lambda: s.material_store, "add_materials": lambda: s.add_materials(app, [("a.png", PNG)]),
        "import_materials": lambda: s.import_materials(tmp), "materials_frame": lambda: s.materials_frame(app),
        "material_content": lambda: s.material_content(1), "material_page": lambda: s.material_page(1),
    }


def outcome(call) -> str:
    try:
        call()
    except ReadOnly:
        return "read-only"
    except AccessDenied:
        return "denied"
    except NotFound:
        return "not-found"
    except PanelError:
        return "state"
    return "ok"


def digest(ws) -> str:
    h = hashlib.sha256()
    with ws.store.read() as conn:
        for table in sorted(t.metadata.tables.values(), key=lambda x: x.name):
            if table.name not in ("events", "sessions"):
                for row in conn.execute(sa.select(table)).all():
                    h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def public_methods() -> list[str]:
    return sorted(n for n in dir(Session) if not n.startswith("_"))


def test_every_public_method_is_in_the_table(world, tmp_path):
    s = world["ws"].session(SESSION_ID)
    assert sorted(calls(world, s, tmp_path)) == public_methods()
    assert set(TABLE) == set(public_methods())


@pytest.mark.parametrize("role", ROLES)
def test_each_role_meets_the_table(template, world, tmp_path, role):
    """Reads and refused writes on one copy; a write the role may make on a copy of its own, so that no call
    sees what another changed (a declared conflict closes the candidate to every later call)."""
    actor, writes_ = world["actors"][role], write_methods(world["ws"].session(SESSION_ID))
    got = {}
    for name in public_methods():
        w = world
        if name in writes_ and TABLE[name][ROLES.index(role)] not in ("denied", "read-only", "not-found"):
            w = make_world(template, tmp_path / name)
        try:
            got[name] = outcome(calls(w, w["ws"].session(SESSION_ID, actor), tmp_path)[name])
        finally:
            if w is not world:
                w["ws"].close()
    want = {name: TABLE[name][ROLES.index(role)] for name in public_methods()}
    assert {n: (got[n], "expected " + want[n]) for n in got if got[n] != want[n]} == {}


@pytest.mark.parametrize("role", ("city_viewer", "county_viewer", "county", "other_expert"))
def test_a_refused_write_changes_nothing(world, tmp_path, role):
    actor = world["actors"][role]
    refused = [n for n in public_methods() if TABLE[n][ROLES.index(role)] in ("denied", "read-only", "not-found")]
    before = digest(world["ws"])
    for name in refused:
        outcome(calls(world, world["ws"].session(SESSION_ID, actor), tmp_path)[name])
    assert digest(world["ws"]) == before


def test_every_method_that_writes_carries_the_marker():
    """A service method that opens ``store.write()`` (or calls one of its class's methods that does) is marked
    ``@writes``, so a viewer is refused at its entry. Read from the source of every service class."""
    import panel_toolkit.facade as package
    from pathlib import Path

    exempt = {"context.py: SessionContext.register",   # the session row: bookkeeping of the files, for a viewer too
              "links.py: GuardedStore.write"}         # the guarded store itself (refuses a viewer inside)
    missing = []
    for path in sorted(Path(package.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            methods = {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef)}
            opens = {n for n, f in methods.items() if "store.write()" in ast.unparse(f)}
            while True:
                more = {n for n, f in methods.items() if n not in opens
                        and any(f"self.{m}(" in ast.unparse(f) for m in opens)}
                if not more:
                    break
                opens |= more
            for name in sorted(opens):
                marked = any(ast.unparse(d) == "writes" for d in methods[name].decorator_list)
                if not name.startswith("_") and not marked:
                    missing.append(f"{path.name}: {cls.name}.{name}")
    assert sorted(set(missing) - exempt) == [] and exempt <= set(missing)


def test_the_marker_check_finds_an_unmarked_write():
    src = textwrap.dedent('''
        class X:
            def save(self):
                with self.store.write() as conn:
                    pass
    ''')
    f = ast.parse(src).body[0].body[0]
    assert "store.write()" in ast.unparse(f) and not f.decorator_list


def test_a_viewer_is_refused_by_the_marker_before_its_arguments_are_read(world):
    s = world["ws"].session(SESSION_ID, world["actors"]["city_viewer"])
    with pytest.raises(ReadOnly):
        s.save_draft(object(), object(), expected_version=object())   # nonsense arguments: refused first
    assert facade_context.writes(lambda self: None).writes
    assert write_methods(s) == {n for n in public_methods() if TABLE[n][ROLES.index("city_viewer")] == "read-only"}


#: method: outcome for (city, county, expert, other_expert, city_viewer, county_viewer). "state" where the demo's
#: state refuses a role that may act (no confirmed list, no notice yet); "not-found" for an id that is not there.
TABLE: dict[str, tuple[str, ...]] = {
    "add_evidence": ('denied', 'denied', 'ok', 'denied', 'read-only', 'read-only'),
    "add_expert": ('ok', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "add_materials": ('ok', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "aggregate": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "aggregation_inputs": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "announcement": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "application": ('ok', 'ok', 'ok', 'denied', 'ok', 'ok'),
    "applications_frame": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "assignment": ('ok', 'ok', 'ok', 'denied', 'ok', 'ok'),
    "assignments_frame": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "candidate_ids": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "certificate": ('not-found', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "closed_at": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "closure": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "confirm_proposed_list": ('state', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "confirm_veto": ('state', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "confirmation": ('state', 'state', 'denied', 'denied', 'state', 'state'),
    "confirmation_day": ('state', 'state', 'denied', 'denied', 'state', 'state'),
    "confirmation_is_current": ('state', 'denied', 'denied', 'denied', 'state', 'denied'),
    "confirmed_list": ('state', 'state', 'denied', 'denied', 'state', 'state'),
    "conflicts_frame": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "correct_removal": ('ok', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "decide_objection": ('not-found', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "decide_tie": ('state', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "declare_conflict": ('ok', 'denied', 'ok', 'denied', 'read-only', 'read-only'),
    "dismiss_veto": ('state', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "draw": ('state', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "draws_frame": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "eligibility": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "events_frame": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "evidence": ('ok', 'denied', 'ok', 'denied', 'ok', 'denied'),
    "evidence_bytes": ('not-found', 'denied', 'not-found', 'denied', 'not-found', 'denied'),
    "evidence_dir": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "experts_frame": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "flags": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "import_applications": ('ok', 'state', 'denied', 'denied', 'read-only', 'read-only'),
    "import_experts": ('ok', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "import_materials": ('state', 'state', 'denied', 'denied', 'read-only', 'read-only'),
    "import_scores": ('state', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "investigate_objection": ('not-found', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "issue_links": ('ok', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "issue_viewer_link": ('ok', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "material_content": ('ok', 'ok', 'ok', 'denied', 'ok', 'ok'),
    "material_page": ('ok', 'ok', 'ok', 'denied', 'ok', 'ok'),
    "material_store": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "materials_frame": ('ok', 'ok', 'ok', 'denied', 'ok', 'ok'),
    "my_assignments": ('denied', 'denied', 'ok', 'ok', 'denied', 'denied'),
    "my_sheets": ('denied', 'denied', 'ok', 'ok', 'denied', 'denied'),
    "notice": ('not-found', 'not-found', 'denied', 'denied', 'not-found', 'not-found'),
    "notice_period": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "notice_text": ('not-found', 'not-found', 'denied', 'denied', 'not-found', 'not-found'),
    "objections_frame": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "plaque": ('not-found', 'denied', 'denied', 'denied', 'not-found', 'denied'),
    "preview_notice": ('state', 'denied', 'denied', 'denied', 'state', 'denied'),
    "proposed_rows": ('state', 'state', 'denied', 'denied', 'state', 'state'),
    "publish_notice": ('state', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "recognise": ('state', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "recognised_list": ('ok', 'ok', 'denied', 'denied', 'ok', 'ok'),
    "recognitions_frame": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "record_removal": ('state', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "record_screening": ('ok', 'ok', 'denied', 'denied', 'read-only', 'read-only'),
    "register_objection": ('state', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "reliability": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "removals_frame": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "removals_list": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "remove_evidence": ('denied', 'denied', 'not-found', 'denied', 'read-only', 'read-only'),
    "reopen": ('state', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "replaced_sheets": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "request_revision": ('state', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "require_candidate": ('ok', 'ok', 'ok', 'denied', 'ok', 'ok'),
    "result_document": ('state', 'state', 'denied', 'denied', 'state', 'state'),
    "result_text": ('state', 'state', 'denied', 'denied', 'state', 'state'),
    "revoke_token": ('ok', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "revoke_viewer_link": ('not-found', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "rules_changed_on_disk": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "save_draft": ('denied', 'denied', 'ok', 'denied', 'read-only', 'read-only'),
    "scores_frame": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "scores_template": ('ok', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "screening_frame": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "screening_status": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "sensitivity": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "sheet": ('ok', 'denied', 'ok', 'denied', 'ok', 'denied'),
    "sheet_states": ('ok', 'ok', 'denied', 'denied', 'ok', 'ok'),
    "submit_sheet": ('denied', 'denied', 'state', 'denied', 'read-only', 'read-only'),
    "swap_expert": ('ok', 'denied', 'denied', 'denied', 'read-only', 'read-only'),
    "tie_decisions_frame": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "tie_order": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "verify_draw": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "vetoes_frame": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "viewer_links_frame": ('ok', 'denied', 'denied', 'denied', 'ok', 'denied'),
    "work_calendar": ('ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    "write_notice": ('not-found', 'not-found', 'denied', 'denied', 'read-only', 'read-only'),
    "write_result": ('state', 'state', 'denied', 'denied', 'read-only', 'read-only'),
}



def test_each_delegation_names_a_service_the_session_holds(world):
    """``help(Session.draw)`` reads the service's docstring through ``_SERVICES``: it must name what is wired."""
    s = world["ws"].session(SESSION_ID)
    assert all(isinstance(getattr(s, name), cls) for name, cls in Session._SERVICES.items())
    assert all(getattr(Session, n).__doc__ for n in public_methods())   # every public method says what it does
