"""Free text is checked once, the same way for the CLI, the apps (through the facade) and the importers."""
from __future__ import annotations

import pytest

from panel_toolkit import freetext
from panel_toolkit.errors import InvalidText
from panel_toolkit.intake import values
from panel_toolkit.sheets.rules import Entry, check_sheet


@pytest.mark.parametrize("text", ["a\x00b", "a\x07b", "a\x1bb", "\x85", "a\u2028b", "x" * (freetext.LONG + 1)])
def test_control_characters_nul_and_overlong_text_are_refused(text):
    with pytest.raises(InvalidText) as e:
        freetext.check(text, "理由")
    assert e.value.exit_code == 76 and e.value.message("zh").startswith("理由：")


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "+86 0417", "-", "@所有人", "<b>粗</b>", "第一行\n第二行\t缩进"])
def test_formula_starts_and_markup_are_stored_as_typed(text):
    assert freetext.check(text, "理由") == text   # neutralised where they could run: panel_toolkit.exports


def test_one_line_fields_refuse_line_breaks():
    assert freetext.check("甲\n乙", "备注") == "甲\n乙"
    with pytest.raises(InvalidText) as e:
        freetext.check("甲\n乙", "建设单位", freetext.SHORT, multiline=False)
    assert "只能写一行" in e.value.message("zh")


def test_the_import_applies_the_same_limit():
    with pytest.raises(values.CellError) as e:
        values.parse_text("名" * (freetext.LONG + 1))
    assert "超过上限" in e.value.zh


def test_the_app_path_refuses_the_same_text(workspace):
    s = workspace.session("2024")
    with pytest.raises(InvalidText):
        s.record_screening(1, "rejected", "理由\x00")


def test_sheet_comments_and_veto_reasons_are_checked(rubric_default):
    problems = check_sheet(rubric_default, "material", {"A1": Entry(score=None, comment="坏\x00")}, complete=False)
    assert any("NUL" in p.reason_en for p in problems)


@pytest.fixture
def rubric_default():
    from panel_toolkit.config.rubric import bundled_rubrics_dir, load_rubric

    return load_rubric(bundled_rubrics_dir() / "yingkou-2023-default.yaml")
