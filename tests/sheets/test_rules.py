"""The one set of sheet rules (check_entry, check_sheet, totals) against the bundled default rubric,
with numbers worked out by hand from rubrics/yingkou-2023-default.yaml."""
from __future__ import annotations

import pytest

from panel_toolkit.config.rubric import bundled_rubrics_dir, load_rubric
from panel_toolkit.errors import InvalidScore, InvalidState
from panel_toolkit.sheets import Entry, VetoProposal, check_entry, check_sheet, resolve_verdict, totals, verdict_cap
from panel_toolkit.sheets.rules import floor_to_step, items, parse_score, required_vetoes

# A full material sheet, by hand: A 7.5+5+4 = 16.5; B 9+7+6 = 22; C 8+7.5+6 = 21.5; D 4+4+3 = 11; E 6+5 = 11.
MATERIAL = {"A1": 7.5, "A2": 5, "A3": 4, "B1": 9, "B2": 7, "B3": 6, "C1": 8, "C2": 7.5, "C3": 6,
            "D1": 4, "D2": 4, "D3": 3, "E1": 6, "E2": 5}
MATERIAL_SUBTOTALS = {"A": 16.5, "B": 22.0, "C": 21.5, "D": 11.0, "E": 11.0}
MATERIAL_TOTAL = 82.0
# A full site sheet: S1 15 (属实), S2 10 (基本属实: cap 0.7×15 = 10.5 → 10), S3 14 (基本属实: 0.7×20 = 14),
# S4 20, S5 18, S6 7 (基本属实: 0.7×10 = 7) → 84.
SITE = {"S1": (15, "verified"), "S2": (10, "mostly_verified"), "S3": (14, "mostly_verified"),
        "S4": (20, "verified"), "S5": (18, "verified"), "S6": (7, "mostly_verified")}
SITE_TOTAL = 84.0


@pytest.fixture(scope="module")
def rubric():
    return load_rubric(bundled_rubrics_dir() / "yingkou-2023-default.yaml")


def material(**changes):
    values = {**MATERIAL, **changes}
    return {k: Entry(v) for k, v in values.items() if v is not None}


def site(**changes):
    values = {**SITE, **changes}
    return {k: Entry(*v) for k, v in values.items() if v is not None}


# -- check_entry ---------------------------------------------------------------------------------

@pytest.mark.parametrize("item_id, score", [("A1", 0), ("A1", 8), ("A1", 7.5), ("A1", "6.5"), ("E2", 7), ("B1", 0.5)])
def test_values_in_range_and_on_the_step_pass(rubric, item_id, score):
    assert check_entry(rubric, "material", item_id, score) == pytest.approx(float(score))


def test_blank_score_is_a_draft_value(rubric):
    assert check_entry(rubric, "material", "A1", None) is None
    assert check_entry(rubric, "material", "A1", "  ") is None


@pytest.mark.parametrize("item_id, score, words", [
    ("A1", 8.5, "超出范围 0–8"), ("A1", -0.5, "超出范围"), ("A1", 7.3, "不是 0.5 的整数倍"),
    ("S1", 7.5, "不是 1 的整数倍"), ("A1", "七", "不是数字"), ("A1", True, "不是数字"), ("A1", float("inf"), "有限"),
])
def test_bad_values_raise_invalid_score_naming_the_item(rubric, item_id, score, words):
    part = "site" if item_id.startswith("S") else "material"
    with pytest.raises(InvalidScore) as e:
        check_entry(rubric, part, item_id, score)
    assert words in e.value.zh
    assert e.value.item_id == item_id and isinstance(e.value, InvalidState)
    assert e.value.en and e.value.en != e.value.zh


def test_unknown_item_and_item_of_the_other_part(rubric):
    with pytest.raises(InvalidScore) as e:
        check_entry(rubric, "material", "Z9", 1)
    assert e.value.item_id == "Z9" and "没有评分项“Z9”" in e.value.zh
    with pytest.raises(InvalidScore):
        check_entry(rubric, "material", "S1", 1)
    with pytest.raises(InvalidScore):
        check_entry(rubric, "site", "A1", 1, "verified")


def test_unknown_part_is_refused(rubric):
    with pytest.raises(InvalidState, match="material"):
        check_entry(rubric, "interview", "A1", 1)


@pytest.mark.parametrize("item_id, verdict, cap", [
    ("S1", "verified", 15), ("S1", "mostly_verified", 10),   # 0.7 × 15 = 10.5, floored to the step 1
    ("S3", "mostly_verified", 14), ("S6", "mostly_verified", 7), ("S4", "not_verified", 0),
])
def test_verdict_caps(rubric, item_id, verdict, cap):
    assert verdict_cap(rubric, item_id, verdict) == cap
    assert check_entry(rubric, "site", item_id, cap, verdict) == cap
    if cap < rubric.site_item(item_id).max:
        with pytest.raises(InvalidScore) as e:
            check_entry(rubric, "site", item_id, cap + 1, verdict)
        assert f"最多 {cap} 分" in e.value.zh


def test_verdicts_are_checked(rubric):
    with pytest.raises(InvalidScore) as e:
        check_entry(rubric, "site", "S1", 3, "maybe")
    assert "核查结论“maybe”无效" in e.value.zh
    with pytest.raises(InvalidScore) as e:
        check_entry(rubric, "material", "A1", 3, "verified")
    assert "不填核查结论" in e.value.zh
    assert check_entry(rubric, "site", "S1", 12, None) == 12  # a draft: points before the verdict


def test_resolve_verdict_reads_ids_and_labels(rubric):
    assert resolve_verdict(rubric, "基本属实") == "mostly_verified"
    assert resolve_verdict(rubric, " 不属实 ") == "not_verified"
    assert resolve_verdict(rubric, "Verified") == "verified"
    assert resolve_verdict(rubric, "verified") == "verified"
    assert resolve_verdict(rubric, "") is None
    with pytest.raises(InvalidScore):
        resolve_verdict(rubric, "差不多", "S2")


def test_floor_to_step_and_parse_score():
    assert floor_to_step(10.5, 1) == 10
    assert floor_to_step(0.7 * 7, 0.5) == 4.5
    assert floor_to_step(14.000000001, 1) == 14
    assert floor_to_step(13.9999999999, 1) == 14   # float noise of 0.7 × 20
    assert parse_score("７.５") == 7.5              # full-width digits from a form
    assert parse_score(float("nan")) is None


# -- check_sheet and totals ----------------------------------------------------------------------

def test_complete_sheets_have_no_problems_and_hand_worked_totals(rubric):
    assert check_sheet(rubric, "material", material(), [], complete=True) == []
    assert totals(rubric, "material", material()) == (MATERIAL_SUBTOTALS, MATERIAL_TOTAL)
    assert check_sheet(rubric, "site", site(), [], complete=True) == []
    assert totals(rubric, "site", site()) == ({}, SITE_TOTAL)


def test_totals_count_missing_values_as_zero(rubric):
    subtotals, total = totals(rubric, "material", material(A1=None, B1=None))
    assert subtotals["A"] == 9.0 and subtotals["B"] == 13.0 and total == MATERIAL_TOTAL - 7.5 - 9


def test_incomplete_sheet_lists_every_missing_value(rubric):
    problems = check_sheet(rubric, "material", material(A2=None, E2=None), [], complete=True)
    assert [(p.column, p.reason_zh) for p in problems] == [("A2", "A2 未评分"), ("E2", "E2 未评分")]
    assert check_sheet(rubric, "material", material(A2=None, E2=None), [], complete=False) == []


def test_site_needs_a_verdict_on_every_item(rubric):
    entries = site()
    entries["S2"] = Entry(9, None)
    problems = check_sheet(rubric, "site", entries, [], complete=True)
    assert [p.column for p in problems] == ["S2"] and "未选择核查结论" in problems[0].reason_zh


def test_wrong_values_are_problems_in_rubric_order(rubric):
    entries = material(E1=9, A1=7.3)
    problems = check_sheet(rubric, "material", entries, [], complete=False)
    assert [p.column for p in problems] == ["A1", "E1"]
    assert problems[0].value == 7.3


def test_veto_proposals_need_known_ids_and_reasons(rubric):
    ok = [VetoProposal("V2", "申报材料与现场不符")]
    assert check_sheet(rubric, "material", material(), ok, complete=True) == []
    blank = check_sheet(rubric, "material", material(), [VetoProposal("V2", "   ")], complete=True)
    assert [p.column for p in blank] == ["V2"] and "须写明理由" in blank[0].reason_zh
    assert check_sheet(rubric, "material", material(), [VetoProposal("V2", "")], complete=False) == []
    unknown = check_sheet(rubric, "material", material(), [VetoProposal("V9", "x")], complete=False)
    assert [p.column for p in unknown] == ["V9"] and "没有否决项" in unknown[0].reason_zh
    twice = check_sheet(rubric, "material", material(), [VetoProposal("V1", "a"), VetoProposal("V1", "b")], complete=False)
    assert [p.reason_zh for p in twice] == ["否决项 V1 重复提出"]


def test_not_verified_on_a_starred_item_requires_the_starred_veto(rubric):
    entries = site(S4=(0, "not_verified"))          # S4 is starred (培训台账与学员抽查)
    assert required_vetoes(rubric, "site", entries) == {"V1": ["S4"]}
    problems = check_sheet(rubric, "site", entries, [], complete=True)
    assert [p.column for p in problems] == ["V1"] and "S4" in problems[0].reason_zh
    problems = check_sheet(rubric, "site", entries, [VetoProposal("V1", "")], complete=True)
    assert [p.column for p in problems] == ["V1"] and "须写明理由" in problems[0].reason_zh
    assert check_sheet(rubric, "site", entries, [VetoProposal("V1", "学员抽查5人中3人未参加培训")], complete=True) == []
    # Not starred (S6): 不属实 needs no veto.
    assert required_vetoes(rubric, "site", site(S6=(0, "not_verified"))) == {}


def test_items_come_from_the_rubric(rubric):
    assert [i.id for i in items(rubric, "material")] == list(MATERIAL)
    assert [(i.id, i.max, i.starred) for i in items(rubric, "site")] == [
        ("S1", 15, True), ("S2", 15, False), ("S3", 20, False), ("S4", 20, True), ("S5", 20, True), ("S6", 10, False)]
