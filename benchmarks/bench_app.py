"""Benchmark: the expert app in Chromium — preheated page to interactive, and an expert kernel's memory.

Run ``python benchmarks/bench_app.py``. Starts Voila as ``panel-toolkit serve`` does (preheated kernels,
pool of 2) on a demo workspace, waits until the pool is filled, then opens personal links in Debian's
Chromium (a fresh browser context each: no HTTP cache) and times navigation → the candidate list
visible with its buttons. Then one expert opens a sheet and saves values, and the RSS of every expert
kernel is read (psutil, or /proc). Targets (2 cores): page ≤ 3 s, kernel ≤ 200 MB.
Skips itself (``ok`` True, ``skipped`` set) when Chromium, Playwright or Voila is missing.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

TARGET_SECONDS = 3.0
TARGET_KERNEL_MB = 200.0
PAGES = 3
CHROMIUM = os.environ.get("PANEL_TOOLKIT_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
APP = "expert_scoring.ipynb"


def _missing() -> list[str]:
    out = [] if (Path(CHROMIUM).exists() or shutil.which("chromium")) else ["chromium"]
    return out + [m for m in ("playwright", "voila") if importlib.util.find_spec(m) is None]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.2)


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def _filled(log: Path) -> int:
    return len(re.findall(rf"Kernel pool of {re.escape(APP)} is filled", log.read_text("utf-8", "replace")))


@contextmanager
def served(root: Path, port: int, pool_size: int):
    """``panel-toolkit serve``'s server over the workspace ``root`` with ``pool_size`` preheated expert-app
    kernels; yields (process, log) once the first kernel is ready, and stops it and its kernels on the way out."""
    from panel_toolkit.cli.serve import start_server, stop_server, voila_command, voila_env

    log = root / "voila.log"
    with log.open("w") as out:
        proc = start_server(voila_command(port, pool_size=pool_size, preheated=[APP]), voila_env(root),
                            stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait(lambda: _up(f"http://127.0.0.1:{port}/"), 120, "voila did not start")
        _wait(lambda: _filled(log) >= 1, 180, "the kernel pool was not filled")
        yield proc, log
    finally:
        stop_server(proc)     # the server shuts its kernels down (and they exit if it dies)


def launch(p):
    """Debian's Chromium, as the browser tests start it."""
    exe = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    return p.chromium.launch(executable_path=exe, headless=True, args=LAUNCH_ARGS)


def local_context(browser, port: int, width: int, height: int):
    """A browser context that reaches this server only (offline: other hosts are aborted); data: and blob:
    stay, as in the CSP, for the page's own images and its widgets' scripts."""
    local = f"http://127.0.0.1:{port}/"
    c = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    c.route("**/*", lambda r: r.continue_() if r.request.url.startswith((local, "data:", "blob:")) else r.abort())
    c.set_default_timeout(60_000)
    return c


def _kernel_rss_mb(server_pid: int) -> list[float]:
    """RSS of the server's kernel processes, in MB (10^6 bytes... reported as MiB)."""
    try:
        import psutil

        kids = psutil.Process(server_pid).children(recursive=True)
        return [k.memory_info().rss / 2**20 for k in kids if "ipykernel" in " ".join(k.cmdline())]
    except ImportError:
        out = []
        for d in Path("/proc").iterdir():
            if not d.name.isdigit():
                continue
            try:
                stat = (d / "stat").read_text().split()
                cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                if int(stat[3]) == server_pid and "ipykernel" in cmd:
                    rss = next(int(x.split()[1]) for x in (d / "status").read_text().splitlines() if x.startswith("VmRSS"))
                    out.append(rss / 1024)
            except (OSError, StopIteration, ValueError):
                continue
        return out


def run(pages: int = PAGES) -> dict:
    missing = _missing()
    if missing:
        return {"name": "expert app: page to interactive", "ok": True, "skipped": f"missing {', '.join(missing)}"}
    from playwright.sync_api import sync_playwright

    from panel_toolkit.cli.serve import app_url
    from panel_toolkit.demo import build_demo
    from panel_toolkit.demo.experts import add_demo_panel

    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        root = Path(tmp)
        port = _free_port()
        build_demo(root, seed=2024)
        links = [x["link"] for x in add_demo_panel(root, base_url=app_url(port)).links]
        times = []
        with served(root, port, pool_size=2) as (proc, log), sync_playwright() as p:
            browser = launch(p)
            local = f"http://127.0.0.1:{port}/"

            def context():
                return local_context(browser, port, 1280, 900)

            warm = context()                       # the browser itself starts once, as on a user's machine
            warm.new_page().goto(local)            # the landing page: no kernel (the link gate)
            warm.close()
            consumed = 0                           # every page takes a preheated kernel; the pool refills
            for link in links[:pages]:
                _wait(lambda: _filled(log) >= 1 + consumed, 180, "the kernel pool was not refilled")
                consumed += 1
                c = context()
                page = c.new_page()
                t0 = time.perf_counter()
                page.goto(link)
                page.locator(".candidate-list button").first.wait_for(state="visible")
                times.append(time.perf_counter() - t0)
                if link is links[pages - 1]:
                    page.locator(".candidate-list button").first.click()
                    page.locator(".sheet-form .submit").wait_for()
                    box = page.locator(".sheet-form input[type=text]").first
                    for value in ("3", "4", "5"):
                        box.fill(value)
                        box.press("Enter")
                        page.locator(".save-status .saved").last.wait_for()
                    page.locator(".print-button").click()
                    page.wait_for_function("() => window.ptPrinted >= 1")
                    rss = _kernel_rss_mb(proc.pid)
                c.close()
            browser.close()
    worst_kernel = max(rss) if rss else float("nan")
    median = statistics.median(times)
    return {"name": f"expert app: preheated page to interactive (median of {len(times)})", "best_seconds": median,
            "load_average": os.getloadavg()[0],
            "target_seconds": TARGET_SECONDS, "peak_memory_mib": worst_kernel,
            "ok": median <= TARGET_SECONDS and worst_kernel <= TARGET_KERNEL_MB,
            "page_seconds": times, "kernel_rss_mib": rss, "target_kernel_mib": TARGET_KERNEL_MB}


if __name__ == "__main__":
    r = run()
    if r.get("skipped"):
        print(f"{r['name']}: skipped ({r['skipped']})")
    else:
        print(f"{r['name']}: {', '.join(f'{t:.2f}' for t in r['page_seconds'])} s (median {r['best_seconds']:.2f} s, "
              f"target {TARGET_SECONDS:.0f} s); expert kernels RSS {', '.join(f'{m:.0f}' for m in r['kernel_rss_mib'])} MiB "
              f"(worst {r['peak_memory_mib']:.0f}, target {TARGET_KERNEL_MB:.0f}): {'OK' if r['ok'] else 'MISSED'}")
