"""Brand-name warnings (第三条). A name that does not fit is a warning, never a failure.

第三条: an industry organisation's (行业组织) brand is "地域 + 行业 + 工种", an enterprise's or institution's
(企事业单位) is "企业名号 + 行业 + 工种", the job word being like 工、匠、师. The accepted job words and
region words are policy defaults in the rubric (``naming``).

Enterprise name word — a documented heuristic, since the form has no "企业名号" field: take the unit name,
drop the demo mark "（示例）" wherever it is, strip leading region words (each optionally followed by
省/市/区/县, repeatedly: "辽宁省营口市鲅鱼圈区…"), and keep the next :data:`NAME_WORD_LEN` characters.
The brand fits when it starts with that word, either directly or after its own leading region words
("营口鑫达焊工" fits 营口鑫达建筑有限公司 as well as "鑫达焊工" does).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..config.rubric import Rubric

NAME_WORD_LEN = 2
SAMPLE_MARKS = ("（示例）", "(示例)")
ADMIN_SUFFIXES = "省市区县"
INDUSTRY_ORG, ENTERPRISE = "行业组织", "企事业单位"   # fields.UNIT_TYPES (第三条)
S = np.dtypes.StringDType()

TEXT = {
    "zh": {"prefix": "第三条：", "sep": "；",
           "job": "名称宜以工种词结尾（如{examples}等）",
           "region": "行业组织品牌名称宜为“地域+行业+工种”，未以地域名称开头",
           "enterprise": "企事业单位品牌名称宜为“企业名号+行业+工种”，未以企业名号「{word}」开头"},
    "en": {"prefix": "Article 3: ", "sep": "; ",
           "job": "the name should end with a job word (such as {examples})",
           "region": "an industry organisation's brand should be region + industry + job word; "
                     "it does not start with a region name",
           "enterprise": "an enterprise's brand should be enterprise name + industry + job word; "
                         "it does not start with the enterprise name “{word}”"},
}


def region_pattern(rubric: Rubric) -> str:
    """Regex for leading region words, longest first so 营口 wins over 营."""
    words = "|".join(re.escape(w) for w in sorted(rubric.region_words, key=len, reverse=True))
    return rf"^(?:(?:{words})[{ADMIN_SUFFIXES}]?)+" if words else r"^$^"


def strip_sample_mark(names: pd.Series) -> pd.Series:
    out = names.astype("str").fillna("")
    for mark in SAMPLE_MARKS:
        out = out.str.replace(mark, "", regex=False)
    return out.str.strip()


def enterprise_word(unit_names: pd.Series, rubric: Rubric) -> pd.Series:
    """The heuristic enterprise name word (企业名号) of each unit name; "" when none is left."""
    core = strip_sample_mark(unit_names).str.replace(region_pattern(rubric), "", regex=True)
    return core.str[:NAME_WORD_LEN]


def name_warnings(apps: pd.DataFrame, rubric: Rubric, lang: str = "zh") -> pd.Series:
    """Per application, the 第三条 warning in ``lang`` ("" when the name fits or no name is given — a
    missing name already fails E3). Reads ``brand_name``, ``unit_name`` and ``unit_type``."""
    t = TEXT[lang]
    brand = strip_sample_mark(apps["brand_name"])
    unit_type = apps["unit_type"].astype("str")
    has_name = (brand != "").to_numpy(dtype=bool)
    regions = tuple(rubric.region_words)

    bad_job = ~brand.str.endswith(tuple(rubric.job_words)).to_numpy(dtype=bool) if rubric.job_words else \
        np.zeros(len(brand), dtype=bool)
    is_org = unit_type.eq(INDUSTRY_ORG).fillna(False).to_numpy(dtype=bool)
    bad_region = is_org & ~(brand.str.startswith(regions).to_numpy(dtype=bool) if regions else False)

    is_ent = unit_type.eq(ENTERPRISE).fillna(False).to_numpy(dtype=bool)
    word = np.asarray(enterprise_word(apps["unit_name"], rubric), dtype=S)
    brand_sd = np.asarray(brand, dtype=S)
    brand_core = np.asarray(brand.str.replace(region_pattern(rubric), "", regex=True), dtype=S)
    fits = np.strings.startswith(brand_sd, word) | np.strings.startswith(brand_core, word)
    bad_ent = is_ent & (np.strings.str_len(word) > 0) & ~fits

    examples = ("、" if lang == "zh" else ", ").join(rubric.job_words[:3])
    parts = np.full(len(brand), "", dtype=S)
    parts = np.strings.add(parts, np.where(bad_job, t["job"].format(examples=examples) + t["sep"], ""))
    parts = np.strings.add(parts, np.where(bad_region, t["region"] + t["sep"], ""))
    ent_text = np.strings.add(np.strings.add(t["enterprise"].split("{word}")[0], word),
                              t["enterprise"].split("{word}")[1] + t["sep"])
    parts = np.strings.add(parts, np.where(bad_ent, ent_text, np.array("", dtype=S)))
    parts = np.strings.rstrip(parts, t["sep"])
    text = np.where(has_name & (np.strings.str_len(parts) > 0), np.strings.add(t["prefix"], parts), np.array("", dtype=S))
    return pd.Series(text.astype(object), index=apps.index, dtype="str", name="name_warning")
