"""Score distributions by county (综合得分分布): a box per county with every candidate as a point."""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from ..i18n import text
from .palette import color_of, ordered
from .style import empty, layout

#: Up to this many candidates every one is drawn as a point beside its county's box; above it only the
#: outliers are (hundreds of jittered points cost the browser more than they tell).
ALL_POINTS_UP_TO = 150


def score_distribution_figure(scores: pd.DataFrame, colors: Mapping[str, str], *, value: str = "score",
                              pass_mark: float | None = None, name: str = "unit_name", title: str | None = None,
                              axis_title: str | None = None, lang: str = "zh") -> go.Figure:
    """``scores``: one row per candidate with ``county``, ``value`` (e.g. the combined score) and, for the
    hover, ``name``. Candidates without a score (NaN) are left out; ``pass_mark`` draws the line."""
    title = title or text("figures.combined_scores_by_county", lang)
    data = scores.dropna(subset=[value]) if value in scores else scores.iloc[0:0]
    if data.empty:
        return empty(title, text("figures.no_scores", lang))
    fig = go.Figure()
    points = "all" if len(data) <= ALL_POINTS_UP_TO else "outliers"
    for unit in ordered(data["county"], dict(colors)):
        part = data[data["county"] == unit]
        names = part[name].astype(str).tolist() if name in part else None
        fig.add_trace(go.Box(
            name=unit, x=[unit] * len(part), y=part[value].astype(float).round(2).tolist(), text=names,
            boxpoints=points, jitter=0.4, pointpos=0, marker={"color": color_of(dict(colors), unit), "size": 7},
            line={"color": color_of(dict(colors), unit)},
            hovertemplate=("%{text}<br>" if names else "") + "%{y:.2f}<extra>" + unit + "</extra>"))
    if pass_mark is not None:
        fig.add_hline(y=float(pass_mark), line={"dash": "dash", "color": "#C62828"},
                      annotation_text=text("figures.pass_mark", lang, mark=f"{pass_mark:g}"),
                      annotation_position="bottom right")
    fig.update_yaxes(title=axis_title or text("figures.combined_score", lang))
    return layout(fig, title, legend=False)
