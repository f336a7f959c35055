"""Every notebook in notebooks/ runs top to bottom in a clean kernel under nbval (strict unless the
notebook opts into lax mode and says why), and is small enough to commit (no widget state).

Each notebook runs in its own ``python -m pytest --nbval`` subprocess, so a new notebook is covered
without touching this file. The notebooks' workspace is a temporary folder (PANEL_TOOLKIT_WORKSPACE).
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .notebooks import MAX_BYTES, REPO, SANITIZE, load, nbval_mode, notebooks, widget_state

NOTEBOOKS = notebooks()
TIMEOUT_S = 900


def nbval_command(path, mode: str) -> list[str]:
    return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
            "--nbval" if mode == "strict" else "--nbval-lax", "--nbval-current-env",
            "--nbval-sanitize-with", str(SANITIZE), str(path)]


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds the analyst notebooks and the Voila apps"


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_under_nbval(path, tmp_path):
    mode, why = nbval_mode(load(path))
    assert mode == "strict" or why, f"{path.name}: lax mode needs metadata panel_toolkit.why (why outputs cannot be stable)"
    env = {**os.environ, "PANEL_TOOLKIT_WORKSPACE": str(tmp_path / "workspace"), "PANEL_TOOLKIT_DB": "",
           "PYTHONHASHSEED": "0", "TZ": "Asia/Shanghai"}
    env.pop("PANEL_TOOLKIT_DB")
    (tmp_path / "workspace").mkdir()
    run = subprocess.run(nbval_command(path, mode), check=False, cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=TIMEOUT_S)
    assert run.returncode == 0, f"{path.name} ({mode}) failed:\n{run.stdout[-8000:]}\n{run.stderr[-3000:]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_small_and_has_no_widget_state(path):
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size:,} bytes"
    assert widget_state(load(path)) == []
