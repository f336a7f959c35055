"""Aggregation into the proposed list (拟认定名单, 第十二条) through the facade.

City (市人社局): everything — the scores, the list, flags, reliability, sensitivity, revisions, veto
decisions, the confirmation, ``scores import``. County: the *confirmed* list of its own county only.
Experts: nothing here (independence, SPEC §2.5). The maths lives in :mod:`panel_toolkit.aggregation`.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from ..aggregation import frames as fr
from ..aggregation import pipeline as pl
from ..aggregation.paper import PAPER_FIELDS, SHEET_NAME, TEMPLATE_ZH, match_assignments, parse_paper
from ..aggregation.result import AggregationResult, Confirmation, FlagsResult, ReliabilityResult, SensitivityResult
from ..aggregation.totals import finish_sheets, part_items
from .. import freetext, rules
from ..errors import InputRejected, InvalidState, NotFound, Problem
from ..intake.reader import read_table
from ..store import schema as t
from ..store import utcnow
from ..store.tables.aggregation import proposed_lists, veto_decisions
from ..store.queries import aggregation as aq
from .closure import record_confirmation_day
from .context import Service, writes

LONG_COLUMNS = ["assignment_id", "expert_id", "application_id", "part", "sheet_id", "revision", "status", "item_id",
                "score", "verdict"]
LIST_COLUMNS = fr.LIST_COLUMNS


class Aggregation(Service):
    def __init__(self, ctx, apps, eligible, panel, sheets, ties):
        super().__init__(ctx)
        self.apps, self.eligible, self.panel, self.sheets, self.ties = apps, eligible, panel, sheets, ties

    # == reading ===============================================================================
    def _sheets(self) -> pd.DataFrame:
        """One row per active assignment with its current sheet and its part's count and sum of values
        (:func:`panel_toolkit.aggregation.totals.finish_sheets`)."""
        with self.store.read() as conn:
            return finish_sheets(aq.sheets(conn, self.id, part_items(self.rubric)), self.rubric)

    def _items(self, sheets: pd.DataFrame | None = None) -> pd.DataFrame:
        """Every value of the current sheets of active assignments, joined to the sheet table (``sheets``, read
        when not given) by sheet id."""
        sheets = self._sheets() if sheets is None else sheets
        with self.store.read() as conn:
            values = aq.values(conn, self.id)
        head = sheets[sheets["sheet_id"].notna()].reset_index()
        pos = pd.Index(head["sheet_id"].astype("int64")).get_indexer(values["sheet_id"].astype("int64"))
        df = pd.DataFrame({c: head[c].to_numpy()[pos] for c in LONG_COLUMNS[:7]})
        df["sheet_id"] = df["sheet_id"].astype("int64")
        df["revision"] = df["revision"].astype("int64")
        df["item_id"] = values["item_id"].astype("str").to_numpy()
        df["score"] = values["score"].astype(float).to_numpy()
        df["verdict"] = values["verdict"].astype("str").to_numpy()
        return df.sort_values(["assignment_id", "item_id"], kind="stable").reset_index(drop=True)

    def _vetoes(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Proposals on current submitted sheets, and the chair's latest decision per (application, veto)."""
        with self.store.read() as conn:
            proposals, decisions = aq.veto_rows(conn, self.id)
        return fr.veto_proposals(proposals), decisions

    def _revisions(self) -> pd.DataFrame:
        """Per revised active assignment: the original (revision 0) total, the current one, the reason."""
        with self.store.read() as conn:
            return fr.revisions(aq.revision_rows(conn, self.id))

    def _experts_names(self) -> pd.Series:
        with self.store.read() as conn:
            return aq.expert_names(conn, self.id)

    def scores_frame(self) -> pd.DataFrame:
        """Every value of every current sheet (highest revision per active assignment): expert_id,
        application_id, part, item_id, score, verdict, status, revision, assignment_id, sheet_id (city)."""
        self._require("city")
        return self._items()[["expert_id", "application_id", "part", "item_id", "score", "verdict", "status", "revision",
                              "assignment_id", "sheet_id"]]

    def _candidates(self) -> pd.DataFrame:
        cand = fr.candidates_frame(self.eligible.eligibility().to_frame(), self.apps.applications_frame()["industry"])
        return cand.assign(chair_order=cand.index.map(self.ties.tie_order()).fillna(0).astype("int64"))

    def aggregation_inputs(self, items: bool = False) -> pl.Inputs:
        """Everything the aggregation reads, as of now (city); ``items`` adds every value (per-criterion
        reliability, the inputs hash)."""
        self._require("city")
        proposals, decisions = self._vetoes()
        sheets = self._sheets()
        with self.apps.read_once():
            candidates = self._candidates()
        return pl.Inputs(sheets=sheets, candidates=candidates, rubric=self.rubric, quota=self.config.quota,
                         experts=self._experts_names(), veto_proposals=proposals, veto_decisions=decisions,
                         revisions=self._revisions(), items=self._items(sheets) if items else None)

    # == the list and its checks ===============================================================
    def aggregate(self, method: str | None = None) -> AggregationResult:
        """The proposed list by ``method`` (default: the rubric's ``scoring.aggregation``), with the
        per-expert scores, the flags for the chair and the part-level reliability (city)."""
        return pl.aggregate(self.aggregation_inputs(), method)

    def flags(self, method: str | None = None) -> FlagsResult:
        """The flags for the chair (outliers, disagreement, vetoes to decide) of :meth:`aggregate` (city)."""
        return self.aggregate(method).flags

    def reliability(self) -> ReliabilityResult:
        """ICC (six Shrout & Fleiss forms) and Krippendorff's α per part and per criterion (city)."""
        self._require("city")
        sheets = self._sheets()
        return ReliabilityResult(pl.reliability_table_of(sheets, self._items(sheets), self.rubric))

    def sensitivity(self, n_boot: int = 1000, seed: int = 0, progress: Callable[[int, int], None] | None = None,
                    method: str | None = None, confidence: float = 0.95) -> SensitivityResult:
        """Methods compared, leave-one-expert-out, and a seeded bootstrap over experts (city)."""
        return pl.sensitivity(self.aggregation_inputs(), method, n_boot=n_boot, seed=seed, progress=progress,
                              confidence=confidence)

    # == the chair's decisions ===================================================================
    @writes
    def request_revision(self, assignment_id: int, reason: str) -> int:
        """Ask an expert to review a submitted sheet: a new draft revision (items and vetoes copied,
        ``revision_of`` the current sheet, the reason kept). The original stays. Returns the new sheet id."""
        self._require("city")
        self._require_open()
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

    @writes
    def confirm_veto(self, application_id: int, veto_id: str, reason: str) -> int:
        """The chair confirms an expert's veto proposal (一票否决): the candidate leaves the ranking."""
        return self._decide_veto(application_id, veto_id, reason, "confirmed")

    @writes
    def dismiss_veto(self, application_id: int, veto_id: str, reason: str) -> int:
        """The chair rejects an expert's veto proposal: the candidate stays in the ranking."""
        return self._decide_veto(application_id, veto_id, reason, "dismissed")

    def _decide_veto(self, application_id: int, veto_id: str, reason: str, decision: str) -> int:
        self._require("city")
        freetext.check(reason, "理由")  # free text: the CLI's check, for the apps too
        self._require_open()
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

    @writes
    def confirm_proposed_list(self, method: str | None = None, *, decided_on=None) -> Confirmation:
        """The chair confirms the proposed list: who, when, method, the SHA-256 of the inputs and a
        snapshot of every row. Refused while a veto is undecided or a candidate is incomplete.
        ``decided_on``: the day the chair decided, when entered later (default: today in China)."""
        self._require("city")
        self._require_open(confirmed_ok=True)   # confirming the frozen inputs again changes nothing
        with self.store.write() as conn:   # the write lock first: the inputs cannot change before the record
            inputs = self.aggregation_inputs(items=True)
            result = pl.aggregate(inputs, method, with_reliability=False)
            pl.check_confirmable(result)
            rows = fr.snapshot_rows(result.to_frame())
            digest = pl.inputs_sha256(inputs)
            counts = result.summary()
            now = utcnow()
            lid = conn.execute(proposed_lists.insert().values(
                session_id=self.id, method=result.method, rubric_id=self.rubric.id, rubric_version=self.rubric.version,
                rubric_sha256=self.rubric.sha256, config_sha256=self.config.sha256, inputs_sha256=digest, counts=counts,
                snapshot=rows, actor=self.actor.name, confirmed_at=now)).inserted_primary_key[0]
            record_confirmation_day(conn, int(lid), decided_on)
            rules.keep(conn, self.workspace.root, int(lid), self.config)   # the rules it was computed with (SPEC §7)
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
        self.ctx.require_not_voided(int(row["id"]))
        df = fr.snapshot_frame(row["snapshot"], self.actor.scope if self.actor.role == "county" else None)
        return Confirmation(df, id=int(row["id"]), actor=row["actor"], confirmed_at=row["confirmed_at"],
                            method=row["method"], inputs_sha256=row["inputs_sha256"])

    def confirmation_is_current(self) -> bool:
        """Whether the latest confirmation still matches the store (same inputs SHA-256): False after any
        sheet, revision, eligibility or veto decision changed since (city). InvalidState if none."""
        self._require("city")
        return self.confirmation().inputs_sha256 == pl.inputs_sha256(self.aggregation_inputs(items=True))

    def confirmed_list(self) -> pd.DataFrame:
        """The latest confirmed list: application_id, rank, county, brand_name, unit_name, industry,
        material, site, combined, conclusion (proposed/not_proposed/excluded/incomplete), reason."""
        return self.confirmation().to_frame()[LIST_COLUMNS]

    # == paper sheets ============================================================================
    @writes
    def import_scores(self, path: str | Path) -> int:
        """Paper sheets typed into a long table (.xlsx/.csv; see :mod:`panel_toolkit.aggregation.paper`),
        checked with the sheet rules, stored as submitted sheets: all or nothing. Returns the sheet count."""
        self._require("city")
        self._require_open()
        path = Path(path)
        sheets, problems = parse_paper(read_table(path, PAPER_FIELDS, SHEET_NAME, TEMPLATE_ZH, self.config.max_import_mb), self.rubric)
        with self.store.write() as conn:
            problems += self._match_assignments(conn, sheets)
            if problems:
                raise InputRejected(path.name, sorted(problems, key=lambda p: p.row or 0))
            for s in sheets:
                self.sheets._write_submitted_sheet(conn, s.assignment_id, s.entries, s.vetoes, source=path.name)
            self._log(conn, "scores.imported", path.name, sheets=len(sheets),
                      file_sha256=hashlib.sha256(path.read_bytes()).hexdigest())
        return len(sheets)

    @writes   # a file on the server: a viewer changes nothing there either
    def scores_template(self, path: str | Path) -> int:
        """Write the paper-entry table (.xlsx) for every active assignment without a submitted sheet:
        one row per item, ids and labels filled in. Returns the number of sheets in it (city)."""
        from ..aggregation.export import write_workbook
        from ..aggregation.paper import template_frame

        self._require("city")
        sheets = self._sheets()
        open_ = sheets[sheets["status"] != "submitted"]
        frame = template_frame(open_, self.rubric, self._experts_names(), self.apps.applications_frame()["unit_name"])
        write_workbook(path, {SHEET_NAME: frame})
        return len(open_)

    def _match_assignments(self, conn: sa.Connection, sheets) -> list[Problem]:
        """Inside the import's write transaction (the lock is held, so these reads stay true)."""
        table = self._sheets()
        assigned = {(e, a, p): aid for aid, e, a, p in zip(table.index, table["expert_id"], table["application_id"],
                                                            table["part"])}
        live = self.panel.assignments_frame()["conflict"] if len(table) else pd.Series(dtype="str")
        return match_assignments(sheets, assigned, table["status"].to_dict(), live.to_dict())


def _reason(reason: str, zh: str, en: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidState(zh, en)
    return reason
