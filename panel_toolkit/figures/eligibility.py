"""Eligibility (资格审查, 第八条) at a glance: per condition, how many pass, need a check, or fail."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .style import empty, layout, text

STATUS_COLORS = {"pass": "#2E7D32", "check": "#F9A825", "fail": "#C62828"}
STATUS_LABELS = {"pass": ("通过", "pass"), "check": ("待核查", "to check"), "fail": ("不通过", "fail")}


def eligibility_figure(summary: pd.DataFrame, *, title: str | None = None, lang: str = "zh") -> go.Figure:
    """``summary``: :meth:`EligibilityResult.summary` — one row per condition (E1…E7, all) with the
    columns ``label``, ``pass``, ``check``, ``fail``. Stacked horizontal bars, one per condition."""
    title = title or text(lang, "资格审查结果（第八条）", "Eligibility by condition (Article 8)")
    if summary.empty:
        return empty(title, text(lang, "暂无申报", "No applications yet"))
    names = [f"{cid} {lab}" if cid != "all" else str(lab) for cid, lab in zip(summary.index, summary["label"])]
    fig = go.Figure()
    for status in ("pass", "check", "fail"):
        if status not in summary:
            continue
        zh, en = STATUS_LABELS[status]
        fig.add_trace(go.Bar(name=text(lang, zh, en), y=names, x=summary[status].astype(int).tolist(), orientation="h",
                             marker={"color": STATUS_COLORS[status]}, text=summary[status].astype(int).tolist(),
                             textposition="inside", hovertemplate="%{y}：%{x}<extra>" + text(lang, zh, en) + "</extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=text(lang, "申报（条）", "applications"))
    return layout(fig, title, barmode="stack", height=max(320, 34 * len(names) + 140), legend_traceorder="normal")
