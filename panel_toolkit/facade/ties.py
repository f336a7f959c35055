"""The chair's order among candidates the scores cannot separate (并列, SPEC §5), as the aggregation reads it."""
from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from ..store.tables.closure import tie_decisions
from .context import Service


class Ties(Service):
    def tie_order(self) -> dict[int, int]:
        """application id → the chair's order among tied candidates (higher first): for each pair the
        latest decision counts, +1 to the first, −1 to the second."""
        with self.store.read() as conn:
            rows = conn.execute(sa.select(tie_decisions.c.first_id, tie_decisions.c.second_id)
                                .where(tie_decisions.c.session_id == self.id).order_by(tie_decisions.c.id)).all()
        latest: dict[frozenset, tuple[int, int]] = {}
        for a, b in rows:
            latest[frozenset((a, b))] = (a, b)
        order: dict[int, int] = {}
        for a, b in latest.values():
            order[a], order[b] = order.get(a, 0) + 1, order.get(b, 0) - 1
        return order

    def tie_decisions_frame(self) -> pd.DataFrame:
        """Every tie decision of the session, oldest first (city)."""
        self._require("city")
        with self.store.read() as conn:
            return pd.DataFrame(conn.execute(sa.select(tie_decisions).where(tie_decisions.c.session_id == self.id)
                                             .order_by(tie_decisions.c.id)).mappings().all(),
                                columns=[c.name for c in tie_decisions.c])
