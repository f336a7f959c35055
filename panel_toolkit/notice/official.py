"""Official documents (公文) the bureau issues besides the notice: the 第九条 call for applications, the
county's 责令整改通知书 (第十七条) and 约谈通知书 (第十八条), the city's 暂停/恢复/移出决定书 (第十九、二十条),
the 第二十一条 public list and the plaque text (牌匾, 第二十二条).

One plain :class:`OfficialDocument` (title, addressee, paragraphs, an optional table, issuer, date) rendered
three ways in the notice's 公文 layout (A4, 仿宋 body, centred 小标宋 title, ``_base.css``): HTML with page
numbers in the page margin (``— 1 —``), .docx (python-docx, a PAGE field in the footer) and PDF (Chromium).
Every format names the issuing bureau in its metadata (HTML ``<meta name="author">``, docx core properties,
the PDF Info dictionary), never the library that wrote it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

import jinja2
from markupsafe import Markup

from .period import cn_date

FORMATS = ("html", "docx", "pdf")

_PAGE_CSS = """
@page { @bottom-center { content: "— " counter(page) " —"; font-family: "SimSun", "宋体", serif; font-size: 14pt; } }
.addressee { text-indent: 0; }
.table-title { text-indent: 0; text-align: center; font-weight: bold; margin: 0.6em 0; }
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{{ doc.title }}</title>
<meta name="author" content="{{ doc.issuer }}">
<meta name="generator" content="{{ doc.issuer }}">
<style>{{ css }}</style></head>
<body class="official {{ doc.kind }}">
<h1>{{ doc.title }}</h1>
{% if doc.number %}<p class="plain" style="text-align:center">{{ doc.number }}</p>{% endif %}
{% if doc.addressee %}<p class="addressee">{{ doc.addressee }}：</p>{% endif %}
{% for p in doc.paragraphs %}<p>{{ p }}</p>
{% endfor %}
{% if doc.columns %}<p class="table-title">{{ doc.table_title }}</p>
<table><thead><tr>{% for c in doc.columns %}<th>{{ c }}</th>{% endfor %}</tr></thead><tbody>
{% for row in doc.rows %}<tr>{% for v in row %}<td>{{ v }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>{% endif %}
<div class="signature"><p>{{ doc.issuer }}</p><p>{{ date }}</p></div>
</body></html>
"""


@dataclass(frozen=True)
class OfficialDocument:
    """What an official document says; the facade builds it from stored data."""

    kind: str                      # announcement, rectification_notice, interview_notice, decision, public_list, plaque
    title: str
    issuer: str
    date: dt.date
    paragraphs: tuple[str, ...]
    addressee: str = ""
    number: str = ""               # 文号 or certificate number line
    table_title: str = ""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = field(default=())


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def _css() -> str:
    from importlib import resources

    return resources.files("panel_toolkit.notice").joinpath("templates", "_base.css").read_text("utf-8") + _PAGE_CSS


def render_html(doc: OfficialDocument) -> str:
    return _env().from_string(_TEMPLATE).render(doc=doc, css=Markup(_css()), date=cn_date(doc.date))


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as .docx: A4, 公文 margins, 仿宋 三号 body, a centred page number in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from .gongwen import GongwenDocx

    g = GongwenDocx()
    run, para, document, sec = g.run, g.para, g.document, g.section

    para(doc.title, "方正小标宋简体", 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    if doc.number:
        para(doc.number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    if doc.addressee:
        para(f"{doc.addressee}：", indent=False)
    for text in doc.paragraphs:
        para(text)
    if doc.columns:
        para(doc.table_title, "黑体", 16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        table = document.add_table(rows=1, cols=len(doc.columns))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, doc.columns):
            run(cell.paragraphs[0], text, "黑体", 12)
        for values in doc.rows:
            for cell, text in zip(table.add_row().cells, values):
                run(cell.paragraphs[0], str(text), "仿宋", 12)
    para()
    para(doc.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    para(cn_date(doc.date), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    # 公文 page numbers: — 1 — centred in the footer (a PAGE field Word fills in)
    footer = sec.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(footer, "— ", "宋体", 14)
    fld = run(footer, "", "宋体", 14)
    for tag, attr in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "end")):
        el = OxmlElement(tag)
        if attr:
            el.set(qn("w:fldCharType"), attr)
        else:
            el.set(qn("xml:space"), "preserve")
            el.text = "PAGE"
        fld._element.append(el)
    run(footer, " —", "宋体", 14)
    return g.save(title=doc.title, author=doc.issuer, subject=doc.kind, created=dt.datetime.combine(doc.date, dt.time()))


def render_pdf(doc: OfficialDocument) -> bytes:
    """The HTML printed by Chromium (page numbers from the CSS), with an Info dictionary naming the bureau."""
    from .pdf import html_to_pdf

    return with_pdf_info(html_to_pdf(render_html(doc)), title=doc.title, author=doc.issuer)


def render(doc: OfficialDocument, fmt: str) -> str | bytes:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    return {"html": render_html, "docx": render_docx, "pdf": render_pdf}[fmt](doc)


def _pdf_text(value: str) -> bytes:
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


def with_pdf_info(pdf: bytes, *, title: str, author: str) -> bytes:
    """Append an incremental update (PDF 1.7 §7.5.6) whose trailer points to a new Info dictionary:
    Title, Author, Creator and Producer all name the document and the bureau. The original bytes stay."""
    start = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    trailer = re.findall(rb"trailer\s*<<(.*?)>>\s*startxref", pdf, re.S)
    root = re.search(rb"/Root\s+(\d+\s+\d+\s+R)", trailer[-1] if trailer else pdf)
    size = int(re.search(rb"/Size\s+(\d+)", trailer[-1] if trailer else pdf).group(1))
    if root is None:
        return pdf
    body = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    offset = len(body)
    info = (f"{size} 0 obj\n<< ".encode() + b"/Title " + _pdf_text(title) + b" /Author " + _pdf_text(author)
            + b" /Creator " + _pdf_text(author) + b" /Producer " + _pdf_text(author) + b" >>\nendobj\n")
    xref_at = offset + len(info)
    xref = f"xref\n{size} 1\n{offset:010d} 00000 n \n".encode()
    tail = (b"trailer\n<< /Size " + str(size + 1).encode() + b" /Root " + root.group(1) + b" /Info "
            + f"{size} 0 R /Prev {start} >>\nstartxref\n{xref_at}\n%%EOF\n".encode())
    return body + info + xref + tail
