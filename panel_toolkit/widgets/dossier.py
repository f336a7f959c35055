"""The candidate's dossier (申报概况): unit, brand, county, industry, the key numbers of 第八条(三)(四)
with ratios, the eligibility results with their reasons, and the 非遗 flag."""
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping

import ipywidgets as ipw
import pandas as pd

from ..eligibility.conditions import BY_ID, CONDITION_IDS
from .messages import text


def dossier_html(app: Mapping, elig: Mapping | None, years: tuple[int, int], lang: str = "zh") -> str:
    """The dossier as escaped HTML. ``app`` is the application row, ``elig`` its eligibility row."""
    e = html.escape
    t = lambda k, **kw: e(text(k, lang, **kw))  # noqa: E731

    def val(key):
        v = app.get(key)
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return t("none")
        if isinstance(v, bool):
            return t("yes" if v else "no")
        if isinstance(v, (dt.date, pd.Timestamp)):
            return e(v.strftime("%Y-%m-%d"))
        return e(str(v))

    ich = bool(app.get("is_ich"))
    facts = [("unit_name", val("unit_name")), ("brand_name", val("brand_name")), ("county", val("county")),
             ("industry", val("industry")), ("job_type", val("job_type")), ("unit_type", val("unit_type")),
             ("founded_on", val("founded_on")), ("trademark_no", val("trademark_no")),
             ("agreements", val("agreements")),
             ("is_ich", f"<span class='ich'>{t('ich_yes')}</span>" if ich else t("ich_no"))]
    out = [f"<h3>{t('dossier_title')}</h3><div class='facts'>"]
    out += [f"<div><span style='color:#57606a'>{t(k)}：</span>{v}</div>" for k, v in facts]
    out.append("</div>")

    def n(key):
        v = app.get(key)
        return None if v is None or pd.isna(v) else int(v)

    def ratio(a, b):
        return "—" if a is None or not b else f"{a / b:.1%}"

    y1, y2 = years
    rows = []
    tr = [n("trained_y1"), n("trained_y2")]
    it = [n("in_trade_y1"), n("in_trade_y2")]
    ex = [n("exported_y1"), n("exported_y2")]
    total = lambda xs: None if None in xs else sum(xs)  # noqa: E731
    cols = [tr + [total(tr)], it + [total(it)], ex + [total(ex)]]
    show = lambda v: "—" if v is None else str(v)  # noqa: E731
    rows.append(f"<tr><th></th><th>{t('year', year=y1)}</th><th>{t('year', year=y2)}</th><th>{t('total_2y')}</th></tr>")
    for key, values in zip(("trained", "in_trade", "exported"), cols):
        rows.append(f"<tr><th>{t(key)}</th>" + "".join(f"<td>{show(v)}</td>" for v in values) + "</tr>")
    rows.append(f"<tr><th>{t('in_trade_ratio')}</th>" + "".join(
        f"<td>{ratio(a, b)}</td>" for a, b in zip(cols[1], cols[0])) + "</tr>")
    rows.append(f"<tr><th>{t('export_ratio')}</th>" + "".join(
        f"<td>{ratio(a, b)}</td>" for a, b in zip(cols[2], cols[0])) + "</tr>")
    out.append(f"<b>{t('numbers')}</b><table class='numbers'>{''.join(rows)}</table>")
    ledgers = "　".join(f"{t(k)}：{val(k)}" for k in ("training_ledger", "employment_ledger", "follow_up"))
    out.append(f"<div>{t('ledgers')}：{ledgers}</div>")
    if elig is not None:
        status = str(elig.get("status", ""))
        flagged = [cid for cid in CONDITION_IDS if str(elig.get(cid, "")) not in ("pass", "")]
        summary = "、".join(f"{cid} {text('status_' + str(elig.get(cid)), lang)}" for cid in flagged)
        items = []
        for cid in CONDITION_IDS:
            st = str(elig.get(cid, ""))
            label = BY_ID[cid].label(lang)
            items.append(f"<tr><th>{e(cid)} {e(label)}<br><small>{e(BY_ID[cid].cite(lang))}</small></th>"
                         f"<td class='elig-{e(st)}'>{e(text('status_' + st, lang)) if st else ''}</td>"
                         f"<td>{e(str(elig.get(cid + '_detail', '') or ''))}</td></tr>")
        out.append(f"<details class='eligibility-details'{' open' if flagged else ''}><summary><b>{t('eligibility')}</b> "
                   f"<span class='elig-{e(status)}'>{t('eligibility_status', status=text('status_' + status, lang) if status else '')}"
                   f"</span>{'（' + e(summary) + '）' if summary else ''}</summary>"
                   f"<table class='eligibility'>{''.join(items)}</table></details>")
        warning = elig.get("name_warning")
        if isinstance(warning, str) and warning:
            out.append(f"<div class='hint'>{e(warning)}</div>")
    return "".join(out)


class Dossier(ipw.HTML):
    def __init__(self, app: Mapping, elig: Mapping | None, years: tuple[int, int], lang: str = "zh"):
        super().__init__(dossier_html(app, elig, years, lang), layout=ipw.Layout(width="100%"))
        self.add_class("dossier")
