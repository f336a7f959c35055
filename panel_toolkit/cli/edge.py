"""Where domain errors become what a terminal user sees: one line, a problem table, an exit code."""
from __future__ import annotations

import functools
import sys

import click
import pandas as pd

from ..errors import InputRejected, PanelError


def show_frame(df: pd.DataFrame) -> str:
    with pd.option_context("display.unicode.east_asian_width", True, "display.max_rows", None,
                           "display.max_columns", None, "display.width", 250, "display.max_colwidth", 60):
        return df.to_string()


def translate_errors(fn):
    """Run a command; a PanelError prints its message (and every problem) and exits with its code."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        lang = (ctx.find_root().obj or {}).get("lang", "zh")
        try:
            return fn(*args, **kwargs)
        except InputRejected as e:
            click.echo(e.message(lang), err=True)
            click.echo(show_frame(e.table(lang)), err=True)
            sys.exit(e.exit_code)
        except PanelError as e:
            click.echo(("错误：" if lang != "en" else "Error: ") + e.message(lang), err=True)
            sys.exit(e.exit_code)

    return wrapper
