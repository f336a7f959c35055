"""The city overview (市级总览, Voila; city links only): totals, progress over time, and how far the
result can be trusted — inter-rater reliability and the sensitivity of the list to the method and
to the particular experts. Thin ipywidgets over :mod:`.summary` and :mod:`panel_toolkit.figures`.

    from panel_toolkit.dashboards.city import app
    app()          # in Voila: reads ?token=…&lang=en; a county link is refused
"""
from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from ..aggregation.methods import LABELS as METHOD_LABELS
from ..aggregation.methods import METHODS
from ..errors import AccessDenied, PanelError
from ..figures import funnel_figure, method_comparison_figure, progress_over_time_figure, reliability_figure, sensitivity_figure
from ..figures.palette import county_colors
from ..i18n import index, labels, text
from . import summary as sm
from .kit import CSS, ExcelDownload, Figure, kpis_html, launch, legend_html, rules_warning, table_html

#: Bootstrap replicates run when the overview opens (the analyst notebook runs more).
N_BOOT = 200
SEED = 2024
def reliability_view(table: pd.DataFrame, rubric, lang: str = "zh") -> pd.DataFrame:
    """Per part and criterion: label, the headline ICC form and value, its band, Krippendorff's α."""
    if table.empty:
        return pd.DataFrame(columns=["scope", "label", "short", "headline_form", "headline", "band", "alpha", "alpha_band",
                                     "n_targets"])
    names = {c.id: c.label(lang) for c in rubric.criteria} | {i.id: i.label(lang) for i in rubric.site_items}
    parts = labels("dashboards.value", lang)        # material / site by name
    label = [parts.get(p, p) + (f" · {item} {names.get(item, '')}" if item else "")
             for p, item in zip(table["part"], table["item_id"])]
    short = [item or parts.get(p, p) for p, item in zip(table["part"], table["item_id"])]
    from ..aggregation.reliability import ALPHA_BANDS, band

    out = pd.DataFrame({"scope": table["scope"], "label": label, "short": short, "headline_form": table["headline_form"], "headline": table["headline"].round(3),
                        "band": [band(v, lang=lang) for v in table["headline"]], "alpha": table["alpha"].round(3),
                        "alpha_band": [band(v, ALPHA_BANDS, lang=lang) for v in table["alpha"]],
                        "n_targets": table["n_targets"]}, index=table.index)
    return out


def changed_view(changed: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The candidates whose conclusion depends on the method or on one expert, as people read it."""
    short = labels("dashboards.short_method", lang)
    cols = labels("dashboards.changed", lang)
    cols = {**{k: v for k, v in cols.items() if k != "rank_method"},
            **{f"rank_{m}": cols["rank_method"].format(method=short.get(m, m)) for m in METHODS}}
    order = ["unit_name", "brand_name", "combined", "rank", *(f"rank_{m}" for m in METHODS), "loo_pass_flips", "p_proposed"]
    cols = {c: cols[c] for c in order}
    out = changed[[c for c in cols if c in changed]].copy()
    out["combined"] = out["combined"].astype(float).round(2)
    out["p_proposed"] = [f"{p:.0%}" for p in out["p_proposed"].astype(float)]
    return out.rename(columns=cols)


class CityOverview:
    def __init__(self, session, lang: str = "zh", n_boot: int = N_BOOT, auto: bool = True):
        if session.actor.role != "city":
            raise AccessDenied("市级总览仅限市人社局查看。", "The city overview is for city HR only.")
        self.session, self.lang, self.n_boot = session, lang, n_boot
        self.data = sm.collect(session, lang)
        self.colors = county_colors(self.data.units)
        self.sensitivity = None
        self._build()
        self.show()
        if auto:
            self.run_sensitivity()

    def _build(self) -> None:
        L = self.lang
        h3 = lambda key: w.HTML(f"<h3>{html.escape(text('dashboards.' + key, L))}</h3>")
        self.heading, self.kpis, self.sheets_kpis = w.HTML(), w.HTML(), w.HTML()
        self.kpis.add_class("pt-kpi-row")
        self.funnel_fig, self.time_fig = Figure("pt-fig-funnel"), Figure("pt-fig-timeline")
        self.rel_fig, self.rel_table = Figure("pt-fig-reliability"), w.HTML()
        self.method_fig, self.stability_fig = Figure("pt-fig-methods"), Figure("pt-fig-stability")
        self.sens_summary, self.sens_table = w.HTML(), w.HTML()
        self.sens_summary.add_class("pt-sensitivity")
        self.boot = w.BoundedIntText(value=self.n_boot, min=10, max=5000, step=100,
                                     description=text("dashboards.bootstrap_replicates", L))
        self.boot.style.description_width = "initial"
        self.run = w.Button(description=text("dashboards.recompute", L), icon="refresh")
        self.bar = w.IntProgress(value=0, min=0, max=1, description="")
        self.run.on_click(lambda _: self.run_sensitivity())
        self.excel = ExcelDownload(self.shown, lambda: f"{self.session.id}-{text('dashboards.city_overview_file', L)}.xlsx", L)
        self.widget = w.VBox([
            w.HTML(CSS), self.heading, self.kpis, self.sheets_kpis,
            h3("heading_progress_by_county"), self.funnel_fig.out,
            h3("heading_sheets_over_time"), self.time_fig.out,
            h3("heading_reliability"), self.rel_table, self.rel_fig.out,
            h3("heading_sensitivity"),
            w.HBox([self.boot, self.run, self.bar]), self.sens_summary, self.method_fig.out, self.stability_fig.out,
            self.sens_table, h3("heading_download"), self.excel.widget])
        self.widget.add_class("pt-dash")

    def totals(self) -> dict[str, int]:
        counts = self.data.funnel.sum(axis=0)
        return {k: int(counts[k]) for k in sm.STAGES}

    def show(self) -> None:
        L, d, s = self.lang, self.data, self.session
        confirmed = text("dashboards.proposed_list_confirmed", L) if d.confirmed else \
            text("dashboards.proposed_list_not_confirmed", L)
        self.heading.value = (f"<h2>{html.escape(text('dashboards.city_overview', L))} · {html.escape(s.config.title(L))}</h2>"
                              f'<p class="pt-note">{html.escape(confirmed)} · {legend_html(d.units, self.colors)}</p>'
                              f"{rules_warning(s, L)}")
        self.kpis.value = kpis_html(self.totals(), sm.stage_labels(L))
        sheets = d.sheets
        done = int((sheets["status"] == "submitted").sum()) if len(sheets) else 0
        extra = {"sheets": f"{done}/{len(sheets)}", "experts": int(sheets["expert_id"].nunique()) if len(sheets) else 0,
                 "flags": len(d.flags)}
        self.sheets_kpis.value = kpis_html(extra, {"sheets": text("dashboards.kpi_sheets_submitted", L),
                                                   "experts": text("dashboards.kpi_experts", L),
                                                   "flags": text("dashboards.kpi_flags", L)})
        self.funnel_fig.show(funnel_figure(d.funnel, self.colors, stage_labels=sm.stage_labels(L), lang=L))
        timeline = sm.submissions_timeline(sm.submitted_events(s), d.status["county"], s.config.time_zone)
        self.time_fig.show(progress_over_time_figure(timeline, self.colors, total=len(sheets) or None, lang=L))
        rel = reliability_view(s.reliability().to_frame(), s.rubric, L)
        self.reliability = rel.drop(columns=["scope", "short"])
        parts = rel[rel["scope"] == "part"].drop(columns=["scope", "short"])
        cols = {"label": text("dashboards.header_label", L), "headline_form": text("dashboards.header_headline_form", L), "headline": "ICC",
                "band": text("dashboards.header_band", L), "alpha": "α", "alpha_band": text("dashboards.header_alpha_band", L),
                "n_targets": text("dashboards.header_n_targets", L)}
        self.rel_table.value = (table_html(parts.rename(columns=cols), text("dashboards.not_enough_ratings", L), lang=L,
                                           index=False) + f'<p class="pt-note pt-explain-icc">{html.escape(text("dashboards.explain_icc", L))}</p>')
        self.rel_fig.show(reliability_figure(rel, label="short", lang=L))

    def run_sensitivity(self) -> None:
        L = self.lang
        self.bar.max, self.bar.value = int(self.boot.value), 0

        def progress(done: int, total: int) -> None:
            self.bar.max, self.bar.value = total, done

        try:
            result = self.session.sensitivity(n_boot=int(self.boot.value), seed=SEED, progress=progress)
        except PanelError as e:
            self.sens_summary.value = f'<p class="pt-note">{html.escape(e.message(L))}</p>'
            return
        frame = result.to_frame()
        frame["county"] = frame.index.map(self.data.status["county"]).astype("str")
        self.sensitivity = frame
        changed = result.changed()
        n_methods = int(frame["method_pass_changes"].sum()) if len(frame) else 0
        n_loo = int(frame["loo_pass_flips"].str.len().gt(0).sum()) if len(frame) else 0
        uncertain = int(frame["p_proposed"].between(0.2, 0.8).sum()) if len(frame) else 0
        summary = text("dashboards.sensitivity_summary", L, n=len(frame), methods=n_methods, loo=n_loo,
                       boot=result.n_boot, seed=result.seed, uncertain=uncertain)
        self.sens_summary.value = (f"<p>{html.escape(summary)}</p>"
                                   f'<p class="pt-note pt-explain-boot">{html.escape(text("dashboards.explain_bootstrap", L))}</p>')
        names = {m: METHOD_LABELS[m][index(L)] for m in METHODS}
        scores = frame.rename(columns={f"combined_{m}": m for m in METHODS})
        self.method_fig.show(method_comparison_figure(scores, list(METHODS), label="brand_name", method_labels=names,
                                                      pass_mark=self.data.pass_mark, lang=L))
        self.stability_fig.show(sensitivity_figure(frame, self.colors, label="brand_name", lang=L))
        self.sens_table.value = table_html(changed_view(changed, L), text("dashboards.no_conclusion_changes", L),
                                           lang=L, index=False)

    def shown(self) -> dict[str, pd.DataFrame]:
        L = self.lang
        out = {text("dashboards.city_sheet_by_county", L): self.data.funnel.rename(columns=sm.stage_labels(L)),
               text("dashboards.city_sheet_reliability", L): self.reliability}
        if self.sensitivity is not None:
            out[text("dashboards.city_sheet_sensitivity", L)] = self.sensitivity
        return out


def app(params: dict[str, str] | None = None) -> w.Widget:
    """The Voila entry point: the overview for a city link; a county link or no link gets a message."""
    return launch(CityOverview, params)
