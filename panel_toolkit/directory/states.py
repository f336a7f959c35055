"""Statuses, events and grounds of the brand directory (劳务品牌目录, 第十五条–第二十条), as data.

A recognised brand is in exactly one :class:`Status`. It changes only through an :class:`EventKind`
recorded with a :class:`Ground` — the article (and item) of the measures that justifies it — and a
date. Ground codes are written as the measures cite them, ``第十七条(一)``, with ASCII parentheses.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from ..i18n import index, pair, pick


class Status(StrEnum):
    """A brand's status in the directory (SPEC §7)."""

    ACTIVE = "active"                 # 正常
    RECTIFICATION = "rectification"   # 责令整改 (第十七条, 1 month)
    INTERVIEW = "interview"           # 约谈整改 (第十八条, 3 months)
    SUSPENDED = "suspended"           # 暂停标识使用权 (第十九条, 1 year)
    REMOVED = "removed"               # 移出目录 (第二十条; 5-year ban)

    def label(self, lang: str = "zh") -> str:
        return STATUS_LABELS[self][index(lang)]


#: status → (zh, en) label (``status_*`` in ``i18n/directory.toml``).
STATUS_LABELS = {s: pair(f"directory.status_{s.value}") for s in Status}


class EventKind(StrEnum):
    """What happens to a brand. Each is a decision of the HR bureau or a fact it records."""

    RECTIFICATION_ORDER = "rectification_order"   # 第十七条: 责令一个月内整改
    RECTIFIED = "rectified"                       # rectified within the period (第十七条 / 第十八条)
    INTERVIEW = "interview"                       # 第十八条: 约谈负责人，责令三个月内整改
    SUSPEND = "suspend"                           # 第十九条: 暂停标识使用权一年
    EXTEND_SUSPENSION = "extend_suspension"       # 第十九条: 继续暂停标识使用权一年
    RESTORE = "restore"                           # 第十九条: 恢复标识使用权
    REMOVE = "remove"                             # 第二十条: 移出目录并收回标识使用权
    RE_REVIEWED = "re_reviewed"                   # 第十六条: 每两年复审 (passed; a failed one opens a 第二十条(六) case)
    SUSPENSION_CASE = "suspension_case"           # 第十九条: the county reports (上报) a suspension case to the city
    REMOVAL_CASE = "removal_case"                 # 第二十条: a removal case for the city (county 上报, 3rd suspension, failed re-review)
    CASE_DISMISSED = "case_dismissed"             # the city decides a reported case needs no decision ("认为确有必要的")
    REMOVAL_CORRECTED = "removal_corrected"       # a removal recorded in error is voided (a new event, never an edit)

    def label(self, lang: str = "zh") -> str:
        return EVENT_LABELS[self][index(lang)]


#: event → (zh, en) label (``event_*`` in ``i18n/directory.toml``).
EVENT_LABELS = {e: pair(f"directory.event_{e.value}") for e in EventKind}

#: Events that record a case or a check and leave the status and its period as they are.
CASE_EVENTS = frozenset({EventKind.RE_REVIEWED, EventKind.SUSPENSION_CASE, EventKind.REMOVAL_CASE,
                         EventKind.CASE_DISMISSED})

#: Who acts (第十六–二十条, SPEC §7): the county where the unit is (属地县级人社部门) orders rectification
#: (第十七条), holds interviews (第十八条), records rectification done and reports (上报) cases; the city
#: (市级人社部门) decides suspensions, restorations and removals, organises re-reviews (第十六条) and
#: corrects its own records. The city may act in a county's place (logged as such).
DECIDED_BY = {
    EventKind.RECTIFICATION_ORDER: "county", EventKind.RECTIFIED: "county", EventKind.INTERVIEW: "county",
    EventKind.SUSPENSION_CASE: "county", EventKind.REMOVAL_CASE: "county",
    EventKind.SUSPEND: "city", EventKind.EXTEND_SUSPENSION: "city", EventKind.RESTORE: "city",
    EventKind.REMOVE: "city", EventKind.RE_REVIEWED: "city", EventKind.CASE_DISMISSED: "city",
    EventKind.REMOVAL_CORRECTED: "city",
}
BODY_LABELS = {body: pair(f"directory.body_{body}") for body in ("county", "city")}

#: The first row of every history: the recognition itself (第十四条), read from the directory entry.
RECOGNISED_LABEL = pair("directory.recognised")


@dataclass(frozen=True)
class Ground:
    """An article (and item) of the measures that justifies an event."""

    code: str      # 第十七条(一)
    zh: str
    en: str

    @property
    def article(self) -> str:
        """第十七条(一) → 第十七条."""
        return self.code.split("(")[0]

    def label(self, lang: str = "zh") -> str:
        return f"{self.code} {pick(lang, self.zh, self.en)}"


GROUNDS: tuple[Ground, ...] = (
    # 第十六条: the biennial re-review and the annual report
    Ground("第十六条", "每两年复审", "biennial re-review"),
    # 第十七条: 由所在地县级人社部门责令一个月内予以整改
    Ground("第十七条", "第十七条所列情形已整改", "an Article 17 case rectified"),
    Ground("第十七条(一)", "未按规定按时提供相关信息", "required information (e.g. the annual report) not provided on time"),
    Ground("第十七条(二)", "劳务品牌标识使用不符合有关规定", "the brand mark used against the rules"),
    Ground("第十七条(三)", "培训信息、就业信息不完整，管理不规范", "training or employment records incomplete or badly kept"),
    Ground("第十七条(四)", "未按要求对劳务从业人员输出后进行服务和管理", "no follow-up service for placed workers"),
    # 第十八条: 约谈负责人，责令三个月内予以整改
    Ground("第十八条", "第十八条所列情形已整改", "an Article 18 case rectified"),
    Ground("第十八条(一)", "被责令整改，一个月内未整改或整改措施不力", "not rectified within the month, or ineffectively"),
    Ground("第十八条(二)", "财政补助资金未按有关规定使用", "public subsidies used against the rules"),
    Ground("第十八条(三)", "被相关部门列入经营异常名录", "put on the list of abnormal operations"),
    # 第十九条: 暂停标识使用权一年；届满前恢复或继续暂停一年
    Ground("第十九条", "约谈后三个月内未整改或整改措施不力；一年期届满前恢复或继续暂停",
           "not rectified within 3 months of the interview; at the year's end restore or suspend another year"),
    # 第二十条: 移出目录并收回标识使用权
    Ground("第二十条(一)", "破产清算、解散、注销、被吊销营业执照或两年以上不开展经营活动",
           "bankrupt, dissolved, deregistered, licence revoked, or inactive for two years or more"),
    Ground("第二十条(二)", "严重损害消费者权益、重大质量问题或安全事故、严重侵犯知识产权、严重扰乱市场秩序或其他严重违法行为",
           "serious harm to consumers, major quality or safety incident, serious IP infringement or other serious violation"),
    Ground("第二十条(三)", "被列入严重违法失信企业名单", "on the list of seriously dishonest enterprises"),
    Ground("第二十条(四)", "以欺骗或其他不正当手段通过认定", "recognised by deception or other improper means"),
    Ground("第二十条(五)", "被暂停标识使用权三次(含三次)以上", "mark suspended three times or more"),
    Ground("第二十条(六)", "已经不符合市级劳务品牌认定条件", "no longer meets the recognition conditions"),
)
BY_CODE = {g.code: g for g in GROUNDS}

_ITEM = {"1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六"}
_ARTICLE = {"16": "第十六条", "17": "第十七条", "18": "第十八条", "19": "第十九条", "20": "第二十条"}
_SHORT = re.compile(r"^(?:art\.?\s*|a)?(1[6-9]|20)(?:\s*[.(\-]\s*([1-6])\)?)?$", re.IGNORECASE)


def normalize_ground(raw: str | None) -> str:
    """A ground as typed → its canonical code, or "" when it is none of :data:`GROUNDS`.

    Accepts ``第十七条(一)``, full-width ``第十七条（一）``, and the short forms ``17(1)``, ``17.1``,
    ``17-1``, ``Art. 17(1)``; ``第十九条`` and ``19`` for articles without items."""
    if raw is None:
        return ""
    text = unicodedata.normalize("NFKC", str(raw)).replace(" ", "").strip()
    if text in BY_CODE:
        return text
    m = _SHORT.match(text)
    if m:
        code = _ARTICLE[m.group(1)] + (f"({_ITEM[m.group(2)]})" if m.group(2) else "")
        return code if code in BY_CODE else ""
    return ""


def ground_label(code: str, lang: str = "zh") -> str:
    g = BY_CODE.get(code)
    return g.label(lang) if g else code
