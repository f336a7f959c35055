"""The funnel: how many applications reach each stage, per county (申报 → 初审 → 资格 → 评分 → 拟认定 → 认定)."""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from ..i18n import text
from .palette import color_of, ordered
from .style import empty, layout


def funnel_figure(counts: pd.DataFrame, colors: Mapping[str, str], *, stage_labels: Mapping[str, str] | None = None,
                  title: str | None = None, lang: str = "zh") -> go.Figure:
    """A stacked funnel: one trace per county (its colour), stages top to bottom in column order.

    ``counts``: index = county, columns = stages (keys), integer counts; ``stage_labels`` maps a stage
    key to its label (default: the key)."""
    title = title or text("figures.applications_through_stages_by", lang)
    if counts.empty or int(counts.to_numpy().sum()) == 0:
        return empty(title, text("figures.no_applications", lang))
    labels = [(stage_labels or {}).get(s, s) for s in counts.columns]
    fig = go.Figure()
    for unit in ordered(counts.index, dict(colors)):
        row = counts.loc[unit]
        fig.add_trace(go.Funnel(
            name=unit, y=labels, x=[int(v) for v in row.to_numpy()], marker={"color": color_of(dict(colors), unit)},
            textinfo="value", textposition="inside",
            hovertemplate=f"{unit}<br>%{{y}}：%{{x}}<extra></extra>"))
    totals = counts.sum(axis=0)
    fig.update_yaxes(ticktext=[f"{lab}（{int(n)}）" for lab, n in zip(labels, totals.to_numpy())], tickvals=labels)
    return layout(fig, title, funnelmode="stack", height=max(320, 60 * len(labels) + 120))
