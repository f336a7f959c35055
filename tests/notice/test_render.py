"""Rendering the notice, the result and a certificate: every required part present, user text escaped."""
from __future__ import annotations

import datetime as dt
import io

import pytest

from panel_toolkit.notice.document import CertificateDocument, Contact, ListRow, NoticeDocument, ResultDocument
from panel_toolkit.notice.render import md_escape, notice_docx, render_certificate, render_notice, render_result, result_docx

EVIL = "<script>alert(1)</script>|*x*"


@pytest.fixture
def doc():
    rows = (ListRow(1, 11, "盖州市", "盖州苹果匠", "（示例）盖州市果业技术服务有限公司"),
            ListRow(2, 12, "市直", "营口家政月嫂", f"（示例）{EVIL}"))
    return NoticeDocument(title="关于2024年度营口市市级劳务品牌拟认定名单的公示", list_title="2024年度营口市市级劳务品牌拟认定名单",
                          issuer="营口市人力资源和社会保障局", publish_date=dt.date(2026, 9, 30), start=dt.date(2026, 10, 1),
                          end=dt.date(2026, 10, 13), working_days=5,
                          contact=Contact("市人社局就业促进科", phone="0417-0000000", email="notice@example.org"), rows=rows)


def test_notice_html_has_every_part_and_escapes(doc):
    h = render_notice(doc, "html")
    for part in (doc.title, "第十三条", "2026年10月1日至2026年10月13日", "5个工作日", "市人社局就业促进科",
                 "联系电话：0417-0000000", "电子邮箱：notice@example.org", "营口市人力资源和社会保障局", "2026年9月30日",
                 "<th>序号</th><th>县（市）区</th><th>劳务品牌名称</th><th>建设单位</th>", "盖州苹果匠", "@page"):
        assert part in h, part
    assert "<script>" not in h and "&lt;script&gt;" in h
    assert "通讯地址" not in h   # not given: not printed


def test_notice_markdown(doc):
    md = render_notice(doc, "md")
    assert md.startswith("# 关于2024年度") and "| 1 | 盖州市 | 盖州苹果匠 |" in md
    assert "\\<script\\>" in md and "\\|\\*x\\*" in md and "<script>" not in md
    assert "2026年10月1日至2026年10月13日" in md


def test_md_escape_folds_lines():
    assert md_escape("a\nb | c") == "a b \\| c"


def test_notice_docx(doc):
    from docx import Document

    d = Document(io.BytesIO(notice_docx(doc)))
    text = "\n".join(p.text for p in d.paragraphs)
    assert doc.title in text and "2026年10月1日至2026年10月13日" in text and "联系电话：0417-0000000" in text
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "县（市）区", "劳务品牌名称", "建设单位"]
    assert [c.text for c in table.rows[2].cells][3] == f"（示例）{EVIL}"   # plain text in Word, no markup


def test_result_documents(doc):
    rows = tuple(ListRow(r.no, r.application_id, r.county, r.brand_name, r.unit_name, f"YKLW-2026-210881-00{r.no}")
                 for r in doc.rows)
    res = ResultDocument(title="关于公布2024年度营口市市级劳务品牌认定结果的通知", list_title="2024年度营口市市级劳务品牌认定名单",
                         issuer="营口市人力资源和社会保障局", date=dt.date(2026, 10, 20), notice_start=doc.start,
                         notice_end=doc.end, rows=rows)
    h = render_result(res)
    assert "第十四条" in h and "<th>证书编号</th>" in h and "YKLW-2026-210881-001" in h and "2026年10月20日" in h
    assert "<script>" not in h
    assert "| 1 | 盖州市 | 盖州苹果匠 |" in render_result(res, "md")
    from docx import Document

    assert Document(io.BytesIO(result_docx(res))).tables[0].rows[1].cells[4].text == "YKLW-2026-210881-001"


def test_certificate_html():
    cert = CertificateDocument("YKLW-2026-210881-001", f"（示例）{EVIL}", "盖州苹果匠", "盖州市", "营口市人力资源和社会保障局",
                               dt.date(2026, 10, 20))
    h = render_certificate(cert)
    assert "size: A4 landscape" in h and "证书编号：YKLW-2026-210881-001" in h and "二〇二六年十月二十日" in h
    assert "“<span class=\"brand\">盖州苹果匠</span>”" in h and "<script>" not in h and "第二十二条" in h


def test_unknown_text_format(doc):
    with pytest.raises(ValueError):
        render_notice(doc, "pdf")
