"""The material-review form (资料评审), built from the rubric: per section and criterion the label, max,
step and scoring descriptors; a score box and a comment per criterion; running subtotals and total."""
from __future__ import annotations

import html

import ipywidgets as ipw

from ..config.rubric import Criterion
from ..sheets.rules import Entry, totals
from .messages import fmt, text
from .sheet_form import ItemRow, SheetForm


class CriterionRow(ItemRow):
    def __init__(self, c: Criterion, on_change, lang: str = "zh"):
        super().__init__(c.id, on_change, lang)
        e = html.escape
        bands = "<br>".join(text("criterion_band", lang, min=fmt(d.min), max=fmt(d.max), text=e(d.text(lang)))
                            for d in c.descriptors)
        label = ipw.HTML(f"<b>{e(c.id)} {e(c.label(lang))}</b>（{e(text('criterion_max', lang, max=fmt(c.max), step=fmt(c.step)))}）"
                         f"<br>{e(c.content(lang))}<div class='bands'>{bands}</div>")
        label.add_class("item-text")
        self.score = ipw.Text(placeholder=text("score_placeholder", lang, max=fmt(c.max)), continuous_update=False,
                              description=text("score_label", lang), layout=ipw.Layout(width="200px"))
        self.score.add_class(f"score-{c.id}")
        self.comment = ipw.Textarea(placeholder=text("comment_placeholder", lang), continuous_update=True,
                                    layout=ipw.Layout(width="100%", height="3.2em"))
        self.comment.add_class(f"comment-{c.id}")
        self.score.observe(lambda ch: self.changed(False), "value")
        self.comment.observe(lambda ch: self.changed(True), "value")
        right = ipw.VBox([self.score, self.error, self.comment], layout=ipw.Layout(width="auto"))
        right.add_class("item-inputs")
        self.children = [label, right]

    def entry(self) -> Entry:
        return Entry(self.score.value, None, self.comment.value)

    def show(self, entry: Entry | None) -> None:
        self._quiet = True
        try:
            self.score.value = "" if entry is None or entry.score is None else fmt(entry.score)
            self.comment.value = "" if entry is None else entry.comment
        finally:
            self._quiet = False

    def inputs(self):
        return [self.score, self.comment]


class MaterialForm(SheetForm):
    part = "material"

    def build(self):
        body = []
        self.subtotals: dict[str, ipw.HTML] = {}
        for sec in self.rubric.sections:
            sub = ipw.HTML()
            sub.add_class(f"subtotal-{sec.id}")
            self.subtotals[sec.id] = sub
            head = ipw.HBox([ipw.HTML(f"<b>{html.escape(sec.id)} {html.escape(sec.label(self.lang))}</b>"), sub],
                            layout=ipw.Layout(width="100%", justify_content="space-between"))
            head.add_class("section-head")
            body.append(head)
            for c in sec.criteria:
                row = CriterionRow(c, self._changed, self.lang)
                self.rows[c.id] = row
                body.append(row)
        return body

    def update_totals(self) -> None:
        subtotals, _ = totals(self.rubric, self.part, self.sheet.entries)
        for sec in self.rubric.sections:
            self.subtotals[sec.id].value = html.escape(
                text("subtotal", self.lang, value=fmt(subtotals.get(sec.id, 0.0)), max=fmt(sec.max)))
        super().update_totals()
