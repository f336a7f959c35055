"""Read a county's application file (.xlsx or .csv) into a :class:`RawTable`, checking its structure.

Structure only: the right headers, no merged cells, no formulas. Cell contents are checked by
:mod:`panel_toolkit.intake.validate`. A file that cannot be read at all (too large, wrong type,
damaged, empty) is refused at once; every other structural problem (merged cells, unknown, duplicate
or missing headers) is kept in :attr:`RawTable.structure_problems` and reported *with* the cell
problems, so one import lists everything to fix. A county or industry cell merged down a column is
filled down, with a warning, instead of being refused.

Rows are numbered as the user sees them: the Excel row number (the header is row 1); in a CSV
file, the record number counted the same way.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import FileTooLarge, InputRejected, Problem
from .fields import FIELDS, Field

SHEET_NAME = "申报表"
EXTENSIONS = (".xlsx", ".csv")
FILE = "(文件)"      # Problem.column for problems of the whole file
HEADER_ROW = 1
DEFAULT_MAX_MB = 20.0            # policy default; a session sets limits.max_import_mb
FILL_DOWN = ("县(市)区", "行业")  # merged down a column, these are filled down (a county groups its rows so)


@dataclass
class RawTable:
    """The data sheet as read: canonical headers, and each non-empty row as (row number, {header: raw value})."""

    file: str
    headers: list[str]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    skipped_empty_rows: int = 0
    # Cells refused while reading (formulas), keyed by (row, header): validation reports them with
    # the other cell problems, so a user sees every problem of the file at once.
    cell_problems: dict[tuple[int, str], Problem] = field(default_factory=dict)
    # Structural problems that do not stop the reading (merged cells, headers): reported with the cells'.
    structure_problems: list[Problem] = field(default_factory=list)
    # Not problems, but said on import (a merged county cell filled down).
    warnings: list[Problem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


def canonical_header(raw: object) -> str:
    """Header text as matched: full-width → ASCII (so 县（市）区 matches 县(市)区), no spaces, no '*' marks."""
    text = unicodedata.normalize("NFKC", "" if raw is None else str(raw))
    text = "".join(text.split())
    return text.strip("*")


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def read_table(path: str | Path, fields: tuple[Field, ...] = FIELDS, sheet_name: str = SHEET_NAME,
               template_zh: str = "申报模板", max_mb: float = DEFAULT_MAX_MB) -> RawTable:
    """Read ``path``; :class:`InputRejected` at once if it cannot be read at all, else the table with
    its structural problems (see :attr:`RawTable.structure_problems`).

    ``fields`` are the form's columns and ``sheet_name`` its data sheet (default: the application
    form 申报表); ``template_zh`` names the form in messages. Other forms (e.g. the expert pool) reuse
    the same structural checks with their own fields. A file larger than ``max_mb`` is not read."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputRejected(path.name, [_unreadable(path, exc)]) from None
    if size > max_mb * 1024 * 1024:
        raise FileTooLarge(f"{path.name} 有 {size / 1048576:.1f} MB，超过导入上限 {max_mb:g} MB，未读取。请检查是否选错文件；"
                           "确需导入时，请拆分为几个文件，或在 session.yaml 的 limits.max_import_mb 中调高上限",
                           f"{path.name} is {size / 1048576:.1f} MB, above the import limit of {max_mb:g} MB; not read. "
                           "Check the file; split it, or raise limits.max_import_mb in session.yaml")
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        raise InputRejected(path.name, [Problem(
            None, FILE, path.name,
            f"不支持的文件类型“{path.suffix or '(无扩展名)'}”；请用 Excel 另存为 .xlsx（或 CSV UTF-8）后重新导入",
            f"unsupported file type {path.suffix or '(none)'!r}; save it from Excel as .xlsx (or CSV UTF-8) and import again")])
    grid, problems, formulas, warnings = (_read_xlsx(path, sheet_name) if suffix == ".xlsx"
                                          else (*_read_csv(path), [], []))
    if grid is None:
        raise InputRejected(path.name, problems)
    if not any(not _blank(v) for _, values in grid for v in values):
        raise InputRejected(path.name, [Problem(
            None, FILE, path.name, f"文件是空的（没有表头和数据）；请使用{template_zh}填写后重新导入",
            "the file is empty (no headers, no rows); fill in the template and import again")])
    table = _build(path.name, grid, problems, fields, template_zh)
    table.structure_problems = problems
    table.warnings = warnings
    table.cell_problems = {(p.row, p.column): p for p in formulas}
    return table


# -- sources: each yields a grid of (row number, [raw values]) starting with the header row ------------

Grid = list[tuple[int, list[Any]]]


def _unreadable(path: Path, exc: Exception) -> Problem:
    return Problem(None, FILE, path.name,
                   f"文件无法读取（{type(exc).__name__}），可能已损坏或并非 Excel 文件；请用 Excel 打开后另存为 .xlsx 再导入",
                   f"the file cannot be read ({type(exc).__name__}); it may be damaged or not an Excel file - "
                   "open it in Excel, save as .xlsx and import again")


def _read_xlsx(path: Path, sheet_name: str = SHEET_NAME
               ) -> tuple[Grid | None, list[Problem], list[Problem], list[Problem]]:
    from openpyxl import load_workbook  # deferred: a command that reads no workbook does not pay for it

    try:
        # Not read-only: merged ranges are only visible in a full workbook. data_only=False keeps
        # formulas as formulas, so they can be refused instead of trusting a cached result.
        wb = load_workbook(path, read_only=False, data_only=False)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, XML and IO errors for damaged files
        return None, [_unreadable(path, exc)], [], []
    ws = wb[sheet_name] if sheet_name in wb.sheetnames else wb.worksheets[0]
    headers = [canonical_header(c.value) for c in ws[HEADER_ROW]]  # only to name columns in problems
    problems, formulas, warnings = [], [], []
    fill: dict[tuple[int, int], Any] = {}   # (row, column) → value of the merged cell above it
    for rng in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        column = _column_name(headers, rng.min_col - 1)
        if rng.min_col == rng.max_col and rng.min_row > HEADER_ROW and column in FILL_DOWN:
            top = ws.cell(rng.min_row, rng.min_col).value
            fill.update({(r, rng.min_col): top for r in range(rng.min_row + 1, rng.max_row + 1)})
            warnings.append(Problem(
                rng.min_row, column, rng.coord,
                f"合并单元格 {rng.coord} 已按“{top}”向下填充到第 {rng.min_row}–{rng.max_row} 行；请核对",
                f"merged cells {rng.coord} filled down with {top!r} (rows {rng.min_row}-{rng.max_row}); please check"))
            continue
        problems.append(Problem(
            rng.min_row, _column_name(headers, rng.min_col - 1), rng.coord,
            f"存在合并单元格 {rng.coord}；请取消合并，并在每个单元格中分别填写",
            f"merged cells {rng.coord}; unmerge them and fill in every cell"))
    grid: Grid = []
    for cells in ws.iter_rows(min_row=HEADER_ROW):
        row = cells[0].row
        values = []
        for cell in cells:
            if cell.data_type == "f":
                formulas.append(Problem(
                    row, _column_name(headers, cell.column - 1), str(getattr(cell.value, "text", cell.value)),
                    f"单元格 {cell.coordinate} 是公式；请复制后“选择性粘贴 → 数值”，只保留结果",
                    f"cell {cell.coordinate} holds a formula; copy it and paste values only"))
            values.append(fill.get((row, cell.column), cell.value))
        grid.append((row, values))
    return grid, problems, formulas, warnings


def _read_csv(path: Path) -> tuple[Grid | None, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [_unreadable(path, exc)]
    for encoding in ("utf-8-sig", "gb18030"):  # Excel's "CSV UTF-8" has a BOM; plain "CSV" on Chinese Windows is GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return None, [Problem(None, FILE, path.name, "无法识别文件编码；请用 Excel 另存为“CSV UTF-8”或 .xlsx",
                              "unknown text encoding; save it from Excel as 'CSV UTF-8' or .xlsx")]
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return None, [_unreadable(path, exc)]
    return [(i, list(rec)) for i, rec in enumerate(records, start=HEADER_ROW)], []


# -- shared: headers and rows --------------------------------------------------------------------------

def get_column_letter(n: int) -> str:
    """Excel's column letters of the 1-based column ``n`` (1 → A, 27 → AA), as openpyxl's helper."""
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _column_name(headers: list[str], index: int) -> str:
    """The header of a 0-based column, or its letter when it has none."""
    if index < len(headers) and headers[index]:
        return headers[index]
    return f"{get_column_letter(index + 1)}列"


def _build(file: str, grid: Grid, problems: list[Problem], fields: tuple[Field, ...] = FIELDS,
           template_zh: str = "申报模板") -> RawTable:
    by_header = {f.header: f for f in fields}
    header_values = grid[0][1] if grid else []
    headers = [canonical_header(v) for v in header_values]
    by_index: dict[int, str] = {}
    seen: dict[str, str] = {}
    for i, h in enumerate(headers):
        if not h:
            continue
        letter = get_column_letter(i + 1)
        if h not in by_header:
            problems.append(Problem(
                HEADER_ROW, h, header_values[i],
                f"未知的表头“{h}”（{letter}列）；请使用{template_zh}，表头应为：{'、'.join(f.header for f in fields)}",
                f"unknown header {h!r} (column {letter}); use the template, whose headers are: "
                f"{', '.join(f.header for f in fields)}"))
        elif h in seen:
            problems.append(Problem(
                HEADER_ROW, h, header_values[i],
                f"表头“{h}”重复出现（{seen[h]}列和{letter}列）；请删除多余的一列",
                f"header {h!r} appears twice (columns {seen[h]} and {letter}); delete one of them"))
        else:
            seen[h] = letter
            by_index[i] = h
    for f in fields:
        if f.required and f.header not in seen:
            problems.append(Problem(
                HEADER_ROW, f.header, None,
                f"缺少必填列“{f.header}”；请使用{template_zh}，不要删除或改写表头",
                f"required column {f.header!r} ({f.en}) is missing; use the template and keep its headers"))

    table = RawTable(file, [h for h in headers if h])
    pending_empty = 0  # empty rows count only when data follows them: trailing blank rows are just the sheet's end
    for row, values in grid[1:]:
        if all(_blank(v) for v in values):
            pending_empty += 1
            continue
        table.skipped_empty_rows += pending_empty
        pending_empty = 0
        for i, v in enumerate(values):
            if not _blank(v) and (i >= len(headers) or not headers[i]):
                problems.append(Problem(
                    row, _column_name(headers, i), v,
                    f"{get_column_letter(i + 1)}列有内容但没有表头；请把内容移到正确的列，或删除",
                    f"column {get_column_letter(i + 1)} has data but no header; move it to the right column or delete it"))
        table.rows.append((row, {h: values[i] if i < len(values) else None for i, h in by_index.items()}))
    return table
