"""Removals from the brand directory (第二十条). The directory issue writes them on removal;
eligibility E7 reads them: a removed unit may not apply for 5 years (policy in the rubric)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from ..errors import InvalidState
from ..intake import creditcode
from ..store import schema as t
from ..store import utcnow
from .base import SessionBase


class RemovalsMixin(SessionBase):
    def record_removal(self, credit_code: str, unit_name: str, brand_name: str, decided_on: dt.date,
                       ground: str, note: str = "") -> int:
        self._require("city")
        code = creditcode.normalize(credit_code)
        if not creditcode.is_valid(code):
            raise InvalidState(f"统一社会信用代码 {credit_code} 校验不通过。", f"Credit code {credit_code} is not valid.")
        if not ground.strip():
            raise InvalidState("移出目录须写明依据（第二十条第几项）。", "A removal needs its ground (Article 20, item …).")
        with self.store.write() as conn:
            rid = conn.execute(t.removals.insert().values(
                credit_code=code, unit_name=unit_name.strip(), brand_name=brand_name.strip(), decided_on=decided_on,
                ground=ground.strip(), note=note, actor=self.actor.name, recorded_at=utcnow())).inserted_primary_key[0]
            self._log(conn, "directory.removal_recorded", code, unit_name=unit_name, decided_on=decided_on.isoformat(),
                      ground=ground)
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
