"""Browser tier: Playwright drives Debian's Chromium against a real Voila server (``panel-toolkit serve``'s
command) on a free 127.0.0.1 port, serving a demo workspace built in a temporary folder.

Skipped only when Chromium, Playwright or Voila is missing AND $CI is not "true"; in CI a missing browser
fails. Requests to any host but the test server are aborted (offline: Font Awesome's CDN never loads).
Tests never sleep: they wait for visible state (the save-status label, a class, a text).
"""
from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from panel_toolkit import Actor, Workspace
from panel_toolkit.cli.serve import app_url, start_server, stop_server, voila_command, voila_env
from panel_toolkit.demo import build_demo
from panel_toolkit.demo.build import SESSION_ID
from panel_toolkit.demo.experts import add_demo_panel

from .browser_kit import CHROMIUM, LAUNCH_ARGS, SERVER_START_S, free_port, open_local_page, require_tools


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test's report carries the tail of its server's log (a fixture with a ``log`` path): in CI
    that log is the only witness of what the server did while the page waited."""
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    for name, value in getattr(item, "funcargs", {}).items():
        log = getattr(value, "log", None)
        if isinstance(log, Path) and log.exists():
            report.sections.append((f"the server's log ({name}), last lines", log.read_text("utf-8", "replace")[-6000:]))


@pytest.fixture(scope="session", autouse=True)
def _browser_tools():
    require_tools("browser", " (apt-get install chromium fonts-wqy-microhei)")


@dataclass
class Server:
    root: Path
    port: int
    url: str                                   # the expert app's address
    links: dict[int, str]                      # expert id → personal link
    names: dict[int, str]
    log: Path
    proc: subprocess.Popen | None = None
    assignments: object = field(default=None)  # the city's assignments frame

    def expert_session(self, expert_id: int):
        ws = Workspace(self.root)
        return ws, ws.session(SESSION_ID, Actor.expert(expert_id, self.names[expert_id]))

    def sheet(self, assignment_id: int):
        """The stored sheet, read as the city (what the store holds, not what a page shows)."""
        ws = Workspace(self.root)
        try:
            return ws.session(SESSION_ID).sheet(assignment_id)
        finally:
            ws.close()


def _wait_for_http(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"voila exited with {proc.returncode}:\n{log.read_text('utf-8', 'replace')[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)  # polling the server's readiness, not waiting on the page
    raise RuntimeError(f"voila did not answer within {SERVER_START_S} s:\n{log.read_text('utf-8', 'replace')[-4000:]}")


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-workspace")
    port = free_port()
    build_demo(root, seed=2024)
    panel = add_demo_panel(root, base_url=app_url(port))
    ws = Workspace(root)
    assignments = ws.session(SESSION_ID).assignments_frame()
    ws.close()
    log = root / "voila.log"
    srv = Server(root=root, port=port, url=app_url(port), links={x["expert_id"]: x["link"] for x in panel.links},
                 names={x["expert_id"]: x["name"] for x in panel.links}, log=log, assignments=assignments)
    with log.open("w") as out:
        cmd = voila_command(port, pool_size=2, preheated=["expert_scoring.ipynb"])
        srv.proc = start_server(cmd, voila_env(root), stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for_http(f"http://127.0.0.1:{port}/", srv.proc, log)
        yield srv
    finally:
        stop_server(srv.proc)     # the server shuts its kernels down (and they exit if it dies)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module: the Playwright sync API allows one instance at a time, and other
    modules of this tier start their own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        exe = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
        b = p.chromium.launch(executable_path=exe, headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser, server):
    """``open_page(url, viewport=DESKTOP)``: a new page (own context) on ``url``, external hosts blocked."""
    contexts = []

    def make(url: str, viewport: dict | None = None, context=None):
        if context is None:
            return open_local_page(browser, server.port, url, contexts, viewport)
        page = context.new_page()
        page.goto(url)
        return page

    yield make
    for c in contexts:
        c.close()

