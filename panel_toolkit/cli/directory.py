"""``panel-toolkit directory …``: the brand directory and its dynamic management (第十五条–第二十一条).
Each command is a few lines over :class:`panel_toolkit.facade.directory.Directory`."""
from __future__ import annotations

from pathlib import Path

import click

from ..i18n import text
from . import params
from .edge import show_frame, translate_errors
from .group import cli, lang_of, open_workspace
from .output import emit, say, show


def display(*args, **kwargs):  # deferred: pandas is imported when a command runs, not for --help
    from ..directory.report import display as _display

    return _display(*args, **kwargs)

_DATE = click.DateTime(["%Y-%m-%d"])


def open_directory(ctx):
    return open_workspace(ctx).directory(ctx.find_root().obj["actor"])


@cli.group()
def directory():
    """The brand directory (劳务品牌目录) and its dynamic management (第十五条–第二十一条)."""


@directory.command("list")
@click.option("--status", default=None, help="active|rectification|interview|suspended|removed (or 正常/责令整改/…).")
@click.pass_context
@translate_errors
def directory_list(ctx, status):
    """Every brand in the directory with its status, current period and next re-review."""
    lang = lang_of(ctx)
    df = open_directory(ctx).entries_frame(status, lang)
    cols = ["certificate_no", "unit_name", "brand_name", "county", "recognised_on", "status_label", "deadline",
            "suspensions", "next_re_review"]
    show(ctx, display(df[cols], lang))


@directory.command("show")
@click.argument("entry_id", type=params.ID)
@click.pass_context
@translate_errors
def directory_show(ctx, entry_id):
    """ENTRY_ID's history: the recognition, then every event with its ground, date and period."""
    lang = lang_of(ctx)
    d = open_directory(ctx)
    e = d.entry(entry_id)
    click.echo(f"{e['certificate_no']}  {e['brand_name']}  {e['unit_name']}（{e['county']}）")
    hist = d.history(entry_id, lang)
    cols = ["occurred_on", "event_label", "ground", "status_after_label", "deadline", "note", "actor"]
    table = display(hist[cols], lang)
    click.echo(show_frame(table.set_index(table.columns[0])))
    reports = d.annual_reports(entry_id)
    if len(reports):
        say(ctx, "annual_reports")
        yn = {True: text("cli.has", lang), False: text("cli.has_not", lang)}
        for r in reports.itertuples():
            flags = "、".join(f"{k}{yn.get(v, '—') if v is not None and v == v else '—'}" for k, v in
                             (("违法违纪", r.violations), ("重大投诉", r.major_complaints), ("重大事故", r.major_accidents)))
            replaced = f"（替换第 {int(r.replaces_id)} 号：{r.reason}）" if r.replaces_id == r.replaces_id and r.replaces_id else ""
            click.echo(f"  {r.year}  {r.received_on}  {r.brand_use} {r.development}  {flags}{replaced}")


@directory.command("register")
@click.option("--credit-code", required=True, help="统一社会信用代码")
@click.option("--unit", "unit_name", required=True, help="建设单位")
@click.option("--brand", "brand_name", required=True, help="劳务品牌名称")
@click.option("--county", required=True, help="县(市)区, or 市直")
@click.option("--recognised-on", type=_DATE, required=True, help="认定日期 YYYY-MM-DD")
@click.option("--certificate", "certificate_no", required=True, help="证书编号 (unique)")
@click.option("--industry", type=params.SHORT_TEXT, default="")
@click.option("--note", type=params.TEXT, default="")
@click.pass_context
@translate_errors
def directory_register(ctx, credit_code, unit_name, brand_name, county, recognised_on, certificate_no, industry, note):
    """Enter a brand recognised before the toolkit was used."""
    eid = open_directory(ctx).register_entry(credit_code, unit_name, brand_name, county, recognised_on.date(),
                                             certificate_no, industry, note)
    say(ctx, "registered", id=eid)


@directory.command("event")
@click.argument("entry_id", type=params.ID)
@click.argument("event")
@click.option("--ground", default=None, help="The article, e.g. 第十七条(一) or 17(1); may be left out when only one applies.")
@click.option("--date", "occurred_on", type=_DATE, required=True, help="Date of the decision or fact, YYYY-MM-DD.")
@click.option("--note", type=params.TEXT, default="", help="The decision's note; for removal_corrected and case_dismissed, the reason.")
@click.option("--override-reason", type=params.TEXT, default="", help="Why a step is taken before the previous period ended (logged).")
@click.pass_context
@translate_errors
def directory_event(ctx, entry_id, event, ground, occurred_on, note, override_reason):
    """Record EVENT for ENTRY_ID. County (--county): rectification_order, rectified, interview, suspension_case,
    removal_case (上报). City: suspend, extend_suspension, restore, remove, case_dismissed, re_reviewed,
    removal_corrected (or the Chinese words: 责令整改, 整改完成, 约谈整改, 上报暂停, 上报移出, 暂停, 继续暂停, 恢复,
    移出, 不予处理, 复审, 更正移出)."""
    lang = lang_of(ctx)
    outcome = open_directory(ctx).record_event(entry_id, event, ground, occurred_on.date(), note, override_reason)
    for rec in outcome.records:
        until = text("cli.until", lang, deadline=rec.deadline) if rec.deadline else ""
        say(ctx, "event_recorded", kind=rec.kind.label(lang), ground=rec.ground, on=rec.occurred_on, until=until,
            status=rec.status_after.label(lang))


@directory.command("report")
@click.argument("entry_id", type=params.ID)
@click.option("--year", type=params.Integer(1900, 2200), required=True)
@click.option("--received", "received_on", type=_DATE, required=True, help="Date received, YYYY-MM-DD.")
@click.option("--use", "brand_use", type=params.TEXT, default="", help="使用情况: how the brand and its mark were used.")
@click.option("--development", type=params.TEXT, default="", help="发展状况: training, placements, growth.")
@click.option("--violations/--no-violations", default=None, help="违法违纪行为 (第十六条).")
@click.option("--complaints/--no-complaints", "major_complaints", default=None, help="重大投诉事件.")
@click.option("--accidents/--no-accidents", "major_accidents", default=None, help="重大质量安全事故.")
@click.option("--reason", type=params.TEXT, default="", help="Why this report replaces one already recorded for the year.")
@click.option("--note", type=params.TEXT, default="")
@click.pass_context
@translate_errors
def directory_report(ctx, entry_id, year, received_on, brand_use, development, violations, major_complaints,
                     major_accidents, reason, note):
    """Record ENTRY_ID's annual report of YEAR (第十六条: due by 31 October; the county or the city)."""
    open_directory(ctx).record_annual_report(entry_id, year, received_on.date(), note, brand_use=brand_use,
                                             development=development, violations=violations,
                                             major_complaints=major_complaints, major_accidents=major_accidents,
                                             reason=reason)
    say(ctx, "recorded")


@directory.command("re-review")
@click.argument("entry_id", type=params.ID)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--date", "on_date", type=_DATE, required=True, help="Date of the re-review, YYYY-MM-DD.")
@click.option("--session", "session_id", required=True, help="The session whose template, checks and rubric to use.")
@click.pass_context
@translate_errors
def directory_re_review(ctx, entry_id, file, on_date, session_id):
    """第十六条 re-review of ENTRY_ID from FILE (the application template with the unit's current 第八条 figures):
    复审通过, or a 第二十条(六) removal case for the city."""
    result = open_directory(ctx).re_review(entry_id, file, on_date.date(), session_id)
    rec = result.outcome.records[-1]
    say(ctx, "re_review_recorded", kind=rec.kind.label(lang_of(ctx)), ground=rec.ground, note=rec.note)


@directory.command("deadlines")
@click.option("--as-of", type=_DATE, default=None, help="Default: today.")
@click.option("--within", "within_days", type=params.Integer(0, 36500), default=None, help="Only overdue and due within N days.")
@click.pass_context
@translate_errors
def directory_deadlines(ctx, as_of, within_days):
    """Open deadlines: rectification periods, suspension years, re-reviews, annual reports; overdue first."""
    lang = lang_of(ctx)
    df = open_directory(ctx).deadlines(as_of.date() if as_of else None, within_days, lang)
    cols = ["due", "days_left", "overdue", "certificate_no", "brand_name", "county", "status_label", "kind_label",
            "article", "subject"]
    show(ctx, display(df[cols], lang))


@directory.command("missing")
@click.argument("year", type=params.Integer(1900, 2200))
@click.option("--as-of", type=_DATE, default=None, help="Default: today.")
@click.pass_context
@translate_errors
def directory_missing(ctx, year, as_of):
    """Annual reports of YEAR not received by 31 October, each with a proposed 第十七条(一) case
    (record it with `directory event ENTRY_ID rectification_order --ground 17(1) --date …`)."""
    lang = lang_of(ctx)
    df = open_directory(ctx).missing_reports(year, as_of.date() if as_of else None, lang)
    cols = ["entry_id", "certificate_no", "brand_name", "county", "status_label", "received_on", "situation",
            "ground", "proposable", "reason"]
    show(ctx, display(df[cols], lang))


@directory.command("published")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]), default="table")
@click.option("--out", type=params.OutFile(".csv", ".json", ".xlsx"), help="Write to this file (required for xlsx).")
@click.pass_context
@translate_errors
def directory_published(ctx, fmt, out):
    """第二十一条: the list of suspended and removed brands, for the bureau's website."""
    lang = lang_of(ctx)
    df = display(open_directory(ctx).published_list(lang).drop(columns=["entry_id"]), lang, drop=("status",))
    df = df.set_index(df.columns[0])
    if fmt == "table" and out is None:
        show(ctx, df)
        return
    emit(ctx, df, fmt, out)

