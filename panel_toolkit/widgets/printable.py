"""Print in one click: 打印评分表 renders the current sheet (:func:`panel_toolkit.sheets.printable.render_sheet`,
A4 print CSS, signature line) into a hidden frame of the page and opens the browser's print dialog on it —
no download, no second click. 下载 PDF makes the same page a PDF (headless Chromium on the server, as
certificates are made) for the chair's file.

The print button is an anywidget: the click asks the kernel for the page (saving what is pending first),
the kernel answers with the HTML, the browser prints it.
"""
from __future__ import annotations

import base64
import html
import re
import sys

import anywidget
import ipywidgets as ipw
import traitlets

from ..errors import PanelError
from ..sheets.printable import render_sheet
from .messages import text

_JS = """
function render({ model, el }) {
  const button = document.createElement("button");
  button.className = "jupyter-button widget-button print-button";
  button.textContent = model.get("label");
  el.append(button);
  button.addEventListener("click", () => { button.disabled = true; model.send({ event: "print" }); });
  model.on("msg:custom", (msg) => {
    if (msg.event !== "page") return;
    button.disabled = false;
    let frame = document.querySelector("iframe.pt-print-frame");
    if (!frame) {
      frame = document.createElement("iframe");
      frame.className = "pt-print-frame";
      frame.setAttribute("aria-hidden", "true");
      frame.style.cssText = "position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden";
      document.body.append(frame);
    }
    frame.onload = () => {
      frame.contentWindow.focus();
      frame.contentWindow.print();
      window.ptPrinted = (window.ptPrinted || 0) + 1;
    };
    frame.srcdoc = msg.html;
  });
}
export default { render };
"""


class PrintButton(anywidget.AnyWidget):
    _esm = _JS
    label = traitlets.Unicode("打印评分表").tag(sync=True)

    def __init__(self, render, **kwargs):
        super().__init__(**kwargs)
        self._render = render
        self.on_msg(self._message)

    def _message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("event") == "print":
            self.send({"event": "page", "html": self._render()})


class PrintLink(ipw.HBox):
    def __init__(self, form, expert_name: str, application: dict, session_title: str):
        super().__init__(layout=ipw.Layout(flex_flow="row wrap", align_items="center"))
        self.add_class("print")
        self.form, self.lang = form, form.lang
        self.expert_name, self.application, self.session_title = expert_name, application, session_title
        self.button = PrintButton(self.render, label=text("print", self.lang))
        self.button.add_class("print-action")
        self.pdf_button = ipw.Button(description=text("print_pdf", self.lang), layout=ipw.Layout(width="auto"))
        self.pdf_button.add_class("print-pdf")
        self.pdf_button.on_click(lambda _b: self.pdf())
        self.link = ipw.HTML()
        self.link.add_class("print-link")
        self.children = [self.button, self.pdf_button, self.link]

    def filename(self, ext: str = "pdf") -> str:
        unit = re.sub(r"[\\/:*?\"<>|\s]+", "_", str(self.application.get("unit_name", "")))[:40]
        part = text(f"part_{self.form.part}", "zh")
        return f"评分表_{part}_{unit}_{self.form.assignment_id}.{ext}"

    def render(self) -> str:
        """The sheet as stored after saving what is pending (A4 HTML with the signature line)."""
        self.form.flush()
        sheet = self.form.sheet
        files = []
        if getattr(self.form, "evidence", None) is not None and sheet.sheet_id:
            files = list(self.form.session.evidence(self.form.assignment_id)["filename"])
        return render_sheet(self.form.rubric, sheet, expert_name=self.expert_name, application=self.application,
                            session_title=self.session_title, lang=self.lang, evidence=files,
                            time_zone=self.form.session.config.time_zone)

    def pdf(self) -> bytes | None:
        from ..notice.pdf import html_to_pdf

        try:
            data = html_to_pdf(self.render())
        except PanelError as e:
            self.link.value = f"<span class='error'>{html.escape(e.message(self.lang))}</span>"
            return None
        except Exception as e:  # never a traceback in the browser
            print(f"panel_toolkit: printing sheet {self.form.assignment_id} to PDF failed: {e!r}", file=sys.__stderr__)
            self.link.value = f"<span class='error'>{html.escape(text('unavailable', self.lang))}</span>"
            return None
        name = self.filename("pdf")
        href = f"data:application/pdf;base64,{base64.b64encode(data).decode('ascii')}"
        self.link.value = (f"<a download=\"{html.escape(name)}\" href=\"{href}\">"
                           f"{html.escape(text('print_link', self.lang, name=name))}</a>")
        return data
