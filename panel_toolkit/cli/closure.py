"""``panel-toolkit reopen`` (SPEC §7: the chair reopens a confirmed list with a reason, which voids the
confirmation) and ``panel-toolkit removal add|list|correct`` (第二十条: removals are recorded, listed and
corrected by a new record, never edited)."""
from __future__ import annotations

import click

from . import params
from .edge import translate_errors
from .group import cli, open_session
from .output import say, show


@cli.command()
@click.argument("session_id")
@click.option("--reason", type=params.TEXT, required=True, help="Why the confirmed list must change (logged).")
@click.pass_context
@translate_errors
def reopen(ctx, session_id, reason):
    """Reopen SESSION's confirmed proposed list (the chair, with a reason): the confirmation is void and
    must be given again. Refused after recognition (closed for good)."""
    open_session(ctx, session_id).reopen(reason)
    say(ctx, "reopened")


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
    say(ctx, "recorded")


@removal.command("list")
@click.argument("session_id")
@click.pass_context
@translate_errors
def removal_list(ctx, session_id):
    """Every removal (第二十条) with whether and why it was corrected."""
    df = open_session(ctx, session_id).removals_list()
    cols = ["credit_code", "unit_name", "brand_name", "decided_on", "ground", "corrected", "correction_reason"]
    df = df[cols].assign(decided_on=df["decided_on"].dt.date)
    show(ctx, df)


@removal.command("correct")
@click.argument("session_id")
@click.argument("removal_id", type=params.ID)
@click.option("--reason", type=params.TEXT, required=True)
@click.pass_context
@translate_errors
def removal_correct(ctx, session_id, removal_id, reason):
    """Void removal REMOVAL_ID recorded in error (a new record with the reason; the removal stays listed)."""
    open_session(ctx, session_id).correct_removal(removal_id, reason)
    say(ctx, "corrected")
