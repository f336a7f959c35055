"""Cell parsers: accepted spellings give clean values; bad cells raise CellError with a reason in zh and en."""
from __future__ import annotations

import datetime as dt

import pytest

from panel_toolkit.intake import values as v

REF = dt.date(2024, 9, 30)


def refused(parse, raw, *args) -> v.CellError:
    with pytest.raises(v.CellError) as info:
        parse(raw, *args)
    assert info.value.zh and info.value.en
    return info.value


# -- counts -------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    (120, 120), (0, 0), (120.0, 120), ("120", 120), (" 120 ", 120), ("１２０", 120), ("120人", 120),
    ("１２０ 人", 120), ("120.0", 120), ("1,200", 1200), ("１，２００人", 1200),
])
def test_count_accepted(raw, expected):
    assert v.parse_count(raw) == expected
    assert type(v.parse_count(raw)) is int


@pytest.mark.parametrize("raw, words", [
    (-5, "负数"), ("-5", "负数"), (-5.0, "负数"), ("－５", "负数"),
    (12.5, "整数"), ("12.5", "整数"),
    ("一百二十", "不是数字"), ("约120", "不是数字"), ("120-150", "不是数字"), ("12,00", "不是数字"),
    (True, "是/否"), (float("nan"), "不是有效数字"), (10**9, "过大"),
])
def test_count_refused(raw, words):
    assert words in refused(v.parse_count, raw).zh


# -- dates --------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    dt.datetime(2020, 5, 18), dt.datetime(2020, 5, 18, 13, 30), dt.date(2020, 5, 18),
    "2020-05-18", "2020-5-18", "2020/5/18", "2020.5.18", "2020年5月18日", "2020年05月18日", "2020年5月18",
    "20200518", 20200518, 20200518.0, " ２０２０－０５－１８ ", "2020-05-18 00:00:00",
])
def test_date_accepted(raw):
    assert v.parse_date(raw, REF) == dt.date(2020, 5, 18)


def test_leap_day_exists():
    assert v.parse_date("2020-02-29") == dt.date(2020, 2, 29)


@pytest.mark.parametrize("raw, words", [
    ("2021-02-30", "2021年2月只有28天"),
    ("2021-02-29", "2021年2月只有28天"),
    ("2023-04-31", "2023年4月只有30天"),
    ("2020-13-01", "没有 13 月"),
    ("20210230", "2021年2月只有28天"),
    ("2020-05/18", "无法识别"),      # mixed separators
    ("18/05/2020", "无法识别"),      # day first is ambiguous; refused, not guessed
    ("去年五月", "无法识别"),
    (43969, "无法识别"),             # an Excel serial number stored in a General cell
    ("0210-01-01", "不合理"),
    (True, "不是日期"),
])
def test_date_refused(raw, words):
    e = refused(v.parse_date, raw, REF)
    assert words in e.zh
    assert "2020-05-18" in e.zh or "只有" in e.zh or "没有" in e.zh  # says how to write it


def test_date_after_the_reference_date_is_refused():
    assert v.parse_date("2024-09-30", REF) == REF
    e = refused(v.parse_date, "2024-10-01", REF)
    assert "申报截止日 2024-09-30" in e.zh and "reference date" in e.en


# -- yes/no -------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["是", "Y", "y", "yes", "YES", "true", "True", "1", "√", "✓", " 是 ", 1, 1.0, True])
def test_bool_true(raw):
    assert v.parse_bool(raw) is True


@pytest.mark.parametrize("raw", ["否", "N", "no", "false", "FALSE", "0", "×", "✗", 0, 0.0, False])
def test_bool_false(raw):
    assert v.parse_bool(raw) is False


@pytest.mark.parametrize("raw", ["有", "不是", "2", 2, "yes!"])
def test_bool_refused(raw):
    assert "是" in refused(v.parse_bool, raw).zh


# -- credit code --------------------------------------------------------------------------------

def test_credit_code_normalized():
    assert v.parse_credit_code(" ９１３５０１００ｍ０００１００ｙ４３") == "91350100M000100Y43"


@pytest.mark.parametrize("raw, words", [
    ("91350100M000100Y44", "校验位"),
    ("91350100M000100Y4", "实际为17位"),
    ("91350100M000100Y433", "实际为19位"),
    ("91350100O000100Y43", "不允许的字符 O"),
    ("9135010IM000100Y43", "不允许的字符 I"),
    ("913501 0M000100Y43", "不允许的字符"),
    (9.13501e17, "数字"),
    (913501001234567890, "数字"),
])
def test_credit_code_refused(raw, words):
    e = refused(v.parse_credit_code, raw)
    assert words in e.zh
    assert "营业执照" in e.zh or "不用 I、O、S、V、Z" in e.zh or "文本" in e.zh  # how to fix


# -- lists --------------------------------------------------------------------------------------

def test_unit_type():
    assert v.parse_unit_type(" 行业组织 ") == "行业组织"
    e = refused(v.parse_unit_type, "个体户")
    assert "行业组织、企事业单位" in e.zh


def test_county(config):
    assert v.parse_county("鲅鱼圈区", config.screening_units) == "鲅鱼圈区"
    assert v.parse_county("市直", config.screening_units) == "市直"
    e = refused(v.parse_county, "沈阳市", config.screening_units)
    assert "沈阳市" in e.zh
    for unit in config.screening_units:  # the reason lists every allowed value
        assert unit in e.zh and unit in e.en


def test_decision():
    assert v.parse_decision("通过") == "passed"
    assert v.parse_decision(" 不通过 ") == "rejected"
    assert "通过" in refused(v.parse_decision, "待定").zh


# -- phone --------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("13912345678", "13912345678"), (13912345678, "13912345678"), (13912345678.0, "13912345678"),
    ("0417-2812345", "0417-2812345"), ("(0417) 281 2345", "(0417) 281 2345"), ("+86 139 1234 5678", "+86 139 1234 5678"),
    ("１３９１２３４５６７８", "13912345678"),
])
def test_phone_accepted(raw, expected):
    assert v.parse_phone(raw) == expected


@pytest.mark.parametrize("raw, words", [
    ("139-1234-567a", "只能包含"), ("转 8001", "只能包含"), ("123456", "实际为6位"), ("1" * 21, "实际为21位"),
])
def test_phone_refused(raw, words):
    assert words in refused(v.parse_phone, raw).zh


# -- text ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("  营口渔家嫂 ", "营口渔家嫂"), ("营口（鲅鱼圈）家政", "营口（鲅鱼圈）家政"), (12345678, "12345678"),
    (12345678.0, "12345678"), ("《营口工匠》", "《营口工匠》"), ("A-1", "A-1"), ("工匠@营口", "工匠@营口"),
])
def test_text_accepted(raw, expected):
    assert v.parse_text(raw) == expected


@pytest.mark.parametrize("raw, words", [
    ("=cmd|' /C calc'!A0", "公式"),
    ("+1+1", "公式"), ("-2+3", "公式"), ("@SUM(A1)", "公式"), (" =1+1", "公式"),
    ("营口\t劳务", "换行"), ("第一行\n第二行", "换行"), ("回车\r符", "换行"),
    ("<script>alert(1)</script>", "尖括号"), ("营口<b>渔家嫂</b>", "尖括号"), ("a > b", "尖括号"),
])
def test_text_refused(raw, words):
    e = refused(v.parse_text, raw)
    assert words in e.zh
    assert "请" in e.zh  # says how to fix


def test_blank():
    assert v.is_blank(None) and v.is_blank("") and v.is_blank("  ") and v.is_blank("\u3000")
    assert not v.is_blank(0) and not v.is_blank("0") and not v.is_blank(False)
