"""The command line of 公示, 异议, 认定授牌 and certificates over a real demo workspace with a confirmed list."""
from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from panel_toolkit import Workspace
from panel_toolkit.cli.main import cli
from panel_toolkit.notice.pdf import find_chromium

from ..notice.builders import confirmed_demo, workspace_fixtures


template, root = workspace_fixtures(confirmed_demo, "notice-cli")


@pytest.fixture
def ids(root) -> list[int]:
    """The proposed applications in rank order (as the notice lists them)."""
    w = Workspace(root)
    try:
        df = w.session("demo").confirmed_list()
    finally:
        w.close()
    return [int(i) for i in df[df["conclusion"] == "proposed"].sort_values("rank")["application_id"]]


@pytest.fixture
def run(root):
    def invoke(*args, lang="zh"):
        return CliRunner().invoke(cli, ["-w", str(root), "--lang", lang, *map(str, args)])

    return invoke


def test_period_command(run):
    r = run("period", "demo", "--publish-date", "2026-09-30")
    assert r.exit_code == 0, r.output
    assert "公示期为2026年10月1日至2026年10月13日" in r.output
    r = run("period", "demo", "--publish-date", "2026-12-25")
    assert r.exit_code == 20 and "2027" in r.output and "calendar_overrides" in r.output


def test_notice_publish_render_and_show(run, root):
    r = run("notice", "demo", "--publish-date", "2026-09-30", "--preview")
    assert r.exit_code == 0 and "公示预览" in r.output
    r = run("notice", "demo")                                # nothing published yet
    assert r.exit_code == 4 and "尚未发布公示" in r.output
    out = root / "公示.html"
    r = run("notice", "demo", "--publish-date", "2026-09-30", "--out", out)
    assert r.exit_code == 0, r.output
    assert "2026年10月1日至2026年10月13日" in r.output and f"已写入 {out}" in r.output
    assert "<th>劳务品牌名称</th>" in out.read_text("utf-8")
    r = run("notice", "demo", "--out", root / "公示.docx")
    assert r.exit_code == 0 and (root / "公示.docx").stat().st_size > 10_000
    r = run("notice", "demo")
    assert r.exit_code == 0 and "| 序号 | 县（市）区 | 劳务品牌名称 | 建设单位 |" in r.stdout
    r = run("notice", "demo", "--publish-date", "2026-10-09")  # again, without a reason
    assert r.exit_code == 6 and "重新公示须说明理由" in r.output
    r = run("notice", "demo", "--format", "docx")
    assert r.exit_code == 2                                  # usage: docx needs --out


def test_objections_recognition_certificates(run, root, ids):
    assert run("notice", "demo", "--publish-date", "2026-09-30", "--out", root / "n.md").exit_code == 0
    r = run("objection", "add", "demo", ids[2], "--by", "张某", "--content", "培训人数存疑", "--received-at", "2026-10-09 10:00")
    assert r.exit_code == 0 and "已登记异议 1。" in r.output
    r = run("objection", "add", "demo", ids[4], "--by", "李某", "--content", "逾期异议", "--received-at", "2026-10-15")
    assert r.exit_code == 0 and "标记为逾期" in r.output
    r = run("objection", "list", "demo")
    assert r.exit_code == 0 and "已登记" in r.output and "2026-10-09 10:00" in r.output
    r = run("recognise", "demo", "--date", "2026-10-14")
    assert r.exit_code == 6 and "编号 1、2" in r.output
    r = run("objection", "decide", "demo", "1", "--upheld", "--reason", "属实")
    assert r.exit_code == 6 and "尚未调查核实" in r.output
    for oid, flag, reason in (("1", "--upheld", "培训人数虚报属实"), ("2", "--not-upheld", "逾期且内容不实")):
        assert run("objection", "investigate", "demo", oid, "--note", "已核查").exit_code == 0
        assert run("objection", "decide", "demo", oid, flag, "--reason", reason).exit_code == 0
    r = run("objection", "list", "demo", "--format", "json")
    assert '"决定":"异议成立"' in r.output.replace(" ", "") and '"逾期":"是"' in r.output.replace(" ", "")
    r = run("recognise", "demo", "--date", "2026-10-14")
    assert r.exit_code == 0, r.output
    assert "8个劳务品牌已纳入目录" in r.output and f"申报编号{ids[2]}（异议1成立：培训人数虚报属实）" in r.output
    assert "公示序号" in r.output and "YKLW-2026-" in r.output
    r = run("recognised", "demo")
    assert r.exit_code == 0 and r.output.count("YKLW-2026-") == 8 and "正常" in r.output
    r = run("recognised", "demo", "--format", "md")
    assert r.exit_code == 0 and "| 证书编号 |" in r.output and "第十四条" in r.output
    first = next(line for line in run("recognised", "demo", "--format", "csv").output.splitlines() if "YKLW-" in line)
    number = next(cell for cell in first.split(",") if cell.startswith("YKLW-"))
    r = run("certificate", "demo", ids[0], "--out", root / "c.html")
    assert r.exit_code == 0 and f"证书编号：{number}" in (root / "c.html").read_text("utf-8")
    r = run("certificate", "demo", ids[2], "--out", root / "x.html")     # excluded by the upheld objection
    assert r.exit_code == 4 and "未获认定" in r.output
    r = run("events", "demo")
    for action in ("notice.published", "objection.registered", "objection.investigating", "objection.decided",
                   "directory.entered", "recognition.recorded", "certificate.rendered"):
        assert action in r.output, action


@pytest.mark.skipif(find_chromium() is None and not os.environ.get("CI"), reason="needs Chromium (never skipped in CI)")
def test_certificate_pdf(run, root, ids):
    assert run("notice", "demo", "--publish-date", "2026-09-30", "--out", root / "n.md").exit_code == 0
    assert run("recognise", "demo", "--date", "2026-10-14").exit_code == 0
    r = run("certificate", "demo", ids[0], "--out", root / "c.pdf")
    assert r.exit_code == 0, r.output
    assert (root / "c.pdf").read_bytes().startswith(b"%PDF")


def test_english(run, root):
    r = run("notice", "demo", "--publish-date", "2026-09-30", "--out", root / "n.md", lang="en")
    assert r.exit_code == 0 and "period 2026-10-01 to the end of 2026-10-13" in r.output
    r = run("recognise", "demo", "--date", "2026-10-13", lang="en")
    assert r.exit_code == 6 and "recognition from 2026-10-14" in r.output
