"""``panel-toolkit``: the command line. Each command is a few lines over the session facade."""
from __future__ import annotations

import json
import os
from pathlib import Path

import click

from ..actor import Actor
from . import params
from .edge import EdgeGroup, translate_errors


@click.group(cls=EdgeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-w", "--workspace", type=click.Path(file_okay=False, path_type=Path),
              default=lambda: os.environ.get("PANEL_TOOLKIT_WORKSPACE", "."), show_default="$PANEL_TOOLKIT_WORKSPACE or .",
              help="Workspace folder (sessions/, rubrics/, panel.db).")
@click.option("--db", default=lambda: os.environ.get("PANEL_TOOLKIT_DB"), help="Store URL; default: <workspace>/panel.db.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=lambda: os.environ.get("PANEL_TOOLKIT_LANG", "zh"),
              help="Language of messages and tables.")
@click.option("--actor", default=lambda: os.environ.get("PANEL_TOOLKIT_ACTOR", "市人社局"), help="Who is acting (event log).")
@click.option("--county", default=None, help="Act as this county's HR bureau (sees and changes its county only).")
@click.version_option(package_name="panel_toolkit")
@click.pass_context
def cli(ctx, workspace, db, lang, actor, county):
    """营口市劳务品牌认定 专家评审工具 / Yingkou labour-service brand review toolkit."""
    from .. import validation

    ctx.obj = {"workspace": workspace, "db": db, "lang": lang,
               "actor": Actor.county(county, actor if actor != "市人社局" else None) if county else Actor.city(actor)}
    if db:  # checked before any command touches it (scheme, driver, folder, really a database)
        validation.store_url(db)


def Workspace(root, db=None):  # noqa: N802 - deferred import: the store pulls in SQLAlchemy
    from ..workspace import Workspace as _Workspace

    return _Workspace(root, db)


def open_session(ctx, session_id: str):
    o = ctx.find_root().obj
    return Workspace(o["workspace"], o["db"]).session(session_id, o["actor"])


def lang_of(ctx) -> str:
    return ctx.find_root().obj["lang"]


@cli.command()
@click.argument("file", type=params.OutFile(".xlsx"))
@click.option("--session", "session_id", help="Use this session's county list and years; default: built-in counties.")
@click.pass_context
@translate_errors
def template(ctx, file, session_id):
    """Write the Excel application template (申报表模板) FILE.xlsx."""
    from ..intake.template import write_template

    o = ctx.find_root().obj
    config = Workspace(o["workspace"], o["db"]).config(session_id) if session_id else _default_config()
    write_template(file, config)
    click.echo(f"已生成申报模板：{file}" if lang_of(ctx) != "en" else f"Template written: {file}")


def _default_config():
    from .. import bundled_path
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
    click.echo("已记录。" if lang_of(ctx) != "en" else "Recorded.")


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
    o = ctx.find_root().obj
    for sid in Workspace(o["workspace"], o["db"]).session_ids():
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


@cli.group()
def removal():
    """Removals from the brand directory (第二十条), read by eligibility E7."""


@removal.command("add")
@click.argument("session_id")
@click.option("--credit-code", required=True, type=params.SHORT_TEXT)
@click.option("--unit", "unit_name", required=True, type=params.SHORT_TEXT)
@click.option("--brand", "brand_name", required=True, type=params.SHORT_TEXT)
@click.option("--decided-on", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--ground", required=True, type=params.SHORT_TEXT, help="e.g. 第二十条(四)")
@click.option("--note", default="", type=params.TEXT)
@click.pass_context
@translate_errors
def removal_add(ctx, session_id, credit_code, unit_name, brand_name, decided_on, ground, note):
    open_session(ctx, session_id).record_removal(credit_code, unit_name, brand_name, decided_on.date(), ground, note)
    click.echo("已记录。" if lang_of(ctx) != "en" else "Recorded.")


@cli.command()
@click.argument("session_id")
@click.pass_context
@translate_errors
def events(ctx, session_id):
    """The event log of SESSION (who, what, when)."""
    from .views import events_table

    click.echo(events_table(open_session(ctx, session_id).events_frame(), lang_of(ctx)))


@cli.command()
@click.option("--dir", "root", type=click.Path(file_okay=False, path_type=Path), default=Path("demo-workspace"),
              show_default=True, help="Where to build the demo workspace.")
@click.option("--seed", type=params.Integer(0, 2**32 - 1), default=2024, show_default=True)
@click.option("--port", type=params.PORT, default=8866, show_default=True, help="Port of the apps on 127.0.0.1 (in the links).")
@click.option("--links", "show", type=params.Integer(0, 1000), default=3, show_default=True, help="How many experts' links to print.")
@click.option("--no-serve", is_flag=True, help="Build the workspace only.")
@click.pass_context
@translate_errors
def demo(ctx, root, seed, port, show, no_serve):
    """Build a demo workspace (seeded synthetic applications, all marked 示例), draw a demo expert panel,
    print a few experts' personal links and serve the apps."""
    import sys

    from ..demo import build_demo
    from ..demo.experts import add_demo_panel
    from ..demo.scores import fill_demo_scores
    from .serve import app_url, run_server

    lang, db = lang_of(ctx), ctx.find_root().obj["db"]
    summary = build_demo(root, seed=seed, db=db)
    click.echo(summary.message(lang))
    panel = add_demo_panel(root, base_url=app_url(port), seed=seed, db=db)
    click.echo(panel.message(lang, show=show))
    # Everyone but the experts whose links are shown has scored: the dashboards have data, and the
    # shown links open sheets still to be done.
    filled = fill_demo_scores(summary.root, seed, tuple(x["expert_id"] for x in panel.links[:show]), db)
    click.echo(f"其余专家的评分已生成：已提交 {filled.submitted} 份。" if lang != "en"
               else f"The other experts' sheets were generated: {filled.submitted} submitted.")
    city = Workspace(summary.root, db).session(summary.session_id)
    for notebook, county, zh, en in (("city_overview.ipynb", None, "市人社局总览", "City overview"),
                                     ("county_dashboard.ipynb", None, "县(市)区看板（全市）", "County dashboard (city)"),
                                     ("county_dashboard.ipynb", "盖州市", "盖州市看板", "Gaizhou's dashboard"),
                                     ("directory.ipynb", None, "劳务品牌目录", "Brand directory")):
        link = city.issue_viewer_link(app_url(port, notebook), county=county,
                                      issued_to=f"{county or '市人社局'} 示例工作人员").link
        click.echo(f"{zh}：{link}" if lang != "en" else f"{en}: {link}")
    if no_serve:
        store = f" --db '{db}'" if db else ""
        click.echo(f"启动网页应用：panel-toolkit -w {summary.root}{store} serve --port {port}" if lang != "en"
                   else f"Start the apps: panel-toolkit -w {summary.root}{store} serve --port {port}")
        return
    click.echo("正在启动网页应用（按 Ctrl+C 停止）……" if lang != "en" else "Starting the apps (Ctrl+C stops)…")
    sys.exit(run_server(summary.root, db, lang, port, None, True, 900))


def _register_command_modules() -> None:
    """Every other module of this package defines commands on :data:`cli`; import them all, so a
    feature adds its commands by adding a module, without editing this file."""
    import importlib
    import pkgutil

    from .. import cli as package

    for mod in pkgutil.iter_modules(package.__path__):
        if mod.name not in {"main", "edge", "views", "params"}:
            importlib.import_module(f"{package.__name__}.{mod.name}")


_register_command_modules()


def main() -> None:
    cli(prog_name="panel-toolkit")

