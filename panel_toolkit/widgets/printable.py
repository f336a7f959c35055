"""The printable sheet in the app: a button that renders the current sheet
(:func:`panel_toolkit.sheets.printable.render_sheet`, A4 print CSS) and offers it as a download link.
A data: link needs no server route and works offline; the browser opens the file and prints it."""
from __future__ import annotations

import base64
import html
import re

import ipywidgets as ipw

from ..sheets.printable import render_sheet
from .messages import text


class PrintLink(ipw.HBox):
    def __init__(self, form, expert_name: str, application: dict, session_title: str):
        super().__init__(layout=ipw.Layout(flex_flow="row wrap", align_items="center"))
        self.add_class("print")
        self.form, self.lang = form, form.lang
        self.expert_name, self.application, self.session_title = expert_name, application, session_title
        self.button = ipw.Button(description=text("print", self.lang), layout=ipw.Layout(width="auto"))
        self.button.add_class("print-button")
        self.button.on_click(lambda _b: self.render())
        self.link = ipw.HTML()
        self.link.add_class("print-link")
        self.children = [self.button, self.link]

    def filename(self) -> str:
        unit = re.sub(r"[\\/:*?\"<>|\s]+", "_", str(self.application.get("unit_name", "")))[:40]
        part = text(f"part_{self.form.part}", "zh")
        return f"评分表_{part}_{unit}_{self.form.assignment_id}.html"

    def render(self) -> str:
        self.form.flush()
        sheet = self.form.sheet
        files = []
        if getattr(self.form, "evidence", None) is not None and sheet.sheet_id:
            files = list(self.form.session.evidence(self.form.assignment_id)["filename"])
        page = render_sheet(self.form.rubric, sheet, expert_name=self.expert_name, application=self.application,
                            session_title=self.session_title, lang=self.lang, evidence=files)
        data = base64.b64encode(page.encode("utf-8")).decode("ascii")
        name = self.filename()
        self.link.value = (f"<a download=\"{html.escape(name)}\" href=\"data:text/html;charset=utf-8;base64,{data}\" "
                           f"target=\"_blank\">{html.escape(text('print_link', self.lang, name=name))}</a>")
        return page
