"""Factories for the aggregation's pure tests: hand-written sheet tables and candidates, and a seeded
synthetic long table from :mod:`panel_toolkit.demo.scores` (no store)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from panel_toolkit.aggregation.pipeline import Inputs
from panel_toolkit.aggregation.totals import finish_sheets, part_items
from panel_toolkit.config.rubric import bundled_rubrics_dir, load_rubric
from panel_toolkit.demo.scores import synthetic_scores


@pytest.fixture(scope="session")
def rubric():
    return load_rubric(bundled_rubrics_dir() / "yingkou-2023-default.yaml")


@pytest.fixture
def sheets(rubric):
    """``sheets({app: {"material": [totals], "site": [totals]}}, experts=None)``: a sheet table by hand.

    A total is a number (a submitted, complete sheet), "draft" or "missing". Experts are numbered
    1, 2, … in list order unless ``experts={app: {part: [ids]}}`` is given."""
    expected = {p: len(ids) for p, ids in part_items(rubric).items()}

    def make(spec: dict, experts: dict | None = None) -> pd.DataFrame:
        rows, aid = [], 0
        for app, parts in spec.items():
            for part, totals in parts.items():
                ids = (experts or {}).get(app, {}).get(part) or list(range(1, len(totals) + 1))
                for expert, total in zip(ids, totals, strict=True):
                    aid += 1
                    status = total if isinstance(total, str) else "submitted"
                    rows.append(dict(assignment_id=aid, application_id=app, part=part, expert_id=expert,
                                     sheet_id=None if status == "missing" else aid, revision=0 if status != "missing" else None,
                                     status=None if status == "missing" else status,
                                     n_items=expected[part] if status == "submitted" else 3,
                                     total=float(total) if status == "submitted" else 10.0))
        df = pd.DataFrame(rows).set_index("assignment_id")
        return finish_sheets(df, rubric)

    return make


@pytest.fixture
def candidates():
    """``candidates(ids, ineligible={id: "E4"}, screened_out=[ids])``: the candidates frame."""

    def make(ids, ineligible: dict | None = None, screened_out=(), counties: dict | None = None) -> pd.DataFrame:
        ineligible = ineligible or {}
        df = pd.DataFrame({
            "county": [(counties or {}).get(i, "盖州市") for i in ids],
            "brand_name": [f"品牌{i}" for i in ids], "unit_name": [f"单位{i}" for i in ids],
            "industry": ["家政服务"] * len(ids),
            "screened_in": [i not in screened_out for i in ids],
            "eligibility": ["fail" if i in ineligible else "pass" for i in ids],
            "failed_conditions": [ineligible.get(i, "") for i in ids]}, index=pd.Index(ids, name="application_id"))
        for c in ("county", "brand_name", "unit_name", "industry", "eligibility", "failed_conditions"):
            df[c] = df[c].astype("str")
        return df

    return make


@pytest.fixture
def inputs(rubric, sheets, candidates):
    """``inputs(spec, **kw)``: Inputs over ``sheets(spec)`` with every application of the spec a candidate."""

    def make(spec: dict, *, panels=None, ineligible=None, screened_out=(), extra=(), **kw) -> Inputs:
        ids = sorted({*spec, *extra})
        return Inputs(sheets=sheets(spec, panels), candidates=candidates(ids, ineligible, screened_out),
                      rubric=kw.pop("rubric", rubric), **kw)

    return make


@pytest.fixture
def synthetic(rubric):
    """``synthetic(n_apps, n_experts, seed)``: a crossed long table (every expert scores every candidate)."""

    def make(n_apps: int = 20, n_experts: int = 5, seed: int = 7) -> pd.DataFrame:
        a = pd.DataFrame([(app, part, e) for app in range(1, n_apps + 1) for part in ("material", "site")
                          for e in range(1, n_experts + 1)], columns=["application_id", "part", "expert_id"])
        a.index = pd.Index(np.arange(1, len(a) + 1), name="assignment_id")
        values = synthetic_scores(a, rubric, seed)
        long = values.join(a, on="assignment_id")
        long["sheet_id"] = long["assignment_id"]
        long["revision"] = 0
        long["status"] = "submitted"
        return long

    return make
