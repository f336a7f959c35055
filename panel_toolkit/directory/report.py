"""Tables of the directory, as DataFrames: status, history, deadlines, missing annual reports, and the
published list of 第二十一条. Pure functions of the entries, the histories and the reports; no store.

Columns have English keys; :func:`display` renames them for people (Chinese by default) and writes dates
as ``YYYY-MM-DD``. Label columns (``status_label``, ``kind_label`` …) follow ``lang``.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ..errors import IllegalTransition
from ..i18n import index, labels, pair, text
from . import deadlines as d
from .history import as_date
from .machine import History, Request, apply
from .states import RECOGNISED_LABEL, EventKind, Status, ground_label

ENTRY_COLUMNS = ["certificate_no", "unit_name", "brand_name", "county"]

#: Open deadlines, by kind: the article, and the (zh, en) label (``deadline_*`` in ``i18n/directory.toml``).
DEADLINE_KINDS = {kind: (article, *pair(f"directory.deadline_{kind}")) for kind, article in (
    ("rectification", "第十七条"), ("interview", "第十八条"), ("suspension_end", "第十九条"), ("re_review", "第十六条"),
    ("annual_report", "第十六条"))}
_PERIOD_KIND = {Status.RECTIFICATION: "rectification", Status.INTERVIEW: "interview",
                Status.SUSPENDED: "suspension_end"}

def _words(lang: str) -> dict:
    """A boolean or a report's situation in words (yes/blank, not received, received late)."""
    return {True: text("common.yes", lang), False: "", "missing": text("directory.report_missing", lang),
            "late": text("directory.report_late", lang)}


def _dates(series) -> pd.Series:
    return pd.to_datetime(pd.Series(series, dtype=object), errors="coerce").astype("datetime64[s]")


# -- status ------------------------------------------------------------------------------------------

def status_table(entries: pd.DataFrame, histories: dict[int, History], lang: str = "zh") -> pd.DataFrame:
    """Every entry with its derived status, the end of its current period, suspensions and next re-review."""
    out = entries.copy()
    hs = [histories[int(i)] for i in out.index]
    out["status"] = pd.Series([h.status.value for h in hs], index=out.index, dtype="str")
    out["status_label"] = pd.Series([h.status.label(lang) for h in hs], index=out.index, dtype="str")
    # the end of the current period; a removed brand's ban end is in its history and the published list
    out["deadline"] = _dates([None if h.status is Status.REMOVED else h.deadline for h in hs]).to_numpy()
    out["suspensions"] = pd.Series([h.suspensions for h in hs], index=out.index, dtype="int64")
    out["next_re_review"] = _dates([None if h.status is Status.REMOVED else d.re_review_due(h.recognised_on, h.re_reviews)
                                    for h in hs]).to_numpy()
    out["recognised_on"] = _dates(out["recognised_on"]).to_numpy()
    return out


# -- history -----------------------------------------------------------------------------------------

def history_table(entry: dict, events: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One entry's history: the recognition (第十四条), then every event in the order recorded."""
    first = {"occurred_on": as_date(entry["recognised_on"]), "event": "recognised",
             "event_label": RECOGNISED_LABEL[index(lang)], "ground": "第十四条",
             "ground_label": text("directory.recognised_ground", lang),
             "status_after_label": Status.ACTIVE.label(lang), "deadline": None,
             "note": text("directory.recognised_note", lang, certificate=entry["certificate_no"]),
             "actor": entry.get("actor", ""), "recorded_at": entry.get("created_at")}
    rows = [first]
    for r in events.to_dict("records"):
        rows.append({"occurred_on": as_date(r["occurred_on"]), "event": r["event"],
                     "event_label": EventKind(r["event"]).label(lang), "ground": r["ground"],
                     "ground_label": ground_label(r["ground"], lang).split(" ", 1)[-1],
                     "status_after_label": Status(r["status_after"]).label(lang), "deadline": as_date(r["deadline"]),
                     "note": _note(r, lang), "actor": r["actor"], "recorded_at": r["recorded_at"]})
    out = pd.DataFrame(rows)
    out["occurred_on"] = _dates(out["occurred_on"]).to_numpy()
    out["deadline"] = _dates(out["deadline"]).to_numpy()
    return out.astype({c: "str" for c in ("event", "event_label", "ground", "ground_label", "status_after_label", "note")})


def _note(r: dict, lang: str) -> str:
    """The event's note, with the override reason (a step before its period ended) and the county the
    city acted for, so the history shows both."""
    parts = [r.get("note") or ""]
    if r.get("override_reason"):
        parts.append(text("directory.note_override", lang, reason=r["override_reason"]))
    if r.get("acting_for"):
        parts.append(text("directory.note_acting_for", lang, county=r["acting_for"]))
    return text("directory.note_sep", lang).join(p for p in parts if p)


# -- deadlines ---------------------------------------------------------------------------------------

def _received(reports: pd.DataFrame) -> dict[tuple[int, int], dt.date]:
    """(entry id, year) → received date of the latest row recorded (a corrected date replaces the old one)."""
    if reports is None or len(reports) == 0:
        return {}
    latest = reports.sort_values("id").drop_duplicates(["entry_id", "year"], keep="last")
    return {(int(e), int(y)): as_date(r) for e, y, r in zip(latest["entry_id"], latest["year"], latest["received_on"])}


def _last_report_year(as_of: dt.date) -> int:
    """The latest report year with a due date so far or next: this year's until 31 October, else next year's."""
    return as_of.year if as_of <= d.report_due(as_of.year) else as_of.year + 1


def deadline_table(entries: pd.DataFrame, histories: dict[int, History], reports: pd.DataFrame, as_of: dt.date,
                   lang: str = "zh") -> pd.DataFrame:
    """Every open deadline of every brand still in the directory, by due date.

    - the current period: 责令整改 1 month (第十七条), 约谈整改 3 months (第十八条), the suspension year
      (第十九条), ended by the event that leaves the status;
    - the next biennial re-review (第十六条);
    - every annual report (第十六条) not received, up to the next 31 October.
    ``overdue`` is ``due < as_of``; ``days_left`` is negative when overdue."""
    received = _received(reports)
    rows = []
    for eid, entry in entries.iterrows():
        h = histories[int(eid)]
        if h.status is Status.REMOVED:
            continue
        base = {"entry_id": int(eid), **{c: entry[c] for c in ENTRY_COLUMNS}, "status": h.status.value,
                "status_label": h.status.label(lang)}
        if h.status in _PERIOD_KIND and h.deadline is not None:
            started = next(r for r in reversed(h.records) if r.kind is not EventKind.RE_REVIEWED)
            rows.append({**base, "kind": _PERIOD_KIND[h.status], "due": h.deadline,
                         "subject": f"{started.occurred_on} {started.kind.label(lang)}（{started.ground}）"})
        n = h.re_reviews + 1
        rows.append({**base, "kind": "re_review", "subject": text("directory.re_review_no", lang, n=n),
                     "due": d.re_review_due(h.recognised_on, h.re_reviews)})
        for year in range(d.first_report_year(h.recognised_on), _last_report_year(as_of) + 1):
            if (int(eid), year) not in received:
                rows.append({**base, "kind": "annual_report", "due": d.report_due(year),
                             "subject": text("directory.annual_report_of", lang, year=year)})
    cols = ["entry_id", *ENTRY_COLUMNS, "status", "status_label", "kind", "kind_label", "article", "subject", "due",
            "days_left", "overdue"]
    if not rows:
        return _empty(cols, dates=("due",), ints=("entry_id", "days_left"), bools=("overdue",))
    out = pd.DataFrame(rows)
    out["article"] = out["kind"].map(lambda k: DEADLINE_KINDS[k][0])
    out["kind_label"] = out["kind"].map(labels("directory.deadline", lang))
    out["days_left"] = out["due"].map(lambda due: (due - as_of).days).astype("int64")
    out["overdue"] = out["due"].map(lambda due: d.is_overdue(due, as_of)).astype(bool)
    out["due"] = _dates(out["due"]).to_numpy()
    out = out.sort_values(["due", "entry_id", "kind"], kind="stable").reset_index(drop=True)
    return out[cols].astype({c: "str" for c in ("status", "status_label", "kind", "kind_label", "article", "subject")})


def _empty(cols, dates=(), ints=(), bools=()) -> pd.DataFrame:
    dtypes = {c: ("datetime64[s]" if c in dates else "int64" if c in ints else bool if c in bools else "str")
              for c in cols}
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})


# -- missing annual reports → 第十七条(一) cases ------------------------------------------------------

def report_case_note(year: int, lang: str = "zh") -> str:
    due = d.report_due(year)
    return text("directory.report_case_note", lang, year=year, due=due)


def missing_report_table(entries: pd.DataFrame, histories: dict[int, History], reports: pd.DataFrame, year: int,
                         as_of: dt.date, lang: str = "zh") -> pd.DataFrame:
    """Brands whose report of ``year`` was not received by 31 October (第十六条), as of ``as_of``, each with a
    proposed 第十七条(一) rectification order dated ``as_of`` and whether the machine allows it now.

    A brand owes the report from the year after recognition; one removed on or before the due date owes
    nothing. Nothing is listed before the due date has passed (``as_of`` after 31 October)."""
    due, received = d.report_due(year), _received(reports)
    rows = []
    for eid, entry in entries.iterrows():
        h = histories[int(eid)]
        if d.first_report_year(h.recognised_on) > year or not d.is_overdue(due, as_of):
            continue
        removal = next((r for r in h.records if r.kind is EventKind.REMOVE), None)
        if removal is not None and removal.occurred_on <= due:
            continue
        got = received.get((int(eid), year))
        if got is not None and got <= due:
            continue
        situation = "missing" if got is None or got > as_of else "late"
        ordered = next((r for r in h.records if r.kind is EventKind.RECTIFICATION_ORDER and r.ground == "第十七条(一)"
                        and r.occurred_on > due), None)
        if ordered is not None:
            proposable, reason = False, text("directory.already_ordered", lang, date=ordered.occurred_on)
        else:
            try:
                apply(h, Request(EventKind.RECTIFICATION_ORDER, as_of, "第十七条(一)"))
                proposable, reason = True, ""
            except IllegalTransition as e:
                proposable, reason = False, e.message(lang)
        rows.append({"entry_id": int(eid), **{c: entry[c] for c in ENTRY_COLUMNS}, "status": h.status.value,
                     "status_label": h.status.label(lang), "year": year, "due": due, "received_on": got,
                     "situation": _words(lang)[situation], "proposal": EventKind.RECTIFICATION_ORDER.value,
                     "ground": "第十七条(一)", "proposable": proposable, "reason": reason,
                     "note": report_case_note(year, lang)})
    cols = ["entry_id", *ENTRY_COLUMNS, "status", "status_label", "year", "due", "received_on", "situation",
            "proposal", "ground", "proposable", "reason", "note"]
    if not rows:
        return _empty(cols, dates=("due", "received_on"), ints=("entry_id", "year"), bools=("proposable",))
    out = pd.DataFrame(rows)
    out["due"] = _dates(out["due"]).to_numpy()
    out["received_on"] = _dates(out["received_on"]).to_numpy()
    return out[cols].astype({"proposable": bool, "year": "int64"})


# -- 第二十一条: the published list ----------------------------------------------------------------

def published_table(entries: pd.DataFrame, histories: dict[int, History], lang: str = "zh") -> pd.DataFrame:
    """第二十一条: units whose mark the city suspended or withdrew, for the bureau's website — every brand
    currently 暂停 or 移出, with the decision, its date and ground, and the date the period ends (the
    suspension's end, or the last day of a removed unit's ban, 第二十条)."""
    rows = []
    for eid, entry in entries.iterrows():
        h = histories[int(eid)]
        if h.status not in (Status.SUSPENDED, Status.REMOVED):
            continue
        wanted = EventKind.REMOVE if h.status is Status.REMOVED else EventKind.SUSPEND
        decision = next(r for r in reversed(h.records) if r.kind is wanted)
        rows.append({"entry_id": int(eid), **{c: entry[c] for c in ENTRY_COLUMNS}, "credit_code": entry["credit_code"],
                     "decision": wanted.label(lang), "decided_on": decision.occurred_on, "ground": decision.ground,
                     "ground_label": ground_label(decision.ground, lang).split(" ", 1)[-1], "until": h.deadline,
                     "status": h.status.value})
    cols = ["entry_id", *ENTRY_COLUMNS, "credit_code", "decision", "decided_on", "ground", "ground_label", "until",
            "status"]
    if not rows:
        return _empty(cols, dates=("decided_on", "until"), ints=("entry_id",))
    out = pd.DataFrame(rows)
    out["decided_on"] = _dates(out["decided_on"]).to_numpy()
    out["until"] = _dates(out["until"]).to_numpy()
    return out.sort_values(["decided_on", "entry_id"], ascending=[False, True]).reset_index(drop=True)[cols]


# -- for people -------------------------------------------------------------------------------------

def display(df: pd.DataFrame, lang: str = "zh", drop: tuple[str, ...] = ("status", "event", "kind")) -> pd.DataFrame:
    """``df`` for a person: code columns dropped, dates as ``YYYY-MM-DD`` (blank when none), booleans as
    是/blank, headers in ``lang``."""
    out = df.drop(columns=[c for c in drop if c in df.columns])
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s.dt.strftime("%Y-%m-%d").fillna("").astype("str")
        elif pd.api.types.is_bool_dtype(s):
            out[col] = s.map(_words(lang)).astype("str")
    heads = labels("directory.header", lang)
    out = out.rename(columns=heads)
    if out.index.name in heads:
        out.index.name = heads[out.index.name]
    return out
