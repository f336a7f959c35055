"""Application intake through the facade (申报; 第十条): all or nothing, idempotent."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from ..errors import InputRejected, Problem
from ..intake.fields import APPLICATION_KEYS, BY_KEY
from ..intake.reader import read_table
from ..intake.validate import validate
from ..store import schema as t
from ..store import utcnow
from ..i18n import text
from .context import Service, writes


@dataclass(frozen=True)
class ImportResult:
    file: str
    inserted: int
    updated: int
    unchanged: int
    screenings: int
    skipped_empty_rows: int
    warnings: tuple = ()  # Problems that did not stop the import (a merged county cell filled down)

    def message(self, lang: str = "zh") -> str:
        notes = "".join(text("facade.import_note", lang, reason=p.reason(lang)) for p in self.warnings)
        return text("facade.import_result", lang, file=self.file, inserted=self.inserted, updated=self.updated,
                    unchanged=self.unchanged, screenings=self.screenings, skipped=self.skipped_empty_rows) + notes

    def _repr_html_(self) -> str:
        import html

        return f"<p>{html.escape(self.message())}</p>"


class Intake(Service):
    @writes
    def import_applications(self, path: str | Path, *, update: bool = False) -> ImportResult:
        """Import a county's .xlsx/.csv. Any problem: :class:`InputRejected` listing every one, store unchanged.

        Re-importing an identical row changes nothing. A row whose credit code is already in the
        session with different content is refused unless ``update``; an update keeps the old values
        in the event log, so nothing entered is lost.
        """
        self._require("city", "county")
        self._require_open()
        path = Path(path)
        table = validate(read_table(path, max_mb=self.config.max_import_mb), self.config)
        df = table.frame
        problems = []
        if self.actor.role == "county":
            col = BY_KEY["county"].header
            for row, county in df.loc[df["county"] != self.actor.scope, ["source_row", "county"]].itertuples(index=False):
                problems.append(Problem(row, col, county, f"不属于本单位（{self.actor.scope}）的辖区，不能由本单位导入",
                                        f"not in your county ({self.actor.scope}); you cannot import it"))
        file_sha = hashlib.sha256(path.read_bytes()).hexdigest()
        now = utcnow()
        updated = unchanged = 0
        with self.store.write() as conn:
            existing = {r.credit_code: r for r in conn.execute(
                sa.select(t.applications.c.id, t.applications.c.credit_code, t.applications.c.row_sha256)
                .where(t.applications.c.session_id == self.id))}
            new_rows, changed = [], []
            for rec in df.to_dict("records"):
                old = existing.get(rec["credit_code"])
                if old is None:
                    new_rows.append(rec)
                elif old.row_sha256 == rec["row_sha256"]:
                    unchanged += 1
                elif update:
                    changed.append((old.id, rec))
                else:
                    problems.append(Problem(rec["source_row"], BY_KEY["credit_code"].header, rec["credit_code"],
                                            "本批次已有该单位的申报且内容不同；如确需更新，请使用“更新导入”（--update）",
                                            "this unit already applied in this session with different content; "
                                            "use --update to replace it"))
            if problems:
                raise InputRejected(path.name, problems)
            if new_rows:  # one executemany: building a statement per row costs more than the rows
                conn.execute(t.applications.insert(), [dict(self._row_values(rec, path.name, now), session_id=self.id,
                                                            created_at=now) for rec in new_rows])
            inserted = len(new_rows)
            ids = dict(conn.execute(sa.select(t.applications.c.credit_code, t.applications.c.id)
                                    .where(t.applications.c.session_id == self.id)).all())
            for app_id, rec in changed:
                before = conn.execute(sa.select(t.applications).where(t.applications.c.id == app_id)).mappings().one()
                conn.execute(t.applications.update().where(t.applications.c.id == app_id)
                             .values(**self._row_values(rec, path.name, now)))
                self._log(conn, "application.updated", str(app_id), file=path.name,
                          before={k: _jsonable(before[k]) for k in APPLICATION_KEYS})
                updated += 1
            screened = self._screenings_from_file(conn, df, ids, now)
            self._log(conn, "applications.imported", path.name, file_sha256=file_sha, inserted=inserted,
                      updated=updated, unchanged=unchanged, screenings=screened,
                      skipped_empty_rows=table.skipped_empty_rows)
        return ImportResult(path.name, inserted, updated, unchanged, screened, table.skipped_empty_rows, table.warnings)

    @staticmethod
    def _row_values(rec: dict, file: str, now) -> dict:
        values = {k: (None if pd.isna(rec[k]) else rec[k]) for k in APPLICATION_KEYS}
        return dict(values, source_file=file, source_row=int(rec["source_row"]), row_sha256=rec["row_sha256"],
                    updated_at=now)

    def _screenings_from_file(self, conn: sa.Connection, df: pd.DataFrame, ids: dict, now) -> int:
        """The template's 初审结论/初审意见 columns record the county's (or department's) initial
        screening (第十、十一条). Only a decision that differs from the latest recorded one is added."""
        latest = _latest_screenings(conn, self.id, "initial")
        rows = []
        for rec in df.loc[df["screening_decision"].notna()].to_dict("records"):
            app_id = ids[rec["credit_code"]]
            reason = rec["screening_reason"] if isinstance(rec["screening_reason"], str) else ""
            if latest.get(app_id) != (rec["screening_decision"], reason):
                rows.append(dict(application_id=app_id, stage="initial", decision=rec["screening_decision"],
                                 reason=reason, decided_by=_initial_unit(rec), actor=self.actor.name, decided_at=now))
        if rows:
            conn.execute(t.screenings.insert(), rows)
        return len(rows)


def _initial_unit(rec: dict) -> str:
    dept = rec.get("department")
    return dept if isinstance(dept, str) and dept else f"{rec['county']}人社局"


def _latest_screenings(conn: sa.Connection, session_id: str, stage: str) -> dict[int, tuple[str, str]]:
    s, a = t.screenings, t.applications
    last = (sa.select(sa.func.max(s.c.id).label("id")).join(a, a.c.id == s.c.application_id)
            .where(a.c.session_id == session_id, s.c.stage == stage).group_by(s.c.application_id).subquery())
    rows = conn.execute(sa.select(s.c.application_id, s.c.decision, s.c.reason).join(last, last.c.id == s.c.id))
    return {r.application_id: (r.decision, r.reason) for r in rows}


def _jsonable(v):
    return v.isoformat() if hasattr(v, "isoformat") else v
