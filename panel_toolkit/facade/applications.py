"""The session's applications (申报) as the actor may see them (:mod:`.scope`'s rule)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import pandas as pd
import sqlalchemy as sa

from ..errors import NotFound
from ..intake.fields import BOOL_KEYS, COUNT_KEYS
from ..store import schema as t
from ..store.queries import panel as pq
from .context import Service


class Applications(Service):
    def __init__(self, ctx):
        super().__init__(ctx)
        self._memo: pd.DataFrame | None = None

    def applications_frame(self) -> pd.DataFrame:
        """The session's applications the actor may see, index = application id, typed columns."""
        if self._memo is not None:
            return self._memo.copy()
        a = t.applications
        query = sa.select(a).where(a.c.session_id == self.id, self.scope.applications()).order_by(a.c.id)
        with self.store.read() as conn:
            df = pd.DataFrame(conn.execute(query).all(), columns=[c.name for c in a.c])
        df = df.set_index("id")
        df[list(COUNT_KEYS)] = df[list(COUNT_KEYS)].astype("Int64")
        df[list(BOOL_KEYS)] = df[list(BOOL_KEYS)].astype("boolean")
        df["founded_on"] = pd.to_datetime(df["founded_on"])
        return df

    @contextmanager
    def read_once(self) -> Iterator[None]:
        """Within one computation (the aggregation's inputs) the applications are read once, not by each step."""
        if self._memo is not None:
            yield
            return
        self._memo = self.applications_frame()
        try:
            yield
        finally:
            self._memo = None

    def row(self, application_id: int) -> dict:
        """One application of the session, whoever may see it (for the city's panel changes: the caller checked
        the role)."""
        with self.store.read() as conn:
            row = pq.application(conn, self.id, application_id)
        if row is None:
            raise NotFound(f"本批次中没有编号为 {application_id} 的申报。", f"No application {application_id} in this session.")
        return dict(row)
