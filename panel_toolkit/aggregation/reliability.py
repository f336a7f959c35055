"""Inter-rater reliability of the panel (SPEC §5): ICC after Shrout & Fleiss (1979) and Krippendorff's α.

Pure numpy/pandas. The data are *ratings*: one value per (target = candidate, rater = expert),
either an expert's part total or one criterion's score.

**ICC** — Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
reliability. *Psychological Bulletin* 86(2), 420–428. From the two-way ANOVA of an n × k table
(BMS between targets, JMS between judges, EMS residual, WMS within targets):

    ICC(1,1) = (BMS − WMS) / (BMS + (k−1)·WMS)          ICC(1,k) = (BMS − WMS) / BMS
    ICC(2,1) = (BMS − EMS) / (BMS + (k−1)·EMS + k·(JMS − EMS)/n)
    ICC(2,k) = (BMS − EMS) / (BMS + (JMS − EMS)/n)
    ICC(3,1) = (BMS − EMS) / (BMS + (k−1)·EMS)          ICC(3,k) = (BMS − EMS) / BMS

**Incomplete designs.** Panels are drawn per candidate (第十二条), so candidates are usually scored
by *different* experts: that is the one-way model, and ICC(1,·) is the correct form. It is
computed on every candidate with at least two ratings, with the unbalanced one-way ANOVA: the panel
size k is replaced by k₀ = (N − Σmᵢ²/N)/(n − 1) (mᵢ ratings of target i, N = Σmᵢ), which is k for
equal panels. The two-way forms ICC(2,·) and ICC(3,·) need the same experts on every target: they
are computed on the *complete block* — the candidates scored by the most frequent panel (the
same set of experts) — when that block holds at least two candidates and at least
:data:`MIN_BLOCK_SHARE` of all candidates; otherwise they are reported as not applicable (NaN) and
``design`` says why. A fully crossed panel (every expert scores every candidate) is one block.

**Krippendorff's α** — Krippendorff, K. (2011). *Computing Krippendorff's Alpha-Reliability*
(Annenberg School for Communication, University of Pennsylvania, repository.upenn.edu/asc_papers/43),
at the four levels of measurement. Units with mᵤ ≥ 2 values are pairable (missing values allowed;
a unit with one value is left out). The coincidence matrix o_ck = Σᵤ (pairs c–k in u)/(mᵤ − 1),
n_c = Σ_k o_ck, n = Σ_c n_c, and

    α = 1 − D_o / D_e = 1 − (n − 1) · Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck

with the difference function δ² of the level: nominal [c ≠ k]; ordinal (Σ_{g=c..k} n_g − (n_c + n_k)/2)²
(ranks by the values' order, weighted by how often each value occurs); interval (c − k)²; ratio
((c − k)/(c + k))². The rubric says which level each part's scores are (``scoring.reliability_level``).
For the interval level the definition reduces to α = 1 − (n − 1)·Σᵤ[mᵤ·SSᵤ/(mᵤ − 1)]/(n·SS).

**Bands.** ICC: Koo, T. K. & Li, M. Y. (2016), *J Chiropr Med* 15(2): < 0.5 poor, 0.5–0.75
moderate, 0.75–0.9 good, > 0.9 excellent. α: Krippendorff (2004): ≥ 0.8 reliable, 0.667–0.8
tentative conclusions only, below that unreliable. These are the published cut-offs, not policy.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import pick

FORMS = ("ICC(1,1)", "ICC(2,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)", "ICC(3,k)")
#: The two-way forms are computed on the complete block only when it holds this share of the targets.
MIN_BLOCK_SHARE = 0.5
ICC_BANDS = ((0.5, "poor", "差"), (0.75, "moderate", "中等"), (0.9, "good", "良好"), (np.inf, "excellent", "优秀"))
ALPHA_BANDS = ((0.667, "unreliable", "不可靠"), (0.8, "tentative", "仅可初步采信"), (np.inf, "reliable", "可靠"))


def _ratio(num: float, den: float) -> float:
    return float(num / den) if np.isfinite(den) and den > 0 else float("nan")


def mean_squares(matrix) -> dict[str, float]:
    """BMS, JMS, EMS, WMS of a complete n × k table (targets × judges), no missing values."""
    x = np.asarray(matrix, dtype=float)
    n, k = x.shape
    grand = x.mean()
    ss_total = ((x - grand) ** 2).sum()
    ss_rows = k * ((x.mean(axis=1) - grand) ** 2).sum()
    ss_cols = n * ((x.mean(axis=0) - grand) ** 2).sum()
    return {"BMS": ss_rows / (n - 1), "JMS": ss_cols / (k - 1),
            "EMS": (ss_total - ss_rows - ss_cols) / ((n - 1) * (k - 1)),
            "WMS": (ss_total - ss_rows) / (n * (k - 1)), "n": n, "k": k}


def icc_forms(matrix) -> dict[str, float]:
    """The six Shrout & Fleiss forms of a complete n × k table (n ≥ 2 targets, k ≥ 2 judges)."""
    ms = mean_squares(matrix)
    b, j, e, w, n, k = ms["BMS"], ms["JMS"], ms["EMS"], ms["WMS"], ms["n"], ms["k"]
    return {
        "ICC(1,1)": _ratio(b - w, b + (k - 1) * w),
        "ICC(2,1)": _ratio(b - e, b + (k - 1) * e + k * (j - e) / n),
        "ICC(3,1)": _ratio(b - e, b + (k - 1) * e),
        "ICC(1,k)": _ratio(b - w, b),
        "ICC(2,k)": _ratio(b - e, b + (j - e) / n),
        "ICC(3,k)": _ratio(b - e, b),
    }


def icc_oneway(targets, values) -> dict[str, float]:
    """ICC(1,1) and ICC(1,k) from the (possibly unbalanced) one-way ANOVA; k is k₀ (see module doc)."""
    t = pd.Series(np.asarray(values, dtype=float)).groupby(np.asarray(targets))
    m = t.count().to_numpy(dtype=float)
    keep = m >= 2
    means, ss_within = t.mean().to_numpy()[keep], (t.var(ddof=0).to_numpy() * m)[keep]
    m = m[keep]
    n, big_n = m.size, m.sum()
    if n < 2:
        return {"ICC(1,1)": float("nan"), "ICC(1,k)": float("nan"), "k0": float("nan"), "n": n}
    grand = (means * m).sum() / big_n
    bms = (m * (means - grand) ** 2).sum() / (n - 1)
    wms = ss_within.sum() / (big_n - n)
    k0 = (big_n - (m ** 2).sum() / big_n) / (n - 1)
    return {"ICC(1,1)": _ratio(bms - wms, bms + (k0 - 1) * wms), "ICC(1,k)": _ratio(bms - wms, bms),
            "k0": float(k0), "n": int(n)}


LEVELS = ("nominal", "ordinal", "interval", "ratio")


def krippendorff_alpha(units, values, level: str = "interval") -> float:
    """Krippendorff's α at ``level`` (nominal, ordinal, interval, ratio); ``units`` labels each value's
    unit, NaN values are missing. NaN when fewer than two pairable values or no expected disagreement."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    v = np.asarray(values, dtype=float)
    ok = np.isfinite(v)
    u_codes, _ = pd.factorize(np.asarray(units)[ok])
    c_values, c_codes = np.unique(v[ok], return_inverse=True)
    if c_values.size == 0:
        return float("nan")
    counts = np.zeros((u_codes.max() + 1, c_values.size))         # n_uc: how often value c occurs in unit u
    np.add.at(counts, (u_codes, c_codes), 1)
    m = counts.sum(axis=1)
    counts, m = counts[m >= 2], m[m >= 2]
    if m.size == 0:
        return float("nan")
    o = (counts.T / (m - 1)) @ counts                             # Σᵤ n_uc n_uk / (mᵤ − 1)
    o[np.diag_indices_from(o)] -= (counts / (m - 1)[:, None]).sum(axis=0)   # pairs of distinct values only
    n_c = o.sum(axis=1)
    n = n_c.sum()
    d = _delta2(c_values, n_c, level)
    expected = (np.outer(n_c, n_c) * d).sum()
    return float(1 - (n - 1) * (o * d).sum() / expected) if expected > 0 else float("nan")


def _delta2(c: np.ndarray, n_c: np.ndarray, level: str) -> np.ndarray:
    """δ²_ck of Krippendorff (2011) for the sorted distinct values ``c`` with marginals ``n_c``."""
    a, b = c[:, None], c[None, :]
    if level == "nominal":
        return (a != b).astype(float)
    if level == "interval":
        return (a - b) ** 2
    if level == "ratio":
        s = a + b
        return np.divide((a - b) ** 2, s ** 2, out=np.zeros((c.size, c.size)), where=s != 0)
    cum = np.concatenate([[0.0], np.cumsum(n_c)])                 # ordinal: Σ_{g=c..k} n_g − (n_c + n_k)/2
    i, j = np.minimum.outer(np.arange(c.size), np.arange(c.size)), np.maximum.outer(np.arange(c.size), np.arange(c.size))
    return (cum[j + 1] - cum[i] - (n_c[i] + n_c[j]) / 2) ** 2


def krippendorff_alpha_interval(units, values) -> float:
    """Krippendorff's α with the interval metric; ``units`` labels each value's unit (NaN values dropped)."""
    v = pd.Series(np.asarray(values, dtype=float))
    u = pd.Series(np.asarray(units)).loc[v.notna().to_numpy()]
    v = v.dropna()
    g = v.groupby(u.to_numpy())
    m = g.transform("count").to_numpy()
    v, u = v[m >= 2], u[m >= 2]
    if v.size < 2:
        return float("nan")
    g = v.groupby(u.to_numpy())
    mu, ss_u = g.count().to_numpy(dtype=float), g.var(ddof=0).to_numpy() * g.count().to_numpy()
    n = float(v.size)
    ss = float(((v - v.mean()) ** 2).sum())
    return 1 - (n - 1) * (mu * ss_u / (mu - 1)).sum() / (n * ss) if ss > 0 else float("nan")


def band(value: float, bands=ICC_BANDS, lang: str = "en") -> str:
    """The interpretation band of an ICC (default) or α (``bands=ALPHA_BANDS``); '' for NaN."""
    if value is None or not np.isfinite(value):
        return ""
    for upper, en, zh in bands:
        if value < upper:
            return pick(lang, zh, en)
    return ""


def complete_block(targets, raters, values) -> tuple[np.ndarray, np.ndarray, int]:
    """The table (targets × raters) of the candidates scored by the most frequent panel, the raters of
    that panel, and how many targets there are in all (a rater's repeated rating of a target: the first)."""
    v = np.asarray(values, dtype=float)
    ok = np.isfinite(v)
    t_codes, t_uniques = pd.factorize(np.asarray(targets)[ok], sort=True)
    r_codes, r_uniques = pd.factorize(np.asarray(raters)[ok], sort=True)
    n_targets = len(t_uniques)
    if n_targets == 0:
        return np.empty((0, 0)), np.empty(0), 0
    wide = np.full((n_targets, len(r_uniques)), np.nan)
    wide[t_codes[::-1], r_codes[::-1]] = v[ok][::-1]
    mask = np.isfinite(wide)
    _, inverse, counts = np.unique(np.packbits(mask, axis=1), axis=0, return_inverse=True, return_counts=True)
    rows = inverse.ravel() == int(np.argmax(counts))
    cols = mask[rows][0]
    return wide[np.ix_(rows, cols)], np.asarray(r_uniques)[cols], n_targets


def reliability(targets, raters, values, level: str = "interval") -> dict:
    """Everything for one set of ratings: the six ICC forms, α at ``level``, the design and the bands."""
    one = icc_oneway(targets, values)
    block, _, n_targets = complete_block(targets, raters, values)
    n_block, k_block = block.shape
    out = dict.fromkeys(FORMS, float("nan"))
    out.update({"ICC(1,1)": one["ICC(1,1)"], "ICC(1,k)": one["ICC(1,k)"]})
    two_way = n_block >= 2 and k_block >= 2 and n_block >= MIN_BLOCK_SHARE * n_targets
    if two_way:
        forms = icc_forms(block)
        out.update({f: forms[f] for f in ("ICC(2,1)", "ICC(3,1)", "ICC(2,k)", "ICC(3,k)")})
    design = ("crossed" if two_way and n_block == n_targets else "partly crossed" if two_way else "incomplete")
    alpha = krippendorff_alpha(targets, values, level)
    return {**out, "alpha": float(alpha), "alpha_level": level, "n_targets": n_targets, "n_raters": int(pd.Series(np.asarray(raters)).nunique()),
            "n_ratings": int(np.isfinite(np.asarray(values, dtype=float)).sum()), "k0": one["k0"],
            "design": design, "block_targets": int(n_block) if two_way else 0, "block_raters": int(k_block) if two_way else 0}


def headline(row: dict) -> tuple[str, float]:
    """The form that describes the panel score: ICC(2,k) when the experts are crossed with the
    candidates (a random sample of raters, the mean of k), else ICC(1,k) (different raters per candidate)."""
    if np.isfinite(row.get("ICC(2,k)", np.nan)):
        return "ICC(2,k)", row["ICC(2,k)"]
    return "ICC(1,k)", row.get("ICC(1,k)", float("nan"))


def reliability_table(totals: pd.DataFrame, items: pd.DataFrame | None = None,
                      levels: dict[str, str] | None = None) -> pd.DataFrame:
    """Per part (``totals``: application_id, expert_id, part, total of usable sheets) and, with
    ``items`` (application_id, expert_id, part, item_id, score), per criterion / site item. ``levels``:
    the level of measurement of each part's scores for α (the rubric's; default interval)."""
    levels = levels or {}
    rows = []
    for part, g in totals.groupby("part", sort=False):
        rows.append({"scope": "part", "part": part, "item_id": "",
                     **reliability(g["application_id"].to_numpy(), g["expert_id"].to_numpy(), g["total"].to_numpy(),
                                   levels.get(part, "interval"))})
    if items is not None and len(items):
        for (part, item), g in items.groupby(["part", "item_id"], sort=False):
            rows.append({"scope": "criterion", "part": part, "item_id": item,
                         **reliability(g["application_id"].to_numpy(), g["expert_id"].to_numpy(), g["score"].to_numpy(),
                                       levels.get(part, "interval"))})
    cols = ["scope", "part", "item_id", "n_targets", "n_raters", "n_ratings", "k0", "design", "block_targets",
            "block_raters", *FORMS, "alpha", "alpha_level"]
    df = pd.DataFrame(rows, columns=cols)
    heads = [headline(r) for r in df.to_dict("records")]
    df["headline_form"] = pd.array([h[0] for h in heads], dtype="str")
    df["headline"] = np.array([h[1] for h in heads], dtype=float)
    df["band"] = pd.array([band(v) for v in df["headline"]], dtype="str")
    df["alpha_band"] = pd.array([band(v, ALPHA_BANDS) for v in df["alpha"]], dtype="str")
    for c in ("scope", "part", "item_id", "design", "alpha_level"):
        df[c] = df[c].astype("str")
    return df
