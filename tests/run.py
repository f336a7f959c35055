"""The whole suite on both stores: ``python tests/run.py [pytest args]``.

Runs pytest on SQLite, then — when the PostgreSQL server binaries are found — starts a throwaway cluster
(tests/pg_cluster.py), runs pytest again with ``--store postgresql`` and stops the cluster, also on failure
or Ctrl+C. Without the binaries it says so; with CI=true that is a failure, never a silent skip.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import pg_cluster  # noqa: E402


def pytest(args: list[str], store: str, env: dict | None = None) -> int:
    print(f"\n==== the suite on {store} ====", flush=True)
    return subprocess.call([sys.executable, "-m", "pytest", f"--store={store}", *args], cwd=HERE.parent,
                           env={**os.environ, **(env or {})})


def main(args: list[str]) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # the cluster is stopped on the way out
    status = pytest(args, "sqlite")
    bin_dir = pg_cluster.binaries()
    if bin_dir is None:
        print("\nPostgreSQL server binaries (initdb, pg_ctl) not found: the suite ran on SQLite only. "
              "Install postgresql-15 (Debian) or set PANEL_TOOLKIT_PG_BIN.", flush=True)
        return status or (1 if os.environ.get("CI") == "true" else 0)
    with pg_cluster.cluster(bin_dir) as url:
        status = pytest(args, "postgresql", {"PANEL_TOOLKIT_TEST_PG": url}) or status
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
