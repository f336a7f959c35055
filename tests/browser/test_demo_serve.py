"""`panel-toolkit demo` builds the workspace, draws a demo panel, prints working personal links and serves
the apps (Voila on 127.0.0.1 with preheated kernels, no tracebacks, idle kernels culled)."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from panel_toolkit.cli.serve import DEFAULT_POOL_SIZE, apps, voila_command

from .browser_kit import DESKTOP, PAGE_TIMEOUT_MS, SERVER_START_S, shoot
from .conftest import free_port

pytestmark = pytest.mark.browser


def test_serve_command_line_follows_the_voila_notes():
    cmd = voila_command(9999)
    assert "--Voila.ip=127.0.0.1" in cmd and "--show_tracebacks=False" in cmd and "--preheat_kernel=True" in cmd
    assert "--MappingKernelManager.cull_connected=False" in cmd
    assert any(c.startswith("--MappingKernelManager.cull_idle_timeout=") for c in cmd)
    pools = next(c for c in cmd if c.startswith("--VoilaKernelManager.kernel_pools_config="))
    assert '"default": {"pool_size": 0}' in pools and f'"expert_scoring.ipynb": {{"pool_size": {DEFAULT_POOL_SIZE}}}' in pools
    assert cmd[1:3] == ["-m", "panel_toolkit.server"] and "--template=panel-toolkit" in cmd   # the gate in front
    assert "expert_scoring.ipynb" in apps()


def test_demo_prints_links_that_open_the_experts_sheets(browser, tmp_path):
    port = free_port()
    log = tmp_path / "demo.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-c", "from panel_toolkit.cli.main import main; main()", "demo", "--dir", str(tmp_path / "ws"),
                                 "--port", str(port)], stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:   # polling the server's readiness, not a page
            if proc.poll() is not None:
                pytest.fail(f"demo exited {proc.returncode}:\n{log.read_text('utf-8')}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, log.read_text("utf-8")
            time.sleep(0.25)
        output = log.read_text("utf-8")
        links = re.findall(r"^  (\S+)（(\d+) 项）：(http://127\.0\.0\.1:\d+/voila/render/expert_scoring\.ipynb\?token=[\w-]{43})$",
                           output, re.M)
        assert len(links) == 3, output
        name, _, link = links[0]
        context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        local = f"http://127.0.0.1:{port}/"
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(local) else route.abort())
        page = context.new_page()
        page.goto(link)
        page.locator(".candidate-list").wait_for()
        assert page.locator(".expert-name").inner_text() == f"评审专家：{name}"
        shoot(page, "demo-link-desktop")
        # the staff links it prints open their pages too (a city link for the directory)
        for label, selector in (("劳务品牌目录", ".pt-dir .pt-header"), ("盖州市看板", ".pt-heading")):
            staff = re.search(rf"^{label}：(http://127\.0\.0\.1:\d+/voila/render/\w+\.ipynb\?token=[\w-]{{43}})$", output, re.M)
            assert staff, output
            page.goto(staff.group(1))
            page.locator(selector).first.wait_for()
            assert "链接无效" not in page.locator("body").inner_text()
        context.close()
    finally:
        os.killpg(proc.pid, signal.SIGINT)     # the demo's Ctrl+C stops its Voila server
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
