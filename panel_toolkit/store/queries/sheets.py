"""Queries of score sheets: the current sheet (highest revision) of assignments, their values, the upsert of
values a save writes."""
from __future__ import annotations

import sqlalchemy as sa

from ...sheets.rules import Entry
from .. import schema as t


def current(conn: sa.Connection, assignment_id: int):
    s = t.score_sheets
    return conn.execute(sa.select(s).where(s.c.assignment_id == assignment_id)
                        .order_by(s.c.revision.desc()).limit(1)).mappings().first()


def current_many(conn: sa.Connection, assignment_ids: list[int]) -> dict[int, dict]:
    if not assignment_ids:
        return {}
    s = t.score_sheets
    top = (sa.select(s.c.assignment_id, sa.func.max(s.c.revision).label("revision"))
           .where(s.c.assignment_id.in_(assignment_ids)).group_by(s.c.assignment_id).subquery())
    q = sa.select(s).join(top, sa.and_(top.c.assignment_id == s.c.assignment_id, top.c.revision == s.c.revision))
    return {r["assignment_id"]: dict(r) for r in conn.execute(q).mappings()}


def entries_many(conn: sa.Connection, sheet_ids: list[int]) -> dict[int, dict[str, Entry]]:
    out: dict[int, dict[str, Entry]] = {}
    if not sheet_ids:
        return out
    i = t.score_items
    for r in conn.execute(sa.select(i).where(i.c.sheet_id.in_(sheet_ids))).mappings():
        out.setdefault(r["sheet_id"], {})[r["item_id"]] = Entry(r["score"], r["verdict"], r["comment"] or "")
    return out


def upsert_items(conn: sa.Connection, sheet_id: int, entries: dict[str, Entry]) -> None:
    if not entries:
        return
    i = t.score_items
    rows = [dict(sheet_id=sheet_id, item_id=k, score=e.score, verdict=e.verdict, comment=e.comment)
            for k, e in entries.items()]
    if conn.dialect.name == "sqlite":   # one statement: the write lock is held for less time
        from sqlalchemy.dialects.sqlite import insert

        stmt = insert(i)
        conn.execute(stmt.on_conflict_do_update(index_elements=[i.c.sheet_id, i.c.item_id], set_={
            "score": stmt.excluded.score, "verdict": stmt.excluded.verdict, "comment": stmt.excluded.comment}), rows)
        return
    have = set(conn.execute(sa.select(i.c.item_id).where(i.c.sheet_id == sheet_id,
                                                         i.c.item_id.in_(list(entries)))).scalars())
    if [r for r in rows if r["item_id"] not in have]:
        conn.execute(i.insert(), [r for r in rows if r["item_id"] not in have])
    for r in rows:
        if r["item_id"] in have:
            conn.execute(i.update().where(i.c.sheet_id == sheet_id, i.c.item_id == r["item_id"])
                         .values(score=r["score"], verdict=r["verdict"], comment=r["comment"]))
