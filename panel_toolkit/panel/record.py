"""What a draw is made from, in canonical form, and its fingerprints (SHA-256).

A draw record keeps the seed, the parameters, these fingerprints and a snapshot of the inputs, so
that later anyone can (a) re-run the draw on the snapshot and get the same panels and (b) see
exactly what changed in the pool, the candidates or the declared conflicts since.
Personal contact data (the mobile number) is not part of the snapshot.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .conflicts import ConflictMatrix, ConflictRules, conflict_matrix

POOL_KEYS = ("name", "employer", "employer_credit_code", "county", "field", "title")
CANDIDATE_KEYS = ("unit_name", "credit_code", "county")
_SPLIT = re.compile(r"[、,，;；/\s]+")   # an expert's 专业领域 may list several 行业


def canonical_sha256(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _records(df: pd.DataFrame, keys: tuple[str, ...]) -> list[dict]:
    out = []
    for ident, row in zip(df.index.astype(int), df[list(keys)].itertuples(index=False)):
        out.append({"id": int(ident), **{k: (None if pd.isna(v) else str(v)) for k, v in zip(keys, row)}})
    return sorted(out, key=lambda r: r["id"])


@dataclass(frozen=True)
class DrawInputs:
    """The pool, the candidates, the declared conflicts and the conflict rules, in canonical form."""

    pool: list[dict]
    candidates: list[dict]
    declared: list[list[int]]      # [expert_id, application_id], sorted
    rules: dict[str, bool]

    @classmethod
    def of(cls, experts: pd.DataFrame, candidates: pd.DataFrame, declared, rules: ConflictRules,
           related: bool = False) -> DrawInputs:
        """``experts``/``candidates``: index = id, columns as in :data:`POOL_KEYS`/:data:`CANDIDATE_KEYS`.
        ``related`` (第十二条 相关专家) adds the candidates' 行业 and the rule, so the snapshot re-derives it;
        without it the records (and their fingerprints) are exactly those of earlier draws."""
        cand_ids = set(candidates.index.astype(int))
        pairs = sorted({(int(e), int(a)) for e, a in declared if int(a) in cand_ids})
        keys = (*CANDIDATE_KEYS, "industry") if related else CANDIDATE_KEYS
        rule = {"same_employer": bool(rules.same_employer), "same_county": bool(rules.same_county)}
        if related:
            rule["related_expert"] = True
        return cls(_records(experts, POOL_KEYS), _records(candidates, keys), [list(p) for p in pairs], rule)

    @property
    def related_rule(self) -> bool:
        return bool(self.rules.get("related_expert"))

    def related(self) -> np.ndarray | None:
        """``related[i, j]``: expert j's 专业领域 lists candidate i's 行业 (ids in sorted order, as
        :meth:`matrix`); None when the session does not ask for 相关专家."""
        if not self.related_rule:
            return None
        cands = sorted(self.candidates, key=lambda r: r["id"])
        pool = sorted(self.pool, key=lambda r: r["id"])
        fields = [set(filter(None, (x.strip() for x in _SPLIT.split(e.get("field") or "")))) for e in pool]
        return np.array([[bool((c.get("industry") or "").strip()) and (c.get("industry") or "").strip() in f
                          for f in fields] for c in cands], dtype=bool).reshape(len(cands), len(pool))

    @classmethod
    def from_dict(cls, data: dict) -> DrawInputs:
        return cls(data["pool"], data["candidates"], [list(p) for p in data["declared"]], dict(data["rules"]))

    def as_dict(self) -> dict:
        return {"pool": self.pool, "candidates": self.candidates, "declared": self.declared, "rules": self.rules}

    @property
    def pool_sha256(self) -> str:
        return canonical_sha256(self.pool)

    @property
    def candidates_sha256(self) -> str:
        return canonical_sha256(self.candidates)

    @property
    def conflicts_sha256(self) -> str:
        return canonical_sha256({"declared": self.declared, "rules": self.rules})

    def matrix(self) -> ConflictMatrix:
        experts = _frame(self.pool, POOL_KEYS)
        candidates = _frame(self.candidates, CANDIDATE_KEYS)
        rules = ConflictRules(self.rules["same_employer"], self.rules["same_county"])
        return conflict_matrix(candidates, experts, [tuple(p) for p in self.declared], rules)


def _frame(records: list[dict], keys: tuple[str, ...]) -> pd.DataFrame:
    index = pd.Index(np.array([r["id"] for r in records], dtype="int64"), name="id")
    return pd.DataFrame({k: pd.Series([r[k] for r in records], index=index, dtype="str") for k in keys}, index=index)

