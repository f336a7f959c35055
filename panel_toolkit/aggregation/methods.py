"""How the experts' totals of one part become the candidate's part score (第十二条 资料评审 + 实地核查).

Pure maths on numbers; the wrappers in :mod:`panel_toolkit.aggregation.pipeline` check the input.
Which method is used, and from how many sheets the trimming starts, are **policy defaults** of the
rubric (``scoring.aggregation``, ``scoring.trim_min_sheets``), never literals here.

- ``mean``: the plain mean of the experts' totals.
- ``median``: the median (the mean of the two middle totals for an even panel).
- ``trimmed_mean``: 去掉一个最高分和一个最低分 — drop ONE highest and ONE lowest total (one
  occurrence each, also when several experts gave the same extreme) and average the rest, when at
  least ``trim_min_sheets`` experts scored; the plain mean otherwise.
- ``zscore``: per-expert normalisation for lenient and severe experts. For part *p* and expert *e*

      x̃(e,c) = M_p + S_p · (x(e,c) − m(e,p)) / s(e,p)

  where x(e,c) is expert e's total for candidate c; m(e,p), s(e,p) are the mean and population
  standard deviation (ddof = 0) of expert e's totals over all candidates e scored in part p (every
  submitted, complete sheet of the session); and M_p, S_p are the mean and population standard
  deviation of all those totals of part p (the panel's scale). x̃ is clipped to [0, part maximum]. An expert whose totals cannot be standardised
  (fewer than two candidates scored, or all totals equal) keeps the raw totals. The candidate's part
  score is the plain mean of x̃ over its panel.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import pair

METHODS = ("mean", "median", "trimmed_mean", "zscore")
#: method → (zh, en) label (``method_*`` in ``i18n/aggregation.toml``).
LABELS = {m: pair(f"aggregation.method_{m}") for m in METHODS}


# -- one panel: a 1-D array of totals -------------------------------------------------------------

def mean(values) -> float:
    v = np.asarray(values, dtype=float)
    return float(v.mean()) if v.size else float("nan")


def median(values) -> float:
    v = np.asarray(values, dtype=float)
    return float(np.median(v)) if v.size else float("nan")


def trimmed_mean(values, trim_min_sheets: int) -> float:
    """Drop one highest and one lowest value when ``len(values) >= trim_min_sheets``, else the mean."""
    v = np.asarray(values, dtype=float)
    n = v.size
    if n == 0:
        return float("nan")
    if n >= trim_min_sheets:
        return float((v.sum() - v.max() - v.min()) / (n - 2))
    return float(v.mean())


def zscore_adjust(values, expert_mean: float, expert_sd: float, scale_mean: float, scale_sd: float,
                  maximum: float) -> np.ndarray:
    """x̃ = M + S·(x − m)/s clipped to [0, maximum]; the raw values when s is 0 or undefined."""
    v = np.asarray(values, dtype=float)
    if not np.isfinite(expert_sd) or expert_sd == 0:
        return v
    return np.clip(scale_mean + scale_sd * (v - expert_mean) / expert_sd, 0, maximum)


# -- many panels at once: a long frame of totals ---------------------------------------------------

def normalised_totals(totals: pd.DataFrame, maxima: dict[str, float]) -> pd.Series:
    """``zscore`` values x̃ for every row of ``totals`` (columns part, expert_id, total; submitted sheets)."""
    x = totals["total"].astype(float)
    by_expert = x.groupby([totals["part"], totals["expert_id"]])
    m_e, s_e, n_e = by_expert.transform("mean"), by_expert.transform("std", ddof=0), by_expert.transform("count")
    by_part = x.groupby(totals["part"])
    m_p, s_p = by_part.transform("mean"), by_part.transform("std", ddof=0)
    cap = totals["part"].map(maxima).astype(float)
    z = m_p + s_p * (x - m_e) / s_e.where(s_e > 0)
    adjusted = z.clip(lower=0).where(z <= cap, cap)
    keep_raw = (n_e < 2) | ~(s_e > 0)
    return adjusted.where(~keep_raw, x).rename("adjusted")


def per_expert_values(totals: pd.DataFrame, method: str, maxima: dict[str, float]) -> pd.Series:
    """What each expert contributes under ``method``: the raw total, or x̃ for ``zscore``."""
    if method == "zscore":
        return normalised_totals(totals, maxima)
    return totals["total"].astype(float).rename("adjusted")


def part_scores(totals: pd.DataFrame, method: str, trim_min_sheets: int, maxima: dict[str, float]) -> pd.DataFrame:
    """The part score of every (application_id, part) group of ``totals`` (one row per submitted sheet:
    application_id, part, expert_id, total). Returns columns score, n (sheets), trimmed (bool)."""
    values = per_expert_values(totals, method, maxima)
    g = values.groupby([totals["application_id"], totals["part"]])
    stats = g.agg(["sum", "min", "max", "count", "mean", "median"])
    n = stats["count"]
    trimmed = (method == "trimmed_mean") & (n >= trim_min_sheets)
    if method == "median":
        score = stats["median"]
    elif method == "trimmed_mean":
        score = ((stats["sum"] - stats["max"] - stats["min"]) / (n - 2)).where(trimmed, stats["mean"])
    else:  # mean, zscore
        score = stats["mean"]
    out = pd.DataFrame({"score": score.astype(float), "n": n.astype("int64"), "trimmed": trimmed.astype(bool)})
    out.index.names = ["application_id", "part"]
    return out
