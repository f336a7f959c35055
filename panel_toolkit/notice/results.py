"""Result objects the facade returns for the notice and recognition: a message in Chinese or English,
a table, and ``_repr_html_`` for notebooks (a summary, never the full page with its print CSS)."""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

import pandas as pd

from .document import NoticeDocument
from .period import RULES, cn_date

LIST_COLUMNS_ZH = {"no": "序号", "county": "县(市)区", "brand_name": "劳务品牌名称", "unit_name": "建设单位",
                   "application_id": "申报编号", "certificate_no": "证书编号", "recognised_on": "认定日期",
                   "status": "状态", "outcome": "结果", "reason": "理由"}


def list_frame(rows, lang: str = "zh") -> pd.DataFrame:
    df = pd.DataFrame([r.__dict__ for r in rows],
                      columns=["no", "application_id", "county", "brand_name", "unit_name", "certificate_no"])
    df = df.drop(columns=["certificate_no"]) if not df["certificate_no"].astype(bool).any() else df
    df = df.set_index("no")
    return df if lang == "en" else df.rename(columns=LIST_COLUMNS_ZH).rename_axis("序号")


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
        rule_zh, rule_en = (text.format(n=d.working_days) for text in RULES[self.rule])
        if lang == "en":
            what = "Preview of the notice" if self.id is None else f"Notice {self.id}"
            return (f"{what}: {n} brand(s) proposed; published {d.publish_date}; period {d.start} to the end of "
                    f"{d.end} ({d.working_days} working days; {rule_en}).")
        what = "公示预览" if self.id is None else f"公示（第{self.id}号记录）"
        return (f"{what}：拟认定劳务品牌{n}个；{cn_date(d.publish_date)}发布；公示期{cn_date(d.start)}至{cn_date(d.end)}"
                f"（{d.working_days}个工作日；{rule_zh}）。")

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
        if lang == "en":
            text = f"Recognised on {self.on_date}: {n} brand(s) entered the directory with certificate numbers"
            return text + (f"; {m} excluded: " + "; ".join(
                f"application {r.application_id} ({r.reason})" for r in self.excluded.itertuples()) if m else ".")
        text = f"{cn_date(self.on_date)}认定：{n}个劳务品牌已纳入目录并编发证书编号"
        return text + (f"；{m}个未予认定：" + "；".join(
            f"申报编号{r.application_id}（{r.reason}）" for r in self.excluded.itertuples()) + "。" if m else "。")

    def _repr_html_(self) -> str:
        out = f"<p>{html.escape(self.message())}</p>" + self.recognised.to_html(escape=True)
        if len(self.excluded):
            out += "<p>未予认定：</p>" + self.excluded.to_html(escape=True)
        return out
