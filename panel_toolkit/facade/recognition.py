"""Recognition (认定授牌, 第十四条), the published result, certificates and plaques (第二十二条) and the 第九条
announcement through the session facade.

After the notice period (:mod:`.notice`), with no objection open, the chair records recognition: the brands
without an upheld objection enter the directory with unique certificate numbers. Recognising and the documents
are the city's; counties may read the published result. Every step is in the event log.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from ..errors import InvalidState, MarkNotUsable, NotFound
from ..notice.document import MEASURES, CertificateDocument, Contact, ListRow, ResultDocument
from ..notice.numbers import assign_numbers
from ..notice.period import cn_date
from ..notice.results import PublishedNotice, RecognitionResult
from ..store import schema as t
from ..store import utcnow
from ..store.tables.directory import directory_entries as de
from ..store.tables.notice import recognitions
from ..store.queries import notice as nq
from .context import Service, writes
from .notice import _list_title, _published, china_now, list_sha256


class Recognition(Service):
    def __init__(self, ctx, notices):
        super().__init__(ctx)
        self.notices = notices

    @writes
    def recognise(self, on_date: dt.date) -> RecognitionResult:
        """Record recognition on ``on_date``: after the notice period, with no objection open, the brands on
        the notice without an upheld objection enter the directory (status active) with certificate
        numbers (:mod:`panel_toolkit.notice.numbers`), all in one transaction. Excluded brands are recorded
        with the reason."""
        self._require("city")
        if on_date > china_now().date():
            raise InvalidState(f"认定日期 {on_date} 晚于今天，不能预先登记。", f"The recognition date {on_date} is in the future.")
        current = list_sha256(self.notices.proposed_rows())
        with self.store.write() as conn:
            if self.notices._recognised(conn):
                raise InvalidState("本批次已认定授牌。", "Recognition is already recorded for this session.")
            row = nq.latest_notice(conn, self.id)
            if row is None:
                raise InvalidState("本批次尚未公示，不能认定（第十三、十四条）。", "No notice was published (Articles 13, 14).")
            notice = _published(row)
            if on_date <= notice.end:
                raise InvalidState(f"公示期至{cn_date(notice.end)}二十四时届满，{cn_date(notice.end + dt.timedelta(days=1))}起方可认定（第十四条）。",
                                   f"The notice period ends at the close of {notice.end}; recognition from {notice.end + dt.timedelta(days=1)} (Article 14).")
            if current != notice.list_sha256:
                raise InvalidState("确认的拟认定名单在公示后有变化，须重新公示后方可认定。",
                                   "The confirmed proposed list changed after the notice; publish it again first.")
            objs = nq.objections_of(conn, self.id)
            pending = objs[objs["status"] != "decided"]
            if len(pending):
                ids = "、".join(str(i) for i in pending.index)
                raise InvalidState(f"尚有 {len(pending)} 件异议未作出决定（编号 {ids}），不能认定（第十四条：公示无异议）。",
                                   f"{len(pending)} objection(s) are not decided ({', '.join(map(str, pending.index))}); "
                                   "recognition is refused (Article 14).")
            recognised, excluded = self._record_recognition(conn, notice, objs, on_date)
        return RecognitionResult(on_date=on_date, recognised=recognised, excluded=excluded)

    def _record_recognition(self, conn, notice: PublishedNotice, objs: pd.DataFrame, on_date: dt.date):
        upheld = objs[objs["decision"] == "upheld"]
        apps = {r["id"]: r for r in conn.execute(
            sa.select(t.applications.c.id, t.applications.c.credit_code, t.applications.c.industry)
            .where(t.applications.c.session_id == self.id)).mappings()}
        in_directory = {(r.credit_code, r.brand_name) for r in conn.execute(
            sa.select(de.c.credit_code, de.c.brand_name).where(de.c.status != "removed"))}
        keep, out = [], []
        for r in notice.document.rows:
            against = upheld[upheld["application_id"] == r.application_id]
            if len(against):
                reasons = "；".join(f"异议{i}成立：{x}" for i, x in against["decision_reason"].items())
                out.append((r, reasons))
            elif (apps[r.application_id]["credit_code"], r.brand_name) in in_directory:
                out.append((r, "该单位的此劳务品牌已在目录中"))
            else:
                keep.append(r)
        existing = [n for (n,) in conn.execute(sa.select(de.c.certificate_no))]
        numbers = assign_numbers(on_date.year, [r.county for r in keep], existing)
        now = utcnow()
        for r, number in zip(keep, numbers):
            app = apps[r.application_id]
            eid = conn.execute(de.insert().values(
                credit_code=app["credit_code"], unit_name=r.unit_name, brand_name=r.brand_name, county=r.county,
                industry=app["industry"] or "", session_id=self.id, application_id=r.application_id,
                certificate_no=number, recognised_on=on_date, status="active", created_at=now)).inserted_primary_key[0]
            conn.execute(recognitions.insert().values(
                session_id=self.id, notice_id=notice.id, application_id=r.application_id, outcome="recognised",
                reason="", certificate_no=number, recognised_on=on_date, actor=self.actor.name, created_at=now))
            self._log(conn, "directory.entered", number, entry_id=int(eid), application_id=r.application_id,
                      brand_name=r.brand_name, unit_name=r.unit_name, county=r.county, recognised_on=on_date.isoformat())
        for r, reason in out:
            conn.execute(recognitions.insert().values(
                session_id=self.id, notice_id=notice.id, application_id=r.application_id, outcome="excluded",
                reason=reason, certificate_no=None, recognised_on=on_date, actor=self.actor.name, created_at=now))
        self._log(conn, "recognition.recorded", f"notice:{notice.id}", on_date=on_date.isoformat(),
                  recognised={r.application_id: n for r, n in zip(keep, numbers)},
                  excluded={r.application_id: reason for r, reason in out})
        cols = ["no", "application_id", "county", "brand_name", "unit_name"]
        recognised = pd.DataFrame([[r.no, r.application_id, r.county, r.brand_name, r.unit_name, n]
                                   for r, n in zip(keep, numbers)], columns=[*cols, "certificate_no"]).set_index("no").rename_axis("notice_no")
        excluded = pd.DataFrame([[r.no, r.application_id, r.county, r.brand_name, r.unit_name, reason]
                                 for r, reason in out], columns=[*cols, "reason"]).set_index("no").rename_axis("notice_no")
        return recognised, excluded

    def recognitions_frame(self) -> pd.DataFrame:
        """The recognition decision per brand on the notice: recognised (with its number) or excluded (why)."""
        self._require("city")
        r, a = recognitions, t.applications
        q = (sa.select(r.c.application_id, a.c.county, a.c.brand_name, a.c.unit_name, r.c.outcome, r.c.reason,
                       r.c.certificate_no, r.c.recognised_on).join(a, a.c.id == r.c.application_id)
             .where(r.c.session_id == self.id).order_by(r.c.id))
        with self.store.read() as conn:
            return pd.DataFrame(conn.execute(q).mappings().all(),
                                columns=["application_id", "county", "brand_name", "unit_name", "outcome", "reason",
                                         "certificate_no", "recognised_on"])

    def recognised_list(self) -> pd.DataFrame:
        """The recognised brands of this session as published (第十四条), in the notice's order, with the
        certificate numbers and their current directory status."""
        self._require("city", "county")
        r = recognitions
        q = (sa.select(de.c.application_id, de.c.county, de.c.brand_name, de.c.unit_name, de.c.certificate_no,
                       de.c.recognised_on, de.c.status)
             .join(r, sa.and_(r.c.application_id == de.c.application_id, r.c.session_id == de.c.session_id))
             .where(de.c.session_id == self.id, r.c.outcome == "recognised").order_by(r.c.id))
        with self.store.read() as conn:
            df = pd.DataFrame(conn.execute(q).mappings().all(),
                              columns=["application_id", "county", "brand_name", "unit_name", "certificate_no",
                                       "recognised_on", "status"])
        df.index = pd.RangeIndex(1, len(df) + 1, name="no")
        return df

    def result_document(self) -> ResultDocument:
        """The published recognition result (关于公布…认定结果的通知)."""
        df = self.recognised_list()
        if df.empty:
            raise InvalidState("本批次尚未认定授牌（或无品牌获认定）。", "No brand has been recognised in this session.")
        notice, n, title = self.notices.notice(), self.config.notice, self.config.title.zh
        rows = tuple(ListRow(no=int(no), application_id=int(x.application_id), county=x.county, brand_name=x.brand_name,
                             unit_name=x.unit_name, certificate_no=x.certificate_no) for no, x in df.iterrows())
        return ResultDocument(title=n.result_title or f"{title}认定结果公布", list_title=_list_title(n.result_title, title, "认定名单"),
                              issuer=n.issuer, date=df["recognised_on"].iloc[0], notice_start=notice.start,
                              notice_end=notice.end, rows=rows)

    def result_text(self, fmt: str = "html") -> str:
        """The published recognition result as html or md text."""
        from ..notice.render import render_result

        return render_result(self.result_document(), fmt)

    @writes   # a file on the server: a viewer changes nothing there either
    def write_result(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the published recognition result (html, md, docx, pdf by the extension or ``fmt``)."""
        from ..notice.render import write_result

        return write_result(self.result_document(), path, fmt)

    # == certificates (证书, 第二十二条) ===========================================================

    @writes
    def certificate(self, application_id: int, fmt: str = "html") -> str | bytes:
        """The certificate of a recognised brand: HTML (A4 landscape, print-ready) or PDF bytes (printed with
        headless Chromium; :class:`~panel_toolkit.errors.RendererUnavailable` without it)."""
        from ..notice.render import render_certificate

        self._require("city")
        if fmt not in ("html", "pdf"):
            raise InvalidState(f"证书格式须为 html 或 pdf，而非 {fmt}。", f"Certificate format must be html or pdf, not {fmt}.")
        row = self._awarded_entry(application_id, "证书", "certificate")
        cert = CertificateDocument(number=row["certificate_no"], unit_name=row["unit_name"], brand_name=row["brand_name"],
                                   county=row["county"], issuer=self.config.notice.issuer, recognised_on=row["recognised_on"])
        page = render_certificate(cert)
        out: str | bytes = page
        if fmt == "pdf":
            from ..notice.pdf import html_to_pdf

            out = html_to_pdf(page)
        with self.store.write() as conn:
            self._log(conn, "certificate.rendered", cert.number, application_id=int(application_id), format=fmt)
        return out


    # == other documents (第九条 announcement, 第二十二条 plaque) =====================================

    def announcement(self, on_date: dt.date | None = None):
        """第九条 评审公告: the call for applications, from the session file (title, reference date as the
        application deadline, the 第八条 conditions as the rubric sets them, the contact)."""
        from ..eligibility.conditions import conditions_table
        from ..notice.official import OfficialDocument

        self._require("city")
        c, n = self.config, self.config.notice
        conditions = conditions_table(self.rubric)
        body = [f"根据{MEASURES}第九条至第十四条规定，现开展{c.title.zh}工作，有关事项公告如下。",
                "一、申报条件（第八条）。" + "；".join(f"{i}. {r}" for i, r in
                                              enumerate(conditions.loc[[f"E{k}" for k in range(1, 7)], "rule_zh"], 1)) + "。",
                f"被移出劳务品牌目录的单位，{conditions.loc['E7', 'rule_zh']}（第二十条）。",
                f"二、申报程序（第十条、第十一条）。申报单位如实填写申报表，报所在县(市)区人社局初审；市直主管部门统筹建设的"
                f"劳务品牌由市直主管部门初审。申报截止日为{cn_date(c.reference_date)}，申报条件以该日为准。",
                "三、评审认定（第十二条至第十四条）。市人社局组织相关专家采取“资料评审+实地核查”方式评审，"
                f"拟认定名单在官方网站公示，公示期不少于{n.working_days}个工作日；公示无异议的，由市人社局公布并授牌。"]
        contact = Contact(unit=n.contact_unit or n.issuer, phone=n.contact_phone or "", address=n.contact_address or "",
                          email=n.contact_email or "")
        if contact.channels():
            body.append("四、联系方式。" + f"{contact.unit}，" + "，".join(f"{k}：{v}" for k, v in contact.channels()) + "。")
        title = c.title.zh if c.title.zh.startswith("关于") else f"关于开展{c.title.zh}工作的公告"
        return OfficialDocument(kind="announcement", title=title, issuer=n.issuer,
                                date=on_date or china_now().date(), paragraphs=tuple(body))

    def plaque(self, application_id: int):
        """The plaque's text (牌匾, 第二十二条) of a recognised brand; refused when its mark is suspended or removed."""
        from ..directory.documents import plaque_document

        self._require("city")
        return plaque_document(self._awarded_entry(application_id, "牌匾", "plaque"), self.config.notice.issuer)

    def _awarded_entry(self, application_id: int, what_zh: str, what_en: str) -> dict:
        """The directory entry this session awarded to ``application_id``, if its mark may still be used."""
        with self.store.read() as conn:
            row = conn.execute(sa.select(de).where(de.c.session_id == self.id,
                                                   de.c.application_id == int(application_id))).mappings().first()
        if row is None:
            raise NotFound(f"申报编号 {application_id} 在本批次中未获认定，没有{what_zh}。",
                           f"Application {application_id} was not recognised in this session; it has no {what_en}.")
        _require_usable_mark(row)
        return dict(row)


def _require_usable_mark(entry) -> None:
    """第十九、二十条: no certificate or plaque for a brand whose mark is suspended or withdrawn (收回标识使用权)."""
    status = entry["status"]
    if status in ("suspended", "removed"):
        zh = "已被暂停标识使用权（第十九条）" if status == "suspended" else "已被移出目录并收回标识使用权（第二十条）"
        en = "has its mark suspended (Art. 19)" if status == "suspended" else "was removed and its mark withdrawn (Art. 20)"
        raise MarkNotUsable(f"劳务品牌「{entry['brand_name']}」（证书编号 {entry['certificate_no']}）{zh}，不能制发证书或牌匾。",
                            f"The brand “{entry['brand_name']}” ({entry['certificate_no']}) {en}; no certificate or plaque "
                            "can be issued.")
