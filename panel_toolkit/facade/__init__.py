"""The session facade: the one Python API that the CLI, the Voila apps and the notebooks call.

:class:`Session` (:mod:`.session`) is composed of small services, one per concern, sharing one
:class:`~.context.SessionContext`; roles and scopes are enforced in them (:mod:`.scope`), not in a UI.
"""
from .intake import ImportResult
from .session import Session

__all__ = ["ImportResult", "Session"]
