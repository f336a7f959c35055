"""Paper sheets typed into a table: every value through the sheet rules, every problem with its row."""
from __future__ import annotations

import pytest

from panel_toolkit.aggregation.paper import PAPER_FIELDS, parse_paper
from panel_toolkit.intake.reader import RawTable

HEADERS = [f.header for f in PAPER_FIELDS]


def table(rows) -> RawTable:
    """rows: (expert, app, part, item, score, verdict, comment) → a RawTable as the reader gives it (row 2 on)."""
    return RawTable("paper.csv", HEADERS, [(i, dict(zip(HEADERS, r))) for i, r in enumerate(rows, start=2)])


def material(expert=1, app=10, **override):
    scores = {"A1": 7, "A2": 5, "A3": 5, "B1": 9, "B2": 7, "B3": 6, "C1": 9, "C2": 7, "C3": 6, "D1": 4, "D2": 4, "D3": 4,
              "E1": 7, "E2": 6} | override
    return [(expert, app, "资料评审", k, v, None, "") for k, v in scores.items()]


def site(expert=1, app=10, **override):
    values = {"S1": (15, "属实"), "S2": (10, "基本属实"), "S3": (20, "属实"), "S4": (18, "属实"), "S5": (20, "属实"),
              "S6": (7, "基本属实")} | override
    return [(expert, app, "实地核查", k, v[0], v[1], "") for k, v in values.items()]


def test_a_clean_file_gives_its_sheets(rubric):
    sheets, problems = parse_paper(table(material() + site() + material(expert=2)), rubric)
    assert problems == []
    assert [(s.expert_id, s.application_id, s.part, len(s.entries)) for s in sheets] == [
        (1, 10, "material", 14), (1, 10, "site", 6), (2, 10, "material", 14)]
    s = sheets[1]
    assert s.entries["S2"].score == 10 and s.entries["S2"].verdict == "mostly_verified"
    assert sum(e.score for e in sheets[0].entries.values()) == 86


def test_every_value_problem_is_reported_with_its_row(rubric):
    rows = material(A1=8.5, A2=5.3) + site(S2=(11, "基本属实"), S3=(5, "大概属实"))
    _, problems = parse_paper(table(rows), rubric)
    by_row = {p.row: p.reason_zh for p in problems}
    # A1 max 8; A2 not a multiple of 0.5; S2: 基本属实 allows floor(0.7·15) = 10; S3: unknown verdict
    assert "超出范围 0–8" in by_row[2] and "0.5 的整数倍" in by_row[3]
    assert "最多 10 分" in by_row[17] and "核查结论“大概属实”无效" in by_row[18]
    assert len(problems) == 4


def test_missing_values_duplicates_and_unknown_parts(rubric):
    rows = material()[:-1] + [(1, 10, "资料评审", "A1", 6, None, "")] + [(1, 10, "复审", "A1", 6, None, "")]
    _, problems = parse_paper(table(rows), rubric)
    reasons = [p.reason_zh for p in problems]
    assert any("A1 在该专家的同一评分表中重复" in r for r in reasons)
    assert any("评审环节应为" in r for r in reasons)
    assert "专家 1、申报 10 的资料评审评分表：E2 未评分" in reasons       # every problem at once
    _, problems = parse_paper(table(material(A1=9)), rubric)
    assert len(problems) == 1                     # A1 is wrong, not also "not scored"


def test_a_starred_not_verified_item_needs_a_reasoned_veto_row(rubric):
    rows = site(S4=(0, "不属实"))
    _, problems = parse_paper(table(rows), rubric)
    assert len(problems) == 1 and "须提出否决项 V1" in problems[0].reason_zh
    with_veto = rows + [(1, 10, "实地核查", "V1", None, None, "抽查5名学员均称未参加培训")]
    sheets, problems = parse_paper(table(with_veto), rubric)
    assert problems == [] and [v.veto_id for v in sheets[0].vetoes] == ["V1"]
    no_reason = rows + [(1, 10, "否决", "V1", None, None, "")]
    _, problems = parse_paper(table(no_reason), rubric)
    assert "须写明理由" in problems[0].reason_zh


def test_a_veto_row_with_part_veto_goes_to_the_site_sheet_else_material(rubric):
    rows = material() + site() + [(1, 10, "否决", "V2", None, None, "有未了结的经济纠纷")]
    sheets, problems = parse_paper(table(rows), rubric)
    assert problems == [] and [len(s.vetoes) for s in sheets] == [0, 1]
    sheets, problems = parse_paper(table(material() + [(1, 10, "veto", "V3", None, None, "列入失信名单")]), rubric)
    assert problems == [] and sheets[0].vetoes[0].veto_id == "V3"
    _, problems = parse_paper(table(material() + [(2, 10, "否决", "V3", None, None, "x")]), rubric)
    assert "没有申报 10 的评分表" in problems[0].reason_zh
    _, problems = parse_paper(table(material() + [(1, 10, "否决", "V3", 5, None, "x")]), rubric)
    assert "否决项不填分值" in problems[0].reason_zh


@pytest.mark.parametrize("bad, column", [(("x", 10, "资料评审", "A1", 1, None, ""), "专家编号"),
                                         ((1, 10, "资料评审", "A1", 1, None, "=HYPERLINK(1)"), "意见")])
def test_bad_ids_and_formula_text_are_refused(rubric, bad, column):
    _, problems = parse_paper(table([bad]), rubric)
    assert problems[0].column == column and problems[0].row == 2
