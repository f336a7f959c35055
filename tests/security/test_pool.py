"""The preheated pool under a burst, against a real server: pages never lose their widgets (Voila's IOPub
wait), the pool refills only after the pages have settled and one kernel at a time, and a page gets only
the lab extensions its app uses. The burst is sent by ``benchmarks/widget_client.py``, which asks the
server what a page's widget manager asks (HTML, kernel websocket, every widget state) without a browser."""
from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import websocket

from panel_toolkit.cli.serve import start_server, stop_server, voila_command, voila_env

from .conftest import build_site, free_port, get, kernels_of, wait_ready

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from widget_client import open_app  # noqa: E402

pytestmark = pytest.mark.browser

POOL, QUIET_S = 2, 3.0


def _counts(log: Path) -> tuple[int, int]:
    text = log.read_text("utf-8", "replace")
    return text.count("Kernel started:"), text.count("is ready for a visitor")


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)   # polling the server's log


def test_a_burst_gets_every_widget_and_the_pool_refills_after_it_one_kernel_at_a_time(tmp_path):
    port = free_port()
    experts, staff = build_site(tmp_path, port)
    log = tmp_path / "server.log"
    cmd = voila_command(port, pool_size=POOL, preheated=["expert_scoring.ipynb"], max_kernels=8, rate_burst=100)
    with log.open("w") as out:
        proc = start_server(cmd + [f"--PanelVoila.refill_quiet_s={QUIET_S}"], voila_env(tmp_path), stdout=out,
                            stderr=subprocess.STDOUT)
    try:
        wait_ready(port, proc, log)
        _wait(lambda: _counts(log) == (POOL, POOL), 120, "the pool was not ready")
        links = list(experts.values())[:POOL + 2]          # two preheated pages, two started on demand

        async def burst():
            return await asyncio.gather(*(open_app(link, timeout=90) for link in links))

        seconds = asyncio.run(burst())                    # each raises unless its candidate list arrived
        done = time.monotonic()
        assert len(seconds) == len(links) and all(s > 0 for s in seconds)
        started_by_burst = len(links) - POOL
        assert _counts(log)[0] == POOL + started_by_burst
        time.sleep(QUIET_S - 1.0)                         # the pages have just settled: no refill yet
        assert _counts(log)[0] == POOL + started_by_burst, "the pool refilled while pages were loading"

        cold = []
        def refilled() -> bool:
            started, ready = _counts(log)
            cold.append(started - (ready + started_by_burst))   # refill kernels not yet ready
            return started == 2 * POOL + started_by_burst and ready == 2 * POOL
        _wait(refilled, 120, "the pool was not refilled")
        assert max(cold) <= 1, "two refill kernels warmed at once"
        assert time.monotonic() - done >= QUIET_S - 1.0
        assert len(kernels_of(proc.pid)) == 2 * POOL + started_by_burst
        assert "Timeout waiting for IOPub output" not in log.read_text("utf-8", "replace")

        # a waiting kernel's request-info socket cannot be taken over (it would receive the next visitor's token)
        waiting = re.findall(r"Preheated kernel ([0-9a-f-]{36}) is ready", log.read_text("utf-8", "replace"))[-POOL:]
        for headers in ({"X-Real-IP": "10.9.8.7"}, {}):          # through the proxy, or a second local claim
            ws = websocket.create_connection(f"ws://127.0.0.1:{port}/voila/query/{waiting[-1]}", timeout=10,
                                             header=[f"{k}: {v}" for k, v in headers.items()])
            assert ws.recv_data(control_frame=True)[0] == websocket.ABNF.OPCODE_CLOSE   # the server hangs up
            ws.close()
        assert log.read_text("utf-8", "replace").count("request-info connection refused") == 2
        more = list(experts.values())[POOL + 2:2 * POOL + 2]     # the two waiting kernels still serve visitors
        async def visitors():
            return await asyncio.gather(*(open_app(link, timeout=60) for link in more))

        assert all(s > 0 for s in asyncio.run(visitors()))

        # the expert page carries no plotly bundle; a dashboard page does
        expert_page = get(list(experts.values())[-1]).body
        assert "@jupyter-widgets/jupyterlab-manager" in expert_page and "jupyterlab-plotly" not in expert_page
        dashboard = get(staff["county_dashboard"]).body
        assert "jupyterlab-plotly" in dashboard
    finally:
        stop_server(proc)
        for k in kernels_of(proc.pid):
            k.kill()
