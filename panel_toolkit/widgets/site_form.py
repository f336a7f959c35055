"""The site-inspection form (实地核查), built from the rubric: per item a verdict (属实 / 基本属实 / 不属实),
points capped by the verdict, a note; a 不属实 on a starred item proposes the rubric's veto; evidence files."""
from __future__ import annotations

import html

import ipywidgets as ipw

from ..config.rubric import Rubric, SiteItem
from ..sheets.rules import Entry, not_verified_ids, parse_score_quiet, verdict_cap
from .evidence import EvidenceBox
from .messages import fmt, text
from .sheet_form import VETOES, ItemRow, SheetForm


class SiteItemRow(ItemRow):
    def __init__(self, it: SiteItem, rubric: Rubric, on_change, lang: str = "zh"):
        super().__init__(it.id, on_change, lang)
        self.max, self.rubric = it.max, rubric
        e = html.escape
        star = "★ " if it.starred else ""
        label = ipw.HTML(f"<b>{star}{e(it.id)} {e(it.label(lang))}</b>（{e(text('criterion_max', lang, max=fmt(it.max), step=fmt(rubric.site_step)))}）"
                         f"<div class='bands'>{e(it.method(lang))}</div>")
        label.add_class("item-text")
        self.verdict = ipw.ToggleButtons(options=[(v.label(lang), v.id) for v in rubric.verdicts], value=None,
                                         style={"button_width": "auto"}, layout=ipw.Layout(width="auto"))
        self.verdict.add_class(f"verdict-{it.id}")
        self.verdict.add_class("verdict")
        self.score = ipw.Text(placeholder=text("score_placeholder", lang, max=fmt(it.max)), continuous_update=False,
                              description=text("score_label", lang), layout=ipw.Layout(width="200px"))
        self.score.add_class(f"score-{it.id}")
        self.cap = ipw.HTML()
        self.cap.add_class(f"cap-{it.id}")
        self.comment = ipw.Textarea(placeholder=text("note_placeholder", lang), continuous_update=True,
                                    layout=ipw.Layout(width="100%", height="3.2em"))
        self.comment.add_class(f"comment-{it.id}")
        self.verdict_changed = False     # set by a new verdict, read once by the form (caps apply then)
        self.verdict.observe(lambda ch: self._new_verdict(), "value")
        self.score.observe(lambda ch: self.changed(False), "value")
        self.comment.observe(lambda ch: self.changed(True), "value")
        right = ipw.VBox([self.verdict, ipw.HBox([self.score, self.cap], layout=ipw.Layout(align_items="center")),
                          self.error, self.hint, self.comment], layout=ipw.Layout(width="auto"))
        right.add_class("item-inputs")
        self.children = [label, right]

    def _new_verdict(self) -> None:
        self.verdict_changed = not self._quiet
        self.changed(False)

    def entry(self) -> Entry:
        return Entry(self.score.value, self.verdict.value, self.comment.value)

    def show(self, entry: Entry | None) -> None:
        self._quiet = True
        try:
            self.verdict.value = None if entry is None else entry.verdict
            self.score.value = "" if entry is None or entry.score is None else fmt(entry.score)
            self.comment.value = "" if entry is None else entry.comment
        finally:
            self._quiet = False
        self.show_cap()

    def show_cap(self) -> float:
        cap = self.max if not self.verdict.value else verdict_cap(self.rubric, self.item_id, self.verdict.value)
        self.cap.value = html.escape(text("cap", self.lang, cap=fmt(cap)))
        return cap

    def clamp(self) -> str:
        """After a new verdict: points above its cap come down to the cap (不属实: 0); returns a note if
        changed. Points typed above the cap are refused instead (the rules' error)."""
        cap = self.show_cap()
        if not self.verdict.value:
            return ""
        score = parse_score_quiet(self.score.value)
        if (score is None and cap == 0) or (score is not None and score > cap):
            self._quiet = True
            try:
                self.score.value = fmt(cap)
            finally:
                self._quiet = False
            label = next(v.label(self.lang) for v in self.rubric.verdicts if v.id == self.verdict.value)
            return text("cap_applied", self.lang, item=self.item_id, verdict=label, cap=fmt(cap)) if score is not None else ""
        return ""

    def inputs(self):
        return [self.verdict, self.score, self.comment]


class SiteForm(SheetForm):
    part = "site"

    def build(self):
        body = [ipw.HTML(f"<div class='hint'>{html.escape(text('starred', self.lang))}</div>")]
        for it in self.rubric.site_items:
            row = SiteItemRow(it, self.rubric, self._changed, self.lang)
            self.rows[it.id] = row
            body.append(row)
        self.evidence = EvidenceBox(self)
        self.extra = [self.evidence]
        return body

    def after_change(self, item_id: str) -> None:
        row = self.rows[item_id]
        if not row.verdict_changed:
            return
        row.verdict_changed = False
        row.set_hint(row.clamp())
        veto = self.rubric.starred_veto
        starred = {i.id for i in self.rubric.site_items if i.starred}
        if veto and item_id in starred and row.verdict.value in not_verified_ids(self.rubric):
            if self.vetoes.ensure(veto):
                self._dirty.add(VETOES)
            row.set_hint(text("starred_veto_added", self.lang, items=item_id, veto=veto))

    def load(self, sheet):
        super().load(sheet)
        if hasattr(self, "evidence"):
            self.evidence.refresh()
