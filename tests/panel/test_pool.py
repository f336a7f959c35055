"""The expert pool form: read like applications (same structural checks), validated all or nothing."""
from __future__ import annotations

import pytest

from panel_toolkit.errors import InputRejected
from panel_toolkit.intake.reader import read_table
from panel_toolkit.panel.pool import EXPERT_FIELDS, SHEET_NAME, TEMPLATE_ZH, parse_mobile, validate_experts
from panel_toolkit.panel.sample import sample_experts, write_pool

HEADERS = [f.header for f in EXPERT_FIELDS]


def row(**kw):
    base = {"姓名": "王芳", "工作单位": "营口理工学院", "工作单位统一社会信用代码": None, "所在县(市)区": "老边区",
            "专业领域": "家政服务", "职称": "副教授", "手机": "13912345678"}
    return {**base, **kw}


def read(path, config):
    return validate_experts(read_table(path, EXPERT_FIELDS, SHEET_NAME, TEMPLATE_ZH), config)


def grid(*rows):
    return [list(HEADERS), *[[r.get(h) for h in HEADERS] for r in rows]]


def test_a_filled_template_reads(tmp_path, config):
    experts = sample_experts(config.screening_units, 12, seed=3)
    df = read(write_pool(tmp_path / "专家库.xlsx", experts, config), config)
    assert len(df) == 12 and list(df["source_row"]) == list(range(2, 14))
    assert list(df["phone"]) == [e["phone"] for e in experts]
    assert str(df["name"].dtype) == "str"


def test_values_are_normalised(write_sheet, config):
    g = grid(row(手机="+86 139-1234-5678", 姓名=" 王芳 "))
    g[0][HEADERS.index("所在县(市)区")] = "所在县（市）区"          # full-width brackets in the header
    df = read(write_sheet(g, title=SHEET_NAME), config)
    assert (df.loc[0, "phone"], df.loc[0, "name"], df.loc[0, "county"]) == ("13912345678", "王芳", "老边区")


def test_every_bad_cell_is_reported_and_nothing_returned(write_sheet, config):
    rows = [row(), row(姓名=None, 手机="1391234567", **{"所在县(市)区": "沈阳市"}),
            row(姓名="李娜", 工作单位="=HYPERLINK(1)", 手机="0417-2812345", 工作单位统一社会信用代码="91210800MA0TEST00X")]
    with pytest.raises(InputRejected) as e:
        read(write_sheet(grid(*rows), title=SHEET_NAME), config)
    got = {(p.row, p.column) for p in e.value.problems}
    assert got == {(3, "姓名"), (3, "手机"), (3, "所在县(市)区"), (4, "工作单位"), (4, "手机"), (4, "工作单位统一社会信用代码")}


def test_the_same_expert_twice_names_both_rows(write_sheet, config):
    rows = [row(), row(姓名="李娜"), row(手机="13800000000"), row(姓名="张伟", 手机="13912345678")]
    with pytest.raises(InputRejected) as e:
        read(write_sheet(grid(*rows), title=SHEET_NAME), config)
    by_row = {}
    for p in e.value.problems:
        by_row.setdefault(p.row, []).append(p.reason_zh)
    # rows 2, 3 and 5 share a mobile number; rows 2 and 4 the name and employer
    assert sorted(by_row) == [2, 3, 4, 5]
    assert any("第3行、第5行" in r for r in by_row[2]) and any("第4行" in r and "姓名和工作单位" in r for r in by_row[2])


def test_missing_required_column_names_the_expert_template(write_sheet, config):
    g = grid(row())
    drop = HEADERS.index("手机")
    g = [[v for i, v in enumerate(r) if i != drop] for r in g]
    with pytest.raises(InputRejected) as e:
        read(write_sheet(g, title=SHEET_NAME), config)
    [p] = e.value.problems
    assert p.column == "手机" and "专家库模板" in p.reason_zh


def test_csv(write_csv, config):
    df = read(write_csv([row(), row(姓名="李娜", 手机="13800000000", **{"所在县(市)区": "市外"})], name="专家.csv"), config)
    assert list(df["county"]) == ["老边区", "市外"]


def test_empty_file(write_sheet, config):
    with pytest.raises(InputRejected):
        read(write_sheet([HEADERS], title=SHEET_NAME), config)


@pytest.mark.parametrize("raw, ok", [("13912345678", True), (13912345678, True), ("139 1234 5678", True),
                                     ("+8613912345678", True), ("12912345678", False), ("0417-2812345", False),
                                     ("1391234567", False), ("139123456789", False)])
def test_parse_mobile(raw, ok):
    from panel_toolkit.intake.values import CellError

    if ok:
        assert parse_mobile(raw) == "13912345678"
    else:
        with pytest.raises(CellError):
            parse_mobile(raw)
