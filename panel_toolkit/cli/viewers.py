"""Staff links (查看链接) for the city's and the counties' HR staff: issue, list, revoke.

A staff link opens the dashboards (city or one county) and, for a city link, the directory page; it is
personal (``--to`` names the person), read-only, and expires (``--expires``, default 90 days)."""
from __future__ import annotations

import click

from . import params
from .edge import show_frame, translate_errors
from .group import cli, lang_of, open_session
from .output import say


@cli.command("viewer-link")
@click.argument("session_id")
@click.option("--county", default=None, help="The county this link shows (one of the session's units, 市直 included).")
@click.option("--city", "city", is_flag=True, help="A city link: every county, and the directory page.")
@click.option("--base-url", required=True, help="The page's address, e.g. https://review.example.cn/voila/render/county_dashboard.ipynb")
@click.option("--to", "issued_to", type=params.SHORT_TEXT, required=True, help="The person the link is issued to, e.g. 盖州市人社局 张科长.")
@click.option("--expires", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Last day the link works (China time). Default: 90 days from today.")
@click.option("--label", type=params.SHORT_TEXT, default="", help="A note kept with the link.")
@click.pass_context
@translate_errors
def viewer_link(ctx, session_id, county, city, base_url, issued_to, expires, label):
    """Issue a personal staff link: one county's view (--county) or the city's (--city). Shown once."""
    if bool(county) == bool(city):
        raise click.UsageError("give exactly one of --county NAME or --city")
    link = open_session(ctx, session_id).issue_viewer_link(base_url, county=county, label=label, issued_to=issued_to,
                                                           expires_on=expires.date() if expires else None)
    click.echo(link.message(lang_of(ctx)))


@cli.command("viewer-links")
@click.argument("session_id")
@click.pass_context
@translate_errors
def viewer_links(ctx, session_id):
    """List SESSION's staff links (without tokens): to whom, scope, expiry, revocation."""
    click.echo(show_frame(open_session(ctx, session_id).viewer_links_frame()))


@cli.command("viewer-revoke")
@click.argument("session_id")
@click.argument("link_id", type=params.ID)
@click.option("--reason", type=params.TEXT, default="")
@click.pass_context
@translate_errors
def viewer_revoke(ctx, session_id, link_id, reason):
    """Stop staff link LINK_ID from working (an open page can no longer load anything new)."""
    open_session(ctx, session_id).revoke_viewer_link(link_id, reason)
    say(ctx, "viewer_revoked")
