"""The security tier: probes against a real server (``panel-toolkit serve``'s command) on a free 127.0.0.1
port over a demo workspace: HTTP requests, raw websocket messages, Chromium where a page is needed.

Skipped only when Chromium, Playwright or Voila is missing AND $CI is not "true" (then it fails).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from panel_toolkit.cli.demo import demo_site
from panel_toolkit.cli.serve import (
    app_url,
    start_server,
    stop_server,
    voila_command,
    voila_env,
)

from ..browser.browser_kit import CHROMIUM, free_port, require_tools

START_S = 120


@pytest.fixture(scope="session", autouse=True)
def _tools():
    require_tools("security")


def token_of(link: str) -> str:
    return re.search(r"[?&]token=([A-Za-z0-9_-]{43})", link).group(1)


@dataclass
class Response:
    status: int
    headers: dict
    body: str


def get(url: str, client: str | None = None, timeout: float = 90) -> Response:
    """One GET; ``client`` is sent as X-Real-IP (as nginx does), so tests keep separate rate buckets."""
    req = urllib.request.Request(url, headers={"X-Real-IP": client} if client else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return Response(r.status, dict(r.headers), r.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as e:
        return Response(e.code, dict(e.headers), e.read().decode("utf-8", "replace"))


def wait_ready(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited {proc.returncode}:\n{log.read_text('utf-8', 'replace')[-4000:]}")
        try:
            if get(f"http://127.0.0.1:{port}/", timeout=2).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)  # polling readiness, not a page
    raise RuntimeError(f"no answer in {START_S} s:\n{log.read_text('utf-8', 'replace')[-4000:]}")


def kernels_of(pid: int) -> list[psutil.Process]:
    """The ipykernel processes the server started (its children)."""
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [c for c in children if "ipykernel" in " ".join(c.cmdline())]


@dataclass
class Site:
    root: Path
    port: int
    log: Path
    proc: subprocess.Popen
    experts: dict[int, str]       # expert id → link
    staff: dict[str, str]         # the demo's staff links: panel_toolkit.cli.demo.STAFF_PAGES key → link

    def url(self, notebook: str) -> str:
        return app_url(self.port, notebook)

    def kernels(self) -> int:
        return len(kernels_of(self.proc.pid))


def build_site(root: Path, port: int) -> tuple[dict[int, str], dict[str, str]]:
    """The demo's own set-up (``panel-toolkit demo`` without scores): experts' links and staff links."""
    site = demo_site(root, port)
    return site.experts, site.staff


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A server with one preheated expert kernel and nothing else preheated."""
    root = tmp_path_factory.mktemp("security")
    port = free_port()
    experts, staff = build_site(root, port)
    log = root / "server.log"
    with log.open("w") as out:
        cmd = voila_command(port, pool_size=1, preheated=["expert_scoring.ipynb"], max_kernels=6)
        proc = start_server(cmd, voila_env(root), stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_ready(port, proc, log)
        yield Site(root, port, log, proc, experts, staff)
    finally:
        stop_server(proc)
        for k in kernels_of(proc.pid):
            k.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                              headless=True, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()
