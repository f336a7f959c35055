"""The expert scoring app in a real browser against a real Voila server: a personal link opens the
expert's list; a whole sheet is filled with autosave, found again after a reload, submitted and
locked; a second tab is told it is stale; a bad token sees nothing; an expert cannot reach another's
sheet. Screenshots (desktop 1280×900, tablet 820×1180) go to screenshots/."""
from __future__ import annotations

import re
import secrets

import pytest

from panel_toolkit.panel.tokens import NEUTRAL_ZH
from panel_toolkit.sheets import Entry

from .browser_kit import DESKTOP, TABLET, shoot

pytestmark = pytest.mark.browser

MATERIAL = {"A1": "7.5", "A2": "5", "A3": "4", "B1": "9", "B2": "7", "B3": "6", "C1": "8", "C2": "7.5", "C3": "6",
            "D1": "4", "D2": "4", "D3": "3", "E1": "6", "E2": "5"}          # A 16.5, B 22, C 21.5, D 11, E 11 → 82
SITE = {"S1": ("属实", "15"), "S2": ("基本属实", "10"), "S3": ("属实", "18"), "S4": ("不属实", None),
        "S5": ("属实", "20"), "S6": ("基本属实", "7")}                          # 15+10+18+0+20+7 = 70
PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


# -- helpers: act, then wait for what the page shows ------------------------------------------------

def saved(page, version: int):
    """Wait until the save-status label says saved at ``version`` (each save bumps it by one)."""
    page.locator(f".save-status [data-version='{version}']").wait_for()
    return page.locator(".save-status").inner_text()


def fill_score(page, item: str, value: str) -> None:
    box = page.locator(f".score-{item} input")
    box.fill(value)
    box.press("Enter")


def open_sheet(page, assignment_id: int) -> None:
    page.locator(f".open-{assignment_id}").click()
    page.locator(".sheet-form .submit, .sheet-form .save-status .locked").first.wait_for()


def verdict(page, item: str, label: str) -> None:
    page.locator(f".verdict-{item} button").filter(has_text=re.compile(f"^{label}$")).click()


def _rubric(server):
    from panel_toolkit import Workspace

    ws = Workspace(server.root)
    try:
        return ws.session("demo").rubric
    finally:
        ws.close()


def upload(page, path) -> None:
    with page.expect_file_chooser() as chooser:
        page.locator(".evidence-upload button").click()
    chooser.value.set_files(str(path))


def assignments_of(server, expert_id: int, part: str | None = None) -> list[int]:
    a = server.assignments
    rows = a[(a["expert_id"] == expert_id) & ((a["part"] == part) if part else True)]
    return [int(i) for i in rows.index]


@pytest.fixture(scope="module")
def cast(server):
    """Distinct experts per test (they share one store): ids chosen from the drawn assignments."""
    a = server.assignments
    both = [int(e) for e in sorted(a["expert_id"].unique())
            if {"material", "site"} <= set(a.loc[a["expert_id"] == e, "part"]) and int(e) in server.links]
    material = a[a["part"] == "material"]
    # Two experts on the same candidate's material panel, for independence.
    app_id = int(material["application_id"].value_counts().index[0])
    pair = [int(e) for e in material.loc[material["application_id"] == app_id, "expert_id"] if int(e) not in both[:4]][:2]
    return {"filler": both[0], "site": both[1], "tabs": both[2], "killed": both[3], "pair": pair, "pair_app": app_id}


# -- no token, a bad token ----------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["", "?token=", f"?token={secrets.token_urlsafe(32)}", "?token=<script>x</script>",
                                   "?token=../../etc/passwd"])
def test_a_bad_or_missing_token_sees_a_neutral_message_and_nothing_else(open_page, server, query):
    page = open_page(server.url + query)
    notice = page.locator(".pt-neutral p").first   # the server's static page: no kernel was involved
    notice.wait_for()
    assert notice.inner_text().strip() == NEUTRAL_ZH
    body = page.locator("body").inner_text()
    assert page.locator(".candidate-list").count() == 0 and page.locator(".sheet-form").count() == 0
    for name in server.names.values():
        assert name not in body
    assert "Traceback" not in body and "Error" not in body
    if query == "":
        shoot(page, "expert-bad-token-desktop")


# -- the personal link: list, a whole sheet, autosave, reload, submit ----------------------------------

def test_the_link_shows_the_expert_the_session_progress_and_the_list(open_page, server, cast):
    me = cast["filler"]
    page = open_page(server.links[me])
    page.locator(".candidate-list").wait_for()
    mine = assignments_of(server, me)
    assert page.locator(".expert-name").inner_text() == f"评审专家：{server.names[me]}"
    assert page.locator(".session-title").inner_text() == "示例批次"
    assert page.locator(".pt-progress").inner_text() == f"已完成 0 / {len(mine)}"
    for aid in mine:
        assert page.locator(f".state-{aid}").inner_text().endswith("：未开始")
    others = set(server.assignments.index) - set(mine)
    assert all(page.locator(f".open-{aid}").count() == 0 for aid in list(others)[:25])
    shoot(page, "expert-list-desktop")
    tablet = open_page(server.links[me], viewport=TABLET)
    tablet.locator(".candidate-list").wait_for()
    shoot(tablet, "expert-list-tablet")


def test_a_whole_material_sheet_autosaves_survives_a_reload_and_locks_on_submit(open_page, server, cast):
    me = cast["filler"]
    aid = assignments_of(server, me, "material")[0]
    page = open_page(server.links[me])
    open_sheet(page, aid)
    assert "申报概况" in page.locator(".dossier").inner_text()
    version = 0
    for item, value in list(MATERIAL.items())[:5]:
        fill_score(page, item, value)
        version += 1
        assert re.fullmatch(r"已保存 \d\d:\d\d:\d\d", saved(page, version).strip())
    page.locator(".comment-A1 textarea").fill("已注册商标，名称符合第三条")   # saved a moment after typing stops
    version += 1
    saved(page, version)
    assert server.sheet(aid).entries["A1"] == Entry(7.5, None, "已注册商标，名称符合第三条")
    assert page.locator(".subtotal-A").inner_text() == "小计 16.5 / 20"

    # A closed tab loses nothing saved: a new tab finds the draft.
    page.close()
    page = open_page(server.links[me])
    page.locator(f".state-{aid}").filter(has_text="草稿").wait_for()
    open_sheet(page, aid)
    assert page.locator(".score-A1 input").input_value() == "7.5"
    assert page.locator(".comment-A1 textarea").input_value() == "已注册商标，名称符合第三条"
    assert page.locator(".save-status").inner_text().startswith("已保存")

    # Submitting an incomplete sheet lists what is missing and submits nothing.
    page.locator(".submit").click()
    problems = page.locator(".submit-problems")
    problems.filter(has_text="尚有 9 处未完成").wait_for()
    assert "B3 未评分" in problems.inner_text() and "E2 未评分" in problems.inner_text()
    assert server.sheet(aid).status == "draft"

    for item, value in list(MATERIAL.items())[5:]:
        fill_score(page, item, value)
        version += 1
        saved(page, version)
    assert page.locator(".totals").inner_text() == "合计 82 / 100 分"
    assert [page.locator(f".subtotal-{s}").inner_text() for s in "BCDE"] == [
        "小计 22 / 25", "小计 21.5 / 25", "小计 11 / 15", "小计 11 / 15"]
    shoot(page, "expert-material-filled-desktop")
    page.set_viewport_size(TABLET)
    shoot(page, "expert-material-filled-tablet")
    page.set_viewport_size(DESKTOP)

    page.locator(".submit").click()
    page.locator(".submit-confirm").click()
    page.locator(".save-status .locked").wait_for()
    assert page.locator(".save-status").inner_text().startswith("已提交")
    stored = server.sheet(aid)
    assert stored.status == "submitted" and stored.totals(_rubric(server))[1] == 82.0
    assert page.locator(".score-A1 input").is_disabled() and page.locator(".comment-B1 textarea").is_disabled()
    assert page.locator(".submit").is_hidden()
    shoot(page, "expert-material-submitted-desktop")

    # Print in one click: the sheet (rubric, scores, comments, totals, expert, a signature line) goes into a
    # frame of the page and the browser's print dialog opens on it (headless Chromium returns at once).
    page.locator(".print-button").click()
    page.wait_for_function("() => window.ptPrinted >= 1")
    html = page.locator("iframe.pt-print-frame").get_attribute("srcdoc")
    assert "@page { size: A4" in html and "专家签名" in html and server.names[me] in html
    assert "已注册商标，名称符合第三条" in html and ">82<" in html and "草稿" not in html
    shoot(page, "expert-print-desktop")
    page.locator(".print-pdf").click()                # and a PDF of the same page for the chair's file
    with page.expect_download() as download:
        page.locator(".print-link a").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"

    page.locator(".back").click()
    page.locator(f".state-{aid}").filter(has_text="已提交").wait_for()
    assert page.locator(".pt-progress").inner_text().startswith("已完成 1 /")


def test_a_bad_value_is_shown_and_not_saved(open_page, server, cast):
    me = cast["filler"]
    aid = assignments_of(server, me, "material")[1]
    page = open_page(server.links[me])
    open_sheet(page, aid)
    fill_score(page, "A1", "9")                       # max 8
    page.locator(".error-A1").filter(has_text="超出范围 0–8").wait_for()
    page.locator(".save-status .failed").wait_for()
    fill_score(page, "A2", "5.3")                     # step 0.5
    page.locator(".error-A2").filter(has_text="不是 0.5 的整数倍").wait_for()
    assert server.sheet(aid).sheet_id is None          # nothing stored
    fill_score(page, "A1", "8")
    saved(page, 1)
    assert page.locator(".error-A1").inner_text() == ""
    assert set(server.sheet(aid).entries) == {"A1"}


def test_a_site_sheet_with_verdict_caps_the_starred_veto_and_evidence(open_page, server, cast, tmp_path):
    me = cast["site"]
    aid = assignments_of(server, me, "site")[0]
    page = open_page(server.links[me], viewport=TABLET)
    open_sheet(page, aid)
    version = 0
    verdict(page, "S2", "基本属实")
    version += 1
    saved(page, version)
    assert page.locator(".cap-S2").inner_text() == "本项上限 10 分"
    fill_score(page, "S2", "12")                      # above 0.7 × 15 = 10.5 → 10
    page.locator(".error-S2").filter(has_text="最多 10 分").wait_for()
    assert server.sheet(aid).entries["S2"].score is None
    fill_score(page, "S2", "10")
    version += 1
    saved(page, version)
    assert page.locator(".error-S2").inner_text() == ""
    for item, (label, points) in SITE.items():
        if item == "S2":
            continue
        verdict(page, item, label)
        version += 1
        saved(page, version)
        if points is not None:
            fill_score(page, item, points)
            version += 1
            saved(page, version)
    # 不属实 on starred S4: points 0 and veto V1 proposed, which needs a reason.
    assert page.locator(".score-S4 input").input_value() == "0"
    assert page.locator(".veto-V1 input").is_checked()
    page.locator(".submit").click()
    page.locator(".submit-problems").filter(has_text="V1").wait_for()
    page.locator(".veto-reason-V1 textarea").fill("学员抽查5人中3人未参加培训")
    version += 1
    saved(page, version)
    evidence = tmp_path / "现场照片.png"
    evidence.write_bytes(PNG)
    upload(page, evidence)
    page.locator(".evidence-files").filter(has_text="现场照片.png").wait_for()
    version += 1
    saved(page, version)
    bad = tmp_path / "notes.exe"
    bad.write_bytes(b"MZ...")
    upload(page, bad)
    page.locator(".evidence-upload .pt-upload-note.error").filter(has_text="类型不允许").wait_for()   # refused in the browser
    assert page.locator(".totals").inner_text() == "合计 70 / 100 分"
    shoot(page, "expert-site-filled-tablet")
    page.locator(".submit").click()
    page.locator(".submit-confirm").click()
    page.locator(".save-status .locked").wait_for()
    stored = server.sheet(aid)
    assert stored.locked and stored.entries["S4"] == Entry(0.0, "not_verified", "")
    assert [(v.veto_id, v.reason) for v in stored.vetoes] == [("V1", "学员抽查5人中3人未参加培训")]
    assert page.locator(".verdict-S1 button").first.is_disabled()
    assert page.locator(".evidence-upload button").is_disabled()
    page.set_viewport_size(DESKTOP)
    shoot(page, "expert-site-submitted-desktop")


# -- two tabs, independence ------------------------------------------------------------------------------

def test_a_second_tab_is_told_and_never_overwrites(open_page, server, cast):
    me = cast["tabs"]
    aid = assignments_of(server, me, "material")[0]
    first = open_page(server.links[me])
    open_sheet(first, aid)
    second = open_page(server.links[me])
    open_sheet(second, aid)
    fill_score(first, "A1", "6")
    saved(first, 1)
    fill_score(second, "A2", "4")                      # this tab read version 0
    stale = second.locator(".save-status .stale")
    stale.wait_for()
    assert stale.inner_text() == "此评分表已在其他窗口修改，本页的输入尚未保存"
    assert second.locator(".score-A3 input").is_disabled()
    assert second.locator(".score-A2 input").input_value() == "4"          # what was typed is kept on screen
    assert second.locator(".stale-typed-A2").inner_text() == "4"
    assert second.locator(".stale-current-A2").inner_text() == "（空）"
    assert server.sheet(aid).entries == {"A1": Entry(6.0, None, "")}
    shoot(second, "expert-stale-tab-desktop")
    fill_score(first, "A3", "5")                      # the first tab goes on saving
    saved(first, 2)
    second.locator(".stale-apply").click()            # apply what was typed here, on top of the stored sheet
    saved(second, 3)
    assert second.locator(".score-A1 input").input_value() == "6" and second.locator(".score-A3 input").input_value() == "5"
    assert server.sheet(aid).entries == {"A1": Entry(6.0, None, ""), "A2": Entry(4.0, None, ""), "A3": Entry(5.0, None, "")}
    second.reload()                                   # the address keeps the sheet: the reload lands on it
    second.locator(".sheet-form .submit").wait_for()
    assert f"sheet={aid}" in second.url and second.locator(".score-A2 input").input_value() == "4"


def test_an_expert_never_sees_another_experts_scores(open_page, server, cast):
    one, two = cast["pair"]
    app_id = cast["pair_app"]
    mine = [a for a in assignments_of(server, one, "material") if int(server.assignments.at[a, "application_id"]) == app_id][0]
    theirs = [a for a in assignments_of(server, two, "material") if int(server.assignments.at[a, "application_id"]) == app_id][0]
    ws, session = server.expert_session(one)
    try:
        s = session.save_draft(mine, {"A1": Entry(3.5, None, "独立评分-甲专家的意见")}, expected_version=0)
    finally:
        ws.close()
    page = open_page(server.links[two])
    page.locator(".candidate-list").wait_for()
    assert page.locator(f".open-{mine}").count() == 0
    open_sheet(page, theirs)
    text = page.locator("body").inner_text()
    assert "独立评分-甲专家的意见" not in text and server.names[one] not in text
    assert page.locator(".score-A1 input").input_value() == ""
    assert s.version == 1


def test_a_killed_kernel_loses_nothing_that_was_saved(open_page, server, cast):
    import os
    import signal

    import psutil

    me = cast["killed"]
    aid = assignments_of(server, me, "material")[0]
    page = open_page(server.links[me])
    open_sheet(page, aid)
    fill_score(page, "A1", "6.5")
    saved(page, 1)
    page.locator(".comment-A1 textarea").fill("现场核对：商标证书原件一致")   # no blur: saved after typing stops
    saved(page, 2)
    kernel_id = re.search(r"kernel[_-]?[iI]d[\"']?\s*[:=]\s*[\"']([0-9a-f-]{36})", page.content()).group(1)
    kernels = [k for k in psutil.Process(server.proc.pid).children(recursive=True)
               if f"kernel-{kernel_id}.json" in " ".join(k.cmdline())]
    assert len(kernels) == 1
    os.kill(kernels[0].pid, signal.SIGKILL)          # the page's kernel dies (a crash, an OOM kill)
    kernels[0].wait(timeout=30)
    page.close()
    page = open_page(server.links[me])
    page.locator(f".state-{aid}").filter(has_text="草稿").wait_for()
    open_sheet(page, aid)
    assert page.locator(".score-A1 input").input_value() == "6.5"
    assert page.locator(".comment-A1 textarea").input_value() == "现场核对：商标证书原件一致"
    assert server.sheet(aid).entries["A1"] == Entry(6.5, None, "现场核对：商标证书原件一致")
