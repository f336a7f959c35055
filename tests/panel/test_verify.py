"""Verifying a draw from its record: reproducible, and every change of the inputs named."""
from __future__ import annotations

import copy

import pytest

from panel_toolkit.panel.conflicts import ConflictRules
from panel_toolkit.panel.draw import ALGORITHM, draw, triples
from panel_toolkit.panel.record import DrawInputs, canonical_sha256
from panel_toolkit.panel.verify import verify


def pool_frame(experts):
    df = experts.copy()
    df["name"] = [f"专家{i}" for i in df.index]
    df["field"], df["title"] = "家政服务", "副教授"
    return df


@pytest.fixture
def record(make_realistic):
    cands, experts = make_realistic(40, 20, seed=5)
    inputs = DrawInputs.of(pool_frame(experts), cands, [(1, 2)], ConflictRules())
    m = inputs.matrix()
    out = draw(m.application_ids, m.expert_ids, m.codes, 5, 3, 99)
    rec = {"id": 1, "seed": 99, "per_candidate": 5, "site_team": 3, "algorithm": ALGORITHM,
           "pool_sha256": inputs.pool_sha256, "candidates_sha256": inputs.candidates_sha256,
           "conflicts_sha256": inputs.conflicts_sha256, "result_sha256": out.sha256,
           "snapshot": {**inputs.as_dict(), "result": triples(out.assignments)}}
    return rec, inputs, cands, experts


def test_the_matrix_of_a_snapshot_is_the_matrix_of_the_frames(make_realistic):
    from panel_toolkit.panel.conflicts import conflict_matrix

    cands, experts = make_realistic(30, 12, seed=2)
    cands = cands.iloc[::-1]                     # order and gaps in ids must not matter
    experts = experts.drop(index=[3, 7])
    inputs = DrawInputs.of(pool_frame(experts), cands, [(5, 4)], ConflictRules())
    direct = conflict_matrix(cands.sort_index(), experts, [(5, 4)])
    assert (inputs.matrix().codes == direct.codes).all()
    assert DrawInputs.from_dict(inputs.as_dict()) == inputs


def test_unchanged_inputs_are_consistent(record):
    rec, inputs, *_ = record
    result = verify(rec, inputs)
    assert result.consistent and result.reproducible and not result.changes
    assert "一致" in result.message() and "consistent" in result.message("en")


def test_a_changed_pool_is_named(record):
    rec, _, cands, experts = record
    pool = pool_frame(experts)
    pool.loc[4, "employer"] = "新单位"
    pool = pool.drop(index=6)
    pool.loc[99] = {"employer": "学院1", "employer_credit_code": None, "county": "市外", "name": "新专家",
                    "field": "建筑", "title": "教授"}
    result = verify(rec, DrawInputs.of(pool, cands, [(1, 2)], ConflictRules()))
    assert not result.consistent and result.reproducible
    kinds = {(c.what, c.kind, c.target) for c in result.changes}
    assert {("expert", "added", "99"), ("expert", "removed", "6"), ("expert", "changed", "4")} <= kinds
    assert result.hashes["pool"][0] != result.hashes["pool"][1]
    assert any(c.what == "panel" for c in result.changes)            # expert 6's panels would differ
    assert "新增专家 99 新专家" in result.message() and "工作单位" in result.message()


def test_changed_candidates_and_conflicts_are_named(record):
    rec, _, cands, experts = record
    cands = cands.drop(index=3)
    result = verify(rec, DrawInputs.of(pool_frame(experts), cands, [(1, 2), (2, 5)], ConflictRules(same_county=False)))
    kinds = {(c.what, c.kind, c.target) for c in result.changes}
    assert {("candidate", "removed", "3"), ("conflict", "added", "2-5"), ("rule", "changed", "same_county")} <= kinds


def test_a_tampered_record_is_not_reproducible(record):
    rec, inputs, *_ = record
    forged = copy.deepcopy(rec)
    a, p, e = forged["snapshot"]["result"][0]
    forged["snapshot"]["result"][0] = [a, p, e + 1000]
    forged["result_sha256"] = canonical_sha256(forged["snapshot"]["result"])
    result = verify(forged, inputs)
    assert not result.reproducible and not result.consistent
    assert "无法得到记录的结果" in result.message()


def test_the_chairs_changes_are_listed_apart(record):
    rec, inputs, *_ = record
    import pandas as pd

    active = pd.DataFrame(rec["snapshot"]["result"], columns=["application_id", "part", "expert_id"])
    active.loc[0, "expert_id"] = 777
    result = verify(rec, inputs, active)
    assert result.consistent and len(result.adjustments) == 1
    assert "主席调整 1 处" in result.message()


def test_a_pool_that_can_no_longer_cover_is_reported(record):
    rec, _, cands, experts = record
    pool = pool_frame(experts).iloc[:4]                  # 4 experts left: nobody gets 5
    result = verify(rec, DrawInputs.of(pool, cands, [(1, 2)], ConflictRules()))
    assert not result.consistent and result.shortfalls
    assert result.hashes["result"][1] == ""
    assert "按今天的数据无法抽足" in result.message() and "could not be covered today" in result.message("en")
