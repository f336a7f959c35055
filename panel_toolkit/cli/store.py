"""Store commands: ``backup``, ``restore``, ``copy`` (panel_toolkit.store.transfer) and the event log:
``events SESSION`` lists a session's events, ``events verify`` checks the hash chain (panel_toolkit.store.chain)."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import LogTampered
from .edge import translate_errors
from .group import cli, lang_of, open_session
from .output import both, say


def _store(ctx):
    from ..store import Store, default_url  # deferred: SQLAlchemy must not load for --help

    o = ctx.find_root().obj
    root = Path(o["workspace"])
    if not o["db"] and not root.is_dir():
        from ..errors import NotFound

        raise NotFound(*both("no_workspace", root=root.resolve()))
    return Store(o["db"] or default_url(root))


def _intact(store):
    """The log's verdict (then the store is closed); a broken chain raises LogTampered."""
    try:
        verdict = store.verify_log()
    finally:
        store.dispose()
    if not verdict.ok:
        raise LogTampered(verdict.broken_id, verdict.reason, verdict.events)
    return verdict


@cli.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The backup file to write.")
@click.pass_context
@translate_errors
def backup(ctx, out):
    """Back up the store (SQLite: online backup, consistent while experts write; PostgreSQL: pg_dump -Fc)."""
    from ..store.transfer import backup as run

    store = _store(ctx)
    try:
        verdict = store.verify_log()
        kind = run(store, out)
    finally:
        store.dispose()
    say(ctx, "backed_up", url=store.display_url, out=out, kind=kind, events=verdict.events, head=verdict.head)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--db", "target", help="The empty store to restore into (default: the global --db, or <workspace>/panel.db).")
@click.pass_context
@translate_errors
def restore(ctx, file, target):
    """Restore the backup FILE into an empty store."""
    from ..store import Store, default_url, url_for
    from ..store.transfer import restore as run

    o = ctx.find_root().obj
    url = url_for(target or o["db"] or default_url(Path(o["workspace"])))
    how = run(file, url)
    store = Store(url)
    verdict = _intact(store)
    say(ctx, "restored", file=file, url=store.display_url, how=how, events=verdict.events)


@cli.command("copy")
@click.option("--from", "source", required=True, help="Store URL (or SQLite file) to copy from.")
@click.option("--to", "target", required=True, help="Empty store URL (or SQLite file) to copy into.")
@click.pass_context
@translate_errors
def copy_(ctx, source, target):
    """Copy a whole store into an empty one, e.g. a workspace's SQLite file into PostgreSQL."""
    from ..store import url_for
    from ..store.transfer import copy as run

    counts = run(url_for(source), url_for(target))
    say(ctx, "copied", rows=sum(counts.values()), tables=len(counts))


class _Events(click.Group):
    """``events SESSION`` lists a session's log (the original command); ``events verify`` checks the chain."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["list", *args]
        return super().parse_args(ctx, args)


@cli.group(cls=_Events)
def events():
    """The event log: `events SESSION` lists a session's events; `events verify` checks the chain."""


@events.command("list")
@click.argument("session_id")
@click.pass_context
@translate_errors
def events_list(ctx, session_id):
    """The event log of SESSION (who, what, when)."""
    from .views import events_table

    click.echo(events_table(open_session(ctx, session_id).events_frame(), lang_of(ctx)))


@events.command()
@click.pass_context
@translate_errors
def verify(ctx):
    """Check the event log's hash chain; names the first broken link (exit 52)."""
    verdict = _intact(_store(ctx))
    say(ctx, "log_intact", events=verdict.events, head=verdict.head)
