"""panel_toolkit: expert-panel review and scoring for Yingkou's labour-service-brand recognition
(营口市劳务品牌认定, 营人社〔2023〕43号).

The domain core (config, intake, eligibility, store, facade) is plain Python + pandas and
imports no widget or plot library; the Voila apps, dashboards, CLI and notebooks sit on top
and call :class:`panel_toolkit.Workspace` / :class:`panel_toolkit.facade.Session`.
"""
__version__ = "0.1.0"

from .actor import Actor  # noqa: E402
from .workspace import Workspace  # noqa: E402

__all__ = ["Actor", "Workspace", "__version__"]
