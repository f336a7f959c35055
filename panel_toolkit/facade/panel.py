"""The expert panel through the facade (第十二条: 资料评审 + 实地核查): pool, conflicts (回避),
the reproducible draw and its verification, assignments, the chair's changes, personal links.

Roles and scopes are enforced here:

- city (市人社局): everything;
- county: the assignments of its own county's candidates, without the experts' identities
  (policy default: the panel stays confidential to the counties whose units it reviews);
- expert: their own active assignments, and only candidates they are assigned to and not in
  conflict with — any per-candidate call goes through :meth:`PanelMixin.require_candidate`, which
  raises :class:`~panel_toolkit.errors.ConflictOfInterest` or :class:`~panel_toolkit.errors.AccessDenied`.
"""
from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

from ..errors import (AccessDenied, ConflictOfInterest, DrawInfeasible, InputRejected, InvalidState, NotFound,
                      Problem)
from ..intake.reader import read_table
from ..panel import tokens as tok
from ..panel.conflicts import ConflictMatrix, ConflictRules, conflict_matrix, reason_labels
from ..panel.draw import ALGORITHM, ALGORITHM_RELATED, MAX_SEED, PARTS, draw, triples
from ..panel.pool import (EXPERT_BY_KEY, EXPERT_FIELDS, EXPERT_KEYS, SHEET_NAME, TEMPLATE_ZH, normalize_name,
                          validate_experts)
from ..panel.record import DrawInputs
from ..panel.reports import DrawReport, ExpertImportResult, LinksResult, infeasible_message
from ..panel.verify import VerifyResult, verify
from ..store import schema as t
from ..store import utcnow
from .base import SessionBase

#: A seed chosen for the chair when none is given: small enough to read out and publish.
AUTO_SEED_BELOW = 10**9
_PART_ZH = {"material": "资料评审", "site": "实地核查"}
_NOT_ASSIGNED = ("该申报未分配给您，无权查看或评审。", "This application is not assigned to you.")


class PanelMixin(SessionBase):
    # == the pool ==========================================================================
    def import_experts(self, path: str | Path, *, update: bool = False) -> ExpertImportResult:
        """Import the expert pool from .xlsx/.csv: all or nothing. An expert is identified by the mobile
        number; an identical row changes nothing; a changed row is refused unless ``update`` (the old
        values go to the event log)."""
        self._require("city")
        self._require_open()
        path = Path(path)
        df = validate_experts(read_table(path, EXPERT_FIELDS, SHEET_NAME, TEMPLATE_ZH, self.config.max_import_mb), self.config)
        now, problems = utcnow(), []
        inserted = updated = unchanged = 0
        with self.store.write() as conn:
            existing = {r["phone"]: r for r in conn.execute(
                sa.select(t.experts).where(t.experts.c.session_id == self.id)).mappings()}
            by_person = {(normalize_name(r["name"]), normalize_name(r["employer"])): r for r in existing.values()}
            new, changed = [], []
            for rec in df.to_dict("records"):
                values = {k: (None if pd.isna(rec[k]) else rec[k]) for k in EXPERT_KEYS}
                old = existing.get(values["phone"])
                twin = by_person.get((normalize_name(values["name"]), normalize_name(values["employer"])))
                if old is None and twin is not None:
                    problems.append(Problem(rec["source_row"], EXPERT_BY_KEY["phone"].header, values["phone"],
                                            f"专家库中已有同名同单位的专家（编号 {twin['id']}），手机号不同；同一专家只能登记一次",
                                            f"the pool already has this name at this employer (expert {twin['id']}) with "
                                            "another mobile number; an expert is registered once"))
                elif old is None:
                    new.append(values)
                elif all(old[k] == values[k] for k in EXPERT_KEYS):
                    unchanged += 1
                elif update:
                    changed.append((old, values))
                else:
                    problems.append(Problem(rec["source_row"], EXPERT_BY_KEY["phone"].header, values["phone"],
                                            f"专家库中已有该手机号的专家（编号 {old['id']}）且信息不同；如确需更新，请使用“更新导入”（--update）",
                                            f"the pool already has this mobile number (expert {old['id']}) with other "
                                            "details; use --update to replace them"))
            if problems:
                raise InputRejected(path.name, problems)
            for values in new:
                conn.execute(t.experts.insert().values(session_id=self.id, created_at=now, **values))
                inserted += 1
            for old, values in changed:
                conn.execute(t.experts.update().where(t.experts.c.id == old["id"]).values(**values))
                self._log(conn, "expert.updated", str(old["id"]), file=path.name,
                          before={k: old[k] for k in EXPERT_KEYS if old[k] != values[k]})
                updated += 1
            self._log(conn, "experts.imported", path.name, file_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                      inserted=inserted, updated=updated, unchanged=unchanged)
        return ExpertImportResult(path.name, inserted, updated, unchanged)

    def experts_frame(self) -> pd.DataFrame:
        """The session's pool (city only), index = expert id, with each expert's link status."""
        self._require("city")
        df = self._experts()
        tk = t.expert_tokens
        q = (sa.select(tk.c.expert_id, sa.func.max(tk.c.issued_at).label("link_issued_at"))
             .join(t.experts, t.experts.c.id == tk.c.expert_id)
             .where(t.experts.c.session_id == self.id, tk.c.revoked_at.is_(None)).group_by(tk.c.expert_id))
        with self.store.read() as conn:
            issued = {r.expert_id: r.link_issued_at for r in conn.execute(q)}
        df["link_issued_at"] = pd.Series([issued.get(i) for i in df.index], index=df.index, dtype="object")
        return df

    def _experts(self, ids=None) -> pd.DataFrame:
        e = t.experts
        q = sa.select(e).where(e.c.session_id == self.id).order_by(e.c.id)
        if ids is not None:
            q = q.where(e.c.id.in_([int(i) for i in ids]))
        with self.store.read() as conn:
            df = pd.DataFrame(conn.execute(q).mappings().all(), columns=[c.name for c in e.c])
        df = df.set_index("id").drop(columns=["session_id"])
        for k in EXPERT_KEYS:
            df[k] = df[k].astype("str")
        return df

    def _expert(self, expert_id: int) -> dict:
        with self.store.read() as conn:
            row = conn.execute(sa.select(t.experts).where(t.experts.c.session_id == self.id,
                                                          t.experts.c.id == int(expert_id))).mappings().first()
        if row is None:
            raise NotFound(f"本批次专家库中没有编号为 {expert_id} 的专家。", f"No expert {expert_id} in this session's pool.")
        return dict(row)

    # == conflicts (回避) ===================================================================
    def declare_conflict(self, expert_id: int, application_id: int, reason: str) -> int:
        """申报回避: the chair for any expert, an expert for themselves (on an application assigned to them)."""
        self._require("city", "expert")
        self._require_open()
        reason = (reason or "").strip()
        if not reason:
            raise InvalidState("申报回避须写明理由。", "A declared conflict needs a reason.")
        expert_id, application_id = int(expert_id), int(application_id)
        if self.actor.role == "expert":
            if expert_id != int(self.actor.scope):
                raise AccessDenied("只能为本人申报回避。", "You can declare conflicts for yourself only.")
            if not self._my_assignments(application_id):
                raise AccessDenied(*_NOT_ASSIGNED)
        self._expert(expert_id)
        self._app_row(application_id)
        with self.store.write() as conn:
            dc = t.declared_conflicts
            old = conn.execute(sa.select(dc.c.id).where(dc.c.expert_id == expert_id,
                                                         dc.c.application_id == application_id)).scalar()
            if old is not None:
                return int(old)
            cid = conn.execute(dc.insert().values(session_id=self.id, expert_id=expert_id, application_id=application_id,
                                                  reason=reason, actor=self.actor.name, created_at=utcnow())
                               ).inserted_primary_key[0]
            self._log(conn, "conflict.declared", f"{expert_id}-{application_id}", expert_id=expert_id,
                      application_id=application_id, reason=reason)
        return int(cid)

    def conflicts_frame(self, lang: str = "zh") -> pd.DataFrame:
        """Every excluded (candidate, expert) pair of the current candidates and pool, with its reasons (city)."""
        self._require("city")
        m = self._matrix(self.candidate_ids())
        pairs = m.pairs(lang)
        dc = t.declared_conflicts
        with self.store.read() as conn:
            q = (sa.select(dc.c.expert_id, dc.c.application_id, dc.c.reason.label("declared_reason"))
                 .where(dc.c.session_id == self.id))
            notes = pd.DataFrame(conn.execute(q).mappings().all(), columns=["expert_id", "application_id", "declared_reason"])
        return pairs.merge(notes.astype({"expert_id": "int64", "application_id": "int64"}),
                           on=["application_id", "expert_id"], how="left")

    def _declared(self) -> list[tuple[int, int]]:
        dc = t.declared_conflicts
        with self.store.read() as conn:
            return [(int(r.expert_id), int(r.application_id)) for r in
                    conn.execute(sa.select(dc.c.expert_id, dc.c.application_id).where(dc.c.session_id == self.id))]

    def _apps(self, ids) -> pd.DataFrame:
        a = t.applications
        q = (sa.select(a.c.id, a.c.unit_name, a.c.credit_code, a.c.county, a.c.industry)
             .where(a.c.session_id == self.id, a.c.id.in_([int(i) for i in ids])).order_by(a.c.id))
        with self.store.read() as conn:
            df = pd.DataFrame(conn.execute(q).mappings().all(),
                              columns=["id", "unit_name", "credit_code", "county", "industry"])
        df["industry"] = df["industry"].fillna("")
        return df.set_index("id").astype("str")

    def _matrix(self, application_ids, expert_ids=None) -> ConflictMatrix:
        """Live conflicts of these applications × these experts (default: the whole pool)."""
        return conflict_matrix(self._apps(application_ids), self._experts(expert_ids), self._declared(),
                               ConflictRules.of(self.config))

    # == the draw ============================================================================
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
            active = self._active_count(conn)
            if active and not replace:
                raise InvalidState(f"本批次已有 {active} 项专家分配；如确需重新抽取，请加 --replace 并写明理由（原分配停用、保留）。",
                                   f"this session already has {active} active assignment(s); to draw again pass "
                                   "--replace with a reason (the old ones are deactivated and kept).")
            if replace and self._sheet_count(conn):
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
            replaced = self._deactivate_all(conn) if active else 0
            draw_id = conn.execute(t.draws.insert().values(
                session_id=self.id, algorithm=ALGORITHM_RELATED if inputs.related_rule else ALGORITHM, seed=seed,
                per_candidate=n_material, site_team=n_site,
                pool_sha256=hashes["pool"], candidates_sha256=hashes["candidates"], conflicts_sha256=hashes["conflicts"],
                result_sha256=hashes["result"], snapshot={**inputs.as_dict(), "result": result},
                actor=self.actor.name, reason=reason, created_at=utcnow())).inserted_primary_key[0]
            self._store_assignments(conn, result)
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
        candidates = self._apps(self.candidate_ids())
        return DrawInputs.of(self._experts(), candidates, self._declared(), ConflictRules.of(self.config),
                             related=self.config.related_expert)

    def _active_count(self, conn: sa.Connection) -> int:
        a = t.assignments
        return int(conn.execute(sa.select(sa.func.count()).where(a.c.session_id == self.id, a.c.active)).scalar())

    def _sheet_count(self, conn: sa.Connection) -> int:
        a, s = t.assignments, t.score_sheets
        return int(conn.execute(sa.select(sa.func.count()).select_from(s.join(a, a.c.id == s.c.assignment_id))
                                .where(a.c.session_id == self.id)).scalar())

    def _deactivate_all(self, conn: sa.Connection) -> int:
        a = t.assignments
        return conn.execute(a.update().where(a.c.session_id == self.id, a.c.active).values(active=False)).rowcount

    def _store_assignments(self, conn: sa.Connection, result: list[list]) -> None:
        """Insert the drawn assignments; a pair drawn before (now inactive) is reactivated, since
        (expert, application, part) is unique."""
        a = t.assignments
        old = {(r.application_id, r.part, r.expert_id): r.id for r in conn.execute(
            sa.select(a.c.id, a.c.application_id, a.c.part, a.c.expert_id).where(a.c.session_id == self.id))}
        now = utcnow()
        rows = [dict(session_id=self.id, application_id=app, part=part, expert_id=exp, active=True, created_at=now)
                for app, part, exp in result if (app, part, exp) not in old]
        again = [old[(app, part, exp)] for app, part, exp in result if (app, part, exp) in old]
        if rows:
            conn.execute(a.insert(), rows)
        if again:
            conn.execute(a.update().where(a.c.id.in_(again)).values(active=True))

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
        if self.actor.role == "expert":
            q = q.where(a.c.expert_id == int(self.actor.scope))
        elif self.actor.role == "county":
            q = q.where(apps.c.county == self.actor.scope)
        if not (include_inactive and self.actor.role == "city"):
            q = q.where(a.c.active)
        with self.store.read() as conn:
            df = pd.DataFrame(conn.execute(q).mappings().all(), columns=[c.name for c in q.selected_columns])
        df = df.set_index("id")
        if self.actor.role == "county":
            return df.drop(columns=["expert_id", "expert_name", "expert_employer"])
        m = self._matrix(df["application_id"].unique(), df["expert_id"].unique())
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
            self.require_candidate(int(row["application_id"]), row["part"])
        return {"id": int(assignment_id), **row}

    def require_candidate(self, application_id: int, part: str | None = None) -> list[int]:
        """The guard of every per-candidate call of an expert: the ids of their active assignments for
        it. In conflict with the candidate → ConflictOfInterest; not assigned → AccessDenied.
        Other roles: the application must be in their scope (NotFound otherwise); returns []."""
        if self.actor.role != "expert":
            super().application(int(application_id))
            return []
        me = int(self.actor.scope)
        m = self._matrix([int(application_id)], [me])
        code = int(m.codes[0, 0]) if m.codes.size else 0
        if code:
            reasons = reason_labels(code)
            raise ConflictOfInterest(f"您与申报 {application_id} 存在回避关系（{'、'.join(reasons)}），不能查看或评审；请联系评审组织方。",
                                     f"You have a conflict of interest with application {application_id} "
                                     f"({', '.join(reason_labels(code, 'en'))}); you may not see or review it.",
                                     tuple(reasons))
        mine = self._my_assignments(int(application_id), part)
        if not mine:
            raise AccessDenied(*_NOT_ASSIGNED)
        return mine

    def application(self, application_id: int) -> dict:
        if self.actor.role == "expert":
            self.require_candidate(int(application_id))
        return super().application(application_id)

    def _scope_filter(self):
        """An expert sees the applications assigned to them (active) and not in conflict with them."""
        if self.actor.role != "expert":
            return super()._scope_filter()
        me = int(self.actor.scope)
        a = t.assignments
        with self.store.read() as conn:
            mine = sorted({r for r in conn.execute(sa.select(a.c.application_id).where(
                a.c.session_id == self.id, a.c.expert_id == me, a.c.active)).scalars()})
        m = self._matrix(mine, [me])
        clear = [int(i) for i, c in zip(m.application_ids, m.codes[:, 0] if m.codes.size else []) if c == 0]
        return t.applications.c.id.in_(clear)

    def _my_assignments(self, application_id: int, part: str | None = None) -> list[int]:
        a = t.assignments
        q = sa.select(a.c.id).where(a.c.session_id == self.id, a.c.expert_id == int(self.actor.scope),
                                    a.c.application_id == int(application_id), a.c.active)
        if part is not None:
            q = q.where(a.c.part == part)
        with self.store.read() as conn:
            return [int(i) for i in conn.execute(q).scalars()]

    def _app_row(self, application_id: int) -> dict:
        a = t.applications
        with self.store.read() as conn:
            q = sa.select(a).where(a.c.session_id == self.id, a.c.id == int(application_id))
            row = conn.execute(q).mappings().first()
        if row is None:
            raise NotFound(f"本批次中没有编号为 {application_id} 的申报。", f"No application {application_id} in this session.")
        return dict(row)

    # == the chair's changes ===================================================================
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

    def add_expert(self, application_id: int, part: str, expert_id: int, reason: str) -> int:
        """Add an expert to a candidate's material panel or site team; logged with who and why."""
        self._require("city")
        self._require_open()
        reason = self._reason(reason)
        if part not in PARTS:
            raise InvalidState(f"部分应为 {'/'.join(PARTS)}。", f"part must be one of {PARTS}.")
        self._app_row(application_id)
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
        expert = self._expert(expert_id)
        code = self._matrix([application_id], [expert_id]).code(application_id, expert_id)
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

    # == personal links ==========================================================================
    def issue_links(self, base_url: str, reissue: bool = False) -> LinksResult:
        """A personal link for every expert without an active one (every expert with ``reissue``, whose
        old link stops working). The token is shown once, here; the store keeps only its SHA-256."""
        self._require("city")
        base_url = tok.check_base_url(base_url)
        experts = self._experts()
        tk, now = t.expert_tokens, utcnow()
        rows = []
        with self.store.write() as conn:
            active = {r.expert_id: r.issued_at for r in conn.execute(
                sa.select(tk.c.expert_id, tk.c.issued_at).where(tk.c.expert_id.in_([int(i) for i in experts.index]),
                                                                tk.c.revoked_at.is_(None)))}
            revoked = issued = 0
            for expert_id, e in experts.iterrows():
                expert_id = int(expert_id)
                if expert_id in active and not reissue:
                    rows.append((expert_id, e["name"], e["county"], e["phone"], None, "已发放", active[expert_id]))
                    continue
                if expert_id in active:
                    revoked += self._revoke(conn, expert_id, now)
                token = tok.new_token()
                conn.execute(tk.insert().values(expert_id=expert_id, token_sha256=tok.token_sha256(token), issued_at=now,
                                                actor=self.actor.name))
                rows.append((expert_id, e["name"], e["county"], e["phone"], tok.link(base_url, token), "新发放", now))
                issued += 1
            self._log(conn, "panel.links_issued", self.id, issued=issued, revoked=revoked, reissue=reissue,
                      base_url=base_url)
        frame = pd.DataFrame(rows, columns=["expert_id", "name", "county", "phone", "link", "status", "issued_at"])
        frame = frame.astype({"name": "str", "county": "str", "phone": "str", "link": "str", "status": "str"})
        frame["issued_at"] = pd.to_datetime(frame["issued_at"], utc=True)
        return LinksResult(frame.set_index("expert_id"))

    def revoke_token(self, expert_id: int, reason: str = "") -> int:
        """Stop an expert's link from working; a new one is issued by the next :meth:`issue_links`."""
        self._require("city")
        self._expert(expert_id)
        with self.store.write() as conn:
            n = self._revoke(conn, int(expert_id), utcnow())
            self._log(conn, "panel.token_revoked", str(expert_id), revoked=n, reason=(reason or "").strip())
        return n

    def _revoke(self, conn: sa.Connection, expert_id: int, now) -> int:
        tk = t.expert_tokens
        return conn.execute(tk.update().where(tk.c.expert_id == expert_id, tk.c.revoked_at.is_(None))
                            .values(revoked_at=now, revoked_by=self.actor.name)).rowcount

