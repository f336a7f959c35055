"""Who is acting: a role and a scope. Roles are enforced in the session facade, not in a UI.

- ``city`` (市人社局): everything;
- ``county`` (县(市)区人社局): its own county (or, for the 市直 route, scope ``市直``);
- ``expert`` (评审专家): their own assignments (scope: the expert id).
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

    @classmethod
    def city(cls, name: str = "市人社局") -> "Actor":
        return cls(name, "city")

    @classmethod
    def county(cls, county: str, name: str | None = None) -> "Actor":
        return cls(name or f"{county}人社局", "county", county)

    @classmethod
    def expert(cls, expert_id: int, name: str) -> "Actor":
        return cls(name, "expert", str(expert_id))
