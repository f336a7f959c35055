"""The dashboards' shared kit (看板公用部件): the page style, the viewer's link, small renderers.

The county dashboard (:mod:`.county`), the city overview (:mod:`.city`) and the directory page
(:mod:`.directory_page`) are built from these: ``launch`` opens the session a viewer's link gives
(or shows one neutral message), ``table_html``/``kpis_html``/``legend_html`` draw what
:mod:`.summary` computed, ``Figure`` shows a plotly figure, ``ExcelDownload`` offers the page's tables.
"""
from __future__ import annotations

import base64
import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w
import pandas as pd

from .. import settings
from ..errors import PanelError
from ..exports import workbook_bytes
from ..i18n import lang_of, text
from ..panel import tokens as tok
from .present import present

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSS = """<style>
.pt-dash {font-family: "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif;}
.pt-dash h2 {margin: 4px 0 2px 0;} .pt-dash h3 {margin: 14px 0 4px 0; border-bottom: 1px solid #ddd;}
.pt-kpis {display: flex; flex-wrap: wrap; gap: 10px; margin: 6px 0;}
.pt-kpi {border: 1px solid #ddd; border-radius: 6px; padding: 6px 14px; min-width: 96px; background: #fafafa;}
.pt-kpi b {display: block; font-size: 22px;} .pt-kpi span {color: #555; font-size: 13px;}
.pt-table table {border-collapse: collapse; font-size: 13px;} .pt-table td, .pt-table th {border: 1px solid #ddd; padding: 3px 6px;}
.pt-table th {background: #f3f3f3; white-space: nowrap;}
.pt-table {overflow-x: auto;} .pt-table td {white-space: nowrap; word-break: keep-all;}
.pt-warn {color: #7a4100; background: #fff4e5; border-left: 4px solid #f0a020; padding: 4px 8px; margin: 4px 0;}
.pt-table td:last-child {white-space: normal; min-width: 14em;} .pt-cond {min-width: 9em;} .pt-note {color: #555;} .pt-swatch {display: inline-block; width: 12px; height: 12px;
 border-radius: 2px; margin-right: 4px; vertical-align: middle;}
</style>"""


# -- the viewer ------------------------------------------------------------------------------------

def query() -> dict[str, str]:
    """The page's URL parameters in Voila (``?token=…&lang=en``); {} outside Voila."""
    from urllib.parse import parse_qsl

    try:
        from voila.utils import get_query_string
    except ImportError:  # pragma: no cover - voila is a dependency
        return {}
    return dict(parse_qsl(get_query_string() or ""))


def open_viewer(token: object):
    """The session a dashboard link opens (AccessDenied, one neutral message, for any bad token)."""
    from ..facade.viewers import session_for_viewer_token
    from ..workspace import Workspace

    if not token:
        raise tok.refused()
    workspace = Workspace(settings.get("PANEL_TOOLKIT_WORKSPACE"), settings.get("PANEL_TOOLKIT_DB"))
    return session_for_viewer_token(workspace, token)


def rules_warning(session, lang: str = "zh") -> str:
    """For the city: one warning line per session or rubric file edited on disk after the list was confirmed
    (the pages still show the confirmed version, SPEC §7); '' otherwise. A file outside the workspace is
    named without its server path."""
    from ..facade.frozen import warning

    if session.actor.role != "city":
        return ""
    lines = [warning({**c, "path": c["path"] if not Path(c["path"]).is_absolute() else Path(c["path"]).name}, lang)
             for c in session.rules_changed_on_disk()]
    return "".join(f'<p class="pt-warn">{html.escape(line)}</p>' for line in lines)


def message(text: str, kind: str = "info") -> w.HTML:
    colour = {"info": "#555", "error": "#B71C1C"}[kind]
    box = w.HTML(f'<p style="color:{colour}; font-size:15px">{html.escape(text)}</p>')
    box.add_class("pt-message")
    return box


def launch(build: Callable, params: dict[str, str] | None = None) -> w.Widget:
    """Open the viewer's session from the URL and build the dashboard, or show why not (in Chinese,
    or English with ``lang=en``). Nothing of the error's inner detail reaches the page."""
    params = query() if params is None else params
    lang = lang_of(params.get("lang", settings.get("PANEL_TOOLKIT_LANG")))
    try:
        session = open_viewer(params.get("token"))
        return build(session, lang=lang).widget
    except PanelError as e:
        return message(e.message(lang), "error")


# -- small widgets ---------------------------------------------------------------------------------

#: Rows of a table on the page; the Excel download has every row.
MAX_ROWS = 100


def table_html(df: pd.DataFrame, empty: str, max_rows: int = MAX_ROWS, lang: str = "zh", index: bool = True,
               time_zone: str = "Asia/Shanghai") -> str:
    if df.empty:
        return f'<p class="pt-note">{html.escape(empty)}</p>'
    more = ""
    if len(df) > max_rows:
        more = (f'<p class="pt-note">{text("dashboards.first_rows", lang, shown=max_rows, total=len(df))}</p>')
        df = df.head(max_rows)
    shown = present(df, lang, time_zone)
    return ('<div class="pt-table">' + shown.to_html(escape=True, na_rep="", float_format="{:.2f}".format, index=index)
            + "</div>" + more)


def kpis_html(counts: dict[str, int], labels: dict[str, str], css: str = "pt-kpi") -> str:
    cells = "".join(f'<div class="{css} pt-kpi-{k}"><b>{v}</b><span>{html.escape(labels[k])}</span></div>'
                    for k, v in counts.items())
    return f'<div class="pt-kpis">{cells}</div>'


def legend_html(units, colors: dict[str, str]) -> str:
    return " ".join(f'<span><i class="pt-swatch" style="background:{colors[u]}"></i>{html.escape(u)}</span>' for u in units)


#: plotly's toolbar speaks English ("Share chart…", "Zoom in"): keep only download-as-PNG, named in Chinese
#: by the file it writes, and no plotly logo.
PLOT_CONFIG = {"displaylogo": False, "modeBarButtons": [["toImage"]], "locale": "zh-CN",
               "toImageButtonOptions": {"format": "png", "filename": "图表", "scale": 2}}


class Figure:
    """An Output that shows one plotly figure with the default (offline, bundled) renderer."""

    def __init__(self, css: str):
        self.out = w.Output()
        self.out.add_class(css)
        self.figure = None          # the figure shown last (tests and exports read it)

    def show(self, fig) -> None:
        self.figure = fig
        with self.out:
            self.out.clear_output(wait=True)
            fig.show(config=PLOT_CONFIG)


class ExcelDownload:
    """A button that writes the given sheets (neutralised: no cell can run as a formula) to one
    workbook and offers it as a download link (a data URI: nothing is written on the server)."""

    def __init__(self, sheets: Callable[[], dict[str, pd.DataFrame]], filename: Callable[[], str], lang: str):
        self.sheets, self.filename, self.lang = sheets, filename, lang
        self.button = w.Button(description=text("dashboards.make_excel", lang), icon="download")
        self.button.add_class("pt-excel")
        self.link = w.HTML()
        self.link.add_class("pt-excel-link")
        self.button.on_click(self._make)
        self.widget = w.HBox([self.button, self.link])

    def workbook(self) -> bytes:
        return workbook_bytes({name: present(df, self.lang) for name, df in self.sheets().items()}, index=None)

    def _make(self, _=None) -> None:
        data = base64.b64encode(self.workbook()).decode("ascii")
        name = html.escape(self.filename())
        self.link.value = (f'<a download="{name}" href="data:{XLSX_MIME};base64,{data}">'
                           f'{text("dashboards.download", self.lang)} {name}</a>')

    def reset(self) -> None:
        self.link.value = ""


def percent(df: pd.DataFrame, col: str) -> pd.DataFrame:
    """``col`` (a share 0–1) as a whole percentage, empty where unknown."""
    return df.assign(**{col: [("" if pd.isna(v) else f"{v * 100:.0f}%") for v in df[col]]})
