"""The kernel ceiling and the server's processes: past ``--max-kernels`` a new visitor gets the Chinese
busy page (503, Retry-After) at once; when ``serve`` is killed (even by SIGKILL) its server and every
kernel end too."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from .conftest import build_site, free_port, get, kernels_of, wait_ready

pytestmark = pytest.mark.browser


def test_busy_page_past_the_ceiling_and_nothing_outlives_serve(tmp_path):
    port = free_port()
    experts, _ = build_site(tmp_path, port)
    log = tmp_path / "serve.log"
    code = ("import sys; from panel_toolkit.cli.serve import run_server; "
            f"sys.exit(run_server({str(tmp_path)!r}, None, 'zh', {port}, 0, False, 900, max_kernels=1))")
    with log.open("w") as out:
        serve = subprocess.Popen([sys.executable, "-c", code], stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_ready(port, serve, log)
        server = psutil.Process(serve.pid).children()[0]
        first, second = list(experts.values())[:2]
        assert get(first, client="10.7.0.1").status == 200                 # the one kernel allowed
        assert len(kernels_of(server.pid)) == 1
        t0 = time.monotonic()
        busy = get(second, client="10.7.0.2")
        assert busy.status == 503 and busy.headers["Retry-After"].isdigit() and "系统繁忙，请稍后刷新" in busy.body
        assert time.monotonic() - t0 < 5 and len(kernels_of(server.pid)) == 1   # no hang, no new kernel
        family = [server, *kernels_of(server.pid)]
        os.kill(serve.pid, signal.SIGKILL)                                   # serve dies without a word
        gone, alive = psutil.wait_procs(family, timeout=30)
        assert not alive, [p.cmdline() for p in alive]
    finally:
        if serve.poll() is None:
            serve.kill()
        for p in psutil.process_iter():
            try:
                if str(tmp_path) in " ".join(p.environ().get(k, "") for k in ("PANEL_TOOLKIT_WORKSPACE",)):
                    p.kill()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
