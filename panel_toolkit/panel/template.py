"""The expert pool's Excel template (专家库模板): the headers the importer expects, a county drop-down."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..config import SessionConfig
from .pool import EXPERT_FIELDS, SHEET_NAME, expert_counties

ROWS = 500
LISTS_SHEET = "选项"
_TEXT = "@"


def write_expert_template(path: str | Path, config: SessionConfig) -> Path:
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    lists = wb.create_sheet(LISTS_SHEET)
    counties = expert_counties(config)
    for row, county in enumerate(counties, start=1):
        lists.cell(row, 1, county)
    dv = DataValidation(type="list", formula1=f"'{LISTS_SHEET}'!$A$1:$A${len(counties)}", allow_blank=True,
                        showErrorMessage=True, errorTitle="输入有误", error="请从下拉列表中选择。")
    for col, f in enumerate(EXPERT_FIELDS, start=1):
        letter = get_column_letter(col)
        cell = ws.cell(1, col, f.header)
        cell.font = Font(bold=True, color="C00000" if f.required else "000000")
        cell.comment = Comment(("必填：" if f.required else "选填：") + f.help, "panel_toolkit")
        ws.column_dimensions[letter].width = max(14, 2 * len(f.header) + 4)
        if f.kind in ("mobile", "credit_code"):
            ws.column_dimensions[letter].number_format = _TEXT   # keeps 11/18 digits from turning into numbers
        if f.kind == "county":
            dv.add(f"{letter}2:{letter}{ROWS + 1}")
    ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    from ..exports import save_workbook

    return save_workbook(wb, path)
