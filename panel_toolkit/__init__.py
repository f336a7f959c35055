"""panel_toolkit: expert-panel review and scoring for Yingkou's labour-service-brand recognition
(营口市劳务品牌认定, 营人社〔2023〕43号).

The domain core is plain Python + pandas and imports no widget or plot library; the session facade sits on it,
and the Voila apps, dashboards, CLI and notebooks sit on top and call :class:`panel_toolkit.Workspace` /
:class:`panel_toolkit.facade.Session` (the layers: README.md, "Architecture"). Nothing in the package imports
this module's names: they are for users (``from panel_toolkit import Workspace``).
"""
from __future__ import annotations

from .package import __version__, bundled_path

__all__ = ["Actor", "Workspace", "__version__", "bundled_path"]


def __getattr__(name: str):
    # Deferred: the store pulls in SQLAlchemy, which a quick command (``--help``) does not need.
    if name == "Workspace":
        from .workspace import Workspace

        return Workspace
    if name == "Actor":
        from .actor import Actor

        return Actor
    raise AttributeError(f"module 'panel_toolkit' has no attribute {name!r}")
