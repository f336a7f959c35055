"""Removals from the brand directory (第二十条). Eligibility E7 reads them: a removed unit may not
apply for 5 years from the decision (the length is the rubric's ``ban_years_after_removal``).

The directory's removal transition writes them with :func:`insert_removal` inside its own
transaction; :meth:`Removals.record_removal` records one directly (e.g. a removal decided
before the toolkit was used). A ground is exactly one of 第二十条(一)–(六). A removal is never edited:
:meth:`Removals.correct_removal` voids it with a reason (a new row). A session reads the removals
and corrections recorded before it closed (SPEC §7), so later ones never change a closed session."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from .. import freetext
from ..directory.states import normalize_ground
from ..errors import InvalidState, NotFound
from ..intake import creditcode
from ..store import schema as t
from ..store import utcnow
from ..store.tables.removal_corrections import removal_corrections as rc
from .context import Service, writes

#: 第二十条 (一)–(六): the only grounds of a removal (第十九条 suspends, it does not remove).
REMOVAL_GROUNDS = tuple(f"第二十条({i})" for i in "一二三四五六")


def removal_ground(ground: str) -> str:
    """A ground as typed (第二十条(四), 20(4), full-width brackets) → its code; InvalidState otherwise."""
    code = normalize_ground(ground)
    if code not in REMOVAL_GROUNDS:
        raise InvalidState(f"移出目录的依据须为第二十条第(一)至(六)项之一（{'、'.join(REMOVAL_GROUNDS)}），而非「{ground}」。",
                           f"A removal's ground must be one of Article 20 (1)–(6) ({', '.join(REMOVAL_GROUNDS)}), "
                           f"not “{ground}”.")
    return code


def insert_removal(conn: sa.Connection, *, credit_code: str, unit_name: str, brand_name: str, decided_on: dt.date,
                   ground: str, actor: str, note: str = "") -> int:
    """Validate and insert one removal in the caller's transaction; returns its id."""
    code = creditcode.normalize(credit_code)
    if not creditcode.is_valid(code):
        raise InvalidState(f"统一社会信用代码 {credit_code} 校验不通过。", f"Credit code {credit_code} is not valid.")
    return conn.execute(t.removals.insert().values(
        credit_code=code, unit_name=unit_name.strip(), brand_name=brand_name.strip(), decided_on=decided_on,
        ground=removal_ground(ground), note=note, actor=actor, recorded_at=utcnow())).inserted_primary_key[0]


def removals_as_of(conn: sa.Connection, recorded_by: dt.datetime | None = None) -> pd.DataFrame:
    """Every removal with ``corrected`` (and the correction's reason), as recorded by ``recorded_by``
    (None: now)."""
    r = t.removals
    q = sa.select(r).order_by(r.c.id)
    c = sa.select(rc.c.removal_id, rc.c.reason, rc.c.recorded_at).order_by(rc.c.id)
    if recorded_by is not None:
        q, c = q.where(r.c.recorded_at <= recorded_by), c.where(rc.c.recorded_at <= recorded_by)
    df = pd.DataFrame(conn.execute(q).mappings().all(), columns=[col.name for col in r.c])
    fixes = {int(i): reason for i, reason, _ in conn.execute(c).all()}
    df["corrected"] = df["id"].map(lambda i: int(i) in fixes).astype(bool)
    df["correction_reason"] = df["id"].map(lambda i: fixes.get(int(i), "")).astype("str")
    df["decided_on"] = pd.to_datetime(df["decided_on"])
    return df


class Removals(Service):
    @writes
    def record_removal(self, credit_code: str, unit_name: str, brand_name: str, decided_on: dt.date,
                       ground: str, note: str = "") -> int:
        """Record a removal from the directory decided outside the toolkit (第二十条), which bars the unit from
        applying again for five years (E7); city only."""
        self._require("city")
        with self.store.write() as conn:
            rid = insert_removal(conn, credit_code=credit_code, unit_name=unit_name, brand_name=brand_name,
                                 decided_on=decided_on, ground=ground, actor=self.actor.name, note=note)
            self._log(conn, "directory.removal_recorded", creditcode.normalize(credit_code), unit_name=unit_name,
                      decided_on=decided_on.isoformat(), ground=removal_ground(ground))
        return rid

    @writes
    def correct_removal(self, removal_id: int, reason: str) -> int:
        """Void removal ``removal_id`` recorded in error (city, with a reason): a new row, never an edit."""
        self._require("city")
        freetext.check(reason, "理由")  # free text: the CLI's check, for the apps too
        reason = (reason or "").strip()
        if not reason:
            raise InvalidState("更正移出记录须写明理由。", "Correcting a removal needs a reason.")
        with self.store.write() as conn:
            row = conn.execute(sa.select(t.removals).where(t.removals.c.id == int(removal_id))).mappings().first()
            if row is None:
                raise NotFound(f"没有编号为 {removal_id} 的移出记录。", f"No removal {removal_id}.")
            if conn.execute(sa.select(rc.c.id).where(rc.c.removal_id == int(removal_id))).first():
                raise InvalidState(f"移出记录 {removal_id} 已被更正。", f"Removal {removal_id} is already corrected.")
            cid = conn.execute(rc.insert().values(removal_id=int(removal_id), reason=reason, actor=self.actor.name,
                                                  recorded_at=utcnow())).inserted_primary_key[0]
            self._log(conn, "directory.removal_corrected", row["credit_code"], removal_id=int(removal_id), reason=reason)
        return int(cid)

    def removals_list(self) -> pd.DataFrame:
        """Every removal as recorded now, with whether (and why) it was corrected (city)."""
        self._require("city")
        with self.store.read() as conn:
            return removals_as_of(conn).set_index("id")

    def removals_frame(self) -> pd.DataFrame:
        """The removals eligibility E7 of this session counts: not corrected, and — once the session is
        closed — only those (and the corrections) recorded before it closed."""
        as_of = self.ctx.closed_at()
        with self.store.read() as conn:
            df = removals_as_of(conn, as_of)
        return df[~df["corrected"]].drop(columns=["corrected", "correction_reason"]).reset_index(drop=True)


class Events(Service):
    def events_frame(self) -> pd.DataFrame:
        """The session's event log (who, what, when); city only."""
        self._require("city")
        e = t.events
        with self.store.read() as conn:
            return pd.DataFrame(conn.execute(sa.select(e).where(e.c.session_id == self.id).order_by(e.c.id)).mappings().all(),
                                columns=[c.name for c in e.c])
