"""The proposed list through the facade (第十二条) on a real demo workspace: a drawn panel, synthetic
sheets written through the sheet rules, real SQLite. Roles, revisions, vetoes, confirmation, import."""
from __future__ import annotations

import shutil

import numpy as np
import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa

from panel_toolkit import Actor, Workspace
from panel_toolkit.demo.build import SESSION_ID
from panel_toolkit.demo.scores import build_scored_demo
from panel_toolkit.errors import AccessDenied, InputRejected, InvalidState, SessionClosed
from panel_toolkit.sheets import Entry
from panel_toolkit.store import schema as t
from panel_toolkit.store.tables.aggregation import proposed_lists

LIST_COLUMNS = ["application_id", "rank", "county", "brand_name", "unit_name", "industry", "material", "site", "combined",
                "conclusion", "reason"]


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """A scored demo workspace (every sheet submitted; four veto proposals), built once."""
    root = tmp_path_factory.mktemp("scored")
    build_scored_demo(root, seed=2024)
    return root


@pytest.fixture(scope="module")
def partly(tmp_path_factory):
    """A demo workspace where about a tenth of the sheets are missing or drafts."""
    root = tmp_path_factory.mktemp("partly")
    build_scored_demo(root, seed=2024, draft_share=0.03, missing_share=0.07)
    return root


def copy_of(root, tmp_path):
    shutil.copytree(root, tmp_path / "ws")
    return Workspace(tmp_path / "ws")


@pytest.fixture
def ws(scored, tmp_path):
    w = copy_of(scored, tmp_path)
    yield w
    w.close()


@pytest.fixture
def city(ws):
    return ws.session(SESSION_ID)


def test_scores_frame_holds_the_current_sheets(city):
    df = city.scores_frame()
    sheets = city.assignments_frame()
    n_items = {"material": 14, "site": 6}
    assert len(df) == sum(n_items[p] for p in sheets["part"])
    assert set(df["status"]) == {"submitted"} and set(df["revision"]) == {0}
    assert list(df.columns[:8]) == ["expert_id", "application_id", "part", "item_id", "score", "verdict", "status", "revision"]
    assert df["verdict"].isna().groupby(df["part"]).all().to_dict() == {"material": True, "site": False}


def test_the_list_is_the_rubric_method_over_the_stored_values(city):
    r = city.aggregate()
    df = city.scores_frame()
    totals = df.groupby(["application_id", "part", "expert_id"])["score"].sum()
    f = r.to_frame()
    for app in f.index[f["rank"].notna()][:5]:
        m = np.sort(totals.loc[(app, "material")].to_numpy())
        assert len(m) == 5 and f.loc[app, "material"] == pytest.approx(m[1:-1].mean())     # 去掉最高分和最低分
        s = totals.loc[(app, "site")].to_numpy()
        assert len(s) == 3 and f.loc[app, "site"] == pytest.approx(s.mean())                 # 3 < 5: the mean
        assert f.loc[app, "combined"] == pytest.approx(0.6 * f.loc[app, "material"] + 0.4 * f.loc[app, "site"])
    elig = city.eligibility().to_frame()
    excluded = f.index[f["conclusion"] == "excluded"]
    assert set(excluded) == set(elig.index[(elig["status"] == "fail") | ~elig["screened_in"]])
    assert r.summary() == {"proposed": 10, "not_proposed": 16, "excluded": 16, "incomplete": 0}
    assert (r.flags.to_frame()["kind"] == "proposed_veto").sum() == 4


def test_only_the_city_aggregates_and_a_county_reads_only_its_confirmed_rows(ws, city):
    county = ws.session(SESSION_ID, Actor.county("盖州市"))
    expert_id = int(city.assignments_frame()["expert_id"].iloc[0])
    expert = ws.session(SESSION_ID, Actor.expert(expert_id, "专家"))
    for who in (county, expert):
        for call in (who.aggregate, who.scores_frame, who.reliability):
            with pytest.raises(AccessDenied):
                call()
        with pytest.raises(AccessDenied):
            who.request_revision(1, "x")
    with pytest.raises(AccessDenied):
        expert.confirmed_list()
    with pytest.raises(InvalidState):
        county.confirmed_list()                                  # nothing confirmed yet
    for app, veto in {(2, "V1"), (27, "V1")}:
        city.dismiss_veto(app, veto, "核实后材料真实")
    city.confirm_proposed_list()
    mine = county.confirmed_list()
    assert list(mine.columns) == LIST_COLUMNS and len(mine) and set(mine["county"]) == {"盖州市"}
    assert len(city.confirmed_list()) == 42


def test_a_revision_is_a_new_version_and_the_original_is_reported(ws, city):
    aid = int(city.assignments_frame().query("part == 'material'").index[0])
    original = city.sheet(aid)
    app = original.application_id
    with pytest.raises(InvalidState):
        city.request_revision(aid, "  ")
    new_id = city.request_revision(aid, "B1 与台账人数不符，请复核")
    with ws.store.read() as conn:
        rows = conn.execute(sa.select(t.score_sheets).where(t.score_sheets.c.assignment_id == aid)
                            .order_by(t.score_sheets.c.revision)).mappings().all()
    assert [(r["revision"], r["status"]) for r in rows] == [(0, "submitted"), (1, "draft")]
    assert rows[1]["id"] == new_id and rows[1]["revision_of"] == rows[0]["id"]
    assert rows[1]["revision_reason"] == "B1 与台账人数不符，请复核"
    with pytest.raises(InvalidState):
        city.request_revision(aid, "again")                    # a draft is not sent back again
    r = city.aggregate()
    assert r.to_frame().loc[app, "conclusion"] == "incomplete"
    kinds = r.flags.to_frame().query("assignment_id == @aid")["kind"].tolist()
    assert set(kinds) == {"revision_pending", "revised"}
    me = ws.session(SESSION_ID, Actor.expert(original.expert_id, "专家"))
    draft = me.sheet(aid)
    assert draft.revision == 1 and draft.entries == original.entries        # the items were copied
    b1 = original.entries["B1"].score
    new_b1 = 10.0 if b1 < 10 else 9.0
    s = me.save_draft(aid, {"B1": Entry(new_b1)}, expected_version=draft.version)
    me.submit_sheet(aid, expected_version=s.version)
    r = city.aggregate()
    assert r.to_frame().loc[app, "conclusion"] != "incomplete"
    revised = r.flags.to_frame().query("kind == 'revised' and assignment_id == @aid")
    old_total = sum(e.score for e in original.entries.values())
    assert revised["value"].iloc[0] == pytest.approx(old_total)
    assert f"原总分 {old_total:.2f}" in revised["detail"].iloc[0] and "修订后" in revised["detail"].iloc[0]
    assert "sheet.revision_requested" in set(city.events_frame()["action"])


def test_vetoes_are_decided_by_the_chair_and_a_confirmed_one_excludes(city):
    with pytest.raises(InvalidState):
        city.confirm_veto(3, "V1", "没有人提出")                  # nobody proposed it
    with pytest.raises(InvalidState):
        city.confirm_veto(2, "V1", "")
    with pytest.raises(InvalidState) as e:
        city.confirm_proposed_list()
    assert "一票否决待主席确认或驳回" in e.value.zh
    city.confirm_veto(2, "V1", "实地核查确认学员台账造假")
    city.dismiss_veto(27, "V1", "复核后台账属实")
    f = city.aggregate().to_frame()
    assert f.loc[2, "conclusion"] == "excluded" and f.loc[2, "reason_code"] == "veto"
    assert "实地核查确认学员台账造假" in f.loc[2, "reason"]
    assert f.loc[27, "conclusion"] != "excluded"
    v = city.vetoes_frame()
    assert set(zip(v["application_id"], v["decision"])) == {(2, "confirmed"), (27, "dismissed")}
    actions = set(city.events_frame()["action"])
    assert {"veto.confirmed", "veto.dismissed"} <= actions


def test_the_confirmation_records_who_when_method_and_the_inputs(ws, city):
    city.confirm_veto(2, "V1", "确认")
    city.dismiss_veto(27, "V1", "驳回")
    c = city.confirm_proposed_list("mean")
    assert c.actor == "市人社局" and c.method == "mean" and len(c.inputs_sha256) == 64
    listed = city.confirmed_list()
    assert list(listed.columns) == LIST_COLUMNS
    fresh = city.aggregate("mean").to_frame()
    assert listed.set_index("application_id")["combined"].equals(fresh["combined"])
    assert listed["conclusion"].isin(["proposed", "not_proposed", "excluded", "incomplete"]).all()
    with ws.store.read() as conn:
        row = conn.execute(sa.select(proposed_lists)).mappings().one()
    assert row["rubric_sha256"] == city.rubric.sha256 and row["counts"]["proposed"] == (listed["conclusion"] == "proposed").sum()
    # the same inputs give the same hash; a changed sheet changes it
    assert city.confirm_proposed_list("mean").inputs_sha256 == c.inputs_sha256
    assert city.confirmation_is_current()
    aid = int(city.assignments_frame().index[0])
    with pytest.raises(SessionClosed):                                 # confirmed: frozen (SPEC §7)
        city.request_revision(aid, "复核")
    city.reopen("主席要求复核一份评分表")                                 # voids the confirmation
    with pytest.raises(InvalidState, match="reopened"):
        city.confirmation()
    city.request_revision(aid, "复核")
    me = ws.session(SESSION_ID, Actor.expert(city.sheet(aid).expert_id, "专家"))
    me.submit_sheet(aid, expected_version=me.sheet(aid).version)      # resubmitted unchanged: a new revision
    assert city.confirm_proposed_list("mean").inputs_sha256 != c.inputs_sha256
    assert city.confirmation().id == 3
    assert "session.reopened" in set(city.events_frame()["action"])
    assert "list.confirmed" in set(city.events_frame()["action"])


def test_incomplete_candidates_are_shown_and_block_the_confirmation(partly, tmp_path):
    ws = copy_of(partly, tmp_path)
    city = ws.session(SESSION_ID)
    r = city.aggregate()
    f = r.to_frame()
    incomplete = f[f["conclusion"] == "incomplete"]
    assert len(incomplete) > 0 and incomplete["rank"].isna().all() and incomplete["combined"].isna().all()
    assert incomplete["reason"].str.startswith("评审未完成：").all()
    kinds = set(r.flags.to_frame()["kind"])
    assert {"missing_sheet", "unsubmitted_sheet"} <= kinds
    with pytest.raises(InvalidState):
        city.confirm_proposed_list()
    ws.close()


def fill_template(path, values):
    """Type ``values`` {(expert, app, part, item): (score, verdict, comment)} into the template's rows."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    col = {c.value: c.column for c in ws[1]}
    keys = set()
    for row in range(2, ws.max_row + 1):
        part = {"资料评审": "material", "实地核查": "site"}[ws.cell(row, col["评审环节"]).value]
        key = (ws.cell(row, col["专家编号"]).value, ws.cell(row, col["申报编号"]).value, part, ws.cell(row, col["评分项"]).value)
        if key in values:
            score, verdict, comment = values[key]
            ws.cell(row, col["分值"], score)
            ws.cell(row, col["核查结论"], verdict)
            ws.cell(row, col["意见"], comment)
            keys.add(key)
    wb.save(path)
    return keys


def test_paper_sheets_import_all_or_nothing(partly, tmp_path):
    ws = copy_of(partly, tmp_path)
    city = ws.session(SESSION_ID)
    path = tmp_path / "评分录入.xlsx"
    n_open = city.scores_template(path)
    assert n_open > 0
    grid = pd.read_excel(path)
    assert list(grid.columns[:7]) == ["专家编号", "申报编号", "评审环节", "评分项", "分值", "核查结论", "意见"]
    material = {c.id: c.max - 1 for c in city.rubric.criteria}
    site = {i.id: (i.max * 0.7 // 1, "基本属实") for i in city.rubric.site_items}
    values = {}
    for r in grid.itertuples(index=False):
        e, a, part, item = int(r[0]), int(r[1]), {"资料评审": "material", "实地核查": "site"}[r[2]], r[3]
        values[(e, a, part, item)] = (material[item], None, "") if part == "material" else (site[item][0], site[item][1], "")
    # one wrong value: the whole file is refused and nothing is stored
    bad_key = next(k for k in values if k[2] == "site")
    good = dict(values)
    values[bad_key] = (city.rubric.site_item(bad_key[3]).max, "基本属实", "")        # above the 70 % cap
    fill_template(path, values)
    before = len(city.scores_frame())
    with pytest.raises(InputRejected) as e:
        city.import_scores(path)
    assert len(e.value.problems) == 1 and "基本属实" in e.value.problems[0].reason_zh
    assert len(city.scores_frame()) == before
    fill_template(path, good)
    assert city.import_scores(path) == n_open
    r = city.aggregate()
    assert r.summary()["incomplete"] == 0
    assert "scores.imported" in set(city.events_frame()["action"])
    with pytest.raises(InputRejected) as e:                                   # the same sheets again: refused
        city.import_scores(path)
    assert "已提交，不能覆盖" in e.value.problems[0].reason_zh
    ws.close()


def test_paper_import_refuses_an_expert_who_is_not_assigned(partly, tmp_path, write_csv):
    ws = copy_of(partly, tmp_path)
    city = ws.session(SESSION_ID)
    asg = city.assignments_frame()
    app = int(asg["application_id"].iloc[0])
    stranger = next(e for e in city.experts_frame().index if e not in set(asg.loc[asg["application_id"] == app, "expert_id"]))
    rows = [{"专家编号": stranger, "申报编号": app, "评审环节": "资料评审", "评分项": c.id, "分值": c.max}
            for c in city.rubric.criteria]
    with pytest.raises(InputRejected) as e:
        city.import_scores(write_csv(rows, name="paper.csv"))
    assert "未被分配" in e.value.problems[0].reason_zh
    ws.close()
