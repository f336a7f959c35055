"""The dashboards' widgets over a real scored demo workspace (no browser): what the city and a county
see, the filters changing the figures, the drill-down, the Excel download, the links."""
from __future__ import annotations

import base64
import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from panel_toolkit import Actor, Workspace
from panel_toolkit.dashboards import summary as sm
from panel_toolkit.dashboards.city import CityOverview
from panel_toolkit.dashboards.city import app as city_app
from panel_toolkit.dashboards.county import CountyDashboard
from panel_toolkit.dashboards.county import app as county_app
from panel_toolkit.dashboards.kit import ExcelDownload
from panel_toolkit.demo import build_demo
from panel_toolkit.demo.experts import add_demo_panel
from panel_toolkit.demo.scores import fill_scores

COUNTY = "盖州市"


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("dashboards")
    build_demo(root, seed=2024)
    add_demo_panel(root)
    ws = Workspace(root)
    fill_scores(ws.session("demo"), seed=7, draft_share=0.06, missing_share=0.04)
    ws.close()
    return root


@pytest.fixture
def ws(root, monkeypatch):
    monkeypatch.setenv("PANEL_TOOLKIT_WORKSPACE", str(root))
    w = Workspace(root)
    yield w
    w.close()


def counties_in(fig) -> set[str]:
    return {t.name for t in fig.data if t.name}


def test_the_city_sees_every_county_and_the_filter_changes_the_figures(ws):
    d = CountyDashboard(ws.session("demo"))
    assert counties_in(d.funnel_fig.figure) == set(d.data.units)
    assert "全部县(市)区" in d.score_fig.figure.layout.title.text
    total = re.search(r"pt-kpi-applications\"><b>(\d+)", d.kpis.value).group(1)
    d.county.value = COUNTY
    assert counties_in(d.funnel_fig.figure) == {COUNTY}
    assert d.score_fig.figure.layout.title.text.endswith(COUNTY)
    assert re.search(r"pt-kpi-applications\"><b>(\d+)", d.kpis.value).group(1) == "6" != total
    listed = d.listed()
    assert set(listed["county"]) <= {COUNTY}
    d.show("detail")
    assert all(COUNTY in label for label, _ in d.candidate.options)


def test_tabs_are_drawn_when_shown_and_redrawn_after_a_filter_change(ws):
    d = CountyDashboard(ws.session("demo"))
    assert d.keys == ["overview", "pending", "progress", "flags", "list", "detail"]
    assert d.progress_fig.figure is None and d.list_table.value == ""      # not drawn before they are shown
    d.show("progress")
    assert d.progress_fig.figure.layout.title.text.endswith("全部县(市)区")
    d.county.value = COUNTY                                                  # the visible tab follows the filter
    assert d.progress_fig.figure.layout.title.text.endswith(COUNTY)
    assert d.funnel_fig.figure.layout.title.text.endswith("全部县(市)区")  # hidden: stale until shown
    d.show("overview")
    assert d.funnel_fig.figure.layout.title.text.endswith(COUNTY)


def test_the_industry_and_outcome_filters_narrow_the_list(ws):
    d = CountyDashboard(ws.session("demo"))
    industry = d.industry.options[1][1]
    d.industry.value = industry
    assert set(d.listed()["industry"]) == {industry}
    d.industry.value = ""
    d.show("list")
    d.outcome.value = "pass"
    assert set(d.listed()["conclusion"]) == {"proposed"}
    assert "拟认定" in d.list_table.value and "不予认定" not in d.list_table.value


def test_a_due_date_shows_who_is_late(ws):
    import datetime as dt

    d = CountyDashboard(ws.session("demo"), today=dt.date(2030, 1, 2))
    assert d.due.value == ws.session("demo").config.due_date is not None   # the session's panel.due_date
    d.due.value = None
    d.show("progress")
    assert "设定评分截止日期" in d.progress_table.value
    d.due.value = dt.date(2030, 1, 1)
    late = int(d.progress()["late"].sum())
    assert late > 0 and f"逾期未完成：{late} 位专家" in d.progress_table.value
    assert "逾期" in "".join(d.progress_fig.figure.layout.yaxis.ticktext)


def test_before_the_end_the_city_sees_what_is_pending_per_county_and_expert_and_who_is_late(ws):
    import datetime as dt

    city = ws.session("demo")
    states = city.sheet_states()
    open_sheets = states[states["state"] != "submitted"]
    assert len(open_sheets) > 0 and city.closure()[0] == "open"              # scored with drafts and gaps, not confirmed
    due = city.config.due_date
    d = CountyDashboard(city, today=due)                                    # on the due day: pending, nobody late
    d.show("pending")
    page = d.pending_table.value
    assert "还有 0 天" in page and "逾期未提交" not in page
    pending = d.pending()
    assert list(pending.index) == sorted(open_sheets.index, key=lambda i: (states.at[i, "county"], states.at[i, "unit_name"], states.at[i, "part"]))
    assert not pending["late"].any()
    one = open_sheets.iloc[0]
    for text in (one["unit_name"], one["expert_name"], "资料评审" if one["part"] == "material" else "实地核查", "专家", "待提交"):
        assert text in page
    by_county = d.by_county()
    assert by_county["pending"].sum() == len(open_sheets) and by_county["assigned"].sum() == len(states)
    assert (by_county.loc[COUNTY, "assigned"] == (states["county"] == COUNTY).sum())

    late = CountyDashboard(city, today=due + dt.timedelta(days=1))         # a day later: every pending sheet is late
    late.show("pending")
    assert late.pending()["late"].all() and f"{len(open_sheets)} 份评分表逾期未提交" in late.pending_table.value
    assert late.by_county()["late"].equals(late.by_county()["pending"] > 0)
    late.county.value = COUNTY                                              # the filter narrows it
    assert set(late.pending()["county"]) <= {COUNTY}
    sheets = ExcelDownload(late.shown, late.filename, "zh").workbook()
    wb = load_workbook(io.BytesIO(sheets))
    assert "待提交评分表" in wb.sheetnames and "各县(市)区进度" in wb.sheetnames
    assert [c.value for c in wb["待提交评分表"][1]] == ["县(市)区", "建设单位", "劳务品牌", "部分", "专家", "状态", "逾期"]


def test_a_county_sees_its_pending_sheets_without_the_experts(ws):
    import datetime as dt

    city = ws.session("demo")
    states = city.sheet_states()
    mine = states[(states["county"] == COUNTY) & (states["state"] != "submitted")]
    county = ws.session("demo", Actor.county(COUNTY))
    own = county.sheet_states()
    assert set(own["county"]) == {COUNTY} and "expert_name" not in own and "expert_id" not in own
    d = CountyDashboard(county, today=city.config.due_date + dt.timedelta(days=3))
    d.show("pending")
    assert len(d.pending()) == len(mine) and d.pending()["late"].all()
    page = d.pending_table.value
    assert "专家姓名仅市人社局可见" in page and "逾期未提交" in page
    assert not [n for n in set(city.experts_frame()["name"]) if n in page]
    assert list(d.by_county().index) == [COUNTY]


def test_sheet_states_refuse_an_expert(ws):
    from panel_toolkit.errors import AccessDenied

    expert = int(ws.session("demo").experts_frame().index[0])
    with pytest.raises(AccessDenied):
        ws.session("demo", Actor.expert(expert, "x")).sheet_states()


def test_the_drill_down_shows_sections_each_experts_total_and_eligibility(ws):
    d = CountyDashboard(ws.session("demo"))
    d.outcome.value = "pass"
    d.show("detail")
    html = d.detail.value
    for text in ("综合得分", "资格审查（第八条）", "各专家总分", "资料评审分项得分", "品牌建设", "已提交"):
        assert text in html
    failing = d.data.status.index[~d.data.status["eligible"]][0]
    d.outcome.value = "all"
    d.candidate.value = int(failing)
    assert "未进入评审" in {v: k for k, v in d.candidate.options}[int(failing)]
    assert "资格审查（第八条）" in d.detail.value


def test_a_county_sees_only_its_county_and_no_expert(ws):
    city = ws.session("demo")
    experts = set(city.experts_frame()["name"])
    others = set(city.applications_frame().query("county != @COUNTY")["unit_name"])
    d = CountyDashboard(ws.session("demo", Actor.county(COUNTY)))
    assert d.keys == ["overview", "pending", "list", "detail"]              # no expert progress, no flags
    for key in d.keys:
        d.show(key)
    assert d.county.disabled and [v for _, v in d.county.options] == [COUNTY]
    assert set(d.data.status["county"]) == {COUNTY}
    assert counties_in(d.funnel_fig.figure) == {COUNTY}
    page = " ".join([d.heading.value, d.kpis.value, d.list_table.value, d.detail.value, d.pending_table.value,
                     *(label for label, _ in d.candidate.options)])
    assert not [n for n in others if n in page]
    assert not [e for e in experts if e in page]
    assert "仅市人社局可见" in d.detail.value
    assert d.data.notes            # no scores before the chair confirms


def test_the_excel_download_neutralises_formula_like_cells():
    frame = pd.DataFrame({"单位名称": ["=HYPERLINK(\"http://x\")", "（示例）营口市某公司"]})
    dl = ExcelDownload(lambda: {"名单": frame}, lambda: "名单.xlsx", "zh")
    dl.button.click()
    href = re.search(r'href="data:[^;]+;base64,([^"]+)"', dl.link.value).group(1)
    ws = load_workbook(io.BytesIO(base64.b64decode(href)))["名单"]
    assert ws["A2"].value == "'=HYPERLINK(\"http://x\")" and ws["A3"].value == "（示例）营口市某公司"
    assert 'download="名单.xlsx"' in dl.link.value


def test_the_download_has_the_filtered_list(ws):
    d = CountyDashboard(ws.session("demo"))
    d.county.value = COUNTY
    shown = d.shown()
    assert set(shown["拟认定名单"]["县(市)区"]) == {COUNTY}
    assert shown["进度"].index.tolist() == [COUNTY]
    assert d.filename().endswith(".xlsx") and COUNTY in d.filename()


def test_the_city_overview_summarises_reliability_and_sensitivity(ws):
    o = CityOverview(ws.session("demo"), n_boot=50)
    assert "ICC" in o.rel_table.value and "资料评审" in o.rel_table.value
    assert "自助法（50 次" in o.sens_summary.value
    assert {t.name for t in o.method_fig.figure.data} >= {"平均分", "中位数"}
    assert o.time_fig.figure.data, "the timeline has the submitted sheets"
    assert o.bar.value == o.bar.max == 50


def test_links_open_the_right_dashboard_and_nothing_else(ws):
    city = ws.session("demo")
    county_link = city.issue_viewer_link("http://127.0.0.1/d", county=COUNTY).link
    token = county_link.split("token=")[1]
    assert isinstance(county_app({"token": token}), type(CountyDashboard(city).widget))
    refused = city_app({"token": token})
    assert "仅限市人社局" in refused.value
    for params in ({}, {"token": "x" * 43}, {"token": "nonsense"}):
        assert "链接无效或已失效" in county_app(params).value
    assert "This link is not valid" in county_app({"lang": "en"}).value


def test_the_dashboard_in_english(ws):
    d = CountyDashboard(ws.session("demo"), lang="en")
    assert "County dashboard" in d.heading.value and "applications" in d.kpis.value
    assert d.funnel_fig.figure.layout.title.text.startswith("Progress")
    assert sm.list_view(d.listed(), "en").columns[0] == "application"


@pytest.fixture(scope="module")
def confirmed_root(tmp_path_factory):
    """A demo session whose list the chair has confirmed (every sheet in, every veto decided)."""
    root = tmp_path_factory.mktemp("confirmed")
    build_demo(root, seed=2024)
    add_demo_panel(root)
    ws = Workspace(root)
    city = ws.session("demo")
    fill_scores(city, seed=2024)
    for r in city.vetoes_frame().drop_duplicates(["application_id", "veto_id"]).itertuples():
        city.dismiss_veto(int(r.application_id), r.veto_id, "（示例）经复核，基本属实")
    city.confirm_proposed_list()
    ws.close()
    return root


def test_after_confirmation_a_county_sees_its_own_scores_and_conclusions(confirmed_root):
    ws = Workspace(confirmed_root)
    try:
        confirmed = ws.session("demo").confirmed_list()
        d = CountyDashboard(ws.session("demo", Actor.county(COUNTY)))
        assert d.data.confirmed and not d.data.notes
        mine = confirmed[confirmed["county"] == COUNTY]
        assert set(d.data.status.index[d.data.status["proposed"]]) == set(mine.loc[mine["conclusion"] == "proposed",
                                                                                   "application_id"])
        scored = d.data.status[d.data.status["scored"]]
        assert len(scored) > 0 and set(scored["county"]) == {COUNTY}
        assert {t.name for t in d.score_fig.figure.data} == {COUNTY}
        d.show("list")
        others = confirmed.loc[confirmed["county"] != COUNTY, "unit_name"]
        assert not [n for n in others if n in d.list_table.value]
        city = CountyDashboard(ws.session("demo"))
        assert city.data.confirmed and city.data.method == "trimmed_mean"
        assert city.data.status["proposed"].sum() == (confirmed["conclusion"] == "proposed").sum()
    finally:
        ws.close()
