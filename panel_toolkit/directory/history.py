"""Histories from stored rows: the directory's events (one row each) → :class:`~.machine.History` per entry.

The event rows are the source of truth; ``directory_entries.status`` is only a cache of the last
row's ``status_after`` (kept for SQL readers), and every status shown by the toolkit is derived here.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from .machine import History, Record
from .states import EventKind, Status

EVENT_COLUMNS = ("entry_id", "event", "ground", "occurred_on", "deadline", "status_before", "status_after", "note")


def as_date(value) -> dt.date | None:
    """A stored date (date, Timestamp, ISO text, None/NaT) → ``datetime.date`` or None."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def record_of(row) -> Record:
    """One stored event row (mapping or namedtuple-like) → Record."""
    get = row.get if hasattr(row, "get") else lambda k: getattr(row, k)
    return Record(EventKind(get("event")), get("ground"), as_date(get("occurred_on")), Status(get("status_before")),
                  Status(get("status_after")), as_date(get("deadline")), get("note") or "", get("override_reason") or "")


def build_histories(entries: pd.DataFrame, events: pd.DataFrame) -> dict[int, History]:
    """``entries`` indexed by entry id with ``recognised_on``; ``events`` in recording order (by id)."""
    records: dict[int, list[Record]] = {int(i): [] for i in entries.index}
    for row in events.to_dict("records"):
        eid = int(row["entry_id"])
        if eid in records:
            records[eid].append(record_of(row))
    return {eid: History(as_date(entries.at[eid, "recognised_on"]), tuple(recs)) for eid, recs in records.items()}
