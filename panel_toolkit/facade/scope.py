"""Who may see what (访问范围): one rule per role, in one place.

- city (市人社局) and a city viewer: every application of the session;
- county (县(市)区人社局) and a county viewer: the applications of its own county (or, for the 市直 route, scope
  ``市直``); assignments of those, without the experts' identities (policy default: the panel stays
  confidential to the counties whose units it reviews);
- expert: the applications **assigned** to them (an active assignment) **and not in conflict** with them
  (回避, 第十二条) — a conflict found after the draw (a declared one, a changed employer) closes the candidate at
  once, before the chair swaps the expert.

Viewers keep the reading rights of the role they carry and write nothing (:func:`~.context.writes`).
``tests/facade/test_scope.py`` walks every role × every public read and write of the session facade.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from ..errors import AccessDenied, ConflictOfInterest, NotFound
from ..panel.conflicts import ConflictMatrix, ConflictRules, conflict_matrix, reason_labels
from ..store import schema as t
from ..store.queries import panel as pq

if TYPE_CHECKING:
    from .context import SessionContext

NOT_ASSIGNED = ("该申报未分配给您，无权查看或评审。", "This application is not assigned to you.")


class Scope:
    def __init__(self, ctx: "SessionContext"):
        self.ctx = ctx

    @property
    def _me(self) -> int:
        return int(self.ctx.actor.scope)

    def applications(self):
        """A condition on ``applications``: the rows the actor may see."""
        actor = self.ctx.actor
        if actor.role == "county":
            return t.applications.c.county == actor.scope
        if actor.role == "expert":
            with self.ctx.store.read() as conn:
                mine = pq.assigned_applications(conn, self.ctx.id, self._me)
            m = self.matrix(mine, [self._me])
            clear = [int(i) for i, c in zip(m.application_ids, m.codes[:, 0] if m.codes.size else []) if c == 0]
            return t.applications.c.id.in_(clear)
        if actor.role == "city":
            return sa.true()
        return sa.false()   # no other role is built (SessionContext refuses it); never "everything" by default

    def assignments(self, query, applications=t.applications):
        """``query`` over assignments (joined to ``applications``) narrowed to what the actor may see: an expert
        their own, a county its county's."""
        a, actor = t.assignments, self.ctx.actor
        if actor.role == "expert":
            return query.where(a.c.expert_id == self._me)
        if actor.role == "county":
            return query.where(applications.c.county == actor.scope)
        return query

    def shows_experts(self) -> bool:
        """Whether the actor may see who the experts are (not a county)."""
        return self.ctx.actor.role != "county"

    def application(self, application_id: int) -> dict:
        """One application the actor may see (an expert: assigned and not in conflict, else
        ConflictOfInterest/AccessDenied); NotFound when it is not in the session or not in the actor's scope."""
        if self.ctx.actor.role == "expert":
            self.require_candidate(int(application_id))
        with self.ctx.store.read() as conn:
            row = pq.application(conn, self.ctx.id, application_id, self.applications())
        if row is None:
            raise NotFound(f"本批次中没有编号为 {application_id} 的申报（或无权查看）。",
                           f"No application {application_id} in this session (or not visible to you).")
        return dict(row)

    def require_candidate(self, application_id: int, part: str | None = None) -> list[int]:
        """The guard of every per-candidate call of an expert: the ids of their active assignments for it. In
        conflict with the candidate → ConflictOfInterest; not assigned → AccessDenied. Other roles: the
        application must be in their scope (NotFound otherwise); returns []."""
        if self.ctx.actor.role != "expert":
            self.application(int(application_id))
            return []
        m = self.matrix([int(application_id)], [self._me])
        code = int(m.codes[0, 0]) if m.codes.size else 0
        if code:
            reasons = reason_labels(code)
            raise ConflictOfInterest(f"您与申报 {application_id} 存在回避关系（{'、'.join(reasons)}），不能查看或评审；请联系评审组织方。",
                                     f"You have a conflict of interest with application {application_id} "
                                     f"({', '.join(reason_labels(code, 'en'))}); you may not see or review it.",
                                     tuple(reasons))
        mine = self.my_assignments(int(application_id), part)
        if not mine:
            raise AccessDenied(*NOT_ASSIGNED)
        return mine

    def my_assignments(self, application_id: int, part: str | None = None) -> list[int]:
        """An expert's active assignments for one application (and part)."""
        with self.ctx.store.read() as conn:
            return pq.active_assignments(conn, self.ctx.id, self._me, application_id, part)

    def matrix(self, application_ids, expert_ids=None) -> ConflictMatrix:
        """Live conflicts of these applications × these experts (default: the whole pool)."""
        with self.ctx.store.read() as conn:
            apps = pq.conflict_fields(conn, self.ctx.id, application_ids)
            experts = pq.experts(conn, self.ctx.id, expert_ids)
            declared = pq.declared(conn, self.ctx.id)
        return conflict_matrix(apps, experts, declared, ConflictRules.of(self.ctx.config))
