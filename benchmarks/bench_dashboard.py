"""Benchmark: the county dashboard (notebooks/county_dashboard.ipynb) on a 500-candidate session, in Chromium.

Run ``python benchmarks/bench_dashboard.py`` (``--no-preheat`` for comparison). Setup, not timed (about a minute on 2 cores): a session
of 800 seeded applications (≈ 500 screened in and eligible: the candidates), 120 experts, the draw
(5 material + 3 site experts each, ≈ 4,100 assignments) and synthetic sheets (3 % drafts, 2 % missing,
so the progress and flags have something to show). The dashboard is served the way
``panel-toolkit serve`` serves it (Voila, preheated kernels) and opened with a city link.

Timed in the browser with ``performance.now()`` (so the figures are the page's, not Python's):

- **cold**: navigation → the key figures and both overview charts drawn, in a fresh browser context
  (no cache: plotly.js is loaded too); best and every run of :data:`COLD_RUNS`. Target ≤ 5 s.
- **filter**: choosing a county in the filter → the KPI number, the heading and both charts show that
  county; one change per county. Target ≤ 0.5 s for the slowest (the median is reported too).

Without Chromium, Playwright or Voila, ``run()`` returns a dict saying what is missing (``skipped``).
Between cold runs the benchmark waits until Voila reports the kernel pool refilled and then lets the
new kernel finish its import cell (:data:`SETTLE_S`): a production server has been up for a while.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM = os.environ.get("PANEL_TOOLKIT_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
APPLICATIONS = 800
EXPERTS = 120
SEED = 2024
COLD_RUNS = 3
TARGET_COLD_S = 5.0
TARGET_FILTER_S = 0.5
SETTLE_S = 10
TIMEOUT_MS = 120_000
NOTEBOOK = "county_dashboard.ipynb"

READY = """() => {
  const kpi = document.querySelector('.pt-kpi-applications b');
  const charts = document.querySelectorAll('.pt-fig-funnel .gtitle, .pt-fig-scores .gtitle');
  return kpi && charts.length === 2 ? performance.now() : false;
}"""
FILTERED = """([county, count]) => {
  const titles = [...document.querySelectorAll('.pt-fig-funnel .gtitle, .pt-fig-scores .gtitle')].map(e => e.textContent);
  const kpi = document.querySelector('.pt-kpi-applications b');
  const heading = document.querySelector('.pt-heading h2');
  return titles.length === 2 && titles.every(x => x.endsWith(county)) && kpi && kpi.textContent === String(count)
    && heading && heading.textContent.endsWith(county) ? performance.now() - window.__filterStart : false;
}"""


def missing() -> list[str]:
    out = [] if Path(CHROMIUM).exists() or shutil.which("chromium") else [f"chromium ({CHROMIUM})"]
    return out + [m for m in ("playwright", "voila") if importlib.util.find_spec(m) is None]


def build_session(root: Path, applications: int = APPLICATIONS, experts: int = EXPERTS, seed: int = SEED,
                  base_url: str = "http://127.0.0.1/voila/render/" + NOTEBOOK) -> dict:
    """A scored demo session of ``applications`` applications in ``root``, built through the facade, and a
    city dashboard link for ``base_url``."""
    from panel_toolkit import Workspace
    from panel_toolkit.demo.build import SESSION_ID, TITLE, write_session, write_workbook
    from panel_toolkit.demo.experts import demo_experts, write_pool_csv
    from panel_toolkit.demo.generator import generate
    from panel_toolkit.demo.scores import fill_scores

    write_session(root, SESSION_ID, TITLE)
    ws = Workspace(root)
    try:
        city = ws.session(SESSION_ID)
        workbook = write_workbook(root / "applications.xlsx", [r.cells for r in generate(city.config, applications, seed)],
                                  city.config)
        city.import_applications(workbook)
        screening = city.screening_frame()   # the city's 复审 of the 市直 route (第十一条): all passed here
        for app in screening.index[(screening["county"] == "市直") & screening["initial_decision"].eq("passed")]:
            city.record_screening(int(app), "passed", "复审通过", stage="review", decided_by="市人社局")
        city.import_experts(write_pool_csv(root / "experts.csv", demo_experts(city.config.screening_units, experts, seed)))
        draw = city.draw(seed=seed)
        filled = fill_scores(city, seed=seed, draft_share=0.03, missing_share=0.02)
        counts = city.applications_frame()["county"].value_counts().to_dict()
        return {"session": SESSION_ID, "candidates": len(city.candidate_ids()), "assignments": draw.assignments,
                "sheets": filled.submitted, "per_county": {k: int(v) for k, v in counts.items()},
                "link": city.issue_viewer_link(base_url, label="benchmark").link}
    finally:
        ws.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pool_fills(log: Path) -> int:
    return len(re.findall(rf"Kernel pool of {re.escape(NOTEBOOK)} is filled", log.read_text("utf-8", "replace")))


def _wait(condition, what: str, proc: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"voila exited: {log.read_text('utf-8', 'replace')[-3000:]}")
        if condition():
            return
        time.sleep(0.2)   # polling the server, not a page
    raise RuntimeError(f"timed out waiting for {what}")


def _reachable(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def _context(browser, port: int):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    ctx.set_default_timeout(TIMEOUT_MS)
    local = f"http://127.0.0.1:{port}/"
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith((local, "data:")) else r.abort())
    return ctx


def measure(url: str, port: int, proc: subprocess.Popen, log: Path, counties: dict[str, int], preheat: bool = True) -> dict:
    from playwright.sync_api import sync_playwright

    cold, filters = [], {}
    with sync_playwright() as p:
        exe = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
        browser = p.chromium.launch(executable_path=exe, headless=True, args=LAUNCH_ARGS)
        try:
            for run in range(COLD_RUNS):
                if preheat:
                    need = max(_pool_fills(log), 1)
                    _wait(lambda n=need: _pool_fills(log) >= n, "the kernel pool", proc, log)
                    time.sleep(SETTLE_S)   # the preheated kernel runs its import cell (see module doc)
                ctx = _context(browser, port)
                page = ctx.new_page()
                page.goto(url, wait_until="commit")
                cold.append(page.wait_for_function(READY, polling="raf").json_value() / 1000)
                if run == COLD_RUNS - 1:
                    for county, count in counties.items():
                        page.evaluate("() => { window.__filterStart = performance.now(); }")
                        page.locator(".pt-county select").select_option(label=county)
                        filters[county] = page.wait_for_function(FILTERED, arg=[county, count], polling="raf").json_value() / 1000
                ctx.close()
        finally:
            browser.close()
    return {"cold": cold, "filters": filters}


def run(applications: int = APPLICATIONS, experts: int = EXPERTS, preheat: bool = True) -> dict:
    """The figures as a dict (``benchmarks/run.py``). ``preheat=False`` serves without preheated kernels
    (every page starts its kernel: slower, for comparison; the target assumes ``panel-toolkit serve``)."""
    name = "dashboard (Chromium)"
    gone = missing()
    if gone:
        return {"name": name, "skipped": f"needs {', '.join(gone)}", "ok": True}
    from panel_toolkit.cli.serve import app_url, start_server, stop_server, voila_command, voila_env

    root = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    proc = None
    try:
        port = _free_port()
        t0 = time.perf_counter()
        built = build_session(root, applications, experts, base_url=app_url(port, NOTEBOOK))
        setup_s = time.perf_counter() - t0
        url = built["link"]
        log = root / "voila.log"
        with log.open("w") as out:
            proc = start_server(voila_command(port, pool_size=1, preheat=preheat), voila_env(root), stdout=out,
                                stderr=subprocess.STDOUT)
        _wait(lambda: _reachable(f"http://127.0.0.1:{port}/"), "voila", proc, log)
        m = measure(url, port, proc, log, built["per_county"], preheat)
    finally:
        if proc is not None:
            stop_server(proc)     # the server shuts its kernels down (and they exit if it dies)
        shutil.rmtree(root, ignore_errors=True)
    filters = sorted(m["filters"].values())
    best, worst = min(m["cold"]), filters[-1]
    return {
        "name": name,
        "rows": built["candidates"],
        "applications": applications,
        "preheat": preheat,
        "assignments": built["assignments"],
        "setup_seconds": round(setup_s, 1),
        "best_seconds": round(best, 3),
        "seconds": [round(x, 3) for x in m["cold"]],
        "target_seconds": TARGET_COLD_S,
        "filter_seconds": {k: round(v, 3) for k, v in m["filters"].items()},
        "filter_median_seconds": round(filters[len(filters) // 2], 3),
        "filter_max_seconds": round(worst, 3),
        "filter_target_seconds": TARGET_FILTER_S,
        "ok": best <= TARGET_COLD_S and worst <= TARGET_FILTER_S,
    }


def main() -> None:
    r = run(preheat="--no-preheat" not in sys.argv)
    if "skipped" in r:
        print(f"{r['name']}: skipped ({r['skipped']})")
        return
    print(f"county dashboard, {r['rows']} candidates ({r['applications']} applications, {r['assignments']} assignments); "
          f"setup {r['setup_seconds']} s; {'preheated kernels' if r['preheat'] else 'no preheating'}")
    print(f"cold load to interactive: best {r['best_seconds']:.2f} s (runs {', '.join(f'{x:.2f}' for x in r['seconds'])}); "
          f"target ≤ {TARGET_COLD_S:.1f} s")
    print(f"county filter: median {r['filter_median_seconds']:.3f} s, max {r['filter_max_seconds']:.3f} s "
          f"({', '.join(f'{k} {v:.2f}' for k, v in r['filter_seconds'].items())}); target ≤ {TARGET_FILTER_S} s")
    print("OK" if r["ok"] else "MISSED")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
