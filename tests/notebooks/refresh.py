"""Execute a notebook in a clean kernel and clean it for committing (small, stable, no widget state).

    python tests/notebooks/refresh.py notebooks/aggregation_walkthrough.ipynb   # keep outputs (analyst notebooks)
    python tests/notebooks/refresh.py --clear notebooks/county_dashboard.ipynb  # an app: saved without outputs

The kernel runs in the notebook's folder (as under nbval and Voila) with a temporary PANEL_TOOLKIT_WORKSPACE, like the nbval test.
Cleaning removes the widget state (metadata.widgets and widget-state outputs), execution timings and,
for cells tagged ``nbval-ignore-output``, the outputs (they differ between runs and are not compared).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notebooks import WIDGET_STATE_KEYS, WIDGET_STATE_MIME

IGNORE_TAG = "nbval-ignore-output"


def clean(nb, clear: bool = False):
    for key in WIDGET_STATE_KEYS:
        nb.metadata.pop(key, None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        if clear or IGNORE_TAG in cell.metadata.get("tags", []):
            cell.outputs = []
            cell.execution_count = None
        for out in cell.outputs:
            if "data" in out:
                out["data"].pop(WIDGET_STATE_MIME, None)
            out.get("metadata", {}).pop("execution", None)
    return nb


def refresh(path: Path, clear: bool = False, timeout: int = 600) -> Path:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        env_before = dict(os.environ)
        os.environ.update(PANEL_TOOLKIT_WORKSPACE=tmp, TZ="Asia/Shanghai", PYTHONHASHSEED="0")
        try:
            NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.resolve().parent)}},
                           store_widget_state=False).execute()
        finally:
            os.environ.clear()
            os.environ.update(env_before)
    nbformat.write(clean(nb, clear), path)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="+", type=Path)
    ap.add_argument("--clear", action="store_true", help="save without outputs (the Voila apps)")
    args = ap.parse_args(argv)
    for p in args.notebooks:
        refresh(p, clear=args.clear)
        print(f"{p}: {p.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
