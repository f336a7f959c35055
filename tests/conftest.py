"""Shared fixtures: a real workspace folder in tmp_path with a real SQLite store."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def workspace_dir(tmp_path) -> Path:
    """A workspace with the repository's 2024 session (and the bundled rubric)."""
    shutil.copytree(REPO / "sessions" / "2024", tmp_path / "sessions" / "2024")
    return tmp_path


@pytest.fixture
def workspace(workspace_dir):
    from panel_toolkit import Workspace

    ws = Workspace(workspace_dir)
    yield ws
    ws.close()
