"""Applications (申报) of a session: the template, the import, the 第八条 eligibility check, the screening
decisions (初审/复审, 第十、十一条), their status; and the sessions of the workspace."""
from __future__ import annotations

import json
from pathlib import Path

import click

from . import params
from .edge import translate_errors
from .group import cli, lang_of, open_session, open_workspace
from .output import say


@cli.command()
@click.argument("file", type=params.OutFile(".xlsx"))
@click.option("--session", "session_id", help="Use this session's county list and years; default: built-in counties.")
@click.pass_context
@translate_errors
def template(ctx, file, session_id):
    """Write the Excel application template (申报表模板) FILE.xlsx."""
    from ..intake.template import write_template

    config = open_workspace(ctx).config(session_id) if session_id else _default_config()
    write_template(file, config)
    say(ctx, "template_written", file=file)


def _default_config():
    from ..package import bundled_path
    from ..config import load_session_config

    return load_session_config(bundled_path("sessions", "2024", "session.yaml"))


@cli.command("import")
@click.argument("session_id")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--update", is_flag=True, help="Replace applications whose content changed (old values stay in the event log).")
@click.pass_context
@translate_errors
def import_(ctx, session_id, file, update):
    """Import applications from FILE (.xlsx or .csv) into SESSION: all or nothing."""
    result = open_session(ctx, session_id).import_applications(file, update=update)
    click.echo(result.message(lang_of(ctx)))


@cli.command()
@click.argument("session_id")
@click.argument("application_id", type=params.ID)
@click.option("--pass", "decision", flag_value="passed", help="Passed (通过).")
@click.option("--reject", "decision", flag_value="rejected", help="Rejected (不通过); needs --reason.")
@click.option("--reason", default="", type=params.TEXT, help="Reason (初审意见).")
@click.option("--stage", type=click.Choice(["initial", "review"]), default="initial",
              help="initial: 初审 by the county or city department; review: the city's 复审 (市直 route).")
@click.option("--by", "decided_by", default=None, type=params.SHORT_TEXT, help="Deciding unit, e.g. the city department's name.")
@click.pass_context
@translate_errors
def screening(ctx, session_id, application_id, decision, reason, stage, decided_by):
    """Record an initial-screening (初审) or re-review (复审) decision (第十、十一条)."""
    if decision is None:
        raise click.UsageError("give --pass or --reject")
    open_session(ctx, session_id).record_screening(application_id, decision, reason, stage=stage, decided_by=decided_by)
    say(ctx, "recorded")


@cli.command()
@click.argument("session_id")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]), default="table",
              help="table: a compact terminal view; csv/json/xlsx: every condition with its details.")
@click.option("--out", type=params.OutFile(".csv", ".json", ".xlsx"), help="Write to this file (required for xlsx).")
@click.option("--long", "long_", is_flag=True, help="One row per application and condition.")
@click.pass_context
@translate_errors
def screen(ctx, session_id, fmt, out, long_):
    """Eligibility check of 第八条 (E1–E7) for every application of SESSION."""
    from ..exports import check_extension, write_frame
    from .views import eligibility_table

    if out is not None and fmt != "table":
        check_extension(out, fmt)
    lang = lang_of(ctx)
    result = open_session(ctx, session_id).eligibility(lang=lang)
    if fmt == "table":
        click.echo(eligibility_table(result, lang))
        return
    text = write_frame(result.long() if long_ else result.display_frame(lang), fmt, out)
    if text is not None:
        click.echo(text, nl=False)


@cli.command()
@click.argument("session_id")
@click.pass_context
@translate_errors
def status(ctx, session_id):
    """Applications of SESSION and their screening status (初审/复审); warns when a closed session's files
    were edited after its list was confirmed (it is still computed with the confirmed ones, SPEC §7)."""
    from ..facade.frozen import warning
    from .views import screening_table

    s = open_session(ctx, session_id)
    click.echo(screening_table(s.screening_frame(), lang_of(ctx)))
    for change in s.rules_changed_on_disk():
        click.echo(warning(change, lang_of(ctx)), err=True)


@cli.group()
def session():
    """Review sessions (评审批次) of the workspace."""


@session.command("list")
@click.pass_context
@translate_errors
def session_list(ctx):
    for sid in open_workspace(ctx).session_ids():
        click.echo(sid)


@session.command("show")
@click.argument("session_id")
@click.pass_context
@translate_errors
def session_show(ctx, session_id):
    """Validate and show SESSION's settings and rubric."""
    s = open_session(ctx, session_id)
    c, lang = s.config, lang_of(ctx)
    info = {"id": c.id, "title": c.title(lang), "reference_date": c.reference_date.isoformat(),
            "rubric": f"{c.rubric.id} {c.rubric.version}", "counties": list(c.screening_units),
            "training_years": list(c.training_years), "quota": c.quota,
            "conflicts": {"same_employer": c.conflict_same_employer, "same_county": c.conflict_same_county}}
    click.echo(json.dumps(info, ensure_ascii=False, indent=2))
