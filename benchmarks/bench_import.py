"""Benchmark: importing 2,000 applications from the Excel template, end to end (read + validate + store).

Run ``python benchmarks/bench_import.py``. Target: ``Workspace(...).session(...).import_applications(path)``
in ≤ 3 s (best of 3, each on a fresh SQLite store) on 2 cores. The rows come from the demo generator
(every county and the 市直 route, the demo's mix of eligible and failing rows), typed into the real
template. Peak memory is traced in a separate run, because tracemalloc slows Python code down.
``run()`` returns the figures as a dict for ``benchmarks/run.py``.
"""
from __future__ import annotations

import tempfile
import time
import tracemalloc
from pathlib import Path

from panel_toolkit import Workspace
from panel_toolkit.config import load_session_config
from panel_toolkit.demo import generate_rows
from panel_toolkit.demo.build import write_session, write_workbook

ROWS = 2_000
REPEATS = 3
TARGET_SECONDS = 3.0
SEED = 2024
SESSION = "bench"


def _import_once(root: Path, workbook: Path, db: Path) -> tuple[float, int]:
    """Seconds for one end-to-end import into a fresh store, and the number of rows inserted."""
    t0 = time.perf_counter()
    ws = Workspace(root, db=str(db))
    try:
        result = ws.session(SESSION).import_applications(workbook)
    finally:
        ws.close()
    return time.perf_counter() - t0, result.inserted


def run(rows: int = ROWS, repeats: int = REPEATS) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        root = Path(tmp)
        session_file = write_session(root, SESSION, {"zh": "导入基准", "en": "Import benchmark"})
        config = load_session_config(session_file)
        t0 = time.perf_counter()
        data = generate_rows(config, n=rows, seed=SEED)
        generate_seconds = time.perf_counter() - t0
        workbook = root / "applications.xlsx"
        t0 = time.perf_counter()
        write_workbook(workbook, data, config)
        workbook_seconds = time.perf_counter() - t0

        times = []
        for i in range(repeats):
            seconds, inserted = _import_once(root, workbook, root / f"run{i}.db")
            if inserted != rows:
                raise AssertionError(f"imported {inserted} of {rows} rows")
            times.append(seconds)
        tracemalloc.start()
        _import_once(root, workbook, root / "traced.db")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = workbook.stat().st_size
    best = min(times)
    return {
        "name": "import_applications (.xlsx)",
        "rows": rows,
        "best_seconds": round(best, 3),
        "seconds": [round(t, 3) for t in times],
        "rows_per_second": round(rows / best),
        "peak_memory_mib": round(peak / 2**20, 1),
        "target_seconds": TARGET_SECONDS,
        "ok": best <= TARGET_SECONDS,
        "workbook_kib": round(size / 1024),
        "generate_seconds": round(generate_seconds, 3),
        "write_workbook_seconds": round(workbook_seconds, 3),
    }


def main() -> None:
    r = run()
    print(f"import_applications: {r['rows']:,} applications ({r['workbook_kib']} KiB .xlsx), best of {REPEATS}: "
          f"{r['best_seconds']:.3f} s ({r['rows_per_second']:,} rows/s; runs {', '.join(f'{t:.3f}' for t in r['seconds'])} s)")
    print(f"peak traced memory during one import: {r['peak_memory_mib']} MiB")
    print(f"(setup, not timed against the target: generate {r['generate_seconds']:.3f} s, "
          f"fill the template {r['write_workbook_seconds']:.3f} s)")
    print(f"target ≤ {TARGET_SECONDS:.1f} s: {'OK' if r['ok'] else 'MISSED'}")


if __name__ == "__main__":
    main()
