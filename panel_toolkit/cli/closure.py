"""``panel-toolkit reopen`` (SPEC §7: the chair reopens a confirmed list with a reason, which voids the
confirmation) and ``panel-toolkit removal list|correct`` (第二十条: removals are listed and corrected by a
new record, never edited)."""
from __future__ import annotations

import click

from . import params
from .edge import show_frame, translate_errors
from .main import cli, lang_of, open_session, removal


def _say(ctx, zh: str, en: str) -> None:
    click.echo(en if lang_of(ctx) == "en" else zh)


@cli.command()
@click.argument("session_id")
@click.option("--reason", type=params.TEXT, required=True, help="Why the confirmed list must change (logged).")
@click.pass_context
@translate_errors
def reopen(ctx, session_id, reason):
    """Reopen SESSION's confirmed proposed list (the chair, with a reason): the confirmation is void and
    must be given again. Refused after recognition (closed for good)."""
    open_session(ctx, session_id).reopen(reason)
    _say(ctx, "已重新开放；原名单确认作废，修改后须重新确认。", "Reopened; the confirmation is void — confirm the list again.")


@removal.command("list")
@click.argument("session_id")
@click.pass_context
@translate_errors
def removal_list(ctx, session_id):
    """Every removal (第二十条) with whether and why it was corrected."""
    df = open_session(ctx, session_id).removals_list()
    cols = ["credit_code", "unit_name", "brand_name", "decided_on", "ground", "corrected", "correction_reason"]
    df = df[cols].assign(decided_on=df["decided_on"].dt.date)
    click.echo(show_frame(df) if len(df) else ("（无）" if lang_of(ctx) != "en" else "(none)"))


@removal.command("correct")
@click.argument("session_id")
@click.argument("removal_id", type=params.ID)
@click.option("--reason", type=params.TEXT, required=True)
@click.pass_context
@translate_errors
def removal_correct(ctx, session_id, removal_id, reason):
    """Void removal REMOVAL_ID recorded in error (a new record with the reason; the removal stays listed)."""
    open_session(ctx, session_id).correct_removal(removal_id, reason)
    _say(ctx, "已更正。", "Corrected.")
