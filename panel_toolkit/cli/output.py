"""What a command prints: a message of the catalogue (``panel_toolkit/i18n/cli.toml``) and a table — on the
terminal, as csv/json on stdout, or into the ``--out`` file."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from ..i18n import text
from .edge import show_frame
from .group import lang_of


def say(ctx, key: str, err: bool = False, **values) -> None:
    """Print the message ``cli.<key>`` in the command line's language, its placeholders filled from ``values``."""
    click.echo(text(f"cli.{key}", lang_of(ctx), **values), err=err)


def emit(ctx, df, fmt: str, out: Path | None = None, index: bool = True,
         terminal: Callable | None = None) -> None:
    """``df`` as the user asked: ``table`` on the terminal (through ``terminal``, which makes it fit for a
    person, when given), csv/json on stdout, or a file. A file gets the format its extension names, also
    when ``--format`` was left at ``table``; xlsx needs a file (the typed error says so)."""
    from ..exports import write_frame

    if fmt == "table" and out is not None:
        fmt = out.suffix.lower().lstrip(".")
    if fmt == "table":
        show(ctx, terminal(df) if terminal else df)
        return
    written = write_frame(df, fmt, out, index=index, sheet=text("cli.sheet", lang_of(ctx)))
    if written is None:
        say(ctx, "written", out=out)
    else:
        click.echo(written, nl=False)


def show(ctx, df, index: bool = True) -> None:
    """A table on the terminal, or the word for "none" when it has no rows (never pandas' "Empty DataFrame")."""
    click.echo(show_frame(df, index=index) if len(df) else text("common.none", lang_of(ctx)))


def both(key: str, **values) -> tuple[str, str]:
    """``(zh, en)`` of the message ``cli.<key>``: for a typed error, which carries both."""
    return text(f"cli.{key}", "zh", **values), text(f"cli.{key}", "en", **values)
