"""``panel-toolkit tie decide|list``: the chair orders candidates tied on every score (SPEC §5)."""
from __future__ import annotations

import click

from ..errors import InvalidArgument
from . import params
from .edge import translate_errors
from .group import cli, open_session
from .output import both, say, show


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
        raise InvalidArgument("--order", *both("tie_order", a=app_a, b=app_b))
    ids = [int(x) for x in ids]
    open_session(ctx, session_id).decide_tie(ids[0], ids[1], reason)
    say(ctx, "tie_recorded", first=ids[0], second=ids[1])


@tie.command("list")
@click.argument("session_id")
@click.pass_context
@translate_errors
def tie_list(ctx, session_id):
    """The chair's tie decisions, oldest first."""
    df = open_session(ctx, session_id).tie_decisions_frame()
    show(ctx, df[["first_id", "second_id", "reason", "actor", "decided_at"]])
