"""The expert panel through the facade (第十二条: 资料评审 + 实地核查): the reproducible draw and its verification,
assignments, the chair's changes (swap, add). The pool, declared conflicts and links are :mod:`.pool`; who sees
which assignment and candidate is :mod:`.scope` (a county without the experts' identities; an expert their own
active assignments, on candidates they are not in conflict with).
"""
from __future__ import annotations

import secrets

import numpy as np
import pandas as pd
import sqlalchemy as sa

from ..errors import (AccessDenied, ConflictOfInterest, DrawInfeasible, InvalidState, NotFound)
from ..panel.conflicts import ConflictRules, reason_labels
from ..panel.draw import ALGORITHM, ALGORITHM_RELATED, MAX_SEED, PARTS, draw, triples
from ..panel.record import DrawInputs
from ..panel.reports import DrawReport, infeasible_message
from ..panel.verify import VerifyResult, verify
from ..store import schema as t
from ..store import utcnow
from ..store.queries import panel as pq
from .context import Service, writes

#: A seed chosen for the chair when none is given: small enough to read out and publish.
AUTO_SEED_BELOW = 10**9
_PART_ZH = {"material": "资料评审", "site": "实地核查"}


class Panel(Service):
    def __init__(self, ctx, apps, eligible, pool):
        super().__init__(ctx)
        self.apps, self.eligible, self.pool = apps, eligible, pool

    # == the draw ============================================================================
    @writes
    def draw(self, per_candidate: int | None = None, seed: int | None = None, site_team: int | None = None, *,
             replace: bool = False, reason: str = "") -> DrawReport:
        """Draw every candidate's material panel and site team (第十二条), all or nothing.

        Defaults come from the session (``panel.material_experts``, ``panel.site_team``); the material panel
        may not be smaller than the rubric's ``min_experts_per_candidate`` (policy default). Without a seed
        one is chosen at random and recorded. A draw when active assignments exist needs ``replace=True``
        and a reason, and is refused once any score sheet exists."""
        self._require("city")
        self._require_open()
        n_material = self.config.material_experts if per_candidate is None else int(per_candidate)
        n_site = self.config.site_team if site_team is None else int(site_team)
        seed = secrets.randbelow(AUTO_SEED_BELOW) if seed is None else int(seed)
        self._check_parameters(n_material, n_site, seed)
        reason = (reason or "").strip()
        if replace and not reason:
            raise InvalidState("重新抽取须写明理由。", "A replacing draw needs a reason.")
        # The write lock is taken first, so the inputs read cannot change before the result is stored.
        with self.store.write() as conn:
            active = pq.active_count(conn, self.id)
            if active and not replace:
                raise InvalidState(f"本批次已有 {active} 项专家分配；如确需重新抽取，请加 --replace 并写明理由（原分配停用、保留）。",
                                   f"this session already has {active} active assignment(s); to draw again pass "
                                   "--replace with a reason (the old ones are deactivated and kept).")
            if replace and pq.sheet_count(conn, self.id):
                raise InvalidState("已有专家填写评分表，不能重新抽取；请逐项调整（swap）。",
                                   "score sheets exist already; no new draw - swap experts one by one instead.")
            inputs = self._draw_inputs()
            if not inputs.candidates:
                raise InvalidState("没有可抽取的候选对象（初审通过且资格审查未被否决的申报）。",
                                   "No candidates to draw for (screened in and not failing Article 8).")
            if not inputs.pool:
                raise InvalidState("专家库为空；请先导入专家（experts import）。", "The expert pool is empty; import experts first.")
            m = inputs.matrix()
            outcome = draw(m.application_ids, m.expert_ids, m.codes, n_material, n_site, seed, inputs.related())
            if not outcome.feasible:
                names = {c["id"]: f"{c['unit_name']}（{c['county']}）" for c in inputs.candidates}
                raise DrawInfeasible(infeasible_message(outcome.shortfalls, names, "zh"),
                                     infeasible_message(outcome.shortfalls, names, "en"),
                                     [s.as_dict() for s in outcome.shortfalls])
            result = triples(outcome.assignments)
            hashes = {"pool": inputs.pool_sha256, "candidates": inputs.candidates_sha256,
                      "conflicts": inputs.conflicts_sha256, "result": outcome.sha256}
            replaced = pq.deactivate_all(conn, self.id) if active else 0
            draw_id = conn.execute(t.draws.insert().values(
                session_id=self.id, algorithm=ALGORITHM_RELATED if inputs.related_rule else ALGORITHM, seed=seed,
                per_candidate=n_material, site_team=n_site,
                pool_sha256=hashes["pool"], candidates_sha256=hashes["candidates"], conflicts_sha256=hashes["conflicts"],
                result_sha256=hashes["result"], snapshot={**inputs.as_dict(), "result": result},
                actor=self.actor.name, reason=reason, created_at=utcnow())).inserted_primary_key[0]
            pq.store_assignments(conn, self.id, result)
            self._log(conn, "panel.drawn", str(draw_id), seed=seed, per_candidate=n_material, site_team=n_site,
                      candidates=len(inputs.candidates), pool=len(inputs.pool), assignments=len(result),
                      replaced=replaced, reason=reason, overlaps=sorted(outcome.overlaps),
                      **{f"{k}_sha256": v for k, v in hashes.items()})
        loads = outcome.loads().reindex(m.expert_ids, fill_value=0)
        return DrawReport(int(draw_id), seed, n_material, n_site, len(inputs.candidates), len(inputs.pool), len(result),
                          {c: (int(loads[c].min()), int(loads[c].max())) for c in loads.columns},
                          dict(outcome.overlaps), hashes, replaced)

    def _check_parameters(self, n_material: int, n_site: int, seed: int) -> None:
        minimum = self.rubric.scoring.min_experts_per_candidate
        if n_material < minimum:
            raise InvalidState(f"每个候选对象的资料评审专家不能少于 {minimum} 人（评分细则 min_experts_per_candidate）。",
                               f"at least {minimum} material experts per candidate (rubric min_experts_per_candidate).")
        if n_site < 1:
            raise InvalidState("实地核查组至少 1 人。", "The site team needs at least one expert.")
        if not 0 <= seed <= MAX_SEED:
            raise InvalidState(f"种子应为 0 到 {MAX_SEED} 之间的整数。", f"The seed must be an integer in 0..{MAX_SEED}.")

    def _draw_inputs(self) -> DrawInputs:
        ids = self.eligible.candidate_ids()
        with self.store.read() as conn:
            experts, candidates = pq.experts(conn, self.id), pq.conflict_fields(conn, self.id, ids)
            declared = pq.declared(conn, self.id)
        return DrawInputs.of(experts, candidates, declared, ConflictRules.of(self.config),
                             related=self.config.related_expert)

    def draws_frame(self) -> pd.DataFrame:
        """Every draw of the session, oldest first, without the snapshots (city)."""
        self._require("city")
        d = t.draws
        cols = [c for c in d.c if c.name != "snapshot"]
        with self.store.read() as conn:
            return pd.DataFrame(conn.execute(sa.select(*cols).where(d.c.session_id == self.id).order_by(d.c.id))
                                .mappings().all(), columns=[c.name for c in cols]).set_index("id")

    def verify_draw(self, draw_id: int | None = None) -> VerifyResult:
        """Re-run the latest (or a given) draw from its record and compare with today's data (city)."""
        self._require("city")
        d = t.draws
        q = sa.select(d).where(d.c.session_id == self.id)
        q = q.where(d.c.id == int(draw_id)) if draw_id is not None else q.order_by(d.c.id.desc()).limit(1)
        with self.store.read() as conn:
            record = conn.execute(q).mappings().first()
        if record is None:
            raise NotFound("本批次尚未抽取专家。", "No draw in this session yet.")
        active = self.assignments_frame()[["application_id", "part", "expert_id"]]
        return verify(dict(record), self._draw_inputs(), active)

    # == assignments and access ===============================================================
    def assignments_frame(self, include_inactive: bool = False) -> pd.DataFrame:
        """Assignments as the actor may see them, index = assignment id. City: all (inactive too on
        request); county: its county's, without expert identities; expert: their own active ones.
        ``conflict`` lists live conflict reasons (an assignment that needs the chair's swap)."""
        a, apps, e = t.assignments, t.applications, t.experts
        q = (sa.select(a.c.id, a.c.application_id, apps.c.unit_name, apps.c.brand_name, apps.c.county, a.c.part,
                       a.c.expert_id, e.c.name.label("expert_name"), e.c.employer.label("expert_employer"),
                       a.c.active, a.c.created_at)
             .join(apps, apps.c.id == a.c.application_id).join(e, e.c.id == a.c.expert_id)
             .where(a.c.session_id == self.id).order_by(a.c.application_id, a.c.part, a.c.expert_id))
        q = self.scope.assignments(q)
        if not (include_inactive and self.actor.role == "city"):
            q = q.where(a.c.active)
        with self.store.read() as conn:
            df = pd.DataFrame(conn.execute(q).mappings().all(), columns=[c.name for c in q.selected_columns])
        df = df.set_index("id")
        if not self.scope.shows_experts():
            return df.drop(columns=["expert_id", "expert_name", "expert_employer"])
        m = self.scope.matrix(df["application_id"].unique(), df["expert_id"].unique())
        codes = m.codes_of(df["application_id"], df["expert_id"])
        labels = {int(c): "、".join(reason_labels(int(c))) for c in np.unique(codes)}
        df["conflict"] = pd.Series([labels[int(c)] for c in codes], index=df.index, dtype="str")
        return df

    def my_assignments(self) -> pd.DataFrame:
        """An expert's own active assignments."""
        self._require("expert")
        return self.assignments_frame()

    def assignment(self, assignment_id: int) -> dict:
        """One assignment. An expert gets only their own (another's → AccessDenied; a candidate in
        conflict → ConflictOfInterest); a county only its county's, without the expert's identity."""
        df = self.assignments_frame(include_inactive=True)
        if int(assignment_id) not in df.index:
            if self.actor.role == "city":
                raise NotFound(f"没有编号为 {assignment_id} 的分配。", f"No assignment {assignment_id}.")
            raise AccessDenied("无权查看该分配。", "You may not see this assignment.")
        row = df.loc[int(assignment_id)].to_dict()
        if self.actor.role == "expert":
            self.scope.require_candidate(int(row["application_id"]), row["part"])
        return {"id": int(assignment_id), **row}

    @writes
    def swap_expert(self, assignment_id: int, new_expert_id: int, reason: str) -> int:
        """Replace the expert of an active assignment (deactivated, kept); logged with who and why.
        A sheet the replaced expert already wrote stays in the store as history (``sheet(old id)``,
        ``replaced_sheets()``) and is named in the log; it no longer counts. Returns the new assignment's id."""
        self._require("city")
        self._require_open()
        reason = self._reason(reason)
        a = t.assignments
        with self.store.write() as conn:
            q = sa.select(a).where(a.c.session_id == self.id, a.c.id == int(assignment_id))
            old = conn.execute(q).mappings().first()
            if old is None:
                raise NotFound(f"没有编号为 {assignment_id} 的分配。", f"No assignment {assignment_id}.")
            if not old["active"]:
                raise InvalidState(f"分配 {assignment_id} 已停用，不能再调整。", f"Assignment {assignment_id} is no longer active.")
            s = t.score_sheets
            kept = conn.execute(sa.select(s.c.id, s.c.status, s.c.revision).where(s.c.assignment_id == old["id"])
                                .order_by(s.c.revision.desc()).limit(1)).mappings().first()
            conn.execute(a.update().where(a.c.id == old["id"]).values(active=False))
            new_id = self._assign(conn, old["application_id"], old["part"], int(new_expert_id))
            self._log(conn, "panel.expert_swapped", str(assignment_id), application_id=old["application_id"],
                      part=old["part"], old_expert_id=old["expert_id"], new_expert_id=int(new_expert_id),
                      new_assignment_id=new_id, reason=reason,
                      replaced_sheet=dict(kept) if kept is not None else None)
        return new_id

    def replaced_sheets(self) -> pd.DataFrame:
        """Sheets of replaced experts (inactive assignments), kept as history: assignment, expert, candidate,
        part, sheet id, status, revision (city)."""
        self._require("city")
        a, s = t.assignments, t.score_sheets
        q = (sa.select(a.c.id.label("assignment_id"), a.c.expert_id, a.c.application_id, a.c.part,
                       s.c.id.label("sheet_id"), s.c.status, s.c.revision)
             .join(s, s.c.assignment_id == a.c.id).where(a.c.session_id == self.id, ~a.c.active)
             .order_by(a.c.id, s.c.revision))
        with self.store.read() as conn:
            return pd.DataFrame(conn.execute(q).mappings().all(),
                                columns=["assignment_id", "expert_id", "application_id", "part", "sheet_id", "status",
                                         "revision"])

    @writes
    def add_expert(self, application_id: int, part: str, expert_id: int, reason: str) -> int:
        """Add an expert to a candidate's material panel or site team; logged with who and why."""
        self._require("city")
        self._require_open()
        reason = self._reason(reason)
        if part not in PARTS:
            raise InvalidState(f"部分应为 {'/'.join(PARTS)}。", f"part must be one of {PARTS}.")
        self.apps.row(application_id)
        with self.store.write() as conn:
            new_id = self._assign(conn, int(application_id), part, int(expert_id))
            self._log(conn, "panel.expert_added", str(new_id), application_id=int(application_id), part=part,
                      expert_id=int(expert_id), reason=reason)
        return new_id

    @staticmethod
    def _reason(reason: str) -> str:
        reason = (reason or "").strip()
        if not reason:
            raise InvalidState("主席调整须写明理由。", "The chair's change needs a reason.")
        return reason

    def _assign(self, conn: sa.Connection, application_id: int, part: str, expert_id: int) -> int:
        """Check and store one assignment inside the caller's transaction."""
        expert = self.pool.expert(expert_id)
        code = self.scope.matrix([application_id], [expert_id]).code(application_id, expert_id)
        if code:
            raise ConflictOfInterest(
                f"专家 {expert_id} {expert['name']} 与申报 {application_id} 存在回避关系（{'、'.join(reason_labels(code))}），不能分配。",
                f"Expert {expert_id} has a conflict of interest with application {application_id} "
                f"({', '.join(reason_labels(code, 'en'))}); not assigned.", tuple(reason_labels(code)))
        a = t.assignments
        row = conn.execute(sa.select(a.c.id, a.c.active).where(
            a.c.expert_id == expert_id, a.c.application_id == application_id, a.c.part == part)).first()
        if row is not None and row.active:
            raise InvalidState(f"专家 {expert_id} 已在申报 {application_id} 的{_PART_ZH[part]}组中。",
                               f"Expert {expert_id} is already on application {application_id}'s {part} panel.")
        if row is not None:
            sheets = conn.execute(sa.select(sa.func.count()).where(t.score_sheets.c.assignment_id == row.id)).scalar()
            if sheets:
                raise InvalidState(f"专家 {expert_id} 此前在该组的评分表仍保留，不能重新启用该分配。",
                                   f"Expert {expert_id}'s earlier sheet for this panel exists; "
                                   "the assignment cannot be reused.")
            conn.execute(a.update().where(a.c.id == row.id).values(active=True))
            return int(row.id)
        return int(conn.execute(a.insert().values(session_id=self.id, application_id=application_id, part=part,
                                                  expert_id=expert_id, active=True, created_at=utcnow())
                                ).inserted_primary_key[0])
