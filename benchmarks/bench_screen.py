"""Benchmark: the eligibility check (资格审查, E1–E7 + 第三条 names) on 100,000 synthetic applications.

Run ``python benchmarks/bench_screen.py``. Target: evaluate() in ≤ 1 s (best of 3) on 2 cores.
``run()`` returns the figures as a dict for ``benchmarks/run.py``.
"""
from __future__ import annotations

import datetime as dt
import time
import tracemalloc

import numpy as np
import pandas as pd

from panel_toolkit.config.rubric import bundled_rubrics_dir, load_rubric
from panel_toolkit.eligibility import evaluate
from panel_toolkit.intake.fields import DECLARATIONS

ROWS = 100_000
REMOVALS = 2_000
REPEATS = 3
TARGET_SECONDS = 1.0
SEED = 20230628          # the measures' issue date
REFERENCE = dt.date(2024, 9, 30)

UNITS = np.array([("行业组织", "营口市家庭服务业协会", "营口渔家嫂"), ("行业组织", "盖州市烹饪协会", "盖州厨师"),
                  ("企事业单位", "营口鑫达建筑工程有限公司", "鑫达钢筋工"), ("企事业单位", "大石桥市华丰农业科技有限公司", "华丰果农"),
                  ("企事业单位", "营口海韵餐饮管理有限公司", "辽河海鲜")], dtype=object)


def _maybe_na(values: np.ndarray, rng: np.random.Generator, share: float, dtype: str) -> pd.Series:
    s = pd.Series(values, dtype=dtype)
    return s.mask(rng.random(len(s)) < share)


def synthetic(rows: int = ROWS, removals: int = REMOVALS, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Applications spread around every threshold (so all branches run) and removals hitting some of them."""
    rng = np.random.default_rng(seed)
    unit = UNITS[rng.integers(0, len(UNITS), rows)]
    trained = rng.integers(60, 400, (rows, 2))
    codes = np.char.add("9121080", np.char.zfill(np.arange(rows).astype(str), 11))
    apps = pd.DataFrame({
        "unit_name": pd.Series(np.char.add(unit[:, 1].astype(str), (np.arange(rows) % 997).astype(str)), dtype="str"),
        "credit_code": pd.Series(codes, dtype="str"),
        "unit_type": pd.Series(unit[:, 0].astype(str), dtype="str"),
        "county": pd.Series(rng.choice(["站前区", "西市区", "鲅鱼圈区", "老边区", "盖州市", "大石桥市"], rows), dtype="str"),
        "brand_name": pd.Series(unit[:, 2].astype(str), dtype="str"),
        "trademark_no": _maybe_na(rng.integers(10**7, 10**8, rows).astype(str), rng, 0.5, "str"),
        "founded_on": pd.Series(np.datetime64("2015-01-01") + rng.integers(0, 3650, rows).astype("timedelta64[D]")),
        "is_ich": pd.Series(rng.random(rows) < 0.05, dtype="boolean"),
        **{k: _maybe_na(rng.random(rows) < 0.99, rng, 0.01, "boolean") for k, _, _ in DECLARATIONS},
        "trained_y1": _maybe_na(trained[:, 0], rng, 0.01, "Int64"),
        "trained_y2": pd.Series(trained[:, 1], dtype="Int64"),
        "in_trade_y1": pd.Series(trained[:, 0] * rng.integers(30, 100, rows) // 100, dtype="Int64"),
        "in_trade_y2": pd.Series(trained[:, 1] * rng.integers(30, 100, rows) // 100, dtype="Int64"),
        "exported_y1": pd.Series(trained[:, 0] * rng.integers(70, 101, rows) // 100, dtype="Int64"),
        "exported_y2": pd.Series(trained[:, 1] * rng.integers(70, 101, rows) // 100, dtype="Int64"),
        "agreements": pd.Series(rng.integers(0, 5, rows), dtype="Int64"),
        "training_ledger": _maybe_na(rng.random(rows) < 0.97, rng, 0.01, "boolean"),
        "employment_ledger": _maybe_na(rng.random(rows) < 0.97, rng, 0.01, "boolean"),
        "follow_up": _maybe_na(rng.random(rows) < 0.97, rng, 0.01, "boolean"),
    }, index=pd.Index(np.arange(1, rows + 1), name="id"))
    hit = rng.choice(rows, removals, replace=False)
    other = rng.random(removals) < 0.3     # a third: same name, another credit code
    removed = pd.DataFrame({
        "credit_code": pd.Series(np.where(other, "92210800MA0000000X", codes[hit]), dtype="str"),
        "unit_name": apps["unit_name"].to_numpy()[hit],
        "decided_on": pd.Series(np.datetime64("2017-01-01") + rng.integers(0, 2900, removals).astype("timedelta64[D]")),
    })
    return apps, removed


def run(rows: int = ROWS, repeats: int = REPEATS) -> dict:
    rubric = load_rubric(bundled_rubrics_dir() / "yingkou-2023-default.yaml")
    apps, removals = synthetic(rows)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        frame = evaluate(apps, rubric, REFERENCE, removals)
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    evaluate(apps, rubric, REFERENCE, removals)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    best = min(times)
    return {
        "name": "eligibility.evaluate",
        "rows": rows,
        "best_seconds": round(best, 4),
        "seconds": [round(t, 4) for t in times],
        "rows_per_second": round(rows / best),
        "peak_memory_mib": round(peak / 2**20, 1),
        "target_seconds": TARGET_SECONDS,
        "ok": best <= TARGET_SECONDS,
        "status_counts": frame["status"].value_counts().to_dict(),
    }


def main() -> None:
    r = run()
    print(f"eligibility.evaluate: {r['rows']:,} applications, best of {REPEATS}: {r['best_seconds']:.3f} s "
          f"({r['rows_per_second']:,} rows/s; runs {', '.join(f'{t:.3f}' for t in r['seconds'])} s)")
    print(f"peak traced memory during one evaluate(): {r['peak_memory_mib']} MiB")
    print(f"statuses: {r['status_counts']}")
    print(f"target ≤ {TARGET_SECONDS:.1f} s: {'OK' if r['ok'] else 'MISSED'}")


if __name__ == "__main__":
    main()
