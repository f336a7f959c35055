"""Score sheets through the facade (第十二条: 资料评审 + 实地核查): read, save drafts, submit
(evidence files: :mod:`.evidence`).

- expert: their own active assignments only (another's → AccessDenied, a candidate in conflict →
  ConflictOfInterest); independence (SPEC §2.5): no call returns another expert's values;
- city (市人社局): reads any sheet, read-only; ``scores import`` writes paper sheets through
  :meth:`Sheets._write_submitted_sheet`;
- county: no access to sheets (policy default, until the proposed list exists).

Every save is one write transaction that bumps ``version`` with ``UPDATE … WHERE version = expected``:
two windows of the same expert never silently overwrite each other (the stale one gets
:class:`~panel_toolkit.errors.StaleSheet`). The current sheet of an assignment is its highest revision.
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

import pandas as pd
import sqlalchemy as sa

from ..errors import (AccessDenied, IncompleteSheet, InvalidState, NotFound, SheetLocked, StaleSheet)
from ..sheets.clean import clean_entries, clean_vetoes
from ..sheets.rules import Entry, VetoProposal, check_sheet, items, totals
from ..sheets.sheet import Sheet, vetoes_from_json, vetoes_to_json
from ..store import schema as t
from ..store import utcnow
from ..store.queries import sheets as sq
from .context import Service, writes

#: Seconds a draft save relies on the last 回避 check of the same assignment (opening and submitting
#: a sheet always check afresh).
CONFLICT_RECHECK_S = 30.0
_NO_SHEETS_FOR_COUNTY = ("县(市)区无权查看专家评分表。", "Counties may not see score sheets.")
_NOT_YOURS = ("无权查看或填写该评分表。", "You may not see or fill in this score sheet.")
_LOCKED = ("此评分表已提交，不能再修改。", "This sheet is submitted and can no longer be changed.")


class Sheets(Service):
    def __init__(self, ctx, panel):
        super().__init__(ctx)
        self.panel = panel

    # == reading ============================================================================
    def sheet(self, assignment_id: int) -> Sheet:
        """The current sheet (highest revision) of an assignment; no row yet → an empty draft, version 0."""
        asg = self._sheet_assignment(assignment_id)
        with self.store.read() as conn:
            return self._load(conn, asg)

    def my_sheets(self) -> pd.DataFrame:
        """The expert's assignments with the state of each sheet (progress: 已完成 x / y).

        Index = assignment id; columns: application_id, unit_name, brand_name, county, industry, part,
        state (none/draft/submitted), sheet_id, version, scored (values given), items (values needed),
        total, updated_at, submitted_at."""
        self._require("expert")
        a, apps = t.assignments, t.applications
        q = (sa.select(a.c.id.label("assignment_id"), a.c.application_id, apps.c.unit_name, apps.c.brand_name,
                       apps.c.county, apps.c.industry, a.c.part)
             .join(apps, apps.c.id == a.c.application_id)
             .where(a.c.session_id == self.id, a.c.expert_id == int(self.actor.scope), a.c.active, self.scope.applications())
             .order_by(a.c.part, a.c.application_id))
        with self.store.read() as conn:
            rows = [dict(r) for r in conn.execute(q).mappings()]
            current = sq.current_many(conn, [r["assignment_id"] for r in rows])
            entries = sq.entries_many(conn, [s["id"] for s in current.values()])
        out = []
        for r in rows:
            s = current.get(r["assignment_id"])
            e = entries.get(s["id"], {}) if s else {}
            n_items = len(items(self.rubric, r["part"]))
            out.append({**r, "state": s["status"] if s else "none", "sheet_id": s["id"] if s else None,
                        "version": s["version"] if s else 0,
                        "scored": sum(1 for x in e.values() if x.score is not None), "items": n_items,
                        "total": totals(self.rubric, r["part"], e)[1] if s else None,
                        "updated_at": s["updated_at"] if s else None, "submitted_at": s["submitted_at"] if s else None})
        cols = ["assignment_id", "application_id", "unit_name", "brand_name", "county", "industry", "part", "state",
                "sheet_id", "version", "scored", "items", "total", "updated_at", "submitted_at"]
        df = pd.DataFrame(out, columns=cols)
        df = df.astype({"unit_name": "str", "brand_name": "str", "county": "str", "industry": "str", "part": "str",
                        "state": "str", "sheet_id": "Int64", "version": "int64", "scored": "int64", "items": "int64",
                        "total": "Float64"})
        return df.set_index("assignment_id")

    def sheet_states(self) -> pd.DataFrame:
        """Active assignments with the state of their sheet (none/draft/submitted), for progress before the end.

        City: every assignment, with ``expert_id`` and ``expert_name``; county: its own county's, without
        the experts' identities (policy default: the panel stays confidential to the counties). Index =
        assignment id; columns: application_id, unit_name, brand_name, county, part, state[, expert_id,
        expert_name]."""
        self._require("city", "county")
        df = self.panel.assignments_frame()
        with self.store.read() as conn:
            current = sq.current_many(conn, [int(i) for i in df.index])
        df["state"] = pd.Series([current[int(i)]["status"] if int(i) in current else "none" for i in df.index],
                                index=df.index, dtype="str")
        keep = ["application_id", "unit_name", "brand_name", "county", "part", "state"]
        return df[keep + (["expert_id", "expert_name"] if self.scope.shows_experts() else [])]

    # == writing ============================================================================
    @writes
    def save_draft(self, assignment_id: int, entries: Mapping[str, Entry], vetoes: Iterable[VetoProposal] | None = None,
                   *, expected_version: int) -> Sheet:
        """Save the given values (and, if given, the veto proposals, replacing the stored ones) as a draft.

        Each value must pass :func:`~panel_toolkit.sheets.rules.check_entry` (else InvalidScore; nothing
        saved). ``expected_version`` is the version the form read: another save since → StaleSheet; a
        submitted sheet → SheetLocked. Returns the sheet as stored, with its new version."""
        self._require("expert")
        self._require_open()
        asg = self._sheet_assignment(assignment_id, fresh=False)
        clean = clean_entries(self.rubric, asg["part"], entries)
        proposals = None if vetoes is None else clean_vetoes(self.rubric, asg["part"], vetoes)
        with self.store.write() as conn:
            self._still_mine(conn, asg)
            cur = sq.current(conn, asg["id"])
            now = utcnow()
            if cur is None:
                if int(expected_version) != 0:
                    raise StaleSheet(0)
                sheet_id = conn.execute(t.score_sheets.insert().values(
                    assignment_id=asg["id"], revision=0, status="draft", version=1,
                    veto_json=vetoes_to_json(proposals or ()), updated_at=now)).inserted_primary_key[0]
                self._log(conn, "sheet.started", str(sheet_id), assignment_id=asg["id"], part=asg["part"],
                          application_id=asg["application_id"])
            else:
                sheet_id = cur["id"]
                self._bump(conn, cur, expected_version, now, **({} if proposals is None else
                                                                {"veto_json": vetoes_to_json(proposals)}))
            sq.upsert_items(conn, sheet_id, clean)
            return self._load(conn, asg)

    @writes
    def submit_sheet(self, assignment_id: int, *, expected_version: int) -> Sheet:
        """Check the stored sheet is complete (IncompleteSheet lists what is missing), then lock it."""
        self._require("expert")
        self._require_open()
        asg = self._sheet_assignment(assignment_id)
        with self.store.write() as conn:
            self._still_mine(conn, asg)
            cur = sq.current(conn, asg["id"])
            if cur is None:
                if int(expected_version) != 0:
                    raise StaleSheet(0)
                raise IncompleteSheet(check_sheet(self.rubric, asg["part"], {}, (), complete=True))
            if cur["status"] == "submitted":
                raise SheetLocked(*_LOCKED)
            if cur["version"] != int(expected_version):
                raise StaleSheet(cur["version"])
            entries = sq.entries_many(conn, [cur["id"]]).get(cur["id"], {})
            vetoes = vetoes_from_json(cur["veto_json"])
            problems = check_sheet(self.rubric, asg["part"], entries, vetoes, complete=True)
            if problems:
                raise IncompleteSheet(problems)
            now = utcnow()
            self._bump(conn, cur, expected_version, now, status="submitted", submitted_at=now)
            _, total = totals(self.rubric, asg["part"], entries)
            self._log(conn, "sheet.submitted", str(cur["id"]), assignment_id=asg["id"], part=asg["part"],
                      application_id=asg["application_id"], revision=cur["revision"], total=total,
                      vetoes=[v.veto_id for v in vetoes])
            return self._load(conn, asg)

    def _write_submitted_sheet(self, conn: sa.Connection, assignment_id: int, entries: Mapping[str, Entry],
                               vetoes: Iterable[VetoProposal], source: str) -> int:
        """Store a complete, submitted sheet in one go inside the caller's transaction (``scores import``
        of paper sheets; city only). A draft the expert started is completed with these values; a
        submitted sheet is never overwritten (SheetLocked). Returns the sheet id."""
        self._require("city")
        a = t.assignments
        row = conn.execute(sa.select(a).where(a.c.session_id == self.id, a.c.id == int(assignment_id))).mappings().first()
        if row is None:
            raise NotFound(f"没有编号为 {assignment_id} 的分配。", f"No assignment {assignment_id}.")
        if not row["active"]:
            raise InvalidState(f"分配 {assignment_id} 已停用，不能录入评分表。", f"Assignment {assignment_id} is not active.")
        clean = clean_entries(self.rubric, row["part"], entries)
        proposals = clean_vetoes(self.rubric, row["part"], vetoes)
        problems = check_sheet(self.rubric, row["part"], clean, proposals, complete=True)
        if problems:
            raise IncompleteSheet(problems)
        cur = sq.current(conn, row["id"])
        now = utcnow()
        if cur is None:
            sheet_id = conn.execute(t.score_sheets.insert().values(
                assignment_id=row["id"], revision=0, status="submitted", version=1, veto_json=vetoes_to_json(proposals),
                updated_at=now, submitted_at=now)).inserted_primary_key[0]
        elif cur["status"] == "submitted":
            raise SheetLocked(f"分配 {assignment_id} 的评分表已提交，不能覆盖。",
                              f"The sheet of assignment {assignment_id} is submitted already and is not overwritten.")
        else:
            sheet_id = cur["id"]
            self._bump(conn, cur, cur["version"], now, status="submitted", submitted_at=now,
                       veto_json=vetoes_to_json(proposals))
        sq.upsert_items(conn, sheet_id, clean)
        self._log(conn, "sheet.imported", str(sheet_id), assignment_id=row["id"], part=row["part"],
                  application_id=row["application_id"], source=source, total=totals(self.rubric, row["part"], clean)[1])
        return int(sheet_id)

    # == evidence files ======================================================================
    def _touch(self, conn: sa.Connection, asg: Mapping, expected_version: int) -> int:
        """Inside a write transaction: create the draft row (version 0 → 1) or bump its version. Returns its id."""
        self._still_mine(conn, asg)
        cur = sq.current(conn, asg["id"])
        if cur is None:
            if int(expected_version) != 0:
                raise StaleSheet(0)
            sheet_id = conn.execute(t.score_sheets.insert().values(
                assignment_id=asg["id"], revision=0, status="draft", version=1, veto_json="[]",
                updated_at=utcnow())).inserted_primary_key[0]
            self._log(conn, "sheet.started", str(sheet_id), assignment_id=asg["id"], part=asg["part"],
                      application_id=asg["application_id"])
            return int(sheet_id)
        self._bump(conn, cur, expected_version, utcnow())
        return int(cur["id"])

    # == plumbing =============================================================================
    def _sheet_assignment(self, assignment_id: int, *, fresh: bool = True) -> dict:
        """The assignment behind a sheet, if the actor may see it: an expert their own active ones (and not
        in conflict), the city any of the session, a county none.

        The conflict check (回避) builds the conflict matrix, most of a save's cost; for a draft save
        (``fresh=False``) a check of the same candidate in the last :data:`CONFLICT_RECHECK_S` seconds
        stands. Ownership and ``active`` are checked every time, and again inside the write transaction."""
        if self.actor.role == "county":
            raise AccessDenied(*_NO_SHEETS_FOR_COUNTY)
        a = t.assignments
        try:
            aid = int(assignment_id)
        except (TypeError, ValueError):
            raise NotFound(f"没有编号为 {assignment_id} 的分配。", f"No assignment {assignment_id}.") from None
        with self.store.read() as conn:
            row = conn.execute(sa.select(a.c.id, a.c.expert_id, a.c.application_id, a.c.part, a.c.active)
                               .where(a.c.session_id == self.id, a.c.id == aid)).mappings().first()
        if self.actor.role == "expert":
            if row is None or row["expert_id"] != int(self.actor.scope) or not row["active"]:
                raise AccessDenied(*_NOT_YOURS)
            checked = self.__dict__.setdefault("_conflict_checked", {})
            if fresh or time.monotonic() - checked.get(aid, -CONFLICT_RECHECK_S) >= CONFLICT_RECHECK_S:
                checked.pop(aid, None)
                self.scope.require_candidate(int(row["application_id"]), row["part"])  # 回避: conflict → ConflictOfInterest
                checked[aid] = time.monotonic()
        elif row is None:
            raise NotFound(f"没有编号为 {assignment_id} 的分配。", f"No assignment {assignment_id}.")
        return dict(row)

    def _still_mine(self, conn: sa.Connection, asg: Mapping) -> None:
        """Inside the write transaction: the expert's assignment is still active (no swap in between) and no
        conflict was declared for it since (the rule-based 回避 of the matrix depends on data that a
        running review does not change)."""
        if self.actor.role != "expert":
            return
        a, dc = t.assignments, t.declared_conflicts
        declared = (sa.select(dc.c.id).where(dc.c.expert_id == a.c.expert_id, dc.c.application_id == a.c.application_id)
                    .exists())
        row = conn.execute(sa.select(a.c.active, declared.label("declared")).where(a.c.id == asg["id"])).first()
        if row is None or not row.active:
            raise AccessDenied(*_NOT_YOURS)
        if row.declared:
            self.__dict__.get("_conflict_checked", {}).pop(int(asg["id"]), None)
            self.scope.require_candidate(int(asg["application_id"]), asg["part"])   # raises ConflictOfInterest

    def _bump(self, conn: sa.Connection, cur, expected_version: int, now, **values) -> None:
        """The optimistic lock: one UPDATE … WHERE version = expected; nothing else may have saved since."""
        if cur["status"] == "submitted":
            raise SheetLocked(*_LOCKED)
        s = t.score_sheets
        n = conn.execute(s.update().where(s.c.id == cur["id"], s.c.version == int(expected_version), s.c.status == "draft")
                         .values(version=s.c.version + 1, updated_at=now, **values)).rowcount
        if n != 1:
            raise StaleSheet(cur["version"])

    def _load(self, conn: sa.Connection, asg: Mapping) -> Sheet:
        cur = sq.current(conn, asg["id"])
        base = dict(assignment_id=int(asg["id"]), expert_id=int(asg["expert_id"]),
                    application_id=int(asg["application_id"]), part=asg["part"])
        if cur is None:
            return Sheet(**base, sheet_id=None, revision=0, status="draft", version=0)
        return Sheet(**base, sheet_id=int(cur["id"]), revision=int(cur["revision"]), status=cur["status"],
                     version=int(cur["version"]), entries=sq.entries_many(conn, [cur["id"]]).get(cur["id"], {}),
                     vetoes=vetoes_from_json(cur["veto_json"]), updated_at=cur["updated_at"],
                     submitted_at=cur["submitted_at"], revision_of=cur["revision_of"],
                     revision_reason=cur["revision_reason"])
