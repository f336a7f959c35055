"""``panel-toolkit``: the command line. Each command is a few lines over the session facade.

The root group and what the commands share live in :mod:`.group`; each module below adds its commands to it,
and this module imports them all (nothing imports this module but the entry point).
"""
from __future__ import annotations

from . import (  # noqa: F401
    aggregation,
    applications,
    closure,
    demo,
    directory,
    documents,
    materials,
    notice,
    panel,
    serve,
    store,
    ties,
    viewers,
)
from .group import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="panel-toolkit")

