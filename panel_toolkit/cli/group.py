"""The root group of ``panel-toolkit`` and what every command shares: the workspace, the store, the language
and the actor of the command line, and the session they open.

No command module is imported here: each command module imports :data:`cli` from this module and adds its
commands, and :mod:`.main` imports them all. So nothing below ``main`` imports upward.
"""
from __future__ import annotations

from pathlib import Path

import click

from .. import settings
from ..actor import Actor
from .edge import EdgeGroup

#: The actor when none is given: the city's HR bureau (PANEL_TOOLKIT_ACTOR's default).
CITY = settings.BY_NAME["PANEL_TOOLKIT_ACTOR"].default


@click.group(cls=EdgeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-w", "--workspace", type=click.Path(file_okay=False, path_type=Path),
              default=lambda: settings.get("PANEL_TOOLKIT_WORKSPACE"), show_default="$PANEL_TOOLKIT_WORKSPACE or .",
              help="Workspace folder (sessions/, rubrics/, panel.db).")
@click.option("--db", default=lambda: settings.get("PANEL_TOOLKIT_DB"), help="Store URL; default: <workspace>/panel.db.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=lambda: settings.get("PANEL_TOOLKIT_LANG"),
              help="Language of messages and tables.")
@click.option("--actor", default=lambda: settings.get("PANEL_TOOLKIT_ACTOR"), help="Who is acting (event log).")
@click.option("--county", default=None, help="Act as this county's HR bureau (sees and changes its county only).")
@click.version_option(package_name="panel_toolkit")
@click.pass_context
def cli(ctx, workspace, db, lang, actor, county):
    """营口市劳务品牌认定 专家评审工具 / Yingkou labour-service brand review toolkit."""
    from .. import validation

    ctx.obj = {"workspace": workspace, "db": db, "lang": lang,
               "actor": Actor.county(county, actor if actor != CITY else None) if county else Actor.city(actor)}
    if db:  # checked before any command touches it (scheme, driver, folder, really a database)
        validation.store_url(db)


def Workspace(root, db=None):
    from ..workspace import Workspace as _Workspace

    return _Workspace(root, db)


def open_workspace(ctx):
    """The workspace of the command line (``-w``, ``--db``)."""
    o = ctx.find_root().obj
    return Workspace(o["workspace"], o["db"])


def open_session(ctx, session_id: str):
    return open_workspace(ctx).session(session_id, ctx.find_root().obj["actor"])


def lang_of(ctx) -> str:
    return ctx.find_root().obj["lang"]
