"""Result objects: a table in a notebook (``_repr_html_``), a DataFrame for an analyst (``to_frame``).

:class:`AggregationResult` is the proposed list (拟认定名单, 第十二条) with the per-expert scores, the
flags for the chair and the part-level reliability; ``official_frame()`` is the sheet city HR
publishes, ``write_excel()`` the workbook with it, the flags and the per-expert scores.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import pandas as pd

from ..config.rubric import Rubric
from ..i18n import LANGS, index, labels, lang_of, pick
from ..results import TableResult
from .methods import LABELS as METHOD_LABELS
from .ranking import CONCLUSIONS

#: The official list's columns (``official_*`` in ``i18n/aggregation.toml``) and the workbook's sheet names, by language.
OFFICIAL = {lang: tuple(labels("aggregation.official", lang).values()) for lang in LANGS}
SHEETS = {lang: tuple(labels("aggregation.sheet", lang).values()) for lang in LANGS}
LIST_COLUMNS = ("county", "brand_name", "unit_name", "industry", "material", "site", "combined", "rank", "tie", "passed",
                "conclusion", "reason_code", "reason", "reason_en", "n_material", "n_site", "trimmed_material",
                "trimmed_site", "eligibility", "screened_in")
_ORDER = {"proposed": 0, "not_proposed": 0, "incomplete": 1, "excluded": 2}


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Ranked candidates by rank, then the incomplete, then the excluded (each by application id)."""
    key = pd.DataFrame({"g": frame["conclusion"].map(_ORDER), "r": frame["rank"].fillna(0).astype("int64"),
                        "i": frame.index.to_numpy()}, index=frame.index)
    return frame.loc[key.sort_values(["g", "r", "i"]).index]


def official_frame(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """序号, 县(市)区, 劳务品牌名称, 建设单位, 行业, 资料评审, 实地核查, 综合得分, 排名, 结论 (two decimals)."""
    f = ordered(frame)
    cols = OFFICIAL[lang_of(lang)]
    verdict = labels("aggregation.verdict", lang)
    out = pd.DataFrame({
        cols[0]: range(1, len(f) + 1), cols[1]: f["county"].astype("str").to_numpy(),
        cols[2]: f["brand_name"].astype("str").to_numpy(), cols[3]: f["unit_name"].astype("str").to_numpy(),
        cols[4]: f["industry"].astype("str").to_numpy(), cols[5]: f["material"].round(2).to_numpy(),
        cols[6]: f["site"].round(2).to_numpy(), cols[7]: f["combined"].round(2).to_numpy(),
        cols[8]: pd.array(f["rank"].to_numpy(), dtype="Int64"),
        cols[9]: pd.array(f["reason_code"].map(verdict).to_numpy(), dtype="str")})
    return out


class FlagsResult(TableResult):
    """Flags for the chair: kind, label, application_id, part, expert_id, assignment_id, value, detail, detail_en."""

    title = "评审提示 Flags for the chair"

    def counts(self) -> pd.Series:
        return self._frame["kind"].value_counts()

    def display_frame(self, lang: str = "zh", units: pd.Series | None = None) -> pd.DataFrame:
        f, head = self._frame, labels("aggregation.flags", lang)
        return pd.DataFrame({
            head["kind"]: f[pick(lang, "label", "kind")],          # the kind's Chinese label, or its English id
            head["application"]: f["application_id"],
            head["unit"]: f["application_id"].map(units).astype(object) if units is not None else "",
            head["part"]: f["part"].map(labels("aggregation.part", lang)).fillna(""),
            head["expert"]: f["expert_id"],
            head["detail"]: f[pick(lang, "detail", "detail_en")]})


@dataclass(frozen=True)
class ListInfo:
    method: str
    rubric_id: str
    rubric_version: str
    pass_mark: float
    weights: tuple[float, float]
    quota: int | None


class AggregationResult(TableResult):
    """The proposed list, index application_id (:data:`LIST_COLUMNS`); ``per_expert()``, ``flags``,
    ``reliability``, ``official_frame()``, ``write_excel()``."""

    title = "拟认定名单 Proposed recognition list"

    def __init__(self, frame: pd.DataFrame, *, per_expert: pd.DataFrame, flags: pd.DataFrame,
                 reliability: pd.DataFrame | None, method: str, rubric: Rubric, quota: int | None,
                 pending_vetoes: pd.DataFrame | None = None, title: str = ""):
        cols = [c for c in LIST_COLUMNS if c in frame.columns]
        super().__init__(ordered(frame)[cols], title)
        self._per_expert, self.reliability = per_expert, reliability
        self.flags = FlagsResult(flags)
        self.pending_vetoes = pending_vetoes if pending_vetoes is not None else pd.DataFrame()
        sc = rubric.scoring
        self.info = ListInfo(method, rubric.id, rubric.version, sc.pass_mark, (sc.weight_material, sc.weight_site), quota)
        self.method = method

    def per_expert(self) -> pd.DataFrame:
        """One row per active assignment: status, total, the value counted (x̃ for z-score), part score, deviation."""
        return self._per_expert.copy()

    def proposed(self) -> pd.DataFrame:
        return self._frame[self._frame["conclusion"] == "proposed"].copy()

    def summary(self) -> dict[str, int]:
        counts = self._frame["conclusion"].value_counts()
        return {c: int(counts.get(c, 0)) for c in CONCLUSIONS}

    def official_frame(self, lang: str = "zh") -> pd.DataFrame:
        return official_frame(self._frame, lang)

    def per_expert_frame(self, lang: str = "zh") -> pd.DataFrame:
        p = self._per_expert.join(self._frame[["unit_name"]], on="application_id")
        names = tuple(labels("aggregation.per_expert", lang).values())
        values = [p["application_id"], p["unit_name"], p["part"].map(labels("aggregation.part", lang)), p["expert_id"],
                  p["expert_name"], p["status"].map(labels("aggregation.status", lang)), p["revision"], p["total"].round(2),
                  p["value"].round(2), p["part_score"].round(2), p["deviation"].round(2)]
        out = pd.DataFrame({n: v.to_numpy() for n, v in zip(names, values)})
        return out.sort_values([names[0], names[2], names[3]]).reset_index(drop=True)

    def notes(self, lang: str = "zh", extra: dict | None = None) -> pd.DataFrame:
        i, t = self.info, labels("aggregation.notes", lang)
        method = METHOD_LABELS[i.method][index(lang)]
        # Chinese shows names, not identifiers (method and rubric ids are English words: English only)
        rows = [(t["method"], pick(lang, method, f"{i.method}: {method}")),
                (t["rubric"], pick(lang, f"版本 {i.rubric_version}", f"{i.rubric_id} {i.rubric_version}")),
                (t["weights"], t["weights_value"].format(material=f"{i.weights[0]:g}", site=f"{i.weights[1]:g}")),
                (t["pass_mark"], f"{i.pass_mark:g}"),
                (t["quota"], t["no_quota"] if i.quota is None else str(i.quota)),
                (t["basis"], "营口市劳务品牌认定管理办法(试行) 第十二条"),
                (t["generated_at"], dt.datetime.now().astimezone().isoformat(timespec="seconds"))]
        rows += list((extra or {}).items())
        return pd.DataFrame(rows, columns=[t["item"], t["value"]])

    def write_excel(self, path, lang: str = "zh", extra_notes: dict | None = None) -> None:
        from .export import write_workbook

        names = SHEETS[lang_of(lang)]
        units = self._frame["unit_name"]
        write_workbook(path, {names[0]: self.official_frame(lang), names[1]: self.flags.display_frame(lang, units),
                              names[2]: self.per_expert_frame(lang), names[3]: self.notes(lang, extra_notes)})

    def _repr_html_(self) -> str:
        s = self.summary()
        head = (f"<h4>{html.escape(self.title)}</h4><p>方法 method: {html.escape(self.method)}；"
                f"拟认定 {s['proposed']}，不予认定 {s['not_proposed']}，评审未完成 {s['incomplete']}，不参加排名 {s['excluded']}；"
                f"提示 flags: {len(self.flags)}</p>")
        return head + self.official_frame().to_html(escape=True, index=False, max_rows=200, na_rep="")


class ReliabilityResult(TableResult):
    """Per part and per criterion: the six ICC forms, Krippendorff's α (at the rubric's level per part), design and bands."""

    title = "评分一致性 Inter-rater reliability (ICC, Krippendorff's α)"

    def parts(self) -> pd.DataFrame:
        return self._frame[self._frame["scope"] == "part"].copy()

    def criteria(self) -> pd.DataFrame:
        return self._frame[self._frame["scope"] == "criterion"].copy()


class SensitivityResult(TableResult):
    """Per ranked candidate: each method's combined score, rank and conclusion; leave-one-expert-out
    rank range and pass flips; the bootstrap's rank interval and probability of passing."""

    title = "敏感性分析 Sensitivity of the list"

    def __init__(self, frame: pd.DataFrame, *, n_boot: int, seed: int, confidence: float, method: str, title: str = ""):
        super().__init__(frame, title)
        self.n_boot, self.seed, self.confidence, self.method = n_boot, seed, confidence, method

    def changed(self) -> pd.DataFrame:
        """Candidates whose pass/fail or rank is not the same under every method or without some expert."""
        f = self._frame
        return f[f["method_pass_changes"] | f["method_rank_changes"] | f["loo_pass_flips"].str.len().gt(0)].copy()


class Confirmation(TableResult):
    """The chair's confirmation of the proposed list: who, when, method, inputs hash; rows as confirmed."""

    title = "已确认的拟认定名单 Confirmed proposed list"

    def __init__(self, frame: pd.DataFrame, *, id: int, actor: str, confirmed_at, method: str, inputs_sha256: str,
                 title: str = ""):
        super().__init__(frame, title)
        self.id, self.actor, self.confirmed_at, self.method, self.inputs_sha256 = id, actor, confirmed_at, method, inputs_sha256

    def _repr_html_(self) -> str:
        head = (f"<p>确认 confirmation #{self.id}：{html.escape(self.actor)}，{self.confirmed_at:%Y-%m-%d %H:%M %Z}，"
                f"方法 {html.escape(self.method)}，输入 SHA-256 <code>{self.inputs_sha256}</code></p>")
        return head + super()._repr_html_()
