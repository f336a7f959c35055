"""The expert's list of assigned candidates with the state of each part (未开始 / 草稿 / 已提交).

``selected`` (trait) is the assignment id the expert opened; ``refresh(frame)`` updates the states
from :meth:`~panel_toolkit.facade.sheets.SheetsMixin.my_sheets`.
"""
from __future__ import annotations

import html

import ipywidgets as ipw
import pandas as pd
import traitlets

from ..sheets.rules import PARTS
from .messages import text



class CandidateList(ipw.VBox):
    selected = traitlets.Int(0)

    def __init__(self, frame: pd.DataFrame, lang: str = "zh"):
        super().__init__(layout=ipw.Layout(width="100%"))
        self.add_class("candidate-list")
        self.lang = lang
        self._state_labels: dict[int, ipw.HTML] = {}
        self._buttons: dict[int, ipw.Button] = {}
        self._parts: dict[int, str] = {}
        # Shared by every row: one layout model each instead of one per widget.
        self._row_layout = ipw.Layout(display="flex", flex_flow="row wrap", width="100%", align_items="center")
        self._info_layout = ipw.Layout(flex="1 1 320px", min_width="0")
        self._auto = ipw.Layout(width="auto")
        title = ipw.HTML(f"<h3>{html.escape(text('list_title', lang))}</h3>")
        if frame.empty:
            self.children = [title, ipw.HTML(text("list_empty", lang))]
            return
        rows = [self._row(app_id, group) for app_id, group in frame.groupby("application_id", sort=True)]
        self.children = [title, *rows]
        self.refresh(frame)

    def _row(self, app_id: int, group: pd.DataFrame) -> ipw.Box:
        """One candidate: its name, then per assigned part a state label and a button (few widgets, shared
        layouts: every widget is a model the browser must create before the page is usable)."""
        first = group.iloc[0]
        e = html.escape
        info = ipw.HTML(f"<b>{e(str(first['unit_name']))}</b><br>{e(text('col_brand', self.lang))}：{e(str(first['brand_name']))}"
                        f"　{e(text('col_county', self.lang))}：{e(str(first['county']))}　{e(text('col_no', self.lang))} {int(app_id)}",
                        layout=self._info_layout)
        info.add_class("cand-info")
        cells = [info]
        for part in PARTS:
            mine = group[group["part"] == part]
            if mine.empty:
                continue
            aid = int(mine.index[0])
            state = ipw.HTML(layout=self._auto)
            state.add_class("cand-part")
            state.add_class(f"state-{aid}")
            button = ipw.Button(description=text("open", self.lang), layout=self._auto)
            button.add_class(f"open-{aid}")
            button.add_class(f"open-{part}-{int(app_id)}")
            button.on_click(lambda _b, aid=aid: self._open(aid))
            self._state_labels[aid], self._buttons[aid], self._parts[aid] = state, button, part
            cells += [state, button]
        row = ipw.Box(cells, layout=self._row_layout)
        row.add_class("cand-row")
        row.add_class(f"app-{int(app_id)}")
        return row

    def refresh(self, frame: pd.DataFrame) -> None:
        for aid, row in frame.iterrows():
            state = str(row["state"])
            if int(aid) in self._state_labels:
                part = html.escape(text(f"part_{self._parts[int(aid)]}", self.lang))
                self._state_labels[int(aid)].value = (f"{part}：<span class='state state-{state}'>"
                                                      f"{html.escape(text('state_' + state, self.lang))}</span>")
                self._buttons[int(aid)].description = text("view" if state == "submitted" else "open", self.lang)

    def _open(self, aid: int) -> None:
        self.selected = 0          # so that opening the same sheet again fires a change
        self.selected = aid
