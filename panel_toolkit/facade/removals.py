"""Removals from the brand directory (第二十条). Eligibility E7 reads them: a removed unit may not
apply for 5 years from the decision (the length is the rubric's ``ban_years_after_removal``).

The directory's removal transition writes them with :func:`insert_removal` inside its own
transaction; :meth:`RemovalsMixin.record_removal` records one directly (e.g. a removal decided
before the toolkit was used)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from ..errors import InvalidState
from ..intake import creditcode
from ..store import schema as t
from ..store import utcnow
from .base import SessionBase


def insert_removal(conn: sa.Connection, *, credit_code: str, unit_name: str, brand_name: str, decided_on: dt.date,
                   ground: str, actor: str, note: str = "") -> int:
    """Validate and insert one removal in the caller's transaction; returns its id."""
    code = creditcode.normalize(credit_code)
    if not creditcode.is_valid(code):
        raise InvalidState(f"统一社会信用代码 {credit_code} 校验不通过。", f"Credit code {credit_code} is not valid.")
    if not ground.strip():
        raise InvalidState("移出目录须写明依据（第二十条第几项）。", "A removal needs its ground (Article 20, item …).")
    return conn.execute(t.removals.insert().values(
        credit_code=code, unit_name=unit_name.strip(), brand_name=brand_name.strip(), decided_on=decided_on,
        ground=ground.strip(), note=note, actor=actor, recorded_at=utcnow())).inserted_primary_key[0]


class RemovalsMixin(SessionBase):
    def record_removal(self, credit_code: str, unit_name: str, brand_name: str, decided_on: dt.date,
                       ground: str, note: str = "") -> int:
        self._require("city")
        with self.store.write() as conn:
            rid = insert_removal(conn, credit_code=credit_code, unit_name=unit_name, brand_name=brand_name,
                                 decided_on=decided_on, ground=ground, actor=self.actor.name, note=note)
            self._log(conn, "directory.removal_recorded", creditcode.normalize(credit_code), unit_name=unit_name,
                      decided_on=decided_on.isoformat(), ground=ground)
        return rid

    def removals_frame(self) -> pd.DataFrame:
        with self.store.read() as conn:
            df = pd.DataFrame(conn.execute(sa.select(t.removals)).mappings().all(),
                              columns=[c.name for c in t.removals.c])
        df["decided_on"] = pd.to_datetime(df["decided_on"])
        return df


class EventsMixin(SessionBase):
    def events_frame(self) -> pd.DataFrame:
        """The session's event log (who, what, when); city only."""
        self._require("city")
        e = t.events
        with self.store.read() as conn:
            return pd.DataFrame(conn.execute(sa.select(e).where(e.c.session_id == self.id).order_by(e.c.id)).mappings().all(),
                                columns=[c.name for c in e.c])
