"""Queries the aggregation reads: the current sheets of active assignments with their part totals summed in SQL,
every value of those sheets, veto proposals and the chair's decisions, revisions, the experts' names."""
from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from .. import schema as t
from ..tables.aggregation import veto_decisions

SHEET_COLUMNS = ["assignment_id", "application_id", "part", "expert_id", "sheet_id", "revision", "status", "n_items",
                 "total"]


def fetch(conn: sa.Connection, q) -> list[tuple]:
    """Rows as plain tuples straight from the DB-API cursor of ``conn``'s transaction: no Row objects
    and no result processing, which for 700,000 values is several times faster (benchmarks/bench_aggregate.py).
    Only for queries whose columns need no conversion (numbers and text)."""
    compiled = q.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    args = tuple(params[k] for k in compiled.positiontup) if compiled.positional else params
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.execute(str(compiled), args)
        return cursor.fetchall()
    finally:
        cursor.close()


def current_sheets():
    """The current sheet (highest revision) of every assignment, as a subquery."""
    s = t.score_sheets
    top = sa.select(s.c.assignment_id, sa.func.max(s.c.revision).label("rev")).group_by(s.c.assignment_id).subquery()
    return (sa.select(s.c.id, s.c.assignment_id, s.c.revision, s.c.status, s.c.veto_json)
            .join(top, sa.and_(top.c.assignment_id == s.c.assignment_id, top.c.rev == s.c.revision)).subquery())


def sheets(conn: sa.Connection, session_id: str, part_items: dict[str, list[str]]) -> pd.DataFrame:
    """One row per active assignment with its current sheet, and the count and sum of the values of its part's
    items (``part_items``), summed in SQL in one query."""
    a, i, cur = t.assignments, t.score_items, current_sheets()
    mine = sa.or_(*(sa.and_(a.c.part == part, i.c.item_id.in_(items)) for part, items in part_items.items()))
    value = sa.case((sa.and_(mine, i.c.score.is_not(None)), i.c.score))
    # One current sheet per assignment: max() of its columns is the value itself, and lets PostgreSQL group by
    # the assignment's key alone (a's other columns depend on it), as SQLite's plan needs.
    one = sa.func.max
    q = (sa.select(a.c.id, a.c.application_id, a.c.part, a.c.expert_id, one(cur.c.id), one(cur.c.revision),
                   one(cur.c.status), sa.func.count(value), sa.func.coalesce(sa.func.sum(value), 0.0))
         .select_from(a.outerjoin(cur, cur.c.assignment_id == a.c.id).outerjoin(i, i.c.sheet_id == cur.c.id))
         .where(a.c.session_id == session_id, a.c.active).group_by(a.c.id).order_by(a.c.id))
    return pd.DataFrame(fetch(conn, q), columns=SHEET_COLUMNS).astype(
        {"assignment_id": "int64", "application_id": "int64", "expert_id": "int64"}).set_index("assignment_id")


def values(conn: sa.Connection, session_id: str) -> pd.DataFrame:
    """Every value of the current sheets of active assignments, in one narrow query."""
    a, i, cur = t.assignments, t.score_items, current_sheets()
    q = (sa.select(i.c.sheet_id, i.c.item_id, i.c.score, i.c.verdict)
         .select_from(a.join(cur, cur.c.assignment_id == a.c.id).join(i, i.c.sheet_id == cur.c.id))
         .where(a.c.session_id == session_id, a.c.active))
    return pd.DataFrame(fetch(conn, q), columns=["sheet_id", "item_id", "score", "verdict"])


def veto_rows(conn: sa.Connection, session_id: str) -> tuple[list, pd.DataFrame]:
    """Proposals on current submitted sheets (rows), and the chair's latest decision per (application, veto)."""
    a, cur, d = t.assignments, current_sheets(), veto_decisions
    q = (sa.select(a.c.application_id, a.c.id, a.c.expert_id, a.c.part, cur.c.veto_json)
         .join(cur, cur.c.assignment_id == a.c.id)
         .where(a.c.session_id == session_id, a.c.active, cur.c.status == "submitted", cur.c.veto_json != "[]")
         .order_by(a.c.application_id, a.c.id))   # one order on every store (PostgreSQL returns rows as it likes)
    last = sa.select(sa.func.max(d.c.id)).where(d.c.session_id == session_id).group_by(d.c.application_id, d.c.veto_id)
    proposals = conn.execute(q).all()
    decided = conn.execute(sa.select(d.c.application_id, d.c.veto_id, d.c.decision, d.c.reason, d.c.actor,
                                     d.c.decided_at).where(d.c.id.in_(last))
                           .order_by(d.c.application_id, d.c.veto_id)).mappings().all()
    return proposals, pd.DataFrame(decided, columns=["application_id", "veto_id", "decision", "reason", "actor",
                                                     "decided_at"])


def revision_rows(conn: sa.Connection, session_id: str) -> pd.DataFrame:
    """Every sheet revision of revised active assignments with its total and reason."""
    a, s, i = t.assignments, t.score_sheets, t.score_items
    revised = sa.select(s.c.assignment_id).where(s.c.revision > 0)
    q = (sa.select(s.c.assignment_id, s.c.revision, s.c.status, s.c.revision_reason, sa.func.sum(i.c.score).label("total"))
         .join(a, a.c.id == s.c.assignment_id).outerjoin(i, i.c.sheet_id == s.c.id)
         .where(a.c.session_id == session_id, a.c.active, s.c.assignment_id.in_(revised))
         .group_by(s.c.id).order_by(s.c.assignment_id, s.c.revision))
    return pd.DataFrame(conn.execute(q).all(), columns=["assignment_id", "revision", "status", "reason", "total"])


def expert_names(conn: sa.Connection, session_id: str) -> pd.Series:
    rows = conn.execute(sa.select(t.experts.c.id, t.experts.c.name).where(t.experts.c.session_id == session_id)).all()
    return pd.Series({int(i): n for i, n in rows}, dtype="str")
