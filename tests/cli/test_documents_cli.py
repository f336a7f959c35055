"""``panel-toolkit document …``: the documents the bureau issues, in the notice's 公文
layout, as html, docx and pdf — page numbers and metadata naming the bureau. Real workspace, real CLI,
real python-docx files, real Chromium and poppler's pdfinfo for the PDF."""
from __future__ import annotations

import os
import shutil
import subprocess

import docx
import pytest
from click.testing import CliRunner

from panel_toolkit import Workspace
from panel_toolkit.cli.main import cli
from panel_toolkit.errors import MarkNotUsable
from panel_toolkit.intake import creditcode
from panel_toolkit.notice.pdf import find_chromium

from ..notice.builders import confirmed_demo

CODE = creditcode.make("9121088100000042X")
CITY = "营口市人力资源和社会保障局"
GAIZHOU = "盖州市人力资源和社会保障局"


@pytest.fixture
def run(workspace_dir):
    def invoke(*args, code=0):
        r = CliRunner().invoke(cli, ["-w", str(workspace_dir), *map(str, args)])
        assert r.exit_code == code, r.output
        return r.output
    return invoke


@pytest.fixture
def entry(run):
    run("directory", "register", "--credit-code", CODE, "--unit", "营口示例劳务有限公司", "--brand", "营口示例焊匠",
        "--county", "盖州市", "--recognised-on", "2023-12-01", "--certificate", "YK-2023-042")
    return 1


def test_county_notices_and_city_decisions(run, entry, tmp_path):
    run("--county", "盖州市", "directory", "event", entry, "责令整改", "--ground", "17(3)", "--date", "2025-01-31",
        "--note", "培训台账缺2024年下半年记录")
    run("document", "event", entry, "--out", tmp_path / "整改.html")
    html = (tmp_path / "整改.html").read_text("utf-8")
    assert "<title>责令整改通知书</title>" in html and f'<meta name="author" content="{GAIZHOU}">' in html
    assert "至2025年2月28日" in html and "第十七条" in html and "counter(page)" in html
    run("--county", "盖州市", "directory", "event", entry, "约谈", "--ground", "18(1)", "--date", "2025-03-03")
    run("document", "event", entry, "--out", tmp_path / "约谈.docx")
    d = docx.Document(tmp_path / "约谈.docx")
    assert d.core_properties.author == GAIZHOU and d.core_properties.title == "约谈通知书"
    assert any("三个月内（至2025年6月3日）" in p.text for p in d.paragraphs)
    assert "PAGE" in d.sections[0].footer._element.xml                      # page numbers
    run("directory", "event", entry, "暂停", "--date", "2025-06-04")
    run("document", "event", entry, "--out", tmp_path / "暂停.html")
    html = (tmp_path / "暂停.html").read_text("utf-8")
    assert "暂停市级劳务品牌标识使用权决定书" in html and CITY in html and "至2026年6月4日止" in html
    run("document", "public-list", "--date", "2025-06-05", "--out", tmp_path / "公布.html")
    html = (tmp_path / "公布.html").read_text("utf-8")
    assert "第二十一条" in html and "营口示例焊匠" in html and "2026-06-04" in html
    run("directory", "event", entry, "移出", "--ground", "20(5)", "--date", "2025-07-01", code=22)   # one suspension
    run("directory", "event", entry, "移出", "--ground", "20(3)", "--date", "2025-07-01")
    run("document", "event", entry, "--out", tmp_path / "移出.docx")
    text = "\n".join(p.text for p in docx.Document(tmp_path / "移出.docx").paragraphs)
    assert "移出营口市市级劳务品牌目录" in text and "至2030年7月1日" in text and "第二十条" in text
    run("document", "event", entry, "--out", tmp_path / "x.txt", code=74)  # InvalidOutput: the extension names the format


def test_announcement_from_the_session_file(run, tmp_path):
    run("document", "announcement", "2024", "--date", "2024-06-01", "--out", tmp_path / "公告.docx")
    d = docx.Document(tmp_path / "公告.docx")
    text = "\n".join(p.text for p in d.paragraphs)
    assert "第九条" in text and "申报截止日为2024年9月30日" in text and "超过200人" in text
    assert d.core_properties.author == CITY


@pytest.mark.skipif(find_chromium() is None and not os.environ.get("CI"), reason="needs Chromium (never skipped in CI)")
def test_pdf_has_page_numbers_and_names_the_bureau(run, entry, tmp_path):
    run("--county", "盖州市", "directory", "event", entry, "责令整改", "--ground", "17(1)", "--date", "2025-01-31")
    out = tmp_path / "整改.pdf"
    run("document", "event", entry, "--out", out)
    info = subprocess.run([shutil.which("pdfinfo") or "/usr/bin/pdfinfo", out], capture_output=True, text=True).stdout
    assert f"Author:          {GAIZHOU}" in info and "Title:           责令整改通知书" in info
    assert "Chromium" not in info and "Skia" not in info
    text = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True).stdout
    assert "—1—" in text.replace(" ", "")


def test_plaque_refused_for_a_suspended_brand(tmp_path):
    """No certificate or plaque for a brand whose mark is suspended (第十九条: the brand may not be used meanwhile)."""
    root = confirmed_demo(tmp_path / "ws")
    r = lambda *a: CliRunner().invoke(cli, ["-w", str(root), *map(str, a)])  # noqa: E731
    assert r("notice", "demo", "--publish-date", "2026-09-30").exit_code == 0
    assert r("recognise", "demo", "--date", "2026-10-14").exit_code == 0
    ws = Workspace(root)
    try:
        app = int(ws.session("demo").recognised_list()["application_id"].iloc[0])
    finally:
        ws.close()
    res = r("document", "plaque", "demo", app, "--out", tmp_path / "牌匾.html")
    assert res.exit_code == 0, res.output
    html = (tmp_path / "牌匾.html").read_text("utf-8")
    assert "营口市市级劳务品牌" in html and "编号：" in html
    assert r("directory", "event", 1, "约谈", "--ground", "18(2)", "--date", "2026-10-20").exit_code == 0
    assert r("directory", "event", 1, "暂停", "--date", "2026-10-21", "--override-reason", "情节严重").exit_code == 0
    ws = Workspace(root)
    try:
        app1 = int(ws.directory().entry(1)["application_id"])
    finally:
        ws.close()
    res = r("document", "plaque", "demo", app1, "--out", tmp_path / "牌匾2.html")
    assert res.exit_code == MarkNotUsable.exit_code and "暂停标识使用权" in res.output
    res = r("certificate", "demo", app1, "--out", tmp_path / "证书.html")
    assert res.exit_code == MarkNotUsable.exit_code


def test_the_cli_knows_the_renderers_formats():
    """cli/documents.py names the formats without importing the renderer (--help stays light)."""
    from panel_toolkit.cli import documents
    from panel_toolkit.notice import official

    assert documents.FORMATS == official.FORMATS
