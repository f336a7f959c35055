"""第十二条 相关专家: with the session setting, each material panel gets at least one expert
of the candidate's 行业 whenever the candidate's eligible experts include one; the rule is recorded
(panel-draw/2) and ``verify`` re-derives it from the snapshot. Without it, draws are those of panel-draw/1."""
from __future__ import annotations

import numpy as np

from panel_toolkit.panel.conflicts import ConflictRules
from panel_toolkit.panel.draw import ALGORITHM, ALGORITHM_RELATED, draw, triples
from panel_toolkit.panel.record import DrawInputs
from panel_toolkit.panel.verify import verify

TRADES = ("家政服务", "建筑", "餐饮", "农业")


def inputs_of(make_realistic, related: bool, seed: int = 5):
    cands, experts = make_realistic(40, 24, seed=seed)
    cands = cands.assign(industry=[TRADES[i % 4] for i in range(len(cands))])
    cands.loc[cands.index[-1], "industry"] = "非遗手工"              # nobody in the pool has this trade
    pool = experts.assign(name=[f"专家{i}" for i in experts.index], title="高级",
                          field=["家政服务、餐饮" if i % 6 == 0 else TRADES[(i * 7) % 4] for i in range(len(experts))])
    return DrawInputs.of(pool, cands, [], ConflictRules(), related=related), cands


def run(inputs, seed=7):
    m = inputs.matrix()
    return draw(m.application_ids, m.expert_ids, m.codes, 5, 3, seed, inputs.related())


def test_each_material_panel_has_an_expert_of_the_candidate_s_industry(make_realistic):
    inputs, cands = inputs_of(make_realistic, related=True)
    rel, m = inputs.related(), inputs.matrix()
    out = run(inputs)
    assert out.feasible
    col = {int(e): j for j, e in enumerate(m.expert_ids)}
    covered = 0
    for i, app in enumerate(m.application_ids):
        panel = out.assignments.query("application_id == @app and part == 'material'")["expert_id"]
        available = (rel[i] & (m.codes[i] == 0)).any()
        has = any(rel[i, col[int(e)]] for e in panel)
        assert has == bool(available), app        # "when the pool has one"
        covered += has
    assert covered == len(m.application_ids) - 1  # all but the 非遗手工 candidate


def test_without_the_setting_the_draw_is_the_earlier_one(make_realistic):
    with_rule, _ = inputs_of(make_realistic, related=False)
    assert with_rule.related() is None and "industry" not in with_rule.candidates[0]
    m = with_rule.matrix()
    assert run(with_rule).sha256 == draw(m.application_ids, m.expert_ids, m.codes, 5, 3, 7).sha256


def record_of(inputs, out, algorithm):
    return {"id": 1, "seed": 7, "per_candidate": 5, "site_team": 3, "algorithm": algorithm,
            "pool_sha256": inputs.pool_sha256, "candidates_sha256": inputs.candidates_sha256,
            "conflicts_sha256": inputs.conflicts_sha256, "result_sha256": out.sha256,
            "snapshot": {**inputs.as_dict(), "result": triples(out.assignments)}}


def test_verify_re_derives_the_related_rule(make_realistic):
    inputs, _ = inputs_of(make_realistic, related=True)
    out = run(inputs)
    rec = record_of(inputs, out, ALGORITHM_RELATED)
    assert verify(rec, inputs).consistent
    assert not verify({**rec, "algorithm": ALGORITHM}, inputs).reproducible      # the rule is part of the record
    plain = DrawInputs.from_dict({**inputs.as_dict(), "rules": {"same_employer": True, "same_county": True}})
    assert not verify(rec, plain).consistent                                     # a rule change is named
    assert not np.array_equal(out.assignments.to_numpy(), run(plain).assignments.to_numpy())
