"""The city's directory page in a real Chromium against a real Voila server: it loads, and choosing a
brand shows its dated history. External requests are blocked; nothing sleeps (waits are for visible text).

Skipped only when Chromium or Voila is missing and CI is not "true"; in CI it fails instead.
"""
from __future__ import annotations

import datetime as dt
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
PAGE = REPO / "notebooks" / "directory.ipynb"
STARTUP_S = 120


def _missing() -> list[str]:
    missing = [] if Path(CHROMIUM).exists() else [CHROMIUM]
    try:
        import playwright.sync_api  # noqa: F401
        import voila  # noqa: F401
    except ImportError as e:
        missing.append(str(e.name))
    return missing


def _require_tools() -> None:
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test tools missing in CI: {', '.join(missing)}")
        pytest.skip(f"missing: {', '.join(missing)}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _build_workspace(root: Path) -> None:
    from panel_toolkit import Workspace
    from panel_toolkit.intake import creditcode

    ws = Workspace(root)
    d = ws.directory()
    a = d.register_entry(creditcode.make("9121080400000001X"), "营口渔家嫂服务有限公司（示例）", "营口渔家嫂", "鲅鱼圈区",
                         dt.date(2022, 12, 20), "YKLW-2022-001")
    b = d.register_entry(creditcode.make("9121088200000002X"), "大石桥镁都技工培训学校（示例）", "大石桥镁都技师",
                         "大石桥市", dt.date(2023, 12, 1), "YKLW-2023-002")
    d.record_annual_report(a, 2023, dt.date(2023, 10, 20))
    d.record_event(b, "interview", "第十八条(三)", dt.date(2025, 1, 10), "列入经营异常名录")
    d.record_event(b, "suspend", "第十九条", dt.date(2025, 4, 15), "三个月内未整改")
    ws.close()


def _city_link(root: Path, base_url: str) -> str:
    """The page needs a city staff link; links belong to a session."""
    from panel_toolkit import Workspace
    from panel_toolkit.demo.build import write_session

    write_session(root, "2024", {"zh": "示例批次", "en": "demo"})
    ws = Workspace(root)
    try:
        return ws.session("2024").issue_viewer_link(base_url, issued_to="市人社局 测试").link
    finally:
        ws.close()


@pytest.fixture
def server(tmp_path):
    """A real Voila serving notebooks/directory.ipynb over a workspace built in tmp_path; yields a city staff link."""
    _require_tools()
    root = tmp_path / "workspace"
    root.mkdir()
    _build_workspace(root)
    port = _free_port()
    link = _city_link(root, f"http://127.0.0.1:{port}/")
    env = {**os.environ, "PANEL_TOOLKIT_WORKSPACE": str(root), "PANEL_TOOLKIT_LANG": "zh"}
    env.pop("PANEL_TOOLKIT_DB", None)
    voila = shutil.which("voila", path=str(Path(sys.executable).parent)) or "voila"
    proc = subprocess.Popen([voila, str(PAGE), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"],
                            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:       # keeps reading, so the pipe never fills
        for line in proc.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    log, deadline = [], time.monotonic() + STARTUP_S
    try:
        while True:                                    # wait for the "running at" line, not a fixed time
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            if line is None:
                pytest.fail("voila exited:\n" + "".join(log))
            log.append(line)
            if "is running at" in line:
                break
        yield link
    except queue.Empty:
        pytest.fail("voila did not start:\n" + "".join(log))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def page():
    _require_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        pg.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1",
                                                                                          "http://localhost"))
                 else route.abort())
        pg.set_default_timeout(90_000)
        yield pg
        browser.close()


def test_page_loads_and_shows_a_brands_history(server, page):
    from playwright.sync_api import expect

    page.goto(server)
    expect(page.get_by_text("营口市市级劳务品牌目录 · 动态管理")).to_be_visible()
    status = page.locator(".directory-status")
    expect(status).to_contain_text("营口渔家嫂")
    expect(status).to_contain_text("暂停标识使用权")
    page.get_by_role("tab", name="期限提醒").click()
    expect(page.locator(".directory-overdue")).to_contain_text("年度报告")
    page.get_by_role("tab", name="品牌历程").click()
    page.locator(".directory-brand select").select_option(label="YKLW-2023-002  大石桥镁都技师（大石桥镁都技工培训学校（示例））")
    history = page.locator(".directory-history")
    expect(history).to_contain_text("当前状态：暂停标识使用权")
    expect(history).to_contain_text("第十八条(三)")
    expect(history).to_contain_text("2026-04-15")          # one year from 2025-04-15 (第十九条)
    expect(history).to_contain_text("三个月内未整改")
    # without the city staff link the page shows the neutral message and no brand
    page.goto(server.split("?")[0])
    expect(page.get_by_text("链接无效或已失效")).to_be_visible()
    assert "营口渔家嫂" not in page.locator("body").inner_text()
