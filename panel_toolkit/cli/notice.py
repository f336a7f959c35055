"""Commands of the public notice (公示, 第十三条), objections (异议), recognition (认定授牌, 第十四条) and
certificates (第二十二条). Each is a few lines over the session facade."""
from __future__ import annotations

import click

from ..i18n import pick
from . import params
from .edge import show_frame, translate_errors
from .group import cli, lang_of, open_session
from .output import emit, say

_DATE = click.DateTime(["%Y-%m-%d"])
_COLUMNS_ZH = {
    "application_id": "申报编号", "county": "县(市)区", "brand_name": "劳务品牌名称", "unit_name": "建设单位",
    "objector_name": "异议人", "objector_contact": "联系方式", "received_at": "收到时间", "received_on": "收到日期",
    "late": "逾期", "content": "异议内容", "status": "状态", "investigation": "调查核实情况", "decision": "决定",
    "decision_reason": "决定理由", "decided_by": "决定人", "decided_at": "决定时间", "certificate_no": "证书编号",
    "recognised_on": "认定日期", "outcome": "结果", "reason": "理由",
}
_VALUES_ZH = {"late": {True: "是", False: "否"}, "status": {"active": "正常"},
              "outcome": {"recognised": "认定", "excluded": "未予认定"}}


def _display(df, lang: str):
    return pick(lang, _in_chinese, lambda df: df)(df)


def _in_chinese(df):
    out = df.copy()
    for col, mapping in _VALUES_ZH.items():
        if col in out:
            out[col] = out[col].map(lambda v, m=mapping: m.get(v, v))
    out.index.name = {"objection_id": "异议编号", "no": "序号", "notice_no": "公示序号"}.get(out.index.name, out.index.name)
    return out.rename(columns=_COLUMNS_ZH)


# -- the period and the notice -------------------------------------------------------------------

@cli.command()
@click.argument("session_id")
@click.option("--publish-date", type=_DATE, required=True, help="Day the notice is published (YYYY-MM-DD).")
@click.pass_context
@translate_errors
def period(ctx, session_id, publish_date):
    """The notice period (公示期, 第十三条) for a publication day, by the session's length and counting rule."""
    p = open_session(ctx, session_id).notice_period(publish_date.date())
    click.echo(p.message(lang_of(ctx)))


@cli.command()
@click.argument("session_id")
@click.option("--publish-date", type=_DATE, help="Publish the confirmed proposed list on this day (YYYY-MM-DD). "
              "Without it: show the notice already published.")
@click.option("--preview", is_flag=True, help="With --publish-date: render without recording anything.")
@click.option("--reason", type=params.TEXT, default="", help="Why the notice is published again (needed after a first notice).")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "docx"]), default=None,
              help="Format of the notice; default: from --out's suffix, else Markdown on the terminal.")
@click.option("--out", type=params.OutFile(".html", ".md", ".docx"), help="Write the notice to this file.")
@click.pass_context
@translate_errors
def notice(ctx, session_id, publish_date, preview, reason, fmt, out):
    """Publish the public notice (公示, 第十三条) of the confirmed proposed list and render it: title, the list
    (序号, 县(市)区, 劳务品牌名称, 建设单位), the period, how and to whom to object, issuer and date."""
    from ..notice import render

    s, lang = open_session(ctx, session_id), lang_of(ctx)
    if preview and publish_date is None:
        raise click.UsageError("--preview needs --publish-date")
    if fmt == "docx" and out is None:
        raise click.UsageError("--format docx needs --out")
    if publish_date is None:
        published = s.notice()
    elif preview:
        published = s.preview_notice(publish_date.date())
    else:
        published = s.publish_notice(publish_date.date(), reason=reason)
    click.echo(published.message(lang), err=out is None)
    doc = published.document
    if out is not None:
        render.write_notice(doc, out, fmt)
        say(ctx, "written", out=out)
    else:
        click.echo(render.render_notice(doc, fmt or "md"), nl=False)


# -- objections ------------------------------------------------------------------------------------

@cli.group()
def objection():
    """Objections (异议) to the notice: add, investigate, decide, list."""


@objection.command("add")
@click.argument("session_id")
@click.argument("application_id", type=params.ID)
@click.option("--by", "objector", type=params.SHORT_TEXT, required=True, help="Who objects (unit or person).")
@click.option("--content", type=params.TEXT, required=True, help="What the objection says.")
@click.option("--contact", type=params.SHORT_TEXT, default="", help="The objector's phone or address.")
@click.option("--received-at", type=click.DateTime(["%Y-%m-%d %H:%M", "%Y-%m-%d"]), default=None,
              help="When it arrived (China time); default: now.")
@click.pass_context
@translate_errors
def objection_add(ctx, session_id, application_id, objector, content, contact, received_at):
    """Register an objection against APPLICATION_ID on the notice; after the period it is marked late."""
    s = open_session(ctx, session_id)
    oid = s.register_objection(application_id, objector, content, contact, received_at)
    late = bool(s.objections_frame().loc[oid, "late"])
    say(ctx, "objection_registered_late" if late else "objection_registered", id=oid)


@objection.command("investigate")
@click.argument("session_id")
@click.argument("objection_id", type=params.ID)
@click.option("--note", type=params.TEXT, required=True, help="What the investigation (调查核实) found.")
@click.pass_context
@translate_errors
def objection_investigate(ctx, session_id, objection_id, note):
    open_session(ctx, session_id).investigate_objection(objection_id, note)
    say(ctx, "investigation_recorded")


@objection.command("decide")
@click.argument("session_id")
@click.argument("objection_id", type=params.ID)
@click.option("--upheld/--not-upheld", default=None, help="异议成立 / 异议不成立.")
@click.option("--reason", type=params.TEXT, required=True, help="Reason of the decision.")
@click.pass_context
@translate_errors
def objection_decide(ctx, session_id, objection_id, upheld, reason):
    if upheld is None:
        raise click.UsageError("give --upheld or --not-upheld")
    open_session(ctx, session_id).decide_objection(objection_id, upheld, reason)
    say(ctx, "objection_upheld" if upheld else "objection_not_upheld")


@objection.command("list")
@click.argument("session_id")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]), default="table")
@click.option("--out", type=params.OutFile(".csv", ".json", ".xlsx"))
@click.pass_context
@translate_errors
def objection_list(ctx, session_id, fmt, out):
    lang = lang_of(ctx)
    df = open_session(ctx, session_id).objections_frame(lang=lang)
    if fmt == "table":
        df = df.drop(columns=["objector_contact", "investigation", "decided_by", "decided_at", "received_on"])
        df["received_at"] = df["received_at"].dt.strftime("%Y-%m-%d %H:%M")
    emit(ctx, _display(df, lang), fmt, out)


# -- recognition and certificates ------------------------------------------------------------------

@cli.command()
@click.argument("session_id")
@click.option("--date", "on_date", type=_DATE, required=True, help="Day of the recognition decision (YYYY-MM-DD).")
@click.pass_context
@translate_errors
def recognise(ctx, session_id, on_date):
    """Record recognition (认定授牌, 第十四条) after the notice period: the brands without an upheld objection
    enter the directory with certificate numbers."""
    lang = lang_of(ctx)
    result = open_session(ctx, session_id).recognise(on_date.date())
    click.echo(result.message(lang))
    if len(result.recognised):
        click.echo(show_frame(_display(result.recognised, lang)))


@cli.command()
@click.argument("session_id")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx", "html", "md", "docx"]), default="table",
              help="table/csv/json/xlsx: the list; html/md/docx: the published result (认定结果公布).")
@click.option("--out", type=params.OutFile(".csv", ".json", ".xlsx", ".html", ".md", ".docx"))
@click.pass_context
@translate_errors
def recognised(ctx, session_id, fmt, out):
    """The brands recognised in SESSION, with certificate numbers (第十四条: 公布)."""
    s, lang = open_session(ctx, session_id), lang_of(ctx)
    if fmt in ("html", "md", "docx"):
        if out is not None:
            s.write_result(out, fmt)
            say(ctx, "written", out=out)
        elif fmt == "docx":
            raise click.UsageError("--format docx needs --out")
        else:
            click.echo(s.result_text(fmt), nl=False)
        return
    emit(ctx, _display(s.recognised_list(), lang), fmt, out)


@cli.command()
@click.argument("session_id")
@click.argument("application_id", type=params.ID)
@click.option("--out", type=params.OutFile(".html", ".pdf"), required=True, help="File to write.")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf"]), default=None, help="Default: from --out's suffix.")
@click.pass_context
@translate_errors
def certificate(ctx, session_id, application_id, out, fmt):
    """The certificate (证书, 第二十二条) of a recognised brand: HTML (A4 landscape) or PDF (needs Chromium)."""
    fmt = fmt or ("pdf" if out.suffix.lower() == ".pdf" else "html")
    from ..exports import write_bytes, write_text

    data = open_session(ctx, session_id).certificate(application_id, fmt)
    if isinstance(data, bytes):
        write_bytes(out, data, fmt)
    else:
        write_text(out, data, fmt)
    say(ctx, "written", out=out)

