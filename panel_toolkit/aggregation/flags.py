"""Flags for the chair (SPEC §5): what needs a look before the proposed list is confirmed.

Each flag is one row: kind, application_id, part, expert_id, assignment_id, value, detail (中文),
detail_en. Pure pandas over the frames the pipeline builds.

- ``disagreement`` 评分偏离: an expert's total (x̃ for the z-score method) more than the rubric's
  ``disagreement_threshold`` (policy default) from the candidate's part score — names the expert;
- ``missing_sheet`` / ``unsubmitted_sheet`` / ``revision_pending`` / ``invalid_sheet``: a sheet that
  keeps the candidate incomplete;
- ``revised``: a sheet revised at the chair's request — the original total stays and is reported;
- ``proposed_veto``: a veto (一票否决) an expert proposed and the chair has not yet decided;
- ``low_reliability``: a part whose average-measures ICC is in Koo & Li's "poor" band;
- ``small_panel``: fewer usable material sheets than the rubric's ``min_experts_per_candidate``;
- ``tie`` / ``tie_at_quota``: 并列 that the tie rules cannot break.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .reliability import band

KINDS = {
    "disagreement": ("评分偏离", "disagreement"),
    "missing_sheet": ("缺评分表", "missing sheet"),
    "unsubmitted_sheet": ("评分表未提交", "sheet not submitted"),
    "revision_pending": ("修订待提交", "revision pending"),
    "invalid_sheet": ("评分表不完整", "incomplete sheet"),
    "revised": ("评分表已修订", "sheet revised"),
    "proposed_veto": ("一票否决待确认", "veto to decide"),
    "low_reliability": ("评分一致性低", "low reliability"),
    "small_panel": ("评审专家不足", "panel below minimum"),
    "tie": ("并列", "tie"),
    "tie_at_quota": ("并列超出名额", "tie at the quota"),
}
COLUMNS = ("kind", "label", "application_id", "part", "expert_id", "assignment_id", "value", "detail", "detail_en")
PART_TEXT = {"material": ("资料评审", "material review"), "site": ("实地核查", "site inspection")}


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for c in ("application_id", "expert_id", "assignment_id"):
        df[c] = pd.array(df[c], dtype="Int64")
    df["value"] = df["value"].astype(float)
    for c in ("kind", "label", "part", "detail", "detail_en"):
        df[c] = pd.array(df[c].fillna("").astype(object), dtype="str")
    return df


def _who(name, expert_id) -> str:
    return f"{name}（{expert_id}）" if isinstance(name, str) and name else f"{expert_id}"


def _columns(frame: pd.DataFrame, *cols: str):
    return zip(frame.index, *(frame[c].tolist() if c in frame else [None] * len(frame) for c in cols))


def disagreement(per_expert: pd.DataFrame, threshold: float) -> list[dict]:
    """``per_expert``: assignment_id index; application_id, part, expert_id, expert_name, value, part_score."""
    dev = per_expert["value"] - per_expert["part_score"]
    hit = per_expert[(dev.abs() > threshold).to_numpy()]
    rows = []
    for aid, app, part, expert, name, x, score in _columns(hit, "application_id", "part", "expert_id", "expert_name",
                                                           "value", "part_score"):
        d, (pz, pe), who = x - score, PART_TEXT[part], _who(name, expert)
        rows.append(dict(kind="disagreement", application_id=app, part=part, expert_id=expert, assignment_id=aid, value=d,
                         detail=f"专家 {who} 的{pz}总分 {x:.2f} 与该部分得分 {score:.2f} 相差 {d:+.2f} 分，超过 {threshold:g} 分",
                         detail_en=f"expert {who}: {pe} total {x:.2f} is {d:+.2f} from the part score {score:.2f}, "
                                   f"beyond {threshold:g} points"))
    return rows


def sheet_problems(sheets: pd.DataFrame) -> list[dict]:
    """Assignments whose current sheet is missing, a draft, a pending revision or incomplete."""
    rows = []
    bad = sheets[~sheets["usable"].to_numpy()]
    for aid, app, part, expert, name, status, revision, n in _columns(bad, "application_id", "part", "expert_id",
                                                                      "expert_name", "status", "revision", "n_items"):
        who, (pz, pe) = _who(name, expert), PART_TEXT[part]
        if status == "missing":
            kind, zh, en = "missing_sheet", "尚无评分表", "has no sheet"
        elif status == "draft" and not pd.isna(revision) and revision > 0:
            kind, zh, en = "revision_pending", "的评分表已退回修订，尚未重新提交", "was asked to revise the sheet and has not resubmitted"
        elif status == "draft":
            kind, zh, en = "unsubmitted_sheet", "的评分表尚未提交", "has not submitted the sheet"
        else:
            kind, zh, en = "invalid_sheet", f"的评分表只有 {n} 项得分", f"submitted a sheet with {n} item(s) scored"
        rows.append(dict(kind=kind, application_id=app, part=part, expert_id=expert, assignment_id=aid, value=np.nan,
                         detail=f"{pz}：专家 {who} {zh}", detail_en=f"{pe}: expert {who} {en}"))
    return rows


def revised(revisions: pd.DataFrame) -> list[dict]:
    """``revisions``: one row per revised assignment: application_id, part, expert_id, expert_name,
    original_total, current_total, revision, status, reason."""
    rows = []
    for aid, r in revisions.iterrows():
        who, (pz, pe) = _who(r.get("expert_name"), r["expert_id"]), PART_TEXT[r["part"]]
        now_zh = f"修订后 {r['current_total']:.2f}" if pd.notna(r["current_total"]) else "修订稿未提交"
        now_en = f"revised {r['current_total']:.2f}" if pd.notna(r["current_total"]) else "revision not submitted"
        rows.append(dict(kind="revised", application_id=r["application_id"], part=r["part"], expert_id=r["expert_id"],
                         assignment_id=aid, value=r["original_total"],
                         detail=f"{pz}：专家 {who} 的评分表已按要求修订（第 {r['revision']} 次，理由：{r['reason']}），原总分 {r['original_total']:.2f}，{now_zh}",
                         detail_en=f"{pe}: expert {who}'s sheet revised on request (revision {r['revision']}, reason: "
                                   f"{r['reason']}); original total {r['original_total']:.2f}, {now_en}"))
    return rows


def pending_vetoes(pending: pd.DataFrame) -> list[dict]:
    """``pending``: application_id, veto_id, veto_label, expert_id, expert_name, assignment_id, part, reason."""
    return [dict(kind="proposed_veto", application_id=r["application_id"], part=r["part"], expert_id=r["expert_id"],
                 assignment_id=r["assignment_id"], value=np.nan,
                 detail=f"专家 {_who(r.get('expert_name'), r['expert_id'])} 提出一票否决 {r['veto_id']} {r['veto_label']}（理由：{r['reason']}），待主席确认",
                 detail_en=f"expert {_who(r.get('expert_name'), r['expert_id'])} proposes veto {r['veto_id']} "
                           f"(reason: {r['reason']}); the chair has to decide")
            for _, r in pending.iterrows()]


def low_reliability(table: pd.DataFrame) -> list[dict]:
    """Part rows of a reliability table whose headline (average-measures) ICC is 'poor'."""
    rows = []
    for _, r in table[table["scope"] == "part"].iterrows():
        value = r["headline"]
        if band(value) == "poor":
            pz, pe = PART_TEXT[r["part"]]
            rows.append(dict(kind="low_reliability", application_id=pd.NA, part=r["part"], expert_id=pd.NA, assignment_id=pd.NA,
                             value=value, detail=f"{pz}专家评分一致性低：{r['headline_form']} = {value:.2f}（<0.5，Koo & Li 2016 “差”）",
                             detail_en=f"{pe}: low inter-rater reliability, {r['headline_form']} = {value:.2f} (< 0.5, "
                                       "'poor' in Koo & Li 2016)"))
    return rows


def small_panels(counts: pd.Series, minimum: int) -> list[dict]:
    """``counts``: usable material sheets per ranked application."""
    return [dict(kind="small_panel", application_id=app, part="material", expert_id=pd.NA, assignment_id=pd.NA, value=n,
                 detail=f"资料评审有效评分表 {n} 份，少于评分细则要求的 {minimum} 份",
                 detail_en=f"{n} usable material sheet(s), fewer than the rubric's {minimum}")
            for app, n in counts[counts < minimum].items()]


def ties(ranked: pd.DataFrame) -> list[dict]:
    rows = []
    for app, rank, at_quota, combined in _columns(ranked[ranked["tie"].to_numpy()], "rank", "tie_at_quota", "combined"):
        rows.append(dict(kind="tie_at_quota" if at_quota else "tie", application_id=app, part="", expert_id=pd.NA,
                         assignment_id=pd.NA, value=combined,
                         detail=f"综合得分、资料评审、实地核查得分均相同，并列第 {rank} 名，请主席决定" + ("（并列者超出名额）" if at_quota else ""),
                         detail_en=f"combined, material and site scores all equal: tied at rank {rank}; the chair decides"
                                   + (" (the tied candidates exceed the quota)" if at_quota else "")))
    return rows


def collect(*groups: list[dict]) -> pd.DataFrame:
    rows = [r for g in groups for r in g]
    for r in rows:
        r["label"] = KINDS[r["kind"]][0]
    df = _frame(rows)
    order = {k: i for i, k in enumerate(KINDS)}
    df["_k"] = df["kind"].map(order)
    return df.sort_values(["_k", "application_id", "part", "expert_id"], na_position="first").drop(columns="_k").reset_index(drop=True)
