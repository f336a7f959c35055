"""An expert page that is already open when its link is revoked, or when the scoring deadline passes:
the next save and the submit are refused, the page says so in Chinese and keeps what was typed, the
store is unchanged (Chromium against a real server)."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from panel_toolkit import Workspace
from panel_toolkit.demo.build import SESSION_ID

pytestmark = pytest.mark.browser

GONE = "停用或已过期"


def material_assignment(site, expert_id: int) -> int:
    ws = Workspace(site.root)
    try:
        a = ws.session(SESSION_ID).assignments_frame()
        rows = a[(a["expert_id"] == expert_id) & (a["part"] == "material")]
        return int(rows.index[0])
    finally:
        ws.close()


def stored(site, aid: int):
    ws = Workspace(site.root)
    try:
        return ws.session(SESSION_ID).sheet(aid)
    finally:
        ws.close()


def open_sheet(browser, site, expert_id: int, aid: int):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.set_default_timeout(60_000)
    local = f"http://127.0.0.1:{site.port}/"
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith((local, "data:")) else r.abort())
    page = context.new_page()
    page.goto(site.experts[expert_id])
    due = page.locator(".due-date").inner_text()                      # experts see the deadline of their link
    assert re.fullmatch(r"评分截止日期：\d{4}-\d{2}-\d{2}", due), due
    page.locator(f".open-{aid}").click()
    page.locator(".sheet-form .submit").wait_for()
    return context, page


def fill(page, item: str, value: str) -> None:
    box = page.locator(f".score-{item} input")
    box.fill(value)
    box.press("Enter")


def set_due_date(site, day: dt.date | None) -> None:
    path = site.root / "sessions" / SESSION_ID / "session.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    if day is None:
        data.get("panel", {}).pop("due_date", None)
    else:
        data.setdefault("panel", {})["due_date"] = day.isoformat()
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.mark.parametrize("how", ["revoked", "expired"])
def test_an_open_page_whose_link_stopped_working_says_so_and_keeps_the_typing(browser, site, how):
    expert_id = list(site.experts)[0 if how == "revoked" else 2]
    aid = material_assignment(site, expert_id)
    context, page = open_sheet(browser, site, expert_id, aid)
    try:
        fill(page, "A1", "6")
        page.locator(".save-status [data-version='1']").wait_for()      # saved while the link works
        if how == "revoked":
            ws = Workspace(site.root)
            try:
                ws.session(SESSION_ID).revoke_token(expert_id, "测试")
            finally:
                ws.close()
        else:
            set_due_date(site, dt.date.today() - dt.timedelta(days=2))    # the deadline has passed
        fill(page, "A2", "5")
        status = page.locator(".save-status").filter(has_text=GONE)
        status.wait_for()
        assert status.inner_text().startswith("未保存")
        assert page.locator(".score-A2 input").input_value() == "5"       # what was typed stays on the page
        page.locator(".submit").click()
        page.locator(".save-status").filter(has_text=GONE).wait_for()
        sheet = stored(site, aid)
        assert sheet.status == "draft" and sheet.version == 1 and "A2" not in sheet.entries
        page.reload()                                                   # and the link opens nothing now
        page.locator(".pt-neutral").wait_for()
    finally:
        context.close()
        if how == "expired":
            set_due_date(site, None)
