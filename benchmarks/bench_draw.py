"""Benchmark: the random draw of experts (第十二条) for 5,000 candidates from a pool of 500.

Run ``python benchmarks/bench_draw.py``. Target: the pure path — conflict matrix + draw — in ≤ 5 s
(best of 3) for 5,000 candidates × 7 material experts (+ a site team of 3, so 50,000 assignments)
from a pool of 500, with realistic conflicts: candidates from the demo generator (every county and
the 市直 route, real credit codes); experts over the counties and 市外, one in ten working at a
candidate's unit (matched by name, half of them also by credit code), and 100 declared conflicts.
Peak memory is traced in a separate run, because tracemalloc slows Python code down.
``run()`` returns the figures as a dict for ``benchmarks/run.py``.
"""
from __future__ import annotations

import time
import tracemalloc

import numpy as np
import pandas as pd

from panel_toolkit.config import load_session_config
from panel_toolkit.config.rubric import bundled_rubrics_dir
from panel_toolkit.demo import generate_rows
from panel_toolkit.intake.fields import BY_KEY
from panel_toolkit.panel import conflict_matrix, draw
from panel_toolkit.panel.sample import sample_experts

CANDIDATES = 5_000
POOL = 500
PER_CANDIDATE = 7
SITE_TEAM = 3
DECLARED = 100
REPEATS = 3
TARGET_SECONDS = 5.0
SEED = 2024


def inputs(candidates: int = CANDIDATES, pool: int = POOL, seed: int = SEED):
    """(candidates frame, experts frame, declared pairs), built once and not timed."""
    config = load_session_config(bundled_rubrics_dir().parent / "sessions" / "2024" / "session.yaml")
    rows = generate_rows(config, n=candidates, seed=seed)
    keys = ("unit_name", "credit_code", "county")
    cands = pd.DataFrame({k: pd.Series([r[BY_KEY[k].header] for r in rows], dtype="str") for k in keys})
    cands.index = pd.Index(np.arange(1, candidates + 1, dtype="int64"), name="id")
    experts = pd.DataFrame(sample_experts(config.screening_units, pool, seed=seed))
    experts.index = pd.Index(np.arange(1, pool + 1, dtype="int64"), name="id")
    rng = np.random.default_rng(seed)
    at_candidate = np.flatnonzero(rng.random(pool) < 0.1)
    units = rng.integers(1, candidates + 1, size=len(at_candidate))
    experts.loc[experts.index[at_candidate], "employer"] = cands.loc[units, "unit_name"].to_numpy()
    by_code = at_candidate[rng.random(len(at_candidate)) < 0.5]
    experts.loc[experts.index[by_code], "employer_credit_code"] = cands.loc[
        units[np.isin(at_candidate, by_code)], "credit_code"].to_numpy()
    experts = experts.astype({"employer_credit_code": "str"})
    declared = list(zip(rng.integers(1, pool + 1, DECLARED).tolist(), rng.integers(1, candidates + 1, DECLARED).tolist()))
    return cands, experts, declared


def _once(cands, experts, declared, seed: int) -> tuple[float, float, object, object]:
    t0 = time.perf_counter()
    m = conflict_matrix(cands, experts, declared)
    t1 = time.perf_counter()
    out = draw(m.application_ids, m.expert_ids, m.codes, PER_CANDIDATE, SITE_TEAM, seed)
    return t1 - t0, time.perf_counter() - t1, m, out


def run(repeats: int = REPEATS) -> dict:
    cands, experts, declared = inputs()
    times, matrix_times, draw_times = [], [], []
    for i in range(repeats):
        matrix_s, draw_s, m, out = _once(cands, experts, declared, SEED + i)
        if not out.feasible or len(out.assignments) != CANDIDATES * (PER_CANDIDATE + SITE_TEAM):
            raise AssertionError("the benchmark draw did not cover every candidate")
        matrix_times.append(matrix_s)
        draw_times.append(draw_s)
        times.append(matrix_s + draw_s)
    loads = out.loads().reindex(m.expert_ids, fill_value=0)
    spread = (loads.max() - loads.min()).to_dict()
    tracemalloc.start()
    _once(cands, experts, declared, SEED)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    best = min(times)
    return {
        "name": f"draw ({PER_CANDIDATE}+{SITE_TEAM} experts/candidate, pool {POOL})",
        "rows": CANDIDATES,
        "best_seconds": round(best, 3),
        "seconds": [round(t, 3) for t in times],
        "matrix_seconds": round(min(matrix_times), 3),
        "draw_seconds": round(min(draw_times), 3),
        "assignments": len(out.assignments),
        "excluded_pairs": int(m.excluded.sum()),
        "load_spread": {k: int(v) for k, v in spread.items()},
        "peak_memory_mib": round(peak / 2**20, 1),
        "target_seconds": TARGET_SECONDS,
        "ok": best <= TARGET_SECONDS,
    }


def main() -> None:
    r = run()
    print(f"draw: {r['rows']:,} candidates × ({PER_CANDIDATE} material + {SITE_TEAM} site) from a pool of {POOL} "
          f"= {r['assignments']:,} assignments; {r['excluded_pairs']:,} conflicted pairs")
    print(f"best of {REPEATS}: {r['best_seconds']:.3f} s (conflict matrix {r['matrix_seconds']:.3f} s + draw "
          f"{r['draw_seconds']:.3f} s; runs {', '.join(f'{t:.3f}' for t in r['seconds'])} s)")
    print(f"load spread (max − min per expert): {r['load_spread']}")
    print(f"peak traced memory: {r['peak_memory_mib']} MiB")
    print(f"target ≤ {TARGET_SECONDS:.1f} s: {'OK' if r['ok'] else 'MISSED'}")


if __name__ == "__main__":
    main()
