"""The expert panel through the facade (第十二条), on the demo workspace in a real SQLite store:
pool import, draw, verify, links and tokens, roles and scopes, conflicts, the chair's changes."""
from __future__ import annotations

import shutil

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa

from panel_toolkit import Actor, Workspace
from panel_toolkit.demo import build_demo
from panel_toolkit.errors import AccessDenied, ConflictOfInterest, DrawInfeasible, InputRejected, InvalidState, NotFound
from panel_toolkit.panel import tokens
from panel_toolkit.panel.pool import EXPERT_FIELDS, SHEET_NAME
from panel_toolkit.panel.sample import sample_experts, write_pool
from panel_toolkit.store import schema as t
from panel_toolkit.store import utcnow

SESSION = "demo"
BASE = "https://review.example.cn/expert"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    build_demo(root, seed=11)
    return root


@pytest.fixture
def ws(demo_dir, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(demo_dir, root)
    w = Workspace(root)
    yield w
    w.close()


@pytest.fixture
def city(ws):
    return ws.session(SESSION)


@pytest.fixture
def pool_file(city, tmp_path):
    """A real .xlsx from the expert template: 30 fictional experts over the counties and 市外."""
    return write_pool(tmp_path / "专家库.xlsx", sample_experts(city.config.screening_units, 30, seed=4), city.config)


@pytest.fixture
def drawn(city, pool_file):
    city.import_experts(pool_file)
    city.draw(per_candidate=5, seed=2024, site_team=3)
    return city


def count(ws, table, *where) -> int:
    with ws.store.read() as c:
        return c.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar()


def as_expert(ws, expert_id: int):
    name = ws.session(SESSION).experts_frame().loc[expert_id, "name"]
    return ws.session(SESSION, Actor.expert(expert_id, name))


# -- the pool ---------------------------------------------------------------------------------------

def test_import_experts_is_idempotent(city, pool_file):
    r = city.import_experts(pool_file)
    assert (r.inserted, r.updated, r.unchanged) == (30, 0, 0)
    assert (city.import_experts(pool_file).unchanged, len(city.experts_frame())) == (30, 30)
    assert "新增专家 30 人" in r.message()


def test_a_bad_row_imports_nothing(ws, city, tmp_path):
    experts = sample_experts(city.config.screening_units, 5, seed=1)
    experts[3]["phone"] = "0417-2812345"
    with pytest.raises(InputRejected) as e:
        city.import_experts(write_pool(tmp_path / "bad.xlsx", experts, city.config))
    assert [(p.row, p.column) for p in e.value.problems] == [(5, "手机")]
    assert count(ws, t.experts) == 0


def test_a_changed_expert_needs_update_and_keeps_history(ws, city, pool_file, tmp_path):
    city.import_experts(pool_file)
    experts = sample_experts(city.config.screening_units, 30, seed=4)
    experts[0]["title"] = "教授（新）"
    changed = write_pool(tmp_path / "changed.xlsx", experts, city.config)
    with pytest.raises(InputRejected) as e:
        city.import_experts(changed)
    assert "--update" in e.value.problems[0].reason_zh
    assert city.import_experts(changed, update=True).updated == 1
    ev = city.events_frame()
    assert ev.iloc[-2]["action"] == "expert.updated" and "title" in ev.iloc[-2]["details"]["before"]


def test_only_the_city_manages_the_pool(ws, pool_file):
    with pytest.raises(AccessDenied):
        ws.session(SESSION, Actor.county("盖州市")).import_experts(pool_file)
    with pytest.raises(AccessDenied):
        ws.session(SESSION, Actor.county("盖州市")).experts_frame()


# -- the draw ---------------------------------------------------------------------------------------

def test_draw_covers_every_candidate_without_conflicts(ws, drawn):
    candidates = drawn.candidate_ids()
    df = drawn.assignments_frame()
    sizes = df.groupby(["application_id", "part"]).size().unstack()
    assert sorted(sizes.index) == candidates
    assert (sizes["material"] == 5).all() and (sizes["site"] == 3).all()
    assert df["conflict"].eq("").all()
    conflicts = drawn.conflicts_frame()
    assert not set(zip(conflicts["application_id"], conflicts["expert_id"])) & set(zip(df["application_id"], df["expert_id"]))
    loads = df.groupby(["expert_id", "part"]).size().unstack().reindex(drawn.experts_frame().index, fill_value=0)
    assert (loads.max() - loads.min() <= 1).all()


def test_the_draw_is_recorded_and_logged(ws, drawn):
    d = drawn.draws_frame()
    assert len(d) == 1 and d.iloc[0]["seed"] == 2024 and len(d.iloc[0]["pool_sha256"]) == 64
    ev = drawn.events_frame()
    drawn_ev = ev[ev["action"] == "panel.drawn"].iloc[0]
    assert drawn_ev["details"]["seed"] == 2024 and drawn_ev["details"]["result_sha256"] == d.iloc[0]["result_sha256"]


def test_same_seed_same_panels(ws, drawn, tmp_path, demo_dir, pool_file):
    other = Workspace(shutil.copytree(demo_dir, tmp_path / "other"))
    try:
        s = other.session(SESSION)
        s.import_experts(pool_file)
        report = s.draw(per_candidate=5, seed=2024, site_team=3)
        assert report.hashes["result"] == drawn.draws_frame().iloc[0]["result_sha256"]
    finally:
        other.close()


def test_a_second_draw_needs_replace_and_a_reason(ws, drawn):
    with pytest.raises(InvalidState):
        drawn.draw(seed=1)
    with pytest.raises(InvalidState):
        drawn.draw(seed=1, replace=True, reason=" ")
    before = count(ws, t.assignments)
    report = drawn.draw(seed=1, replace=True, reason="专家名单调整后重新抽取")
    assert report.replaced == before
    assert count(ws, t.assignments, t.assignments.c.active) == len(drawn.candidate_ids()) * 8
    assert count(ws, t.assignments) >= before                       # never deleted
    assert drawn.events_frame().iloc[-1]["details"]["reason"] == "专家名单调整后重新抽取"


def test_no_new_draw_once_a_sheet_exists(ws, drawn):
    aid = int(drawn.assignments_frame().index[0])
    with ws.store.write() as c:
        c.execute(t.score_sheets.insert().values(assignment_id=aid, status="draft", updated_at=utcnow()))
    with pytest.raises(InvalidState) as e:
        drawn.draw(seed=1, replace=True, reason="再抽")
    assert "评分表" in e.value.zh


def test_a_pool_too_small_to_avoid_conflicts_draws_nothing(ws, city, tmp_path):
    """Twelve experts, eight of them in one county: its candidates cannot get 5 without conflicts."""
    counties = city.applications_frame().loc[city.candidate_ids(), "county"]
    home = counties.value_counts().index[0]
    experts = sample_experts([home], 12, seed=2)
    for i, e in enumerate(experts):
        e["county"] = home if i < 8 else "市外"
    city.import_experts(write_pool(tmp_path / "small.xlsx", experts, city.config))
    events = count(ws, t.events)
    with pytest.raises(DrawInfeasible) as e:
        city.draw(per_candidate=5, seed=3, site_team=3)
    short = {r["application_id"] for r in e.value.report}
    assert short == {int(i) for i in counties.index[counties == home]}
    first = e.value.report[0]
    assert first["excluded"] == {"同县(市)区": 8} and first["remaining"] == 4 and first["needed"] == 5
    assert f"（{home}）" in e.value.zh and "同县(市)区 8 人）" in e.value.zh and "剩余 4 人，需要 5 人" in e.value.zh
    assert count(ws, t.assignments) == count(ws, t.draws) == 0 and count(ws, t.events) == events


def test_panel_below_the_rubric_minimum_is_refused(drawn):
    with pytest.raises(InvalidState) as e:
        drawn.draw(per_candidate=3, seed=1, replace=True, reason="x")
    assert "不能少于 5 人" in e.value.zh


def test_draw_without_a_pool(city):
    with pytest.raises(InvalidState) as e:
        city.draw(seed=1)
    assert "专家库为空" in e.value.zh


# -- verify ---------------------------------------------------------------------------------------

def test_verify_is_consistent(drawn):
    v = drawn.verify_draw()
    assert v.consistent and "一致" in v.message()


def test_verify_shows_an_added_and_an_edited_expert(drawn, tmp_path):
    experts = sample_experts(drawn.config.screening_units, 30, seed=4)   # the pool of the draw …
    experts[0]["employer"] = "（示例）营口市新单位"                        # … one expert changed employer
    experts.append({**experts[1], "name": "新来的专家", "phone": "13700000001"})   # … and one more
    drawn.import_experts(write_pool(tmp_path / "more.xlsx", experts, drawn.config), update=True)
    v = drawn.verify_draw()
    assert not v.consistent and v.reproducible
    kinds = [(c.what, c.kind, c.target) for c in v.changes if c.what == "expert"]
    assert kinds == [("expert", "added", "31"), ("expert", "changed", "1")]
    assert v.hashes["pool"][0] != v.hashes["pool"][1]
    assert "新增专家" in v.message() and "（示例）营口市新单位" in v.message()


def test_verify_shows_a_declared_conflict_and_the_chairs_swaps(drawn):
    df = drawn.assignments_frame()
    row = df.iloc[0]
    drawn.declare_conflict(int(row["expert_id"]), int(row["application_id"]), "曾为该单位提供咨询")
    v = drawn.verify_draw()
    assert ("conflict", "added") in {(c.what, c.kind) for c in v.changes}
    assert not v.consistent


def test_verify_before_any_draw(city):
    with pytest.raises(NotFound):
        city.verify_draw()


# -- links and tokens ----------------------------------------------------------------------------------

def test_links_store_only_a_hash(ws, drawn):
    links = drawn.issue_links(BASE).to_frame()
    assert len(links) == 30 and links["link"].str.startswith(BASE + "?token=").all()
    issued = links["link"].str.split("token=").str[1]
    with ws.store.read() as c:
        stored = set(c.execute(sa.select(t.expert_tokens.c.token_sha256)).scalars())
    assert stored == {tokens.token_sha256(x) for x in issued}
    raw = b"".join(p.read_bytes() for p in ws.root.glob("panel.db*"))
    assert not any(x.encode() in raw for x in issued)               # the token itself is nowhere in the store
    assert not drawn.events_frame()["details"].astype(str).str.contains(issued.iloc[0], regex=False).any()


def test_links_are_issued_once_unless_reissued(ws, drawn):
    first = drawn.issue_links(BASE).to_frame()
    again = drawn.issue_links(BASE).to_frame()
    assert again["link"].isna().all() and again["status"].eq("已发放").all()
    old = first.loc[1, "link"].split("token=")[1]
    re = drawn.issue_links(BASE, reissue=True).to_frame()
    assert re["link"].notna().all()
    with pytest.raises(AccessDenied):
        ws.session_for_token(old)
    assert ws.session_for_token(re.loc[1, "link"].split("token=")[1]).actor.scope == "1"


def test_a_token_opens_its_experts_session(ws, drawn):
    link = drawn.issue_links(BASE).to_frame().loc[3, "link"]
    s = ws.session_for_token(link.split("token=")[1])
    assert (s.actor.role, s.actor.scope, s.id) == ("expert", "3", SESSION)
    assert s.actor.name == drawn.experts_frame().loc[3, "name"]


def test_revoked_unknown_and_malformed_tokens_get_one_neutral_message(ws, drawn):
    token = drawn.issue_links(BASE).to_frame().loc[2, "link"].split("token=")[1]
    assert drawn.revoke_token(2, "手机遗失") == 1
    messages = set()
    for bad in (token, tokens.new_token(), "x", "", None, token[:-1] + "=", "' OR 1=1 --"):
        with pytest.raises(AccessDenied) as e:
            ws.session_for_token(bad)
        messages.add((e.value.zh, e.value.en))
    assert messages == {(tokens.NEUTRAL_ZH, tokens.NEUTRAL_EN)}
    new = drawn.issue_links(BASE).to_frame()
    assert new["link"].notna().sum() == 1 and new.loc[2, "status"] == "新发放"


def test_only_the_city_issues_and_revokes(ws, drawn):
    county = ws.session(SESSION, Actor.county("盖州市"))
    with pytest.raises(AccessDenied):
        county.issue_links(BASE)
    with pytest.raises(AccessDenied):
        as_expert(ws, 1).revoke_token(1)


# -- roles and scopes --------------------------------------------------------------------------------

def test_an_expert_sees_only_their_own(ws, drawn):
    everything = drawn.assignments_frame()
    expert_id = int(everything["expert_id"].iloc[0])
    me = as_expert(ws, expert_id)
    mine = me.my_assignments()
    assert len(mine) and mine["expert_id"].eq(expert_id).all()
    assert set(mine.index) == set(everything.index[everything["expert_id"] == expert_id])
    assert set(me.applications_frame().index) == set(mine["application_id"])
    assert set(me.eligibility().to_frame().index) == set(mine["application_id"])


def test_a_crafted_call_for_another_experts_assignment_is_refused(ws, drawn):
    df = drawn.assignments_frame()
    a, b = (int(x) for x in df["expert_id"].unique()[:2])
    theirs = df.index[(df["expert_id"] == b) & ~df["application_id"].isin(df.loc[df["expert_id"] == a, "application_id"])]
    me = as_expert(ws, a)
    with pytest.raises(AccessDenied):
        me.assignment(int(theirs[0]))
    with pytest.raises(AccessDenied):
        me.assignment(10**6)                                       # unknown ids get the same refusal
    not_mine = int(df.loc[theirs[0], "application_id"])
    with pytest.raises(AccessDenied) as e:
        me.application(not_mine)
    assert not isinstance(e.value, ConflictOfInterest)
    own = int(df.index[df["expert_id"] == a][0])
    assert me.assignment(own)["expert_id"] == a


def test_an_expert_cannot_run_the_chairs_operations(ws, drawn):
    me = as_expert(ws, 1)
    for call in (lambda: me.draw(seed=1, replace=True, reason="x"), me.verify_draw, me.experts_frame,
                 lambda: me.swap_expert(1, 2, "x"), lambda: me.issue_links(BASE), me.events_frame, me.conflicts_frame):
        with pytest.raises(AccessDenied):
            call()


def test_a_conflicted_candidate_raises_conflict_of_interest(ws, drawn):
    df = drawn.assignments_frame()
    row = df.iloc[0]
    expert_id, app = int(row["expert_id"]), int(row["application_id"])
    me = as_expert(ws, expert_id)
    me.application(app)                                             # assigned, no conflict yet
    me.declare_conflict(expert_id, app, "本人曾在该单位任职")      # 自行申报回避
    with pytest.raises(ConflictOfInterest) as e:
        me.application(app)
    assert e.value.reasons == ("申报回避",)
    with pytest.raises(ConflictOfInterest):
        me.assignment(int(df.index[0]))
    assert app not in me.applications_frame().index
    assert me.my_assignments().loc[int(df.index[0]), "conflict"] == "申报回避"
    assert drawn.assignments_frame().loc[int(df.index[0]), "conflict"] == "申报回避"   # the chair sees it must be swapped


def test_a_crafted_call_for_a_same_county_candidate(ws, drawn):
    experts = drawn.experts_frame()
    apps = drawn.applications_frame()
    expert_id = int(experts.index[experts["county"].isin(apps["county"])][0])
    same = int(apps.index[apps["county"] == experts.loc[expert_id, "county"]][0])
    with pytest.raises(ConflictOfInterest) as e:
        as_expert(ws, expert_id).application(same)
    assert "同县(市)区" in e.value.reasons


def test_an_expert_declares_only_for_themselves(ws, drawn):
    df = drawn.assignments_frame()
    a = int(df["expert_id"].iloc[0])
    me = as_expert(ws, a)
    with pytest.raises(AccessDenied):
        me.declare_conflict(a + 1, int(df["application_id"].iloc[0]), "x")
    other_app = next(int(x) for x in drawn.candidate_ids() if x not in set(df.loc[df["expert_id"] == a, "application_id"]))
    with pytest.raises(AccessDenied):
        me.declare_conflict(a, other_app, "x")


def test_a_county_sees_only_its_county_without_expert_identities(ws, drawn):
    county = ws.session(SESSION, Actor.county("盖州市"))
    df = county.assignments_frame()
    assert len(df) and df["county"].eq("盖州市").all()
    assert not {"expert_id", "expert_name", "expert_employer"} & set(df.columns)
    everything = drawn.assignments_frame()
    assert len(df) == everything["county"].eq("盖州市").sum()
    other = int(everything.index[everything["county"] != "盖州市"][0])
    with pytest.raises(AccessDenied):
        county.assignment(other)
    assert "expert_id" not in county.assignment(int(df.index[0]))


# -- the chair's changes -------------------------------------------------------------------------------

def test_swap_is_logged_with_who_and_why(ws, city, pool_file):
    city.import_experts(pool_file)
    city.draw(seed=5)
    chair = ws.session(SESSION, Actor.city("王主任"))
    df = chair.assignments_frame()
    aid, app = int(df.index[0]), int(df["application_id"].iloc[0])
    m = chair._scope.matrix([app])
    on_panel = set(df.loc[df["application_id"] == app, "expert_id"])
    new = next(int(e) for e, c in zip(m.expert_ids, m.codes[0]) if c == 0 and int(e) not in on_panel)
    new_id = chair.swap_expert(aid, new, "原专家出差，无法参加实地核查")
    after = chair.assignments_frame(include_inactive=True)
    assert not after.loc[aid, "active"] and after.loc[new_id, "active"] and after.loc[new_id, "expert_id"] == new
    ev = chair.events_frame().iloc[-1]
    assert (ev["action"], ev["actor"], ev["role"]) == ("panel.expert_swapped", "王主任", "city")
    assert ev["details"]["reason"] == "原专家出差，无法参加实地核查"
    assert ev["details"]["old_expert_id"] == int(df["expert_id"].iloc[0]) and ev["details"]["new_expert_id"] == new
    v = chair.verify_draw()
    assert v.consistent and len(v.adjustments) == 1


def test_swap_refuses_conflicts_duplicates_and_missing_reasons(ws, drawn):
    df = drawn.assignments_frame()
    aid, app = int(df.index[0]), int(df["application_id"].iloc[0])
    pairs = drawn.conflicts_frame()
    conflicted = int(pairs.loc[pairs["application_id"] == app, "expert_id"].iloc[0])
    with pytest.raises(ConflictOfInterest):
        drawn.swap_expert(aid, conflicted, "x")
    with pytest.raises(InvalidState):
        drawn.swap_expert(aid, int(df["expert_id"].iloc[1]), "x")   # already on this panel
    with pytest.raises(InvalidState):
        drawn.swap_expert(aid, 1, "  ")
    with pytest.raises(NotFound):
        drawn.swap_expert(aid, 10**6, "x")
    assert drawn.assignments_frame().loc[aid, "active"]              # nothing changed


def test_add_expert(ws, drawn):
    df = drawn.assignments_frame()
    app = int(df["application_id"].iloc[0])
    m = drawn._scope.matrix([app])
    on_it = set(df.loc[df["application_id"] == app, "expert_id"])
    free = next(int(e) for e, c in zip(m.expert_ids, m.codes[0]) if c == 0 and int(e) not in on_it)
    new_id = drawn.add_expert(app, "site", free, "实地核查需增加一名建筑专业专家")
    assert drawn.assignments_frame().loc[new_id, "part"] == "site"
    assert drawn.events_frame().iloc[-1]["action"] == "panel.expert_added"
    with pytest.raises(InvalidState):
        drawn.add_expert(app, "other", free, "x")


def test_expert_template_is_readable(city, tmp_path):
    from panel_toolkit.panel.template import write_expert_template

    path = write_expert_template(tmp_path / "t.xlsx", city.config)
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb[SHEET_NAME][1]] == [f.header for f in EXPERT_FIELDS]
    assert isinstance(pd.DataFrame(), pd.DataFrame)


def test_related_experts_is_a_session_setting_recorded_and_verified(ws, pool_file, tmp_path):
    """第十二条 相关专家: ``panel.related_expert: true`` — each material panel has an expert
    whose 专业领域 lists the candidate's 行业 when one is eligible; the draw records panel-draw/2 and verifies."""
    import yaml

    path = ws.root / "sessions" / SESSION / "session.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data.setdefault("panel", {})["related_expert"] = True
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    s = ws.session(SESSION)
    assert s.config.related_expert
    s.import_experts(pool_file)
    s.draw(per_candidate=5, seed=2024, site_team=3)
    assert s.draws_frame().iloc[0]["algorithm"] == "panel-draw/2"
    assert s.verify_draw().consistent
    inputs = s._panel._draw_inputs()
    rel, m = inputs.related(), inputs.matrix()
    asg = s.assignments_frame()
    col = {int(e): j for j, e in enumerate(m.expert_ids)}
    checked = 0
    for i, app in enumerate(m.application_ids):
        if not (rel[i] & (m.codes[i] == 0)).any():
            continue
        panel = asg[(asg["application_id"] == app) & (asg["part"] == "material")]["expert_id"]
        assert any(rel[i, col[int(e)]] for e in panel), app
        checked += 1
    assert checked > 0
