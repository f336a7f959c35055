"""The proposed list end to end on hand-written sheets: trimming with 4 and 5 sheets, a veto, an
ineligible, a screened-out and an incomplete candidate, flags naming the expert, revisions."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from panel_toolkit.aggregation import aggregate, inputs_sha256
from panel_toolkit.aggregation.pipeline import check_confirmable
from panel_toolkit.errors import InvalidState

SPEC = {
    # 1: 5 material sheets → trimmed: drop 60 and 100 → (70 + 80 + 90)/3 = 80; site mean (90 + 80 + 70)/3 = 80
    #    combined 0.6·80 + 0.4·80 = 80 → rank 2
    1: {"material": [60, 70, 80, 90, 100], "site": [90, 80, 70]},
    # 2: exactly 4 material sheets → plain mean (60 + 70 + 80 + 100)/4 = 77.5; site 90 → 46.5 + 36 = 82.5 → rank 1
    2: {"material": [60, 70, 80, 100], "site": [90, 90, 90]},
    # 3: 70 and 60 → 42 + 24 = 66 < 70 → not proposed
    3: {"material": [70, 70, 70, 70, 70], "site": [60, 60, 60]},
    # 4: a confirmed veto → excluded even with high scores
    4: {"material": [95, 95, 95, 95, 95], "site": [95, 95, 95]},
    # 5: one sheet still a draft, one missing → incomplete
    5: {"material": [80, 80, 80, "draft", 80], "site": [80, "missing", 80]},
}


@pytest.fixture
def list_inputs(inputs):
    decisions = pd.DataFrame([dict(application_id=4, veto_id="V1", decision="confirmed", reason="台账与抽查不符")])
    proposals = pd.DataFrame([dict(application_id=4, assignment_id=21, expert_id=1, part="site", veto_id="V1", reason="抽查不属实"),
                              dict(application_id=3, assignment_id=15, expert_id=2, part="site", veto_id="V2", reason="有未了结纠纷")])
    return inputs(SPEC, ineligible={6: "E4、E5"}, screened_out=(7,), extra=(6, 7), veto_decisions=decisions,
                  veto_proposals=proposals, experts=pd.Series({1: "张伟", 2: "王芳", 3: "李娜", 4: "刘洋", 5: "陈静"}))


def test_the_list_by_hand(list_inputs):
    r = aggregate(list_inputs)
    f = r.to_frame()
    assert r.method == "trimmed_mean"
    assert f.loc[1, "material"] == 80 and f.loc[1, "trimmed_material"] and f.loc[1, "n_material"] == 5
    assert f.loc[2, "material"] == 77.5 and not f.loc[2, "trimmed_material"] and f.loc[2, "n_material"] == 4
    assert f.loc[2, "combined"] == pytest.approx(82.5) and f.loc[1, "combined"] == pytest.approx(80)
    assert f.loc[[2, 1, 3], "rank"].tolist() == [1, 2, 3]
    assert f.loc[[1, 2, 3], "conclusion"].tolist() == ["proposed", "proposed", "not_proposed"]
    assert f.loc[4, "conclusion"] == "excluded" and f.loc[4, "reason_code"] == "veto"
    assert "一票否决：V1 材料弄虚作假（第二十条(四)），台账与抽查不符" == f.loc[4, "reason"]
    assert f.loc[5, "conclusion"] == "incomplete" and pd.isna(f.loc[5, "rank"])
    assert f.loc[5, "reason"] == "评审未完成：资料评审 1 份未提交；实地核查缺 1 份评分表"
    assert f.loc[6, "reason"] == "资格审查未通过（第八条）：E4、E5" and f.loc[6, "reason_code"] == "ineligible"
    assert f.loc[7, "reason_code"] == "screened_out"
    assert r.summary() == {"proposed": 2, "not_proposed": 1, "excluded": 3, "incomplete": 1}
    assert f.index.tolist() == [2, 1, 3, 5, 4, 6, 7]       # ranked, then incomplete, then excluded


def test_incomplete_part_has_no_score_but_the_other_part_does(inputs):
    r = aggregate(inputs({1: {"material": [80, 80, 80, 80, 80], "site": [70, "draft", 70]}}))
    f = r.to_frame()
    assert f.loc[1, "material"] == 80 and np.isnan(f.loc[1, "site"]) and np.isnan(f.loc[1, "combined"])


def test_flags_name_the_expert_and_list_everything_to_decide(list_inputs):
    flags = aggregate(list_inputs).flags.to_frame()
    dis = flags[flags["kind"] == "disagreement"]
    # candidate 1 material: part score 80; 60 (expert 1) is −20 and 100 (expert 5) +20; 70 and 90 are within 15.
    # candidate 2 material: 77.5; 100 (expert 4) is +22.5, 60 (expert 1) −17.5.
    assert sorted(zip(dis["application_id"], dis["expert_id"], dis["value"])) == [(1, 1, -20), (1, 5, 20), (2, 1, -17.5), (2, 4, 22.5)]
    assert "专家 张伟（1） 的资料评审总分 60.00 与该部分得分 80.00 相差 -20.00 分，超过 15 分" in dis["detail"].tolist()
    kinds = flags.groupby("kind").size().to_dict()
    assert kinds["unsubmitted_sheet"] == 1 and kinds["missing_sheet"] == 1
    pending = flags[flags["kind"] == "proposed_veto"]
    assert pending["application_id"].tolist() == [3] and "V2" in pending["detail"].iloc[0]   # 4's V1 is decided
    assert kinds["small_panel"] == 1 and flags.loc[flags["kind"] == "small_panel", "application_id"].tolist() == [2]
    assert "low_reliability" not in kinds


def test_the_disagreement_threshold_is_strict(inputs):
    # part score 80 (mean of 65, 95 and 80); 65 and 95 are exactly 15 away: not beyond the threshold
    flags = aggregate(inputs({1: {"material": [65, 95, 80], "site": [80, 80, 80]}}), "mean").flags.to_frame()
    assert "disagreement" not in set(flags["kind"])
    flags = aggregate(inputs({1: {"material": [64.5, 95.5, 80], "site": [80, 80, 80]}}), "mean").flags.to_frame()
    assert (flags["kind"] == "disagreement").sum() == 2


def test_every_method_gives_its_own_list(list_inputs):
    f = {m: aggregate(list_inputs, m).to_frame() for m in ("mean", "median", "trimmed_mean", "zscore")}
    assert f["mean"].loc[1, "material"] == 80 and f["median"].loc[2, "material"] == 75
    assert f["median"].loc[2, "combined"] == pytest.approx(0.6 * 75 + 0.4 * 90)
    assert f["zscore"].loc[1, "material"] != f["mean"].loc[1, "material"]


def test_a_tie_is_flagged_for_the_chair(inputs):
    r = aggregate(inputs({1: {"material": [80] * 5, "site": [90] * 3}, 2: {"material": [80] * 5, "site": [90] * 3}}))
    assert r.to_frame()["rank"].tolist() == [1, 1]
    assert r.flags.to_frame()["kind"].tolist().count("tie") == 2


def test_low_reliability_is_flagged(inputs):
    # the experts disagree far more than the candidates differ (means 50, 50.67, 49.67): ICC < 0, "poor"
    spec = {1: {"material": [60, 40, 50], "site": [50, 60, 70]}, 2: {"material": [40, 60, 52], "site": [60, 70, 80]},
            3: {"material": [50, 50, 49], "site": [70, 80, 90]}}
    flags = aggregate(inputs(spec)).flags.to_frame()
    low = flags[flags["kind"] == "low_reliability"]
    assert low["part"].tolist() == ["material"] and "Koo & Li 2016" in low["detail"].iloc[0]


def test_confirmation_is_refused_while_something_is_open(list_inputs, inputs):
    with pytest.raises(InvalidState) as e:
        check_confirmable(aggregate(list_inputs))
    assert "1 个候选对象评审未完成，1 项一票否决待主席确认或驳回" in e.value.zh
    check_confirmable(aggregate(inputs({1: {"material": [80] * 5, "site": [80] * 3}})))


def test_inputs_hash_changes_with_any_score(synthetic, candidates, rubric):
    from panel_toolkit.aggregation.pipeline import Inputs

    long = synthetic(n_apps=4, n_experts=5)
    a = Inputs.from_long(long, candidates([1, 2, 3, 4]), rubric)
    assert inputs_sha256(a) == inputs_sha256(Inputs.from_long(long.copy(), candidates([1, 2, 3, 4]), rubric))
    changed = long.copy()
    changed.loc[changed.index[0], "score"] += 0.5
    assert inputs_sha256(a) != inputs_sha256(Inputs.from_long(changed, candidates([1, 2, 3, 4]), rubric))
    assert len(inputs_sha256(a)) == 64


def test_from_long_totals_match_the_items(synthetic, candidates, rubric):
    from panel_toolkit.aggregation.pipeline import Inputs

    long = synthetic(n_apps=3, n_experts=5)
    i = Inputs.from_long(long, candidates([1, 2, 3]), rubric)
    expected = long.groupby("assignment_id")["score"].sum()
    assert i.sheets["usable"].all() and np.allclose(i.sheets["total"], expected.loc[i.sheets.index])
    dropped = long[~((long["assignment_id"] == 1) & (long["item_id"] == "A1"))]
    s = Inputs.from_long(dropped, candidates([1, 2, 3]), rubric).sheets
    assert not s.loc[1, "usable"] and np.isnan(s.loc[1, "total"])      # a sheet missing a value is not usable
