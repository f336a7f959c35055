"""The proposed list (拟认定名单, 第十二条): combined score, exclusions, ranking, pass mark, quota.

Pure pandas. Weights, pass mark and quota are policy defaults of the rubric and the session file.

- combined = w_material · material + w_site · site (SPEC §4);
- excluded before ranking, with their reasons: applications not screened in (第十、十一条), failing
  第八条, or with a veto (一票否决) the chair has confirmed; candidates whose sheets are missing or
  unsubmitted are ``incomplete`` — shown, never ranked;
- order: combined descending, then material, then site (SPEC §5); candidates still equal share a
  rank (competition ranking 1, 2, 2, 4) and are flagged ``tie`` (并列) for the chair;
- ``proposed`` when combined ≥ pass mark and rank ≤ quota (if any). A tie that straddles the quota
  keeps every tied candidate proposed and is flagged ``tie_at_quota`` for the chair to decide.

Scores are compared unrounded (to :data:`TIE_DECIMALS` places, which only absorbs floating-point
noise); lists show two decimals.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import LANGS, labels

TIE_DECIMALS = 9
CONCLUSIONS = ("proposed", "not_proposed", "excluded", "incomplete")
#: why a candidate got its conclusion; the exclusion codes come from the pipeline.
REASON_CODES = ("passed", "tie_at_quota", "below_pass_mark", "beyond_quota", "incomplete", "screened_out",
                "ineligible", "veto")
#: A conclusion in words, by language (``conclusion_*`` in ``i18n/aggregation.toml``).
CONCLUSION_TEXT = {lang: labels("aggregation.conclusion", lang) for lang in LANGS}


def combine(material, site, weight_material: float, weight_site: float):
    return weight_material * material + weight_site * site


def competition_rank(frame: pd.DataFrame, keys=("combined", "material", "site")) -> pd.DataFrame:
    """rank (1, 2, 2, 4 …) and tie_size of each row, ordering by ``keys`` descending."""
    values = np.round(frame[list(keys)].to_numpy(dtype=float), TIE_DECIMALS)
    n = len(values)
    order = np.lexsort(tuple(-values[:, i] for i in reversed(range(values.shape[1])))) if n else np.array([], int)
    ordered = values[order]
    new_group = np.ones(n, dtype=bool)
    if n > 1:
        new_group[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    group = np.cumsum(new_group) - 1
    starts = np.flatnonzero(new_group)
    sizes = np.diff(np.append(starts, n))
    rank, tie = np.empty(n, dtype="int64"), np.empty(n, dtype="int64")
    rank[order], tie[order] = starts[group] + 1, sizes[group]
    return pd.DataFrame({"rank": rank, "tie_size": tie}, index=frame.index)


def rank_candidates(frame: pd.DataFrame, weight_material: float, weight_site: float, pass_mark: float,
                    quota: int | None) -> pd.DataFrame:
    """Add combined, rank, tie, tie_at_quota, passed, conclusion, reason_code, reason, reason_en.

    ``frame`` (index application_id) has material, site (part scores), excluded_code,
    excluded_reason, excluded_reason_en, incomplete_reason, incomplete_reason_en ('' when none).
    ``reason_code`` is one of :data:`REASON_CODES`."""
    out = frame.copy()
    out["combined"] = combine(out["material"], out["site"], weight_material, weight_site)
    excluded = out["excluded_reason"].fillna("") != ""
    incomplete = ~excluded & (out["incomplete_reason"].fillna("") != "")
    ranked = ~excluded & ~incomplete
    # SPEC §5: a tie the scores cannot break is ordered by the chair (``chair_order``, tie decide).
    chair = "chair_order" in out.columns and bool(out["chair_order"].fillna(0).astype(bool).any())
    r = competition_rank(out.loc[ranked], ("combined", "material", "site", "chair_order") if chair else
                         ("combined", "material", "site"))
    out["rank"] = pd.array(r["rank"].reindex(out.index), dtype="Int64")
    tie_size = r["tie_size"].reindex(out.index).fillna(0).astype("int64")
    out["tie"] = (tie_size > 1).to_numpy()
    scores_tied = competition_rank(out.loc[ranked])["tie_size"].reindex(out.index).fillna(0) > 1 if chair else False
    out["chair_decided"] = np.asarray(scores_tied & ~out["tie"], dtype=bool) if chair else np.zeros(len(out), bool)
    out["passed"] = pd.array(np.where(ranked, out["combined"] >= pass_mark, pd.NA), dtype="boolean")
    rank = out["rank"].fillna(0).astype("int64")
    within = rank <= quota if quota is not None else pd.Series(True, index=out.index)
    proposed = ranked & out["passed"].fillna(False).astype(bool) & within
    out["tie_at_quota"] = (proposed & (quota is not None) & (rank + tie_size - 1 > (quota or 0))).to_numpy()
    out["conclusion"] = pd.array(np.select([excluded, incomplete, proposed], ["excluded", "incomplete", "proposed"],
                                           "not_proposed"), dtype="str")
    cols = ("conclusion", "combined", "rank", "tie", "passed", "tie_at_quota", "excluded_code", "excluded_reason",
            "excluded_reason_en", "incomplete_reason", "incomplete_reason_en", "chair_decided")
    reasons = [_reason(dict(zip(cols, values)), pass_mark, quota) for values in zip(*(out[c].tolist() for c in cols))]
    for i, col in enumerate(("reason_code", "reason", "reason_en")):
        out[col] = pd.array([r[i] for r in reasons], dtype="str")
    return out


def _reason(row: dict, pass_mark: float, quota: int | None) -> tuple[str, str, str]:
    if row["conclusion"] == "excluded":
        return row["excluded_code"], row["excluded_reason"], row["excluded_reason_en"]
    if row["conclusion"] == "incomplete":
        return "incomplete", row["incomplete_reason"], row["incomplete_reason_en"]
    c, r = row["combined"], int(row["rank"])
    tie_zh, tie_en = ("（并列）", " (tied)") if row["tie"] else (
        ("（得分并列，主席决定排序）", " (tied scores, ordered by the chair)") if row["chair_decided"] else ("", ""))
    if not row["passed"]:
        return ("below_pass_mark", f"综合得分 {c:.2f}，低于合格分数线 {pass_mark:g}", f"combined {c:.2f} is below the pass mark {pass_mark:g}")
    if row["conclusion"] == "not_proposed":
        return ("beyond_quota", f"综合得分 {c:.2f}，排名第 {r}{tie_zh}，超出名额 {quota}",
                f"combined {c:.2f}, rank {r}{tie_en}, beyond the quota of {quota}")
    if row["tie_at_quota"]:
        return ("tie_at_quota", f"综合得分 {c:.2f}，并列第 {r} 名，并列者超出名额 {quota}，请主席决定",
                f"combined {c:.2f}, tied at rank {r}; the tied candidates exceed the quota of {quota}: the chair decides")
    return ("passed", f"综合得分 {c:.2f}，不低于合格分数线 {pass_mark:g}，排名第 {r}{tie_zh}",
            f"combined {c:.2f}, at or above the pass mark {pass_mark:g}, rank {r}{tie_en}")
