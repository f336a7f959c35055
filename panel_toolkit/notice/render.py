"""Render the notice (公示), the published result and certificates from the templates in ``templates/``.

HTML is autoescaped; Markdown goes through :func:`md_escape`, so no user text (a unit or brand name,
a contact line) can inject markup into either. ``.docx`` is built with python-docx.
"""
from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from .document import CertificateDocument, NoticeDocument, ResultDocument

FORMATS = ("html", "md", "docx")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~])")


def md_escape(value: object) -> str:
    """Markdown-safe text: line breaks folded, every character with a Markdown meaning (including the
    ``<`` that would open inline HTML, and the ``|`` that would split a table cell) backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("panel_toolkit.notice", "templates"),
                             autoescape=jinja2.select_autoescape(["html"], default_for_string=False, default=False),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["md"] = md_escape
    return env


def _css() -> str:
    return resources.files("panel_toolkit.notice").joinpath("templates", "_base.css").read_text("utf-8")


def render_notice(doc: NoticeDocument, fmt: str = "html") -> str:
    return _render("notice", fmt, doc=doc, dates=doc.dates())


def render_result(doc: ResultDocument, fmt: str = "html") -> str:
    return _render("result", fmt, doc=doc, dates=doc.dates())


def render_certificate(cert: CertificateDocument) -> str:
    return _env().get_template("certificate.html").render(cert=cert)


def _render(name: str, fmt: str, **context) -> str:
    if fmt not in ("html", "md"):
        raise ValueError(f"text format must be html or md, not {fmt!r}")
    if fmt == "html":
        context["css"] = Markup(_css())
    return _env().get_template(f"{name}.{fmt}").render(**context)


# -- .docx -------------------------------------------------------------------------------------

def notice_docx(doc: NoticeDocument) -> bytes:
    """The notice as a Word document (A4, 仿宋 body, the list as a table on its own page)."""
    d = doc.dates()
    body = [f"根据{doc.measures}第十三条规定，经单位申报、县（市）区初审、资格审查和专家评审（资料评审、实地核查），"
            f"拟认定以下{len(doc.rows)}个劳务品牌为营口市市级劳务品牌，现予以公示。"]
    sections = [
        ("一、公示时间", [f"{d['start']}至{d['end']}（{doc.working_days}个工作日）。"]),
        ("二、异议受理", [f"公示期间，对拟认定名单有异议的，请于{d['end']}二十四时前以书面形式向{doc.contact.unit}反映。"
                      "以单位名义反映的，须加盖单位公章；以个人名义反映的，须署真实姓名并提供有效联系方式。"
                      "反映情况应实事求是、具体明确，并附必要的证明材料。",
                      *(f"{label}：{value}" for label, value in doc.contact.channels())]),
    ]
    columns = ["序号", "县（市）区", "劳务品牌名称", "建设单位"]
    rows = [[str(r.no), r.county, r.brand_name, r.unit_name] for r in doc.rows]
    return _docx(doc.title, body, sections, doc.list_title, doc.issuer, d["publish"], columns, rows)


def result_docx(doc: ResultDocument) -> bytes:
    d = doc.dates()
    body = ["各县（市）区人力资源和社会保障局，各有关单位：",
            f"根据{doc.measures}第十四条规定，经专家评审和社会公示（{d['start']}至{d['end']}），{len(doc.rows)}个劳务品牌"
            "被认定为营口市市级劳务品牌，纳入营口市劳务品牌目录，现予以公布并授牌。",
            "获得认定的单位应按照相关规定使用标准样式的市级劳务品牌标识（第二十二条），并于每年10月底前将劳务品牌的"
            "使用情况、发展状况报本地人社部门存档（第十六条）。"]
    columns = ["序号", "县（市）区", "劳务品牌名称", "建设单位", "证书编号"]
    rows = [[str(r.no), r.county, r.brand_name, r.unit_name, r.certificate_no] for r in doc.rows]
    return _docx(doc.title, body, [], doc.list_title, doc.issuer, d["date"], columns, rows)


def _docx(title, body, sections, list_title, issuer, date_text, columns, rows) -> bytes:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    from .gongwen import GongwenDocx

    g = GongwenDocx()
    run, para, document = g.run, g.para, g.document

    para(title, "方正小标宋简体", 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    para()
    for i, text in enumerate(body):
        para(text, indent=not text.endswith("：") or i > 0)
    for heading, lines in sections:
        para(heading, "黑体", 16)
        for text in lines:
            para(text)
    para()
    para(f"附件：{list_title}")
    para()
    para(issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    para(date_text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    para(indent=False).add_run().add_break(WD_BREAK.PAGE)
    para("附件", "黑体", 16, indent=False)
    para(list_title, "方正小标宋简体", 18, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, columns):
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run(p, text, "黑体", 12)
    for values in rows:
        cells = table.add_row().cells
        for j, (cell, text) in enumerate(zip(cells, values)):
            p = cell.paragraphs[0]
            if j == 0 or columns[j] in ("县（市）区", "证书编号"):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run(p, text, "仿宋", 12)
    return g.save(title=title, author=issuer)


# -- files ---------------------------------------------------------------------------------------

def format_of(path: str | Path, fmt: str | None = None) -> str:
    """The format to write: ``fmt`` if given, else from the suffix (.html/.htm, .md/.markdown, .docx)."""
    if fmt:
        return fmt
    suffix = Path(path).suffix.lower()
    return {".htm": "html", ".markdown": "md"}.get(suffix, suffix.lstrip("."))


def write_notice(doc: NoticeDocument, path: str | Path, fmt: str | None = None) -> Path:
    return _write(path, format_of(path, fmt), lambda f: render_notice(doc, f), lambda: notice_docx(doc))


def write_result(doc: ResultDocument, path: str | Path, fmt: str | None = None) -> Path:
    return _write(path, format_of(path, fmt), lambda f: render_result(doc, f), lambda: result_docx(doc))


def _write(path: str | Path, fmt: str, text, docx) -> Path:
    from ..exports import write_document

    return write_document(path, fmt, text, docx)
