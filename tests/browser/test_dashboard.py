"""The county dashboard and the city overview in a real Chromium against a real Voila server.

A demo workspace with an expert panel and synthetic sheets (some still open) is served by
``panel-toolkit serve``'s voila command on a free 127.0.0.1 port; dashboard links are issued through
the facade, as ``panel-toolkit viewer-link`` does. Requests to other hosts are aborted; the tests wait
for visible text, never sleep. Screenshots go to screenshots/ (gitignored) to be looked at.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from panel_toolkit import Workspace
from panel_toolkit.cli.serve import app_url, start_server, stop_server, voila_command, voila_env
from panel_toolkit.demo import build_demo
from panel_toolkit.demo.build import SESSION_ID
from panel_toolkit.demo.experts import add_demo_panel
from panel_toolkit.demo.scores import fill_scores

from .browser_kit import DESKTOP, PAGE_TIMEOUT_MS, SCREENSHOTS, open_local_page
from .conftest import _wait_for_http, free_port

pytestmark = pytest.mark.browser

DASHBOARD, OVERVIEW, DIRECTORY = "county_dashboard.ipynb", "city_overview.ipynb", "directory.ipynb"
COUNTY = "盖州市"
LAPTOP, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}


@dataclass
class Dashboards:
    port: int
    city: str           # the city's dashboard link
    county: str         # 盖州市's dashboard link
    overview: str       # the city overview, city link
    county_overview: str  # the city overview opened with 盖州市's link
    units: dict[str, list[str]]   # county → its applications' unit names
    experts: list[str]            # the panel's names (a county page shows none)
    directory: str = ""           # the directory page, city link
    log: Path | None = None       # the server's log (its tail is shown when a test fails)


@pytest.fixture(scope="module")
def dashboards(tmp_path_factory):
    root = tmp_path_factory.mktemp("dashboard-workspace")
    port = free_port()
    build_demo(root, seed=2024)
    add_demo_panel(root)
    ws = Workspace(root)
    city = ws.session(SESSION_ID)
    fill_scores(city, seed=7, draft_share=0.06, missing_share=0.04)
    board, overview = app_url(port, DASHBOARD), app_url(port, OVERVIEW)
    apps = city.applications_frame()
    units = {c: g["unit_name"].tolist() for c, g in apps.groupby("county")}
    county_link = city.issue_viewer_link(board, county=COUNTY).link
    links = Dashboards(port, city.issue_viewer_link(board).link, county_link, city.issue_viewer_link(overview).link,
                       county_link.replace(DASHBOARD, OVERVIEW), units, city.experts_frame()["name"].tolist(),
                       city.issue_viewer_link(app_url(port, DIRECTORY)).link)
    ws.close()
    log = links.log = root / "voila.log"
    with log.open("w") as out:
        proc = start_server(voila_command(port, preheat=False), voila_env(root), stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for_http(f"http://127.0.0.1:{port}/", proc, log)
        yield links
    finally:
        stop_server(proc)     # the server shuts its kernels down (and they exit if it dies)


@pytest.fixture
def page_at(browser, dashboards):
    """Pages of the conftest's one Chromium (one Playwright per test session), on this module's server.
    ``expect`` waits as long as a page may (a loaded machine), not its 5 s default."""
    from playwright.sync_api import expect

    expect.set_options(timeout=PAGE_TIMEOUT_MS)
    contexts = []

    def make(url: str, viewport: dict | None = None):
        return open_local_page(browser, dashboards.port, url, contexts, viewport)

    yield make
    for c in contexts:
        c.close()
    expect.set_options(timeout=5_000)


def shoot(page, name: str, viewport: dict = DESKTOP) -> Path:
    """The whole page into screenshots/ (gitignored), to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('.pt-dash, body')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": viewport["width"], "height": min(int(height) + 80, 12_000)})
    page.screenshot(path=str(path))   # Voila scrolls an inner container: a tall viewport shows it all
    page.set_viewport_size(viewport)
    return path


def tab(page, title: str) -> None:
    page.locator(".pt-tabs .lm-TabBar-tab", has_text=title).click()


def kpi(page, stage: str) -> str:
    return page.locator(f".pt-kpi-{stage} b").inner_text()


def test_city_dashboard_loads_and_the_county_filter_changes_the_figures(page_at, dashboards):
    from playwright.sync_api import expect

    page = page_at(dashboards.city)
    scores_title = page.locator(".pt-fig-scores .gtitle")
    expect(scores_title).to_contain_text("综合得分分布 · 全部县(市)区")
    expect(page.locator(".pt-fig-funnel .gtitle")).to_contain_text("全部县(市)区")
    assert kpi(page, "applications") == str(sum(len(v) for v in dashboards.units.values()))
    # one colour per county: the funnel's legend lists every county
    expect(page.locator(".pt-fig-funnel .legend")).to_contain_text("大石桥市")
    shoot(page, "dashboard-city")
    tab(page, "待提交")
    expect(page.locator(".pt-pending")).to_contain_text("各县(市)区进度")
    expect(page.locator(".pt-pending")).to_contain_text("大石桥市")
    shoot(page, "dashboard-city-pending")
    tab(page, "专家评审进度")
    expect(page.locator(".pt-fig-progress .gtitle")).to_contain_text("专家评审进度 · 全部县(市)区")
    shoot(page, "dashboard-city-progress")
    tab(page, "进度与得分")

    page.locator(".pt-county select").select_option(label=COUNTY)
    expect(scores_title).to_contain_text(f"综合得分分布 · {COUNTY}")
    expect(page.locator(".pt-fig-funnel .gtitle")).to_contain_text(COUNTY)
    expect(page.locator(".pt-kpi-applications b")).to_have_text(str(len(dashboards.units[COUNTY])))
    expect(page.locator(".pt-fig-funnel .legend")).not_to_contain_text("大石桥市")
    expect(page.locator(".pt-heading")).to_contain_text(COUNTY)
    shoot(page, "dashboard-city-filtered")
    tab(page, "拟认定名单")
    expect(page.locator(".pt-list")).to_contain_text(COUNTY)
    tab(page, "候选对象详情")
    expect(page.locator(".pt-detail")).to_contain_text("各专家总分")
    shoot(page, "dashboard-city-detail")


def test_a_county_link_cannot_see_another_county(page_at, dashboards):
    from playwright.sync_api import expect

    page = page_at(dashboards.county)
    expect(page.locator(".pt-heading")).to_contain_text(f"{COUNTY}人社局")
    expect(page.locator(".pt-fig-funnel .gtitle")).to_contain_text(COUNTY)
    expect(page.locator(".pt-kpi-applications b")).to_have_text(str(len(dashboards.units[COUNTY])))
    assert page.locator(".pt-tabs .lm-TabBar-tab").all_inner_texts() == ["进度与得分", "待提交", "拟认定名单",
                                                                          "候选对象详情"]
    tab(page, "拟认定名单")
    expect(page.locator(".pt-list")).to_contain_text(COUNTY)
    tab(page, "候选对象详情")
    expect(page.locator(".pt-detail")).to_contain_text(COUNTY)
    assert page.locator(".pt-county select").is_disabled()
    options = page.locator(".pt-county select option").all_inner_texts()
    assert options == [COUNTY]
    text = page.content()
    others = [name for county, names in dashboards.units.items() if county != COUNTY for name in names]
    assert [n for n in others if n in text] == []
    assert any(n in text for n in dashboards.units[COUNTY])
    assert "专家评审进度" not in page.locator(".pt-dash").inner_text()     # the panel stays confidential
    shoot(page, "dashboard-county")


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "390"])
def test_before_the_end_a_county_sees_what_is_pending_and_who_is_late(page_at, dashboards, viewport):
    from playwright.sync_api import expect

    page = page_at(dashboards.county, viewport)
    tab(page, "待提交")
    pending = page.locator(".pt-pending")
    expect(pending).to_contain_text("待提交的评分表")
    expect(pending).to_contain_text("专家姓名仅市人社局可见")
    expect(pending.locator(".pt-due-note")).to_contain_text("评分截止日期")
    rows = pending.locator("table").nth(1).locator("tbody tr")
    expect(rows.first).to_contain_text(COUNTY)
    assert dashboards.experts and not [n for n in dashboards.experts if n in pending.inner_text()]
    shoot(page, f"dashboard-county-pending-{viewport['width']}", viewport)


def test_without_a_valid_link_the_page_says_one_neutral_sentence(page_at, dashboards):
    from playwright.sync_api import expect

    page = page_at(app_url(dashboards.port, DASHBOARD) + "?token=" + "x" * 43)
    expect(page.locator(".pt-neutral")).to_contain_text("链接无效或已失效")   # the server's static page (the link gate)
    assert "Traceback" not in page.content()


def test_the_excel_download_has_what_is_shown(page_at, dashboards, tmp_path):
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    page = page_at(dashboards.county)
    expect(page.locator(".pt-fig-funnel .gtitle")).to_contain_text(COUNTY)
    tab(page, "拟认定名单")
    page.locator(".pt-excel").click()
    link = page.locator(".pt-excel-link a")
    expect(link).to_contain_text(".xlsx")
    with page.expect_download() as info:
        link.click()
    path = tmp_path / "shown.xlsx"
    info.value.save_as(path)
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "拟认定名单"
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    column = rows[0].index("县(市)区")
    assert {row[column] for row in rows[1:]} == {COUNTY}


def test_the_city_overview_shows_reliability_and_sensitivity(page_at, dashboards):
    from playwright.sync_api import expect

    page = page_at(dashboards.overview)
    expect(page.locator(".pt-sensitivity")).to_contain_text("自助法", timeout=120_000)
    expect(page.locator(".pt-fig-reliability .gtitle")).to_contain_text("ICC")
    expect(page.locator(".pt-fig-timeline .gtitle")).to_contain_text("评分表提交进度")
    shoot(page, "overview-city")

    refused = page_at(dashboards.county_overview)   # a county link: refused by the server, no kernel
    expect(refused.locator(".pt-neutral")).to_contain_text("链接无效或已失效")


#: tab title → what shows once the tab is drawn
DRAWN = {"进度与得分": ".pt-fig-funnel .gtitle", "待提交": ".pt-pending .pt-due-note", "专家评审进度": ".pt-fig-progress .gtitle",
         "待处理的提示": ".pt-flags .widget-html-content", "拟认定名单": ".pt-list .widget-html-content",
         "候选对象详情": ".pt-detail h4"}


def test_the_staff_pages_show_no_english_in_chromium(page_at, dashboards):
    """--lang zh: every visible text of the county dashboard (each tab, the city's and a county's), the city
    overview and the directory page, opened through the server with staff links, has no ASCII word outside
    the allow-list (tests/browser/test_chinese_everywhere.py)."""
    from playwright.sync_api import expect

    from .test_chinese_everywhere import english, page_text

    found = {}
    for name, link in (("city", dashboards.city), ("county", dashboards.county)):
        page = page_at(link)
        expect(page.locator(".pt-fig-funnel .gtitle")).to_be_visible()
        for title in page.locator(".pt-tabs .lm-TabBar-tab").all_inner_texts():
            tab(page, title)
            expect(page.locator(DRAWN[title])).not_to_be_empty()     # the tab is drawn when shown
            found[f"{name}/{title}"] = english(page_text(page))
    page = page_at(dashboards.overview)
    expect(page.locator(".pt-sensitivity")).to_contain_text("自助法", timeout=120_000)
    found["overview"] = english(page_text(page))
    page = page_at(dashboards.directory)
    expect(page.locator(".pt-dir .pt-header")).to_be_visible()
    found["directory"] = english(page_text(page))
    assert {k: v for k, v in found.items() if v} == {}
