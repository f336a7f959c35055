"""``panel-toolkit document …``: the official documents besides the notice — 第九条 评审公告, the county's
责令整改通知书 / 约谈通知书, the city's 暂停/恢复/移出决定书, the 第二十一条 public list, the plaque text — as
html, docx or pdf (the format from --out's suffix). Each command is a few lines over the facades."""
from __future__ import annotations

from pathlib import Path

import click

from .. import exports
from . import params
from .directory import open_directory
from .edge import translate_errors
from .group import cli, open_session
from .output import say

#: The formats of :data:`panel_toolkit.notice.official.FORMATS` (not imported here: --help stays light).
FORMATS = ("html", "docx", "pdf")
_OUT = click.option("--out", type=params.OutFile(*(f".{f}" for f in FORMATS)), required=True,
                    help="File to write: .html, .docx or .pdf (PDF needs Chromium).")
_DATE = click.DateTime(["%Y-%m-%d"])


def _write(ctx, doc, out: Path) -> None:
    from ..notice.official import render

    fmt = out.suffix.lower().lstrip(".")
    data = render(doc, fmt)
    exports.write_bytes(out, data if isinstance(data, bytes) else data.encode("utf-8"))
    say(ctx, "written", out=out)


@cli.group()
def document():
    """Official documents (公文) in the notice's layout: announcement, event, public-list, plaque."""


@document.command("announcement")
@click.argument("session_id")
@click.option("--date", "on_date", type=_DATE, default=None, help="Date of issue (default today).")
@_OUT
@click.pass_context
@translate_errors
def document_announcement(ctx, session_id, on_date, out):
    """第九条 评审公告 of SESSION (the call for applications), from its session file and rubric."""
    _write(ctx, open_session(ctx, session_id).announcement(on_date.date() if on_date else None), out)


@document.command("event")
@click.argument("entry_id", type=params.ID)
@click.option("--event-id", type=params.ID, default=None, help="The event row (default: the latest with a document).")
@_OUT
@click.pass_context
@translate_errors
def document_event(ctx, entry_id, event_id, out):
    """责令整改通知书 (第十七条), 约谈通知书 (第十八条) or 暂停/继续暂停/恢复/移出决定书 (第十九、二十条) of ENTRY_ID."""
    _write(ctx, open_directory(ctx).event_document(entry_id, event_id), out)


@document.command("public-list")
@click.option("--date", "on_date", type=_DATE, default=None, help="As of (default today).")
@_OUT
@click.pass_context
@translate_errors
def document_public_list(ctx, on_date, out):
    """第二十一条: the suspended and removed brands, for the bureau's website."""
    _write(ctx, open_directory(ctx).public_list_document(on_date.date() if on_date else None), out)


@document.command("plaque")
@click.argument("session_id")
@click.argument("application_id", type=params.ID)
@_OUT
@click.pass_context
@translate_errors
def document_plaque(ctx, session_id, application_id, out):
    """The plaque's text (牌匾, 第二十二条) of a recognised brand; refused for a suspended or removed brand."""
    _write(ctx, open_session(ctx, session_id).plaque(application_id), out)
