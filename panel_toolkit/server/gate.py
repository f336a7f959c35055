"""Which page a request may open, decided before any kernel is involved.

Each app notebook needs one kind of personal link (:data:`APP_LINKS`); the token is looked up by its hash
(:func:`panel_toolkit.facade.links.lookup`: known, not revoked, not expired). A notebook that is not an app
opens nothing. The expert links' deadline (``panel.due_date``) comes from the workspace's one rules reader
(:meth:`~panel_toolkit.folder.Folder.rules`: read again when the session file changes).
"""
from __future__ import annotations

from ..facade.links import lookup
from ..workspace import Workspace

#: The served apps and the link each needs: an expert's, any staff link (city or county), a city staff link.
APP_LINKS = {
    "expert_scoring.ipynb": "expert",
    "county_dashboard.ipynb": "staff",
    "city_overview.ipynb": "city",
    "directory.ipynb": "city",
}


class Gate:
    def __init__(self, workspace: Workspace, apps: list[str]):
        self.workspace = workspace
        self.apps = {name: APP_LINKS[name] for name in apps if name in APP_LINKS}

    def admits(self, notebook: str, token: object) -> bool:
        need = self.apps.get(notebook)
        if need is None:
            return False
        info = lookup(self.workspace, token)
        if info is None:
            return False
        return info.kind == "expert" if need == "expert" else (info.kind == "staff" and (need == "staff" or info.city))

    def contact(self) -> dict[str, str]:
        """The bureau's contact for the static pages: the notice contact of the newest session file."""
        for session_id in reversed(self.workspace.session_ids()):
            try:
                n = self.workspace.rules(session_id).notice
            except Exception:  # a broken file: try an older session
                continue
            return {k: v for k, v in (("unit", n.contact_unit or n.issuer), ("phone", n.contact_phone),
                                      ("email", n.contact_email), ("address", n.contact_address)) if v}
        return {}
