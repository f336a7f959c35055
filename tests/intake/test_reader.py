"""read_table: structure of real .xlsx and .csv files. Every structural problem is reported together."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from panel_toolkit.errors import InputRejected
from panel_toolkit.intake.fields import FIELDS
from panel_toolkit.intake.reader import FILE, canonical_header, read_table
from panel_toolkit.intake.validate import validate

HEADERS = [f.header for f in FIELDS]
REQUIRED = [f.header for f in FIELDS if f.required]


def rejected(path) -> InputRejected:
    """The structural problems of ``path`` (validation reports them together with the cells' problems)."""
    with pytest.raises(InputRejected) as info:
        raw = read_table(path)
        if raw.structure_problems:
            raise InputRejected(raw.file, raw.structure_problems)
    assert info.value.file == path.name
    return info.value


def by_cell(e: InputRejected) -> dict:
    return {(p.row, p.column): p for p in e.problems}


# -- good files ---------------------------------------------------------------------------------

def test_reads_a_filled_template(write_xlsx, valid_row):
    rows = [valid_row(), valid_row(contact_phone="0417-2812345")]
    table = read_table(write_xlsx(rows))
    assert table.file == "申报表.xlsx"
    assert table.headers == HEADERS
    assert [r for r, _ in table.rows] == [2, 3]
    assert table.rows[1][1]["联系电话"] == "0417-2812345"
    assert table.rows[0][1]["建设单位名称"] == rows[0]["建设单位名称"]
    assert isinstance(table.rows[0][1]["成立日期"], dt.datetime)  # raw: as openpyxl gives it
    assert table.skipped_empty_rows == 0


def test_empty_rows_are_skipped_and_counted(write_xlsx, valid_row):
    blank = {"建设单位名称": "   "}  # spaces only: still empty
    path = write_xlsx([valid_row(), {}, blank, valid_row(), {}, valid_row(), {}, {}])
    table = read_table(path)
    assert [r for r, _ in table.rows] == [2, 5, 7]
    assert table.skipped_empty_rows == 3  # rows 3, 4, 6; trailing blank rows are just the end of the sheet


def test_sheet_named_申报表_is_preferred(tmp_path, valid_row):
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["这一页不是数据"])
    ws = wb.create_sheet("申报表")
    row = valid_row()
    ws.append(list(row))
    ws.append(list(row.values()))
    wb.save(path := tmp_path / "two-sheets.xlsx")
    assert len(read_table(path).rows) == 1


def test_otherwise_the_first_sheet_is_read(write_sheet, valid_row):
    row = valid_row()
    table = read_table(write_sheet([list(row), list(row.values())], title="Sheet1"))
    assert table.rows[0][1]["统一社会信用代码"] == row["统一社会信用代码"]


def test_header_marks_spaces_and_full_width_brackets_are_ignored(write_sheet, valid_row):
    row = valid_row()
    header = [f"*{h}" if h == "建设单位名称" else h for h in row]
    header[header.index("县(市)区")] = " 县（市）区 *"
    header[header.index("联系人")] = "联 系 人"
    table = read_table(write_sheet([header, list(row.values())]))
    assert table.headers == HEADERS
    assert table.rows[0][1]["县(市)区"] == row["县(市)区"]


def test_canonical_header():
    assert canonical_header("* 县（市）区 *") == "县(市)区"
    assert canonical_header(None) == ""


def test_optional_columns_may_be_left_out(write_sheet, valid_row):
    row = {h: val for h, val in valid_row().items() if h in REQUIRED}
    table = read_table(write_sheet([list(row), list(row.values())]))
    assert set(table.headers) == set(REQUIRED)


# -- headers ------------------------------------------------------------------------------------

def test_missing_required_headers_are_named(write_sheet, valid_row):
    row = valid_row()
    del row["统一社会信用代码"], row["第二年培训人数"], row["备注"]  # 备注 is optional
    e = rejected(write_sheet([list(row), list(row.values())]))
    missing = [p for p in e.problems if p.row == 1 and "缺少必填列" in p.reason_zh]
    assert [p.column for p in missing] == ["统一社会信用代码", "第二年培训人数"]
    assert "统一社会信用代码" in missing[0].reason_zh and "template" in missing[0].reason_en


def test_unknown_headers_are_named_with_the_expected_ones(write_sheet, valid_row):
    row = valid_row()
    header = list(row) + ["法人代表"]
    header[0] = "单位名称"
    e = rejected(write_sheet([header, list(row.values()) + ["张三"]]))
    problems = by_cell(e)
    assert "未知的表头“单位名称”（A列）" in problems[(1, "单位名称")].reason_zh
    assert "法人代表" in problems[(1, "法人代表")].reason_zh
    assert all(h in problems[(1, "单位名称")].reason_zh for h in HEADERS)  # lists what it should be
    assert (1, "建设单位名称") in problems  # and the required column is then missing


def test_duplicated_headers(write_sheet, valid_row):
    row = valid_row()
    e = rejected(write_sheet([list(row) + ["行业"], list(row.values()) + ["餐饮"]]))
    [p] = e.problems
    assert (p.row, p.column) == (1, "行业")
    assert "重复" in p.reason_zh and "H列" in p.reason_zh and "AG列" in p.reason_zh


def test_data_without_a_header(write_sheet, valid_row):
    row = valid_row()
    e = rejected(write_sheet([list(row), list(row.values()) + ["多出来的"]]))
    [p] = e.problems
    assert (p.row, p.column, p.value) == (2, "AG列", "多出来的")
    assert "没有表头" in p.reason_zh


# -- cells --------------------------------------------------------------------------------------

def test_merged_cells_are_named(write_xlsx, valid_row):
    path = write_xlsx([valid_row(), valid_row(), valid_row(), valid_row(), valid_row(), valid_row()])
    wb = openpyxl.load_workbook(path)
    ws = wb["申报表"]
    ws.merge_cells("B5:B7")       # the credit codes of rows 5-7
    ws.merge_cells("R1:S1")       # two headers
    wb.save(path)
    e = rejected(path)
    problems = by_cell(e)
    assert problems[(5, "统一社会信用代码")].value == "B5:B7"
    assert "合并单元格 B5:B7" in problems[(5, "统一社会信用代码")].reason_zh
    assert problems[(1, "第一年培训人数")].value == "R1:S1"
    assert "unmerge" in problems[(5, "统一社会信用代码")].reason_en


def test_formula_cells_are_refused_with_the_other_cell_problems(write_xlsx, valid_row, config):
    # openpyxl stores a string starting with '=' as a formula cell (data_type 'f'). Formulas are cell
    # problems: reported by validation together with every other problem of the file.
    path = write_xlsx([valid_row(unit_name="=cmd|' /C calc'!A0"), valid_row(trained_y1="=100+50"),
                       valid_row(county="沈阳市")])
    raw = read_table(path)
    with pytest.raises(InputRejected) as info:
        validate(raw, config)
    e = info.value
    problems = by_cell(e)
    assert len(e.problems) == 3 and (4, "县(市)区") in problems
    p = problems[(2, "建设单位名称")]
    assert p.value == "=cmd|' /C calc'!A0"
    assert "单元格 A2 是公式" in p.reason_zh and "数值" in p.reason_zh and "paste values" in p.reason_en
    assert "单元格 R3 是公式" in problems[(3, "第一年培训人数")].reason_zh


def test_structural_and_cell_problems_are_reported_together(write_sheet, valid_row, config):
    """One import lists everything to fix: headers, a merged cell, a formula and bad cell values."""
    row = valid_row(agreements="=SUM(1,2)")
    header = list(row)
    header[header.index("行业")] = "行业类别"
    path = write_sheet([header, list(row.values()), list(valid_row(trained_y1="很多").values())])
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("B2:B3")   # two credit codes under one merged cell
    wb.save(path)
    with pytest.raises(InputRejected) as info:
        validate(read_table(path), config)
    e = info.value
    assert {(1, "行业类别"), (1, "行业"), (2, "统一社会信用代码"), (2, "长期合作协议数量"),
            (3, "第一年培训人数")} <= {(p.row, p.column) for p in e.problems}


def test_a_county_merged_down_a_column_is_filled_down_with_a_warning(write_xlsx, valid_row, config):
    path = write_xlsx([valid_row(county="盖州市"), valid_row(county=None), valid_row(county=None)])
    wb = openpyxl.load_workbook(path)
    wb["申报表"].merge_cells("D2:D4")
    wb.save(path)
    raw = read_table(path)
    assert raw.structure_problems == []
    [w] = raw.warnings
    assert w.row == 2 and w.column == "县(市)区" and "向下填充" in w.reason_zh and "D2:D4" in w.reason_zh
    table = validate(raw, config)
    assert list(table.frame["county"]) == ["盖州市"] * 3 and table.warnings == (w,)


# -- files --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["申报表.xls", "申报表.txt", "申报表.xlsm", "申报表"])
def test_unsupported_extension(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"whatever")
    [p] = rejected(path).problems
    assert p.column == FILE and "不支持的文件类型" in p.reason_zh and ".xlsx" in p.reason_zh


@pytest.mark.parametrize("content", [b"", b"not a zip file", b"PK\x03\x04broken"])
def test_corrupt_xlsx(tmp_path, content):
    path = tmp_path / "坏文件.xlsx"
    path.write_bytes(content)
    [p] = rejected(path).problems
    assert "无法读取" in p.reason_zh and "另存为 .xlsx" in p.reason_zh


def test_missing_file_is_unreadable(tmp_path):
    [p] = rejected(tmp_path / "没有.xlsx").problems
    assert "无法读取" in p.reason_zh


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_encodings(write_csv, valid_row, encoding):
    rows = [valid_row(), valid_row()]
    table = read_table(write_csv(rows, encoding=encoding))
    assert table.headers == HEADERS
    assert [r for r, _ in table.rows] == [2, 3]
    first = table.rows[0][1]
    assert first["建设单位名称"] == rows[0]["建设单位名称"]
    assert first["第一年培训人数"] == str(rows[0]["第一年培训人数"])  # csv values are strings
    assert first["备注"] == ""


def test_csv_empty_rows_skipped(tmp_path, valid_row):
    row = valid_row()
    lines = [",".join(row), ",".join("" if x is None else str(x) for x in row.values()), ",,,", ""]
    lines.append(lines[1].replace(row["统一社会信用代码"], valid_row()["统一社会信用代码"]))
    (path := tmp_path / "a.csv").write_text("\n".join(lines), encoding="utf-8")
    table = read_table(path)
    assert [r for r, _ in table.rows] == [2, 5]
    assert table.skipped_empty_rows == 2


def test_csv_in_an_unknown_encoding(tmp_path):
    (path := tmp_path / "a.csv").write_bytes("建设单位名称\n营口".encode("utf-16"))
    [p] = rejected(path).problems
    assert "编码" in p.reason_zh


def test_csv_unknown_header(write_csv, valid_row):
    row = valid_row()
    row["电话"] = row.pop("联系电话")
    e = rejected(write_csv([row]))
    assert {(p.row, p.column) for p in e.problems} == {(1, "电话"), (1, "联系电话")}
