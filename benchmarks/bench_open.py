"""Benchmark: 10 and 20 experts open their personal links at the same moment.

Run ``python benchmarks/bench_open.py``. For each burst size N a server is started as ``panel-toolkit
serve`` does, with a preheated expert pool of N (the session's ``panel.pool_size`` sized for the burst), on a
demo workspace; when the pool is full, N Chromium contexts (no shared cache) navigate to N different
experts' links together (asyncio.gather), and each page is timed from navigation to its candidate list
with buttons visible (interactive); the CPU used meanwhile by the browsers, the kernels and the server is
read. Then the RSS of every kernel and the server's total memory (server + kernels) are read.

The N browsers share the server's 2 cores here, which experts' own computers never do; so a second
server, with a fresh pool, takes the same burst from ``widget_client`` (the page's HTML, kernel websocket
and every widget state, no browser): the server's share of the time. Targets on 2 cores: N=10 p95 ≤ 6 s
and none over 10 s; kernel RSS ≤ 200 MiB. The target is judged on the Chromium figures.
Skips itself (``ok`` True, ``skipped`` set) when Chromium, Playwright or Voila is missing.
"""
from __future__ import annotations

import asyncio
import statistics
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench_app import CHROMIUM, LAUNCH_ARGS, _free_port, _missing, _up, _wait

APP = "expert_scoring.ipynb"
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
BURSTS = (10, 20)
TARGET_P95_S, TARGET_MAX_S, TARGET_KERNEL_MB = 6.0, 10.0, 200.0
TIMEOUT_S = 120    # a page not interactive by then counts as failed


def _pool_ready(log: Path, n: int) -> bool:
    """All n preheated kernels have run the app's imports and wait for a visitor (Voila's own "filled"
    line comes when they have started, seconds before)."""
    return log.read_text("utf-8", "replace").count("is ready for a visitor") >= n


def _memory(server_pid: int) -> tuple[list[float], float]:
    import psutil

    server = psutil.Process(server_pid)
    kids = server.children(recursive=True)
    kernels = [k.memory_info().rss / 2**20 for k in kids if "ipykernel" in " ".join(k.cmdline())]
    total = server.memory_info().rss / 2**20 + sum(k.memory_info().rss / 2**20 for k in kids)
    return kernels, total


async def _open_all(links: list[str], local: str) -> tuple[list[float], dict[str, float]]:
    """Seconds to interactive of each link opened in its own Chromium context, all at once; and the CPU
    seconds the browsers, the kernels and the server used meanwhile."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        async def local_only(route):   # offline: requests to other hosts are aborted
            await (route.continue_() if route.request.url.startswith((local, "data:", "blob:")) else route.abort())

        pages = []
        for _ in links:
            c = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
            await c.route("**/*", local_only)
            c.set_default_timeout(TIMEOUT_S * 1000)
            pages.append(await c.new_page())

        async def one(page, link):
            t0 = time.perf_counter()
            try:
                await page.goto(link, wait_until="commit")   # the page streams while its notebook runs
                await page.locator(".candidate-list button").first.wait_for(state="visible")
            except Exception:   # counted as never interactive; the page is kept to look at
                SHOTS.mkdir(exist_ok=True)
                await page.screenshot(path=str(SHOTS / f"bench-open-failed-{len(links)}-{links.index(link)}.png"))
                return float("inf")
            return time.perf_counter() - t0

        cpu0 = _cpu_by_kind()
        times = await asyncio.gather(*(one(pg, link) for pg, link in zip(pages, links, strict=True)))
        cpu = {k: v - cpu0.get(k, 0.0) for k, v in _cpu_by_kind().items()}
        await browser.close()
    return list(times), cpu


@contextmanager
def _server(n: int):
    """A server as ``serve`` starts it, its expert pool of n ready; yields (links of n experts, server pid)."""
    from panel_toolkit.cli.serve import app_url, start_server, stop_server, voila_command, voila_env
    from panel_toolkit.demo import build_demo
    from panel_toolkit.demo.experts import add_demo_panel

    with tempfile.TemporaryDirectory(prefix="bench-open-") as tmp:
        root = Path(tmp)
        port = _free_port()
        build_demo(root, seed=2024)
        links = [x["link"] for x in add_demo_panel(root, base_url=app_url(port)).links][:n]
        log = root / "server.log"
        with log.open("w") as out:
            # every context comes from 127.0.0.1 here (one "client"): the per-client limit is lifted
            cmd = voila_command(port, pool_size=n, preheated=[APP], max_kernels=n + 8, rate_burst=1000)
            proc = start_server(cmd, voila_env(root), stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait(lambda: _up(f"http://127.0.0.1:{port}/"), 120, "the server did not start")
            try:
                _wait(lambda: _pool_ready(log, n), 600, "the kernel pool was not ready")
            except TimeoutError:
                text = log.read_text("utf-8", "replace")
                raise TimeoutError(f"{text.count('is ready for a visitor')} of {n} preheated kernels ready after "
                                   f"600 s; the server's log ends:\n{text[-3000:]}") from None
            time.sleep(2)   # let the machine settle after the preheat
            yield links, proc.pid
        finally:
            stop_server(proc)


def _figures(times: list[float]) -> dict:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return {"failed": sum(t == float("inf") for t in times), "p50": statistics.median(times), "p95": p95,
            "max": times[-1]}


async def _open_by_protocol(links: list[str]) -> list[float]:
    from widget_client import open_app

    async def one(link):
        try:
            return await open_app(link, timeout=TIMEOUT_S)
        except Exception as e:
            print(f"  not interactive: {e}", flush=True)
            return float("inf")

    return list(await asyncio.gather(*(one(link) for link in links)))


def burst(n: int) -> dict:
    """n experts at once in Chromium (the whole page), then n at once by protocol (the server's share)."""
    with _server(n) as (links, pid):
        times, cpu = asyncio.run(_open_all(links, links[0].split("/voila/")[0] + "/"))
        browser = _figures(times)
        kernels, total = _memory(pid)
    with _server(n) as (links, pid):
        server = _figures(asyncio.run(_open_by_protocol(links)))
    return {"n": n, **browser, "server_only": server, "cpu_s": cpu, "kernel_rss_max": max(kernels),
            "kernel_rss_median": statistics.median(kernels), "server_total_mib": total, "kernels": len(kernels)}


def _cpu_by_kind() -> dict[str, float]:
    """CPU seconds used so far by the browsers, the kernels and the server process."""
    import psutil

    out: dict[str, float] = {}
    for p in psutil.process_iter(["cmdline", "cpu_times"]):
        line = " ".join(p.info["cmdline"] or ())
        kind = ("kernels" if "ipykernel" in line else "server" if "panel_toolkit.server" in line
                else "browsers" if "chrom" in line else "playwright" if "run-driver" in line else None)
        if kind and p.info["cpu_times"]:
            out[kind] = out.get(kind, 0.0) + p.info["cpu_times"].user + p.info["cpu_times"].system
    return out


def run() -> dict:
    missing = _missing()
    name = "simultaneous opens: 10 experts' p95 to interactive"
    if missing:
        return {"name": name, "ok": True, "skipped": f"missing {', '.join(missing)}"}
    results = [burst(n) for n in BURSTS]
    for r in results:
        s, cpu = r["server_only"], r["cpu_s"]
        print(f"  {r['n']} at once in Chromium: p50 {r['p50']:.2f} s, p95 {r['p95']:.2f} s, max {r['max']:.2f} s, "
              f"not interactive within {TIMEOUT_S} s: {r['failed']}; CPU s during the burst: "
              + ", ".join(f"{k} {v:.1f}" for k, v in sorted(cpu.items())) + "\n"
              f"  {r['n']} at once, server's share (widget protocol, no browser): p50 {s['p50']:.2f} s, "
              f"p95 {s['p95']:.2f} s, max {s['max']:.2f} s, failed: {s['failed']}\n"
              f"  kernel RSS median {r['kernel_rss_median']:.0f} MiB, max {r['kernel_rss_max']:.0f} MiB; "
              f"server total {r['server_total_mib']:.0f} MiB ({r['kernels']} kernels)", flush=True)
    ten = results[0]
    ok = ten["p95"] <= TARGET_P95_S and ten["max"] <= TARGET_MAX_S and all(r["kernel_rss_max"] <= TARGET_KERNEL_MB
                                                                           for r in results)
    return {"name": name, "rows": ten["n"], "best_seconds": ten["p95"], "target_seconds": TARGET_P95_S,
            "peak_memory_mib": results[-1]["server_total_mib"], "ok": ok, "bursts": results}


if __name__ == "__main__":
    print(run())
