"""From score items to sheets: one row per active assignment with its status and total.

The input is the long table the facade reads in one query: one row per (active assignment, item of
its *current* sheet — the highest revision), with a row of NaN items for an assignment without a
sheet. Columns: assignment_id, expert_id, application_id, part, sheet_id, revision, status,
item_id, score (and optionally verdict).

A sheet counts (``usable``) when it is submitted and scores every item of its part; anything else
makes the candidate incomplete (SPEC §5: never silently ranked).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..config.rubric import Rubric

PARTS = ("material", "site")
#: status of an assignment's current sheet; ``missing``: no sheet at all.
SHEET_STATUSES = ("submitted", "draft", "missing")


def part_items(rubric: Rubric) -> dict[str, tuple[str, ...]]:
    return {"material": tuple(c.id for c in rubric.criteria), "site": tuple(i.id for i in rubric.site_items)}


def part_maxima(rubric: Rubric) -> dict[str, float]:
    return {"material": float(rubric.material_max), "site": float(rubric.site_max)}


def sheet_table(long: pd.DataFrame, rubric: Rubric) -> pd.DataFrame:
    """One row per active assignment (index assignment_id): application_id, part, expert_id, sheet_id,
    revision, status, n_items, total (NaN unless usable), usable."""
    items = part_items(rubric)
    known = long["item_id"].isin({i for ids in items.values() for i in ids})
    scored = long["score"].where(known)
    keys = long["assignment_id"].to_numpy()
    codes, uniques = pd.factorize(keys, sort=True)
    n = len(uniques)
    first = np.full(n, -1)
    first[codes[::-1]] = np.arange(len(keys))[::-1]
    head = long.iloc[first] if n else long.iloc[:0]
    present = scored.notna().to_numpy()
    total = np.bincount(codes, weights=np.where(present, scored.to_numpy(dtype=float, na_value=np.nan), 0.0), minlength=n)
    out = pd.DataFrame({
        "application_id": head["application_id"].to_numpy("int64"),
        "part": head["part"].to_numpy(),
        "expert_id": head["expert_id"].to_numpy("int64"),
        "sheet_id": head["sheet_id"].to_numpy(),
        "revision": head["revision"].to_numpy(),
        "status": head["status"].to_numpy(),
        "n_items": np.bincount(codes, weights=present, minlength=n).astype("int64"),
        "total": total,
    }, index=pd.Index(uniques.astype("int64"), name="assignment_id"))
    return finish_sheets(out, rubric)


def finish_sheets(sheets: pd.DataFrame, rubric: Rubric) -> pd.DataFrame:
    """Type the sheet table and decide ``usable`` (submitted and every item of its part scored); the
    total of a sheet that is not usable is NaN. Input columns: application_id, part, expert_id,
    sheet_id, revision, status (NaN = no sheet), n_items (values of the part's items), total."""
    out = sheets.copy()
    out["part"] = out["part"].astype("str")
    out["sheet_id"] = pd.array(out["sheet_id"], dtype="Int64")
    out["revision"] = pd.array(out["revision"], dtype="Int64")
    out["status"] = out["status"].astype(object).where(out["status"].notna(), "missing").astype("str")
    out["n_items"] = out["n_items"].fillna(0).astype("int64")
    expected = out["part"].map({p: len(ids) for p, ids in part_items(rubric).items()}).fillna(-1).astype("int64")
    out["usable"] = (out["status"] == "submitted").to_numpy() & (out["n_items"] == expected).to_numpy()
    out["total"] = np.where(out["usable"], out["total"].astype(float), np.nan)
    return out


def criterion_scores(long: pd.DataFrame, sheets: pd.DataFrame) -> pd.DataFrame:
    """Item scores of usable sheets only: application_id, expert_id, part, item_id, score."""
    usable = sheets.index[sheets["usable"].to_numpy()]
    rows = long[long["assignment_id"].isin(usable) & long["score"].notna()]
    return rows[["application_id", "expert_id", "part", "item_id", "score"]].reset_index(drop=True)
