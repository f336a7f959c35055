"""The county dashboard (县(市)区看板, Voila): the city sees every county, a county link its own only.

Thin ipywidgets over :mod:`.summary` (what to show), :mod:`panel_toolkit.figures` (how it looks) and the
shared :mod:`.kit` (page style, the viewer's link, tables).
Who sees what is decided by the facade: the dashboard opens the session the viewer's link gives
(:func:`panel_toolkit.facade.viewers.session_for_viewer_token`), and a county session's frames hold
its county only, whatever a widget asks for.

    from panel_toolkit.dashboards.county import app
    app()          # in Voila: reads ?token=…&lang=en from the page's address
"""
from __future__ import annotations

import datetime as dt
import html
from zoneinfo import ZoneInfo

import ipywidgets as w
import pandas as pd

from ..eligibility.conditions import BY_ID as CONDITIONS
from ..figures import expert_progress_figure, funnel_figure, score_distribution_figure
from ..figures.palette import county_colors
from ..i18n import labels, pick, text
from . import summary as sm
from .kit import CSS, ExcelDownload, Figure, kpis_html, launch, legend_html, percent, rules_warning, table_html

#: The filters' value for "no filter".
ALL = ""


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
        options = ([(text("dashboards.all_counties", L), ALL)] if self.city else []) + [(u, u) for u in units]
        self.county = w.Dropdown(options=options, value=ALL if self.city else units[0],
                                 description=text("dashboards.county", L), disabled=not self.city)
        industries = sorted(x for x in d.status["industry"].dropna().unique() if x)
        self.industry = w.Dropdown(options=[(text("dashboards.all_industries", L), ALL)] + [(x, x) for x in industries],
                                   value=ALL, description=text("dashboards.industry", L))
        self.outcome = w.Dropdown(options=[(v, k) for k, v in sm.outcome_labels(L).items()], value="all",
                                  description=text("dashboards.outcome", L))
        self.due = w.DatePicker(description=text("dashboards.due_date", L), value=self.session.config.due_date)
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
        self.candidate = w.Dropdown(description=text("dashboards.candidate", L), layout=w.Layout(width="70%"))
        self.candidate.style.description_width = "initial"
        self.candidate.add_class("pt-candidate")
        self.excel = ExcelDownload(self.shown, self.filename, L)
        panes = {"overview": (text("dashboards.tab_overview", L), [self.funnel_fig.out, self.score_fig.out], self._overview),
                 "pending": (text("dashboards.tab_pending", L),
                             ([self.due] if self.city else []) + [self.pending_table], self._pending)}
        if self.city:
            panes["progress"] = (text("dashboards.tab_expert_progress", L), [self.progress_table, self.progress_fig.out],
                                 self._progress)
            panes["flags"] = (text("dashboards.tab_flags", L), [self.flags_table], self._flags)
        panes["list"] = (text("dashboards.tab_proposed_list", L), [self.outcome, self.list_table, self.excel.widget], self._list)
        panes["detail"] = (text("dashboards.tab_candidate", L), [self.candidate, self.detail], self._detail_pane)
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
        parts = [self.county.value or text("dashboards.all_counties", self.lang)]
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
        out = {text("dashboards.sheet_proposed_list", L): sm.list_view(self.listed(), L), text("dashboards.sheet_funnel", L): funnel,
               text("dashboards.sheet_progress_by_county", L): percent(self.by_county(), "done").reset_index(),
               text("dashboards.sheet_pending", L): self.pending().reset_index(drop=True)}
        if self.city:
            out[text("dashboards.sheet_expert_progress", L)] = self._progress_view(self.progress())
            out[text("dashboards.sheet_flags", L)] = self.flags()
        return out

    def filename(self) -> str:
        return f"{self.session.id}-{self.county.value or text('dashboards.file_city', self.lang)}-{self.today:%Y%m%d}.xlsx"

    # -- drawing -----------------------------------------------------------------------------------
    def refresh(self, *_) -> None:
        """A county or industry change: the heading and key figures now, the visible tab now, the rest when shown."""
        L, d = self.lang, self.data
        units = self.units()
        who = (text("dashboards.city_hr_all_counties", L) if self.city
               else text("dashboards.county_bureau", L, county=d.scope))
        self.heading.value = (f"<h2>{html.escape(text('dashboards.county_dashboard', L))} · {html.escape(self.where())}</h2>"
                              f'<p class="pt-note">{html.escape(self.session.config.title(L))} · {html.escape(who)} · '
                              f"{legend_html(units, self.colors)}</p>{self.rules_warning}")
        counts = sm.funnel_counts(self.selection(), units).sum(axis=0)
        self.kpis.value = kpis_html({k: int(counts[k]) for k in sm.STAGES}, sm.stage_labels(L))
        self._invalidate(*self.keys)

    def _overview(self) -> None:
        L, sel = self.lang, self.selection()
        funnel = sm.funnel_counts(sel, self.units())
        self.funnel_fig.show(funnel_figure(funnel, self.colors, stage_labels=sm.stage_labels(L), lang=L,
                                           title=text("dashboards.title_funnel", L, where=self.where())))
        self.score_fig.show(score_distribution_figure(
            sel[sel["combined"].notna()], self.colors, value="combined", pass_mark=self.data.pass_mark, lang=L,
            title=text("dashboards.title_scores", L, where=self.where())))

    def _progress_view(self, progress: pd.DataFrame) -> pd.DataFrame:
        L = self.lang
        names = {"expert": text("dashboards.totals_expert", L), "assigned": text("dashboards.assigned", L), "submitted": text("dashboards.sheet_submitted", L),
                 "draft": text("dashboards.sheet_draft", L), "not_started": text("dashboards.sheet_missing", L), "done": text("dashboards.header_done", L),
                 "late": text("dashboards.header_late", L)}
        out = progress.assign(done=(progress["done"] * 100).round(0).astype("Int64").astype(str) + "%",
                              late=progress["late"].map({True: text("common.yes", L), False: ""}))
        return out.rename(columns=names)

    def _progress(self) -> None:
        L = self.lang
        p = self.progress()
        late = int(p["late"].sum()) if len(p) else 0
        note = (text("dashboards.late_experts", L, n=late) if self.due.value
                else text("dashboards.set_due_date_see", L))
        self.progress_table.value = f'<p class="pt-note">{html.escape(note)}</p>'
        self.progress_fig.show(expert_progress_figure(p, label="expert", lang=L,
                                                      title=text("dashboards.title_expert_progress", L, where=self.where())))

    def _pending(self) -> None:
        """Before the end: how far each county is, which sheets are still to come and who is late
        (against the session's panel.due_date, or the date the city sets here)."""
        L, pending, due = self.lang, self.pending(), self.due.value
        if due is None:
            note = text("dashboards.no_due_date_set", L)
        elif self.today > due:
            note = text("dashboards.due_passed", L, due=f"{due:%Y-%m-%d}", n=len(pending))
        else:
            note = text("dashboards.due_ahead", L, due=f"{due:%Y-%m-%d}", days=(due - self.today).days, n=len(pending))
        hidden = "" if self.city else (f'<p class="pt-note">{text("dashboards.expert_names_visible_city", L)}</p>')
        tz = self.session.config.time_zone
        self.pending_table.value = (
            f'<p class="pt-note pt-due-note">{html.escape(note)}</p>'
            f"<h3>{text('dashboards.progress_by_county', L)}</h3>"
            + table_html(percent(self.by_county(), "done").reset_index(), text("dashboards.no_panel", L), lang=L,
                         index=False, time_zone=tz)
            + f"<h3>{text('dashboards.sheets_still_come', L)}</h3>" + hidden
            + table_html(self.pending(), text("dashboards.every_sheet_submitted", L), lang=L, index=False,
                         time_zone=tz))

    def _flags(self) -> None:
        self.flags_table.value = table_html(self.flags(), text("dashboards.no_flags", self.lang), lang=self.lang,
                                            index=False)

    def _list(self) -> None:
        L = self.lang
        self.list_table.value = table_html(sm.list_view(self.listed(), L), text("dashboards.no_candidate_matches", L),
                                           lang=L, index=False)

    def _detail_pane(self) -> None:
        """The listed candidates first, then the selection's other applications (screened out or failing
        第八条: their eligibility reasons are what a county asks about)."""
        L, listed, sel = self.lang, self.listed(), self.selection()
        pool = pd.concat([listed, sel[~sel.index.isin(listed.index)]])
        mark = {False: "", True: text("dashboards.not_reviewed", L)}
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


def candidate_html(data: sm.DashboardData, app: int, lang: str, rubric) -> str:
    """One candidate: conclusion, eligibility reasons, each expert's totals and the section scores (city)."""
    s = data.status.loc[app]
    e = data.eligibility.loc[app] if app in data.eligibility.index else None
    parts = [f"<h4>{html.escape(s['unit_name'])}（{html.escape(s['brand_name'])}，{html.escape(s['county'])}）</h4>"]
    if pd.notna(s.get("combined")):
        parts.append(f"<p>{text('dashboards.list_material', lang)} {s['material']:.2f} · {text('dashboards.list_site', lang)} {s['site']:.2f} · "
                     f"<b>{text('dashboards.list_combined', lang)} {s['combined']:.2f}</b></p>")
    reason = s.get(pick(lang, "reason", "reason_en"))
    if isinstance(reason, str) and reason:
        parts.append(f"<p>{html.escape(reason)}</p>")
    if e is not None:
        words = labels("eligibility.status", lang)
        rows = [(c, e[c], e[f"{c}_detail"]) for c in (f"E{i}" for i in range(1, 8)) if f"{c}_detail" in e]
        body = "".join(f"<tr><td class='pt-cond'>{c} {html.escape(CONDITIONS[c].label(lang))}</td>"
                       f"<td>{html.escape(words.get(st, str(st)))}</td><td>{html.escape(str(det))}</td></tr>"
                       for c, st, det in rows)
        label = text("dashboards.eligibility_article_8", lang)
        parts.append(f'<p><b>{label}</b>：{html.escape(words.get(e["status"], str(e["status"])))}</p>'
                     f'<div class="pt-table"><table>{body}</table></div>')
    if data.role == "city" and not data.sheets.empty:
        mine = data.sheets[data.sheets["application_id"] == app].rename(columns={"expert_name": "expert"})
        parts.append(f"<p><b>{text('dashboards.each_expert_s_total', lang)}</b></p>" +
                     table_html(sm.expert_totals(mine, lang=lang), text("dashboards.no_panel", lang), index=False))
        items = data.items[(data.items["application_id"] == app) & (data.items["part"] == "material")]
        sections = {c.id: c.section for c in rubric.criteria}
        section_labels = {x.id: x.label(lang) for x in rubric.sections}
        parts.append(f"<p><b>{text('dashboards.material_review_by_section', lang)}</b></p>" +
                     table_html(sm.section_scores(items.rename(columns={"expert_name": "expert"}), sections, section_labels,
                                                mean=text("dashboards.value_mean", lang)),
                                text("dashboards.no_submitted_sheet", lang)))
    elif data.role != "city":
        parts.append(f'<p class="pt-note">{text("dashboards.expert_sheets_visible_city", lang)}</p>')
    return "".join(parts)


def app(params: dict[str, str] | None = None) -> w.Widget:
    """The Voila entry point: the dashboard of the viewer's link, or a neutral message."""
    return launch(CountyDashboard, params)
