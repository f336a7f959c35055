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

ROW_LAYOUT = ipw.Layout(display="flex", flex_flow="row wrap", width="100%")


class CandidateList(ipw.VBox):
    selected = traitlets.Int(0)

    def __init__(self, frame: pd.DataFrame, lang: str = "zh"):
        super().__init__(layout=ipw.Layout(width="100%"))
        self.add_class("candidate-list")
        self.lang = lang
        self._state_labels: dict[int, ipw.HTML] = {}
        self._buttons: dict[int, ipw.Button] = {}
        title = ipw.HTML(f"<h3>{html.escape(text('list_title', lang))}</h3>")
        if frame.empty:
            self.children = [title, ipw.HTML(text("list_empty", lang))]
            return
        rows = [self._row(app_id, group) for app_id, group in frame.groupby("application_id", sort=True)]
        self.children = [title, *rows]
        self.refresh(frame)

    def _row(self, app_id: int, group: pd.DataFrame) -> ipw.Box:
        first = group.iloc[0]
        e = html.escape
        info = ipw.HTML(f"<b>{e(str(first['unit_name']))}</b><br>{e(text('col_brand', self.lang))}：{e(str(first['brand_name']))}"
                        f"　{e(text('col_county', self.lang))}：{e(str(first['county']))}　{e(text('col_no', self.lang))} {int(app_id)}")
        info.add_class("cand-info")
        cells = [info]
        for part in PARTS:
            mine = group[group["part"] == part]
            if mine.empty:
                continue
            aid = int(mine.index[0])
            state = ipw.HTML()
            state.add_class(f"state-{aid}")
            button = ipw.Button(description=text("open", self.lang), layout=ipw.Layout(width="auto"))
            button.add_class(f"open-{aid}")
            button.add_class(f"open-{part}-{int(app_id)}")
            button.on_click(lambda _b, aid=aid: self._open(aid))
            self._state_labels[aid], self._buttons[aid] = state, button
            cell = ipw.HBox([ipw.HTML(e(text(f"part_{part}", self.lang)) + "："), state, button])
            cell.add_class("cand-part")
            cells.append(cell)
        row = ipw.Box(cells, layout=ROW_LAYOUT)
        row.add_class("cand-row")
        row.add_class(f"app-{int(app_id)}")
        return row

    def refresh(self, frame: pd.DataFrame) -> None:
        for aid, row in frame.iterrows():
            state = str(row["state"])
            if int(aid) in self._state_labels:
                self._state_labels[int(aid)].value = (f"<span class='state state-{state}'>"
                                                f"{html.escape(text('state_' + state, self.lang))}</span>")
                self._buttons[int(aid)].description = text("view" if state == "submitted" else "open", self.lang)

    def _open(self, aid: int) -> None:
        self.selected = 0          # so that opening the same sheet again fires a change
        self.selected = aid
