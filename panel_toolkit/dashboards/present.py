"""Tables as people read them, on the page and in the Excel downloads: Chinese headers (English with
``lang="en"``), 是/否 for booleans, an empty cell for a missing value (never None/NaN/<NA>), times in the
session's time zone without an offset (never ``+00:00``), method ids by name, and no ``*_en`` twin columns
in Chinese."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd

#: column → (zh, en). Columns not listed keep their (already readable) name.
HEADERS = {
    "application_id": ("申报编号", "application"), "county": ("县(市)区", "county"), "unit_name": ("建设单位", "unit"),
    "brand_name": ("劳务品牌", "brand"), "industry": ("行业", "industry"), "expert": ("专家", "expert"),
    "expert_id": ("专家编号", "expert id"), "expert_name": ("专家", "expert"), "part": ("部分", "part"),
    "label": ("范围", "scope"), "headline_form": ("指标", "form"), "headline": ("ICC", "ICC"), "band": ("等级", "band"),
    "alpha": ("α", "α"), "alpha_band": ("α 等级", "α band"), "n_targets": ("候选对象", "candidates"),
    "combined": ("综合得分", "combined"), "rank": ("排名", "rank"), "conclusion": ("结论", "conclusion"),
    "material": ("资料评审", "material"), "site": ("实地核查", "site"), "reason": ("说明", "reason"),
    "combined_mean": ("综合得分（平均）", "combined (mean)"), "rank_mean": ("排名（平均）", "rank (mean)"),
    "proposed_mean": ("拟认定（平均）", "proposed (mean)"),
    "combined_median": ("综合得分（中位数）", "combined (median)"), "rank_median": ("排名（中位数）", "rank (median)"),
    "proposed_median": ("拟认定（中位数）", "proposed (median)"),
    "combined_trimmed_mean": ("综合得分（去掉最高最低分）", "combined (trimmed mean)"),
    "rank_trimmed_mean": ("排名（去掉最高最低分）", "rank (trimmed mean)"),
    "proposed_trimmed_mean": ("拟认定（去掉最高最低分）", "proposed (trimmed mean)"),
    "combined_zscore": ("综合得分（标准分）", "combined (z-score)"), "rank_zscore": ("排名（标准分）", "rank (z-score)"),
    "proposed_zscore": ("拟认定（标准分）", "proposed (z-score)"),
    "method_pass_changes": ("换方法结论改变", "pass changes across methods"),
    "method_rank_changes": ("换方法名次变化", "rank changes across methods"),
    "loo_rank_min": ("去掉一位专家后最好名次", "best rank without one expert"),
    "loo_rank_max": ("去掉一位专家后最差名次", "worst rank without one expert"),
    "loo_pass_flips": ("去掉后结论改变的专家", "experts whose removal flips the result"),
    "boot_rank_lo": ("自助法名次下限", "bootstrap rank low"), "boot_rank_hi": ("自助法名次上限", "bootstrap rank high"),
    "boot_rank_median": ("自助法名次中位数", "bootstrap median rank"),
    "p_pass": ("自助法达到及格线比例", "bootstrap share passing"), "p_proposed": ("自助法列入名单比例", "bootstrap share proposed"),
    "status": ("状态", "status"), "assigned": ("分配评分表", "sheets assigned"),
    "submitted": ("已提交", "submitted"),
    "pending": ("待提交", "pending"), "done": ("完成率", "done"), "late": ("逾期", "late"), "submitted_at": ("提交时间", "submitted at"), "updated_at": ("更新时间", "updated at"),
}
VALUES = {
    "trimmed_mean": ("去掉一个最高分和一个最低分后平均", "trimmed mean"), "mean": ("平均", "mean"),
    "median": ("中位数", "median"), "zscore": ("标准分", "z-score"),
    "material": ("资料评审", "material review"), "site": ("实地核查", "site inspection"),
    "removed": ("已移出", "removed"), "suspended": ("暂停", "suspended"), "active": ("正常", "active"),
    "proposed": ("拟认定", "proposed"), "not_proposed": ("未列入", "not proposed"), "excluded": ("排除", "excluded"),
    "incomplete": ("评分未完成", "incomplete"), "submitted": ("已提交", "submitted"), "draft": ("草稿", "draft"),
    "not_started": ("未开始", "not started"),
}


def _cell(v, lang: str, tz: ZoneInfo):
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return ("是" if v else "否") if lang != "en" else ("yes" if v else "no")
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        moment = pd.Timestamp(v)
        if moment.tzinfo is None:
            if moment == moment.normalize():
                return moment.strftime("%Y-%m-%d")   # a calendar date (founding date, 申报截止日), not a moment
            moment = moment.tz_localize("UTC")        # the store keeps moments in UTC
        return moment.tz_convert(tz).strftime("%Y-%m-%d %H:%M")
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, str) and v in VALUES:
        return VALUES[v][1 if lang == "en" else 0]
    if isinstance(v, (list, tuple)):
        return "、".join(str(x) for x in v) if lang != "en" else ", ".join(str(x) for x in v)
    return v


def present(df: pd.DataFrame, lang: str = "zh", time_zone: str = "Asia/Shanghai") -> pd.DataFrame:
    """A copy of ``df`` ready to show or export (see the module doc)."""
    tz = ZoneInfo(time_zone)
    out = df.copy()
    if lang != "en":
        out = out.drop(columns=[c for c in out.columns if isinstance(c, str) and c.endswith("_en")])
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_float_dtype(s) and not pd.api.types.is_bool_dtype(s):
            out[col] = [("" if pd.isna(v) else round(float(v), 2)) for v in s]
        elif not pd.api.types.is_integer_dtype(s) or s.isna().any():
            out[col] = [_cell(v, lang, tz) for v in s.astype(object)]
    i = 1 if lang == "en" else 0
    out = out.rename(columns={c: HEADERS[c][i] for c in out.columns if c in HEADERS})
    if out.index.name in HEADERS:
        out.index.name = HEADERS[out.index.name][i]
    return out
