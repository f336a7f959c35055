"""Chinese everywhere a person looks (--lang zh): every text node of the expert app's pages (the list, a
material sheet with a PDF open, a site sheet) in a real browser, the dashboards' and directory page's widget
trees, and the Excel downloads (sheet names, headers, cells) carry no ASCII word outside an allow-list of
codes and units (E1, ICC, MB, PDF…)."""
from __future__ import annotations

import io
import re

import ipywidgets as ipw
import openpyxl
import pytest

from panel_toolkit import Workspace
from panel_toolkit.demo.build import SESSION_ID

pytestmark = pytest.mark.browser

#: Words that are codes, units or file types, not English prose.
ALLOWED = {"ICC", "PDF", "PNG", "JPG", "JPEG", "KB", "MB", "Excel", "pdf", "png", "jpg", "jpeg", "docx", "xlsx", "A4",
           "α", "B", "z",
           "YKLW"}   # the certificate numbers' prefix (营口劳务, notice/numbers.py): a code
WORD = re.compile(r"(?<![A-Za-z0-9_.-])[A-Za-z]{2,}(?![A-Za-z])")


def english(text: str) -> set[str]:
    return {w for w in WORD.findall(text) if w not in ALLOWED}


def page_text(page) -> str:
    return page.evaluate("""() => { const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) { const n = walker.currentNode, e = n.parentElement;
            if (!e || ['SCRIPT', 'STYLE'].includes(e.tagName) || !e.getClientRects().length) continue;
            out.push(n.textContent); }
        for (const e of document.querySelectorAll('input, textarea, button'))
            out.push(e.placeholder || '', e.title || '');
        return out.join('\\n'); }""")


def widget_text(widget) -> str:
    """Every text a widget tree shows: HTML values (tags and styles stripped), labels, options."""
    out = []
    stack = [widget]
    while stack:
        wdg = stack.pop()
        shown = ("description", "placeholder", "tooltip") + (("value",) if isinstance(wdg, (ipw.HTML, ipw.Label)) else ())
        for attr in shown:
            v = getattr(wdg, attr, None)
            if isinstance(v, str):
                out.append(re.sub(r"<style.*?</style>|<[^>]+>|&\w+;", " ", v, flags=re.S))
        for label in getattr(wdg, "_options_labels", ()) or ():
            out.append(str(label))
        stack.extend(getattr(wdg, "children", ()) or ())
        if isinstance(wdg, ipw.Tab):
            out.extend(wdg.titles)
    return "\n".join(out)


def test_the_expert_pages_show_no_english(open_page, server):
    a = server.assignments
    me = int(sorted(server.links)[len(server.links) // 2])
    page = open_page(server.links[me])
    page.locator(".candidate-list").wait_for()
    found = english(page_text(page))
    for part in ("material", "site"):
        rows = a[(a["expert_id"] == me) & (a["part"] == part)]
        if rows.empty:
            continue
        page.locator(f".open-{int(rows.index[0])}").click()
        page.locator(".sheet-form .submit").wait_for()
        page.locator(".material-open").first.click()
        page.locator(".material-where-text").wait_for()
        found |= english(page_text(page))
        page.locator(".back").click()
        page.locator(".candidate-list").wait_for()
    assert found == set()


def test_the_dashboards_and_their_excel_downloads_show_no_english(server):
    from panel_toolkit.dashboards.city import CityOverview
    from panel_toolkit.dashboards.county import CountyDashboard
    from panel_toolkit.dashboards.directory_page import DirectoryPage

    ws = Workspace(server.root)
    try:
        session = ws.session(SESSION_ID)
        city = CityOverview(session)
        county = CountyDashboard(session)
        for key in county.keys:
            county.show(key)
        pages = [city.widget, county.widget, DirectoryPage(ws.directory())]   # a page that cannot be built fails here
        shown = [widget_text(widget) for widget in pages]
        assert all(re.search(r"[\u4e00-\u9fff]{2}", text) for text in shown), shown   # no page is empty
        found = set()
        for text in shown:
            found |= english(text)
        for board in (city, county):
            book = openpyxl.load_workbook(io.BytesIO(board.excel.workbook()))
            for sheet in book.worksheets:
                found |= english(sheet.title)
                for row in sheet.iter_rows(values_only=True):
                    found |= english(" ".join(str(v) for v in row if v is not None))
    finally:
        ws.close()
    assert found == set()
