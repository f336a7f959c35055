"""Plausible synthetic score sheets for a drawn session (demo, tests, dashboards, benchmarks).

Model (seeded, so the same seed gives the same sheets): each candidate has a quality q ~ Beta(5, 2.5);
each expert a leniency b ~ N(0, ``leniency_sd``); each value is (q + b + noise) × the item's max,
noise ~ N(0, ``noise_sd``), rounded to the item's step and kept in 0…max. Site items get a verdict
from the same latent value: 属实 above 0.55, 基本属实 above 0.3 (points capped by the verdict's
cap_ratio), 不属实 below (0 points); a 不属实 on a starred item proposes the rubric's starred veto with
a reason, as the sheet rules require. Every number comes from the rubric; nothing here is policy.

:func:`synthetic_scores` is pure (a long frame); :func:`fill_scores` writes it through the facade as
submitted sheets (as ``scores import`` does), optionally leaving some sheets as drafts or missing.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa

from ..config.rubric import Rubric
from ..sheets.rules import Entry, VetoProposal, items, not_verified_ids

VERIFIED_ABOVE, MOSTLY_ABOVE = 0.55, 0.3
DEMO_REASON = "（示例）带★核查项不属实"


@dataclass(frozen=True)
class FillSummary:
    submitted: int
    drafts: int
    missing: int
    vetoes: int


def _verdict_ids(rubric: Rubric) -> tuple[str, str, str]:
    """(verified, mostly verified, not verified): the verdicts by falling cap_ratio."""
    ordered = sorted(rubric.verdicts, key=lambda v: -v.cap_ratio)
    return ordered[0].id, ordered[min(1, len(ordered) - 1)].id, ordered[-1].id


def synthetic_scores(assignments: pd.DataFrame, rubric: Rubric, seed: int = 0, *, leniency_sd: float = 0.05,
                     noise_sd: float = 0.08, quality: pd.Series | None = None) -> pd.DataFrame:
    """One row per (assignment, item): assignment_id, item_id, score, verdict (site; None for material).

    ``assignments``: index assignment_id, columns application_id, part, expert_id. ``quality``:
    optional q per application (0…1) instead of the Beta draw."""
    rng = np.random.default_rng(seed)
    apps = np.unique(assignments["application_id"].to_numpy())
    experts = np.unique(assignments["expert_id"].to_numpy())
    q = (quality.reindex(apps).to_numpy(float) if quality is not None else rng.beta(5, 2.5, len(apps)))
    b = rng.normal(0, leniency_sd, len(experts))
    q_of = pd.Series(q, index=apps)
    b_of = pd.Series(b, index=experts)
    verified, mostly, not_verified = _verdict_ids(rubric)
    caps = {v.id: v.cap_ratio for v in rubric.verdicts}
    frames = []
    for part in ("material", "site"):
        a = assignments[assignments["part"] == part]
        its = items(rubric, part)
        if a.empty or not its:
            continue
        n, k = len(a), len(its)
        mx = np.array([i.max for i in its])
        step = np.array([i.step for i in its])
        base = (q_of.reindex(a["application_id"]).to_numpy() + b_of.reindex(a["expert_id"]).to_numpy())[:, None]
        latent = np.clip(base + rng.normal(0, noise_sd, (n, k)), 0, 1)
        score = np.clip(np.round(latent * mx / step) * step, 0, mx)
        verdict = np.full((n, k), None, dtype=object)
        if part == "site":
            verdict = np.where(latent > VERIFIED_ABOVE, verified, np.where(latent > MOSTLY_ABOVE, mostly, not_verified))
            cap = np.vectorize(caps.get)(verdict) * mx
            score = np.minimum(score, np.floor(cap / step + 1e-9) * step)
        frames.append(pd.DataFrame({"assignment_id": np.repeat(a.index.to_numpy(), k),
                                    "item_id": np.tile([i.id for i in its], n),
                                    "score": score.ravel(), "verdict": verdict.ravel()}))
    if not frames:
        return pd.DataFrame(columns=["assignment_id", "item_id", "score", "verdict"])
    return pd.concat(frames, ignore_index=True)


def sheet_entries(rows: pd.DataFrame, rubric: Rubric, part: str) -> tuple[dict[str, Entry], list[VetoProposal]]:
    """One sheet's rows as the sheet rules take them, with the veto a starred 不属实 requires."""
    entries = {r.item_id: Entry(float(r.score), r.verdict if isinstance(r.verdict, str) else None) for r in rows.itertuples()}
    vetoes = []
    if part == "site" and rubric.starred_veto:
        nv, starred = not_verified_ids(rubric), {i.id for i in rubric.site_items if i.starred}
        if any(e.verdict in nv for k, e in entries.items() if k in starred):
            vetoes.append(VetoProposal(rubric.starred_veto, DEMO_REASON))
    return entries, vetoes


def fill_scores(session, seed: int = 0, *, draft_share: float = 0.0, missing_share: float = 0.0,
                exclude_experts: tuple[int, ...] = (), **model) -> FillSummary:
    """Write synthetic sheets for the session's active assignments without a sheet, as the city
    importing paper sheets (``_write_submitted_sheet``), in one transaction. ``draft_share`` of them
    are left as drafts, ``missing_share`` without any sheet (an incomplete panel for the demo);
    ``exclude_experts`` keep all their sheets open (the demo's experts who score in the browser)."""
    from ..store import schema as t
    from ..store import utcnow

    asg = session.assignments_frame()[["application_id", "part", "expert_id"]]
    asg = asg[~asg["expert_id"].isin(list(exclude_experts))]
    with session.store.read() as conn:
        have = set(conn.execute(sa.select(t.score_sheets.c.assignment_id).distinct()).scalars())
    asg = asg[~asg.index.isin(list(have))]
    rng = np.random.default_rng(seed + 1)
    u = rng.random(len(asg))
    fate = np.where(u < missing_share, "missing", np.where(u < missing_share + draft_share, "draft", "submitted"))
    values = synthetic_scores(asg, session.rubric, seed, **model)
    by_sheet = dict(tuple(values.groupby("assignment_id")))

    submitted = drafts = vetoes = 0
    with session.store.write() as conn:
        for (aid, row), what in zip(asg.iterrows(), fate):
            if what == "missing" or aid not in by_sheet:
                continue
            entries, proposals = sheet_entries(by_sheet[aid], session.rubric, row["part"])
            if what == "submitted":
                session._write_submitted_sheet(conn, int(aid), entries, proposals, source="demo")
                submitted, vetoes = submitted + 1, vetoes + len(proposals)
            else:
                sid = conn.execute(t.score_sheets.insert().values(assignment_id=int(aid), revision=0, status="draft",
                                                                  version=1, veto_json="[]", updated_at=utcnow())).inserted_primary_key[0]
                half = list(entries.items())[: len(entries) // 2]
                conn.execute(t.score_items.insert(), [dict(sheet_id=sid, item_id=k, score=e.score, verdict=e.verdict, comment="")
                                                      for k, e in half])
                drafts += 1
    return FillSummary(submitted, drafts, int((fate == "missing").sum()), vetoes)


def build_scored_demo(root, seed: int = 2024, *, draft_share: float = 0.0, missing_share: float = 0.0) -> FillSummary:
    """The demo workspace (:func:`~panel_toolkit.demo.build_demo`) with its panel drawn
    (:func:`~panel_toolkit.demo.experts.add_demo_panel`) and every sheet filled by :func:`fill_scores`."""
    from ..workspace import Workspace
    from .build import SESSION_ID, build_demo
    from .experts import add_demo_panel

    build_demo(root, seed=seed)
    add_demo_panel(root, seed=seed)
    ws = Workspace(root)
    try:
        return fill_scores(ws.session(SESSION_ID), seed=seed, draft_share=draft_share, missing_share=missing_share)
    finally:
        ws.close()


def fill_demo_scores(root, seed: int = 2024, exclude_experts: tuple[int, ...] = (), db: str | None = None) -> FillSummary:
    """Fill the demo session's sheets of every expert but ``exclude_experts`` (submitted, as paper)."""
    from ..workspace import Workspace
    from .build import SESSION_ID

    ws = Workspace(root, db)
    try:
        return fill_scores(ws.session(SESSION_ID), seed=seed, exclude_experts=exclude_experts)
    finally:
        ws.close()
