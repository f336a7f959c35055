"""Eligibility (资格审查, 第八条) at a glance: per condition, how many pass, need a check, or fail."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..i18n import labels, text
from .style import empty, layout

STATUS_COLORS = {"pass": "#2E7D32", "check": "#F9A825", "fail": "#C62828"}


def eligibility_figure(summary: pd.DataFrame, *, title: str | None = None, lang: str = "zh") -> go.Figure:
    """``summary``: :meth:`EligibilityResult.summary` — one row per condition (E1…E7, all) with the
    columns ``label``, ``pass``, ``check``, ``fail``. Stacked horizontal bars, one per condition."""
    title = title or text("figures.eligibility_by_condition_article", lang)
    if summary.empty:
        return empty(title, text("figures.no_applications", lang))
    names = [f"{cid} {lab}" if cid != "all" else str(lab) for cid, lab in zip(summary.index, summary["label"])]
    fig = go.Figure()
    for status in ("pass", "check", "fail"):
        if status not in summary:
            continue
        name = labels("figures.status", lang)[status]
        fig.add_trace(go.Bar(name=name, y=names, x=summary[status].astype(int).tolist(), orientation="h",
                             marker={"color": STATUS_COLORS[status]}, text=summary[status].astype(int).tolist(),
                             textposition="inside", hovertemplate="%{y}：%{x}<extra>" + name + "</extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=text("figures.applications", lang))
    return layout(fig, title, barmode="stack", height=max(320, 34 * len(names) + 140), legend_traceorder="normal")
