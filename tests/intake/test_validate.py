"""validate: typed applications, or InputRejected listing every problem with row, column, value and reason."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from panel_toolkit.errors import InputRejected
from panel_toolkit.intake.fields import APPLICATION_KEYS, BOOL_KEYS, COUNT_KEYS
from panel_toolkit.intake.reader import read_table
from panel_toolkit.intake.validate import COLUMNS, row_sha256, validate


def load(path, config):
    return validate(read_table(path), config)


def rejected(path, config) -> InputRejected:
    with pytest.raises(InputRejected) as info:
        load(path, config)
    for p in info.value.problems:  # every problem says where, what and why, in both languages
        assert p.column and p.reason_zh and p.reason_en
    return info.value


def only(e: InputRejected):
    assert len(e.problems) == 1, e.table()
    return e.problems[0]


# -- a good file --------------------------------------------------------------------------------

def test_valid_rows_become_a_typed_frame(write_xlsx, valid_row, config):
    rows = [valid_row(), valid_row(county="市直", department="市农业农村局", screening_decision=None),
            valid_row(screening_decision="不通过", screening_reason="培训台账不完整")]
    table = load(write_xlsx(rows), config)
    df = table.frame
    assert table.file == "申报表.xlsx" and len(table) == 3 and table.skipped_empty_rows == 0
    assert list(df.columns) == list(COLUMNS)
    assert all(str(df[k].dtype) == "Int64" for k in COUNT_KEYS)
    assert all(str(df[k].dtype) == "boolean" for k in BOOL_KEYS)
    assert df["founded_on"].dtype == object and all(type(d) is dt.date for d in df["founded_on"])
    assert df["unit_name"].dtype == "str" and df["department"].dtype == "str"
    assert df["source_row"].tolist() == [2, 3, 4]
    assert df["screening_decision"].tolist()[::2] == ["passed", "rejected"]
    assert pd.isna(df.loc[1, "screening_decision"])
    assert df.loc[1, "department"] == "市农业农村局" and pd.isna(df.loc[0, "department"])
    assert df.loc[2, "screening_reason"] == "培训台账不完整"
    assert df.loc[0, "trained_y1"] == rows[0]["第一年培训人数"]
    assert df.loc[0, "founded_on"] == rows[0]["成立日期"]
    assert df.loc[0, "is_ich"] == False  # noqa: E712 - a pandas boolean, not a Python bool
    assert df["row_sha256"].str.len().eq(64).all() and df["row_sha256"].is_unique


def test_lenient_spellings_are_accepted(write_xlsx, valid_row, config):
    row = valid_row(trained_y1="２００人", in_trade_y1=" 150 ", exported_y1=180.0, agreements="3",
                    founded_on="2015年3月8日", is_ich="N", decl_premises="√", contact_phone="0417 281-2345",
                    credit_code=valid_row()["统一社会信用代码"].lower(), county=" 老边区 ")
    df = load(write_xlsx([row]), config).frame
    assert df.loc[0, ["trained_y1", "in_trade_y1", "exported_y1", "agreements"]].tolist() == [200, 150, 180, 3]
    assert df.loc[0, "founded_on"] == dt.date(2015, 3, 8)
    assert df.loc[0, "is_ich"] == False and df.loc[0, "decl_premises"] == True  # noqa: E712
    assert df.loc[0, "credit_code"] == row["统一社会信用代码"].upper()
    assert df.loc[0, "county"] == "老边区"


def test_row_sha256_recognises_an_identical_row(write_xlsx, write_csv, valid_row, config):
    row = valid_row()
    from_xlsx = load(write_xlsx([{}, row]), config).frame
    from_csv = load(write_csv([row]), config).frame
    # same content → same fingerprint, whatever the file type and the row it sits in
    assert from_xlsx.loc[0, "row_sha256"] == from_csv.loc[0, "row_sha256"]
    changed = load(write_csv([{**row, "联系人": "别人"}], name="b.csv"), config).frame
    assert changed.loc[0, "row_sha256"] != from_csv.loc[0, "row_sha256"]
    # the screening columns are not part of the application's content
    rescreened = load(write_csv([{**row, "初审结论": "不通过", "初审意见": "材料不全"}], name="c.csv"), config).frame
    assert rescreened.loc[0, "row_sha256"] == from_csv.loc[0, "row_sha256"]


def test_row_sha256_is_canonical_json():
    record = {k: None for k in APPLICATION_KEYS} | {"unit_name": "营口", "founded_on": dt.date(2020, 5, 18)}
    assert row_sha256(record) == row_sha256(dict(reversed(list(record.items()))))
    assert row_sha256(record) != row_sha256(record | {"founded_on": dt.date(2020, 5, 19)})


def test_csv_values_are_parsed_too(write_csv, valid_row, config):
    df = load(write_csv([valid_row(founded_on="2018/7/1", trained_y2="300")]), config).frame
    assert df.loc[0, "founded_on"] == dt.date(2018, 7, 1) and df.loc[0, "trained_y2"] == 300


# -- one bad cell at a time -----------------------------------------------------------------------

BAD_CELLS = [
    # (overrides, column, words in the reason)
    ({"trained_y1": "一百五十"}, "第一年培训人数", "不是数字"),
    ({"trained_y2": -120}, "第二年培训人数", "负数"),
    ({"agreements": 2.5}, "长期合作协议数量", "整数"),
    ({"exported_y1": "12.5人"}, "第一年自用或输出人数", "整数"),
    ({"founded_on": "2021-02-30"}, "成立日期", "2021年2月只有28天"),
    ({"founded_on": "2024-12-01"}, "成立日期", "晚于本批次申报截止日 2024-09-30"),
    ({"credit_code": "91350100M000100Y44"}, "统一社会信用代码", "校验位"),
    ({"credit_code": "91350100M000100Y4"}, "统一社会信用代码", "应为18位"),
    ({"credit_code": "91350100O000100Y43"}, "统一社会信用代码", "不允许的字符 O"),
    ({"county": "沈阳市"}, "县(市)区", "站前区、西市区、鲅鱼圈区、老边区、盖州市、大石桥市、市直"),
    ({"unit_type": "个体户"}, "单位类型", "行业组织、企事业单位"),
    ({"follow_up": "有"}, "跟踪服务功能健全", "是"),
    ({"contact_phone": "见附件"}, "联系电话", "只能包含"),
    ({"screening_decision": "待定"}, "初审结论", "通过"),
    ({"unit_name": "<script>alert(1)</script>"}, "建设单位名称", "尖括号"),
    ({"brand_name": "@营口工匠"}, "劳务品牌名称", "公式"),
    ({"remarks": "第一行\n第二行"}, "备注", "换行"),
    ({"job_type": None}, "工种", "必填"),
    ({"industry": "   "}, "行业", "必填"),
]


@pytest.mark.parametrize("overrides, column, words", BAD_CELLS)
def test_bad_cell(write_xlsx, valid_row, config, overrides, column, words):
    row = valid_row(**overrides)
    p = only(rejected(write_xlsx([valid_row(), row]), config))
    assert (p.row, p.column) == (3, column)
    assert p.value == row[column] or (isinstance(row[column], str) and not row[column].strip())
    assert words in p.reason_zh


def test_full_width_and_people_suffix_pass_but_text_does_not(write_xlsx, valid_row, config):
    ok = valid_row(trained_y1="１５０人")
    bad = valid_row(trained_y1="约150人")
    p = only(rejected(write_xlsx([ok, bad]), config))
    assert (p.row, p.column, p.value) == (3, "第一年培训人数", "约150人")


def test_formula_text_in_a_csv_is_refused(write_csv, valid_row, config):
    # In a CSV there are no formula cells: the text itself reaches the importer and is refused.
    payload = "=cmd|' /C calc'!A0"
    e = rejected(write_csv([valid_row(unit_name=payload), valid_row(contact_person="+SUM(1)")]), config)
    assert {(p.row, p.column, p.value) for p in e.problems} == {
        (2, "建设单位名称", payload), (3, "联系人", "+SUM(1)")}
    assert all("公式" in p.reason_zh for p in e.problems)


# -- rules across cells ---------------------------------------------------------------------------

def test_city_route_needs_its_department(write_xlsx, valid_row, config):
    # 第十一条: a 市直 brand is screened by its city department, so the department must be named.
    e = rejected(write_xlsx([valid_row(county="市直"), valid_row(county="站前区", department="市商务局")]), config)
    first, second = e.problems
    assert (first.row, first.column, first.value) == (2, "市直主管部门", None)
    assert "必须填写市直主管部门" in first.reason_zh and "第十一条" in first.reason_zh
    assert (second.row, second.column, second.value) == (3, "市直主管部门", "市商务局")
    assert "请清空此格" in second.reason_zh


def test_city_route_closed_by_the_session(write_xlsx, valid_row, config):
    closed = dataclasses.replace(config, city_department_route=False)
    p = only(rejected(write_xlsx([valid_row(county="市直", department="市农业农村局")]), closed))
    assert p.column == "县(市)区" and "市直" not in p.reason_zh.split("：")[-1]


def test_in_trade_cannot_exceed_trained(write_xlsx, valid_row, config):
    row = valid_row(trained_y2=120, in_trade_y2=150)
    p = only(rejected(write_xlsx([row]), config))
    assert (p.row, p.column, p.value) == (2, "第二年培训后从事该行业人数", 150)
    assert "（150）不能超过第二年培训人数（120）" in p.reason_zh


def test_rejection_needs_a_reason(write_xlsx, valid_row, config):
    # 第十、十一条: the screening unit reports its decision; a rejection must say why.
    p = only(rejected(write_xlsx([valid_row(screening_decision="不通过")]), config))
    assert (p.row, p.column) == (2, "初审意见")
    assert "必须填写初审意见" in p.reason_zh


def test_duplicate_credit_code_reports_every_row(write_xlsx, valid_row, config):
    a = valid_row()
    code = a["统一社会信用代码"]
    rows = [a, valid_row(), valid_row(credit_code=code.lower()), valid_row(credit_code=code)]
    e = rejected(write_xlsx(rows), config)
    assert [(p.row, p.column) for p in e.problems] == [(2, "统一社会信用代码"), (4, "统一社会信用代码"),
                                                      (5, "统一社会信用代码")]
    assert "与第4行、第5行的统一社会信用代码重复" in e.problems[0].reason_zh
    assert "与第2行、第5行" in e.problems[1].reason_zh and e.problems[1].value == code.lower()
    assert "row(s) 2, 4" in e.problems[2].reason_en


def test_a_file_without_rows_is_refused(write_xlsx, config):
    p = only(rejected(write_xlsx([{}, {}]), config))
    assert p.row is None and "没有任何申报数据" in p.reason_zh


# -- everything at once ---------------------------------------------------------------------------

def test_every_problem_of_a_file_is_reported_together(write_xlsx, valid_row, config):
    dup = valid_row()
    rows = [
        valid_row(trained_y1="一百", founded_on="2021-02-30"),                      # row 2: two cells
        {},                                                                          # row 3: empty, skipped
        valid_row(county="市直", unit_name="<b>营口</b>"),                           # row 4: markup + no department
        dup,                                                                         # row 5
        valid_row(trained_y1=100, in_trade_y1=101, screening_decision="不通过"),     # row 6: two rules
        valid_row(credit_code=dup["统一社会信用代码"], contact_phone="12"),           # row 7: duplicate + phone
        valid_row(),                                                                 # row 8: fine
    ]
    e = rejected(write_xlsx(rows), config)
    got = [(p.row, p.column, p.value) for p in e.problems]
    assert got == [
        (2, "成立日期", "2021-02-30"),
        (2, "第一年培训人数", "一百"),
        (4, "建设单位名称", "<b>营口</b>"),
        (4, "市直主管部门", None),
        (5, "统一社会信用代码", dup["统一社会信用代码"]),
        (6, "第一年培训后从事该行业人数", 101),
        (6, "初审意见", None),
        (7, "联系电话", "12"),
        (7, "统一社会信用代码", dup["统一社会信用代码"]),
    ]  # sorted by row; within a row, cells in column order, then the rules across cells
    assert "9 处问题" in e.zh
    table = e.table()
    assert list(table.columns) == ["行", "列", "值", "问题"] and len(table) == 9
