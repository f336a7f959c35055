"""The Excel application template (申报表模板) that county HR staff fill in (第十条).

Sheets: ``申报表`` (the form: one row per unit, the exact headers of :data:`fields.FIELDS`),
``填表说明`` (instructions for every column) and a hidden ``选项`` holding the drop-down lists.
The lists live on a sheet rather than inline in the validation because an inline list is
limited to 255 characters; a range has no such limit. Each validation refers to its range
through a workbook name (``list_county`` …), which every Excel version, WPS and LibreOffice
accept in a list validation.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..config.session import SessionConfig
from .fields import DECISIONS, FIELDS, UNIT_TYPES, Field
from .reader import SHEET_NAME

GUIDE_SHEET = "填表说明"
LISTS_SHEET = "选项"
TEMPLATE_ROWS = 1000          # rows 2..1001 carry the drop-downs and formats
YES_NO = ("是", "否")
REQUIRED_COLOR = "C00000"     # red header text marks a required column
TEXT_FORMAT = "@"             # long digit strings must stay text, or Excel rounds them to 15 digits
DATE_FORMAT = "yyyy-mm-dd"
_TEXT_KEYS = ("credit_code", "contact_phone", "trademark_no")
_WIDTH = {"credit_code": 22, "date": 13, "phone": 16, "bool": 10, "count": 12, "unit_type": 12, "county": 11}


def choices(config: SessionConfig) -> dict[str, tuple[str, ...]]:
    """The drop-down list of each list-like kind."""
    return {"county": tuple(config.screening_units), "unit_type": UNIT_TYPES, "bool": YES_NO,
            "decision": tuple(DECISIONS)}


def write_template(path: str | Path, config: SessionConfig) -> Path:
    path = Path(path)
    wb = Workbook()
    form = wb.active
    form.title = SHEET_NAME
    names = _write_lists(wb, config)
    _write_form(form, names)
    _write_guide(wb.create_sheet(GUIDE_SHEET, 1), config)
    wb.active = 0
    from ..exports import save_workbook

    return save_workbook(wb, path)


def _write_lists(wb: Workbook, config: SessionConfig) -> dict[str, str]:
    """One column per list on the hidden sheet, caption in row 1; returns kind -> workbook name of its range."""
    ws = wb.create_sheet(LISTS_SHEET)
    ws.sheet_state = "hidden"
    names = {}
    for col, (kind, values) in enumerate(choices(config).items(), start=1):
        letter = get_column_letter(col)
        ws.cell(1, col, kind)
        for row, value in enumerate(values, start=2):
            ws.cell(row, col, value)
        names[kind] = f"list_{kind}"
        wb.defined_names[names[kind]] = DefinedName(
            names[kind], attr_text=f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}")
    return names


def _width(f: Field) -> float:
    return _WIDTH.get(f.key, _WIDTH.get(f.kind, max(14, min(2 * len(f.header) + 2, 30))))


def _write_form(ws, names: dict[str, str]) -> None:
    validations = {kind: DataValidation(type="list", formula1=name, allow_blank=True, showErrorMessage=True,
                                        errorTitle="输入有误", error="请从下拉列表中选择。")
                   for kind, name in names.items()}
    validations["count"] = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                          showErrorMessage=True, errorTitle="输入有误", error="请填写不小于0的整数人数/份数。")
    last = TEMPLATE_ROWS + 1
    for col, f in enumerate(FIELDS, start=1):
        letter = get_column_letter(col)
        cell = ws.cell(1, col, f.header)  # exactly Field.header: the reader matches it
        cell.font = Font(bold=True, color=REQUIRED_COLOR if f.required else "000000")
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = Comment(("必填：" if f.required else "选填：") + f.help, "panel_toolkit")
        dim = ws.column_dimensions[letter]
        dim.width = _width(f)
        if f.kind == "date":
            dim.number_format = DATE_FORMAT
        elif f.key in _TEXT_KEYS:
            dim.number_format = TEXT_FORMAT
        if f.kind in validations:
            validations[f.kind].add(f"{letter}2:{letter}{last}")
    for dv in validations.values():
        ws.add_data_validation(dv)
    ws.row_dimensions[1].height = 42
    ws.freeze_panes = "B2"  # header row and the unit name stay in view


def _allowed(f: Field, config: SessionConfig) -> str:
    y1, y2 = config.training_years
    if f.kind in ("county", "unit_type", "bool", "decision"):
        return "、".join(choices(config)[f.kind])
    if f.kind == "date":
        return f"日期，如 2020-05-18，不晚于 {config.reference_date.isoformat()}"
    if f.kind == "count":
        year = {"1": f"（{y1}年）", "2": f"（{y2}年）"}.get(f.key[-1], "") if f.key[-3:-1] == "_y" else ""
        return "不小于0的整数" + year
    if f.kind == "credit_code":
        return "18位数字或大写字母"
    if f.kind == "phone":
        return "数字，可含 - 和空格"
    return "文字；不能以 = + - @ 开头，不能含 < >"


def _write_guide(ws, config: SessionConfig) -> None:
    y1, y2 = config.training_years
    lines = [
        config.title.zh,
        f"申报截止日（资格条件的计算基准日）：{config.reference_date.isoformat()}",
        f"“第一年”指 {y1} 年，“第二年”指 {y2} 年（申报截止日前两个完整年度，第八条(三)(四)）。",
        "在“申报表”中每行填写一个申报单位；表头红色的列为必填。",
        "请勿修改或删除表头，勿合并单元格，勿使用公式（如需要，请“选择性粘贴 → 数值”）。",
    ]
    for row, text in enumerate(lines, start=1):
        ws.cell(row, 1, text)
    ws["A1"].font = Font(bold=True, size=14)
    top = len(lines) + 2
    for col, caption in enumerate(("列名", "是否必填", "填写说明", "可选值 / 格式"), start=1):
        ws.cell(top, col, caption).font = Font(bold=True)
    for row, f in enumerate(FIELDS, start=top + 1):
        ws.cell(row, 1, f.header).font = Font(color=REQUIRED_COLOR if f.required else "000000")
        ws.cell(row, 2, "必填" if f.required else
                ("县(市)区为“市直”时必填" if f.key == "department" else "选填"))
        ws.cell(row, 3, f.help)
        ws.cell(row, 4, _allowed(f, config))
    for letter, width in zip("ABCD", (28, 10, 60, 40)):
        ws.column_dimensions[letter].width = width
