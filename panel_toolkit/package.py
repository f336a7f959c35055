"""The package itself: its version and the files shipped with it (imported by the package's modules, so that
none of them imports the top-level ``panel_toolkit``, whose names are for users)."""
from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"


def bundled_path(*parts: str) -> Path:
    """A file or folder shipped with the package: ``rubrics``, ``sessions`` (the session template),
    ``notebooks`` (the apps). In a checkout these are the top-level folders (linked from bundled/)."""
    return Path(__file__).resolve().parent.joinpath("bundled", *parts)
