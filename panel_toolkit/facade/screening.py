"""Initial screening (初审, 第十条) and the city's re-review of the 市直 route (复审, 第十一条).

Decisions are appended, never overwritten; the latest decision of a stage counts.
An application is *screened in* when its initial screening passed and, on the 市直 route,
the city's re-review passed too.
"""
from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from ..config import CITY_ROUTE
from .. import freetext
from ..errors import AccessDenied, InvalidState
from ..results import TableResult
from ..store import schema as t
from ..store import utcnow
from .context import Service, writes

STAGES = ("initial", "review")
DECISIONS = ("passed", "rejected")


class Screening(Service):
    def __init__(self, ctx, apps):
        super().__init__(ctx)
        self.apps = apps

    @writes
    def record_screening(self, application_id: int, decision: str, reason: str = "", *, stage: str = "initial",
                         decided_by: str | None = None) -> None:
        """Record an initial screening (初审, 第十条: the county or the city department) or the city's re-review of the
        市直 route (复审, 第十一条): ``decision`` passed or rejected (a rejection needs a reason). Appended, never
        overwritten; the latest decision of a stage counts."""
        self._require("city", "county")
        freetext.check(reason, "理由")  # free text: the CLI's check, for the apps too
        freetext.check(decided_by, "决定单位", freetext.SHORT, False)
        self._require_open()
        if stage not in STAGES or decision not in DECISIONS:
            raise InvalidState(f"阶段应为 {'/'.join(STAGES)}，结论应为 {'/'.join(DECISIONS)}。",
                               f"stage must be one of {STAGES} and decision one of {DECISIONS}.")
        reason = (reason or "").strip()
        if decision == "rejected" and not reason:
            raise InvalidState("不通过必须写明理由。", "A rejection needs a reason.")
        app = self.scope.application(application_id)  # scoped: a county cannot reach another county's application
        city_route = app["county"] == CITY_ROUTE
        if stage == "review":
            if self.actor.role != "city":
                raise AccessDenied("复审由市级人社部门进行（第十一条）。", "The re-review is the city's (Article 11).")
            if not city_route:
                raise InvalidState("只有市直主管部门统筹的品牌需要市级复审（第十一条）。",
                                   "Only applications on the 市直 route are re-reviewed by the city (Article 11).")
            if self._latest(application_id, "initial") != "passed":
                raise InvalidState("该申报尚未通过市直主管部门初审，不能复审。",
                                   "The city department's initial screening has not passed; no re-review yet.")
        unit = decided_by or (("市人社局" if stage == "review" else (app["department"] or CITY_ROUTE))
                              if city_route else f"{app['county']}人社局")
        with self.store.write() as conn:
            conn.execute(t.screenings.insert().values(
                application_id=application_id, stage=stage, decision=decision, reason=reason, decided_by=unit,
                actor=self.actor.name, decided_at=utcnow()))
            self._log(conn, f"screening.{stage}", str(application_id), decision=decision, reason=reason, decided_by=unit)

    def _latest(self, application_id: int, stage: str) -> str | None:
        s = t.screenings
        q = (sa.select(s.c.decision).where(s.c.application_id == application_id, s.c.stage == stage)
             .order_by(s.c.id.desc()).limit(1))
        with self.store.read() as conn:
            return conn.execute(q).scalar()

    def screening_frame(self) -> pd.DataFrame:
        """Per visible application: latest initial and review decisions, and whether it is screened in."""
        apps = self.apps.applications_frame()[["unit_name", "brand_name", "county"]]
        s = t.screenings
        # The latest decision per application and stage. A join on the grouped subquery, not
        # ``id IN (…)``: SQLite turns the IN form into millions of index probes at 5,000 applications.
        last = (sa.select(sa.func.max(s.c.id).label("id"))
                .join(t.applications, t.applications.c.id == s.c.application_id)
                .where(t.applications.c.session_id == self.id)
                .group_by(s.c.application_id, s.c.stage).subquery())
        q = (sa.select(s.c.application_id, s.c.stage, s.c.decision, s.c.reason, s.c.decided_by)
             .join(last, last.c.id == s.c.id))
        with self.store.read() as conn:
            rows = pd.DataFrame(conn.execute(q).mappings().all(),
                                columns=["application_id", "stage", "decision", "reason", "decided_by"])
        wide = rows.pivot(index="application_id", columns="stage", values=["decision", "reason", "decided_by"])
        wide.columns = [f"{stage}_{field}" for field, stage in wide.columns]
        out = apps.join(wide, how="left")
        for stage in STAGES:
            for field in ("decision", "reason", "decided_by"):
                col = f"{stage}_{field}"
                if col not in out:
                    out[col] = pd.Series(pd.NA, index=out.index, dtype="str")
        passed_initial = out["initial_decision"].eq("passed").fillna(False)
        passed_review = out["review_decision"].eq("passed").fillna(False)
        out["screened_in"] = passed_initial & ((out["county"] != CITY_ROUTE) | passed_review)
        return out

    def screening_status(self) -> TableResult:
        """:meth:`screening_frame` as a result a notebook displays."""
        return TableResult(self.screening_frame(), "初审情况 Screening")
