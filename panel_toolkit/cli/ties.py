"""``panel-toolkit tie decide|list``: the chair orders candidates tied on every score (SPEC §5)."""
from __future__ import annotations

import click

from ..errors import InvalidArgument

from . import params
from .edge import show_frame, translate_errors
from .main import cli, lang_of, open_session


@cli.group()
def tie():
    """Ties (并列) the scores cannot break: the chair decides the order."""


@tie.command("decide")
@click.argument("session_id")
@click.argument("app_a", type=params.ID)
@click.argument("app_b", type=params.ID)
@click.option("--order", required=True, help="The application ids first to last, e.g. 12,7.")
@click.option("--reason", type=params.TEXT, required=True, help="Why (recorded and shown in the list).")
@click.pass_context
@translate_errors
def tie_decide(ctx, session_id, app_a, app_b, order, reason):
    """Order APP_A and APP_B, tied on combined, material and site scores."""
    ids = [x.strip() for x in order.replace("，", ",").split(",") if x.strip()]
    if sorted(ids) != sorted([str(app_a), str(app_b)]):
        raise InvalidArgument("--order", f"--order 须依次列出 {app_a} 和 {app_b}，例如 {app_a},{app_b}",
                              f"--order must list {app_a} and {app_b}, e.g. {app_a},{app_b}")
    ids = [int(x) for x in ids]
    open_session(ctx, session_id).decide_tie(ids[0], ids[1], reason)
    click.echo(f"已记录：{ids[0]} 排在 {ids[1]} 之前。" if lang_of(ctx) != "en" else f"Recorded: {ids[0]} before {ids[1]}.")


@tie.command("list")
@click.argument("session_id")
@click.pass_context
@translate_errors
def tie_list(ctx, session_id):
    """The chair's tie decisions, oldest first."""
    df = open_session(ctx, session_id).tie_decisions_frame()
    click.echo(show_frame(df[["first_id", "second_id", "reason", "actor", "decided_at"]]) if len(df)
               else ("（无）" if lang_of(ctx) != "en" else "(none)"))
