"""The server's small parts without a server: the log mask, the rate limiter, the kernel ceiling's default,
the static pages, the websocket filter's decisions, the serve command line."""
from __future__ import annotations

import json
import logging

from panel_toolkit.cli.serve import EXPERT_APP, pool_sizes, voila_command
from panel_toolkit.panel.tokens import NEUTRAL_ZH
from panel_toolkit.server import logmask
from panel_toolkit.server.handlers import SafeKernelWebsocketHandler
from panel_toolkit.server.limits import RateLimiter, default_max_kernels
from panel_toolkit.server.pages import all_pages


def test_every_log_record_is_masked(caplog):
    logmask.install()
    token = "g-5x6lL4N3QLonOsg8yluTVk2zggVVPBEx-ODHEitOs"
    with caplog.at_level(logging.INFO):
        logging.getLogger("tornado.access").warning("403 GET /voila/render/x.ipynb?token=%s&lang=en (%s)", token, "1.2.3.4")
        logging.getLogger("x").info(f"opened https://h/x?a=1&TOKEN={token}")
    assert token not in caplog.text and caplog.text.count("token=***") + caplog.text.count("TOKEN=***") == 2
    assert "lang=en" in caplog.text


def test_the_rate_limiter_allows_a_burst_then_a_steady_rate():
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=3, clock=lambda: now[0])
    assert [limiter.allow("a")[0] for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("a")[1] == 1 and limiter.allow("b")[0]
    now[0] += 1.0
    assert limiter.allow("a")[0] and not limiter.allow("a")[0]


def test_the_default_kernel_ceiling_follows_memory():
    assert default_max_kernels(4096) == 12 and default_max_kernels(24_000) == 72 and default_max_kernels(100) == 2


def test_pools_stay_under_the_ceiling():
    apps = [EXPERT_APP, "county_dashboard.ipynb", "city_overview.ipynb", "directory.ipynb"]
    assert pool_sizes(20, 10, preheated=apps) == {"county_dashboard.ipynb": 1, "city_overview.ipynb": 1,
                                                  "directory.ipynb": 1, EXPERT_APP: 6}
    cmd = voila_command(1234, pool_size=3, max_kernels=9, workspace=".", rate_burst=5)
    assert "--PanelVoila.max_kernels=9" in cmd and "--PanelVoila.rate_burst=5" in cmd
    assert any(c.startswith("--PanelVoila.workspace=/") for c in cmd)


def test_static_pages_are_chinese_and_carry_the_contact():
    pages = all_pages({"unit": "营口市人社局<b>", "phone": "0417-1"})
    assert NEUTRAL_ZH in pages["neutral"] and "系统繁忙，请稍后刷新" in pages["busy"]
    assert "营口市人社局&lt;b&gt;" in pages["neutral"] and "0417-1" in pages["busy"] and "<b>" not in pages["neutral"]
    assert all('lang="zh-CN"' in p and "http" not in p.replace("http-equiv", "") for p in pages.values())


def _msg(msg_type, content):
    return json.dumps({"header": {"msg_type": msg_type}, "content": content, "channel": "iopub"})


def test_the_websocket_filter_drops_what_could_leak():
    unsafe = SafeKernelWebsocketHandler._unsafe
    assert unsafe(_msg("error", {"ename": "X", "evalue": "", "traceback": []}))
    assert unsafe(_msg("stream", {"name": "stderr", "text": "warning"}))
    assert unsafe(_msg("comm_info_reply", {"status": "error"}))
    assert unsafe(_msg("comm_msg", {"data": {"state": {"value": 'File "/srv/x.py", line 3'}}}))
    assert unsafe({"header": {"msg_type": "display_data"}, "content": {"data": {"text/plain": "Traceback (most recent call last)"}}})
    assert not unsafe(_msg("stream", {"name": "stdout", "text": "ok"}))
    assert not unsafe(_msg("comm_msg", {"data": {"method": "update", "state": {"value": "已保存"}}}))
    assert not unsafe(_msg("status", {"execution_state": "idle"}))
