"""Result objects: tables in a notebook, DataFrames for an analyst, and the workbook re-read."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from panel_toolkit.aggregation import aggregate
from panel_toolkit.aggregation.result import OFFICIAL, SHEETS

SPEC = {1: {"material": [80] * 5, "site": [90] * 3}, 2: {"material": [60] * 5, "site": [60] * 3},
        3: {"material": [70, 70, "draft", 70, 70], "site": [70] * 3}}


@pytest.fixture
def result(inputs, candidates):
    i = inputs(SPEC, ineligible={4: "E2"}, extra=(4,))
    c = i.candidates.copy()
    c.loc[1, "unit_name"] = "=HYPERLINK(\"http://x\")<b>单位</b>"   # as if a legacy row slipped through
    return aggregate(type(i)(sheets=i.sheets, candidates=c, rubric=i.rubric))


def test_official_frame_columns_and_order(result):
    off = result.official_frame()
    assert tuple(off.columns) == OFFICIAL["zh"]
    assert off["序号"].tolist() == [1, 2, 3, 4]
    assert off["结论"].tolist() == ["拟认定", "不予认定（低于合格分数线）", "评审未完成", "资格审查未通过"]
    assert off["综合得分"].tolist()[:2] == [84.0, 60.0] and off["排名"].tolist()[:2] == [1, 2]
    assert tuple(result.official_frame("en").columns) == OFFICIAL["en"]


def test_to_frame_is_a_copy_with_english_keys(result):
    f = result.to_frame()
    f.loc[1, "combined"] = -1
    assert result.to_frame().loc[1, "combined"] == 84
    assert {"material", "site", "combined", "rank", "conclusion", "reason", "reason_code"} <= set(f.columns)
    pe = result.per_expert()
    assert len(pe) == 24 and {"status", "total", "value", "part_score", "deviation"} <= set(pe.columns)


def test_html_escapes_names(result):
    html = result._repr_html_()
    assert "<b>单位</b>" not in html and "&lt;b&gt;" in html and "拟认定 1" in html
    assert "<table" in result.flags._repr_html_()


def test_workbook_is_reread_equal_and_neutralised(result, tmp_path):
    path = tmp_path / "拟认定名单.xlsx"
    result.write_excel(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(SHEETS["zh"])
    ws = wb[SHEETS["zh"][0]]
    assert [c.value for c in ws[1]] == list(OFFICIAL["zh"])
    assert ws["D2"].value.startswith("'=HYPERLINK")            # formula-looking text neutralised
    assert ws["D2"].data_type == "s"
    back = pd.read_excel(path, sheet_name=SHEETS["zh"][0])
    off = result.official_frame()
    assert back["结论"].tolist() == off["结论"].tolist() and back["序号"].tolist() == off["序号"].tolist()
    pd.testing.assert_series_equal(back["综合得分"], off["综合得分"].astype(float), check_names=False)
    assert back["建设单位"].iloc[0] == "'" + off["建设单位"].iloc[0]
    flags = pd.read_excel(path, sheet_name=SHEETS["zh"][1])
    assert "unsubmitted_sheet" not in flags.columns and flags["类型"].tolist() == result.flags.to_frame()["label"].tolist()
    per = pd.read_excel(path, sheet_name=SHEETS["zh"][2])
    assert len(per) == 24 and set(per["评分表状态"]) == {"已提交", "未提交"}
    notes = pd.read_excel(path, sheet_name=SHEETS["zh"][3])
    assert notes.loc[notes["项目"] == "汇总方法", "内容"].iloc[0] == "去掉一个最高分和一个最低分后的平均分"
