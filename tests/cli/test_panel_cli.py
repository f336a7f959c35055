"""The panel commands over a real workspace: experts import → draw → verify → links → revoke → swap."""
from __future__ import annotations

import shutil

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from panel_toolkit import Workspace
from panel_toolkit.cli.main import cli
from panel_toolkit.demo import build_demo
from panel_toolkit.panel import tokens
from panel_toolkit.panel.pool import SHEET_NAME
from panel_toolkit.panel.sample import sample_experts

SESSION = "demo"
BASE = "https://review.example.cn/expert"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    build_demo(root, seed=11)
    return root


@pytest.fixture
def root(demo_dir, tmp_path):
    return shutil.copytree(demo_dir, tmp_path / "ws")


@pytest.fixture
def run(root):
    def invoke(*args, lang="zh", env=None):
        return CliRunner().invoke(cli, ["-w", str(root), "--lang", lang, *map(str, args)], env=env)

    return invoke


@pytest.fixture
def pool(run, tmp_path):
    """The template written by `experts template`, filled in with openpyxl as the city would."""
    path = tmp_path / "专家库.xlsx"
    assert run("experts", "template", path, "--session", SESSION).exit_code == 0
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_NAME]
    column = {c.value: c.column for c in ws[1]}
    keys = {"name": "姓名", "employer": "工作单位", "county": "所在县(市)区", "field": "专业领域", "title": "职称", "phone": "手机"}
    experts = sample_experts(["站前区", "西市区", "鲅鱼圈区", "老边区", "盖州市", "大石桥市", "市直"], 30, seed=8)
    for r, e in enumerate(experts, start=2):
        for key, header in keys.items():
            ws.cell(r, column[header], e[key])
    wb.save(path)
    return path


@pytest.fixture
def drawn(run, pool):
    assert run("experts", "import", SESSION, pool).exit_code == 0
    r = run("draw", SESSION, "--per-candidate", 5, "--seed", 7)
    assert r.exit_code == 0, r.output
    return r


def token_of(link: str) -> str:
    return link.split("token=")[1]


def test_import_list_and_a_bad_file(run, pool, tmp_path):
    r = run("experts", "import", SESSION, pool)
    assert r.exit_code == 0 and "新增专家 30 人" in r.output
    listed = run("experts", "list", SESSION, "--format", "csv")
    assert listed.exit_code == 0 and len(listed.output.strip().splitlines()) == 31
    bad = tmp_path / "bad.csv"
    bad.write_text("姓名,工作单位,所在县(市)区,手机\n张伟,营口理工学院,沈阳市,123\n", encoding="utf-8-sig")
    r = run("experts", "import", SESSION, bad)
    assert r.exit_code == 2 and "沈阳市" in r.output and "未导入任何数据" in r.output


def test_draw_verify_and_a_changed_pool(run, drawn, root, tmp_path):
    assert "种子 7" in drawn.output and "结果指纹" in drawn.output
    again = run("draw", SESSION, "--seed", 8)
    assert again.exit_code == 6 and "--replace" in again.output
    ok = run("draw", "verify", SESSION)
    assert ok.exit_code == 0 and "一致" in ok.output
    extra = tmp_path / "extra.csv"
    extra.write_text("姓名,工作单位,所在县(市)区,手机\n赵新,营口新单位,市外,13700000002\n", encoding="utf-8-sig")
    assert run("experts", "import", SESSION, extra).exit_code == 0
    changed = run("draw", "verify", SESSION)
    assert changed.exit_code == 9 and "不一致" in changed.output and "新增专家 31 赵新" in changed.output
    en = run("draw", "verify", SESSION, lang="en")
    assert "expert 31 赵新 added" in en.output
    replaced = run("draw", SESSION, "--seed", 8, "--replace", "--reason", "专家库补充后重新抽取")
    assert replaced.exit_code == 0 and "已停用" in replaced.output
    assert run("draw", "verify", SESSION).exit_code == 0


def test_infeasible_draw_says_which_and_why(run, tmp_path):
    few = tmp_path / "few.csv"
    few.write_text("姓名,工作单位,所在县(市)区,手机\n" + "".join(
        f"专家{i},单位{i},盖州市,1390000000{i}\n" for i in range(6)), encoding="utf-8-sig")
    assert run("experts", "import", SESSION, few).exit_code == 0
    r = run("draw", SESSION, "--seed", 1)
    assert r.exit_code == 8
    assert "未写入任何结果" in r.output and "同县(市)区 6 人" in r.output and "剩余 0 人，需要 5 人" in r.output
    assert run("assignments", SESSION, "--format", "csv").output.strip().count("\n") == 0


def test_links_revocation_and_the_expert_view(run, drawn, root, tmp_path):
    out = tmp_path / "links.csv"
    r = run("links", SESSION, "--base-url", BASE, "--format", "csv", "--out", out)
    assert r.exit_code == 0 and "新发放 30 个链接" in r.output
    links = pd.read_csv(out, encoding="utf-8-sig", index_col=0)
    token = token_of(links.loc[1, "个人链接"])
    assert tokens.is_well_formed(token)
    again = run("links", SESSION, "--base-url", BASE)
    assert "新发放 0 个链接" in again.output and "已发放" in again.output

    mine = run("assignments", SESSION, "--format", "csv", env={"PANEL_TOOLKIT_TOKEN": token})
    assert mine.exit_code == 0
    rows = pd.read_csv(__import__("io").StringIO(mine.output), index_col=0)
    assert len(rows) and rows["专家编号"].eq(1).all()
    assert run("assignments", "2024", "--token", token).exit_code == 5      # another session: refused

    assert run("token", "revoke", SESSION, 1, "--reason", "手机遗失").output.startswith("已撤销 1 个")
    for bad in (token, tokens.new_token(), "not-a-token"):
        r = run("assignments", SESSION, "--token", bad)
        assert r.exit_code == 5 and tokens.NEUTRAL_ZH in r.output and "专家" not in r.output.replace(tokens.NEUTRAL_ZH, "")
    reissued = run("links", SESSION, "--base-url", BASE, "--format", "csv")
    assert reissued.output.count("token=") == 1


def test_links_to_xlsx_and_a_bad_base_url(run, drawn, tmp_path):
    out = tmp_path / "links.xlsx"
    assert run("links", SESSION, "--base-url", BASE, "--format", "xlsx", "--out", out).exit_code == 0
    df = pd.read_excel(out, index_col=0)
    assert len(df) == 30 and df["个人链接"].str.startswith(BASE).all()
    assert run("links", SESSION, "--base-url", "javascript:alert(1)").exit_code == 6


def test_county_view_and_swap_with_the_event_log(run, drawn, root):
    county = CliRunner().invoke(cli, ["-w", str(root), "--county", "盖州市", "assignments", SESSION, "--format", "csv"])
    df = pd.read_csv(__import__("io").StringIO(county.output), index_col=0)
    assert df["县(市)区"].eq("盖州市").all() and "专家" not in df.columns and "专家编号" not in df.columns

    ws = Workspace(root)
    try:
        s = ws.session(SESSION)
        a = s.assignments_frame()
        aid, app = int(a.index[0]), int(a["application_id"].iloc[0])
        m = s._scope.matrix([app])
        used = set(a.loc[a["application_id"] == app, "expert_id"])
        new = next(int(e) for e, c in zip(m.expert_ids, m.codes[0]) if c == 0 and int(e) not in used)
        pairs = s.conflicts_frame()
        conflicted = int(pairs.loc[pairs["application_id"] == app, "expert_id"].iloc[0])
    finally:
        ws.close()
    r = CliRunner().invoke(cli, ["-w", str(root), "--actor", "王主任", "swap", SESSION, str(aid), str(new), "--reason", "原专家回避"])
    assert r.exit_code == 0 and "新分配编号" in r.output
    ev = run("events", SESSION).output
    assert "panel.expert_swapped" in ev and "王主任" in ev and "原专家回避" in ev
    r = run("swap", SESSION, aid + 1, conflicted, "--reason", "x")
    assert r.exit_code == 7 and "回避" in r.output
    assert run("swap", SESSION, aid + 1, new).exit_code == 2               # --reason is required


def test_conflict_add_and_list(run, drawn):
    r = run("conflict", "add", SESSION, "--expert", 1, "--application", 1, "--reason", "亲属在该单位任职")
    assert r.exit_code == 0 and "已记录回避" in r.output
    listed = run("conflict", "list", SESSION, "--format", "csv").output
    assert "亲属在该单位任职" in listed and "申报回避" in listed
    assert run("conflict", "add", SESSION, "--expert", 999, "--application", 1, "--reason", "x").exit_code == 4


def test_assign_adds_an_expert(run, drawn, root):
    ws = Workspace(root)
    try:
        s = ws.session(SESSION)
        a = s.assignments_frame()
        app = int(a["application_id"].iloc[0])
        m = s._scope.matrix([app])
        used = set(a.loc[a["application_id"] == app, "expert_id"])
        free = next(int(e) for e, c in zip(m.expert_ids, m.codes[0]) if c == 0 and int(e) not in used)
    finally:
        ws.close()
    r = run("assign", SESSION, app, "site", free, "--reason", "增加一名实地核查专家")
    assert r.exit_code == 0 and "已添加" in r.output
    assert run("assign", SESSION, app, "site", free, "--reason", "again").exit_code == 6


def test_english_output(run, pool):
    assert "expert(s) added" in run("experts", "import", SESSION, pool, lang="en").output
    r = run("draw", SESSION, "--seed", 3, lang="en")
    assert r.exit_code == 0 and r.output.startswith("Draw #1: seed 3;")
