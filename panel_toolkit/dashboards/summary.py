"""What the city and county dashboards show, as plain pandas (no widgets, no plots).

Pure functions from the facade's frames to the dashboard's tables, unit-tested on small frames:

- :func:`candidate_status` — one row per application with a flag per stage of the funnel;
- :func:`funnel_counts` — per county, how many reached each stage (申报 → 认定);
- :func:`expert_progress` — sheets per expert (submitted / draft / not started) and who is late;
- :func:`submissions_timeline` — submitted sheets per county over time;
- :func:`filter_candidates` — the proposed list's filters (county, industry, outcome);
- :func:`section_scores`, :func:`expert_totals` — a candidate's drill-down.

The one function that talks to the facade is :func:`collect`, which reads everything a dashboard
needs in one go, as the viewer's session allows (a county session sees only its county).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import labels, pick, text

#: The stages of the funnel, in order (their labels: ``stage_*`` in ``i18n/dashboards.toml``).
STAGES = ("applications", "screened_in", "eligible", "scored", "proposed", "recognised")
#: The proposed list's outcome filter: key → the conclusions it keeps (labels: ``outcome_*``).
OUTCOMES = {"all": None, "pass": ("proposed",), "fail": ("not_proposed", "excluded"), "incomplete": ("incomplete",)}
#: Sheet states of an assignment, as the progress view counts them.
SHEET_STATES = ("submitted", "draft", "not_started")


def stage_labels(lang: str = "zh") -> dict[str, str]:
    return labels("dashboards.stage", lang)


def outcome_labels(lang: str = "zh") -> dict[str, str]:
    """The outcome filter's choices (keys of :data:`OUTCOMES`) in ``lang``."""
    return labels("dashboards.outcome", lang)


# -- the funnel ------------------------------------------------------------------------------------

def candidate_status(base: pd.DataFrame, industry: pd.Series | None = None, ranked: pd.DataFrame | None = None,
                     proposed: Iterable[int] | None = None, recognised: Iterable[int] = ()) -> pd.DataFrame:
    """One row per application (index = application id): county, unit_name, brand_name, industry and a
    boolean column per stage, plus the ranking's scores and conclusion where there is one.

    ``base``: one row per visible application with county, unit_name, brand_name, status (第八条:
    pass / check / fail), screened_in and optionally industry — the facade's eligibility frame, or
    the aggregation's candidates. ``industry`` overrides the column. ``ranked``: the aggregation's
    candidate frame (material, site, combined, rank, conclusion, reason). ``proposed``: the confirmed
    list's ids when the chair has confirmed it; else ``conclusion == "proposed"`` counts.
    ``recognised``: the ids recognised after the public notice.

    eligible = screened in and not failing 第八条 (the candidates the panel scores); scored = both parts
    complete (a combined score exists). Every later stage implies the earlier ones."""
    e = base
    out = pd.DataFrame(index=e.index.copy())
    for col in ("county", "unit_name", "brand_name"):
        out[col] = e[col].astype("str")
    if industry is None:
        industry = e["industry"] if "industry" in e else pd.Series(pd.NA, index=e.index)
    out["industry"] = industry.reindex(e.index).astype("str")
    out["applications"] = True
    out["screened_in"] = e["screened_in"].fillna(False).astype(bool)
    out["eligibility"] = e["status"].astype("str")
    out["eligible"] = out["screened_in"] & (e["status"] != "fail")
    cols = ("material", "site", "combined", "rank", "conclusion", "reason", "reason_en")
    r = ranked if ranked is not None else pd.DataFrame(index=pd.Index([], dtype="int64"))
    for col in cols:
        if col in r:
            out[col] = r[col].reindex(out.index)
        elif col in ("conclusion", "reason", "reason_en"):
            out[col] = pd.Series(pd.NA, index=out.index, dtype="str")
        elif col == "rank":
            out[col] = pd.Series(pd.NA, index=out.index, dtype="Int64")
        else:
            out[col] = np.nan
    out["scored"] = out["eligible"] & out["combined"].notna()
    if proposed is None:
        chosen = out["conclusion"].eq("proposed").fillna(False).astype(bool)
    else:
        chosen = pd.Series(out.index.isin(list(proposed)), index=out.index)
    out["proposed"] = out["scored"] & chosen
    out["recognised"] = out["proposed"] & out.index.isin(list(recognised))
    return out


def funnel_counts(status: pd.DataFrame, units: Sequence[str]) -> pd.DataFrame:
    """Per unit (rows, in ``units`` order, zeros included) the number of applications at each stage."""
    counts = status.groupby("county")[list(STAGES)].sum().reindex(list(units), fill_value=0)
    counts.index.name = "county"
    return counts.astype("int64")


# -- expert progress -------------------------------------------------------------------------------

def expert_progress(sheets: pd.DataFrame, *, due: dt.date | None = None, today: dt.date | None = None,
                    label: str = "expert_name") -> pd.DataFrame:
    """Per expert: assigned, submitted, draft, not_started sheets, the share done and whether they are late.

    ``sheets``: one row per active assignment with ``expert_id``, ``label`` and ``status``
    (submitted / draft / missing — the aggregation's sheet table). Late (逾期) = ``due`` has passed
    (``today`` > ``due``) and sheets are still not submitted; without ``due`` nobody is late.
    Sorted: late first, then by share done ascending (who needs a reminder comes first)."""
    cols = ["expert", "assigned", *SHEET_STATES, "done", "late"]
    if sheets.empty:
        return pd.DataFrame(columns=cols).astype({"assigned": "int64", "done": "float64", "late": "bool"})
    state = sheets["status"].replace({"missing": "not_started"})
    state = state.where(state.isin(SHEET_STATES), "draft")   # anything unusual still needs doing
    wide = pd.crosstab(sheets["expert_id"], state).reindex(columns=list(SHEET_STATES), fill_value=0)
    out = pd.DataFrame(index=wide.index)
    names = sheets.groupby("expert_id")[label].first() if label in sheets else pd.Series(dtype="str")
    out["expert"] = names.reindex(out.index).fillna("").astype("str")
    out.loc[out["expert"] == "", "expert"] = [f"专家{i}" for i in out.index[out["expert"] == ""]]
    out["assigned"] = wide.sum(axis=1).astype("int64")
    for s in SHEET_STATES:
        out[s] = wide[s].astype("int64")
    out["done"] = (out["submitted"] / out["assigned"]).astype(float)
    overdue = due is not None and (today or dt.date.today()) > due
    out["late"] = (out["submitted"] < out["assigned"]) & overdue
    out = out.sort_values(["late", "done", "expert"], ascending=[False, True, True], kind="stable")
    out.index.name = "expert_id"
    return out[cols]


def _overdue(due: dt.date | None, today: dt.date | None) -> bool:
    return due is not None and (today or dt.date.today()) > due


def pending_sheets(states: pd.DataFrame, *, due: dt.date | None = None, today: dt.date | None = None) -> pd.DataFrame:
    """What is still to come before the list can be confirmed: one row per active assignment whose sheet
    is not submitted — county, unit_name, brand_name, part, expert_name (only when ``states`` has it: the
    city's view; a county never gets the experts' identities), status (draft / not_started) and late
    (``due`` has passed). ``states``: :meth:`sheet_states`. Sorted by county, candidate, part."""
    names = "expert_name" in states
    cols = ["county", "unit_name", "brand_name", "part", *(["expert_name"] if names else []), "status", "late"]
    rest = states[states["state"] != "submitted"] if len(states) else states
    out = pd.DataFrame({c: rest[c].astype("str") for c in cols[:4 + names]}, index=rest.index)
    out["status"] = rest["state"].replace({"none": "not_started"}).astype("str") if len(rest) else pd.Series(dtype="str")
    out["late"] = pd.Series(_overdue(due, today), index=rest.index, dtype="bool")
    out = out.sort_values(["county", "unit_name", "part"], kind="stable")
    out.index.name = "assignment_id"
    return out[cols]


def county_progress(states: pd.DataFrame, units: Sequence[str], *, due: dt.date | None = None,
                    today: dt.date | None = None) -> pd.DataFrame:
    """Per county (in ``units``' order): sheets assigned, submitted, pending, the share done and whether the
    county is late (``due`` has passed with sheets still pending)."""
    grouped = (states.assign(submitted=states["state"] == "submitted").groupby("county")["submitted"]
               .agg(["size", "sum"]) if len(states) else pd.DataFrame(columns=["size", "sum"]))
    grouped = grouped.reindex(list(units), fill_value=0)
    out = pd.DataFrame({"assigned": grouped["size"].astype("int64"), "submitted": grouped["sum"].astype("int64")},
                       index=grouped.index)
    out["pending"] = out["assigned"] - out["submitted"]
    out["done"] = (out["submitted"] / out["assigned"].where(out["assigned"] > 0)).astype(float)
    out["late"] = (out["pending"] > 0) & _overdue(due, today)
    out.index.name = "county"
    return out


def anonymise(progress: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The same table without who the experts are (a county's view: SPEC, panel stays confidential)."""
    out = progress.reset_index(drop=True)
    out["expert"] = [text("dashboards.anonymous_expert", lang, n=i + 1) for i in range(len(out))]
    return out


def submissions_timeline(events: pd.DataFrame, county_of: Mapping[int, str] | pd.Series,
                         time_zone: str = "Asia/Shanghai") -> pd.DataFrame:
    """Cumulative submitted sheets per county at the end of each day with submissions — or of each hour
    when every submission so far falls on one day (a one-point "timeline" says nothing).

    ``events``: rows of the event log with ``at`` (timestamp) and ``application_id`` of each submitted
    sheet. Returns columns date, county, submitted (a county's count carries on across days)."""
    if events.empty:
        return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "county": pd.Series(dtype="str"),
                             "submitted": pd.Series(dtype="int64")})
    mapping = county_of if isinstance(county_of, pd.Series) else pd.Series(dict(county_of))
    local = pd.to_datetime(events["at"], utc=True).dt.tz_convert(time_zone).dt.tz_localize(None)
    one_day = local.dt.normalize().nunique() == 1
    df = pd.DataFrame({"date": local.dt.floor("h") if one_day else local.dt.normalize(),
                       "county": events["application_id"].astype("int64").map(mapping)}).dropna(subset=["county"])
    daily = df.groupby(["date", "county"]).size().unstack("county", fill_value=0).sort_index()
    cumulative = daily.cumsum().stack().rename("submitted").reset_index()
    cumulative["county"] = cumulative["county"].astype("str")
    cumulative["submitted"] = cumulative["submitted"].astype("int64")
    return cumulative


# -- the proposed list -----------------------------------------------------------------------------

def filter_candidates(status: pd.DataFrame, *, county: str | None = None, industry: str | None = None,
                      outcome: str = "all") -> pd.DataFrame:
    """The rows of the proposed list that a viewer's filters keep: eligible candidates only, ranked
    first by rank then by combined score. ``outcome``: a key of :data:`OUTCOMES`."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}")
    keep = status["eligible"].to_numpy(dtype=bool).copy()
    if county:
        keep &= (status["county"] == county).to_numpy()
    if industry:
        keep &= (status["industry"] == industry).to_numpy()
    conclusions = OUTCOMES[outcome]
    if conclusions is not None:
        keep &= status["conclusion"].isin(conclusions).fillna(False).to_numpy(dtype=bool)
    out = status[keep]
    order = out.assign(_r=out["rank"].astype("Float64").fillna(np.inf), _c=-out["combined"].fillna(-np.inf))
    return out.loc[order.sort_values(["_r", "_c"], kind="stable").index]


#: The proposed list's columns, in order (their headers: ``list_*`` in ``i18n/dashboards.toml``).
LIST_COLUMNS = ("rank", "county", "unit_name", "brand_name", "industry", "material", "site", "combined", "conclusion",
                "reason")


def list_view(rows: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The proposed list as people read it (and as the Excel download writes it): the application id as
    the first column, labelled columns, scores to two decimals, the conclusion in words, blanks (not
    "<NA>") where a candidate has no rank or score yet."""
    names, words = labels("dashboards.list", lang), labels("aggregation.conclusion", lang)
    out = rows[[c for c in LIST_COLUMNS if c in rows]].copy()
    reason = pick(lang, "reason", "reason_en")
    if reason in rows:
        out["reason"] = rows[reason]
    for col in ("material", "site", "combined"):
        out[col] = out[col].astype(float).round(2)
    out["rank"] = pd.array([str(int(r)) if pd.notna(r) else "" for r in out["rank"]], dtype="str")
    out["conclusion"] = out["conclusion"].map(lambda c: words.get(c, "")).astype("str")
    out["reason"] = out["reason"].fillna("").astype("str")
    out.insert(0, "id", out.index.to_numpy())
    out = out.rename(columns=names)
    return out.reset_index(drop=True)


# -- one candidate ---------------------------------------------------------------------------------

def section_scores(items: pd.DataFrame, sections: Mapping[str, str], labels: Mapping[str, str] | None = None,
                   mean: str = "平均") -> pd.DataFrame:
    """A candidate's material-review points per section (rows) and expert (columns), with the mean.

    ``items``: the candidate's usable material items (expert, item_id, score); ``sections`` maps a
    criterion id to its section id; ``labels`` a section id to its label. Experts are columns in
    their given order; the last column is the panel's plain mean per section."""
    if items.empty:
        return pd.DataFrame()
    df = items.assign(section=items["item_id"].map(sections)).dropna(subset=["section"])
    wide = df.pivot_table(index="section", columns="expert", values="score", aggfunc="sum", sort=False)
    order = [s for s in dict.fromkeys(sections.values()) if s in wide.index]
    wide = wide.reindex(order)
    wide[mean] = wide.mean(axis=1)
    wide.index = [(labels or {}).get(s, s) for s in wide.index]
    wide.columns.name = None
    return wide.round(2)


def expert_totals(sheets: pd.DataFrame, *, label: str = "expert", lang: str = "zh") -> pd.DataFrame:
    """A candidate's sheets, one row per expert and part: the sheet's state, its total and its deviation
    from the panel's part score (``sheets``: ``label``, part, status, total, deviation)."""
    head, parts, states = (labels(f"dashboards.{x}", lang) for x in ("totals", "part", "sheet"))
    out = pd.DataFrame({
        head["expert"]: sheets[label].astype("str").to_numpy(),
        head["part"]: sheets["part"].map(lambda p: parts.get(p, p)).astype("str").to_numpy(),
        head["sheet"]: sheets["status"].map(lambda x: states.get(x, x)).astype("str").to_numpy(),
        head["total"]: sheets["total"].astype(float).round(2).to_numpy(),
        head["deviation"]: (sheets["deviation"].astype(float).round(2).to_numpy() if "deviation" in sheets
                            else float("nan")),
    })
    order = sheets["part"].map({"material": 0, "site": 1}).fillna(2).to_numpy()
    return out.iloc[pd.Series(order).argsort(kind="stable").to_numpy()].reset_index(drop=True)


# -- the facade ------------------------------------------------------------------------------------

@dataclass
class DashboardData:
    """Everything a dashboard shows, read once from the viewer's session (see :func:`collect`)."""

    role: str
    scope: str | None
    units: tuple[str, ...]                 # the session's screening units: the palette's order
    visible_units: tuple[str, ...]         # what this viewer may see (one county, or all)
    status: pd.DataFrame                   # candidate_status()
    funnel: pd.DataFrame                   # funnel_counts()
    sheets: pd.DataFrame = field(default_factory=pd.DataFrame)    # one row per active assignment (city)
    items: pd.DataFrame = field(default_factory=pd.DataFrame)     # usable items with expert_name (city)
    flags: pd.DataFrame = field(default_factory=pd.DataFrame)     # flags for the chair, display form (city)
    states: pd.DataFrame = field(default_factory=pd.DataFrame)    # sheet_states(): city all, county its own, no experts
    confirmed: bool = False
    method: str = ""
    pass_mark: float | None = None
    notes: list[str] = field(default_factory=list)
    eligibility_loader: Callable[[], pd.DataFrame] | None = field(default=None, repr=False)
    _eligibility: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def eligibility(self) -> pd.DataFrame:
        """The eligibility frame with each condition's details, read on first use (the drill-down)."""
        if self._eligibility is None:
            self._eligibility = self.eligibility_loader() if self.eligibility_loader else pd.DataFrame()
        return self._eligibility


SUBMISSION_ACTIONS = ("sheet.submitted", "sheet.imported")


def collect(session, lang: str = "zh") -> DashboardData:
    """Read everything the dashboards show, as ``session``'s actor may see it.

    City: the aggregation's inputs are read once (:meth:`aggregation_inputs`) and the live proposed
    list, the per-expert sheets, the flags and the drill-down's items are computed from them. County:
    its own applications and eligibility and, once the chair has confirmed the proposed list, its
    county's rows of it (the facade gives a county nothing more: the panel's sheets stay
    confidential). Recognition comes from the published result. The eligibility details are read
    when the drill-down first needs them."""
    from ..errors import AccessDenied, InvalidState

    role, scope = session.actor.role, session.actor.scope
    units = tuple(session.config.screening_units)
    data = {"role": role, "scope": scope, "units": units, "pass_mark": float(session.rubric.scoring.pass_mark),
            "eligibility_loader": lambda: session.eligibility(lang=lang).to_frame()}
    ranked, proposed, notes = None, None, []
    try:
        confirmation = session.confirmation()
    except (InvalidState, AccessDenied):
        confirmation = None
    if confirmation is not None:
        confirmed = confirmation.to_frame().set_index("application_id")
        proposed = confirmed.index[confirmed["conclusion"] == "proposed"]
        data.update(confirmed=True, method=confirmation.method)
    if role == "city":
        from ..aggregation import pipeline as pl
        from ..aggregation.totals import criterion_scores

        inputs = session.aggregation_inputs(items=True)
        result = pl.aggregate(inputs, with_reliability=False)
        base = inputs.candidates.rename(columns={"eligibility": "status"})
        ranked = result.to_frame()
        sheets = result.per_expert()
        sheets["county"] = sheets["application_id"].map(base["county"]).astype("str")
        items = criterion_scores(inputs.items, sheets)
        items["expert_name"] = items["expert_id"].map(inputs.experts).astype("str")
        flag_rows = result.flags.to_frame()
        flags = result.flags.display_frame(lang, ranked["unit_name"])
        flags.insert(0, text("dashboards.header_county", lang),
                     flag_rows["application_id"].map(base["county"]).astype("str").to_numpy())
        data.update(sheets=sheets, items=items, flags=flags, method=data.get("method") or result.method)
    else:
        base = session.eligibility(lang=lang).to_frame()
        base["industry"] = session.applications_frame()["industry"].reindex(base.index)
        data["_eligibility"] = base
        if confirmation is not None:
            ranked = confirmed
        else:
            notes.append(text("dashboards.note_after_confirmation", lang))
    try:
        recognised = session.recognised_list()["application_id"].astype("int64").tolist()
    except (InvalidState, AccessDenied, AttributeError):
        recognised = []
    data["states"] = session.sheet_states()
    status = candidate_status(base, ranked=ranked, proposed=proposed, recognised=recognised)
    visible = units if role == "city" else tuple(u for u in units if u == scope)
    return DashboardData(status=status, funnel=funnel_counts(status, visible), visible_units=visible, notes=notes, **data)


def submitted_events(session) -> pd.DataFrame:
    """The event log's submitted (or imported paper) sheets: at, application_id (city only)."""
    ev = session.events_frame()
    ev = ev[ev["action"].isin(SUBMISSION_ACTIONS)]
    app = [d.get("application_id") if isinstance(d, dict) else None for d in ev["details"]]
    out = pd.DataFrame({"at": ev["at"].to_numpy(), "application_id": pd.array(app, dtype="Int64")}).dropna()
    return out.astype({"application_id": "int64"})
