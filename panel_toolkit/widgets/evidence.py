"""Evidence files (佐证材料) kept with a site sheet: upload (jpg, png, pdf; size and type checked in the
browser first, then on the server), list, remove.

An upload or a removal is a versioned save through the form (:meth:`SheetForm.run`), so it obeys the
same stale-window and read-only rules as a score; its errors are shown beside the upload button, never in
the sheet's save bar."""
from __future__ import annotations

import html

import ipywidgets as ipw

from .. import i18n
from ..sheets import evidence as ev
from .messages import text
from .upload import CheckedUpload


class EvidenceBox(ipw.VBox):
    def __init__(self, form):
        super().__init__(layout=ipw.Layout(width="100%"))
        self.add_class("evidence")
        self.form, self.lang = form, form.lang
        limits = form.session.config.evidence
        sep = i18n.text("common.list_sep", self.lang)
        types = sep.join(sorted({e.lstrip(".") for e in ev.ALLOWED}))
        mb = f"{limits.max_file_mb:g}"
        self.title = ipw.HTML(f"<h3>{html.escape(text('evidence_title', self.lang, types=types, mb=mb))}</h3>")
        self.upload = CheckedUpload(self._uploaded, label=text("evidence_upload", self.lang), accept=sorted(ev.ALLOWED),
                                    max_bytes=limits.max_bytes, too_big=text("upload_too_big", self.lang, mb=mb),
                                    bad_type=text("upload_bad_type", self.lang, types=types),
                                    sending=text("upload_sending", self.lang), broken=text("upload_broken", self.lang))
        self.upload.add_class("evidence-upload")
        self.files = ipw.VBox()
        self.files.add_class("evidence-files")
        self.message = ipw.HTML()
        self.message.add_class("evidence-message")
        self.children = [self.title, self.upload, self.message, self.files]
        self._disabled = False

    def _uploaded(self, name: str, content: bytes) -> str | None:
        """One file from the browser: kept (None) or the reason it was not (shown beside the button)."""
        errors: list[str] = []
        done = self.form.run(lambda v: self.form.session.add_evidence(self.form.assignment_id, name, content,
                                                                       expected_version=v), report=errors.append)
        self.refresh()
        if done is None:
            return errors[0] if errors else text("upload_failed", self.lang, name=name)
        self.message.value = html.escape(text("evidence_added", self.lang, name=name))
        return None

    def refresh(self) -> None:
        frame = self.form.session.evidence(self.form.assignment_id) if self.form.sheet.sheet_id else None
        n = 0 if frame is None else len(frame)
        self.upload.label = text("evidence_upload_n", self.lang, n=n) if n else text("evidence_upload", self.lang)
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
        errors: list[str] = []
        self.form.run(lambda v: self.form.session.remove_evidence(self.form.assignment_id, evidence_id, expected_version=v),
                      report=errors.append)
        self.message.value = f"<span class='error'>{html.escape(errors[0])}</span>" if errors else ""
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
