"""How much the proposed list depends on choices and on the particular experts (第十二条: city HR must
be able to defend every place on the list).

Pure numpy/pandas over the usable sheets of the ranked (complete, not excluded) candidates:

- **methods**: the list under every method of :data:`~.methods.METHODS`; who changes pass/fail or rank;
- **leave one expert out**: each expert's sheets removed in turn (the trimming rule then follows the
  smaller panel); each candidate's best and worst rank and the experts whose absence flips its pass/fail;
- **bootstrap over experts**: in every replicate each candidate's panel of each part is resampled with
  replacement from its own experts (same panel size, so the trimming rule applies as in the real
  score), giving a rank interval and the probability of passing (and of being proposed under the
  quota). Panels are drawn per candidate, so the expert within the candidate's panel is the
  resampling unit. Replicates rank by the combined score alone (competition ranking). Vectorised over
  replicates in chunks; a seeded ``numpy.random.Generator`` makes it reproducible; ``progress(done,
  total)`` is called after each chunk (the notebook layer turns it into a progress bar).
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ..config.rubric import Rubric
from .methods import METHODS, part_scores, per_expert_values
from .ranking import TIE_DECIMALS, combine, competition_rank
from .totals import PARTS, part_maxima

CHUNK = 50


def quick_list(totals: pd.DataFrame, ids: pd.Index, method: str, rubric: Rubric, quota: int | None) -> pd.DataFrame:
    """material, site, combined, rank, passed, proposed of ``ids`` from usable ``totals`` alone."""
    sc = rubric.scoring
    ps = part_scores(totals, method, sc.trim_min_sheets, part_maxima(rubric))["score"].unstack("part")
    out = pd.DataFrame(index=ids)
    for part in PARTS:
        out[part] = ps[part].reindex(ids).astype(float) if part in ps.columns else np.nan
    out["combined"] = combine(out["material"], out["site"], sc.weight_material, sc.weight_site)
    ok = out["combined"].notna()
    out["rank"] = pd.array(competition_rank(out[ok])["rank"].reindex(ids), dtype="Int64")
    out["passed"] = (out["combined"] >= sc.pass_mark) & ok
    out["proposed"] = out["passed"] & ((out["rank"] <= quota).fillna(False) if quota is not None else True)
    return out


def compare_methods(totals: pd.DataFrame, ids: pd.Index, rubric: Rubric, quota: int | None) -> pd.DataFrame:
    parts = []
    for m in METHODS:
        q = quick_list(totals, ids, m, rubric, quota)
        parts.append(pd.DataFrame({f"combined_{m}": q["combined"], f"rank_{m}": q["rank"], f"proposed_{m}": q["proposed"]}))
    out = pd.concat(parts, axis=1)
    proposed = out[[f"proposed_{m}" for m in METHODS]].to_numpy(bool)
    ranks = out[[f"rank_{m}" for m in METHODS]].to_numpy(dtype=float, na_value=np.nan)
    out["method_pass_changes"] = proposed.any(axis=1) & ~proposed.all(axis=1)
    out["method_rank_changes"] = np.nanmax(ranks, axis=1) != np.nanmin(ranks, axis=1)
    return out


def leave_one_out(totals: pd.DataFrame, ids: pd.Index, method: str, rubric: Rubric, quota: int | None,
                  base: pd.DataFrame) -> pd.DataFrame:
    """loo_rank_min, loo_rank_max and loo_pass_flips (expert ids whose absence flips proposed/not)."""
    lo = base["rank"].astype(float).copy()
    hi = lo.copy()
    flips: dict[int, list[str]] = {i: [] for i in ids}
    for expert in np.unique(totals["expert_id"].to_numpy()):
        without = totals[totals["expert_id"].to_numpy() != expert]
        q = quick_list(without, ids, method, rubric, quota)
        r = q["rank"].astype(float)
        lo, hi = np.fmin(lo, r), np.fmax(hi, r)
        changed = q["combined"].notna() & (q["proposed"] != base["proposed"])
        for app in ids[changed.to_numpy()]:
            flips[app].append(str(expert))
    return pd.DataFrame({"loo_rank_min": pd.array(lo.to_numpy(), dtype="Int64"),
                         "loo_rank_max": pd.array(hi.to_numpy(), dtype="Int64"),
                         "loo_pass_flips": pd.array(["、".join(flips[i]) for i in ids], dtype="str")}, index=ids)


def _padded(values: pd.Series, apps: np.ndarray, ids: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """(N × K) table of each candidate's panel values (NaN-padded) and the panel sizes."""
    pos = ids.get_indexer(apps)
    keep = pos >= 0
    pos, v = pos[keep], values.to_numpy(dtype=float)[keep]
    order = np.argsort(pos, kind="stable")
    pos, v = pos[order], v[order]
    k = np.bincount(pos, minlength=len(ids))
    slot = np.arange(len(pos)) - np.repeat(np.cumsum(k) - k, k)
    table = np.full((len(ids), max(int(k.max()) if len(k) else 0, 1)), np.nan)
    table[pos, slot] = v
    return table, k


def _resampled_scores(table: np.ndarray, k: np.ndarray, b: int, method: str, trim_min: int,
                      rng: np.random.Generator) -> np.ndarray:
    n, width = table.shape
    idx = np.floor(rng.random((b, n, width)) * k[None, :, None]).astype(np.int64)
    valid = np.arange(width)[None, None, :] < k[None, :, None]
    v = table[np.arange(n)[None, :, None], np.minimum(idx, width - 1)]
    kk = k[None, :].astype(float)
    total = np.where(valid, v, 0.0).sum(axis=2)
    if method == "median":
        return np.nanmedian(np.where(valid, v, np.nan), axis=2)
    if method == "trimmed_mean":
        high = np.where(valid, v, -np.inf).max(axis=2)
        low = np.where(valid, v, np.inf).min(axis=2)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(kk >= trim_min, (total - high - low) / (kk - 2), total / kk)
    return total / kk


def bootstrap(totals: pd.DataFrame, ids: pd.Index, method: str, rubric: Rubric, quota: int | None, n_boot: int,
              seed: int, confidence: float = 0.95, progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """boot_rank_lo, boot_rank_hi (the ``confidence`` interval), boot_rank_median, p_pass, p_proposed."""
    sc = rubric.scoring
    rng = np.random.default_rng(seed)
    values = per_expert_values(totals, method, part_maxima(rubric))
    agg = "mean" if method == "zscore" else method
    tables = {p: _padded(values[(totals["part"] == p).to_numpy()], totals.loc[totals["part"] == p, "application_id"].to_numpy(), ids)
              for p in PARTS}
    n = len(ids)
    ranks = np.empty((n_boot, n), dtype=np.int32)
    passed = np.empty((n_boot, n), dtype=bool)
    done = 0
    while done < n_boot:
        b = min(CHUNK, n_boot - done)
        parts = {p: _resampled_scores(*tables[p], b, agg, sc.trim_min_sheets, rng) for p in PARTS}
        c = np.round(combine(parts["material"], parts["site"], sc.weight_material, sc.weight_site), TIE_DECIMALS)
        ranks[done:done + b] = _row_ranks(c)
        passed[done:done + b] = c >= sc.pass_mark
        done += b
        if progress is not None:
            progress(done, n_boot)
    tail = (1 - confidence) / 2
    proposed = passed & (ranks <= quota) if quota is not None else passed
    return pd.DataFrame({
        "boot_rank_lo": np.quantile(ranks, tail, axis=0, method="lower").astype("int64") if n_boot else np.nan,
        "boot_rank_hi": np.quantile(ranks, 1 - tail, axis=0, method="higher").astype("int64") if n_boot else np.nan,
        "boot_rank_median": np.median(ranks, axis=0) if n_boot else np.nan,
        "p_pass": passed.mean(axis=0) if n_boot else np.nan,
        "p_proposed": proposed.mean(axis=0) if n_boot else np.nan}, index=ids)


def _row_ranks(c: np.ndarray) -> np.ndarray:
    """Competition rank (1 = highest) within each row of ``c``, vectorised over rows."""
    b, n = c.shape
    offset = (np.arange(b) * 1e4)[:, None]
    key = offset - c                      # scores are within [0, 100]: rows never overlap
    flat = np.sort(key, axis=1).ravel()
    return (np.searchsorted(flat, key.ravel(), side="left").reshape(b, n) - np.arange(b)[:, None] * n + 1)
