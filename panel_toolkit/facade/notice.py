"""Public notice (公示, 第十三条) and objections (异议) through the session facade; recognition (认定授牌,
第十四条), certificates and the other documents are :mod:`.recognition`.

The notice lists the confirmed proposed list (``conclusion == 'proposed'`` of :meth:`confirmed_list`)
for the period of SPEC §6; objections are registered, investigated and decided; after the period,
with no objection open, the chair records recognition: the brands without an upheld objection enter
the directory with unique certificate numbers. Publishing, objections and recognition are the city's
(市级人社部门); counties may read the notice and the published result. Every step is in the event log.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from .. import freetext
from ..errors import InvalidState, NotFound
from ..notice.calendar import WorkCalendar, library_knows, load_override
from ..notice.document import Contact, ListRow, NoticeDocument
from ..notice.period import NoticePeriod, cn_date, notice_period
from ..notice.results import PublishedNotice
from ..store import utcnow
from ..store.tables.notice import notices, objection_steps, objections, recognitions
from ..store.queries import notice as nq
from ..i18n import pick
from .context import Service, writes

from ..store.queries.notice import CHINA  # noqa: E402  (the day an objection arrives is the day in China)
_STATUS_ZH = {"open": "已登记", "investigating": "调查中", "decided": "已决定"}
_DECISION_ZH = {"upheld": "异议成立", "not_upheld": "异议不成立"}


def china_now() -> dt.datetime:
    return dt.datetime.now(CHINA)


def list_sha256(rows) -> str:
    """Fingerprint of a list as the notice shows it (order, county, brand, unit)."""
    data = [[r.application_id, r.county, r.brand_name, r.unit_name] for r in rows]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


class Notice(Service):
    def __init__(self, ctx, aggregation, closure):
        super().__init__(ctx)
        self.aggregation, self.closure = aggregation, closure

    # == the period ===========================================================================
    def work_calendar(self) -> WorkCalendar:
        """The statutory calendar with the session's override files (``notice.calendar_overrides``).

        A closed session keeps the overrides it was confirmed with. An override its session file names now
        is added only for a year nothing covered at the confirmation (neither those files nor the library):
        the State Council publishes a year's schedule late in the year before, and a period reaching into
        a year nobody knew was refused, so adding that year changes nothing computed before (SPEC §6, §7)."""
        schedules = [load_override(p) for p in self.config.notice.calendar_overrides]
        if self.config.frozen_by is not None:
            from .frozen import calendar_overrides_on_disk

            covered = {s.year for s in schedules}
            for path in calendar_overrides_on_disk(self.config):
                later = load_override(path)
                if later.year not in covered and not library_knows(later.year):
                    schedules.append(later)
                    covered.add(later.year)
        return WorkCalendar(schedules)

    def notice_period(self, publish_date: dt.date) -> NoticePeriod:
        """The period of a notice published on ``publish_date`` (SPEC §6), with the session's length and rule."""
        n = self.config.notice
        return notice_period(self.work_calendar(), publish_date, n.working_days, n.counting_rule)

    # == the notice ============================================================================
    def proposed_rows(self) -> tuple[ListRow, ...]:
        """The confirmed proposed list (拟认定名单) in rank order, as the notice lists it."""
        df = self.aggregation.confirmed_list()
        df = df[df["conclusion"] == "proposed"].sort_values("rank", kind="stable")
        return tuple(ListRow(no=i, application_id=int(r.application_id), county=str(r.county),
                             brand_name=str(r.brand_name), unit_name=str(r.unit_name))
                     for i, r in enumerate(df.itertuples(), start=1))

    def preview_notice(self, publish_date: dt.date) -> PublishedNotice:
        """The notice as it would be published on ``publish_date``; nothing is recorded."""
        self._require("city")
        return self._build_notice(publish_date)

    @writes
    def publish_notice(self, publish_date: dt.date, reason: str = "") -> PublishedNotice:
        """Record the notice of the confirmed proposed list published on ``publish_date`` (第十三条).

        Refused without a confirmed list, with an empty list, without a way to object in the session's
        ``notice.contact``, and after recognition. Publishing again (the list or a date changed) needs
        ``reason``; the latest notice counts."""
        self._require("city")
        notice = self._build_notice(publish_date)
        with self.store.write() as conn:
            if self._recognised(conn):
                raise InvalidState("本批次已认定授牌，不能再发布公示。", "Recognition is recorded; no new notice can be published.")
            confirmed_on = self.closure.confirmation_day()
            if notice.publish_date < confirmed_on:
                raise InvalidState(f"公示发布日 {notice.publish_date} 早于名单的确认日 {confirmed_on}：只能公示已确认的名单（第十三条）。",
                                   f"The publish date {notice.publish_date} is before the list was confirmed "
                                   f"({confirmed_on}); only a confirmed list can be published (Article 13).")
            previous = nq.latest_notice(conn, self.id)
            if previous is not None and not reason.strip():
                raise InvalidState(f"本批次已于{cn_date(previous['publish_date'])}公示；重新公示须说明理由。",
                                   f"A notice was published on {previous['publish_date']}; publishing again needs a reason.")
            nid = conn.execute(notices.insert().values(
                session_id=self.id, publish_date=notice.publish_date, start_date=notice.start, end_date=notice.end,
                working_days=notice.working_days, rule=notice.rule, list_sha256=notice.list_sha256,
                snapshot=notice.document.to_snapshot(), calendar_sources=list(notice.calendar_sources),
                reason=reason.strip(), actor=self.actor.name, created_at=utcnow())).inserted_primary_key[0]
            self._log(conn, "notice.published", f"notice:{nid}", publish_date=notice.publish_date.isoformat(),
                      start=notice.start.isoformat(), end=notice.end.isoformat(), working_days=notice.working_days,
                      rule=notice.rule, candidates=[r.application_id for r in notice.document.rows],
                      list_sha256=notice.list_sha256, calendar_sources=list(notice.calendar_sources),
                      replaces=previous["id"] if previous is not None else None, reason=reason.strip())
        return self.notice()

    def notice(self) -> PublishedNotice:
        """The latest published notice; NotFound before the first."""
        self._require("city", "county")
        with self.store.read() as conn:
            row = nq.latest_notice(conn, self.id)
        if row is None:
            raise NotFound("本批次尚未发布公示。", "No notice has been published in this session.")
        return _published(row)

    def notice_text(self, fmt: str = "html") -> str:
        """The published notice as HTML (print-ready) or Markdown."""
        from ..notice.render import render_notice

        return render_notice(self.notice().document, fmt)

    @writes   # a file on the server: a viewer changes nothing there either
    def write_notice(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the published notice to ``path`` as html, md or docx (default: from the suffix)."""
        from ..notice.render import write_notice

        return write_notice(self.notice().document, path, fmt)

    def _build_notice(self, publish_date: dt.date) -> PublishedNotice:
        n, title = self.config.notice, self.config.title.zh
        rows = self.proposed_rows()
        if not rows:
            raise InvalidState("确认的名单中没有拟认定的劳务品牌，无须公示。", "The confirmed list proposes no brand; there is nothing to publish.")
        contact = Contact(unit=n.contact_unit or n.issuer, phone=n.contact_phone or "",
                          address=n.contact_address or "", email=n.contact_email or "")
        if not contact.channels():
            raise InvalidState(
                f"{self.config.path}：notice.contact 中须至少写明电话（phone）、地址（address）或电子邮箱（email）之一，"
                "公示须告知异议的受理方式（第十三条）。",
                f"{self.config.path}: notice.contact needs at least one of phone, address or email; the notice must "
                "say how to object (Article 13).")
        period = self.notice_period(publish_date)
        doc = NoticeDocument(title=n.title or f"{title}拟认定名单公示", list_title=_list_title(n.title, title, "拟认定名单"),
                             issuer=n.issuer, publish_date=publish_date, start=period.start, end=period.end,
                             working_days=period.working_days, contact=contact, rows=rows)
        return PublishedNotice(id=None, document=doc, rule=period.rule, list_sha256=list_sha256(rows),
                               calendar_sources=period.calendar_sources)

    @writes
    def register_objection(self, application_id: int, objector_name: str, content: str, objector_contact: str = "",
                           received_at: dt.datetime | dt.date | None = None) -> int:
        """Register an objection against a brand on the notice; one received after the period is marked late.

        ``received_at``: when it arrived (a naive time is China time; a date means that day); default now.
        Policy default: an objection needs the objector's name (the notice asks for a real name or a
        unit's seal) and its content."""
        self._require("city")
        freetext.check(objector_name, "异议人", freetext.SHORT, False)  # free text: the CLI's check, for the apps too
        freetext.check(content, "异议内容")
        freetext.check(objector_contact, "联系方式", freetext.SHORT, False)
        name, content, contact = objector_name.strip(), content.strip(), objector_contact.strip()
        if not name:
            raise InvalidState("异议须写明提出人（单位或个人姓名）。", "An objection needs the objector's name.")
        if not content:
            raise InvalidState("异议须写明具体内容。", "An objection needs its content.")
        when = _china_time(received_at)
        if when > china_now() + dt.timedelta(minutes=5):
            raise InvalidState(f"收到时间 {when:%Y-%m-%d %H:%M} 晚于当前时间。", f"The time received ({when:%Y-%m-%d %H:%M}) is in the future.")
        with self.store.write() as conn:
            row = nq.latest_notice(conn, self.id)
            if row is None:
                raise InvalidState("本批次尚未发布公示，不能登记异议。", "No notice is published; objections cannot be registered yet.")
            notice = _published(row)
            if int(application_id) not in {r.application_id for r in notice.document.rows}:
                raise NotFound(f"申报编号 {application_id} 不在公示名单中。", f"Application {application_id} is not on the notice.")
            if when.date() < notice.publish_date:
                raise InvalidState(f"收到日期 {when.date()} 早于公示发布日 {notice.publish_date}。",
                                   f"Received on {when.date()}, before the notice was published ({notice.publish_date}).")
            late = when.date() > notice.end
            oid = conn.execute(objections.insert().values(
                session_id=self.id, notice_id=notice.id, application_id=int(application_id), objector_name=name,
                objector_contact=contact, received_at=when.astimezone(dt.timezone.utc), received_on=when.date(),
                content=content, late=late, actor=self.actor.name, created_at=utcnow())).inserted_primary_key[0]
            self._log(conn, "objection.registered", f"objection:{oid}", application_id=int(application_id),
                      notice_id=notice.id, received_on=when.date().isoformat(), late=late,
                      after_recognition=self._recognised(conn))
        return int(oid)

    @writes
    def investigate_objection(self, objection_id: int, note: str) -> None:
        """Record the investigation (调查核实) of an objection and its findings so far."""
        self._require("city")
        freetext.check(note, "调查核实情况")  # free text: the CLI's check, for the apps too
        if not note.strip():
            raise InvalidState("请写明调查核实情况。", "Describe the investigation.")
        with self.store.write() as conn:
            obj = self._objection(conn, objection_id)
            if obj["status"] == "decided":
                raise InvalidState(f"异议 {objection_id} 已作出决定，不能再调查。", f"Objection {objection_id} is decided.")
            conn.execute(objection_steps.insert().values(objection_id=int(objection_id), step="investigating",
                                                         note=note.strip(), actor=self.actor.name, at=utcnow()))
            self._log(conn, "objection.investigating", f"objection:{objection_id}",
                      application_id=int(obj["application_id"]), note=note.strip())

    @writes
    def decide_objection(self, objection_id: int, upheld: bool, reason: str) -> None:
        """Decide an investigated objection: upheld (成立: the brand is not recognised) or not upheld,
        with the reason. A decision is final."""
        self._require("city")
        freetext.check(reason, "理由")  # free text: the CLI's check, for the apps too
        if not reason.strip():
            raise InvalidState("决定须写明理由。", "A decision needs its reason.")
        decision = "upheld" if upheld else "not_upheld"
        with self.store.write() as conn:
            obj = self._objection(conn, objection_id)
            if obj["status"] == "decided":
                raise InvalidState(f"异议 {objection_id} 已作出决定（{_DECISION_ZH[obj['decision']]}），决定不可更改。",
                                   f"Objection {objection_id} is already decided ({obj['decision']}).")
            if obj["status"] == "open":
                raise InvalidState(f"异议 {objection_id} 尚未调查核实，请先记录调查情况。",
                                   f"Objection {objection_id} has not been investigated; record the investigation first.")
            conn.execute(objection_steps.insert().values(objection_id=int(objection_id), step="decided", decision=decision,
                                                         note=reason.strip(), actor=self.actor.name, at=utcnow()))
            self._log(conn, "objection.decided", f"objection:{objection_id}", application_id=int(obj["application_id"]),
                      decision=decision, reason=reason.strip(), after_recognition=self._recognised(conn))

    def objections_frame(self, lang: str = "en") -> pd.DataFrame:
        """Every objection of the session with its current status (city only: objectors' details)."""
        self._require("city")
        with self.store.read() as conn:
            df = nq.objections_of(conn, self.id)
        labels = pick(lang, (_STATUS_ZH, _DECISION_ZH), None)   # English: the keys themselves
        if labels:
            df = df.assign(status=df["status"].map(labels[0]), decision=df["decision"].map(labels[1]).fillna(""))
        return df

    def _objection(self, conn: sa.Connection, objection_id: int) -> dict:
        df = nq.objections_of(conn, self.id)
        if int(objection_id) not in df.index:
            raise NotFound(f"本批次中没有编号为 {objection_id} 的异议。", f"No objection {objection_id} in this session.")
        return df.loc[int(objection_id)].to_dict()

    def _recognised(self, conn: sa.Connection) -> bool:
        q = sa.select(sa.func.count()).select_from(recognitions).where(recognitions.c.session_id == self.id)
        return bool(conn.execute(q).scalar())

# -- helpers -----------------------------------------------------------------------------------

def _published(row) -> PublishedNotice:
    return PublishedNotice(id=int(row["id"]), document=NoticeDocument.from_snapshot(row["snapshot"]), rule=row["rule"],
                           list_sha256=row["list_sha256"], calendar_sources=tuple(row["calendar_sources"]),
                           reason=row["reason"])


def _list_title(title: str | None, session_title: str, what: str) -> str:
    """The attachment's title: from the document's title when it has the usual form
    (关于2024年度…拟认定名单的公示 → 2024年度…拟认定名单; 关于公布2024年度…认定结果的通知 → 2024年度…认定名单),
    else from the session title (2024年度…认定 → 2024年度…拟认定名单)."""
    m = re.fullmatch(r"关于(.+拟认定名单)的公示", title or "")
    if m and what == "拟认定名单":
        return m.group(1)
    m = re.fullmatch(r"关于公布(.+)认定结果的通知", title or "")
    if m and what == "认定名单":
        return m.group(1) + what
    base = session_title[:-2] if session_title.endswith("认定") else session_title
    return f"{base}{what}"


def _china_time(value: dt.datetime | dt.date | None) -> dt.datetime:
    if value is None:
        return china_now()
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(), CHINA)
    return value.replace(tzinfo=CHINA) if value.tzinfo is None else value.astimezone(CHINA)
