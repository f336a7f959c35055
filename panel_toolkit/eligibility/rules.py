"""Eligibility check (资格审查): the conditions of 第八条 (E1–E6) and the 第二十条 ban (E7), vectorised.

Each rule reads whole columns and returns, per application, a status code and a detail sentence
that gives the numbers behind the verdict. Codes: 0 pass, 1 check (needs a document check),
2 fail; an application's overall status is its worst code. Every threshold comes from the rubric.

Everything is column-wise (pandas nullable arrays, numpy, one merge for E7); no Python code runs per
row. 100,000 applications evaluate in about half a second on 2 cores (``benchmarks/bench_screen.py``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from ..config.rubric import Rubric
from ..i18n import labels, pick
from ..intake.fields import DECLARATIONS
from .conditions import CONDITION_IDS
from .naming import name_warnings
from .text import (CHECK, FAIL, NA_MARK, PASS, add_years, by_status, choice, clean, coded, flag, fmt, is_false, obj,
                   percent, rstrip_chars, tri, when)

STATUSES = ("pass", "check", "fail")
LANGS = ("zh", "en")

DECL_KEYS = tuple(k for k, _, _ in DECLARATIONS)
COUNT_COLS = ("trained_y1", "trained_y2", "in_trade_y1", "in_trade_y2", "exported_y1", "exported_y2", "agreements")
BOOL_COLS = ("is_ich", *DECL_KEYS, "training_ledger", "employment_ledger", "follow_up")
TEXT_COLS = ("unit_name", "credit_code", "unit_type", "brand_name", "trademark_no")
OPTIONAL_COLS = ("trademark_no",)
REQUIRED_COLS = (*TEXT_COLS, "founded_on", *BOOL_COLS, *COUNT_COLS)
REMOVAL_COLS = ("credit_code", "unit_name", "decided_on")


# ---------------------------------------------------------------- context

@dataclass(frozen=True)
class Context:
    apps: pd.DataFrame          # coerced columns, positional index
    removals: pd.DataFrame      # code, name, decided (datetime64[D]), ban_end
    rubric: Rubric
    reference: np.datetime64    # the session's reference date (申报截止日)
    lang: str

    @property
    def n(self) -> int:
        return len(self.apps)

    def col(self, key: str) -> pd.Series:
        return self.apps[key]


Verdict = tuple[np.ndarray, np.ndarray]   # (status codes int8, detail texts: object array of str)


def ich_relaxed(ctx: Context) -> np.ndarray:
    """第八条(三): 非物质文化遗产类企业可适当放宽标准. Unknown (NA) is treated as not intangible heritage."""
    return ctx.col("is_ich").fillna(False).to_numpy(dtype=bool)


# ---------------------------------------------------------------- E1 第八条(一) declarations
# Each rule's texts are ``e1_*`` … ``e7_*`` in ``i18n/eligibility.toml``.


def e1_declarations(ctx: Context) -> Verdict:
    t = labels("eligibility.e1", ctx.lang)
    each = np.column_stack([tri(ctx.col(k)) for k in DECL_KEYS]) if ctx.n else np.zeros((0, len(DECL_KEYS)), np.int8)
    codes = each.max(axis=1, initial=PASS).astype(np.int8)
    names = [t["quote"].format(pick(ctx.lang, zh, en)) + t["sep"] for _, zh, en in DECLARATIONS]

    def listed(idx: np.ndarray, code: int) -> np.ndarray:
        out = np.full(idx.size, "", dtype=object)
        for j, label in enumerate(names):
            out = out + when(each[idx, j] == code, label)
        return rstrip_chars(out, t["sep"])

    def on_fail(idx: np.ndarray) -> np.ndarray:
        missing = listed(idx, CHECK)
        also = when(missing != "", fmt(t["also"], missing=missing))
        return fmt(t["fail"], failed=listed(idx, FAIL)) + also

    return codes, by_status(codes, t["pass"].format(n=len(DECLARATIONS)),
                             lambda idx: fmt(t["check"], missing=listed(idx, CHECK)), on_fail)


# ---------------------------------------------------------------- E2 第八条(一) 运行2年(含)以上


def e2_operating_years(ctx: Context) -> Verdict:
    t, years = labels("eligibility.e2", ctx.lang), ctx.rubric.eligibility.operating_years_min
    founded = ctx.col("founded_on").to_numpy(dtype="datetime64[D]")
    due = add_years(founded, years)
    # 运行2年(含)以上: the day the period ends counts as reached
    codes = np.where(np.isnat(founded), CHECK, np.where(due <= ctx.reference, PASS, FAIL)).astype(np.int8)

    def sentence(key: str):
        return lambda idx: fmt(t[key], founded=coded(founded[idx]), due=coded(due[idx]), ref=ctx.reference, y=years)
    return codes, by_status(codes, sentence("pass"), t["check"], sentence("fail"))


# ---------------------------------------------------------------- E3 第八条(二) brand name or trademark


def e3_brand(ctx: Context) -> Verdict:
    t = labels("eligibility.e3", ctx.lang)
    brand, tm = clean(ctx.col("brand_name")), clean(ctx.col("trademark_no"))
    codes = np.where(brand != "", PASS, FAIL).astype(np.int8)

    def on_pass(idx: np.ndarray) -> np.ndarray:
        b, m = brand[idx], tm[idx]
        return np.where(m != "", obj(fmt(t["tm"], brand=b, tm=m)), obj(fmt(t["no_tm"], brand=b)))
    return codes, by_status(codes, on_pass, "", t["fail"])


# ---------------------------------------------------------------- E4 第八条(三) training

def ledger_words(lang: str) -> tuple[str, ...]:
    """A ledger declared complete, not declared, incomplete (``ledger_*``)."""
    return tuple(labels("eligibility.ledger", lang).values())


def e4_training(ctx: Context) -> Verdict:
    t = labels("eligibility.e4", ctx.lang)
    relaxed = ich_relaxed(ctx)
    normal, ich = ctx.rubric.eligibility.training, ctx.rubric.eligibility.training_ich_relaxed
    gt = np.where(relaxed, ich.total_trained_gt, normal.total_trained_gt)
    it = np.where(relaxed, ich.in_trade_gt, normal.in_trade_gt)
    ge = np.where(relaxed, ich.per_year_trained_ge, normal.per_year_trained_ge)
    y1, y2 = ctx.col("trained_y1").array, ctx.col("trained_y2").array
    total = y1 + y2
    trade = ctx.col("in_trade_y1").array + ctx.col("in_trade_y2").array
    # 1. 近两年总培训人员超过200人，培训后从事该行业人员超过100人  2. 每年培训人数不低于100人
    ok_total, ok_trade = total > gt, trade > it
    ok_year = (y1 >= ge) & (y2 >= ge)     # Kleene logic: a short year fails even when the other is unknown
    ledger = tri(ctx.col("training_ledger"))     # 3. 从业人员培训台账完整规范
    codes = np.maximum.reduce([tri(ok_total), tri(ok_trade), tri(ok_year), ledger])
    body = fmt(t["body"], total=coded(total), gt=coded(gt), f_total=flag(is_false(ok_total), t["miss"]),
                trade=coded(trade), it=coded(it), f_trade=flag(is_false(ok_trade), t["miss"]),
                y1=coded(y1), y2=coded(y2), ge=coded(ge), f_year=flag(is_false(ok_year), t["miss"]),
                ledger=choice(ledger, ledger_words(ctx.lang)), relaxed=flag(relaxed, t["relaxed"]))
    return codes, body


# ---------------------------------------------------------------- E5 第八条(四) employment and export


def e5_employment(ctx: Context) -> Verdict:
    t, e = labels("eligibility.e5", ctx.lang), ctx.rubric.eligibility
    agr = ctx.col("agreements").array
    ok_agr = agr >= e.agreements_min              # 与用工企业签订了长期稳定的输出合作协议
    per_year, texts = [], {}
    for y in ("1", "2"):
        exported, trained = ctx.col(f"exported_y{y}").array, ctx.col(f"trained_y{y}").array
        # 每年自用或输出…不低于培训人数的80%, in integers (exported × 100 ≥ percent × trained):
        # 799 of 1000 fails and 800 of 1000 passes, with no float rounding in between
        ok = exported * 100 >= e.export_ratio_min_percent * trained
        per_year.append(tri(ok))
        texts.update({f"e{y}": coded(exported), f"t{y}": coded(trained), f"p{y}": percent(exported, trained),
                      f"f{y}": flag(is_false(ok), t["miss"])})
    ledger = tri(ctx.col("employment_ledger"))  # 从业人员就业台账完整规范
    codes = np.maximum.reduce([tri(ok_agr), *per_year, ledger])
    detail = fmt(t["body"], agr=coded(agr), amin=e.agreements_min, f_agr=flag(is_false(ok_agr), t["miss_in"]),
                  pct=e.export_ratio_min_percent, ledger=choice(ledger, ledger_words(ctx.lang)),
                  **texts)
    return codes, detail


# ---------------------------------------------------------------- E6 第八条(五) follow-up services


def e6_follow_up(ctx: Context) -> Verdict:
    codes = tri(ctx.col("follow_up"))
    return codes, by_status(codes, *labels("eligibility.e6", ctx.lang).values())


# ---------------------------------------------------------------- E7 第二十条 five-year ban after removal


def _prepare_removals(removals: pd.DataFrame | None, years: int, reference: dt.date) -> pd.DataFrame:
    """Removals decided on or before ``reference`` (SPEC §7: a later decision never changes an earlier
    session) with a normalised code and name, the decision day and the ban's last day."""
    if removals is None or len(removals) == 0:
        out = pd.DataFrame({"code": pd.Series(dtype="str"), "name": pd.Series(dtype="str"),
                            "decided": pd.Series(dtype="datetime64[s]")})
    else:
        missing = [c for c in REMOVAL_COLS if c not in removals.columns]
        if missing:
            raise ValueError(f"removals lack column(s) {', '.join(missing)}; expected {', '.join(REMOVAL_COLS)}")
        out = pd.DataFrame({"code": removals["credit_code"].astype("str").str.strip().str.upper(),
                            "name": removals["unit_name"].astype("str").str.strip(),
                            "decided": pd.to_datetime(removals["decided_on"], errors="coerce")})
        out = out.dropna(subset=["decided"])
        out = out.loc[out["decided"] <= pd.Timestamp(reference)].reset_index(drop=True)
    decided = out["decided"].to_numpy(dtype="datetime64[D]")
    return out.assign(decided=decided, ban_end=add_years(decided, years))


def _scatter(n: int, pos: np.ndarray, values: np.ndarray, fill) -> np.ndarray:
    out = np.full(n, fill, dtype=values.dtype)
    out[pos] = values
    return out


def e7_not_banned(ctx: Context) -> Verdict:
    t, years = labels("eligibility.e7", ctx.lang), ctx.rubric.eligibility.ban_years_after_removal
    code, name = clean(ctx.col("credit_code"), upper=True), clean(ctx.col("unit_name"))
    rem = ctx.removals
    # Same credit code: the latest decision counts. 自决定作出之日起五年内不得再次申请: by 民法典第二百零一、
    # 二百零二条 the ban starts the day after the decision and its last day is decided + 5 years, still banned.
    latest = (rem.loc[rem["code"].fillna("") != ""].sort_values("decided").drop_duplicates("code", keep="last")
              .set_index("code")[["decided", "ban_end"]])
    own = pd.DataFrame({"code": code}).join(latest, on="code")
    decided, end = own["decided"].to_numpy(dtype="datetime64[D]"), own["ban_end"].to_numpy(dtype="datetime64[D]")
    removed = ~np.isnat(decided)
    banned = removed & (end >= ctx.reference)
    # Same unit name under another credit code, still inside its ban: maybe the same unit → document check.
    active = rem.loc[(rem["ban_end"] >= ctx.reference) & rem["name"].notna()]
    keys = pd.DataFrame({"pos": np.arange(ctx.n), "name": name, "code": code})
    pairs = keys.loc[name != ""].merge(active, on="name", suffixes=("", "_removed"))
    pairs = pairs.loc[pairs["code"].ne(pairs["code_removed"])]
    pairs = pairs.sort_values("decided").drop_duplicates("pos", keep="last")
    pos = pairs["pos"].to_numpy()
    same_name = _scatter(ctx.n, pos, np.ones(pos.size, dtype=bool), False)
    no_code = code == ""

    codes = np.where(banned, FAIL, np.where(same_name | no_code, CHECK, PASS)).astype(np.int8)
    nat = np.datetime64("NaT")
    other = _scatter(ctx.n, pos, pairs["code_removed"].fillna(NA_MARK).to_numpy(dtype=object), "")
    other_decided = _scatter(ctx.n, pos, pairs["decided"].to_numpy(dtype="datetime64[D]"), nat)
    other_end = _scatter(ctx.n, pos, pairs["ban_end"].to_numpy(dtype="datetime64[D]"), nat)

    def on_pass(idx: np.ndarray) -> np.ndarray:
        again = fmt(t["expired"], decided=coded(decided[idx]), end=coded(end[idx]), y=years)
        return np.where(removed[idx], obj(again), obj(t["clean"]))

    def on_check(idx: np.ndarray) -> np.ndarray:
        same = fmt(t["same_name"], name=name[idx], other=other[idx],
                    decided=coded(other_decided[idx]), end=coded(other_end[idx]))
        return np.where(same_name[idx], obj(same), obj(t["no_code"]))

    def on_fail(idx: np.ndarray) -> np.ndarray:
        return fmt(t["banned"], code=code[idx], decided=coded(decided[idx]), end=coded(end[idx]), y=years)

    return codes, by_status(codes, on_pass, on_check, on_fail)


RULES: dict[str, Callable[[Context], Verdict]] = dict(zip(CONDITION_IDS, (
    e1_declarations, e2_operating_years, e3_brand, e4_training, e5_employment, e6_follow_up, e7_not_banned,
), strict=True))


# ---------------------------------------------------------------- entry point

def _prepare(apps: pd.DataFrame) -> pd.DataFrame:
    """The columns the rules read, coerced to their dtypes, with a positional index."""
    missing = [c for c in REQUIRED_COLS if c not in apps.columns and c not in OPTIONAL_COLS]
    if missing:
        raise ValueError(f"applications lack column(s) {', '.join(missing)} (see panel_toolkit.intake.fields)")
    n = len(apps)
    col = lambda k: apps[k].reset_index(drop=True) if k in apps.columns else pd.Series([pd.NA] * n)  # noqa: E731
    data = {k: col(k).astype("str") for k in TEXT_COLS}
    data["founded_on"] = pd.to_datetime(col("founded_on"), errors="coerce")
    data.update({k: col(k).astype("boolean") for k in BOOL_COLS})
    data.update({k: pd.to_numeric(col(k), errors="coerce").astype("Int64") for k in COUNT_COLS})
    return pd.DataFrame(data, index=pd.RangeIndex(n))


def _day(value) -> np.datetime64:
    if isinstance(value, (dt.date, pd.Timestamp, np.datetime64, str)):
        return np.datetime64(pd.Timestamp(value).date(), "D")
    raise TypeError(f"reference_date must be a date, not {type(value).__name__}")


def _status(codes: np.ndarray) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=list(STATUSES), ordered=True)


def _to_str(values: np.ndarray) -> pd.api.extensions.ExtensionArray:
    return pd.array(values, dtype="str")


def evaluate(apps: pd.DataFrame, rubric: Rubric, reference_date: dt.date, removals: pd.DataFrame | None,
             lang: str = "zh") -> pd.DataFrame:
    """Check every application against E1–E7 as of ``reference_date``.

    Returns a frame with ``apps``' index and, per condition, a status column ``E1``… (ordered categorical
    pass < check < fail) and a ``E1_detail``… sentence in ``lang``; then ``status`` (the worst condition),
    ``ich_relaxed`` (the relaxed 非遗 training thresholds were applied) and ``name_warning`` (第三条; empty
    when the name fits, never a failure).
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    prepared = _prepare(apps)
    ctx = Context(prepared, _prepare_removals(removals, rubric.eligibility.ban_years_after_removal, reference_date),
                  rubric, _day(reference_date), lang)
    columns: dict[str, object] = {}
    worst = np.zeros(ctx.n, dtype=np.int8)
    for cid, rule in RULES.items():
        codes, detail = rule(ctx)
        columns[cid], columns[f"{cid}_detail"] = _status(codes), _to_str(detail)
        worst = np.maximum(worst, codes)
    columns["status"] = _status(worst)
    columns["ich_relaxed"] = ich_relaxed(ctx)
    columns["name_warning"] = name_warnings(prepared, rubric, lang).array
    return pd.DataFrame(columns, index=apps.index)
