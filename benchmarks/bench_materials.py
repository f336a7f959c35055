"""Benchmark: an expert opens a 30-page PDF of the dossier — click → first page visible in Chromium.

Run ``python benchmarks/bench_materials.py``. A demo workspace whose first expert's candidate carries a
generated 30-page 培训台账 (≈ 3.8 MB); Voila as ``panel-toolkit serve`` runs it; the expert opens the
sheet, then the time from the click on the file to the first page's image decoded (naturalWidth > 0) is
measured, five times (closing the viewer in between; every open renders on the server again).
Target (2 cores): ≤ 2 s. Skips itself when Chromium, Playwright or Voila is missing.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_app import _free_port, _missing, launch, local_context, served  # noqa: E402

TARGET_SECONDS = 2.0
PAGES = 30
REPEAT = 5
NAME = "materials: click to first page of a 30-page PDF (median of 5)"


def run(repeat: int = REPEAT) -> dict:
    missing = _missing()
    if missing:
        return {"name": NAME, "ok": True, "skipped": f"missing {', '.join(missing)}"}
    import numpy as np
    from playwright.sync_api import sync_playwright

    from panel_toolkit import Actor, Workspace
    from panel_toolkit.cli.serve import app_url
    from panel_toolkit.demo import build_demo
    from panel_toolkit.demo.build import SESSION_ID
    from panel_toolkit.demo.experts import add_demo_panel
    from panel_toolkit.demo.materials import ledger_pdf

    with tempfile.TemporaryDirectory(prefix="bench-materials-") as tmp:
        root = Path(tmp)
        port = _free_port()
        build_demo(root, seed=2024)
        panel = add_demo_panel(root, base_url=app_url(port))
        first = panel.links[0]
        ws = Workspace(root)
        me = ws.session(SESSION_ID, Actor.expert(first["expert_id"], first["name"]))
        aid = int(me.my_sheets().index[0])
        app_id = int(me.my_sheets().at[aid, "application_id"])
        pdf = ledger_pdf("（示例）基准测试单位", PAGES, np.random.default_rng(1), title="培训台账（30页）")
        ws.session(SESSION_ID).add_materials(app_id, [("培训台账30页.pdf", pdf)])
        ws.close()
        times = []
        with served(root, port, pool_size=1), sync_playwright() as p:
            browser = launch(p)
            c = local_context(browser, port, 1366, 768)
            page = c.new_page()
            page.goto(first["link"])
            page.locator(f".open-{aid}").click()
            button = page.locator(".material-open", has_text="培训台账30页.pdf")
            button.wait_for()
            for _ in range(repeat):
                t0 = time.perf_counter()
                button.click()
                page.locator(".material-where-text", has_text=f"第 1 / {PAGES} 页").wait_for()
                page.wait_for_function("() => document.querySelector('.material-viewer img').naturalWidth > 0")
                times.append(time.perf_counter() - t0)
                page.locator(".material-close").click()
                page.locator(".material-viewer").wait_for(state="hidden")
            browser.close()
    median = statistics.median(times)
    return {"name": NAME, "best_seconds": median, "target_seconds": TARGET_SECONDS, "ok": median <= TARGET_SECONDS,
            "click_seconds": times, "rows": PAGES, "load_average": os.getloadavg()[0]}


if __name__ == "__main__":
    r = run()
    if r.get("skipped"):
        print(f"{r['name']}: skipped ({r['skipped']})")
    else:
        print(f"{r['name']}: {', '.join(f'{t:.2f}' for t in r['click_seconds'])} s (median {r['best_seconds']:.2f} s, "
              f"target {TARGET_SECONDS:.0f} s; load {r['load_average']:.1f}): {'OK' if r['ok'] else 'MISSED'}")
