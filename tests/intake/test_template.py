"""The Excel template: exact headers, drop-downs from the hidden 选项 sheet, formats, instructions, round trip."""
from __future__ import annotations

import dataclasses
import datetime as dt

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from panel_toolkit.intake.fields import BOOL_KEYS, FIELDS
from panel_toolkit.intake.reader import read_table
from panel_toolkit.intake.template import GUIDE_SHEET, LISTS_SHEET, TEMPLATE_ROWS, write_template
from panel_toolkit.intake.validate import validate

LETTER = {f.key: get_column_letter(i) for i, f in enumerate(FIELDS, start=1)}


@pytest.fixture
def template(tmp_path, config):
    path = write_template(tmp_path / "模板.xlsx", config)
    return openpyxl.load_workbook(path)


def test_sheets(template):
    assert template.sheetnames == ["申报表", GUIDE_SHEET, LISTS_SHEET]
    assert template.active.title == "申报表"
    assert template[LISTS_SHEET].sheet_state == "hidden"


def test_header_row(template):
    ws = template["申报表"]
    assert [c.value for c in ws[1]] == [f.header for f in FIELDS]  # exactly: the reader matches them
    assert ws.freeze_panes == "B2"
    for cell, f in zip(ws[1], FIELDS):
        assert cell.font.b
        assert (cell.font.color.rgb == "00C00000") == f.required, f.header  # required: red
        assert f.help in cell.comment.text
        assert ws.column_dimensions[cell.column_letter].width >= 10
    assert ws.max_row == 1  # no pre-made data cells: formats and drop-downs live on columns and ranges


def list_values(wb, formula: str) -> list[str]:
    """Resolve a list validation's formula (a workbook name) to the values it offers."""
    [(sheet, ref)] = list(wb.defined_names[formula].destinations)
    assert sheet == LISTS_SHEET
    min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    assert min_col == max_col
    return [wb[sheet].cell(r, min_col).value for r in range(min_row, max_row + 1)]


def validations(wb) -> dict[str, tuple[str, list[str]]]:
    """column letter -> (type, offered values or [formula])"""
    out = {}
    for dv in wb["申报表"].data_validations.dataValidation:
        offered = list_values(wb, dv.formula1) if dv.type == "list" else [dv.formula1]
        for rng in dv.sqref.ranges:
            assert (rng.min_row, rng.max_row) == (2, TEMPLATE_ROWS + 1)
            assert rng.min_col == rng.max_col
            out[get_column_letter(rng.min_col)] = (dv.type, offered)
    return out


def test_drop_downs(template, config):
    got = validations(template)
    assert got[LETTER["county"]] == ("list", list(config.screening_units))
    assert got[LETTER["county"]][1][-1] == "市直"
    assert got[LETTER["unit_type"]] == ("list", ["行业组织", "企事业单位"])
    assert got[LETTER["screening_decision"]] == ("list", ["通过", "不通过"])
    for key in BOOL_KEYS:
        assert got[LETTER[key]] == ("list", ["是", "否"]), key
    assert got[LETTER["trained_y1"]] == ("whole", ["0"])
    lists = {LETTER[k] for k in ("county", "unit_type", "screening_decision", *BOOL_KEYS)}
    assert {c for c, (kind, _) in got.items() if kind == "list"} == lists


def test_drop_down_lists_follow_the_session(tmp_path, config):
    wider = dataclasses.replace(config, counties=config.counties + ("营口经济技术开发区",), city_department_route=False)
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", wider))
    assert validations(wb)[LETTER["county"]][1] == list(config.counties) + ["营口经济技术开发区"]


def test_column_formats(template):
    dims = template["申报表"].column_dimensions
    assert dims[LETTER["founded_on"]].number_format == "yyyy-mm-dd"
    for key in ("credit_code", "contact_phone", "trademark_no"):
        assert dims[LETTER[key]].number_format == "@", key  # text: 18 digits would be rounded as a number


def test_instructions(template, config):
    ws = template[GUIDE_SHEET]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert config.title.zh in text
    assert "2024-09-30" in text
    assert "“第一年”指 2022 年，“第二年”指 2023 年" in text
    rows = {r[0].value: [c.value for c in r] for r in ws.iter_rows() if r[0].value in {f.header for f in FIELDS}}
    assert list(rows) == [f.header for f in FIELDS]  # every column, in order
    for f in FIELDS:
        header, required, help_text, allowed = rows[f.header]
        assert help_text == f.help
        assert required == ("必填" if f.required else "县(市)区为“市直”时必填" if f.key == "department" else "选填")
    assert "2022年" in rows["第一年培训人数"][3] and "2023年" in rows["第二年自用或输出人数"][3]
    assert "市直" in rows["县(市)区"][3]


def test_round_trip(write_xlsx, valid_row, config):
    rows = [valid_row(), valid_row(county="市直", department="市文化旅游和广播电视局", is_ich="是"),
            valid_row(trained_y1=150, in_trade_y1=150, screening_decision="不通过", screening_reason="输出比例不足")]
    path = write_xlsx(rows)
    table = validate(read_table(path), config)
    df = table.frame
    assert df["source_row"].tolist() == [2, 3, 4]
    for i, row in enumerate(rows):
        for f in FIELDS:
            got, sent = df.loc[i, f.key], row[f.header]
            if sent is None:
                assert pd.isna(got), f.key
            elif f.kind == "bool":
                assert got == (sent == "是"), f.key
            elif f.kind == "decision":
                assert got == {"通过": "passed", "不通过": "rejected"}[sent]
            else:
                assert got == sent, f.key
    assert df.loc[1, "county"] == "市直" and df.loc[1, "is_ich"] == True  # noqa: E712
    assert isinstance(df.loc[0, "founded_on"], dt.date)


def test_the_drop_downs_survive_filling(write_xlsx, valid_row):
    wb = openpyxl.load_workbook(write_xlsx([valid_row()]))
    assert validations(wb)[LETTER["county"]][0] == "list"
