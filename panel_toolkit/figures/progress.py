"""Review progress: sheets per expert (who is late) and submitted sheets over time."""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from ..i18n import labels, text
from .palette import color_of, ordered
from .style import empty, layout

#: Sheet states, in stacking order, with their colours (status colours, not county colours).
STATES = ("submitted", "draft", "not_started")
STATE_COLORS = {"submitted": "#2E7D32", "draft": "#F9A825", "not_started": "#BDBDBD"}
LATE_COLOR = "#C62828"


def expert_progress_figure(progress: pd.DataFrame, *, label: str = "expert", title: str | None = None,
                           lang: str = "zh") -> go.Figure:
    """Horizontal stacked bars: per expert (row of ``progress``; ``label`` column names them) the sheets
    submitted / draft / not started; experts with ``late`` True are marked in red (逾期)."""
    title = title or text("figures.expert_progress", lang)
    if progress.empty:
        return empty(title, text("figures.no_assignments", lang))
    late = progress["late"].astype(bool) if "late" in progress else pd.Series(False, index=progress.index)
    mark = text("figures.late", lang)
    names = [f"{n}{mark}" if is_late else str(n) for n, is_late in zip(progress[label], late)]
    fig = go.Figure()
    for state in STATES:
        name = labels("figures.state", lang)[state]
        fig.add_trace(go.Bar(name=name, y=names, x=progress[state].astype(int).tolist(), orientation="h",
                             marker={"color": STATE_COLORS[state]},
                             hovertemplate="%{y}：%{x}<extra>" + name + "</extra>"))
    styled = [f'<span style="color:{LATE_COLOR}">{n}</span>' if is_late else n for n, is_late in zip(names, late)]
    fig.update_yaxes(autorange="reversed", tickfont={"size": 12}, tickvals=names, ticktext=styled)
    fig.update_xaxes(title=text("figures.score_sheets", lang))
    return layout(fig, title, barmode="stack", height=max(300, 24 * len(names) + 140), legend_traceorder="normal")


def progress_over_time_figure(timeline: pd.DataFrame, colors: Mapping[str, str], *, total: int | None = None,
                              title: str | None = None, lang: str = "zh") -> go.Figure:
    """Cumulative submitted sheets per county over time. ``timeline``: columns ``date``, ``county``,
    ``submitted`` (cumulative count at the end of that day); ``total`` (all sheets due) draws a line."""
    title = title or text("figures.submitted_score_sheets_cumulative", lang)
    if timeline.empty:
        return empty(title, text("figures.no_sheet_submitted", lang))
    fig = go.Figure()
    for unit in ordered(timeline["county"], dict(colors)):
        part = timeline[timeline["county"] == unit].sort_values("date")
        fig.add_trace(go.Scatter(name=unit, x=part["date"].tolist(), y=part["submitted"].astype(int).tolist(),
                                 mode="lines+markers", line={"color": color_of(dict(colors), unit), "shape": "hv"},
                                 marker={"color": color_of(dict(colors), unit)},
                                 hovertemplate=unit + " %{x|%Y-%m-%d}：%{y}<extra></extra>"))
    if total:
        fig.add_hline(y=total, line={"dash": "dot", "color": "#616161"},
                      annotation_text=text("figures.sheets_due", lang, n=total), annotation_position="top left")
    fig.update_yaxes(title=text("figures.submitted", lang), rangemode="tozero")
    first, last = pd.Timestamp(timeline["date"].min()), pd.Timestamp(timeline["date"].max())
    day = pd.Timedelta(days=1)
    dates = pd.to_datetime(timeline["date"])
    if len(dates) and (dates != dates.dt.normalize()).any() and dates.dt.normalize().nunique() == 1:
        # every submission on one day: hours on the axis, the day in the title of the axis
        hour = pd.Timedelta(hours=1)
        fig.update_xaxes(title=text("figures.time_of_day", lang, date=f"{first:%Y-%m-%d}"), type="date",
                         tickformat="%H:%M", range=[first - hour, last + hour])
        return layout(fig, title)
    # whole days: one tick a day for a short review, and room on both sides when it is one day so far
    fig.update_xaxes(title=text("figures.date", lang), type="date", tickformat="%m-%d",
                     range=[first - day, last + day], dtick=86_400_000 if (last - first).days <= 14 else None)
    return layout(fig, title)
