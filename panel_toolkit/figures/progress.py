"""Review progress: sheets per expert (who is late) and submitted sheets over time."""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from .palette import color_of, ordered
from .style import empty, layout, text

#: Sheet states, in stacking order, with their colours (status colours, not county colours).
STATES = ("submitted", "draft", "not_started")
STATE_COLORS = {"submitted": "#2E7D32", "draft": "#F9A825", "not_started": "#BDBDBD"}
STATE_LABELS = {"submitted": ("已提交", "submitted"), "draft": ("草稿", "draft"), "not_started": ("未开始", "not started")}
LATE_COLOR = "#C62828"


def expert_progress_figure(progress: pd.DataFrame, *, label: str = "expert", title: str | None = None,
                           lang: str = "zh") -> go.Figure:
    """Horizontal stacked bars: per expert (row of ``progress``; ``label`` column names them) the sheets
    submitted / draft / not started; experts with ``late`` True are marked in red (逾期)."""
    title = title or text(lang, "专家评审进度", "Expert progress")
    if progress.empty:
        return empty(title, text(lang, "尚未分配评审任务", "No assignments yet"))
    late = progress["late"].astype(bool) if "late" in progress else pd.Series(False, index=progress.index)
    mark = text(lang, "（逾期）", " (late)")
    names = [f"{n}{mark}" if is_late else str(n) for n, is_late in zip(progress[label], late)]
    fig = go.Figure()
    for state in STATES:
        zh, en = STATE_LABELS[state]
        fig.add_trace(go.Bar(name=text(lang, zh, en), y=names, x=progress[state].astype(int).tolist(), orientation="h",
                             marker={"color": STATE_COLORS[state]},
                             hovertemplate="%{y}：%{x}<extra>" + text(lang, zh, en) + "</extra>"))
    styled = [f'<span style="color:{LATE_COLOR}">{n}</span>' if is_late else n for n, is_late in zip(names, late)]
    fig.update_yaxes(autorange="reversed", tickfont={"size": 12}, tickvals=names, ticktext=styled)
    fig.update_xaxes(title=text(lang, "评分表（份）", "score sheets"))
    return layout(fig, title, barmode="stack", height=max(300, 24 * len(names) + 140), legend_traceorder="normal")


def progress_over_time_figure(timeline: pd.DataFrame, colors: Mapping[str, str], *, total: int | None = None,
                              title: str | None = None, lang: str = "zh") -> go.Figure:
    """Cumulative submitted sheets per county over time. ``timeline``: columns ``date``, ``county``,
    ``submitted`` (cumulative count at the end of that day); ``total`` (all sheets due) draws a line."""
    title = title or text(lang, "评分表提交进度（累计）", "Submitted score sheets (cumulative)")
    if timeline.empty:
        return empty(title, text(lang, "尚无提交的评分表", "No sheet submitted yet"))
    fig = go.Figure()
    for unit in ordered(timeline["county"], dict(colors)):
        part = timeline[timeline["county"] == unit].sort_values("date")
        fig.add_trace(go.Scatter(name=unit, x=part["date"].tolist(), y=part["submitted"].astype(int).tolist(),
                                 mode="lines+markers", line={"color": color_of(dict(colors), unit), "shape": "hv"},
                                 marker={"color": color_of(dict(colors), unit)},
                                 hovertemplate=unit + " %{x|%Y-%m-%d}：%{y}<extra></extra>"))
    if total:
        fig.add_hline(y=total, line={"dash": "dot", "color": "#616161"},
                      annotation_text=text(lang, f"应交 {total} 份", f"{total} due"), annotation_position="top left")
    fig.update_yaxes(title=text(lang, "已提交（份）", "submitted"), rangemode="tozero")
    first, last = pd.Timestamp(timeline["date"].min()), pd.Timestamp(timeline["date"].max())
    day = pd.Timedelta(days=1)
    dates = pd.to_datetime(timeline["date"])
    if len(dates) and (dates != dates.dt.normalize()).any() and dates.dt.normalize().nunique() == 1:
        # every submission on one day: hours on the axis, the day in the title of the axis
        hour = pd.Timedelta(hours=1)
        fig.update_xaxes(title=text(lang, f"时间（{first:%Y-%m-%d}）", f"time ({first:%Y-%m-%d})"), type="date",
                         tickformat="%H:%M", range=[first - hour, last + hour])
        return layout(fig, title)
    # whole days: one tick a day for a short review, and room on both sides when it is one day so far
    fig.update_xaxes(title=text(lang, "日期", "date"), type="date", tickformat="%m-%d",
                     range=[first - day, last + day], dtick=86_400_000 if (last - first).days <= 14 else None)
    return layout(fig, title)
