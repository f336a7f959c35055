"""The texts of the documents dynamic management issues (第十七–二十二条), as
:class:`~panel_toolkit.notice.official.OfficialDocument` — pure: an entry, one event record, dates in.

Who signs follows SPEC §7: the county bureau (属地县级人社部门) the 责令整改通知书 (第十七条) and the 约谈通知书
(第十八条); the city bureau the 暂停/继续暂停/恢复/移出决定书 (第十九、二十条), the 第二十一条 public list and the
plaque (第二十二条). A county's name as issuer: ``营口市`` + district for a 区, the city's own name for a
county-level 市 (policy default; 市直 units are the city's).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ..notice.document import MEASURES
from ..notice.official import OfficialDocument
from ..notice.period import cn_date
from .machine import Record
from .states import EventKind, ground_label

CITY_BUREAU = "营口市人力资源和社会保障局"

#: The event kinds that have a document, and its title.
TITLES = {
    EventKind.RECTIFICATION_ORDER: "责令整改通知书",
    EventKind.INTERVIEW: "约谈通知书",
    EventKind.SUSPEND: "暂停市级劳务品牌标识使用权决定书",
    EventKind.EXTEND_SUSPENSION: "继续暂停市级劳务品牌标识使用权决定书",
    EventKind.RESTORE: "恢复市级劳务品牌标识使用权决定书",
    EventKind.REMOVE: "移出市级劳务品牌目录决定书",
}


def county_bureau(county: str) -> str:
    """The county-level HR bureau's name (policy default; the 市直 route is the city's)."""
    if county in ("市直", ""):
        return CITY_BUREAU
    return f"{'营口市' if county.endswith('区') else ''}{county}人力资源和社会保障局"


def _what(ground: str) -> str:
    return ground_label(ground).split(" ", 1)[-1]


def event_document(entry: dict, record: Record, city_bureau: str = CITY_BUREAU) -> OfficialDocument:
    """The notice or decision of ``record`` for the brand ``entry`` (unit_name, brand_name, certificate_no, county)."""
    kind = record.kind
    if kind not in TITLES:
        raise ValueError(f"{kind.value} has no document")
    brand = f"市级劳务品牌「{entry['brand_name']}」（证书编号 {entry['certificate_no']}）"
    on, until = cn_date(record.occurred_on), cn_date(record.deadline) if record.deadline else ""
    why = f"{record.ground}（{_what(record.ground)}）"
    note = [f"具体情况：{record.note}"] if record.note else []
    county = county_bureau(entry["county"])
    if kind is EventKind.RECTIFICATION_ORDER:
        issuer = county
        body = [f"经查，你单位建设的{brand}存在{why}所列情形。",
                f"根据{MEASURES}第十七条规定，现责令你单位自{on}起一个月内（至{until}）予以整改，并将整改情况书面报送我局。",
                *note,
                "逾期未整改或整改措施不力的，我局将依照第十八条约谈你单位负责人，责令三个月内予以整改。"]
    elif kind is EventKind.INTERVIEW:
        issuer = county
        body = [f"你单位建设的{brand}存在{why}所列情形。",
                f"根据{MEASURES}第十八条规定，我局于{on}约谈你单位负责人，责令你单位三个月内（至{until}）予以整改，"
                "并将整改情况书面报送我局。",
                *note,
                "三个月内未整改或整改措施不力的，我局将依照第十九条报市级人社部门暂停你单位市级劳务品牌标识使用权一年。"]
    elif kind in (EventKind.SUSPEND, EventKind.EXTEND_SUSPENSION):
        issuer = city_bureau
        again = "继续" if kind is EventKind.EXTEND_SUSPENSION else ""
        body = [f"你单位建设的{brand}经约谈后未按期整改或整改措施不力。",
                f"根据{MEASURES}第十九条规定，经属地县级人社部门上报，我局决定{again}暂停你单位市级劳务品牌标识使用权一年，"
                f"至{until}止。暂停期间不得使用市级劳务品牌标识，不得以市级劳务品牌名义开展宣传。",
                *note,
                "一年期届满前，我局将根据整改情况作出恢复标识使用权或者继续暂停标识使用权一年的决定。"
                "本决定将在我局官方网站公布（第二十一条）。"]
    elif kind is EventKind.RESTORE:
        issuer = city_bureau
        body = [f"你单位建设的{brand}暂停标识使用权期间已完成整改。",
                f"根据{MEASURES}第十九条规定，我局决定自{on}起恢复你单位市级劳务品牌标识使用权。", *note]
    else:
        issuer = city_bureau
        body = [f"你单位建设的{brand}存在{why}所列情形。",
                f"根据{MEASURES}第二十条规定，经属地县级人社部门上报，我局决定将该劳务品牌移出营口市市级劳务品牌目录，"
                "收回市级劳务品牌标识使用权，并收回证书和牌匾（第二十二条）。",
                *note,
                f"自本决定作出之日起五年内（至{until}），你单位不得再次申请市级劳务品牌认定。本决定将在我局官方网站公布（第二十一条）。"]
    return OfficialDocument(kind=kind.value, title=TITLES[kind], issuer=issuer, date=record.occurred_on,
                            paragraphs=tuple(body), addressee=entry["unit_name"])


def public_list_document(published: pd.DataFrame, on: dt.date, issuer: str = CITY_BUREAU) -> OfficialDocument:
    """第二十一条: the units whose mark the city suspended or withdrew, as published on the bureau's website."""
    rows = tuple((str(i), r.certificate_no, r.unit_name, r.brand_name, r.county, r.decision,
                  r.decided_on.strftime("%Y-%m-%d"), r.ground, r.until.strftime("%Y-%m-%d") if pd.notna(r.until) else "")
                 for i, r in enumerate(published.itertuples(), start=1))
    body = (f"根据{MEASURES}第二十一条规定，现将市级劳务品牌标识使用权被暂停或收回的劳务品牌建设单位公布如下"
            f"（截至{cn_date(on)}，共{len(rows)}个）。",)
    return OfficialDocument(kind="public_list", title="营口市市级劳务品牌标识使用权暂停和收回情况公布", issuer=issuer,
                            date=on, paragraphs=body, table_title="暂停和收回标识使用权的劳务品牌",
                            columns=("序号", "证书编号", "建设单位", "劳务品牌", "县(市)区", "决定", "决定日期", "依据", "期限至"),
                            rows=rows)


def plaque_document(entry: dict, issuer: str = CITY_BUREAU) -> OfficialDocument:
    """The plaque's text (牌匾, 第二十二条: 市级人社部门统一制作和颁发), beside the certificate."""
    year = pd.Timestamp(entry["recognised_on"]).year
    return OfficialDocument(kind="plaque", title="营口市市级劳务品牌", issuer=issuer,
                            date=pd.Timestamp(entry["recognised_on"]).date(), number=f"编号：{entry['certificate_no']}",
                            paragraphs=(entry["brand_name"], entry["unit_name"], f"{year}年度认定"))
