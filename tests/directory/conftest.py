"""Histories in each status, built through the machine itself (never by hand), on fixed dates."""
from __future__ import annotations

import datetime as dt

import pytest

from panel_toolkit.directory import EventKind, History, Request, Status, replay

E = EventKind
RECOGNISED = dt.date(2023, 12, 1)
#: How to reach each status from 正常, and the dates used.
PATHS = {
    Status.ACTIVE: [],
    Status.RECTIFICATION: [Request(E.RECTIFICATION_ORDER, dt.date(2025, 1, 31), "第十七条(一)")],
    Status.INTERVIEW: [Request(E.INTERVIEW, dt.date(2025, 1, 31), "第十八条(二)")],
    Status.SUSPENDED: [Request(E.INTERVIEW, dt.date(2025, 1, 31), "第十八条(二)"),
                       Request(E.SUSPEND, dt.date(2025, 5, 6), "第十九条")],
    Status.REMOVED: [Request(E.REMOVE, dt.date(2025, 1, 31), "第二十条(一)")],
}


def history_in(status: Status) -> History:
    h = replay(RECOGNISED, PATHS[status])
    assert h.status is status
    return h


@pytest.fixture
def at():
    return history_in
