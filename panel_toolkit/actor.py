"""Who is acting: a role and a scope. Roles are enforced in the session facade, not in a UI.

- ``city`` (市人社局): everything;
- ``county`` (县(市)区人社局): its own county (or, for the 市直 route, scope ``市直``);
- ``expert`` (评审专家): their own assignments (scope: the expert id);
- a **viewer** (查看者: a dashboard or the directory page opened with a staff link): ``Actor.viewer(name)``
  reads what the city reads, ``Actor.viewer(name, county)`` what that county reads, and neither writes
  anything. A viewer keeps the role (``city``/``county``) and scope whose reading rights apply, with
  ``read_only=True``: every scope filter of the facade applies to it unchanged (a county viewer can never
  be mistaken for the city), and the facade refuses all its writes at the store
  (:mod:`panel_toolkit.facade.links`), so no write method can forget the check.

``link`` is the SHA-256 of the personal link that opened the session (None from the command line): the
facade checks, inside every write transaction, that this link is still valid (not revoked, not expired).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["city", "county", "expert"]


@dataclass(frozen=True)
class Actor:
    name: str
    role: Role = "city"
    scope: str | None = None
    link: str | None = None
    read_only: bool = False

    @classmethod
    def city(cls, name: str = "市人社局") -> "Actor":
        return cls(name, "city")

    @classmethod
    def county(cls, county: str, name: str | None = None) -> "Actor":
        return cls(name or f"{county}人社局", "county", county)

    @classmethod
    def expert(cls, expert_id: int, name: str, link: str | None = None) -> "Actor":
        return cls(name, "expert", str(expert_id), link)

    @classmethod
    def viewer(cls, name: str, county: str | None = None, link: str | None = None) -> "Actor":
        """Read-only staff (查看者): the city's view (``county`` None) or one county's."""
        if county is None:
            return cls(name, "city", None, link, read_only=True)
        return cls(name, "county", county, link, read_only=True)

    @property
    def kind(self) -> str:
        """``viewer`` for read-only staff, else the role (for messages and logs)."""
        return "viewer" if self.read_only else self.role
