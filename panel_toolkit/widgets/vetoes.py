"""Veto proposals (一票否决): a tick per rubric veto and its written reason. ``value`` (trait) is the
list of :class:`~panel_toolkit.sheets.VetoProposal` ticked, in rubric order."""
from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as ipw
import traitlets

from ..config.rubric import Rubric
from ..sheets.rules import VetoProposal
from .messages import text


class VetoBox(ipw.VBox):
    value = traitlets.List()

    def __init__(self, rubric: Rubric, lang: str = "zh", on_change: Callable[[bool], None] | None = None):
        super().__init__(layout=ipw.Layout(width="100%"))
        self.add_class("vetoes")
        self.lang = lang
        self._on_change = on_change or (lambda debounced: None)
        self._quiet = False
        self.ticks: dict[str, ipw.Checkbox] = {}
        self.reasons: dict[str, ipw.Textarea] = {}
        rows = [ipw.HTML(f"<h3>{html.escape(text('vetoes_title', lang))}</h3>")]
        for v in rubric.vetoes:
            tick = ipw.Checkbox(value=False, indent=False, description=f"{v.id} {v.label(lang)}（{v.reference}）",
                                layout=ipw.Layout(width="auto", flex="1 1 320px"))
            tick.add_class(f"veto-{v.id}")
            reason = ipw.Textarea(placeholder=text("veto_reason_placeholder", lang), continuous_update=True,
                                  layout=ipw.Layout(width="100%", height="3.4em", display="none", flex="1 1 100%"))
            reason.add_class(f"veto-reason-{v.id}")
            tick.observe(lambda ch, vid=v.id: self._ticked(vid), "value")
            reason.observe(lambda ch: self._typed(), "value")
            self.ticks[v.id], self.reasons[v.id] = tick, reason
            row = ipw.Box([tick, reason], layout=ipw.Layout(display="flex", flex_flow="row wrap", width="100%"))
            row.add_class("veto-row")
            rows.append(row)
        self.children = rows

    def proposals(self) -> list[VetoProposal]:
        return [VetoProposal(vid, self.reasons[vid].value) for vid, tick in self.ticks.items() if tick.value]

    def set_proposals(self, proposals) -> None:
        """Show stored proposals without reporting a change."""
        self._quiet = True
        try:
            given = {p.veto_id: p.reason for p in proposals}
            for vid, tick in self.ticks.items():
                tick.value = vid in given
                self.reasons[vid].value = given.get(vid, "")
                self.reasons[vid].layout.display = "flex" if vid in given else "none"
        finally:
            self._quiet = False
        self.value = self.proposals()

    def ensure(self, veto_id: str) -> bool:
        """Tick ``veto_id`` (quietly) if it is not; True if it changed."""
        tick = self.ticks.get(veto_id)
        if tick is None or tick.value:
            return False
        self._quiet = True
        try:
            tick.value = True
            self.reasons[veto_id].layout.display = "flex"
        finally:
            self._quiet = False
        self.value = self.proposals()
        return True

    def set_disabled(self, disabled: bool) -> None:
        for w in [*self.ticks.values(), *self.reasons.values()]:
            w.disabled = disabled

    def _ticked(self, vid: str) -> None:
        self.reasons[vid].layout.display = "flex" if self.ticks[vid].value else "none"
        if not self._quiet:
            self.value = self.proposals()
            self._on_change(False)

    def _typed(self) -> None:
        if not self._quiet:
            self.value = self.proposals()
            self._on_change(True)
