"""What is recorded in the brand directory (第十五–二十一条): entries registered by hand, events (rectification,
interview, suspension, restoration, removal and the cases counties report), annual reports. Who decides what is
:data:`panel_toolkit.directory.states.DECIDED_BY`; the state machine is :mod:`panel_toolkit.directory.machine`.
:class:`~.directory.Directory` delegates its writes here.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..config import CITY_ROUTE
from ..config.session import default_counties
from ..directory import deadlines as dl
from ..directory.history import record_of
from ..directory.machine import History, Outcome, Request, apply
from .. import freetext
from ..directory.states import DECIDED_BY, EventKind, Status
from ..errors import DecidedElsewhere, InvalidState, NotFound
from ..intake import creditcode
from ..store import schema as t
from ..store import utcnow
from ..store.tables.removal_corrections import removal_corrections as rc
from ..store.tables.directory import directory_entries as de
from ..store.tables.directory_events import annual_reports as ar
from ..store.tables.directory_events import directory_events as dev
from ..store.queries import directory as dq
from .context import writes
from .removals import insert_removal

_EVENT_ALIASES = {**{e.value: e for e in EventKind}, **{e.label(): e for e in EventKind},
                  "责令整改": EventKind.RECTIFICATION_ORDER, "整改": EventKind.RECTIFIED, "约谈": EventKind.INTERVIEW,
                  "暂停": EventKind.SUSPEND, "继续暂停": EventKind.EXTEND_SUSPENSION, "恢复": EventKind.RESTORE,
                  "移出": EventKind.REMOVE, "复审": EventKind.RE_REVIEWED,
                  "上报移出": EventKind.REMOVAL_CASE, "不予处理": EventKind.CASE_DISMISSED}


def event_kind(value: str | EventKind) -> EventKind:
    """An event by its key (``suspend``), its Chinese label (暂停标识使用权) or a short word (暂停)."""
    if isinstance(value, EventKind):
        return value
    kind = _EVENT_ALIASES.get(str(value).strip())
    if kind is None:
        keys = "、".join(e.value for e in EventKind)
        raise InvalidState(f"未知的事件「{value}」；可用：{keys}", f"unknown event “{value}”; one of: {keys}")
    return kind


class DirectoryRecords:
    def __init__(self, directory):
        self.d = directory

    @property
    def actor(self):
        return self.d.actor

    @writes   # a viewer (city staff link) reads the directory only
    def register_entry(self, credit_code: str, unit_name: str, brand_name: str, county: str,
                       recognised_on: dt.date, certificate_no: str, industry: str = "", note: str = "") -> int:
        """Enter a brand recognised before the toolkit was used (recognition itself creates entries for
        the brands it awards, 第十四条). Validates the credit code; the certificate number is unique."""
        self.d._require("city")
        for name, value in (("建设单位", unit_name), ("劳务品牌", brand_name), ("证书编号", certificate_no), ("行业", industry)):
            freetext.check(value, name, freetext.SHORT, False)
        freetext.check(note, "备注")  # free text: the CLI's check, for the apps too
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
        self.d._not_future(recognised_on, "认定日期", "recognition date")
        with self.d.store.write() as conn:
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
            self.d._log(conn, "directory.entry_registered", cert, entry_id=eid, credit_code=code, unit_name=unit_name,
                      brand_name=brand_name, recognised_on=recognised_on.isoformat(), note=note)
        return int(eid)

    def _require_body(self, kind: EventKind) -> None:
        """第十六–二十条: the county records and reports, the city decides (SPEC §7); the city may act in a
        county's place. A county asking for the city's decision is told who decides."""
        self.d._require("city", "county")
        body = DECIDED_BY[kind]
        if self.d.actor.role == "county" and body == "city":
            raise DecidedElsewhere(f"「{kind.label()}」此操作由市人社局决定（第十九、二十条：县级人社部门上报，市级人社部门决定）；"
                                   "县(市)区人社局可登记上报（suspension_case / removal_case）。",
                                   f"“{kind.label('en')}” is decided by the city HR bureau (Articles 19, 20: the county "
                                   "reports, the city decides); the county may report a case (suspension_case / "
                                   "removal_case).")

    @writes   # a viewer (city staff link) reads the directory only
    def record_event(self, entry_id: int, event: str | EventKind, ground: str | None = None,
                     occurred_on: dt.date | None = None, note: str = "", override_reason: str = "") -> Outcome:
        """Record one event (第十六–二十条) with its ground and the date of the decision or fact: the
        county's rectification_order, rectified, interview, suspension_case, removal_case; the city's
        suspend, extend_suspension, restore, remove, case_dismissed, re_reviewed, removal_corrected.
        Refused with :class:`IllegalTransition` when the measures do not allow it, :class:`PeriodRunning`
        when the previous period still runs (``override_reason`` allows it, recorded with the event),
        :class:`DecidedElsewhere` when it is the other body's to act.

        A removal writes the removal that eligibility E7 reads (the unit may not apply for 5 years from
        the decision); a correction voids it. The third suspension opens a removal case, never a removal."""
        kind = event_kind(event)
        self._require_body(kind)
        freetext.check(note, "备注")  # free text: the CLI's check, for the apps too
        freetext.check(override_reason, "提前办理的理由")
        if occurred_on is None:
            raise InvalidState("须写明日期（决定或事实发生之日）。", "The date (of the decision or fact) is required.")
        self.d._not_future(occurred_on, "日期", "date")
        request = Request(kind, occurred_on, ground, note, override_reason)
        with self.d.store.write() as conn:
            entry = dq.entries(conn, self.d._scope(), entry_id)
            if entry.empty:
                raise NotFound(f"目录中没有编号为 {entry_id} 的劳务品牌（或无权查看）。",
                               f"No directory entry {entry_id} (or not visible to you).")
            row = entry.iloc[0]
            events = dq.events(conn, [entry_id])
            history = History(row["recognised_on"], tuple(record_of(r) for r in events.to_dict("records")))
            outcome = apply(history, request)
            now = utcnow()
            acting_for = row["county"] if self.d.actor.role == "city" and DECIDED_BY[kind] == "county" else ""
            for rec in outcome.records:
                conn.execute(dev.insert().values(
                    entry_id=int(entry_id), event=rec.kind.value, ground=rec.ground, occurred_on=rec.occurred_on,
                    deadline=rec.deadline, status_before=rec.status_before.value, status_after=rec.status_after.value,
                    note=rec.note, override_reason=rec.override_reason, acting_for=acting_for, actor=self.d.actor.name,
                    recorded_at=now))
                if rec.kind is EventKind.REMOVE:
                    insert_removal(conn, credit_code=row["credit_code"], unit_name=row["unit_name"],
                                   brand_name=row["brand_name"], decided_on=rec.occurred_on, ground=rec.ground,
                                   actor=self.d.actor.name, note=rec.note or f"目录编号 {entry_id}")
                if rec.kind is EventKind.REMOVAL_CORRECTED:
                    self._void_removal(conn, row, history.records[-1].occurred_on, rec.note)
                self.d._log(conn, f"directory.{rec.kind.value}", row["certificate_no"], entry_id=int(entry_id),
                          ground=rec.ground, occurred_on=rec.occurred_on.isoformat(),
                          deadline=rec.deadline.isoformat() if rec.deadline else None,
                          status_before=rec.status_before.value, status_after=rec.status_after.value,
                          override_reason=rec.override_reason or None, acting_for=acting_for or None)
            conn.execute(de.update().where(de.c.id == int(entry_id)).values(status=outcome.status.value))
        return outcome

    def _void_removal(self, conn: sa.Connection, row, decided_on: dt.date, reason: str) -> None:
        r = t.removals
        rid = conn.execute(sa.select(sa.func.max(r.c.id)).where(r.c.credit_code == row["credit_code"],
                                                                r.c.brand_name == row["brand_name"],
                                                                r.c.decided_on == decided_on)).scalar()
        if rid is not None:
            conn.execute(rc.insert().values(removal_id=int(rid), reason=reason, actor=self.d.actor.name,
                                            recorded_at=utcnow()))

    @writes   # a viewer (city staff link) reads the directory only
    def record_annual_report(self, entry_id: int, year: int, received_on: dt.date, note: str = "", *,
                             brand_use: str = "", development: str = "", violations: bool | None = None,
                             major_complaints: bool | None = None, major_accidents: bool | None = None,
                             reason: str = "") -> int:
        """第十六条: the brand's report of ``year`` (劳务品牌的使用情况、发展状况, with whether there were 违法违纪行为,
        重大投诉事件, 重大质量安全事故) received on ``received_on`` by the county (本地人社部门) or the city.

        One report per brand and year: an identical second one is refused; a different one replaces the
        first only with ``reason`` (both rows are kept, the latest counts)."""
        self.d._require("city", "county")
        for text, name in ((note, "备注"), (brand_use, "使用情况"), (development, "发展状况"), (reason, "理由")):
            freetext.check(text, name)  # free text: the CLI's check, for the apps too
        entry = self.d.entry(entry_id)                 # scoped: a county reaches only its own brands
        year = int(year)
        first = dl.first_report_year(entry["recognised_on"])
        if year < first:
            raise InvalidState(f"该品牌于 {entry['recognised_on']} 认定，第一份年度报告为 {first} 年度的。",
                               f"Recognised on {entry['recognised_on']}: the first annual report is for {first}.")
        if received_on.year < year:
            raise InvalidState(f"{year} 年度报告的报送日期 {received_on} 不能早于该年度。",
                               f"The {year} report cannot be received on {received_on}, before that year.")
        self.d._not_future(received_on, "报送日期", "date received")
        facts = dict(received_on=received_on, brand_use=brand_use.strip(), development=development.strip(),
                     violations=violations, major_complaints=major_complaints, major_accidents=major_accidents,
                     note=note)
        reason = reason.strip()
        with self.d.store.write() as conn:
            previous = conn.execute(sa.select(ar).where(ar.c.entry_id == int(entry_id), ar.c.year == year)
                                    .order_by(ar.c.id.desc()).limit(1)).mappings().first()
            if previous is not None:
                if all(previous[k] == v for k, v in facts.items()):
                    raise InvalidState(f"{year} 年度报告已登记（编号 {previous['id']}），内容相同，不重复登记。",
                                       f"The {year} report is already recorded (no. {previous['id']}) with the same content.")
                if not reason:
                    raise InvalidState(f"{year} 年度报告已登记（编号 {previous['id']}）；以新报告替换须写明理由（原记录保留）。",
                                       f"The {year} report is already recorded (no. {previous['id']}); replacing it needs "
                                       "a reason (the earlier row is kept).")
            rid = conn.execute(ar.insert().values(
                entry_id=int(entry_id), year=year, replaces_id=previous["id"] if previous is not None else None,
                reason=reason, actor=self.d.actor.name, recorded_at=utcnow(), **facts)).inserted_primary_key[0]
            self.d._log(conn, "directory.annual_report", entry["certificate_no"], entry_id=int(entry_id), year=year,
                      received_on=received_on.isoformat(), late=received_on > dl.report_due(year),
                      violations=violations, major_complaints=major_complaints, major_accidents=major_accidents,
                      replaces=previous["id"] if previous is not None else None, reason=reason or None)
        return int(rid)


    # -- documents (第十七–二十二条) ---------------------------------------------------------------------
