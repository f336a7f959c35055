"""Queries of the public notice (公示) and its objections (异议)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from .. import schema as t
from ..tables.notice import notices, objection_steps, objections

#: China Standard Time (no daylight saving): the day an objection arrives is the day in China.
CHINA = dt.timezone(dt.timedelta(hours=8), "CST")


def latest_notice(conn: sa.Connection, session_id: str):
    q = sa.select(notices).where(notices.c.session_id == session_id).order_by(notices.c.id.desc()).limit(1)
    return conn.execute(q).mappings().first()

# == objections (异议) ======================================================================


def objections_of(conn: sa.Connection, session_id: str) -> pd.DataFrame:
    """Every objection of the session with its latest state (registered, investigating, decided) and the
    decision, times in China."""
    o, s, a = objections, objection_steps, t.applications
    rows = conn.execute(sa.select(o, a.c.brand_name, a.c.unit_name).join(a, a.c.id == o.c.application_id)
                        .where(o.c.session_id == session_id).order_by(o.c.id)).mappings().all()
    steps = conn.execute(sa.select(s).join(o, o.c.id == s.c.objection_id).where(o.c.session_id == session_id)
                         .order_by(s.c.id)).mappings().all()
    cols = ["application_id", "brand_name", "unit_name", "objector_name", "objector_contact", "received_at",
            "received_on", "late", "content", "status", "investigation", "decision", "decision_reason",
            "decided_by", "decided_at"]
    out = {r["id"]: {**{k: r.get(k) for k in cols}, "status": "open", "investigation": "", "decision": None,
                     "decision_reason": "", "decided_by": "", "decided_at": None} for r in rows}
    for st in steps:
        rec = out[st["objection_id"]]
        if st["step"] == "investigating":
            rec["status"] = "investigating"
            rec["investigation"] = "\n".join(filter(None, [rec["investigation"], st["note"]]))
        else:
            rec.update(status="decided", decision=st["decision"], decision_reason=st["note"],
                       decided_by=st["actor"], decided_at=st["at"])
    df = pd.DataFrame.from_dict(out, orient="index", columns=cols).rename_axis("objection_id")
    df["received_at"] = pd.to_datetime(df["received_at"], utc=True).dt.tz_convert(CHINA)
    df["decided_at"] = pd.to_datetime(df["decided_at"], utc=True).dt.tz_convert(CHINA)
    df["late"] = df["late"].astype(bool)
    return df
