"""How far the result can be trusted: inter-rater reliability, the methods side by side, and the
sensitivity of the proposed list (bootstrap over experts)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..i18n import pick, text
from .palette import color_of, ordered
from .style import empty, layout

#: Koo & Li (2016) bands of an ICC, drawn as reference lines (published cut-offs, not policy).
ICC_LINES = ((0.5, "差 | 中等", "poor | moderate"), (0.75, "中等 | 良好", "moderate | good"),
             (0.9, "良好 | 优秀", "good | excellent"))
#: Marker symbols and neutral shades for methods (methods are not counties: they get no county colour).
METHOD_SYMBOLS = ("circle", "diamond", "square", "x", "triangle-up", "star")
METHOD_SHADES = ("#263238", "#6D4C41", "#455A64", "#8D6E63", "#37474F", "#795548")


def reliability_figure(table: pd.DataFrame, *, label: str = "label", value: str = "headline",
                       form: str = "headline_form", title: str | None = None, lang: str = "zh") -> go.Figure:
    """Bars of a reliability coefficient per part or criterion (rows of ``table``), with the band lines.
    A row whose value is NaN (too few ratings) is shown as a note, not as zero."""
    title = title or text("figures.inter_rater_reliability_icc", lang)
    if table.empty:
        return empty(title, text("figures.not_enough_ratings", lang))
    values = table[value].astype(float)
    labels = table[label].astype(str).tolist()
    forms = table[form].astype(str).tolist() if form in table else [""] * len(table)
    shown = values.fillna(0).round(3).tolist()
    notes = [f"{v:.2f}" if np.isfinite(v) else text("figures.not_applicable", lang) for v in values]
    colors = ["#BDBDBD" if not np.isfinite(v) else "#C62828" if v < 0.5 else "#F9A825" if v < 0.75 else "#2E7D32"
              for v in values]
    fig = go.Figure(go.Bar(x=labels, y=shown, text=notes, textposition="outside", marker={"color": colors},
                           customdata=forms, hovertemplate="%{x}<br>%{customdata} = %{text}<extra></extra>"))
    for y, zh, en in ICC_LINES:   # the band names in the right margin, beside their lines
        fig.add_hline(y=y, line={"dash": "dot", "color": "#9E9E9E", "width": 1})
        fig.add_annotation(x=1.005, xref="paper", y=y, yref="y", xanchor="left", showarrow=False,
                           text=pick(lang, zh, en), font={"size": 10, "color": "#616161"})
    fig.update_yaxes(range=[min(0.0, float(np.nanmin(values)) - 0.05) if values.notna().any() else 0, 1.08],
                     title=text("figures.coefficient", lang))
    fig = layout(fig, title, legend=False)
    fig.update_layout(margin={"r": 120})
    return fig


def method_comparison_figure(scores: pd.DataFrame, methods: Sequence[str], *, label: str = "unit_name",
                             method_labels: Mapping[str, str] | None = None, pass_mark: float | None = None,
                             title: str | None = None, lang: str = "zh") -> go.Figure:
    """One row per candidate (``label``), one marker per method (a column of ``scores`` per method),
    candidates sorted by the first method: where the methods disagree, the markers spread."""
    title = title or text("figures.combined_score_under_each", lang)
    methods = [m for m in methods if m in scores]
    data = scores.dropna(subset=methods[:1]) if methods else scores.iloc[0:0]
    if data.empty:
        return empty(title, text("figures.no_scores", lang))
    data = data.sort_values(methods[0], ascending=True)
    names = data[label].astype(str).tolist()
    fig = go.Figure()
    for i, m in enumerate(methods):
        fig.add_trace(go.Scatter(
            name=(method_labels or {}).get(m, m), x=data[m].astype(float).round(2).tolist(), y=names, mode="markers",
            marker={"symbol": METHOD_SYMBOLS[i % len(METHOD_SYMBOLS)], "size": 9,
                    "color": METHOD_SHADES[i % len(METHOD_SHADES)], "line": {"width": 1, "color": "white"}},
            hovertemplate="%{y}<br>%{x:.2f}<extra>" + (method_labels or {}).get(m, m) + "</extra>"))
    if pass_mark is not None:
        fig.add_vline(x=float(pass_mark), line={"dash": "dash", "color": "#C62828"},
                      annotation_text=text("figures.pass_mark", lang, mark=f"{pass_mark:g}"))
    fig.update_xaxes(title=text("figures.combined_score", lang))
    return layout(fig, title, height=max(360, 18 * len(names) + 140))


def sensitivity_figure(stability: pd.DataFrame, colors: Mapping[str, str], *, value: str = "p_proposed",
                       label: str = "unit_name", title: str | None = None, lang: str = "zh") -> go.Figure:
    """Per candidate, how often it is on the proposed list when the panel is resampled (bootstrap):
    a bar per candidate in its county's colour, 0–100 %. Candidates near 50 % are the uncertain ones."""
    title = title or text("figures.stability_proposed_list_bootstrap", lang)
    if stability.empty or value not in stability:
        return empty(title, text("figures.no_sensitivity_analysis", lang))
    data = stability.sort_values(value, ascending=False, kind="stable")
    names = data[label].astype(str).tolist()
    fig = go.Figure()
    for unit in ordered(data["county"], dict(colors)):   # one trace per county: its colour and a legend entry
        part = data[data["county"] == unit]
        fig.add_trace(go.Bar(
            name=unit, x=part[label].astype(str).tolist(), y=(part[value].astype(float) * 100).round(1).tolist(),
            marker={"color": color_of(dict(colors), unit)},
            hovertemplate="%{x}（" + unit + "）<br>%{y:.1f}%<extra></extra>"))
    fig.update_xaxes(categoryorder="array", categoryarray=names)
    fig.add_hline(y=50, line={"dash": "dot", "color": "#9E9E9E"})
    fig.update_yaxes(range=[0, 105], title=text("figures.share_replicates_proposed", lang))
    fig.update_xaxes(tickangle=-45)
    return layout(fig, title, height=440, barmode="overlay")
