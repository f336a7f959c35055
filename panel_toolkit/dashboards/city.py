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
from . import summary as sm
from .county import CSS, ExcelDownload, Figure, kpis_html, launch, legend_html, rules_warning, t, table_html

#: Bootstrap replicates run when the overview opens (the analyst notebook runs more).
N_BOOT = 200
SEED = 2024
#: Column headers need short names of the methods (the full ones are in aggregation.methods.LABELS).
SHORT_METHOD = {"mean": "平均", "median": "中位数", "trimmed_mean": "去高去低", "zscore": "标准化"}
PART_TEXT = {"material": ("资料评审", "material review"), "site": ("实地核查", "site inspection")}


def reliability_view(table: pd.DataFrame, rubric, lang: str = "zh") -> pd.DataFrame:
    """Per part and criterion: label, the headline ICC form and value, its band, Krippendorff's α."""
    if table.empty:
        return pd.DataFrame(columns=["scope", "label", "short", "headline_form", "headline", "band", "alpha", "alpha_band",
                                     "n_targets"])
    names = {c.id: c.label(lang) for c in rubric.criteria} | {i.id: i.label(lang) for i in rubric.site_items}
    i = 1 if lang == "en" else 0
    label = [PART_TEXT.get(p, (p, p))[i] + (f" · {item} {names.get(item, '')}" if item else "")
             for p, item in zip(table["part"], table["item_id"])]
    short = [item or PART_TEXT.get(p, (p, p))[i] for p, item in zip(table["part"], table["item_id"])]
    from ..aggregation.reliability import ALPHA_BANDS, band

    out = pd.DataFrame({"scope": table["scope"], "label": label, "short": short, "headline_form": table["headline_form"], "headline": table["headline"].round(3),
                        "band": [band(v, lang=lang) for v in table["headline"]], "alpha": table["alpha"].round(3),
                        "alpha_band": [band(v, ALPHA_BANDS, lang=lang) for v in table["alpha"]],
                        "n_targets": table["n_targets"]}, index=table.index)
    return out


def changed_view(changed: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The candidates whose conclusion depends on the method or on one expert, as people read it."""
    i = 1 if lang == "en" else 0
    methods = {f"rank_{m}": (f"排名（{SHORT_METHOD.get(m, m)}）", f"rank ({m})") for m in METHODS}
    cols = {"unit_name": ("单位名称", "unit"), "brand_name": ("劳务品牌", "brand"), "combined": ("综合得分", "combined"),
            "rank": ("排名", "rank"), **methods, "loo_pass_flips": ("去掉后结论改变的专家", "experts whose absence flips it"),
            "p_proposed": ("列入名单比例", "share proposed")}
    out = changed[[c for c in cols if c in changed]].copy()
    out["combined"] = out["combined"].astype(float).round(2)
    out["p_proposed"] = [f"{p:.0%}" for p in out["p_proposed"].astype(float)]
    return out.rename(columns={k: v[i] for k, v in cols.items()})


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
        h3 = lambda zh, en: w.HTML(f"<h3>{html.escape(t(L, zh, en))}</h3>")
        self.heading, self.kpis, self.sheets_kpis = w.HTML(), w.HTML(), w.HTML()
        self.kpis.add_class("pt-kpi-row")
        self.funnel_fig, self.time_fig = Figure("pt-fig-funnel"), Figure("pt-fig-timeline")
        self.rel_fig, self.rel_table = Figure("pt-fig-reliability"), w.HTML()
        self.method_fig, self.stability_fig = Figure("pt-fig-methods"), Figure("pt-fig-stability")
        self.sens_summary, self.sens_table = w.HTML(), w.HTML()
        self.sens_summary.add_class("pt-sensitivity")
        self.boot = w.BoundedIntText(value=self.n_boot, min=10, max=5000, step=100,
                                     description=t(L, "重抽样次数", "Bootstrap replicates"))
        self.boot.style.description_width = "initial"
        self.run = w.Button(description=t(L, "重新计算", "Recompute"), icon="refresh")
        self.bar = w.IntProgress(value=0, min=0, max=1, description="")
        self.run.on_click(lambda _: self.run_sensitivity())
        self.excel = ExcelDownload(self.shown, lambda: f"{self.session.id}-{t(L, '市级总览', 'city-overview')}.xlsx", L)
        self.widget = w.VBox([
            w.HTML(CSS), self.heading, self.kpis, self.sheets_kpis,
            h3("各县(市)区进度", "Progress by county"), self.funnel_fig.out,
            h3("评分表提交进度", "Sheets submitted over time"), self.time_fig.out,
            h3("评分一致性", "Inter-rater reliability"), self.rel_table, self.rel_fig.out,
            h3("汇总方法与专家的敏感性", "Sensitivity to the method and to the experts"),
            w.HBox([self.boot, self.run, self.bar]), self.sens_summary, self.method_fig.out, self.stability_fig.out,
            self.sens_table, h3("下载", "Download"), self.excel.widget])
        self.widget.add_class("pt-dash")

    def totals(self) -> dict[str, int]:
        counts = self.data.funnel.sum(axis=0)
        return {k: int(counts[k]) for k in sm.STAGES}

    def show(self) -> None:
        L, d, s = self.lang, self.data, self.session
        confirmed = t(L, "拟认定名单已经主席确认", "the proposed list is confirmed") if d.confirmed else \
            t(L, "拟认定名单尚未确认（按当前评分计算）", "the proposed list is not confirmed yet (computed from the current sheets)")
        self.heading.value = (f"<h2>{html.escape(t(L, '市级总览', 'City overview'))} · {html.escape(s.config.title(L))}</h2>"
                              f'<p class="pt-note">{html.escape(confirmed)} · {legend_html(d.units, self.colors)}</p>'
                              f"{rules_warning(s, L)}")
        self.kpis.value = kpis_html(self.totals(), sm.stage_labels(L))
        sheets = d.sheets
        done = int((sheets["status"] == "submitted").sum()) if len(sheets) else 0
        extra = {"sheets": f"{done}/{len(sheets)}", "experts": int(sheets["expert_id"].nunique()) if len(sheets) else 0,
                 "flags": len(d.flags)}
        self.sheets_kpis.value = kpis_html(extra, {"sheets": t(L, "已提交评分表", "sheets submitted"),
                                                   "experts": t(L, "评审专家", "experts"),
                                                   "flags": t(L, "待处理提示", "flags")})
        self.funnel_fig.show(funnel_figure(d.funnel, self.colors, stage_labels=sm.stage_labels(L), lang=L))
        timeline = sm.submissions_timeline(sm.submitted_events(s), d.status["county"], s.config.time_zone)
        self.time_fig.show(progress_over_time_figure(timeline, self.colors, total=len(sheets) or None, lang=L))
        rel = reliability_view(s.reliability().to_frame(), s.rubric, L)
        self.reliability = rel.drop(columns=["scope", "short"])
        parts = rel[rel["scope"] == "part"].drop(columns=["scope", "short"])
        cols = {"label": t(L, "范围", "scope"), "headline_form": t(L, "指标", "form"), "headline": "ICC",
                "band": t(L, "等级", "band"), "alpha": "α", "alpha_band": t(L, "α 等级", "α band"),
                "n_targets": t(L, "候选对象", "candidates")}
        self.rel_table.value = (table_html(parts.rename(columns=cols), t(L, "暂无足够的评分", "Not enough ratings yet"), lang=L,
                                           index=False) + f'<p class="pt-note pt-explain-icc">{html.escape(t(L, ICC_SENTENCE_ZH, ICC_SENTENCE_EN))}</p>')
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
        summary = t(L, f"排名候选对象 {len(frame)} 个：换用其他汇总方法时结论改变的 {n_methods} 个；去掉某一位专家时结论改变的 "
                       f"{n_loo} 个；自助法（{result.n_boot} 次，种子 {result.seed}）列入名单比例在 20%–80% 之间的 {uncertain} 个。",
                    f"{len(frame)} ranked candidates: {n_methods} change pass/fail under another method; {n_loo} change "
                    f"without one expert; {uncertain} are proposed in 20–80 % of {result.n_boot} bootstrap replicates "
                    f"(seed {result.seed}).")
        self.sens_summary.value = (f"<p>{html.escape(summary)}</p>"
                                   f'<p class="pt-note pt-explain-boot">{html.escape(t(L, BOOT_SENTENCE_ZH, BOOT_SENTENCE_EN))}</p>')
        labels = {m: METHOD_LABELS[m][1 if L == "en" else 0] for m in METHODS}
        scores = frame.rename(columns={f"combined_{m}": m for m in METHODS})
        self.method_fig.show(method_comparison_figure(scores, list(METHODS), label="brand_name", method_labels=labels,
                                                      pass_mark=self.data.pass_mark, lang=L))
        self.stability_fig.show(sensitivity_figure(frame, self.colors, label="brand_name", lang=L))
        self.sens_table.value = table_html(changed_view(changed, L), t(L, "换用方法或去掉任一专家，结论都不变。", "No conclusion changes."),
                                           lang=L, index=False)

    def shown(self) -> dict[str, pd.DataFrame]:
        L = self.lang
        out = {t(L, "各县(市)区进度", "by county"): self.data.funnel.rename(columns=sm.stage_labels(L)),
               t(L, "评分一致性", "reliability"): self.reliability}
        if self.sensitivity is not None:
            out[t(L, "敏感性", "sensitivity")] = self.sensitivity
        return out


#: One plain sentence under each number, saying what it means for the list.
ICC_SENTENCE_ZH = ("ICC 和 α 表示专家之间打分是否一致：越接近 1，换一组专家名单越可能不变；低于 0.5 说明专家看法分歧大，"
                   "名单边缘的候选对象应由评审组复核。")
ICC_SENTENCE_EN = ("ICC and α say how far the experts agree: the closer to 1, the more likely another panel would give the "
                   "same list; below 0.5 the experts disagree and candidates near the pass mark deserve a second look.")
BOOT_SENTENCE_ZH = ("自助法把专家随机重抽上千次、每次重新计算名单：列入比例接近 100% 或 0% 的结论稳定，"
                    "在 20%–80% 之间的候选对象取决于由哪几位专家评审，确认名单前宜重点复核。")
BOOT_SENTENCE_EN = ("The bootstrap redraws the experts a thousand times and recomputes the list each time: a share near "
                    "100 % or 0 % is a stable result; between 20 % and 80 % the result depends on which experts scored, "
                    "so check those candidates before confirming.")


def app(params: dict[str, str] | None = None) -> w.Widget:
    """The Voila entry point: the overview for a city link; a county link or no link gets a message."""
    return launch(CityOverview, params)
