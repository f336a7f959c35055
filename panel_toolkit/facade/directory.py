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
from ..directory import report
from ..directory.history import build_histories, record_of
from ..directory.states import Status
from ..errors import AccessDenied, DecidedElsewhere, IllegalTransition, InvalidState, NotFound
from ..store.tables.directory import directory_entries as de
from ..store.queries import directory as dq
from .context import delegate
from .directory_records import DirectoryRecords, event_kind
from .links import guarded

if TYPE_CHECKING:
    from ..folder import Folder as Workspace

class Directory:
    """The brand directory as seen by one actor."""

    _SERVICES = {"records": DirectoryRecords}

    def __init__(self, workspace: Workspace, actor: Actor | None = None, today=dt.date.today):
        self.workspace, self.actor = workspace, actor or Actor.city()
        self.store = guarded(workspace.store, self.actor)   # a viewer reads only
        self._today = today
        self.records = DirectoryRecords(self)

    register_entry = delegate("records")
    record_event = delegate("records")
    record_annual_report = delegate("records")

    def __repr__(self) -> str:
        return f"<Directory {self.workspace.root} as {self.actor.role}:{self.actor.name}>"

    # -- roles -------------------------------------------------------------------------------------------
    def _require(self, *roles: str) -> None:
        if self.actor.role not in roles:
            if self.actor.role == "county" and "city" in roles:   # name who may act (SPEC §7)
                raise DecidedElsewhere("此操作由市人社局决定（第四条、第十五条：市级人社部门负责目录管理）。",
                                       "This is decided by the city HR bureau (Articles 4, 15: the city manages the directory).")
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
    def _load(self):
        with self.store.read() as conn:
            entries = dq.entries(conn, self._scope())
            events = dq.events(conn, entries.index)
            reports = dq.reports(conn, entries.index)
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
            df = dq.entries(conn, self._scope(), entry_id)
        if df.empty:
            raise NotFound(f"目录中没有编号为 {entry_id} 的劳务品牌（或无权查看）。",
                           f"No directory entry {entry_id} (or not visible to you).")
        return {"entry_id": int(df.index[0]), **df.iloc[0].to_dict()}

    def history(self, entry_id: int, lang: str = "zh") -> pd.DataFrame:
        """The brand's dated history: the recognition (第十四条), then each event with its ground and period."""
        entry = self.entry(entry_id)
        with self.store.read() as conn:
            events = dq.events(conn, [entry_id])
        return report.history_table(entry, events, lang)

    def annual_reports(self, entry_id: int | None = None) -> pd.DataFrame:
        """Annual reports received (第十六条), every row recorded (a later row of a year corrects an earlier one)."""
        with self.store.read() as conn:
            ids = dq.entries(conn, self._scope()).index if entry_id is None else [self.entry(entry_id)["entry_id"]]
            return dq.reports(conn, ids)

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
    def event_document(self, entry_id: int, event_id: int | None = None):
        """The 责令整改通知书 / 约谈通知书 / 暂停、继续暂停、恢复、移出决定书 of one recorded event (its row id;
        default: the entry's latest event that has a document)."""
        from ..directory.documents import TITLES, event_document

        entry = self.entry(entry_id)
        with self.store.read() as conn:
            events = dq.events(conn, [entry_id])
        if event_id is not None:
            events = events[events["id"] == int(event_id)]
        events = events[events["event"].isin([k.value for k in TITLES])]
        if events.empty:
            raise NotFound(f"目录编号 {entry_id} 没有可出具文书的事件（责令整改、约谈、暂停、恢复、移出）。",
                           f"Entry {entry_id} has no event with a document (rectification order, interview, "
                           "suspension, restoration, removal).")
        return event_document(entry, record_of(events.iloc[-1]))

    def public_list_document(self, on_date: dt.date | None = None):
        """第二十一条: the published list of suspended and removed brands as an official document (city)."""
        from ..directory.documents import public_list_document

        self._require("city")
        return public_list_document(self.published_list(), on_date or self._today())

    def re_review(self, entry_id: int, path, on_date: dt.date, session_id: str):
        """第十六条 biennial re-review from the unit's updated 第八条 figures in the application template
        (``session_id`` gives the template's checks and the rubric): 复审通过 or a 第二十条(六) removal case.
        See :mod:`panel_toolkit.facade.re_review`."""
        from .re_review import re_review

        return re_review(self, entry_id, path, on_date, self.workspace.config(session_id))


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
