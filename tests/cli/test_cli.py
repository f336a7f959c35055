"""The command line over a real workspace: template → fill → import → screening → screen → exports."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from panel_toolkit.cli.main import cli


@pytest.fixture
def run(workspace_dir):
    def invoke(*args, lang="zh"):
        return CliRunner().invoke(cli, ["-w", str(workspace_dir), "--lang", lang, *map(str, args)])

    return invoke


def fill(path, rows):
    wb = openpyxl.load_workbook(path)
    ws = wb["申报表"]
    col = {c.value: c.column for c in ws[1]}
    for r, row in enumerate(rows, start=2):
        for header, value in row.items():
            ws.cell(r, col[header], value)
    wb.save(path)


def test_template_fill_import_screen(run, tmp_path, valid_row):
    path = tmp_path / "盖州市申报表.xlsx"
    r = run("template", path, "--session", "2024")
    assert r.exit_code == 0, r.output
    fill(path, [valid_row(county="盖州市"), valid_row(county="盖州市", trained_y1=99, in_trade_y1=60, is_ich="否")])
    r = run("import", "2024", path)
    assert r.exit_code == 0, r.output
    assert "新增 2 条" in r.output
    r = run("import", "2024", path)
    assert "新增 0 条" in r.output and "未变 2 条" in r.output
    r = run("screen", "2024")
    assert r.exit_code == 0, r.output
    assert "第一年培训 99 人" in r.output and "不通过 1" in r.output and "通过 1" in r.output


def test_bad_file_lists_every_problem_and_exits_nonzero(run, tmp_path, valid_row):
    path = tmp_path / "bad.xlsx"
    run("template", path, "--session", "2024")
    fill(path, [valid_row(unit_name="=cmd|' /C calc'!A0"), valid_row(credit_code="91210800123456789X"),
                valid_row(founded_on="2021-02-30")])
    r = run("import", "2024", path)
    assert r.exit_code == 2
    assert "发现 3 处问题，未导入任何数据" in r.output
    for text in ("建设单位名称", "统一社会信用代码", "成立日期"):
        assert text in r.output
    assert json.loads(run("screen", "2024", "--format", "json").output) == []  # nothing stored


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_screen_exports_round_trip(run, tmp_path, valid_row, fmt):
    path = tmp_path / "a.xlsx"
    run("template", path, "--session", "2024")
    fill(path, [valid_row(), valid_row(agreements=0)])
    assert run("import", "2024", path).exit_code == 0
    out = tmp_path / f"screen.{fmt}"
    r = run("screen", "2024", "--format", fmt, "--out", out)
    assert r.exit_code == 0, r.output
    if fmt == "csv":
        df = pd.read_csv(out, encoding="utf-8-sig")
    elif fmt == "json":
        df = pd.DataFrame(json.loads(out.read_text("utf-8")))
    else:
        df = pd.read_excel(out)
    assert len(df) == 2
    assert list(df["资格审查结论"]) == ["通过", "不通过"]
    assert "长期合作协议 0 份" in df["E5 说明"].iloc[1]


def test_screen_english(run, tmp_path, valid_row):
    path = tmp_path / "a.xlsx"
    run("template", path, "--session", "2024")
    fill(path, [valid_row(trained_y2=50, in_trade_y2=40)])
    run("import", "2024", path)
    r = run("screen", "2024", lang="en")
    assert "year 2 50 (at least 100 each, not met)" in r.output and "fail 1" in r.output


def test_removal_bans_for_five_years(run, tmp_path, valid_row):
    row = valid_row()
    path = tmp_path / "a.xlsx"
    run("template", path, "--session", "2024")
    fill(path, [row])
    run("import", "2024", path)
    decided = dt.date(2024, 9, 30).replace(year=2020)  # 5 years before 2025-09-30: still banned on 2024-09-30
    r = run("removal", "add", "2024", "--credit-code", row["统一社会信用代码"], "--unit", row["建设单位名称"],
            "--brand", row["劳务品牌名称"], "--decided-on", decided.isoformat(), "--ground", "第二十条(四)")
    assert r.exit_code == 0, r.output
    out = run("screen", "2024").output
    assert "E7 第二十条 不通过" in out and "禁止申请期至 2025-09-30（含）" in out


def test_screening_and_status(run, tmp_path, valid_row):
    path = tmp_path / "a.xlsx"
    run("template", path, "--session", "2024")
    fill(path, [valid_row(county="市直", department="市农业农村局", screening_decision=None)])
    run("import", "2024", path)
    assert run("screening", "2024", 1, "--reject").exit_code != 0  # no --reason
    r = run("screening", "2024", 1, "--stage", "review", "--pass")
    assert r.exit_code == 6 and "尚未通过市直主管部门初审" in r.output
    assert run("screening", "2024", 1, "--pass").exit_code == 0
    assert run("screening", "2024", 1, "--pass", "--stage", "review").exit_code == 0
    out = run("status", "2024").output
    assert "市农业农村局" not in out and "通过" in out
    r = run("--county", "盖州市", "screening", "2024", 1, "--pass")
    assert r.exit_code == 4  # another county's application is not visible


def test_session_show_list_events_and_unknown_session(run):
    r = run("session", "show", "2024")
    assert r.exit_code == 0 and json.loads(r.output)["reference_date"] == "2024-09-30"
    assert run("session", "list").output.split() == ["2024"]
    assert "session.registered" in run("events", "2024").output
    r = run("screen", "2099")
    assert r.exit_code == 4 and "找不到评审批次 2099" in r.output


def test_bad_session_file_is_one_clear_line(run, workspace_dir):
    p = workspace_dir / "sessions" / "2024" / "session.yaml"
    p.write_text(p.read_text("utf-8").replace("quota: null", "quota: null\nquorum: 3"), encoding="utf-8")
    r = run("screen", "2024")
    assert r.exit_code == 3
    assert "session.yaml" in r.output and "quorum" in r.output and "未知的键" in r.output


def test_missing_workspace_folder_is_one_clear_line(tmp_path):
    r = CliRunner().invoke(cli, ["-w", str(tmp_path / "nope"), "screen", "2024"])
    assert r.exit_code == 4 and "工作区文件夹不存在" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("command", [["objection", "list", "2024"], ["recognised", "2024"]])
def test_an_empty_list_says_none_in_the_users_language(run, command):
    zh, en = run(*command), run(*command, lang="en")
    assert zh.exit_code == 0 and zh.output.strip() == "（无）" and "Empty" not in zh.output
    assert en.exit_code == 0 and en.output.strip() == "(none)"
