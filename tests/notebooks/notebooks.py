"""The notebooks under ``notebooks/`` and how nbval runs each: helpers shared by the tests and
:mod:`refresh` (which executes a notebook and cleans it for committing).

A notebook is compared strictly (``--nbval``: every stored output must come out the same, after
``sanitize.cfg``) unless its metadata opts into lax mode with a reason::

    {"panel_toolkit": {"nbval": "lax", "why": "outputs depend on …"}}

Lax mode (``--nbval-lax``) only checks that every cell runs without error.
"""
from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = REPO / "notebooks"
SANITIZE = Path(__file__).resolve().parent / "sanitize.cfg"
MAX_BYTES = 1_000_000
#: Notebook metadata keys that hold widget state (megabytes: the plotly bundle, every model).
WIDGET_STATE_KEYS = ("widgets",)
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"


def notebooks() -> list[Path]:
    return sorted(p for p in NOTEBOOK_DIR.glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def nbval_mode(nb: dict) -> tuple[str, str]:
    """("strict" | "lax", why) from the notebook's ``panel_toolkit`` metadata."""
    meta = nb.get("metadata", {}).get("panel_toolkit", {})
    mode = meta.get("nbval", "strict")
    if mode not in ("strict", "lax"):
        raise ValueError(f"metadata panel_toolkit.nbval must be 'strict' or 'lax', not {mode!r}")
    return mode, str(meta.get("why", "")).strip()


def widget_state(nb: dict) -> list[str]:
    """Where the notebook stores widget state (should be nowhere)."""
    found = [f"metadata.{k}" for k in WIDGET_STATE_KEYS if k in nb.get("metadata", {})]
    for i, cell in enumerate(nb.get("cells", [])):
        for out in cell.get("outputs", []):
            if WIDGET_STATE_MIME in out.get("data", {}):
                found.append(f"cell {i} output {WIDGET_STATE_MIME}")
    return found
