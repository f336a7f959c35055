"""Run every benchmark (``benchmarks/bench_*.py``) and print its figures against its target.

    python benchmarks/run.py            # all of them
    python benchmarks/run.py import     # only those whose file name contains "import"

Each module has ``run() -> dict`` (or a list of them, one row each) with at least ``name``,
``best_seconds``, ``target_seconds`` and ``ok``; ``rows`` and ``peak_memory_mib`` are shown when present. Exit status 1 when a target is missed or a
benchmark fails, so CI can run this one command.
"""
from __future__ import annotations

import importlib.util
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = ("benchmark", "rows", "best s", "target s", "peak MiB", "result")


def modules(filters: list[str]) -> list[Path]:
    return [p for p in sorted(HERE.glob("bench_*.py")) if not filters or any(f in p.stem for f in filters)]


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows_of(path: Path) -> list[tuple[tuple[str, ...], bool]]:
    """The table rows of the benchmark in ``path``, each with whether it met its target."""
    try:
        results = load(path).run()
    except Exception:  # a broken benchmark is reported, and the others still run
        traceback.print_exc()
        return [((path.stem, "", "", "", "", "ERROR"), False)]
    return [row(path, r) for r in (results if isinstance(results, list) else [results])]


def row(path: Path, r: dict) -> tuple[tuple[str, ...], bool]:
    ok = bool(r.get("ok"))

    def fmt(key: str, spec: str) -> str:
        return format(r[key], spec) if isinstance(r.get(key), (int, float)) else ""

    return (str(r.get("name", path.stem)), fmt("rows", ","), fmt("best_seconds", ".3f"), fmt("target_seconds", "g"),
            fmt("peak_memory_mib", ".1f"), "OK" if ok else "MISSED"), ok


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))  # noqa: E731
    return "\n".join([line(COLUMNS), line(tuple("-" * w for w in widths)), *map(line, rows)])


def main(argv: list[str]) -> int:
    paths = modules(argv)
    if not paths:
        print(f"no benchmark matches {' '.join(argv)!r} in {HERE}")
        return 1
    results = []
    for path in paths:
        print(f"running {path.name} …", flush=True)
        results.extend(rows_of(path))
    print()
    print(table([r for r, _ in results]))
    return 0 if all(ok for _, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
