"""The expert pool (专家库, 第十二条) through the facade: importing it, declared conflicts (回避), personal links.

The pool, its conflicts and the links are the city's; an expert may declare a conflict for themselves on an
application assigned to them. Who sees which candidate is :mod:`.scope`'s rule.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from ..errors import AccessDenied, InputRejected, InvalidState, NotFound, Problem
from ..intake.reader import read_table
from ..panel import tokens as tok
from ..panel.pool import (EXPERT_BY_KEY, EXPERT_FIELDS, EXPERT_KEYS, SHEET_NAME, TEMPLATE_ZH, normalize_name,
                          validate_experts)
from ..panel.reports import ExpertImportResult, LinksResult
from ..store import schema as t
from ..store import utcnow
from ..store.queries import panel as pq
from .context import Service, writes
from .scope import NOT_ASSIGNED


class Pool(Service):
    def __init__(self, ctx, apps, eligible):
        super().__init__(ctx)
        self.apps, self.eligible = apps, eligible

    def experts(self, ids=None) -> pd.DataFrame:
        """The pool (index = expert id); only ``ids`` when given."""
        with self.store.read() as conn:
            return pq.experts(conn, self.id, ids)

    def expert(self, expert_id: int) -> dict:
        with self.store.read() as conn:
            row = pq.expert(conn, self.id, expert_id)
        if row is None:
            raise NotFound(f"本批次专家库中没有编号为 {expert_id} 的专家。", f"No expert {expert_id} in this session's pool.")
        return dict(row)

    @writes
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
        df = self.experts()
        tk = t.expert_tokens
        q = (sa.select(tk.c.expert_id, sa.func.max(tk.c.issued_at).label("link_issued_at"))
             .join(t.experts, t.experts.c.id == tk.c.expert_id)
             .where(t.experts.c.session_id == self.id, tk.c.revoked_at.is_(None)).group_by(tk.c.expert_id))
        with self.store.read() as conn:
            issued = {r.expert_id: r.link_issued_at for r in conn.execute(q)}
        df["link_issued_at"] = pd.Series([issued.get(i) for i in df.index], index=df.index, dtype="object")
        return df

    @writes
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
            if not self.scope.my_assignments(application_id):
                raise AccessDenied(*NOT_ASSIGNED)
        self.expert(expert_id)
        self.apps.row(application_id)
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
        m = self.scope.matrix(self.eligible.candidate_ids())
        pairs = m.pairs(lang)
        dc = t.declared_conflicts
        with self.store.read() as conn:
            q = (sa.select(dc.c.expert_id, dc.c.application_id, dc.c.reason.label("declared_reason"))
                 .where(dc.c.session_id == self.id))
            notes = pd.DataFrame(conn.execute(q).mappings().all(), columns=["expert_id", "application_id", "declared_reason"])
        return pairs.merge(notes.astype({"expert_id": "int64", "application_id": "int64"}),
                           on=["application_id", "expert_id"], how="left")

    @writes
    def issue_links(self, base_url: str, reissue: bool = False) -> LinksResult:
        """A personal link for every expert without an active one (every expert with ``reissue``, whose
        old link stops working). The token is shown once, here; the store keeps only its SHA-256."""
        self._require("city")
        base_url = tok.check_base_url(base_url)
        experts = self.experts()
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

    @writes
    def revoke_token(self, expert_id: int, reason: str = "") -> int:
        """Stop an expert's link from working; a new one is issued by the next :meth:`issue_links`."""
        self._require("city")
        self.expert(expert_id)
        with self.store.write() as conn:
            n = self._revoke(conn, int(expert_id), utcnow())
            self._log(conn, "panel.token_revoked", str(expert_id), revoked=n, reason=(reason or "").strip())
        return n

    def _revoke(self, conn: sa.Connection, expert_id: int, now) -> int:
        tk = t.expert_tokens
        return conn.execute(tk.update().where(tk.c.expert_id == expert_id, tk.c.revoked_at.is_(None))
                            .values(revoked_at=now, revoked_by=self.actor.name)).rowcount
