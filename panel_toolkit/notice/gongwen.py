"""The 公文 page every .docx the bureau issues shares (notice, result, decisions, public list): A4 with the
公文 margins, 仿宋 三号 body on a 28 pt line, East Asian font names set so Word does not fall back, and the
bureau — not the library — named as the author."""
from __future__ import annotations

import datetime as dt
import io


class GongwenDocx:
    def __init__(self):
        from docx import Document
        from docx.shared import Mm

        self.document = Document()
        self.section = sec = self.document.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)

    def run(self, paragraph, text: str, font: str = "仿宋", size: float = 16, bold: bool = False):
        from docx.oxml.ns import qn
        from docx.shared import Pt

        r = paragraph.add_run(text)
        r.font.name, r.font.size, r.font.bold = font, Pt(size), bold
        r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        return r

    def para(self, text: str = "", font: str = "仿宋", size: float = 16, bold: bool = False, align=None,
             indent: bool = True):
        """A paragraph: first line indented two characters unless ``indent`` is False."""
        from docx.shared import Pt

        p = self.document.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        p.paragraph_format.line_spacing = Pt(28)
        if text:
            self.run(p, text, font, size, bold)
        return p

    def save(self, *, title: str, author: str, subject: str = "", created: dt.datetime | None = None) -> bytes:
        props = self.document.core_properties   # the bureau, not the library ("python-docx"), issues it
        props.author = props.last_modified_by = author
        props.title, props.comments = title, ""
        if subject:
            props.subject = subject
        if created is not None:
            props.created = props.modified = created
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()
