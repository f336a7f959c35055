"""The brand directory's facade (劳务品牌目录, 第十五条–第二十一条), one per workspace and actor.

Built like the session facade: a store, an actor, role checks and the event log (with no session).
Roles: the city (市人社局) records everything; a county sees the brands of its county; experts see
nothing. Every change goes through :func:`panel_toolkit.directory.apply` inside one write transaction
(``BEGIN IMMEDIATE``), which reads the history, appends the event rows, refreshes the cached status and —
for a removal — writes the removal that eligibility E7 reads for the 5-year ban (第二十条).

    >>> d = Workspace("ws").directory()
    >>> eid = d.register_entry("9121…", "某某公司", "营口某某焊匠", "盖州市", dt.date(2022, 12, 1), "YK-2022-001")
    >>> d.record_event(eid, "rectification_order", "第十七条(一)", dt.date(2025, 11, 10))
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd
import sqlalchemy as sa

from ..actor import Actor
from ..config import CITY_ROUTE
from ..config.session import default_counties
from ..directory import deadlines as dl
from ..directory import report
from ..directory.history import build_histories, record_of
from ..directory.machine import History, Outcome, Request, apply
from ..directory.states import EventKind, Status
from ..errors import AccessDenied, IllegalTransition, InvalidState, NotFound
from ..intake import creditcode
from ..store import utcnow
from ..store.tables.directory import directory_entries as de
from ..store.tables.directory_events import annual_reports as ar
from ..store.tables.directory_events import directory_events as dev
from .links import guarded, refuse_viewer_writes
from .removals import insert_removal

if TYPE_CHECKING:
    from ..workspace import Workspace

_EVENT_ALIASES = {**{e.value: e for e in EventKind}, **{e.label(): e for e in EventKind},
                  "责令整改": EventKind.RECTIFICATION_ORDER, "整改": EventKind.RECTIFIED, "约谈": EventKind.INTERVIEW,
                  "暂停": EventKind.SUSPEND, "继续暂停": EventKind.EXTEND_SUSPENSION, "恢复": EventKind.RESTORE,
                  "移出": EventKind.REMOVE, "复审": EventKind.RE_REVIEWED}


def event_kind(value: str | EventKind) -> EventKind:
    """An event by its key (``suspend``), its Chinese label (暂停标识使用权) or a short word (暂停)."""
    if isinstance(value, EventKind):
        return value
    kind = _EVENT_ALIASES.get(str(value).strip())
    if kind is None:
        keys = "、".join(e.value for e in EventKind)
        raise InvalidState(f"未知的事件「{value}」；可用：{keys}", f"unknown event “{value}”; one of: {keys}")
    return kind


@refuse_viewer_writes   # a viewer (city staff link) reads the directory only
class Directory:
    """The brand directory as seen by one actor."""

    def __init__(self, workspace: Workspace, actor: Actor | None = None, today=dt.date.today):
        self.workspace, self.actor = workspace, actor or Actor.city()
        self.store = guarded(workspace.store, self.actor)   # a viewer reads only
        self._today = today

    def __repr__(self) -> str:
        return f"<Directory {self.workspace.root} as {self.actor.role}:{self.actor.name}>"

    # -- roles -------------------------------------------------------------------------------------------
    def _require(self, *roles: str) -> None:
        if self.actor.role not in roles:
            raise AccessDenied("当前身份无权执行此操作。", "Your role does not allow this operation.")

    def _scope(self):
        """The city sees every entry; a county its own; experts none (refused before any query)."""
        self._require("city", "county")
        return de.c.county == self.actor.scope if self.actor.role == "county" else sa.true()

    def _log(self, conn: sa.Connection, action: str, target: str = "", **details) -> None:
        self.store.log(conn, actor=self.actor.name, role=self.actor.role, session_id=None, action=action,
                       target=target, details=details)

    def _not_future(self, day: dt.date, what_zh: str, what_en: str) -> None:
        if day > self._today():
            raise InvalidState(f"{what_zh} {day} 晚于今天（{self._today()}），不能预先登记。",
                               f"the {what_en} {day} is after today ({self._today()}); it cannot be recorded in advance.")

    # -- reading ---------------------------------------------------------------------------------------
    def _entries(self, conn: sa.Connection, entry_id: int | None = None) -> pd.DataFrame:
        q = sa.select(de).where(self._scope()).order_by(de.c.id)
        if entry_id is not None:
            q = q.where(de.c.id == int(entry_id))
        df = pd.DataFrame(conn.execute(q).mappings().all(), columns=[c.name for c in de.c])
        return df.set_index("id").rename_axis("entry_id")

    def _events(self, conn: sa.Connection, entry_ids=None) -> pd.DataFrame:
        q = sa.select(dev).order_by(dev.c.id)
        if entry_ids is not None:
            q = q.where(dev.c.entry_id.in_([int(i) for i in entry_ids]))
        return pd.DataFrame(conn.execute(q).mappings().all(), columns=[c.name for c in dev.c])

    def _reports(self, conn: sa.Connection, entry_ids=None) -> pd.DataFrame:
        q = sa.select(ar).order_by(ar.c.id)
        if entry_ids is not None:
            q = q.where(ar.c.entry_id.in_([int(i) for i in entry_ids]))
        return pd.DataFrame(conn.execute(q).mappings().all(), columns=[c.name for c in ar.c])

    def _load(self):
        with self.store.read() as conn:
            entries = self._entries(conn)
            events = self._events(conn, entries.index)
            reports = self._reports(conn, entries.index)
        return entries, build_histories(entries, events), events, reports

    def entries_frame(self, status: str | Status | None = None, lang: str = "zh") -> pd.DataFrame:
        """The directory (目录): one row per brand the actor may see, index = entry id, with the status
        derived from its history, the end of the current period, suspensions and the next re-review."""
        entries, histories, _, _ = self._load()
        out = report.status_table(entries, histories, lang)
        if status:
            out = out[out["status"] == _status(status).value]
        return out

    def entry(self, entry_id: int) -> dict:
        with self.store.read() as conn:
            df = self._entries(conn, entry_id)
        if df.empty:
            raise NotFound(f"目录中没有编号为 {entry_id} 的劳务品牌（或无权查看）。",
                           f"No directory entry {entry_id} (or not visible to you).")
        return {"entry_id": int(df.index[0]), **df.iloc[0].to_dict()}

    def history(self, entry_id: int, lang: str = "zh") -> pd.DataFrame:
        """The brand's dated history: the recognition (第十四条), then each event with its ground and period."""
        entry = self.entry(entry_id)
        with self.store.read() as conn:
            events = self._events(conn, [entry_id])
        return report.history_table(entry, events, lang)

    def annual_reports(self, entry_id: int | None = None) -> pd.DataFrame:
        """Annual reports received (第十六条), every row recorded (a later row of a year corrects an earlier one)."""
        with self.store.read() as conn:
            ids = self._entries(conn).index if entry_id is None else [self.entry(entry_id)["entry_id"]]
            return self._reports(conn, ids)

    # -- deadlines (第十六条–第十九条) ----------------------------------------------------------------------
    def deadlines(self, as_of: dt.date | None = None, within_days: int | None = None,
                  lang: str = "zh") -> pd.DataFrame:
        """Every open deadline as of ``as_of`` (default today): current periods, re-reviews, annual reports.
        With ``within_days``, only the overdue ones and those due within that many days."""
        as_of = as_of or self._today()
        entries, histories, _, reports = self._load()
        out = report.deadline_table(entries, histories, reports, as_of, lang)
        if within_days is not None:
            out = out[out["overdue"] | (out["days_left"] <= within_days)].reset_index(drop=True)
        return out

    def overdue(self, as_of: dt.date | None = None, lang: str = "zh") -> pd.DataFrame:
        out = self.deadlines(as_of, lang=lang)
        return out[out["overdue"]].reset_index(drop=True)

    def due_re_reviews(self, as_of: dt.date | None = None, within_days: int = 90, lang: str = "zh") -> pd.DataFrame:
        """第十六条: brands whose biennial re-review is overdue or due within ``within_days``."""
        out = self.deadlines(as_of, within_days, lang)
        return out[out["kind"] == "re_review"].reset_index(drop=True)

    def missing_reports(self, year: int, as_of: dt.date | None = None, lang: str = "zh") -> pd.DataFrame:
        """第十六条: brands whose report of ``year`` did not arrive by 31 October, each with a proposed
        第十七条(一) rectification order (``proposable`` says whether it can be recorded now). Nothing is
        recorded: the chair confirms a proposal with :meth:`record_event`."""
        as_of = as_of or self._today()
        entries, histories, _, reports = self._load()
        return report.missing_report_table(entries, histories, reports, int(year), as_of, lang)

    def report_case_proposals(self, year: int, as_of: dt.date | None = None) -> list[dict]:
        """The proposals of :meth:`missing_reports` that can be recorded, as keyword arguments of
        :meth:`record_event` (entry_id, event, ground, occurred_on, note)."""
        as_of = as_of or self._today()
        df = self.missing_reports(year, as_of)
        return [{"entry_id": int(r.entry_id), "event": r.proposal, "ground": r.ground, "occurred_on": as_of,
                 "note": r.note} for r in df[df["proposable"]].itertuples()]

    def published_list(self, lang: str = "zh") -> pd.DataFrame:
        """第二十一条: the units whose mark is suspended or withdrawn (removed), for the bureau's website."""
        entries, histories, _, _ = self._load()
        return report.published_table(entries, histories, lang)

    # -- changes (city) --------------------------------------------------------------------------------
    def register_entry(self, credit_code: str, unit_name: str, brand_name: str, county: str,
                       recognised_on: dt.date, certificate_no: str, industry: str = "", note: str = "") -> int:
        """Enter a brand recognised before the toolkit was used (recognition itself creates entries for
        the brands it awards, 第十四条). Validates the credit code; the certificate number is unique."""
        self._require("city")
        code = creditcode.normalize(credit_code)
        if not creditcode.is_valid(code):
            raise InvalidState(f"统一社会信用代码 {credit_code} 校验不通过。", f"Credit code {credit_code} is not valid.")
        unit_name, brand_name, cert = unit_name.strip(), brand_name.strip(), str(certificate_no).strip()
        for value, zh, en in ((unit_name, "建设单位名称", "unit name"), (brand_name, "劳务品牌名称", "brand name"),
                              (cert, "证书编号", "certificate number")):
            if not value:
                raise InvalidState(f"{zh}不能为空。", f"The {en} is required.")
        counties = [*default_counties(), CITY_ROUTE]
        if county not in counties:
            raise InvalidState(f"县(市)区「{county}」不在列表中：{'、'.join(counties)}",
                               f"county “{county}” is not one of: {', '.join(counties)}")
        self._not_future(recognised_on, "认定日期", "recognition date")
        with self.store.write() as conn:
            if conn.execute(sa.select(de.c.id).where(de.c.certificate_no == cert)).first():
                raise InvalidState(f"证书编号 {cert} 已被使用（第二十二条：证书编号唯一）。",
                                   f"Certificate number {cert} is already used.")
            same = conn.execute(sa.select(de.c.id, de.c.status).where(de.c.credit_code == code,
                                                                     de.c.brand_name == brand_name)).all()
            if any(s != Status.REMOVED.value for _, s in same):
                raise InvalidState(f"该单位的劳务品牌「{brand_name}」已在目录中（目录编号 {same[0][0]}）。",
                                   f"The brand “{brand_name}” of this unit is already in the directory (entry {same[0][0]}).")
            eid = conn.execute(de.insert().values(
                credit_code=code, unit_name=unit_name, brand_name=brand_name, county=county, industry=industry.strip(),
                certificate_no=cert, recognised_on=recognised_on, status=Status.ACTIVE.value,
                created_at=utcnow())).inserted_primary_key[0]
            self._log(conn, "directory.entry_registered", cert, entry_id=eid, credit_code=code, unit_name=unit_name,
                      brand_name=brand_name, recognised_on=recognised_on.isoformat(), note=note)
        return int(eid)

    def record_event(self, entry_id: int, event: str | EventKind, ground: str | None = None,
                     occurred_on: dt.date | None = None, note: str = "") -> Outcome:
        """Record one event (第十六–二十条) — rectification_order, rectified, interview, suspend,
        extend_suspension, restore, remove, re_reviewed — with its ground and the date of the decision or
        fact. Refused with :class:`IllegalTransition` (and the reason) when the measures do not allow it.

        A removal (and the third suspension, which removes, 第二十条(五)) also writes the removal that
        eligibility E7 reads: the unit may not apply for 5 years from the decision."""
        self._require("city")
        kind = event_kind(event)
        if occurred_on is None:
            raise InvalidState("须写明日期（决定或事实发生之日）。", "The date (of the decision or fact) is required.")
        self._not_future(occurred_on, "日期", "date")
        request = Request(kind, occurred_on, ground, note)
        with self.store.write() as conn:
            entry = self._entries(conn, entry_id)
            if entry.empty:
                raise NotFound(f"目录中没有编号为 {entry_id} 的劳务品牌。", f"No directory entry {entry_id}.")
            row = entry.iloc[0]
            events = self._events(conn, [entry_id])
            history = History(row["recognised_on"], tuple(record_of(r) for r in events.to_dict("records")))
            outcome = apply(history, request)
            now = utcnow()
            for rec in outcome.records:
                conn.execute(dev.insert().values(
                    entry_id=int(entry_id), event=rec.kind.value, ground=rec.ground, occurred_on=rec.occurred_on,
                    deadline=rec.deadline, status_before=rec.status_before.value, status_after=rec.status_after.value,
                    note=rec.note, actor=self.actor.name, recorded_at=now))
                if rec.kind is EventKind.REMOVE:
                    insert_removal(conn, credit_code=row["credit_code"], unit_name=row["unit_name"],
                                   brand_name=row["brand_name"], decided_on=rec.occurred_on, ground=rec.ground,
                                   actor=self.actor.name, note=rec.note or f"目录编号 {entry_id}")
                self._log(conn, f"directory.{rec.kind.value}", row["certificate_no"], entry_id=int(entry_id),
                          ground=rec.ground, occurred_on=rec.occurred_on.isoformat(),
                          deadline=rec.deadline.isoformat() if rec.deadline else None,
                          status_before=rec.status_before.value, status_after=rec.status_after.value)
            conn.execute(de.update().where(de.c.id == int(entry_id)).values(status=outcome.status.value))
        return outcome

    def record_annual_report(self, entry_id: int, year: int, received_on: dt.date, note: str = "") -> int:
        """第十六条: the brand's report of ``year`` (use and development of the brand) was received on
        ``received_on``. Recording a year again corrects it (the latest row counts; both are kept)."""
        self._require("city")
        entry = self.entry(entry_id)
        year = int(year)
        first = dl.first_report_year(entry["recognised_on"])
        if year < first:
            raise InvalidState(f"该品牌于 {entry['recognised_on']} 认定，第一份年度报告为 {first} 年度的。",
                               f"Recognised on {entry['recognised_on']}: the first annual report is for {first}.")
        if received_on.year < year:
            raise InvalidState(f"{year} 年度报告的报送日期 {received_on} 不能早于该年度。",
                               f"The {year} report cannot be received on {received_on}, before that year.")
        self._not_future(received_on, "报送日期", "date received")
        with self.store.write() as conn:
            rid = conn.execute(ar.insert().values(entry_id=int(entry_id), year=year, received_on=received_on,
                                                  note=note, actor=self.actor.name,
                                                  recorded_at=utcnow())).inserted_primary_key[0]
            self._log(conn, "directory.annual_report", entry["certificate_no"], entry_id=int(entry_id), year=year,
                      received_on=received_on.isoformat(), late=received_on > dl.report_due(year))
        return int(rid)


def _status(value: str | Status) -> Status:
    if isinstance(value, Status):
        return value
    text = str(value).strip()
    for s in Status:
        if text in (s.value, s.label("zh"), s.label("en")) or (text and s.label("zh").startswith(text)):
            return s
    options = "、".join(f"{s.value}（{s.label()}）" for s in Status)
    raise InvalidState(f"未知的状态「{value}」；可用：{options}", f"unknown status “{value}”; one of: {options}")


__all__ = ["Directory", "IllegalTransition", "event_kind"]
