"""Queries of the expert panel: the pool, the applications as the conflict rules read them, declared conflicts,
assignments."""
from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from ...panel.pool import EXPERT_KEYS
from .. import schema as t
from .. import utcnow


def experts(conn: sa.Connection, session_id: str, ids=None) -> pd.DataFrame:
    """The session's pool (index = expert id), every field as text; only ``ids`` when given."""
    e = t.experts
    q = sa.select(e).where(e.c.session_id == session_id).order_by(e.c.id)
    if ids is not None:
        q = q.where(e.c.id.in_([int(i) for i in ids]))
    df = pd.DataFrame(conn.execute(q).mappings().all(), columns=[c.name for c in e.c])
    df = df.set_index("id").drop(columns=["session_id"])
    for k in EXPERT_KEYS:
        df[k] = df[k].astype("str")
    return df


def expert(conn: sa.Connection, session_id: str, expert_id: int):
    return conn.execute(sa.select(t.experts).where(t.experts.c.session_id == session_id,
                                                   t.experts.c.id == int(expert_id))).mappings().first()


def conflict_fields(conn: sa.Connection, session_id: str, ids) -> pd.DataFrame:
    """The applications' fields the conflict rules read (unit, credit code, county, industry), index = id."""
    a = t.applications
    q = (sa.select(a.c.id, a.c.unit_name, a.c.credit_code, a.c.county, a.c.industry)
         .where(a.c.session_id == session_id, a.c.id.in_([int(i) for i in ids])).order_by(a.c.id))
    df = pd.DataFrame(conn.execute(q).mappings().all(), columns=["id", "unit_name", "credit_code", "county", "industry"])
    df["industry"] = df["industry"].fillna("")
    return df.set_index("id").astype("str")


def declared(conn: sa.Connection, session_id: str) -> list[tuple[int, int]]:
    dc = t.declared_conflicts
    return [(int(r.expert_id), int(r.application_id)) for r in
            conn.execute(sa.select(dc.c.expert_id, dc.c.application_id).where(dc.c.session_id == session_id))]


def assigned_applications(conn: sa.Connection, session_id: str, expert_id: int) -> list[int]:
    """The applications an expert has an active assignment for."""
    a = t.assignments
    return sorted({int(r) for r in conn.execute(sa.select(a.c.application_id).where(
        a.c.session_id == session_id, a.c.expert_id == int(expert_id), a.c.active)).scalars()})


def active_assignments(conn: sa.Connection, session_id: str, expert_id: int, application_id: int,
                       part: str | None = None) -> list[int]:
    a = t.assignments
    q = sa.select(a.c.id).where(a.c.session_id == session_id, a.c.expert_id == int(expert_id),
                                a.c.application_id == int(application_id), a.c.active)
    if part is not None:
        q = q.where(a.c.part == part)
    return [int(i) for i in conn.execute(q).scalars()]


def application(conn: sa.Connection, session_id: str, application_id: int, where=sa.true()):
    a = t.applications
    return conn.execute(sa.select(a).where(a.c.session_id == session_id, a.c.id == int(application_id), where)
                        ).mappings().first()


def active_count(conn: sa.Connection, session_id: str) -> int:
    a = t.assignments
    return int(conn.execute(sa.select(sa.func.count()).where(a.c.session_id == session_id, a.c.active)).scalar())


def sheet_count(conn: sa.Connection, session_id: str) -> int:
    a, s = t.assignments, t.score_sheets
    return int(conn.execute(sa.select(sa.func.count()).select_from(s.join(a, a.c.id == s.c.assignment_id))
                            .where(a.c.session_id == session_id)).scalar())


def deactivate_all(conn: sa.Connection, session_id: str) -> int:
    a = t.assignments
    return conn.execute(a.update().where(a.c.session_id == session_id, a.c.active).values(active=False)).rowcount


def store_assignments(conn: sa.Connection, session_id: str, result: list[list]) -> None:
    """Insert the drawn assignments; a pair drawn before (now inactive) is reactivated, since
    (expert, application, part) is unique."""
    a = t.assignments
    old = {(r.application_id, r.part, r.expert_id): r.id for r in conn.execute(
        sa.select(a.c.id, a.c.application_id, a.c.part, a.c.expert_id).where(a.c.session_id == session_id))}
    now = utcnow()
    rows = [dict(session_id=session_id, application_id=app, part=part, expert_id=exp, active=True, created_at=now)
            for app, part, exp in result if (app, part, exp) not in old]
    again = [old[(app, part, exp)] for app, part, exp in result if (app, part, exp) in old]
    if rows:
        conn.execute(a.insert(), rows)
    if again:
        conn.execute(a.update().where(a.c.id.in_(again)).values(active=True))
