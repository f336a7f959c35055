"""回避: the conflict matrix, each excluded pair with its reasons (SPEC §5, session settings)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from panel_toolkit.panel.conflicts import (COUNTY, DECLARED, EMPLOYER_CODE, EMPLOYER_NAME, ConflictRules,
                                           conflict_matrix, reason_labels)


def test_each_ground_with_its_reason(candidates, experts):
    m = conflict_matrix(candidates, experts, declared=[(9, 13)])
    assert m.code(11, 7) == EMPLOYER_NAME
    assert m.code(12, 3) == EMPLOYER_CODE
    assert m.code(12, 5) == COUNTY
    assert m.code(13, 9) == DECLARED
    assert m.code(11, 9) == m.code(12, 9) == 0          # 市外: never a county conflict
    assert int(m.excluded.sum()) == 4
    pairs = m.pairs().set_index(["application_id", "expert_id"])["reasons"].to_dict()
    assert pairs == {(11, 7): "同单位(名称)", (12, 3): "同单位(信用代码)", (12, 5): "同县(市)区", (13, 9): "申报回避"}


def test_rows_and_columns_follow_the_ids_not_the_positions(candidates, experts):
    """Ids are not 0..n-1 and experts are not sorted: every mask lands on its own pair."""
    m = conflict_matrix(candidates, experts)
    assert list(m.application_ids) == [11, 12, 13] and list(m.expert_ids) == [7, 3, 5, 9]
    assert m.codes[1, 2] == COUNTY and m.codes[0, 0] == EMPLOYER_NAME


def test_names_compare_after_normalising(candidates, experts):
    experts.loc[5, "employer"] = "营口 渔家嫂家政服务有限公司"
    candidates.loc[11, "unit_name"] = "营口渔家嫂家政服务有限公司"
    experts.loc[7, "employer"] = "ＸＹＺ公司"                       # full-width
    candidates.loc[13, "unit_name"] = "xyz公司"
    m = conflict_matrix(candidates, experts)
    assert m.code(11, 5) & EMPLOYER_NAME
    assert m.code(13, 7) == EMPLOYER_NAME


def test_several_reasons_on_one_pair(candidates, experts):
    experts.loc[5, "employer"] = candidates.loc[12, "unit_name"]
    experts.loc[5, "employer_credit_code"] = candidates.loc[12, "credit_code"]
    m = conflict_matrix(candidates, experts, declared=[(5, 12)])
    code = m.code(12, 5)
    assert code == EMPLOYER_NAME | EMPLOYER_CODE | COUNTY | DECLARED
    assert reason_labels(code) == ["同单位(名称)", "同单位(信用代码)", "同县(市)区", "申报回避"]
    assert reason_labels(code, "en")[0] == "same employer (name)"


def test_rules_from_the_session_turn_grounds_off(candidates, experts):
    m = conflict_matrix(candidates, experts, declared=[(9, 13)], rules=ConflictRules(same_employer=True, same_county=False))
    assert m.code(12, 5) == 0 and m.code(11, 7) == EMPLOYER_NAME
    m = conflict_matrix(candidates, experts, declared=[(9, 13)], rules=ConflictRules(same_employer=False, same_county=False))
    assert m.code(11, 7) == 0 and m.code(12, 3) == 0
    assert m.code(13, 9) == DECLARED                      # a declared conflict always counts


def test_missing_values_never_match(candidates, experts):
    experts["employer_credit_code"] = None
    candidates.loc[12, "credit_code"] = ""
    m = conflict_matrix(candidates, experts)
    assert not (m.codes & EMPLOYER_CODE).any()


def test_declared_pairs_outside_the_matrix_are_ignored(candidates, experts):
    m = conflict_matrix(candidates, experts, declared=[(999, 11), (7, 999)])
    assert not (m.codes & DECLARED).any()


def test_reason_counts(candidates, experts):
    m = conflict_matrix(candidates, experts)
    assert m.reason_counts(1) == {EMPLOYER_NAME: 0, EMPLOYER_CODE: 1, COUNTY: 1, DECLARED: 0}


def test_empty_pool(make_frame):
    m = conflict_matrix(make_frame({1: {"unit_name": "a", "credit_code": "c", "county": "盖州市"}}),
                        pd.DataFrame(columns=["employer", "employer_credit_code", "county"], dtype="str"))
    assert m.codes.shape == (1, 0) and np.asarray(m.excluded).sum() == 0


def test_codes_of_many_pairs(candidates, experts):
    m = conflict_matrix(candidates, experts)
    assert list(m.codes_of([11, 12, 12, 999], [7, 3, 9, 7])) == [EMPLOYER_NAME, EMPLOYER_CODE, 0, 0]
