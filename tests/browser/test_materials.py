"""Application materials in the expert's dossier, in a real browser: an assigned expert opens a PDF inline
(page by page, zoom) and an image; another expert's link does not list the candidate (and the facade
refuses the material itself: tests/materials). Screenshots at 1366×768 and 390×844."""
from __future__ import annotations

import pytest

from .browser_kit import shoot

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def page_state(page) -> dict:
    return page.evaluate("""() => { const i = document.querySelector('.material-viewer img.material-page');
        return {natural: i.naturalWidth, shown: i.getBoundingClientRect().width}; }""")


def where(page, text: str) -> None:
    page.locator(".material-where-text", has_text=text).wait_for()
    page.wait_for_function("() => document.querySelector('.material-viewer img.material-page').naturalWidth > 0")


@pytest.mark.parametrize("viewport, name", [(LAPTOP, "laptop"), (PHONE, "phone")])
def test_an_assigned_expert_reads_the_dossier_inside_the_page(open_page, server, viewport, name):
    a = server.assignments
    me = int(sorted(server.links)[-1])
    aid = int(a[(a["expert_id"] == me)].index[0])
    page = open_page(server.links[me], viewport=viewport)
    page.locator(f".open-{aid}").click()
    box = page.locator(".materials")
    box.wait_for()
    assert "申报材料（4 个文件）" in box.inner_text()
    for kind in ("营业执照", "培训台账", "合作协议", "照片"):
        assert page.locator(".material-row", has_text=kind).count() >= 1
    page.locator(".material-open", has_text="培训台账.pdf").click()
    where(page, "第 1 / 3 页")
    first = page_state(page)
    assert first["natural"] > 500
    page.locator(".material-next").click()
    where(page, "第 2 / 3 页")
    page.locator(".material-zoom-in").click()
    where(page, "125%")
    assert page_state(page)["natural"] > first["natural"] * 1.2          # re-rendered larger on the server
    page.locator(".material-bar").scroll_into_view_if_needed()
    shoot(page, f"materials-pdf-{name}")
    page.locator(".material-open", has_text="营业执照.png").click()
    where(page, "第 1 / 1 页")
    before = page_state(page)["shown"]
    page.locator(".material-zoom-out").click()
    where(page, "80%")
    assert page_state(page)["shown"] < before
    page.locator(".material-close").click()
    page.locator(".material-viewer").wait_for(state="hidden")


def test_another_experts_link_does_not_reach_the_candidate(open_page, server):
    a = server.assignments
    me = int(sorted(server.links)[-1])
    app_id = int(a.loc[a["expert_id"] == me, "application_id"].iloc[0])
    other = next(int(e) for e in sorted(server.links) if app_id not in set(a.loc[a["expert_id"] == e, "application_id"]))
    page = open_page(server.links[other])
    page.locator(".candidate-list").wait_for()
    assert page.locator(f".app-{app_id}").count() == 0
    assert page.locator(".material-open").count() == 0
