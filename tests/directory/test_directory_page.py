"""The directory page's widgets without a browser: each view's trait drives what it shows; the page's
state says whether it can show anything (READY / EMPTY / DENIED)."""
from __future__ import annotations

import datetime as dt

import pytest

from panel_toolkit import Actor
from panel_toolkit.intake import creditcode

pytest.importorskip("ipywidgets")

from panel_toolkit.dashboards.directory_page import PageState, build_page

D = dt.date


@pytest.fixture
def filled(workspace):
    d = workspace.directory()
    a = d.register_entry(creditcode.make("9121080400000001X"), "渔家嫂公司<b>", "营口渔家嫂", "鲅鱼圈区", D(2022, 12, 20),
                         "YKLW-2022-001")
    b = d.register_entry(creditcode.make("9121088200000002X"), "镁都学校", "大石桥镁都技师", "大石桥市", D(2023, 12, 1),
                         "YKLW-2023-002")
    d.record_event(b, "rectification_order", "第十七条(二)", D(2025, 1, 31))
    return workspace, a, b


def test_page_views_follow_their_traits(filled):
    ws, _, b = filled
    page = build_page(ws, as_of=D(2025, 2, 10))
    assert page.state is PageState.READY
    table = page.status_table
    assert "营口渔家嫂" in table.table.value and "大石桥镁都技师" in table.table.value
    assert "渔家嫂公司&lt;b&gt;" in table.table.value                      # names are escaped
    table.status = "rectification"
    assert "营口渔家嫂" not in table.table.value and "2025-02-28" in table.table.value
    assert table.filter.value == "rectification"
    dl = page.deadline_view
    assert "整改期限" in dl.upcoming_box.value and "已逾期（" in dl.overdue_box.value
    dl.picker.value = D(2025, 3, 1)
    assert dl.as_of == D(2025, 3, 1) and "整改期限" in dl.overdue_box.value
    page.show_history(b)
    assert page.tabs.selected_index == 2 and page.history_view.selector.value == b
    body = page.history_view.body.value
    assert "当前状态：责令整改" in body and "第十七条(二)" in body and "认定授牌" in body
    assert "第十七条(二)" not in page.published.table.value


def test_page_states(filled):
    ws, _, _ = filled
    assert build_page(ws, actor=Actor.county("盖州市")).state is PageState.DENIED


def test_empty_directory(workspace):
    page = build_page(workspace)
    assert page.state is PageState.EMPTY and "目录中尚无劳务品牌" in page.children[-1].value


def test_english(filled):
    ws, _, _ = filled
    page = build_page(ws, lang="en", as_of=D(2025, 2, 10))
    assert "rectification ordered" in page.status_table.table.value
