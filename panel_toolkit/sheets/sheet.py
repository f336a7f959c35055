"""A score sheet as the facade returns it, and how its veto proposals are stored (``veto_json``)."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..config.rubric import Rubric
from .rules import Entry, VetoProposal, check_sheet, totals

STATES = ("none", "draft", "submitted")
STATE_LABELS = {"none": ("未开始", "not started"), "draft": ("草稿", "draft"), "submitted": ("已提交", "submitted")}


@dataclass(frozen=True)
class Sheet:
    """The current sheet of one assignment: its highest revision. ``sheet_id`` is None and ``version``
    0 while nothing has been saved (an empty draft view)."""

    assignment_id: int
    sheet_id: int | None
    expert_id: int
    application_id: int
    part: str
    revision: int
    status: str                     # draft | submitted
    version: int
    entries: dict[str, Entry] = field(default_factory=dict)
    vetoes: tuple[VetoProposal, ...] = ()
    updated_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    revision_of: int | None = None
    revision_reason: str | None = None

    @property
    def locked(self) -> bool:
        return self.status == "submitted"

    @property
    def state(self) -> str:
        """none (未开始) / draft (草稿) / submitted (已提交)."""
        return "none" if self.sheet_id is None else self.status

    def totals(self, rubric: Rubric) -> tuple[dict[str, float], float]:
        return totals(rubric, self.part, self.entries)

    def problems(self, rubric: Rubric, complete: bool = True):
        return check_sheet(rubric, self.part, self.entries, self.vetoes, complete)


def vetoes_to_json(vetoes: Iterable[VetoProposal]) -> str:
    return json.dumps([{"veto_id": v.veto_id, "reason": v.reason} for v in vetoes], ensure_ascii=False)


def vetoes_from_json(text: str | None) -> tuple[VetoProposal, ...]:
    return tuple(VetoProposal(d["veto_id"], d.get("reason", "")) for d in json.loads(text or "[]"))


def as_entry(value: Entry | Mapping) -> Entry:
    """An :class:`Entry` from an Entry or a mapping with score / verdict / comment."""
    if isinstance(value, Entry):
        return value
    return Entry(value.get("score"), value.get("verdict"), value.get("comment") or "")


def as_veto(value: VetoProposal | Mapping) -> VetoProposal:
    if isinstance(value, VetoProposal):
        return value
    return VetoProposal(str(value.get("veto_id", "")), value.get("reason") or "")
