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

import numpy as np
import pandas as pd

from ..config.rubric import Rubric
from ..i18n import labels, text

NAME_WORD_LEN = 2
SAMPLE_MARKS = ("（示例）", "(示例)")
ADMIN_SUFFIXES = "省市区县"
INDUSTRY_ORG, ENTERPRISE = "行业组织", "企事业单位"   # fields.UNIT_TYPES (第三条)
S = np.dtypes.StringDType()


def _sd(values) -> np.ndarray:
    """Text as a numpy StringDType array, "" when missing."""
    return np.asarray(pd.Series(values, dtype="str").fillna(""), dtype=S)


def strip_sample_mark(texts: np.ndarray) -> np.ndarray:
    for mark in SAMPLE_MARKS:
        texts = np.strings.replace(texts, mark, "")
    return np.strings.strip(texts)


def strip_regions(texts: np.ndarray, rubric: Rubric) -> np.ndarray:
    """Drop leading region words, each optionally followed by 省/市/区/县, as often as they repeat
    ("辽宁省营口市鲅鱼圈区海韵…" → "海韵…"). Longest words first, so 营口 wins over 营."""
    words = sorted(rubric.region_words, key=len, reverse=True)
    while words:
        cut = np.zeros(len(texts), dtype=np.int64)
        for w in words:
            cut[(cut == 0) & np.strings.startswith(texts, w)] = len(w)
        if not cut.any():
            return texts
        rest = np.strings.slice(texts, cut, None)
        suffix = (cut > 0) & np.isin(np.strings.slice(rest, 0, 1).astype(object), list(ADMIN_SUFFIXES))
        texts = np.strings.slice(rest, suffix.astype(np.int64), None)
    return texts


def _word(cleaned_names: np.ndarray, rubric: Rubric) -> np.ndarray:
    return np.strings.slice(strip_regions(cleaned_names, rubric), 0, NAME_WORD_LEN)


def enterprise_word(unit_names: pd.Series, rubric: Rubric) -> pd.Series:
    """The heuristic enterprise name word (企业名号) of each unit name; "" when none is left."""
    codes, uniques = pd.factorize(pd.Series(unit_names, dtype="str"))
    words = np.append(_word(strip_sample_mark(_sd(uniques)), rubric), np.array([""], dtype=S))
    return pd.Series(words[codes].astype(object), index=getattr(unit_names, "index", None), dtype="str")


def _factorized(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, cleaned distinct texts); missing values point at a trailing ""."""
    codes, uniques = pd.factorize(pd.Series(values, dtype="str"))
    table = np.append(strip_sample_mark(_sd(uniques)), np.array([""], dtype=S))
    return np.where(codes < 0, len(table) - 1, codes), table


def name_warnings(apps: pd.DataFrame, rubric: Rubric, lang: str = "zh") -> pd.Series:
    """Per application, the 第三条 warning in ``lang`` ("" when the name fits or no name is given — a
    missing name already fails E3). Reads ``brand_name``, ``unit_name`` and ``unit_type``.

    Each distinct brand and unit name is examined once; rows take their results by code."""
    t = labels("eligibility.naming", lang)
    b_code, brands = _factorized(apps["brand_name"])
    u_code, units = _factorized(apps["unit_name"])
    unit_type = apps["unit_type"].astype("str")

    ends_job = np.zeros(len(brands), dtype=bool)
    for w in rubric.job_words:
        ends_job |= np.strings.endswith(brands, w)
    starts_region = np.zeros(len(brands), dtype=bool)
    for w in rubric.region_words:
        starts_region |= np.strings.startswith(brands, w)
    brand_core = strip_regions(brands, rubric)
    words = _word(units, rubric)
    # 企业名号 check per distinct (brand, unit name) pair
    pair, pairs = pd.factorize(b_code * len(units) + u_code)
    pb, pu = pairs // len(units), pairs % len(units)
    fits = np.strings.startswith(brands[pb], words[pu]) | np.strings.startswith(brand_core[pb], words[pu])

    has_name = np.strings.str_len(brands)[b_code] > 0
    bad_job = has_name & ~ends_job[b_code]
    bad_region = has_name & unit_type.eq(INDUSTRY_ORG).fillna(False).to_numpy(dtype=bool) & ~starts_region[b_code]
    bad_ent = (has_name & unit_type.eq(ENTERPRISE).fillna(False).to_numpy(dtype=bool)
               & (np.strings.str_len(words)[u_code] > 0) & ~fits[pair])

    out = np.full(len(apps), "", dtype=object)
    idx = np.flatnonzero(bad_job | bad_region | bad_ent)        # warnings are built for those rows only
    if idx.size:
        examples = text("common.list_sep", lang).join(rubric.job_words[:3])
        before, after = t["enterprise"].split("{word}")
        ent = before + words[u_code[idx]].astype(object) + (after + t["sep"])
        body = (np.where(bad_job[idx], t["job"].format(examples=examples) + t["sep"], "").astype(object)
                + np.where(bad_region[idx], t["region"] + t["sep"], "").astype(object)
                + np.where(bad_ent[idx], ent, ""))
        out[idx] = t["prefix"] + np.strings.rstrip(body.astype(S), t["sep"]).astype(object)
    return pd.Series(out, index=apps.index, dtype="str", name="name_warning")
