"""Result objects the facade returns for the notice and recognition: a message in Chinese or English,
a table, and ``_repr_html_`` for notebooks (a summary, never the full page with its print CSS)."""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

import pandas as pd

from ..i18n import index, labels, pick, text
from .document import NoticeDocument
from .period import RULES, cn_date


def list_frame(rows, lang: str = "zh") -> pd.DataFrame:
    df = pd.DataFrame([r.__dict__ for r in rows],
                      columns=["no", "application_id", "county", "brand_name", "unit_name", "certificate_no"])
    df = df.drop(columns=["certificate_no"]) if not df["certificate_no"].astype(bool).any() else df
    df = df.set_index("no")
    heads = labels("notice.list", lang)            # English keeps the column names
    return df.rename(columns=heads).rename_axis(heads["no"])


@dataclass(frozen=True)
class PublishedNotice:
    """A notice as recorded (公示, 第十三条): the period and the list as published."""

    id: int | None                 # None for a preview that was not recorded
    document: NoticeDocument
    rule: str
    list_sha256: str
    calendar_sources: tuple[dict, ...] = field(default=())
    reason: str = ""

    @property
    def publish_date(self) -> dt.date:
        return self.document.publish_date

    @property
    def start(self) -> dt.date:
        return self.document.start

    @property
    def end(self) -> dt.date:
        return self.document.end

    @property
    def working_days(self) -> int:
        return self.document.working_days

    def frame(self, lang: str = "zh") -> pd.DataFrame:
        return list_frame(self.document.rows, lang)

    def message(self, lang: str = "zh") -> str:
        d, n = self.document, len(self.document.rows)
        day = lambda x: pick(lang, cn_date(x), str(x))  # noqa: E731 - 2026年5月1日 / 2026-05-01
        what = text("notice.preview", lang) if self.id is None else text("notice.notice_no", lang, id=self.id)
        return text("notice.published", lang, what=what, n=n, published=day(d.publish_date), start=day(d.start),
                    end=day(d.end), days=d.working_days, rule=RULES[self.rule][index(lang)].format(n=d.working_days))

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(self.document.title)}</b></p><p>{html.escape(self.message())}</p>" + \
            self.frame().to_html(escape=True)


@dataclass(frozen=True)
class RecognitionResult:
    """认定授牌 (第十四条): who was recognised (with certificate numbers) and who was excluded, and why."""

    on_date: dt.date
    recognised: pd.DataFrame
    excluded: pd.DataFrame

    def message(self, lang: str = "zh") -> str:
        n, m = len(self.recognised), len(self.excluded)
        head = text("notice.recognised", lang, date=pick(lang, cn_date(self.on_date), str(self.on_date)), n=n)
        if not m:
            return head + text("notice.full_stop", lang)
        items = text("notice.item_sep", lang).join(text("notice.excluded_item", lang, id=r.application_id, reason=r.reason)
                                                   for r in self.excluded.itertuples())
        return head + text("notice.excluded", lang, m=m, items=items)

    def _repr_html_(self) -> str:
        out = f"<p>{html.escape(self.message())}</p>" + self.recognised.to_html(escape=True)
        if len(self.excluded):
            out += "<p>未予认定：</p>" + self.excluded.to_html(escape=True)
        return out
