"""The random draw of experts (专家随机抽取, 第十二条): a pure, reproducible function.

Every candidate gets ``n_material`` experts for the material review (资料评审) and a team of
``n_site`` for the site inspection (实地核查), none of them in conflict (回避) with it.

The method (algorithm ``panel-draw/1``), chosen so that anyone can re-run it and get the same panels:

1. Candidates and experts are put in id order, so the input order does not matter.
2. A candidate whose eligible experts are fewer than needed cannot be covered: the draw returns
   every such candidate with its reasons and assigns nothing (all or nothing).
3. Candidates are served most-constrained first (fewest eligible experts), ties in random order.
4. For each candidate the material panel is the ``n_material`` eligible experts with the lowest
   (material load, total load, random number); then the site team likewise with (site load, total
   load, random number). Always taking the least-loaded keeps loads within 1 of each other wherever
   the conflicts allow; the random number breaks ties, fresh for every candidate and part, so
   panels are not the same fixed groups.
5. Policy default: the site team is disjoint from the material panel — a second pair of eyes on
   site. Only when a candidate has fewer eligible experts than ``n_material + n_site`` may the team
   include material experts, as few as possible; such overlaps are reported.

Randomness comes from NumPy's PCG64 bit generator seeded with ``seed``, read through
``random_raw``: the raw stream of a bit generator is kept stable across NumPy versions (the
distribution methods of ``Generator`` are not), so a draw made today still verifies in years.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import text
from .conflicts import REASONS, reason_labels

ALGORITHM = "panel-draw/1"
#: The same method, plus 第十二条 相关专家: each material panel takes first the least-loaded eligible expert of
#: the candidate's 行业 (when there is one), then the rest as before; rebalancing keeps one on the panel.
ALGORITHM_RELATED = "panel-draw/2"
ALGORITHMS = (ALGORITHM, ALGORITHM_RELATED)
PARTS = ("material", "site")
MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class Shortfall:
    """A candidate the pool cannot cover: how many experts each reason excludes, how many remain, how many are needed."""

    application_id: int
    excluded: dict[int, int]
    excluded_total: int
    remaining: int
    needed: int

    def reasons(self, lang: str = "zh") -> str:
        parts = [(reason_labels(bit, lang)[0], n) for bit, n in self.excluded.items() if n]
        return (text("common.list_sep", lang).join(text("panel.reason_count", lang, label=label, n=n) for label, n in parts)
                or text("panel.no_reason", lang))

    def as_dict(self, lang: str = "zh") -> dict:
        return {"application_id": self.application_id, "excluded_total": self.excluded_total,
                "excluded": {reason_labels(b, lang)[0]: n for b, n in self.excluded.items() if n},
                "remaining": self.remaining, "needed": self.needed}


@dataclass(frozen=True)
class DrawOutcome:
    """``assignments``: application_id, part, expert_id (sorted). Empty when any candidate is short."""

    assignments: pd.DataFrame
    shortfalls: list[Shortfall] = field(default_factory=list)
    overlaps: dict[int, int] = field(default_factory=dict)   # application_id → experts on both parts

    @property
    def feasible(self) -> bool:
        return not self.shortfalls

    def loads(self) -> pd.DataFrame:
        """Per expert drawn: number of material and site assignments and their total."""
        wide = self.assignments.pivot_table(index="expert_id", columns="part", values="application_id",
                                            aggfunc="count", fill_value=0)
        wide = wide.reindex(columns=list(PARTS), fill_value=0)
        wide["total"] = wide.sum(axis=1)
        return wide

    @property
    def sha256(self) -> str:
        return result_sha256(self.assignments)


def triples(assignments: pd.DataFrame) -> list[list]:
    """A draw's result as sorted [application_id, part, expert_id] lists (JSON-ready)."""
    return sorted([int(a), str(p), int(e)] for a, p, e in
                  zip(assignments["application_id"], assignments["part"], assignments["expert_id"]))


def result_sha256(assignments: pd.DataFrame) -> str:
    """Fingerprint of a draw's result: SHA-256 of the compact JSON of :func:`triples`."""
    text = json.dumps(triples(assignments), separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def draw(candidates: Sequence[int], experts: Sequence[int], conflicts: np.ndarray,
         n_material: int, n_site: int, seed: int, related: np.ndarray | None = None) -> DrawOutcome:
    """Draw panels. ``conflicts[i, j]`` is the reason mask (0 = eligible; a bool array works too)
    of ``candidates[i]`` and ``experts[j]``; ``related[i, j]`` (optional, same shape) marks experts of the
    candidate's 行业 (:data:`ALGORITHM_RELATED`). See the module docstring for the method."""
    if n_material < 1 or n_site < 0:
        raise ValueError("n_material must be >= 1 and n_site >= 0")
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be in 0..{MAX_SEED}")
    cand = np.asarray(candidates, dtype=np.int64)
    exp = np.asarray(experts, dtype=np.int64)
    codes = np.asarray(conflicts).astype(np.uint8, copy=False).reshape(len(cand), len(exp))
    ci, ei = np.argsort(cand, kind="stable"), np.argsort(exp, kind="stable")
    cand, exp, codes = cand[ci], exp[ei], codes[np.ix_(ci, ei)]
    if related is not None:
        related = np.asarray(related, dtype=bool).reshape(len(cand), len(exp))[np.ix_(ci, ei)]
    eligible = codes == 0
    k = eligible.sum(axis=1)

    needed = max(n_material, n_site)
    short = np.flatnonzero(k < needed)
    if len(short):
        return DrawOutcome(_empty(), [_shortfall(int(cand[i]), codes[i], needed) for i in short])

    bitgen = np.random.PCG64(seed)
    order = np.lexsort((bitgen.random_raw(len(cand)), k))
    panel = {p: np.zeros((len(cand), n), dtype=np.int64) for p, n in (("material", n_material), ("site", n_site))}
    loads = {p: np.zeros(len(exp), dtype=np.int64) for p in PARTS}
    total = np.zeros(len(exp), dtype=np.int64)
    overlaps: dict[int, int] = {}
    for i in order:
        pool = np.flatnonzero(eligible[i])
        near = np.flatnonzero(eligible[i] & related[i]) if related is not None else pool[:0]
        if len(near):   # 第十二条 相关专家: one of the candidate's 行业 first
            first = _lowest(near, 1, loads["material"], total, bitgen)
            others = np.setdiff1d(pool, first, assume_unique=True)
            material = np.concatenate([first, _lowest(others, n_material - 1, loads["material"], total, bitgen)])
        else:
            material = _lowest(pool, n_material, loads["material"], total, bitgen)
        rest = np.setdiff1d(pool, material, assume_unique=True)
        if len(rest) >= n_site:
            site = _lowest(rest, n_site, loads["site"], total, bitgen)
        else:  # too few eligible experts for disjoint teams: fewest possible material experts on site too
            site = np.concatenate([rest, _lowest(material, n_site - len(rest), loads["site"], total, bitgen)])
            overlaps[int(cand[i])] = n_site - len(rest)
        for part, chosen in (("material", material), ("site", site)):
            panel[part][i] = chosen
            loads[part][chosen] += 1
            total[chosen] += 1
    _Rebalancer(panel, eligible, loads, total, order, bitgen, related).run()
    out = pd.DataFrame({
        "application_id": np.concatenate([np.repeat(cand, panel[p].shape[1]) for p in PARTS]),
        "part": pd.Series(np.concatenate([np.full(panel[p].size, p, dtype=object) for p in PARTS]), dtype="str"),
        "expert_id": np.concatenate([exp[panel[p].ravel()] for p in PARTS]),
    })
    out = out.sort_values(["application_id", "part", "expert_id"], ignore_index=True)
    return DrawOutcome(out, [], overlaps)


class _Rebalancer:
    """Single moves that even out the greedy's loads, where conflicts let the greedy end uneven.

    Phase 1, per part: move one assignment from an expert to one with a part load lower by 2 or more.
    Phase 2: move one assignment from an expert to one with a part load lower by exactly 1 and a total
    load lower by 2 or more (part loads stay within 1). Each move lowers the sum of squared loads, so
    the loop ends. The receiver must be eligible and not yet on that candidate; the lowest
    (part load, total load, random number) is taken. Candidates are visited in draw order.
    """

    def __init__(self, panel, eligible, loads, total, order, bitgen, related=None):
        self.panel, self.eligible, self.loads, self.total, self.bitgen = panel, eligible, loads, total, bitgen
        self.related = related
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        self.rank = rank

    def run(self) -> None:
        for part in PARTS:
            while self._move(part, lambda g, load: load <= load[g] - 2):
                pass
        for part in PARTS:
            while self._move(part, lambda g, load: (load == load[g] - 1) & (self.total <= self.total[g] - 2)):
                pass

    def _move(self, part: str, receivers) -> bool:
        load, members = self.loads[part], self.panel[part]
        for g in np.argsort(-load, kind="stable"):
            can = receivers(g, load)
            if not can.any():
                continue
            rows = np.flatnonzero((members == g).any(axis=1))
            rows = rows[np.argsort(self.rank[rows], kind="stable")]
            ok = can[None, :] & self.eligible[rows]
            for other in self.panel.values():   # the receiver must not be on the candidate yet
                ok[np.arange(len(rows))[:, None], other[rows]] = False
            if part == "material" and self.related is not None:   # keep a 相关专家 on the panel
                rel = self.related[rows]
                only = rel[:, g] & (rel[np.arange(len(rows))[:, None], members[rows]].sum(axis=1) == 1)
                ok[only] &= rel[only]
            movable = np.flatnonzero(ok.any(axis=1))
            if len(movable):
                i, pool = rows[movable[0]], np.flatnonzero(ok[movable[0]])
                r = _lowest(pool, 1, load, self.total, self.bitgen)[0]
                members[i][members[i] == g] = r
                load[g] -= 1
                load[r] += 1
                self.total[g] -= 1
                self.total[r] += 1
                return True
        return False


def _lowest(pool: np.ndarray, n: int, part_load: np.ndarray, total: np.ndarray,
            bitgen: np.random.PCG64) -> np.ndarray:
    """The ``n`` experts of ``pool`` with the lowest (part load, total load, fresh random number)."""
    tie = bitgen.random_raw(len(pool))
    return pool[np.lexsort((tie, total[pool], part_load[pool]))[:n]]


def _shortfall(application_id: int, codes: np.ndarray, needed: int) -> Shortfall:
    excluded = {bit: int(np.count_nonzero(codes & bit)) for bit in REASONS}
    n_excluded = int(np.count_nonzero(codes))
    return Shortfall(application_id, excluded, n_excluded, len(codes) - n_excluded, needed)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({"application_id": pd.Series(dtype="int64"), "part": pd.Series(dtype="str"),
                         "expert_id": pd.Series(dtype="int64")})
