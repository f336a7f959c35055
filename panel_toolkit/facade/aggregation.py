"""Aggregation into the proposed list (拟认定名单, 第十二条) through the facade.

City (市人社局): everything — the scores, the list, flags, reliability, sensitivity, revisions, veto
decisions, the confirmation, ``scores import``. County: the *confirmed* list of its own county only.
Experts: nothing here (independence, SPEC §2.5). The maths lives in :mod:`panel_toolkit.aggregation`.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from ..aggregation import pipeline as pl
from ..aggregation.paper import PAPER_FIELDS, SHEET_NAME, TEMPLATE_ZH, parse_paper
from ..aggregation.result import AggregationResult, Confirmation, FlagsResult, ReliabilityResult, SensitivityResult
from ..errors import InputRejected, InvalidState, NotFound, Problem
from ..intake.reader import read_table
from ..store import schema as t
from ..store import utcnow
from ..store.tables.aggregation import proposed_lists, veto_decisions
from .base import SessionBase

LONG_COLUMNS = ["assignment_id", "expert_id", "application_id", "part", "sheet_id", "revision", "status", "item_id",
                "score", "verdict"]
LIST_COLUMNS = ["application_id", "rank", "county", "brand_name", "unit_name", "industry", "material", "site", "combined",
                "conclusion", "reason"]


class AggregationMixin(SessionBase):
    # == reading ===============================================================================
    def _long(self) -> pd.DataFrame:
        """Active assignments × items of their current sheet (highest revision); NaN items when no sheet."""
        a, s, i = t.assignments, t.score_sheets, t.score_items
        top = sa.select(s.c.assignment_id, sa.func.max(s.c.revision).label("rev")).group_by(s.c.assignment_id).subquery()
        q = (sa.select(a.c.id, a.c.expert_id, a.c.application_id, a.c.part, s.c.id, s.c.revision, s.c.status,
                       i.c.item_id, i.c.score, i.c.verdict)
             .select_from(a.outerjoin(top, top.c.assignment_id == a.c.id)
                          .outerjoin(s, sa.and_(s.c.assignment_id == a.c.id, s.c.revision == top.c.rev))
                          .outerjoin(i, i.c.sheet_id == s.c.id))
             .where(a.c.session_id == self.id, a.c.active).order_by(a.c.id))
        with self.store.read() as conn:
            rows = conn.execute(q).all()
        cols = list(zip(*rows)) if rows else [()] * len(LONG_COLUMNS)
        df = pd.DataFrame({name: pd.Series(col, dtype=object) for name, col in zip(LONG_COLUMNS, cols)})
        for c in ("assignment_id", "expert_id", "application_id"):
            df[c] = df[c].astype("int64")
        for c in ("sheet_id", "revision"):
            df[c] = df[c].astype("Int64")
        df["score"] = df["score"].astype(float)
        for c in ("part", "status", "item_id", "verdict"):
            df[c] = df[c].astype("str")
        return df

    def scores_frame(self) -> pd.DataFrame:
        """Every value of every current sheet (highest revision per active assignment): expert_id,
        application_id, part, item_id, score, verdict, status, revision, assignment_id, sheet_id (city)."""
        self._require("city")
        df = self._long()
        df = df[df["sheet_id"].notna() & df["item_id"].notna()]
        return df[["expert_id", "application_id", "part", "item_id", "score", "verdict", "status", "revision",
                   "assignment_id", "sheet_id"]].reset_index(drop=True)

    def _candidates(self) -> pd.DataFrame:
        e = self.eligibility().to_frame()
        apps = self.applications_frame()
        failed = e[[f"E{n}" for n in range(1, 8)]].eq("fail")
        names = failed.columns.to_numpy()
        out = e[["county", "brand_name", "unit_name"]].astype("str")
        out["industry"] = apps["industry"].reindex(out.index).astype("str")
        out["screened_in"] = e["screened_in"].fillna(False).astype(bool)
        out["eligibility"] = e["status"].astype("str")
        out["failed_conditions"] = pd.array(["、".join(names[row]) for row in failed.to_numpy()], dtype="str")
        out.index.name = "application_id"
        return out

    def _vetoes(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Proposals on current submitted sheets, and the chair's latest decision per (application, veto)."""
        a, s, d = t.assignments, t.score_sheets, veto_decisions
        top = sa.select(s.c.assignment_id, sa.func.max(s.c.revision).label("rev")).group_by(s.c.assignment_id).subquery()
        q = (sa.select(a.c.application_id, a.c.id, a.c.expert_id, a.c.part, s.c.veto_json)
             .join(s, s.c.assignment_id == a.c.id).join(top, sa.and_(top.c.assignment_id == a.c.id, top.c.rev == s.c.revision))
             .where(a.c.session_id == self.id, a.c.active, s.c.status == "submitted", s.c.veto_json != "[]"))
        last = sa.select(sa.func.max(d.c.id)).where(d.c.session_id == self.id).group_by(d.c.application_id, d.c.veto_id)
        with self.store.read() as conn:
            sheets = conn.execute(q).all()
            decided = conn.execute(sa.select(d.c.application_id, d.c.veto_id, d.c.decision, d.c.reason, d.c.actor,
                                             d.c.decided_at).where(d.c.id.in_(last))).mappings().all()
        rows = [(app, aid, exp, part, p["veto_id"], p.get("reason", "")) for app, aid, exp, part, text in sheets
                for p in json.loads(text or "[]")]
        proposals = pd.DataFrame(rows, columns=["application_id", "assignment_id", "expert_id", "part", "veto_id", "reason"])
        decisions = pd.DataFrame(decided, columns=["application_id", "veto_id", "decision", "reason", "actor", "decided_at"])
        return proposals, decisions

    def _revisions(self) -> pd.DataFrame:
        """Per revised active assignment: the original (revision 0) total, the current one, the reason."""
        a, s, i = t.assignments, t.score_sheets, t.score_items
        revised = sa.select(s.c.assignment_id).where(s.c.revision > 0)
        q = (sa.select(s.c.assignment_id, s.c.revision, s.c.status, s.c.revision_reason, sa.func.sum(i.c.score).label("total"))
             .join(a, a.c.id == s.c.assignment_id).outerjoin(i, i.c.sheet_id == s.c.id)
             .where(a.c.session_id == self.id, a.c.active, s.c.assignment_id.in_(revised))
             .group_by(s.c.id).order_by(s.c.assignment_id, s.c.revision))
        with self.store.read() as conn:
            df = pd.DataFrame(conn.execute(q).all(), columns=["assignment_id", "revision", "status", "reason", "total"])
        rows = []
        for aid, g in df.groupby("assignment_id"):
            first, last = g.iloc[0], g.iloc[-1]
            rows.append((aid, int(last["revision"]), float(first["total"]),
                         float(last["total"]) if last["status"] == "submitted" else float("nan"), str(last["reason"] or "")))
        out = pd.DataFrame(rows, columns=["assignment_id", "revision", "original_total", "current_total", "reason"])
        return out.set_index("assignment_id")

    def _experts_names(self) -> pd.Series:
        with self.store.read() as conn:
            rows = conn.execute(sa.select(t.experts.c.id, t.experts.c.name).where(t.experts.c.session_id == self.id)).all()
        return pd.Series({int(i): n for i, n in rows}, dtype="str")

    def aggregation_inputs(self) -> pl.Inputs:
        """Everything the aggregation reads, as of now (city)."""
        self._require("city")
        proposals, decisions = self._vetoes()
        return pl.Inputs(long=self._long(), candidates=self._candidates(), rubric=self.rubric, quota=self.config.quota,
                         experts=self._experts_names(), veto_proposals=proposals, veto_decisions=decisions,
                         revisions=self._revisions())

    # == the list and its checks ===============================================================
    def aggregate(self, method: str | None = None) -> AggregationResult:
        """The proposed list by ``method`` (default: the rubric's ``scoring.aggregation``), with the
        per-expert scores, the flags for the chair and the part-level reliability (city)."""
        return pl.aggregate(self.aggregation_inputs(), method)

    def flags(self, method: str | None = None) -> FlagsResult:
        return self.aggregate(method).flags

    def reliability(self) -> ReliabilityResult:
        """ICC (six Shrout & Fleiss forms) and Krippendorff's α per part and per criterion (city)."""
        inputs = self.aggregation_inputs()
        return ReliabilityResult(pl.reliability(inputs))

    def sensitivity(self, n_boot: int = 1000, seed: int = 0, progress: Callable[[int, int], None] | None = None,
                    method: str | None = None, confidence: float = 0.95) -> SensitivityResult:
        """Methods compared, leave-one-expert-out, and a seeded bootstrap over experts (city)."""
        return pl.sensitivity(self.aggregation_inputs(), method, n_boot=n_boot, seed=seed, progress=progress,
                              confidence=confidence)

    # == the chair's decisions ===================================================================
    def request_revision(self, assignment_id: int, reason: str) -> int:
        """Ask an expert to review a submitted sheet: a new draft revision (items and vetoes copied,
        ``revision_of`` the current sheet, the reason kept). The original stays. Returns the new sheet id."""
        self._require("city")
        reason = _reason(reason, "要求修订须写明理由。", "A revision request needs a reason.")
        a, s, i = t.assignments, t.score_sheets, t.score_items
        with self.store.write() as conn:
            asg = conn.execute(sa.select(a).where(a.c.session_id == self.id, a.c.id == int(assignment_id))).mappings().first()
            if asg is None:
                raise NotFound(f"没有编号为 {assignment_id} 的分配。", f"No assignment {assignment_id}.")
            cur = conn.execute(sa.select(s).where(s.c.assignment_id == asg["id"]).order_by(s.c.revision.desc()).limit(1)
                               ).mappings().first()
            if not asg["active"] or cur is None or cur["status"] != "submitted":
                raise InvalidState("只能要求修订已提交的评分表（当前评分表不存在、未提交或分配已停用）。",
                                   "Only a submitted sheet of an active assignment can be sent back for revision.")
            now = utcnow()
            new_id = conn.execute(s.insert().values(
                assignment_id=asg["id"], revision=cur["revision"] + 1, revision_of=cur["id"], revision_reason=reason,
                status="draft", version=1, veto_json=cur["veto_json"], updated_at=now)).inserted_primary_key[0]
            items = conn.execute(sa.select(i.c.item_id, i.c.score, i.c.verdict, i.c.comment).where(i.c.sheet_id == cur["id"])).all()
            if items:
                conn.execute(i.insert(), [dict(sheet_id=new_id, item_id=r.item_id, score=r.score, verdict=r.verdict,
                                               comment=r.comment) for r in items])
            self._log(conn, "sheet.revision_requested", str(new_id), assignment_id=asg["id"], original_sheet_id=cur["id"],
                      revision=cur["revision"] + 1, expert_id=asg["expert_id"], application_id=asg["application_id"],
                      part=asg["part"], reason=reason)
        return int(new_id)

    def confirm_veto(self, application_id: int, veto_id: str, reason: str) -> int:
        """The chair confirms an expert's veto proposal (一票否决): the candidate leaves the ranking."""
        return self._decide_veto(application_id, veto_id, reason, "confirmed")

    def dismiss_veto(self, application_id: int, veto_id: str, reason: str) -> int:
        """The chair rejects an expert's veto proposal: the candidate stays in the ranking."""
        return self._decide_veto(application_id, veto_id, reason, "dismissed")

    def _decide_veto(self, application_id: int, veto_id: str, reason: str, decision: str) -> int:
        self._require("city")
        reason = _reason(reason, "主席确认或驳回一票否决须写明理由。", "A veto decision needs a written reason.")
        proposals, _ = self._vetoes()
        hit = proposals[(proposals["application_id"] == int(application_id)) & (proposals["veto_id"] == veto_id)]
        if hit.empty:
            raise InvalidState(f"申报 {application_id} 没有专家提出否决项 {veto_id}（须在已提交的评分表中提出）。",
                               f"No expert proposed veto {veto_id} for application {application_id} on a submitted sheet.")
        with self.store.write() as conn:
            did = conn.execute(veto_decisions.insert().values(
                session_id=self.id, application_id=int(application_id), veto_id=veto_id, decision=decision, reason=reason,
                actor=self.actor.name, decided_at=utcnow())).inserted_primary_key[0]
            self._log(conn, f"veto.{decision}", str(application_id), veto_id=veto_id, reason=reason,
                      proposed_by=sorted(int(e) for e in hit["expert_id"]))
        return int(did)

    def vetoes_frame(self) -> pd.DataFrame:
        """Every veto proposal on a current submitted sheet with the chair's decision, if any (city)."""
        self._require("city")
        proposals, decisions = self._vetoes()
        return proposals.merge(decisions.rename(columns={"reason": "decision_reason"}), on=["application_id", "veto_id"],
                               how="left")

    def confirm_proposed_list(self, method: str | None = None) -> Confirmation:
        """The chair confirms the proposed list: who, when, method, the SHA-256 of the inputs and a
        snapshot of every row. Refused while a veto is undecided or a candidate is incomplete."""
        self._require("city")
        with self.store.write() as conn:   # the write lock first: the inputs cannot change before the record
            inputs = self.aggregation_inputs()
            result = pl.aggregate(inputs, method, with_reliability=False)
            pl.check_confirmable(result)
            frame = result.to_frame()
            rows = _snapshot(frame)
            digest = pl.inputs_sha256(inputs)
            counts = result.summary()
            now = utcnow()
            lid = conn.execute(proposed_lists.insert().values(
                session_id=self.id, method=result.method, rubric_id=self.rubric.id, rubric_version=self.rubric.version,
                rubric_sha256=self.rubric.sha256, config_sha256=self.config.sha256, inputs_sha256=digest, counts=counts,
                snapshot=rows, actor=self.actor.name, confirmed_at=now)).inserted_primary_key[0]
            self._log(conn, "list.confirmed", str(lid), method=result.method, inputs_sha256=digest, **counts)
        return Confirmation(pd.DataFrame(rows)[LIST_COLUMNS], id=int(lid), actor=self.actor.name, confirmed_at=now,
                            method=result.method, inputs_sha256=digest)

    def confirmation(self) -> Confirmation:
        """The latest confirmation (city: every row; county: its county's rows). InvalidState if none."""
        self._require("city", "county")
        p = proposed_lists
        with self.store.read() as conn:
            row = conn.execute(sa.select(p).where(p.c.session_id == self.id).order_by(p.c.id.desc()).limit(1)).mappings().first()
        if row is None:
            raise InvalidState("拟认定名单尚未经主席确认。", "The proposed list has not been confirmed yet.")
        df = pd.DataFrame(row["snapshot"])
        df = df.reindex(columns=[*LIST_COLUMNS, *(c for c in df.columns if c not in LIST_COLUMNS)])
        if self.actor.role == "county":
            df = df[df["county"] == self.actor.scope]
        df = df.astype({"application_id": "int64", "rank": "Int64", "material": float, "site": float, "combined": float})
        for c in ("county", "brand_name", "unit_name", "industry", "conclusion", "reason"):
            df[c] = df[c].astype("str")
        return Confirmation(df.reset_index(drop=True), id=int(row["id"]), actor=row["actor"], confirmed_at=row["confirmed_at"],
                            method=row["method"], inputs_sha256=row["inputs_sha256"])

    def confirmed_list(self) -> pd.DataFrame:
        """The latest confirmed list: application_id, rank, county, brand_name, unit_name, industry,
        material, site, combined, conclusion (proposed/not_proposed/excluded/incomplete), reason."""
        return self.confirmation().to_frame()[LIST_COLUMNS]

    # == paper sheets ============================================================================
    def import_scores(self, path: str | Path) -> int:
        """Paper sheets typed into a long table (.xlsx/.csv; see :mod:`panel_toolkit.aggregation.paper`),
        checked with the sheet rules, stored as submitted sheets: all or nothing. Returns the sheet count."""
        self._require("city")
        path = Path(path)
        sheets, problems = parse_paper(read_table(path, PAPER_FIELDS, SHEET_NAME, TEMPLATE_ZH), self.rubric)
        with self.store.write() as conn:
            problems += self._match_assignments(conn, sheets)
            if problems:
                raise InputRejected(path.name, sorted(problems, key=lambda p: p.row or 0))
            for s in sheets:
                self._write_submitted_sheet(conn, s.assignment_id, s.entries, s.vetoes, source=path.name)
            self._log(conn, "scores.imported", path.name, sheets=len(sheets),
                      file_sha256=hashlib.sha256(path.read_bytes()).hexdigest())
        return len(sheets)

    def _match_assignments(self, conn: sa.Connection, sheets) -> list[Problem]:
        a, s = t.assignments, t.score_sheets
        rows = conn.execute(sa.select(a.c.id, a.c.expert_id, a.c.application_id, a.c.part)
                            .where(a.c.session_id == self.id, a.c.active)).all()
        by_key = {(r.expert_id, r.application_id, r.part): r.id for r in rows}
        top = (sa.select(s.c.assignment_id, s.c.status, s.c.revision).where(s.c.assignment_id.in_([r.id for r in rows]))
               .order_by(s.c.assignment_id, s.c.revision))
        status = {r.assignment_id: r.status for r in conn.execute(top)}
        live = self.assignments_frame()["conflict"] if rows else pd.Series(dtype="str")
        problems = []
        for sh in sheets:
            aid = by_key.get((sh.expert_id, sh.application_id, sh.part))
            where = (sh.first_row, PAPER_FIELDS[0].header, sh.expert_id)
            if aid is None:
                problems.append(Problem(*where, f"专家 {sh.expert_id} 未被分配评审申报 {sh.application_id} 的{_PART[sh.part]}（或分配已停用）",
                                        f"expert {sh.expert_id} is not assigned to application {sh.application_id} ({sh.part})"))
            elif live.get(aid, ""):
                problems.append(Problem(*where, f"专家 {sh.expert_id} 与申报 {sh.application_id} 存在回避关系（{live[aid]}），不能录入",
                                        f"expert {sh.expert_id} has a conflict of interest with application {sh.application_id}"))
            elif status.get(aid) == "submitted":
                problems.append(Problem(*where, f"专家 {sh.expert_id} 对申报 {sh.application_id} 的{_PART[sh.part]}评分表已提交，不能覆盖；如需更改请先要求修订（revision request）",
                                        f"the sheet of expert {sh.expert_id} for application {sh.application_id} ({sh.part}) is "
                                        "submitted already; request a revision first"))
            sh.assignment_id = aid
        return problems


_PART = {"material": "资料评审", "site": "实地核查"}


def _reason(reason: str, zh: str, en: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidState(zh, en)
    return reason


def _snapshot(frame: pd.DataFrame) -> list[dict]:
    f = frame.reset_index()
    cols = [*LIST_COLUMNS, "reason_en", "reason_code", "tie"]
    out = []
    for r in f[cols].to_dict("records"):
        out.append({k: (None if (not isinstance(v, str) and pd.isna(v)) else (v.item() if hasattr(v, "item") else v))
                    for k, v in r.items()})
    return out
