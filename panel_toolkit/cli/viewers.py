"""Dashboard access links (查看链接) for the city's and the counties' HR staff: issue, list, revoke."""
from __future__ import annotations

import click

from . import params
from .edge import show_frame, translate_errors
from .main import cli, lang_of, open_session


@cli.command("viewer-link")
@click.argument("session_id")
@click.option("--county", default=None, help="The county this link shows (one of the session's units, 市直 included).")
@click.option("--city", "city", is_flag=True, help="A city link: every county.")
@click.option("--base-url", required=True, help="The dashboard's address, e.g. https://review.example.cn/voila/render/county_dashboard.ipynb")
@click.option("--label", type=params.SHORT_TEXT, default="", help="Who holds the link (kept in the event log).")
@click.pass_context
@translate_errors
def viewer_link(ctx, session_id, county, city, base_url, label):
    """Issue a dashboard link: one county's view (--county) or the city's (--city). Shown once."""
    if bool(county) == bool(city):
        raise click.UsageError("give exactly one of --county NAME or --city")
    link = open_session(ctx, session_id).issue_viewer_link(base_url, county=county, label=label)
    click.echo(link.message(lang_of(ctx)))


@cli.command("viewer-links")
@click.argument("session_id")
@click.pass_context
@translate_errors
def viewer_links(ctx, session_id):
    """List SESSION's dashboard links (without tokens)."""
    click.echo(show_frame(open_session(ctx, session_id).viewer_links_frame()))


@cli.command("viewer-revoke")
@click.argument("session_id")
@click.argument("link_id", type=params.ID)
@click.option("--reason", type=params.TEXT, default="")
@click.pass_context
@translate_errors
def viewer_revoke(ctx, session_id, link_id, reason):
    """Stop dashboard link LINK_ID from working."""
    open_session(ctx, session_id).revoke_viewer_link(link_id, reason)
    click.echo("已停用。" if lang_of(ctx) != "en" else "Revoked.")
