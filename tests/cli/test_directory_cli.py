"""``panel-toolkit directory …`` over a real workspace: register, events, reports, deadlines, the
published list; refusals are one line on stderr and a non-zero exit code."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from panel_toolkit.cli.main import cli
from panel_toolkit.errors import DecidedElsewhere, IllegalTransition, PeriodRunning
from panel_toolkit.intake import creditcode

CODE = creditcode.make("9121088100000042X")


@pytest.fixture
def run(workspace_dir):
    def invoke(*args, lang="zh"):
        return CliRunner().invoke(cli, ["-w", str(workspace_dir), "--lang", lang, *map(str, args)])

    return invoke


@pytest.fixture
def entry(run):
    r = run("directory", "register", "--credit-code", CODE, "--unit", "营口示例劳务有限公司", "--brand", "营口示例焊匠",
            "--county", "盖州市", "--recognised-on", "2023-12-01", "--certificate", "YK-2023-042", "--industry", "建筑")
    assert r.exit_code == 0, r.output
    assert "已登记，目录编号 1。" in r.output
    return 1


def test_register_list_event_show(run, entry):
    r = run("directory", "event", entry, "责令整改", "--ground", "17(1)", "--date", "2025-01-31", "--note", "未报送年度报告")
    assert r.exit_code == 0, r.output
    assert "已记录：责令整改（第十七条(一)），2025-01-31，期限至 2025-02-28；状态：责令整改。" in r.output
    r = run("directory", "list", "--status", "rectification")
    assert r.exit_code == 0 and "YK-2023-042" in r.output and "2025-02-28" in r.output
    assert "（无）" in run("directory", "list", "--status", "正常").output
    r = run("directory", "show", entry)
    assert r.exit_code == 0
    assert "认定授牌" in r.output and "第十七条(一)" in r.output and "未报送年度报告" in r.output


def test_illegal_event_is_one_line_and_exit_code(run, entry):
    r = run("directory", "event", entry, "suspend", "--date", "2025-01-31")
    assert r.exit_code == IllegalTransition.exit_code
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：不能登记「暂停标识使用权」：当前状态为「正常」")
    r = run("directory", "event", entry, "suspend", "--date", "2025-01-31", lang="en")
    assert r.output.startswith("Error: cannot record “mark suspended”: not allowed from “active”")
    r = run("directory", "event", entry, "remove", "--date", "2025-01-31")
    assert r.exit_code == IllegalTransition.exit_code and "须写明依据" in r.output
    r = run("directory", "event", 9, "remove", "--ground", "20(1)", "--date", "2025-01-31")
    assert r.exit_code == 4


def test_reports_deadlines_missing(run, entry):
    assert run("directory", "report", entry, "--year", 2024, "--received", "2024-10-08").exit_code == 0
    r = run("directory", "deadlines", "--as-of", "2025-11-05")
    assert r.exit_code == 0, r.output
    assert "2025年度报告" in r.output and "第1次复审" in r.output and "2025-12-01" in r.output
    r = run("directory", "missing", 2025, "--as-of", "2025-11-05")
    assert r.exit_code == 0 and "未报送" in r.output and "第十七条(一)" in r.output
    assert "（无）" in run("directory", "missing", 2024, "--as-of", "2025-11-05").output


def test_published_formats(run, entry, tmp_path):
    assert "（无）" in run("directory", "published").output
    run("directory", "event", entry, "移出", "--ground", "第二十条(二)", "--date", "2025-03-01")
    r = run("directory", "published")
    assert r.exit_code == 0 and "第二十条(二)" in r.output and "2030-03-01" in r.output
    r = run("directory", "published", "--format", "csv")
    assert r.output.splitlines()[0].startswith("证书编号,建设单位,劳务品牌")
    out = tmp_path / "公布名单.xlsx"
    r = run("directory", "published", "--format", "xlsx", "--out", out)
    assert r.exit_code == 0 and "已写入" in r.output
    df = pd.read_excel(out)
    assert df.iloc[0]["决定"] == "移出目录" and df.iloc[0]["决定日期"] == "2025-03-01"
    r = run("directory", "published", "--format", "csv", lang="en")
    assert r.output.splitlines()[0].startswith("certificate_no,unit_name")
    r = run("directory", "event", entry, "restore", "--date", "2025-03-02")
    assert r.exit_code == IllegalTransition.exit_code and "至 2030-03-01（含）不得再次申请" in r.output


def test_county_records_its_part_and_is_told_who_decides(run, entry, workspace_dir):
    """The county orders rectification (第十七条) and holds interviews (第十八条); what the
    city decides is refused with a message naming the city."""
    def county(*args):
        return CliRunner().invoke(cli, ["-w", str(workspace_dir), "--county", "盖州市", "directory", "event", *args])
    r = county("1", "复审", "--date", "2025-01-01")
    assert r.exit_code == DecidedElsewhere.exit_code and "此操作由市人社局决定" in r.output
    r = county("1", "责令整改", "--ground", "17(1)", "--date", "2025-01-02")
    assert r.exit_code == 0 and "责令整改" in r.output, r.output
    r = county("1", "约谈", "--ground", "18(1)", "--date", "2025-01-20")
    assert r.exit_code == PeriodRunning.exit_code and "2025-02-02（含）尚未届满" in r.output
    r = county("1", "约谈", "--ground", "18(1)", "--date", "2025-01-20", "--override-reason", "拒不整改")
    assert r.exit_code == 0, r.output
    r = county("1", "暂停", "--date", "2025-06-01")
    assert r.exit_code == DecidedElsewhere.exit_code and "市人社局" in r.output
    r = county("1", "上报暂停", "--date", "2025-05-01")
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["-w", str(workspace_dir), "--county", "盖州市", "directory", "report", "1", "--year",
                                 "2024", "--received", "2024-10-20", "--use", "规范使用", "--no-violations",
                                 "--complaints", "--no-accidents"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["-w", str(workspace_dir), "directory", "show", "1"])
    assert "提前处理理由：拒不整改" in r.output and "上报暂停" in r.output
    assert "年度报告（第十六条）" in r.output and "违法违纪无、重大投诉有、重大事故无" in r.output
    r = CliRunner().invoke(cli, ["-w", str(workspace_dir), "--county", "老边区", "directory", "list"])
    assert r.exit_code == 0 and "（无）" in r.output
