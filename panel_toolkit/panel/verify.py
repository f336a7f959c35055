"""Verifying a draw (第十二条: the chair shows anyone, later, that the draw was fair).

Two questions, answered from the draw record alone plus today's data:

1. *Reproducible*: re-running the draw with the recorded seed and parameters on the recorded
   snapshot gives exactly the recorded result (and the snapshot still matches its fingerprints).
2. *Unchanged*: today's pool, candidates and declared conflicts are those of the snapshot, and a
   re-run on today's data gives the same panels. Otherwise every change is listed: experts
   added/removed/changed, candidates added/removed/changed, conflicts declared or rules changed,
   and the panels that would differ.

The chair's later swaps and additions (each in the event log with who and why) are listed apart:
they are not a flaw of the draw.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from ..i18n import labels, pick, text
from .draw import ALGORITHM, ALGORITHM_RELATED, Shortfall, draw, result_sha256, triples
from .record import CANDIDATE_KEYS, POOL_KEYS, DrawInputs, canonical_sha256

_FIELD_ZH = {"name": "姓名", "employer": "工作单位", "employer_credit_code": "工作单位统一社会信用代码",
             "county": "县(市)区", "field": "专业领域", "title": "职称", "unit_name": "单位名称",
             "credit_code": "统一社会信用代码", "same_employer": "同单位回避", "same_county": "同县(市)区回避"}
_PART_ZH = {"material": "资料评审", "site": "实地核查"}


@dataclass(frozen=True)
class Change:
    what: str      # expert | candidate | conflict | rule | panel | adjustment
    kind: str      # added | removed | changed
    target: str
    zh: str
    en: str


@dataclass
class VerifyResult:
    draw_id: int
    seed: int
    per_candidate: int
    site_team: int
    reproducible: bool
    hashes: dict[str, tuple[str, str]]          # name → (recorded, today)
    changes: list[Change] = field(default_factory=list)          # inputs and panels
    adjustments: list[Change] = field(default_factory=list)      # the chair's changes since the draw
    shortfalls: list[Shortfall] = field(default_factory=list)   # today's re-run cannot cover these

    @property
    def consistent(self) -> bool:
        return self.reproducible and not self.changes and not self.shortfalls

    def message(self, lang: str = "zh") -> str:
        head = text("panel.verify_head", lang, id=self.draw_id, seed=self.seed, per=self.per_candidate,
                    site=self.site_team)
        lines = []
        if self.consistent:
            lines.append(text("panel.verify_consistent", lang, head=head, short=self.hashes["result"][0][:16]))
        else:
            lines.append(text("panel.verify_inconsistent", lang, head=head))
            if not self.reproducible:
                lines.append(text("panel.verify_not_reproducible", lang))
            names = labels("panel.hash", lang)
            for name, (old, new) in self.hashes.items():
                if old != new and name != "result":
                    lines.append(text("panel.verify_hash_changed", lang, name=names.get(name, name), old=old[:16],
                                      new=new[:16]))
            lines += ["  " + pick(lang, c.zh, c.en) for c in self.changes]
            for s in self.shortfalls:
                lines.append(text("panel.verify_shortfall", lang, id=s.application_id, reasons=s.reasons(lang),
                                  remaining=s.remaining, needed=s.needed))
        if self.adjustments:
            lines.append(text("panel.verify_adjustments", lang, n=len(self.adjustments)))
            lines += ["  " + pick(lang, c.zh, c.en) for c in self.adjustments]
        return "\n".join(lines)

    def to_frame(self, lang: str = "zh") -> pd.DataFrame:
        rows = [(c.what, c.kind, c.target, pick(lang, c.zh, c.en)) for c in self.changes + self.adjustments]
        return pd.DataFrame(rows, columns=["what", "kind", "target", "detail"], dtype="str")

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(self.message()) + "</pre>"



def verify(record: dict, today: DrawInputs, active: pd.DataFrame | None = None) -> VerifyResult:
    """Check a draw record. ``record`` holds id, seed, per_candidate, site_team, algorithm, the
    fingerprints (pool_sha256, candidates_sha256, conflicts_sha256, result_sha256) and ``snapshot``
    (the inputs plus ``result``). ``active``: today's active assignments (application_id, part, expert_id)."""
    snap = record["snapshot"]
    then = DrawInputs.from_dict(snap)
    params = (record["per_candidate"], record["site_team"], record["seed"])
    reproducible = (
        record["algorithm"] == (ALGORITHM_RELATED if then.related_rule else ALGORITHM)
        and canonical_sha256(snap["result"]) == record["result_sha256"]
        and (then.pool_sha256, then.candidates_sha256, then.conflicts_sha256)
        == (record["pool_sha256"], record["candidates_sha256"], record["conflicts_sha256"])
        and _rerun(then, *params).sha256 == record["result_sha256"]
    )
    rerun = _rerun(today, *params)
    hashes = {"pool": (record["pool_sha256"], today.pool_sha256),
              "candidates": (record["candidates_sha256"], today.candidates_sha256),
              "conflicts": (record["conflicts_sha256"], today.conflicts_sha256),
              "result": (record["result_sha256"], rerun.sha256 if rerun.feasible else "")}
    changes = (_record_changes("expert", then.pool, today.pool, POOL_KEYS)
               + _record_changes("candidate", then.candidates, today.candidates, CANDIDATE_KEYS)
               + _conflict_changes(then, today))
    if rerun.feasible:
        changes += _panel_changes("panel", snap["result"], triples(rerun.assignments),
                                  ("重新抽取将不同", "a re-run would differ"))
    adjustments = [] if active is None else _panel_changes("adjustment", snap["result"], triples(active),
                                                           ("当前与抽取结果不同", "now differs from the draw"))
    return VerifyResult(int(record["id"]), int(record["seed"]), int(record["per_candidate"]), int(record["site_team"]),
                        reproducible, hashes, changes, adjustments, rerun.shortfalls)


def _rerun(inputs: DrawInputs, n_material: int, n_site: int, seed: int):
    m = inputs.matrix()
    return draw(m.application_ids, m.expert_ids, m.codes, n_material, n_site, seed, inputs.related())


def _record_changes(what: str, old: list[dict], new: list[dict], keys: tuple[str, ...]) -> list[Change]:
    zh_what, en_what = {"expert": ("专家", "expert"), "candidate": ("候选对象（申报）", "candidate (application)")}[what]
    label = "name" if what == "expert" else "unit_name"
    before, after = {r["id"]: r for r in old}, {r["id"]: r for r in new}
    out = []
    for i in sorted(after.keys() - before.keys()):
        out.append(Change(what, "added", str(i), f"新增{zh_what} {i} {after[i][label]}",
                          f"{en_what} {i} {after[i][label]} added"))
    for i in sorted(before.keys() - after.keys()):
        out.append(Change(what, "removed", str(i), f"减少{zh_what} {i} {before[i][label]}",
                          f"{en_what} {i} {before[i][label]} removed"))
    for i in sorted(before.keys() & after.keys()):
        diff = [k for k in keys if before[i][k] != after[i][k]]
        if diff:
            zh = "；".join(f"{_FIELD_ZH[k]} {before[i][k] or '（空）'} → {after[i][k] or '（空）'}" for k in diff)
            en = "; ".join(f"{k} {before[i][k]!r} → {after[i][k]!r}" for k in diff)
            out.append(Change(what, "changed", str(i), f"{zh_what} {i} {after[i][label]} 有变化：{zh}",
                              f"{en_what} {i} {after[i][label]} changed: {en}"))
    return out


def _conflict_changes(then: DrawInputs, today: DrawInputs) -> list[Change]:
    out = []
    for k in then.rules.keys() | today.rules.keys():
        old, new = then.rules.get(k), today.rules.get(k)
        if old != new:
            out.append(Change("rule", "changed", k, f"回避设置 {_FIELD_ZH.get(k, k)}：{old} → {new}",
                              f"conflict setting {k}: {old} → {new}"))
    before, after = {tuple(p) for p in then.declared}, {tuple(p) for p in today.declared}
    for e, a in sorted(after - before):
        out.append(Change("conflict", "added", f"{e}-{a}", f"新增申报回避：专家 {e} ↔ 申报 {a}",
                          f"conflict declared: expert {e} ↔ application {a}"))
    for e, a in sorted(before - after):
        out.append(Change("conflict", "removed", f"{e}-{a}", f"申报回避已不存在：专家 {e} ↔ 申报 {a}",
                          f"declared conflict gone: expert {e} ↔ application {a}"))
    return out


def _panel_changes(what: str, old: list, new: list, label: tuple[str, str]) -> list[Change]:
    def panels(ts):
        out: dict[tuple[int, str], set[int]] = {}
        for a, p, e in ts:
            out.setdefault((int(a), str(p)), set()).add(int(e))
        return out

    before, after = panels(old), panels(new)
    out = []
    for key in sorted(before.keys() | after.keys()):
        b, n = before.get(key, set()), after.get(key, set())
        if b != n:
            a, p = key
            zh = f"申报 {a} {_PART_ZH.get(p, p)}{label[0]}：记录 {sorted(b)}，现为 {sorted(n)}"
            en = f"application {a} {p} {label[1]}: recorded {sorted(b)}, now {sorted(n)}"
            out.append(Change(what, "changed", f"{a}/{p}", zh, en))
    return out


__all__ = ["Change", "VerifyResult", "result_sha256", "verify"]
