"""The county dashboard (县(市)区看板, Voila): the city sees every county, a county link its own only.

Thin ipywidgets over :mod:`.summary` (what to show) and :mod:`panel_toolkit.figures` (how it looks).
Who sees what is decided by the facade: the dashboard opens the session the viewer's link gives
(:func:`panel_toolkit.facade.viewers.session_for_viewer_token`), and a county session's frames hold
its county only, whatever a widget asks for.

    from panel_toolkit.dashboards.county import app
    app()          # in Voila: reads ?token=…&lang=en from the page's address
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import os
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import ipywidgets as w
import pandas as pd

from ..eligibility.conditions import BY_ID as CONDITIONS
from ..eligibility.result import STATUS_TEXT
from ..errors import PanelError
from ..exports import workbook_bytes
from ..figures import expert_progress_figure, funnel_figure, score_distribution_figure
from ..figures.palette import county_colors
from ..panel import tokens as tok
from . import summary as sm
from .present import present

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALL = ""
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


def t(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


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
    workspace = Workspace(os.environ.get("PANEL_TOOLKIT_WORKSPACE", "."), os.environ.get("PANEL_TOOLKIT_DB") or None)
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
    lang = "en" if params.get("lang", os.environ.get("PANEL_TOOLKIT_LANG")) == "en" else "zh"
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
        more = (f'<p class="pt-note">{t(lang, f"显示前 {max_rows} 条，共 {len(df)} 条；全部内容见 Excel 下载。", f"First {max_rows} of {len(df)} rows; the Excel download has all.")}</p>')
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
        self.button = w.Button(description=t(lang, "生成 Excel", "Make Excel"), icon="download")
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
                           f'{t(self.lang, "下载", "Download")} {name}</a>')

    def reset(self) -> None:
        self.link.value = ""


# -- the dashboard ---------------------------------------------------------------------------------

class CountyDashboard:
    """The filters and the key figures on top; below them tabs: the funnel and score distribution,
    expert progress and flags (city), the proposed list with the Excel download, a candidate
    drill-down. A tab is drawn when it is shown: a filter change redraws the visible tab only and
    marks the others stale (the first paint and every filter change stay fast on a large session)."""

    def __init__(self, session, lang: str = "zh", today: dt.date | None = None):
        # "today" is the session's date (Asia/Shanghai by default), not the server's UTC date: file names and
        # the late check follow the calendar the bureau works in.
        self.session, self.lang = session, lang
        self.today = today or dt.datetime.now(ZoneInfo(session.config.time_zone)).date()
        self.data = sm.collect(session, lang)
        self.colors = county_colors(self.data.units)
        self.city = self.data.role == "city"
        self.rules_warning = rules_warning(session, lang)   # read once: refresh() redraws the heading often
        self._quiet = False
        self._build()
        self.refresh()

    # -- layout ------------------------------------------------------------------------------------
    def _build(self) -> None:
        L, d = self.lang, self.data
        units = d.visible_units
        options = ([(t(L, "全部县(市)区", "all counties"), ALL)] if self.city else []) + [(u, u) for u in units]
        self.county = w.Dropdown(options=options, value=ALL if self.city else units[0],
                                 description=t(L, "县(市)区", "County"), disabled=not self.city)
        industries = sorted(x for x in d.status["industry"].dropna().unique() if x)
        self.industry = w.Dropdown(options=[(t(L, "全部行业", "all industries"), ALL)] + [(x, x) for x in industries],
                                   value=ALL, description=t(L, "行业", "Industry"))
        self.outcome = w.Dropdown(options=[(v[1] if L == "en" else v[0], k) for k, v in sm.OUTCOMES.items()], value="all",
                                  description=t(L, "结论", "Outcome"))
        self.due = w.DatePicker(description=t(L, "评分截止日期", "Due date"), value=self.session.config.due_date)
        for widget, css in ((self.county, "pt-county"), (self.industry, "pt-industry"), (self.outcome, "pt-outcome"),
                            (self.due, "pt-due")):
            widget.add_class(css)
            widget.style.description_width = "initial"
        self.heading, self.kpis = w.HTML(), w.HTML()
        self.heading.add_class("pt-heading")
        self.kpis.add_class("pt-kpi-row")
        self.funnel_fig, self.score_fig, self.progress_fig = Figure("pt-fig-funnel"), Figure("pt-fig-scores"), Figure("pt-fig-progress")
        self.pending_table = w.HTML()
        self.pending_table.add_class("pt-pending")
        self.progress_table, self.flags_table, self.list_table, self.detail = w.HTML(), w.HTML(), w.HTML(), w.HTML()
        for widget, css in ((self.progress_table, "pt-late"), (self.flags_table, "pt-flags"), (self.list_table, "pt-list"),
                            (self.detail, "pt-detail")):
            widget.add_class(css)
        self.candidate = w.Dropdown(description=t(L, "候选对象", "Candidate"), layout=w.Layout(width="70%"))
        self.candidate.style.description_width = "initial"
        self.candidate.add_class("pt-candidate")
        self.excel = ExcelDownload(self.shown, self.filename, L)
        panes = {"overview": (t(L, "进度与得分", "Overview"), [self.funnel_fig.out, self.score_fig.out], self._overview),
                 "pending": (t(L, "待提交", "Pending"),
                             ([self.due] if self.city else []) + [self.pending_table], self._pending)}
        if self.city:
            panes["progress"] = (t(L, "专家评审进度", "Expert progress"), [self.progress_table, self.progress_fig.out],
                                 self._progress)
            panes["flags"] = (t(L, "待处理的提示", "Flags to resolve"), [self.flags_table], self._flags)
        panes["list"] = (t(L, "拟认定名单", "Proposed list"), [self.outcome, self.list_table, self.excel.widget], self._list)
        panes["detail"] = (t(L, "候选对象详情", "Candidate"), [self.candidate, self.detail], self._detail_pane)
        self.keys = list(panes)
        self._draw = {k: v[2] for k, v in panes.items()}
        self.tabs = w.Tab(children=[w.VBox(v[1]) for v in panes.values()], titles=[v[0] for v in panes.values()])
        self.tabs.add_class("pt-tabs")
        self._stale = set(self.keys)
        notes = "".join(f'<p class="pt-note">{html.escape(n)}</p>' for n in d.notes)
        self.widget = w.VBox([w.HTML(CSS), self.heading, w.HTML(notes), w.HBox([self.county, self.industry]), self.kpis,
                              self.tabs])
        self.widget.add_class("pt-dash")
        for widget in (self.county, self.industry):
            widget.observe(self.refresh, names="value")
        self.outcome.observe(lambda _: self._invalidate("list", "detail"), names="value")
        self.due.observe(lambda _: self._invalidate("progress", "pending"), names="value")
        self.candidate.observe(self._detail, names="value")
        self.tabs.observe(lambda _: self._draw_visible(), names="selected_index")

    def show(self, key: str) -> None:
        """Bring a tab to the front (it is drawn if stale): overview, progress, flags, list, detail."""
        self.tabs.selected_index = self.keys.index(key)
        self._draw_visible()

    def _invalidate(self, *keys: str) -> None:
        self._stale |= set(keys) & set(self.keys)
        self.excel.reset()
        self._draw_visible()

    def _draw_visible(self) -> None:
        key = self.keys[self.tabs.selected_index or 0]
        if key in self._stale:
            self._stale.discard(key)
            self._draw[key]()

    # -- what is shown ---------------------------------------------------------------------------
    def selection(self) -> pd.DataFrame:
        """The applications the county and industry filters keep (the funnel, KPIs and scores)."""
        s = self.data.status
        keep = pd.Series(True, index=s.index)
        if self.county.value:
            keep &= s["county"] == self.county.value
        if self.industry.value:
            keep &= s["industry"] == self.industry.value
        return s[keep]

    def units(self) -> tuple[str, ...]:
        return (self.county.value,) if self.county.value else self.data.visible_units

    def where(self) -> str:
        parts = [self.county.value or t(self.lang, "全部县(市)区", "all counties")]
        if self.industry.value:
            parts.append(self.industry.value)
        return " · ".join(parts)

    def listed(self) -> pd.DataFrame:
        return sm.filter_candidates(self.data.status, county=self.county.value or None,
                                    industry=self.industry.value or None, outcome=self.outcome.value)

    def progress(self) -> pd.DataFrame:
        sheets = self.data.sheets
        if sheets.empty:
            return sm.expert_progress(sheets)
        if self.county.value:
            sheets = sheets[sheets["county"] == self.county.value]
        if self.industry.value:
            sheets = sheets[sheets["application_id"].map(self.data.status["industry"]) == self.industry.value]
        return sm.expert_progress(sheets, due=self.due.value, today=self.today)

    def states(self) -> pd.DataFrame:
        """The sheets' states under the county and industry filters (the pending tab)."""
        s = self.data.states
        if s.empty:
            return s
        if self.county.value:
            s = s[s["county"] == self.county.value]
        if self.industry.value:
            s = s[s["application_id"].map(self.data.status["industry"]) == self.industry.value]
        return s

    def pending(self) -> pd.DataFrame:
        return sm.pending_sheets(self.states(), due=self.due.value, today=self.today)

    def by_county(self) -> pd.DataFrame:
        return sm.county_progress(self.states(), self.units(), due=self.due.value, today=self.today)

    def flags(self) -> pd.DataFrame:
        f = self.data.flags
        if f.empty or not self.county.value:
            return f
        return f[f.iloc[:, 0] == self.county.value]

    def shown(self) -> dict[str, pd.DataFrame]:
        """The tables of the page under the current filters, for the Excel download."""
        L = self.lang
        funnel = sm.funnel_counts(self.selection(), self.units()).rename(columns=sm.stage_labels(L))
        out = {t(L, "拟认定名单", "proposed list"): sm.list_view(self.listed(), L), t(L, "进度", "funnel"): funnel,
               t(L, "各县(市)区进度", "progress by county"): percent(self.by_county(), "done").reset_index(),
               t(L, "待提交评分表", "pending sheets"): self.pending().reset_index(drop=True)}
        if self.city:
            out[t(L, "专家进度", "expert progress")] = self._progress_view(self.progress())
            out[t(L, "评审提示", "flags")] = self.flags()
        return out

    def filename(self) -> str:
        return f"{self.session.id}-{self.county.value or t(self.lang, '全市', 'city')}-{self.today:%Y%m%d}.xlsx"

    # -- drawing -----------------------------------------------------------------------------------
    def refresh(self, *_) -> None:
        """A county or industry change: the heading and key figures now, the visible tab now, the rest when shown."""
        L, d = self.lang, self.data
        units = self.units()
        who = (t(L, "市人社局（全部县(市)区）", "city HR (all counties)") if self.city
               else t(L, f"{d.scope}人社局", f"{d.scope} HR bureau"))
        self.heading.value = (f"<h2>{html.escape(t(L, '县(市)区看板', 'County dashboard'))} · {html.escape(self.where())}</h2>"
                              f'<p class="pt-note">{html.escape(self.session.config.title(L))} · {html.escape(who)} · '
                              f"{legend_html(units, self.colors)}</p>{self.rules_warning}")
        counts = sm.funnel_counts(self.selection(), units).sum(axis=0)
        self.kpis.value = kpis_html({k: int(counts[k]) for k in sm.STAGES}, sm.stage_labels(L))
        self._invalidate(*self.keys)

    def _overview(self) -> None:
        L, sel = self.lang, self.selection()
        funnel = sm.funnel_counts(sel, self.units())
        self.funnel_fig.show(funnel_figure(funnel, self.colors, stage_labels=sm.stage_labels(L), lang=L,
                                           title=t(L, f"申报与评审进度 · {self.where()}", f"Progress · {self.where()}")))
        self.score_fig.show(score_distribution_figure(
            sel[sel["combined"].notna()], self.colors, value="combined", pass_mark=self.data.pass_mark, lang=L,
            title=t(L, f"综合得分分布 · {self.where()}", f"Combined scores · {self.where()}")))

    def _progress_view(self, progress: pd.DataFrame) -> pd.DataFrame:
        L = self.lang
        names = {"expert": t(L, "专家", "expert"), "assigned": t(L, "分配", "assigned"), "submitted": t(L, "已提交", "submitted"),
                 "draft": t(L, "草稿", "draft"), "not_started": t(L, "未开始", "not started"), "done": t(L, "完成率", "done"),
                 "late": t(L, "逾期", "late")}
        out = progress.assign(done=(progress["done"] * 100).round(0).astype("Int64").astype(str) + "%",
                              late=progress["late"].map({True: t(L, "是", "yes"), False: ""}))
        return out.rename(columns=names)

    def _progress(self) -> None:
        L = self.lang
        p = self.progress()
        late = int(p["late"].sum()) if len(p) else 0
        note = (t(L, f"逾期未完成：{late} 位专家", f"Late: {late} expert(s)") if self.due.value
                else t(L, "设定评分截止日期后，显示逾期未完成的专家。", "Set the due date to see who is late."))
        self.progress_table.value = f'<p class="pt-note">{html.escape(note)}</p>'
        self.progress_fig.show(expert_progress_figure(p, label="expert", lang=L,
                                                      title=t(L, f"专家评审进度 · {self.where()}", f"Expert progress · {self.where()}")))

    def _pending(self) -> None:
        """Before the end: how far each county is, which sheets are still to come and who is late
        (against the session's panel.due_date, or the date the city sets here)."""
        L, pending, due = self.lang, self.pending(), self.due.value
        if due is None:
            note = t(L, "本批次未设评分截止日期：不判断逾期。", "No due date set: nobody is shown late.")
        elif self.today > due:
            note = t(L, f"评分截止日期 {due:%Y-%m-%d} 已过：{len(pending)} 份评分表逾期未提交。",
                     f"Due date {due:%Y-%m-%d} has passed: {len(pending)} sheet(s) are late.")
        else:
            note = t(L, f"评分截止日期 {due:%Y-%m-%d}，还有 {(due - self.today).days} 天；待提交 {len(pending)} 份。",
                     f"Due {due:%Y-%m-%d}, {(due - self.today).days} day(s) left; {len(pending)} sheet(s) pending.")
        hidden = "" if self.city else (f'<p class="pt-note">{t(L, "专家姓名仅市人社局可见。", "Expert names are visible to city HR only.")}</p>')
        tz = self.session.config.time_zone
        self.pending_table.value = (
            f'<p class="pt-note pt-due-note">{html.escape(note)}</p>'
            f"<h3>{t(L, '各县(市)区进度', 'Progress by county')}</h3>"
            + table_html(percent(self.by_county(), "done").reset_index(), t(L, "尚未分配专家", "No panel yet"), lang=L,
                         index=False, time_zone=tz)
            + f"<h3>{t(L, '待提交的评分表', 'Sheets still to come')}</h3>" + hidden
            + table_html(self.pending(), t(L, "没有待提交的评分表", "Every sheet is submitted"), lang=L, index=False,
                         time_zone=tz))

    def _flags(self) -> None:
        self.flags_table.value = table_html(self.flags(), t(self.lang, "暂无待处理的提示", "No flags"), lang=self.lang,
                                            index=False)

    def _list(self) -> None:
        L = self.lang
        self.list_table.value = table_html(sm.list_view(self.listed(), L), t(L, "没有符合条件的候选对象", "No candidate matches"),
                                           lang=L, index=False)

    def _detail_pane(self) -> None:
        """The listed candidates first, then the selection's other applications (screened out or failing
        第八条: their eligibility reasons are what a county asks about)."""
        L, listed, sel = self.lang, self.listed(), self.selection()
        pool = pd.concat([listed, sel[~sel.index.isin(listed.index)]])
        mark = {False: "", True: t(L, "（未进入评审）", " (not reviewed)")}
        options = [(f"{u}（{c}）{mark[not e]}", int(i))
                   for i, u, c, e in zip(pool.index, pool["unit_name"], pool["county"], pool["eligible"])]
        current, ids = self.candidate.value, [v for _, v in options]
        self._quiet = True
        try:
            self.candidate.options = options
            self.candidate.value = current if current in ids else (ids[0] if ids else None)
        finally:
            self._quiet = False
        self._detail()

    def _detail(self, *_) -> None:
        if self._quiet:
            return
        app = self.candidate.value
        self.detail.value = "" if app is None else candidate_html(self.data, int(app), self.lang, self.session.rubric)


def percent(df: pd.DataFrame, col: str) -> pd.DataFrame:
    """``col`` (a share 0–1) as a whole percentage, empty where unknown."""
    return df.assign(**{col: [("" if pd.isna(v) else f"{v * 100:.0f}%") for v in df[col]]})


def candidate_html(data: sm.DashboardData, app: int, lang: str, rubric) -> str:
    """One candidate: conclusion, eligibility reasons, each expert's totals and the section scores (city)."""
    s = data.status.loc[app]
    e = data.eligibility.loc[app] if app in data.eligibility.index else None
    parts = [f"<h4>{html.escape(s['unit_name'])}（{html.escape(s['brand_name'])}，{html.escape(s['county'])}）</h4>"]
    if pd.notna(s.get("combined")):
        parts.append(f"<p>{t(lang, '资料评审', 'material')} {s['material']:.2f} · {t(lang, '实地核查', 'site')} {s['site']:.2f} · "
                     f"<b>{t(lang, '综合得分', 'combined')} {s['combined']:.2f}</b></p>")
    reason = s.get("reason_en" if lang == "en" else "reason")
    if isinstance(reason, str) and reason:
        parts.append(f"<p>{html.escape(reason)}</p>")
    if e is not None:
        words = STATUS_TEXT["en" if lang == "en" else "zh"]
        rows = [(c, e[c], e[f"{c}_detail"]) for c in (f"E{i}" for i in range(1, 8)) if f"{c}_detail" in e]
        body = "".join(f"<tr><td class='pt-cond'>{c} {html.escape(CONDITIONS[c].label(lang))}</td>"
                       f"<td>{html.escape(words.get(st, str(st)))}</td><td>{html.escape(str(det))}</td></tr>"
                       for c, st, det in rows)
        label = t(lang, "资格审查（第八条）", "Eligibility (Article 8)")
        parts.append(f'<p><b>{label}</b>：{html.escape(words.get(e["status"], str(e["status"])))}</p>'
                     f'<div class="pt-table"><table>{body}</table></div>')
    if data.role == "city" and not data.sheets.empty:
        mine = data.sheets[data.sheets["application_id"] == app].rename(columns={"expert_name": "expert"})
        parts.append(f"<p><b>{t(lang, '各专家总分', 'Each expert’s total')}</b></p>" +
                     table_html(sm.expert_totals(mine, lang=lang), t(lang, "尚未分配专家", "No panel yet"), index=False))
        items = data.items[(data.items["application_id"] == app) & (data.items["part"] == "material")]
        sections = {c.id: c.section for c in rubric.criteria}
        labels = {x.id: x.label(lang) for x in rubric.sections}
        parts.append(f"<p><b>{t(lang, '资料评审分项得分', 'Material review by section')}</b></p>" +
                     table_html(sm.section_scores(items.rename(columns={"expert_name": "expert"}), sections, labels,
                                                mean=t(lang, "平均", "mean")),
                                t(lang, "尚无已提交的评分表", "No submitted sheet yet")))
    elif data.role != "city":
        parts.append(f'<p class="pt-note">{t(lang, "专家评分明细仅市人社局可见。", "Expert sheets are visible to city HR only.")}</p>')
    return "".join(parts)


def app(params: dict[str, str] | None = None) -> w.Widget:
    """The Voila entry point: the dashboard of the viewer's link, or a neutral message."""
    return launch(CountyDashboard, params)
