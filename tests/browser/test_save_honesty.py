"""What the expert sees is what the server has: the save bar under a lost connection (Playwright's offline
mode), 返回列表 with a value that is not saved, a 20 MB file refused before it is sent, and the phone
sizes measured from the DOM at 390×844 and 1366×768 (screenshots of both)."""
from __future__ import annotations

import pytest

from panel_toolkit.sheets import Entry

from .browser_kit import shoot

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def experts_with(server, part: str) -> list[tuple[int, int]]:
    """(expert id, assignment id) pairs for ``part``, from the end of the link list (other modules use the start)."""
    a = server.assignments
    out = []
    for e in sorted(server.links, reverse=True):
        rows = a[(a["expert_id"] == e) & (a["part"] == part)]
        if len(rows):
            out.append((int(e), int(rows.index[0])))
    return out


def open_sheet(page, aid: int) -> None:
    page.locator(f".open-{aid}").click()
    page.locator(".sheet-form .submit").wait_for()


def score(page, item: str, value: str) -> None:
    box = page.locator(f".score-{item} input")
    box.fill(value)
    box.press("Enter")


def test_offline_the_bar_says_not_saved_and_saves_when_the_connection_returns(open_page, server):
    me, aid = experts_with(server, "material")[1]
    page = open_page(server.links[me])
    open_sheet(page, aid)
    score(page, "A1", "6")
    page.locator(".save-status [data-version='1']").wait_for()
    page.context.set_offline(True)
    offline = page.locator(".save-status .offline")
    offline.wait_for()
    assert offline.inner_text() == "网络已断开，最近的修改尚未保存"
    assert offline.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(183, 28, 28)"
    score(page, "A2", "4.5")
    assert page.locator(".save-status").inner_text() == "网络已断开，最近的修改尚未保存"     # never 已保存 while offline
    assert page.locator(".score-A2 input").input_value() == "4.5"
    shoot(page, "save-bar-offline-laptop")
    page.context.set_offline(False)
    page.locator(".save-status .saved").wait_for()
    assert page.locator(".save-status").inner_text().startswith("已保存")
    stored = server.sheet(aid)
    assert stored.entries["A2"] == Entry(4.5, None, "") and stored.version >= 2


def test_back_to_the_list_asks_before_dropping_an_invalid_value(open_page, server):
    me, aid = experts_with(server, "material")[2]
    page = open_page(server.links[me])
    open_sheet(page, aid)
    score(page, "A1", "9.3")                            # above the maximum 8: shown, not saved
    page.locator(".error-A1 .error").wait_for()
    page.locator(".back").click()
    ask = page.locator(".leave-confirm")
    ask.wait_for()
    assert "有 1 处输入尚未保存（A1）" in ask.inner_text()
    page.locator(".leave-stay").click()
    ask.wait_for(state="hidden")
    assert page.locator(".score-A1 input").input_value() == "9.3"
    page.locator(".back").click()
    page.locator(".leave-go").click()
    page.locator(".candidate-list").wait_for()
    assert "sheet=" not in page.url


def test_a_20_mb_file_is_refused_in_the_browser_before_it_is_sent(open_page, server, tmp_path):
    me, aid = experts_with(server, "site")[0]
    big = tmp_path / "现场照片.jpg"
    big.write_bytes(b"\xff\xd8\xff" + bytes(20 * 1024 * 1024))
    page = open_page(server.links[me])
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(len(f) if isinstance(f, (bytes, str)) else 0)))
    open_sheet(page, aid)
    with page.expect_file_chooser() as chooser:
        page.locator(".evidence-upload button").click()
    chooser.value.set_files(str(big))
    note = page.locator(".pt-upload-note.error")
    note.wait_for()
    assert note.inner_text() == "文件“现场照片.jpg”（20.0 MB）超过 8 MB，请压缩后再上传"
    assert max(sent, default=0) < 1024 * 1024                          # nothing large went over the websocket
    assert page.locator(".save-status").inner_text() == ""             # the save bar is not the upload's
    shoot(page, "upload-refused-laptop")


def test_a_large_upload_shows_the_share_that_arrived(open_page, server, tmp_path):
    """A 2 MB photo goes in acknowledged chunks: the line counts up in percent of the bytes the server has."""
    from panel_toolkit.widgets.upload import CHUNK

    me, aid = experts_with(server, "site")[1]
    photo = tmp_path / "现场照片大图.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + bytes(2 * 1024 * 1024))
    page = open_page(server.links[me])
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(len(f) if isinstance(f, (bytes, str)) else 0)))
    open_sheet(page, aid)
    page.evaluate("""() => { window.ptNotes = []; const n = document.querySelector('.evidence-upload .pt-upload-note');
        new MutationObserver(() => window.ptNotes.push(n.textContent)).observe(n, {childList: true, characterData: true,
                                                                                    subtree: true}); }""")
    with page.expect_file_chooser() as chooser:
        page.locator(".evidence-upload button").click()
    chooser.value.set_files(str(photo))
    page.locator(".evidence-files").filter(has_text="现场照片大图.jpg").wait_for()
    shown = page.evaluate("() => window.ptNotes")
    shares = [int(x) for t in shown for x in __import__("re").findall(r"(\d+)%", t)]
    assert shares[0] == 0 and any(0 < x < 100 for x in shares) and shares == sorted(shares), shown
    assert max(sent) < CHUNK + 64 * 1024 and sum(1 for n in sent if n > CHUNK // 2) >= 8   # chunks, none the whole file


@pytest.mark.parametrize("viewport, name", [(PHONE, "phone"), (LAPTOP, "laptop")])
def test_touch_targets_and_text_sizes_measured_from_the_dom(open_page, server, viewport, name):
    me, aid = experts_with(server, "site")[1]
    page = open_page(server.links[me], viewport=viewport)
    page.locator(".candidate-list").wait_for()
    shoot(page, f"phone-sizes-list-{name}")
    open_sheet(page, aid)
    page.locator("[class*='score-'] input[inputmode='decimal']").first.wait_for(state="attached")
    small = page.evaluate("""() => {
        const out = [];
        const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
        for (const e of document.querySelectorAll('.pt-app button, .pt-app input, .pt-app textarea, .pt-app select')) {
            if (!visible(e) || e.type === 'file' || e.type === 'checkbox') continue;
            const r = e.getBoundingClientRect();
            if (r.height < 44 || r.width < 44) out.push(['target', e.className || e.tagName, Math.round(r.width), Math.round(r.height)]);
        }
        return out; }""")
    assert small == []
    modes = page.evaluate("() => [...document.querySelectorAll('[class*=score-] input')].map(i => i.getAttribute('inputmode'))")
    assert modes and set(modes) == {"decimal"}
    if viewport is PHONE:
        tiny = page.evaluate("""() => {
            const out = [];
            const walker = document.createTreeWalker(document.querySelector('.pt-app'), NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const n = walker.currentNode, e = n.parentElement;
                if (!n.textContent.trim() || !e.getClientRects().length) continue;
                const size = parseFloat(getComputedStyle(e).fontSize);
                if (size < 16) out.push([n.textContent.trim().slice(0, 20), size]);
            }
            for (const e of document.querySelectorAll('.pt-app input, .pt-app textarea'))
                if (parseFloat(getComputedStyle(e).fontSize) < 16) out.push([e.className, 'input']);
            return out; }""")
        assert tiny == []
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390 + 1     # no sideways scrolling
    shoot(page, f"phone-sizes-sheet-{name}")
