"""The printable score sheet (评分表): one self-contained HTML page with print CSS for A4, to print and sign.

Everything a person typed (names, comments, reasons) goes through :func:`html.escape`. No scripts,
no external fonts or styles: it prints the same offline.
"""
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from ..config.rubric import Rubric
from ..i18n import labels, text
from .rules import part_max, totals
from .sheet import Sheet

CSS = """
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", SimSun, sans-serif;
       font-size: 10.5pt; color: #000; margin: 0 auto; max-width: 186mm; line-height: 1.45; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; }
.sub { text-align: center; margin: 0 0 4mm; }
.draft { text-align: center; color: #b00; font-weight: bold; border: 1px solid #b00; padding: 1mm; margin: 0 0 3mm; }
table { width: 100%; border-collapse: collapse; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 0.6pt solid #000; padding: 1.2mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
td.num, th.num { text-align: center; white-space: nowrap; width: 13mm; }
td.id, th.id { white-space: nowrap; width: 12mm; }
.meta td { border: none; padding: 0.5mm 1mm; }
.section td { background: #f5f5f5; font-weight: bold; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.bands { font-size: 9pt; color: #333; }
.total td { font-weight: bold; }
.sign { margin-top: 10mm; display: flex; justify-content: space-between; page-break-inside: avoid; }
.sign div { width: 48%; }
.line { display: inline-block; border-bottom: 0.8pt solid #000; min-width: 45mm; }
.foot { margin-top: 6mm; font-size: 8.5pt; color: #444; }
@media screen { body { padding: 10mm; } }
"""



def render_sheet(rubric: Rubric, sheet: Sheet, *, expert_name: str, application: Mapping, session_title: str,
                 lang: str = "zh", evidence: list[str] | None = None, printed_at: dt.datetime | None = None,
                 time_zone: str = "Asia/Shanghai") -> str:
    """The sheet as a complete HTML document (A4 print CSS): rubric, scores, comments, totals, vetoes,
    expert, date and a signature line. A draft is marked as such. Times in ``time_zone`` (the session's)."""
    T = labels("sheets.sheet", lang)
    e = html.escape
    part_name = T[sheet.part]
    subtotals, total = totals(rubric, sheet.part, sheet.entries)
    printed_at = printed_at or dt.datetime.now(dt.timezone.utc)
    head = [f"<h1>{e(T['title'].format(part=part_name))}</h1>", f"<p class='sub'>{e(session_title)}</p>"]
    if not sheet.locked:
        head.append(f"<p class='draft'>{e(T['draft'])}</p>")
    meta = [(T["unit"], application.get("unit_name", "")), (T["brand"], application.get("brand_name", "")),
            (T["county"], application.get("county", "")), (T["no"], sheet.application_id),
            (T["expert"], expert_name)]
    if sheet.locked:
        meta.append(("", T["status_submitted"].format(at=_stamp(sheet.submitted_at, time_zone))))
    if sheet.revision:
        meta.append(("", T["revision"].format(n=sheet.revision, reason=sheet.revision_reason or "")))
    head.append("<table class='meta'>" + "".join(
        f"<tr><td>{e(str(k))}{text('common.colon', lang) if k else ''}</td><td>{e(str(v))}</td></tr>"
        for k, v in meta) + "</table>")
    body = _material(rubric, sheet, subtotals, total, T, lang) if sheet.part == "material" else _site(rubric, sheet, total, T, lang)
    vetoes = _vetoes(rubric, sheet, T, lang)
    files = ""
    if evidence:
        files = f"<h2>{e(T['evidence'])}</h2><ol>" + "".join(f"<li>{e(f)}</li>" for f in evidence) + "</ol>"
    sign = (f"<div class='sign'><div>{e(T['sign'])}<span class='line'>&nbsp;</span></div>"
            f"<div>{e(T['date'])}<span class='line'>{T['ymd']}</span></div></div>")
    foot = (f"<p class='foot'>{e(T['printed'].format(at=_stamp(printed_at, time_zone), rubric=rubric.id, version=rubric.version, sheet=sheet.sheet_id or '—', v=sheet.version))}</p>")
    title = e(f"{T['title'].format(part=part_name)} - {application.get('unit_name', '')}")
    page_lang = text("sheets.html_lang", lang)
    return (f"<!DOCTYPE html><html lang='{page_lang}'><head><meta charset='utf-8'>"
            f"<title>{title}</title><style>{CSS}</style></head><body>"
            + "".join(head) + body + vetoes + files + sign + foot + "</body></html>")


def _material(rubric: Rubric, sheet: Sheet, subtotals, total, T, lang) -> str:
    e = html.escape
    rows = [f"<tr><th class='id'>{T['id']}</th><th>{T['content']}</th><th class='num'>{T['max']}</th><th>{T['rule']}</th>"
            f"<th class='num'>{T['score']}</th><th>{T['comment']}</th></tr>"]
    for sec in rubric.sections:
        rows.append(f"<tr class='section'><td colspan='4'>{e(sec.id)} {e(sec.label(lang))}（{_f(sec.max)}）</td>"
                    f"<td class='num'>{_f(subtotals.get(sec.id, 0))}</td><td>{T['subtotal']}</td></tr>")
        for c in sec.criteria:
            entry = sheet.entries.get(c.id)
            bands = "<br>".join(f"{_f(d.min)}–{_f(d.max)}：{e(d.text(lang))}" for d in c.descriptors)
            rows.append(f"<tr><td class='id'>{e(c.id)}</td><td><b>{e(c.label(lang))}</b><br><span class='bands'>"
                        f"{e(c.content(lang))}</span></td><td class='num'>{_f(c.max)}</td><td class='bands'>{bands}</td>"
                        f"<td class='num'>{_f(entry.score) if entry else ''}</td>"
                        f"<td>{e(entry.comment) if entry else ''}</td></tr>")
    rows.append(f"<tr class='total'><td colspan='4'>{T['total']}（{_f(part_max(rubric, 'material'))}）</td>"
                f"<td class='num'>{_f(total)}</td><td></td></tr>")
    return "<table>" + "".join(rows) + "</table>"


def _site(rubric: Rubric, sheet: Sheet, total, T, lang) -> str:
    e = html.escape
    verdicts = {v.id: v.label(lang) for v in rubric.verdicts}
    rows = [f"<tr><th class='id'>{T['id']}</th><th>{T['item']}</th><th>{T['method']}</th><th class='num'>{T['max']}</th>"
            f"<th class='num'>{T['verdict']}</th><th class='num'>{T['score']}</th><th>{T['note']}</th></tr>"]
    for it in rubric.site_items:
        entry = sheet.entries.get(it.id)
        rows.append(f"<tr><td class='id'>{e(it.id)}{'★' if it.starred else ''}</td><td>{e(it.label(lang))}</td>"
                    f"<td class='bands'>{e(it.method(lang))}</td><td class='num'>{_f(it.max)}</td>"
                    f"<td class='num'>{e(verdicts.get(entry.verdict, '')) if entry and entry.verdict else ''}</td>"
                    f"<td class='num'>{_f(entry.score) if entry else ''}</td><td>{e(entry.comment) if entry else ''}</td></tr>")
    rows.append(f"<tr class='total'><td colspan='5'>{T['total']}（{_f(part_max(rubric, 'site'))}）；{T['star']}</td>"
                f"<td class='num'>{_f(total)}</td><td></td></tr>")
    return "<table>" + "".join(rows) + "</table>"


def _vetoes(rubric: Rubric, sheet: Sheet, T, lang) -> str:
    e = html.escape
    labels = {v.id: (v.label(lang), v.reference) for v in rubric.vetoes}
    if not sheet.vetoes:
        return f"<h2>{T['vetoes']}</h2><p>{T['veto_none']}</p>"
    rows = "".join(f"<tr><td class='id'>{e(v.veto_id)}</td><td>{e(labels.get(v.veto_id, ('', ''))[0])} "
                   f"{e(labels.get(v.veto_id, ('', ''))[1])}</td><td>{e(v.reason)}</td></tr>" for v in sheet.vetoes)
    return (f"<h2>{T['vetoes']}</h2><table><tr><th class='id'>{T['id']}</th><th>{T['veto']}</th><th>{T['reason']}</th></tr>"
            f"{rows}</table>")


def _stamp(moment: dt.datetime | None, time_zone: str) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)   # the store keeps moments in UTC
    return moment.astimezone(ZoneInfo(time_zone)).strftime("%Y-%m-%d %H:%M")


def _f(x) -> str:
    return "" if x is None else f"{float(x):g}"
