"""Compact terminal views. Full details go to csv/json/xlsx; the terminal shows what fits."""
from __future__ import annotations

import pandas as pd

from ..eligibility.conditions import CONDITION_IDS
from ..i18n import pick, text
from .edge import show_frame

MARK = {"pass": "✓", "check": "?", "fail": "✗"}
#: (zh, en) tables: column headers and the words in cells.
HEAD = (
    {"unit_name": "建设单位", "brand_name": "劳务品牌", "county": "县(市)区", "status": "结论",
           "ich_relaxed": "非遗放宽", "screened_in": "通过初审", "id": "编号", "initial_decision": "初审",
           "review_decision": "复审", "initial_reason": "初审意见", "review_reason": "复审意见"},
    {"unit_name": "unit", "brand_name": "brand", "county": "county", "status": "result",
           "ich_relaxed": "ICH relaxed", "screened_in": "screened in", "id": "id", "initial_decision": "initial",
           "review_decision": "re-review", "initial_reason": "initial reason", "review_reason": "re-review reason"},
)
WORD = ({"pass": "通过", "check": "待核查", "fail": "不通过", True: "是", False: "", "passed": "通过",
               "rejected": "不通过"},
        {"pass": "pass", "check": "check", "fail": "fail", True: "yes", False: "", "passed": "passed",
               "rejected": "rejected"})


def eligibility_table(result, lang: str = "zh") -> str:
    """One line per application with ✓/?/✗ per condition, then the reasons of every ✗ and ?."""
    f, w, head = result.to_frame(), pick(lang, *WORD), pick(lang, *HEAD)
    colon = text("common.colon", lang)
    table = f[["unit_name", "brand_name", "county"]].copy()
    for cid in CONDITION_IDS:
        table[cid] = f[cid].astype("str").map(MARK)
    table["status"] = f["status"].astype("str").map(w)
    table["ich_relaxed"] = f["ich_relaxed"].map(w)
    if "screened_in" in f:
        table["screened_in"] = f["screened_in"].map(w)
    table = table.rename(columns=head).rename_axis(head["id"])
    long = result.long()
    notes = long[long["status"].astype("str") != "pass"]
    lines = [show_frame(table), ""]
    lines.append(text("cli.conditions_to_check", lang))
    for r in notes.itertuples(index=False):
        lines.append(f"  #{r.id} {r.condition} {r.article} {w[str(r.status)]}{colon}{r.detail}")
    warned = f[f["name_warning"].astype("str") != ""]
    if len(warned):
        lines += ["", text("cli.name_warnings", lang)]
        lines += [f"  #{i} {b}{colon}{m}" for i, b, m in zip(warned.index, warned["brand_name"], warned["name_warning"])]
    counts = f["status"].astype("str").value_counts()
    lines += ["", "  ".join(f"{w[k]} {int(counts.get(k, 0))}" for k in ("pass", "check", "fail"))]
    return "\n".join(lines)


def screening_table(df: pd.DataFrame, lang: str = "zh") -> str:
    w, head = pick(lang, *WORD), pick(lang, *HEAD)
    cols = ["unit_name", "brand_name", "county", "initial_decision", "initial_reason", "review_decision",
            "review_reason", "screened_in"]
    out = df[cols].copy()
    for col in ("initial_decision", "review_decision", "screened_in"):
        out[col] = out[col].map(w)
    out = out.fillna("").rename(columns=head).rename_axis(head["id"])
    return show_frame(out)


EVENT_HEAD = ({"id": "序号", "at": "时间", "actor": "操作人", "role": "角色", "action": "操作", "target": "对象",
                     "details": "详情"},
              {"id": "no.", "at": "time", "actor": "actor", "role": "role", "action": "action", "target": "target",
                     "details": "details"})
ROLE = ({"city": "市人社局", "county": "县(市)区", "expert": "专家"}, {})


def _details(value) -> str:
    """A details dict as ``key: value; …`` (long hashes shortened), never a Python dict."""
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    parts = []
    for k, v in value.items():
        text = ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v)
        parts.append(f"{k}: {text[:12] + '…' if k.endswith('sha256') and len(text) > 12 else text}")
    return "; ".join(parts)


def events_table(df: pd.DataFrame, lang: str) -> str:
    """The event log for a terminal: local times to the second without a zone, details flattened."""
    from ..exports import LOCAL_TZ

    if df.empty:
        return text("common.none", lang)
    at = pd.to_datetime(df["at"], utc=True).dt.tz_convert(LOCAL_TZ).dt.strftime("%Y-%m-%d %H:%M:%S")
    out = pd.DataFrame({"id": df["id"], "at": at, "actor": df["actor"],
                        "role": df["role"].map(lambda r: pick(lang, *ROLE).get(r, r)), "action": df["action"],
                        "target": df["target"].fillna(""), "details": df["details"].map(_details)})
    return show_frame(out.rename(columns=pick(lang, *EVENT_HEAD)), index=False)
