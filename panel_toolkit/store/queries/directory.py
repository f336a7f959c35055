"""Queries of the brand directory (劳务品牌目录): entries, their events, annual reports."""
from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from ..tables.directory_events import annual_reports as ar
from ..tables.directory import directory_entries as de
from ..tables.directory_events import directory_events as dev


def entries(conn: sa.Connection, where, entry_id: int | None = None) -> pd.DataFrame:
    q = sa.select(de).where(where).order_by(de.c.id)
    if entry_id is not None:
        q = q.where(de.c.id == int(entry_id))
    df = pd.DataFrame(conn.execute(q).mappings().all(), columns=[c.name for c in de.c])
    return df.set_index("id").rename_axis("entry_id")


def events(conn: sa.Connection, entry_ids=None) -> pd.DataFrame:
    q = sa.select(dev).order_by(dev.c.id)
    if entry_ids is not None:
        q = q.where(dev.c.entry_id.in_([int(i) for i in entry_ids]))
    return pd.DataFrame(conn.execute(q).mappings().all(), columns=[c.name for c in dev.c])


def reports(conn: sa.Connection, entry_ids=None) -> pd.DataFrame:
    q = sa.select(ar).order_by(ar.c.id)
    if entry_ids is not None:
        q = q.where(ar.c.entry_id.in_([int(i) for i in entry_ids]))
    return pd.DataFrame(conn.execute(q).mappings().all(), columns=[c.name for c in ar.c])
