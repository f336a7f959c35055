"""What the notice (公示, 第十三条), the published result (第十四条) and a certificate (第二十二条) say.

Plain data, built by the facade and stored with the notice (``snapshot``), so a notice renders the
same text later as on the day it was published. :mod:`panel_toolkit.notice.render` turns them into
HTML, Markdown and .docx.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from .period import cn_date, cn_upper_date

#: The measures every document cites.
MEASURES = "《营口市劳务品牌认定管理办法（试行）》（营人社〔2023〕43号）"


@dataclass(frozen=True)
class ListRow:
    """One line of the list: 序号, 县(市)区, 劳务品牌名称, 建设单位 (and the certificate number once recognised)."""

    no: int
    application_id: int
    county: str
    brand_name: str
    unit_name: str
    certificate_no: str = ""


@dataclass(frozen=True)
class Contact:
    """Where objections go (第十三条 公示: how to object and to whom)."""

    unit: str
    phone: str = ""
    address: str = ""
    email: str = ""

    def channels(self) -> list[tuple[str, str]]:
        return [(label, value) for label, value in
                (("联系电话", self.phone), ("通讯地址", self.address), ("电子邮箱", self.email)) if value]


@dataclass(frozen=True)
class NoticeDocument:
    title: str
    list_title: str
    issuer: str
    publish_date: dt.date
    start: dt.date
    end: dt.date
    working_days: int
    contact: Contact
    rows: tuple[ListRow, ...] = field(default=())

    @property
    def measures(self) -> str:
        return MEASURES

    def dates(self) -> dict[str, str]:
        return {"publish": cn_date(self.publish_date), "start": cn_date(self.start), "end": cn_date(self.end)}

    def to_snapshot(self) -> dict:
        data = asdict(self)
        for key in ("publish_date", "start", "end"):
            data[key] = data[key].isoformat()
        return data

    @classmethod
    def from_snapshot(cls, data: dict) -> "NoticeDocument":
        d = dict(data)
        for key in ("publish_date", "start", "end"):
            d[key] = dt.date.fromisoformat(d[key])
        d["contact"] = Contact(**d["contact"])
        d["rows"] = tuple(ListRow(**r) for r in d["rows"])
        return cls(**d)


@dataclass(frozen=True)
class ResultDocument:
    """The published recognition result (第十四条: 由市级人社部门公布并授牌)."""

    title: str
    list_title: str
    issuer: str
    date: dt.date
    notice_start: dt.date
    notice_end: dt.date
    rows: tuple[ListRow, ...] = field(default=())

    @property
    def measures(self) -> str:
        return MEASURES

    def dates(self) -> dict[str, str]:
        return {"date": cn_date(self.date), "start": cn_date(self.notice_start), "end": cn_date(self.notice_end)}


@dataclass(frozen=True)
class CertificateDocument:
    """One certificate (证书, 第二十二条); the plaque (牌匾) carries the same number."""

    number: str
    unit_name: str
    brand_name: str
    county: str
    issuer: str
    recognised_on: dt.date

    @property
    def date_upper(self) -> str:
        return cn_upper_date(self.recognised_on)

    @property
    def measures(self) -> str:
        return MEASURES
