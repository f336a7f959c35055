"""Shared look of the figures: a font with Chinese glyphs, a plain template, the title and legend layout."""
from __future__ import annotations

import plotly.graph_objects as go

#: WenQuanYi Micro Hei is what Debian's fonts-wqy-microhei installs (the browser tests and PNG export
#: use it); the others are the usual Chinese UI fonts of Windows, macOS and other Linux systems.
FONT_FAMILY = ('"WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", '
               '"Source Han Sans SC", "SimHei", sans-serif')
HEIGHT = 380
_GRID = "#E5E8EE"
#: A small white template (plotly_white's look for the axes). Kept small on purpose: plotly copies a
#: figure's template on every assignment, and the built-in ones carry defaults for every trace type
#: (a dashboard rebuilds its figures on each filter change; a notebook stores every figure's JSON).
TEMPLATE = go.layout.Template(layout={
    "paper_bgcolor": "white", "plot_bgcolor": "white",
    "xaxis": {"gridcolor": _GRID, "linecolor": _GRID, "zerolinecolor": _GRID, "automargin": True},
    "yaxis": {"gridcolor": _GRID, "linecolor": _GRID, "zerolinecolor": _GRID, "automargin": True},
    "colorway": ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#7F7F7F"],
})


def layout(fig: go.Figure, title: str, *, height: int = HEIGHT, legend: bool = True, **kwargs) -> go.Figure:
    """Title, font, template, margins and a horizontal legend above the plot."""
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": 13},
        template=TEMPLATE, height=height, margin={"l": 60, "r": 20, "t": 70, "b": 50},
        showlegend=legend, legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": None},
        hoverlabel={"font": {"family": FONT_FAMILY}}, **kwargs)
    return fig


def empty(title: str, message: str, *, height: int = HEIGHT) -> go.Figure:
    """A figure with no data and a centred note, so a dashboard never shows a blank box."""
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 15})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return layout(fig, title, height=height, legend=False)
