"""What the facade reads from the store, shaped into the pipeline's frames (pure pandas, no SQL).

Kept apart from the facade so the shaping is testable without a store and the facade stays a thin
layer of queries and role checks.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

#: The confirmed list's public columns (what the public notice reads).
LIST_COLUMNS = ["application_id", "rank", "county", "brand_name", "unit_name", "industry", "material", "site", "combined",
                "conclusion", "reason"]
CONDITIONS = [f"E{n}" for n in range(1, 8)]


def candidates_frame(eligibility: pd.DataFrame, industry: pd.Series) -> pd.DataFrame:
    """The pipeline's candidates from the eligibility frame (E1…E7, status, screened_in) and 行业."""
    failed = eligibility[CONDITIONS].eq("fail")
    names = failed.columns.to_numpy()
    out = eligibility[["county", "brand_name", "unit_name"]].astype("str")
    out["industry"] = industry.reindex(out.index).astype("str")
    out["screened_in"] = eligibility["screened_in"].fillna(False).astype(bool)
    out["eligibility"] = eligibility["status"].astype("str")
    out["failed_conditions"] = pd.array(["、".join(names[row]) for row in failed.to_numpy()], dtype="str")
    out.index.name = "application_id"
    return out


def veto_proposals(rows) -> pd.DataFrame:
    """One row per proposal from (application_id, assignment_id, expert_id, part, veto_json) per sheet."""
    out = [(app, aid, exp, part, p["veto_id"], p.get("reason", "")) for app, aid, exp, part, text in rows
           for p in json.loads(text or "[]")]
    return pd.DataFrame(out, columns=["application_id", "assignment_id", "expert_id", "part", "veto_id", "reason"])


def revisions(sheets: pd.DataFrame) -> pd.DataFrame:
    """Per revised assignment (``sheets``: every revision with assignment_id, revision, status, reason,
    total): the latest revision number, the original (revision 0) total, the current total when
    submitted, and the reason given for the latest revision. Index assignment_id."""
    rows = []
    for aid, g in sheets.sort_values(["assignment_id", "revision"]).groupby("assignment_id"):
        first, last = g.iloc[0], g.iloc[-1]
        rows.append((aid, int(last["revision"]), float(first["total"]),
                     float(last["total"]) if last["status"] == "submitted" else np.nan, str(last["reason"] or "")))
    out = pd.DataFrame(rows, columns=["assignment_id", "revision", "original_total", "current_total", "reason"])
    return out.set_index("assignment_id")


def snapshot_rows(frame: pd.DataFrame) -> list[dict]:
    """The list as JSON-ready rows (stored with a confirmation): the public columns plus reason_en,
    reason_code and tie; NaN → null."""
    f = frame.reset_index()
    out = []
    for r in f[[*LIST_COLUMNS, "reason_en", "reason_code", "tie"]].to_dict("records"):
        out.append({k: (None if (not isinstance(v, str) and pd.isna(v)) else (v.item() if hasattr(v, "item") else v))
                    for k, v in r.items()})
    return out


def snapshot_frame(rows: list[dict], county: str | None = None) -> pd.DataFrame:
    """Stored rows back as a typed frame, public columns first; only ``county``'s rows when given."""
    df = pd.DataFrame(rows)
    df = df.reindex(columns=[*LIST_COLUMNS, *(c for c in df.columns if c not in LIST_COLUMNS)])
    if county is not None:
        df = df[df["county"] == county]
    df = df.astype({"application_id": "int64", "rank": "Int64", "material": float, "site": float, "combined": float})
    for c in ("county", "brand_name", "unit_name", "industry", "conclusion", "reason"):
        df[c] = df[c].astype("str")
    return df.reset_index(drop=True)
