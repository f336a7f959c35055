"""The validating wrapper: from what the store holds to the proposed list (第十二条).

:class:`Inputs` is everything the aggregation reads — the facade fills it from the store, a test or a
notebook can build it by hand. :func:`aggregate` checks it and calls the pure maths of
:mod:`.methods`, :mod:`.ranking`, :mod:`.flags` and :mod:`.reliability`.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..config.rubric import Rubric
from ..errors import InvalidState
from . import flags as fl
from .methods import METHODS, part_scores, per_expert_values
from .ranking import rank_candidates
from .reliability import reliability_table
from .totals import PARTS, criterion_scores, part_maxima, sheet_table

CANDIDATE_COLUMNS = ("county", "brand_name", "unit_name", "industry", "screened_in", "eligibility", "failed_conditions")


def _empty(columns) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


@dataclass(frozen=True)
class Inputs:
    """Everything the aggregation reads.

    ``sheets``: one row per active assignment, index assignment_id (see :func:`.totals.finish_sheets`:
    application_id, part, expert_id, sheet_id, revision, status, n_items, total, usable) — build it
    from a long table of values with :meth:`from_long`. ``candidates``: index application_id;
    :data:`CANDIDATE_COLUMNS` (eligibility pass/check/fail, failed_conditions such as "E4、E5").
    ``items``: the long table of the current sheets' values (assignment_id, expert_id, application_id,
    part, sheet_id, revision, status, item_id, score) — needed for per-criterion reliability and the
    inputs hash only. ``experts``: expert_id → name. ``veto_proposals``: application_id, assignment_id,
    expert_id, part, veto_id, reason (current submitted sheets). ``veto_decisions``: the chair's latest
    decision per (application_id, veto_id): decision confirmed/dismissed, reason. ``revisions``: index
    assignment_id; revision, original_total, current_total, reason."""

    sheets: pd.DataFrame
    candidates: pd.DataFrame
    rubric: Rubric
    quota: int | None = None
    items: pd.DataFrame | None = None
    experts: pd.Series = field(default_factory=lambda: pd.Series(dtype="str"))
    veto_proposals: pd.DataFrame = field(default_factory=lambda: _empty(
        ["application_id", "assignment_id", "expert_id", "part", "veto_id", "reason"]))
    veto_decisions: pd.DataFrame = field(default_factory=lambda: _empty(["application_id", "veto_id", "decision", "reason"]))
    revisions: pd.DataFrame = field(default_factory=lambda: _empty(["revision", "original_total", "current_total", "reason"]))

    @classmethod
    def from_long(cls, long: pd.DataFrame, candidates: pd.DataFrame, rubric: Rubric, **kw) -> Inputs:
        """From active assignments × items of their current sheet (a row of NaN items for no sheet)."""
        return cls(sheet_table(long, rubric), candidates, rubric, items=long, **kw)

    def with_items(self, items: pd.DataFrame) -> Inputs:
        return replace(self, items=items)


def check_method(method: str | None, rubric: Rubric) -> str:
    method = method or rubric.scoring.aggregation
    if method not in METHODS:
        raise InvalidState(f"未知的汇总方法“{method}”；可选：{'、'.join(METHODS)}。",
                           f"unknown aggregation method {method!r}; use one of {', '.join(METHODS)}.")
    return method


def _veto_label(rubric: Rubric, veto_id: str, lang: str = "zh") -> str:
    v = next((v for v in rubric.vetoes if v.id == veto_id), None)
    return f"{v.label(lang)}（{v.reference}）" if v and v.reference else (v.label(lang) if v else veto_id)


def exclusions(inputs: Inputs) -> pd.DataFrame:
    """excluded_code, excluded_reason(_en) per candidate: screened out, failing 第八条, confirmed veto."""
    c, rubric = inputs.candidates, inputs.rubric
    code = pd.Series("", index=c.index, dtype="str")
    zh, en = code.copy(), code.copy()
    d = inputs.veto_decisions
    confirmed = d[d["decision"] == "confirmed"] if len(d) else d
    for app, g in confirmed.groupby("application_id"):
        if app in code.index:
            code[app] = "veto"
            zh[app] = "一票否决：" + "；".join(f"{r.veto_id} {_veto_label(rubric, r.veto_id)}，{r.reason}" for r in g.itertuples())
            en[app] = "veto: " + "; ".join(f"{r.veto_id} {_veto_label(rubric, r.veto_id, 'en')}, {r.reason}" for r in g.itertuples())
    failed = (c["eligibility"] == "fail").to_numpy()
    conditions = c["failed_conditions"].fillna("").astype(str)
    code[failed] = "ineligible"
    zh[failed] = "资格审查未通过（第八条）：" + conditions[failed]
    en[failed] = "fails Article 8: " + conditions[failed].str.replace("、", ", ")
    out_ = ~c["screened_in"].fillna(False).astype(bool).to_numpy()
    code[out_], zh[out_], en[out_] = "screened_out", "初审未通过（第十、十一条）", "not screened in (Articles 10, 11)"
    return pd.DataFrame({"excluded_code": code, "excluded_reason": zh, "excluded_reason_en": en})


def incompleteness(sheets: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """incomplete_reason(_en) per candidate: a part without a panel, or sheets not (validly) submitted."""
    problem = pd.Series(np.where(sheets["usable"], "ok", sheets["status"]), index=sheets.index)
    counts = problem.groupby([sheets["application_id"], sheets["part"], problem]).size()
    counts = counts[counts.index.get_level_values(2) != "ok"]
    words = {"missing": ("缺 {n} 份评分表", "{n} sheet(s) missing"), "draft": (" {n} 份未提交", "{n} not submitted"),
             "submitted": (" {n} 份不完整", "{n} incomplete")}
    zh: dict[int, list[str]] = {}
    en: dict[int, list[str]] = {}
    have = sheets.groupby(["application_id", "part"]).size()
    for part in PARTS:
        pz, pe = fl.PART_TEXT[part]
        present = have.xs(part, level="part").index if part in have.index.get_level_values("part") else []
        for app in index.difference(present):
            zh.setdefault(app, []).append(f"{pz}尚未分配专家")
            en.setdefault(app, []).append(f"no {pe} panel assigned")
    for (app, part, status), n in counts.items():
        pz, pe = fl.PART_TEXT[part]
        zh.setdefault(app, []).append(pz + words[status][0].format(n=n))
        en.setdefault(app, []).append(f"{pe}: " + words[status][1].format(n=n))
    out = pd.DataFrame({"incomplete_reason": pd.Series("", index=index, dtype="str"),
                        "incomplete_reason_en": pd.Series("", index=index, dtype="str")})
    keys = [a for a in zh if a in out.index]
    out.loc[keys, "incomplete_reason"] = ["评审未完成：" + "；".join(zh[a]) for a in keys]
    out.loc[keys, "incomplete_reason_en"] = ["incomplete: " + "; ".join(en[a]) for a in keys]
    return out


def aggregate(inputs: Inputs, method: str | None = None, with_reliability: bool = True):
    """The proposed list with per-expert scores, flags and (part-level) reliability."""
    from .result import AggregationResult

    rubric, sc = inputs.rubric, inputs.rubric.scoring
    method = check_method(method, rubric)
    maxima = part_maxima(rubric)
    sheets = inputs.sheets.copy()
    sheets["expert_name"] = pd.array(sheets["expert_id"].map(inputs.experts).astype(object), dtype="str")
    usable = sheets[sheets["usable"].to_numpy()]
    flat = usable.reset_index()
    scores = part_scores(flat, method, sc.trim_min_sheets, maxima)
    cand = inputs.candidates.copy()
    for part in PARTS:
        s = scores.xs(part, level="part") if part in scores.index.get_level_values("part") else scores.iloc[:0].droplevel("part")
        cand[part] = s["score"].reindex(cand.index).astype(float)
        cand[f"n_{part}"] = s["n"].reindex(cand.index).fillna(0).astype("int64")
        cand[f"trimmed_{part}"] = s["trimmed"].reindex(cand.index).fillna(False).astype(bool)
    cand = cand.join(exclusions(inputs))
    active = cand.index[cand["excluded_code"] == ""]
    cand = cand.join(incompleteness(sheets[sheets["application_id"].isin(active)], active))
    for col in ("incomplete_reason", "incomplete_reason_en"):
        cand[col] = cand[col].fillna("").astype("str")
    complete_part = sheets.groupby(["application_id", "part"])["usable"].all()
    for part in PARTS:  # a part with a missing or unsubmitted sheet has no score yet
        ok = (complete_part.xs(part, level="part") if part in complete_part.index.get_level_values("part")
              else pd.Series(dtype=bool))
        cand[part] = cand[part].where(ok.reindex(cand.index, fill_value=False).astype(bool))
    ranked = rank_candidates(cand, sc.weight_material, sc.weight_site, sc.pass_mark, inputs.quota)

    per_expert = sheets.copy()
    per_expert["value"] = np.nan
    per_expert.loc[usable.index, "value"] = per_expert_values(flat, method, maxima).to_numpy()
    key = pd.MultiIndex.from_arrays([per_expert["application_id"], per_expert["part"]])
    per_expert["part_score"] = scores["score"].reindex(key).to_numpy()
    per_expert["deviation"] = per_expert["value"] - per_expert["part_score"]
    live = per_expert["application_id"].isin(active).to_numpy()

    reliability = (reliability_table(flat[["application_id", "expert_id", "part", "total"]],
                                     levels=dict(sc.reliability_levels)) if with_reliability else None)
    pending = pending_vetoes(inputs)
    flags = fl.collect(
        fl.sheet_problems(per_expert[live]),
        fl.disagreement(per_expert[live & per_expert["usable"].to_numpy()], sc.disagreement_threshold),
        fl.revised(_named(inputs.revisions, sheets)),
        fl.pending_vetoes(pending[pending["application_id"].isin(active)]),
        fl.low_reliability(reliability) if reliability is not None else [],
        fl.small_panels(ranked.loc[ranked["rank"].notna(), "n_material"], sc.min_experts_per_candidate),
        fl.ties(ranked[ranked["rank"].notna()]),
    )
    return AggregationResult(ranked, per_expert=per_expert, flags=flags, reliability=reliability, method=method,
                             rubric=rubric, quota=inputs.quota, pending_vetoes=pending)


def _named(revisions: pd.DataFrame, sheets: pd.DataFrame) -> pd.DataFrame:
    cols = ["application_id", "part", "expert_id", "expert_name"]
    r = revisions[revisions.index.isin(sheets.index)]
    return r.join(sheets[cols])


def pending_vetoes(inputs: Inputs) -> pd.DataFrame:
    """Veto proposals on current sheets that the chair has neither confirmed nor dismissed."""
    p, d = inputs.veto_proposals, inputs.veto_decisions
    decided = set(zip(d["application_id"], d["veto_id"])) if len(d) else set()
    keep = [(a, v) not in decided for a, v in zip(p["application_id"], p["veto_id"])]
    out = p[np.asarray(keep, dtype=bool)].copy() if len(p) else p.copy()
    out["veto_label"] = [_veto_label(inputs.rubric, v) for v in out["veto_id"]]
    out["expert_name"] = [inputs.experts.get(e, "") for e in out["expert_id"]]
    return out.reset_index(drop=True)


def inputs_sha256(inputs: Inputs) -> str:
    """SHA-256 of a canonical JSON of the inputs: every active assignment's current sheet (status,
    revision) and its values, the screening and eligibility of every application, the chair's veto
    decisions, the rubric's own hash and the quota. Anyone can recompute it from the store: keys
    sorted, no spaces, UTF-8, rows sorted by id, scores as floats, missing values as null."""
    if inputs.items is None:
        raise ValueError("inputs_sha256 needs the items (Inputs.with_items)")

    def clean(v):
        return None if v is None or (not isinstance(v, str) and pd.isna(v)) else (v.item() if hasattr(v, "item") else v)

    def rows(frame: pd.DataFrame, cols: list[str]) -> list[list]:
        return [[clean(v) for v in r] for r in frame[cols].itertuples(index=False)]

    sh = inputs.sheets.reset_index().sort_values("assignment_id")
    it = inputs.items[inputs.items["sheet_id"].notna() & inputs.items["item_id"].notna()]
    it = it.sort_values(["sheet_id", "item_id"])
    c = inputs.candidates.sort_index()
    d = inputs.veto_decisions
    doc = {"rubric_sha256": inputs.rubric.sha256, "quota": inputs.quota,
           "sheets": rows(sh, ["assignment_id", "expert_id", "application_id", "part", "sheet_id", "revision", "status"]),
           "items": rows(it, ["sheet_id", "item_id", "score"]),
           "eligibility": [[int(i), bool(s), str(e)] for i, s, e in zip(c.index, c["screened_in"].fillna(False), c["eligibility"])],
           "veto_decisions": sorted([int(a), str(v), str(x)] for a, v, x in zip(d["application_id"], d["veto_id"], d["decision"]))}
    if "chair_order" in c.columns and c["chair_order"].fillna(0).astype(bool).any():   # the chair's tie decisions
        doc["chair_order"] = [[int(i), int(o)] for i, o in c["chair_order"].items() if o]
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_confirmable(result) -> None:
    """The chair can confirm a list only when every candidate is complete and every veto decided."""
    s = result.summary()
    pending = len(result.pending_vetoes)
    if s["incomplete"] or pending:
        raise InvalidState(
            f"尚不能确认拟认定名单：{s['incomplete']} 个候选对象评审未完成，{pending} 项一票否决待主席确认或驳回。"
            "请催交或调整评分表（flags），并确认或驳回否决项（veto confirm / veto dismiss）。",
            f"The list cannot be confirmed yet: {s['incomplete']} candidate(s) incomplete, {pending} veto proposal(s) "
            "undecided. Complete the sheets (see flags) and confirm or dismiss each veto.")


def reliability(inputs: Inputs) -> pd.DataFrame:
    """Per part and, when ``inputs.items`` is there, per criterion / site item (see :mod:`.reliability`)."""
    return reliability_table_of(inputs.sheets, inputs.items, inputs.rubric)


def reliability_table_of(sheets: pd.DataFrame, items: pd.DataFrame | None, rubric: Rubric) -> pd.DataFrame:
    """The reliability table of usable sheets (and their values), parts first, then criteria in rubric order."""
    usable = sheets[sheets["usable"].to_numpy()].reset_index()
    values = criterion_scores(items, sheets) if items is not None else None
    table = reliability_table(usable[["application_id", "expert_id", "part", "total"]], values,
                              dict(rubric.scoring.reliability_levels))
    order = {p: i for i, p in enumerate(PARTS)}
    items = [c.id for c in rubric.criteria] + [i.id for i in rubric.site_items]
    rank = {x: i for i, x in enumerate(["", *items])}
    key = table["scope"].map({"part": 0, "criterion": 1}) * 1000 + table["part"].map(order) * 100 + table["item_id"].map(rank)
    return table.loc[key.sort_values(kind="stable").index].reset_index(drop=True)


def sensitivity(inputs: Inputs, method: str | None = None, n_boot: int = 1000, seed: int = 0, progress=None,
                confidence: float = 0.95):
    """Methods compared, leave-one-expert-out and the bootstrap over experts for the ranked candidates."""
    from . import sensitivity as sens
    from .result import SensitivityResult

    if int(n_boot) != n_boot or n_boot < 1:
        raise InvalidState("重抽样次数应为正整数。", "n_boot must be a positive whole number.")
    if not 0 < confidence < 1:
        raise InvalidState("置信水平应在 0 与 1 之间。", "confidence must be between 0 and 1.")
    base = aggregate(inputs, method, with_reliability=False)
    frame = base.to_frame()
    ids = pd.Index(sorted(frame.index[frame["rank"].notna()]), name="application_id")
    pe = base.per_expert()
    totals = pe[pe["usable"].to_numpy()].reset_index()[["application_id", "part", "expert_id", "total"]]
    quick = sens.quick_list(totals, ids, base.method, inputs.rubric, inputs.quota)
    out = frame.loc[ids, ["unit_name", "brand_name", "combined", "rank", "conclusion"]]
    out = out.join(sens.compare_methods(totals, ids, inputs.rubric, inputs.quota))
    out = out.join(sens.leave_one_out(totals, ids, base.method, inputs.rubric, inputs.quota, quick))
    out = out.join(sens.bootstrap(totals, ids, base.method, inputs.rubric, inputs.quota, int(n_boot), int(seed),
                                  confidence, progress))
    return SensitivityResult(out.sort_values(["rank"]), n_boot=int(n_boot), seed=int(seed), confidence=confidence,
                             method=base.method)
