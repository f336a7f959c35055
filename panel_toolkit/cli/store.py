"""Store commands: ``backup``, ``restore``, ``copy`` (panel_toolkit.store.transfer) and ``events verify``
(the event log's hash chain, panel_toolkit.store.chain)."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import LogTampered
from .edge import translate_errors
from .main import cli, lang_of


def _store(ctx):
    from ..store import Store, default_url  # deferred: SQLAlchemy must not load for --help

    o = ctx.find_root().obj
    root = Path(o["workspace"])
    if not o["db"] and not root.is_dir():
        from ..errors import NotFound

        raise NotFound(f"工作区文件夹不存在：{root.resolve()}。", f"No workspace folder {root.resolve()}.")
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


def _say(ctx, zh: str, en: str) -> None:
    click.echo(en if lang_of(ctx) == "en" else zh)


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
    _say(ctx, f"已备份 {store.display_url} → {out}（{kind}；事件日志 {verdict.events} 条，链头 {verdict.head}）",
         f"Backed up {store.display_url} → {out} ({kind}; event log: {verdict.events} events, head {verdict.head})")


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
    _say(ctx, f"已恢复 {file} → {store.display_url}（{how}；事件日志 {verdict.events} 条，链完整）",
         f"Restored {file} → {store.display_url} ({how}; event log: {verdict.events} events, chain intact)")


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
    _say(ctx, f"已复制 {sum(counts.values())} 行（{len(counts)} 张表）。", f"Copied {sum(counts.values())} rows ({len(counts)} tables).")


class _Events(click.Group):
    """``events SESSION`` lists a session's log (the original command); ``events verify`` checks the chain."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["list", *args]
        return super().parse_args(ctx, args)


_listing = cli.commands.pop("events")
events = _Events("events", help="The event log: `events SESSION` lists a session's events; `events verify` checks the chain.")
events.add_command(_listing, "list")
cli.add_command(events)


@events.command()
@click.pass_context
@translate_errors
def verify(ctx):
    """Check the event log's hash chain; names the first broken link (exit 52)."""
    verdict = _intact(_store(ctx))
    _say(ctx, f"事件日志完整：{verdict.events} 条，链头 {verdict.head}", f"Event log intact: {verdict.events} events, head {verdict.head}")
