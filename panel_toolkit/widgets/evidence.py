"""Evidence files (佐证材料) kept with a site sheet: upload (jpg, png, pdf, size-limited), list, remove.

An upload or a removal is a versioned save through the form (:meth:`SheetForm.run`), so it obeys the
same stale-window and read-only rules as a score."""
from __future__ import annotations

import html

import ipywidgets as ipw

from ..sheets import evidence as ev
from .messages import text


class EvidenceBox(ipw.VBox):
    def __init__(self, form):
        super().__init__(layout=ipw.Layout(width="100%"))
        self.add_class("evidence")
        self.form, self.lang = form, form.lang
        types = "、".join(sorted({e.lstrip(".") for e in ev.ALLOWED})) if self.lang != "en" else \
            ", ".join(sorted({e.lstrip(".") for e in ev.ALLOWED}))
        self.title = ipw.HTML(f"<h3>{html.escape(text('evidence_title', self.lang, types=types, mb=f'{ev.MAX_BYTES / 1048576:g}'))}</h3>")
        self.upload = ipw.FileUpload(accept=",".join(sorted(ev.ALLOWED)), multiple=True,
                                     description=text("evidence_upload", self.lang),
                                     layout=ipw.Layout(width="auto", align_self="flex-start"))
        self.upload.add_class("evidence-upload")
        self.upload.observe(self._uploaded, "value")
        self.files = ipw.VBox()
        self.files.add_class("evidence-files")
        self.message = ipw.HTML()
        self.message.add_class("evidence-message")
        self.children = [self.title, self.upload, self.message, self.files]
        self._disabled = False

    def _uploaded(self, change) -> None:
        files = list(change["new"] or ())
        if not files:
            return
        notes = []
        for f in files:
            name, content = f["name"], bytes(f["content"])
            done = self.form.run(lambda v, name=name, content=content: self.form.session.add_evidence(
                self.form.assignment_id, name, content, expected_version=v))
            if done is not None:
                notes.append(text("evidence_added", self.lang, name=name))
            else:
                notes.append(self.form.status.value and html.unescape(_strip(self.form.status.value)))
        self.upload.value = ()
        self.message.value = "<br>".join(html.escape(n) for n in notes if n)
        self.refresh()

    def refresh(self) -> None:
        frame = self.form.session.evidence(self.form.assignment_id) if self.form.sheet.sheet_id else None
        if frame is None or frame.empty:
            self.files.children = [ipw.HTML(html.escape(text("evidence_none", self.lang)))]
            return
        rows = []
        for eid, r in frame.iterrows():
            label = ipw.HTML(f"{html.escape(str(r['filename']))}（{_size(int(r['size']))}）")
            remove = ipw.Button(description=text("evidence_remove", self.lang), layout=ipw.Layout(width="auto"),
                                disabled=self._disabled)
            remove.add_class(f"evidence-remove-{int(eid)}")
            remove.on_click(lambda _b, eid=int(eid): self._remove(eid))
            row = ipw.HBox([label, remove])
            row.add_class("evidence-row")
            rows.append(row)
        self.files.children = rows

    def _remove(self, evidence_id: int) -> None:
        self.form.run(lambda v: self.form.session.remove_evidence(self.form.assignment_id, evidence_id, expected_version=v))
        self.refresh()

    def set_disabled(self, disabled: bool) -> None:
        self._disabled = disabled
        self.upload.disabled = disabled
        for row in self.files.children:
            for w in getattr(row, "children", ()):
                if isinstance(w, ipw.Button):
                    w.disabled = disabled


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1048576:.1f} MB"


def _strip(markup: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", markup)
