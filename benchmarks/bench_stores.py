"""Benchmark: both stores side by side, in one run.

Run ``python benchmarks/bench_stores.py``. PostgreSQL: the server of $PANEL_TOOLKIT_BENCH_PG, else a throwaway
cluster (tests/pg_cluster.py, needs the server binaries); SQLite only when neither is there (said so).

1. **Aggregation** of 5,000 candidates × 7 experts × 20 items (bench_aggregate.build_store) from the store to the
   ranked list with flags and ICC (``session.aggregate()``, best of 3); beside it the **floor** measured in the same
   run: one SQL ``GROUP BY`` of the sheet totals plus a pandas mean per candidate and part and a rank. Targets:
   SQLite ≤ 1.0 s, PostgreSQL ≤ 1.5 s, full ≤ 2.5 × floor.
2. **50 writer processes saving drafts** (bench_save's writer: own process, own Workspace, 50 saves each with a
   0–200 ms pause), each on its own sheet: p95 ≤ 150 ms, 0 lost (every sheet ends at its last version), 0 errors.
"""
from __future__ import annotations

import contextlib
import importlib.util
import multiprocessing as mp
import os
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
WRITERS, SAVES, THINK_MS = 50, 50, 100.0
TARGETS = {"sqlite": 1.0, "postgresql": 1.5}
TARGET_RATIO, TARGET_P95_MS = 2.5, 150.0


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


agg = _load(HERE / "bench_aggregate.py")
save = _load(HERE / "bench_save.py")


def floor(ws) -> pd.Series:
    """One GROUP BY of the sheet totals in SQL, then the mean per candidate and part and the rank in pandas."""
    q = ("SELECT a.application_id, a.part, SUM(i.score) AS total FROM assignments a "
         "JOIN score_sheets s ON s.assignment_id = a.id JOIN score_items i ON i.sheet_id = s.id "
         f"WHERE a.session_id = '{agg.SESSION}' GROUP BY a.application_id, a.part, s.id")
    with ws.store.engine.connect() as conn:
        df = pd.DataFrame(conn.exec_driver_sql(q).all(), columns=["application_id", "part", "total"])
    means = df.groupby(["application_id", "part"])["total"].mean().unstack()
    return means.sum(axis=1).rank(ascending=False, method="min")


def aggregation(kind: str) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"bench-stores-{kind}-"))
    try:
        t0 = time.perf_counter()
        ws = agg.build_store(root)
        setup = time.perf_counter() - t0
        session = ws.session(agg.SESSION)
        full, times, result = agg._best(lambda: session.aggregate(), 3)
        base, _, ranks = agg._best(lambda: floor(ws), 3)
        ws.close()
        if int(result.to_frame()["rank"].notna().sum()) != agg.CANDIDATES or len(ranks) != agg.CANDIDATES:
            raise AssertionError("not every candidate was ranked")
        return {"full": full, "runs": times, "floor": base, "ratio": full / base, "setup": setup}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _jobs(root: Path) -> list[tuple]:
    """50 (expert, name, assignment, part): distinct assignments, spread over the demo's experts."""
    from panel_toolkit import Workspace
    from panel_toolkit.demo import build_demo
    from panel_toolkit.demo.experts import add_demo_panel

    build_demo(root, seed=save.SEED)
    add_demo_panel(root, seed=save.SEED)
    ws = Workspace(root)
    try:
        a = ws.session("demo").assignments_frame().reset_index()
    finally:
        ws.close()
    a["nth"] = a.groupby("expert_id").cumcount()
    a = a.sort_values(["nth", "expert_id"]).head(WRITERS)
    return [(int(r.expert_id), str(r.expert_name), int(r.id), str(r.part)) for r in a.itertuples()]


def writers(kind: str) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"bench-writers-{kind}-"))
    try:
        jobs = _jobs(root)
        r = save._measure(root, jobs, THINK_MS)
        lost = sum(1 for v in r["versions"] if v != 1 + SAVES)
        return {"p50_ms": r["p50_ms"], "p95_ms": r["p95_ms"], "max_ms": r["max_ms"], "saves": r["saves"],
                "lost": lost, "writers": len(jobs)}
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def postgresql():
    """Yields a server URL (or None), and sends workspaces there while inside (store.engine.default_url)."""
    from panel_toolkit.store.engine import ENV_SERVER

    url = os.environ.get("PANEL_TOOLKIT_BENCH_PG")
    with contextlib.ExitStack() as stack:
        if not url:
            cluster = _load(HERE.parent / "tests" / "pg_cluster.py")
            if cluster.binaries() is None:
                yield None
                return
            url = stack.enter_context(cluster.cluster())
        os.environ[ENV_SERVER] = url
        try:
            yield url
        finally:
            os.environ.pop(ENV_SERVER, None)


def run() -> dict:
    out = {"sqlite": {"aggregation": aggregation("sqlite"), "writers": writers("sqlite")}}
    with postgresql() as url:
        if url:
            out["postgresql"] = {"aggregation": aggregation("postgresql"), "writers": writers("postgresql")}
    ok = all(r["aggregation"]["full"] <= TARGETS[k] and r["aggregation"]["ratio"] <= TARGET_RATIO
             and r["writers"]["p95_ms"] <= TARGET_P95_MS and r["writers"]["lost"] == 0 for k, r in out.items())
    worst = max(r["aggregation"]["full"] for r in out.values())
    return {"name": f"stores: aggregate 5,000×7×20 and {WRITERS} writers on {' + '.join(out)}", "rows": 700_000,
            "best_seconds": worst, "target_seconds": TARGETS["postgresql" if "postgresql" in out else "sqlite"],
            "ok": ok and "postgresql" in out, "stores": out}


def main() -> None:
    print(f"machine load average: {os.getloadavg()[0]:.1f} (2 cores shared with other work)")
    r = run()
    for kind, s in r["stores"].items():
        a, w = s["aggregation"], s["writers"]
        print(f"{kind:10s} aggregate best {a['full']:.3f} s (runs {', '.join(f'{x:.3f}' for x in a['runs'])}; target ≤ "
              f"{TARGETS[kind]:.1f} s); floor GROUP BY + mean + rank {a['floor']:.3f} s; ratio {a['ratio']:.2f}× "
              f"(target ≤ {TARGET_RATIO}×); setup {a['setup']:.0f} s")
        print(f"{'':10s} {w['writers']} writers × {SAVES} saves: p50 {w['p50_ms']:.0f} ms, p95 {w['p95_ms']:.0f} ms, max "
              f"{w['max_ms']:.0f} ms (target p95 ≤ {TARGET_P95_MS:.0f} ms); lost {w['lost']}; errors 0")
    if "postgresql" not in r["stores"]:
        print("PostgreSQL: no server (set PANEL_TOOLKIT_BENCH_PG or install the server binaries): not measured")
    print("OK" if r["ok"] else "MISSED")


if __name__ == "__main__":
    mp.set_start_method("fork", force=True)
    main()
