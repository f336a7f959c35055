"""Evidence files (佐证材料) an expert keeps with a site-inspection sheet (实地核查, 第十二条).

Adding or removing a file counts as a save of the sheet (its version is checked and bumped: :mod:`.sheets`);
who may touch which sheet is the sheets' rule (an expert their own assignments, not in conflict).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from ..errors import NotFound
from ..files.messages import refusal
from ..sheets.evidence import EvidenceStore, check_evidence
from ..sheets.rules import check_entry
from ..sheets.sheet import Sheet
from ..store import schema as t
from ..store import utcnow
from ..store.tables.evidence import evidence_files
from ..store.queries import sheets as sq
from .context import Service, writes


class Evidence(Service):
    def __init__(self, ctx, sheets):
        super().__init__(ctx)
        self.sheets = sheets

    @writes
    def add_evidence(self, assignment_id: int, filename: str, content: bytes, *, expected_version: int,
                     item_id: str | None = None) -> Sheet:
        """Keep a photo or scan (jpg/png/pdf, within the session's ``evidence`` limits) with a draft sheet. Counts as
        a save: the version is checked and bumped (a sheet row is created if there is none yet)."""
        self._require("expert")
        self._require_open()
        asg = self.sheets._sheet_assignment(assignment_id, fresh=False)
        limits = self.config.evidence
        checked = check_evidence(filename, content, limits)   # type, magic bytes, size, PDF structure and pages
        if item_id:
            check_entry(self.rubric, asg["part"], item_id, None)  # a known criterion or item
        with self.store.write() as conn:
            sheet = self.sheets._touch(conn, asg, expected_version)
            e = evidence_files
            n = conn.execute(sa.select(sa.func.count()).where(e.c.sheet_id == sheet, e.c.removed_at.is_(None))).scalar()
            if n >= limits.max_files:
                raise refusal("max_evidence_files", limit=limits.max_files)
            self.evidence_store.put(sheet, checked, content)   # atomic; a failure rolls the save back
            eid = conn.execute(e.insert().values(sheet_id=sheet, item_id=item_id or None, filename=checked.filename,
                                                 stored_name=checked.stored_name, media_type=checked.media_type,
                                                 size=checked.size, sha256=checked.sha256, actor=self.actor.name,
                                                 uploaded_at=utcnow())).inserted_primary_key[0]
            self._log(conn, "sheet.evidence_added", str(sheet), evidence_id=eid, filename=checked.filename,
                      size=checked.size, sha256=checked.sha256, item_id=item_id)
            return self.sheets._load(conn, asg)

    @writes
    def remove_evidence(self, assignment_id: int, evidence_id: int, *, expected_version: int) -> Sheet:
        """Take a file off a draft sheet (its row and bytes are kept, marked removed)."""
        self._require("expert")
        self._require_open()
        asg = self.sheets._sheet_assignment(assignment_id)
        with self.store.write() as conn:
            cur = sq.current(conn, asg["id"])
            e = evidence_files
            if cur is None or conn.execute(sa.select(e.c.id).where(e.c.id == int(evidence_id), e.c.sheet_id == cur["id"],
                                                                   e.c.removed_at.is_(None))).first() is None:
                raise NotFound("该佐证文件不存在。", "No such evidence file.")
            self.sheets._touch(conn, asg, expected_version)
            conn.execute(e.update().where(e.c.id == int(evidence_id)).values(removed_at=utcnow()))
            self._log(conn, "sheet.evidence_removed", str(cur["id"]), evidence_id=int(evidence_id))
            return self.sheets._load(conn, asg)

    def evidence(self, assignment_id: int) -> pd.DataFrame:
        """The files kept with the current sheet (not removed), index = evidence id."""
        asg = self.sheets._sheet_assignment(assignment_id)
        e = evidence_files
        cols = ["id", "item_id", "filename", "media_type", "size", "sha256", "uploaded_at"]
        with self.store.read() as conn:
            cur = sq.current(conn, asg["id"])
            rows = [] if cur is None else conn.execute(
                sa.select(*(e.c[c] for c in cols)).where(e.c.sheet_id == cur["id"], e.c.removed_at.is_(None))
                .order_by(e.c.id)).mappings().all()
        return pd.DataFrame(rows, columns=cols).set_index("id")

    def evidence_bytes(self, assignment_id: int, evidence_id: int) -> tuple[str, str, bytes]:
        """(file name, media type, content) of one kept file, checked against its recorded SHA-256."""
        asg = self.sheets._sheet_assignment(assignment_id)
        e, s = evidence_files, t.score_sheets
        with self.store.read() as conn:
            row = conn.execute(sa.select(e).join(s, s.c.id == e.c.sheet_id)
                               .where(e.c.id == int(evidence_id), s.c.assignment_id == asg["id"])).mappings().first()
        if row is None:
            raise NotFound("该佐证文件不存在。", "No such evidence file.")
        data = self.evidence_store.get(row["sheet_id"], row["stored_name"], row["filename"], row["sha256"])
        return row["filename"], row["media_type"], data

    @property
    def evidence_store(self) -> EvidenceStore:
        return EvidenceStore(self.workspace.root)

    def evidence_dir(self, sheet_id: int) -> Path:
        """The folder a sheet's evidence files are kept in (``<workspace>/evidence/<sheet id>``)."""
        return self.evidence_store.folder(sheet_id)
