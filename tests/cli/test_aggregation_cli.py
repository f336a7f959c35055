"""The proposed list from the command line over a real scored demo workspace; exports re-read."""
from __future__ import annotations

import io
import json
import shutil

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from panel_toolkit import Workspace
from panel_toolkit.aggregation.result import OFFICIAL, SHEETS
from panel_toolkit.cli.main import cli
from panel_toolkit.demo.build import SESSION_ID
from panel_toolkit.demo.scores import build_scored_demo


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli-scored")
    build_scored_demo(root, seed=2024, missing_share=0.01)
    return root


@pytest.fixture
def root(scored, tmp_path):
    shutil.copytree(scored, tmp_path / "ws")
    return tmp_path / "ws"


@pytest.fixture
def run(root):
    def invoke(*args, lang="zh", county=None):
        extra = ["--county", county] if county else []
        return CliRunner().invoke(cli, ["-w", str(root), "--lang", lang, *extra, *map(str, args)])

    return invoke


def session(root):
    return Workspace(root).session(SESSION_ID)


def test_aggregate_table_json_and_csv(run, root):
    r = run("aggregate", SESSION_ID)
    assert r.exit_code == 0, r.output
    assert "拟认定" in r.output and "方法 trimmed_mean" in r.output
    r = run("aggregate", SESSION_ID, "--format", "json", "--method", "mean")
    records = json.loads(r.output)
    assert len(records) == 42 and {"application_id", "material", "site", "combined", "rank", "conclusion"} <= set(records[0])
    expected = session(root).aggregate("mean").to_frame()
    got = pd.DataFrame(records).set_index("application_id")
    assert got["combined"].round(9).equals(expected["combined"].round(9).loc[got.index])
    r = run("aggregate", SESSION_ID, "--format", "csv")
    back = pd.read_csv(io.StringIO(r.output))
    assert tuple(back.columns) == OFFICIAL["zh"] and len(back) == 42


def test_aggregate_xlsx_is_reread_and_matches(run, root, tmp_path):
    out = tmp_path / "拟认定名单.xlsx"
    r = run("aggregate", SESSION_ID, "--out", out)
    assert r.exit_code == 0, r.output
    assert openpyxl.load_workbook(out).sheetnames == list(SHEETS["zh"])
    back = pd.read_excel(out, sheet_name=SHEETS["zh"][0])
    official = session(root).aggregate().official_frame()
    assert back["劳务品牌名称"].tolist() == official["劳务品牌名称"].tolist()
    assert back["结论"].tolist() == official["结论"].tolist()
    pd.testing.assert_series_equal(back["综合得分"], official["综合得分"].astype(float), check_names=False)
    assert back["排名"].dropna().astype(int).tolist() == official["排名"].dropna().astype(int).tolist()
    flags = pd.read_excel(out, sheet_name=SHEETS["zh"][1])
    assert {"缺评分表", "一票否决待确认"} <= set(flags["类型"])
    r = run("aggregate", SESSION_ID, "--format", "xlsx")
    assert r.exit_code != 0 and "--out" in r.output


def test_reliability_flags_and_sensitivity(run):
    r = run("reliability", SESSION_ID, "--format", "json")
    rows = json.loads(r.output)
    assert [x["scope"] for x in rows].count("part") == 2 and len(rows) == 22
    assert {"ICC(1,1)", "ICC(2,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)", "ICC(3,k)", "alpha", "band"} <= set(rows[0])
    assert rows[0]["design"] == "incomplete" and rows[0]["ICC(2,1)"] is None       # drawn panels: one-way only
    assert run("reliability", SESSION_ID).exit_code == 0
    r = run("flags", SESSION_ID)
    assert r.exit_code == 0 and "一票否决待确认" in r.output and "尚无评分表" in r.output
    r = run("sensitivity", SESSION_ID, "--boot", 60, "--seed", 3, "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output[r.output.index("["):])
    assert rows and {"p_pass", "boot_rank_lo", "boot_rank_hi", "loo_pass_flips", "method_pass_changes"} <= set(rows[0])


def test_the_chairs_decisions_and_the_confirmation(run, root):
    r = run("confirm", SESSION_ID)
    assert r.exit_code == 6 and "评审未完成" in r.output                        # InvalidState
    s = session(root)
    missing = s.aggregate().flags.to_frame().query("kind == 'missing_sheet'")
    assert len(missing)
    r = run("veto", "list", SESSION_ID)
    assert r.exit_code == 0 and "V1" in r.output
    assert run("veto", "confirm", SESSION_ID, 2, "V1", "--reason", "台账造假属实").exit_code == 0
    assert run("veto", "dismiss", SESSION_ID, 27, "V1", "--reason", "复核属实").exit_code == 0
    r = run("veto", "confirm", SESSION_ID, 3, "V1", "--reason", "x")
    assert r.exit_code == 6 and "没有专家提出" in r.output
    # complete the missing sheets from paper, then confirm
    path = root / "录入.xlsx"
    assert run("scores", "template", SESSION_ID, path).exit_code == 0
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    col = {c.value: c.column for c in ws[1]}
    rubric = s.rubric
    for row in range(2, ws.max_row + 1):
        item = ws.cell(row, col["评分项"]).value
        if ws.cell(row, col["评审环节"]).value == "资料评审":
            ws.cell(row, col["分值"], rubric.criterion(item).max)
        else:
            ws.cell(row, col["分值"], rubric.site_item(item).max)
            ws.cell(row, col["核查结论"], "属实")
    wb.save(path)
    r = run("scores", "import", SESSION_ID, path)
    assert r.exit_code == 0 and f"已导入 {len(missing)} 份评分表" in r.output, r.output
    r = run("confirm", SESSION_ID)
    assert r.exit_code == 0 and "拟认定名单已确认（第 1 次）" in r.output and "SHA-256" in r.output
    doc = json.loads(run("confirmed", SESSION_ID, "--format", "json").output)
    assert doc["method"] == "trimmed_mean" and len(doc["inputs_sha256"]) == 64 and len(doc["rows"]) == 42
    assert doc["inputs_sha256"] in r.output
    mine = json.loads(run("confirmed", SESSION_ID, "--format", "json", county="盖州市").output)["rows"]
    assert mine and {x["county"] for x in mine} == {"盖州市"}
    assert run("aggregate", SESSION_ID, county="盖州市").exit_code == 5           # AccessDenied


def test_revision_request_and_a_bad_paper_file(run, root, tmp_path):
    aid = int(session(root).assignments_frame().index[0])
    r = run("revision", "request", SESSION_ID, aid, "--reason", "请复核 A1")
    assert r.exit_code == 0 and "原评分表保留" in r.output
    r = run("revision", "request", SESSION_ID, aid, "--reason", "again")
    assert r.exit_code == 6
    bad = tmp_path / "bad.csv"
    bad.write_text("专家编号,申报编号,评审环节,评分项,分值\n1,1,资料评审,A1,99\n", encoding="utf-8-sig")
    r = run("scores", "import", SESSION_ID, bad)
    assert r.exit_code == 2 and "未导入任何数据" in r.output and "超出范围" in r.output
