"""panel_toolkit: expert-panel review and scoring for Yingkou's labour-service-brand recognition
(营口市劳务品牌认定, 营人社〔2023〕43号).

The domain core (config, intake, eligibility, store, facade) is plain Python + pandas and
imports no widget or plot library; the Voila apps, dashboards, CLI and notebooks sit on top
and call :class:`panel_toolkit.Workspace` / :class:`panel_toolkit.facade.Session`.
"""
from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

__all__ = ["Actor", "Workspace", "__version__", "bundled_path"]


def bundled_path(*parts: str) -> Path:
    """A file or folder shipped with the package: ``rubrics``, ``sessions`` (the session template),
    ``notebooks`` (the apps). In a checkout these are the top-level folders (linked from bundled/)."""
    return Path(__file__).resolve().parent.joinpath("bundled", *parts)


def __getattr__(name: str):
    # Deferred: the store pulls in SQLAlchemy, which a quick command (``--help``) does not need.
    if name == "Workspace":
        from .workspace import Workspace

        return Workspace
    if name == "Actor":
        from .actor import Actor

        return Actor
    raise AttributeError(f"module 'panel_toolkit' has no attribute {name!r}")
