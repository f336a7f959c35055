"""Every command has Chinese help (the default language): a command added without a line in
panel_toolkit/cli/help_zh.py fails here, by name."""
from __future__ import annotations

import re

import click
from click.testing import CliRunner

from panel_toolkit.cli.help_zh import COMMANDS
from panel_toolkit.cli.main import cli

HAN = re.compile(r"[\u4e00-\u9fff]")


def every_command():
    ctx = click.Context(cli)

    def walk(cmd, path):
        yield path, cmd
        if isinstance(cmd, click.Group):
            for name in cmd.list_commands(ctx):
                yield from walk(cmd.get_command(ctx, name), f"{path} {name}".strip())

    return list(walk(cli, ""))


def test_every_registered_command_has_chinese_help():
    commands = every_command()
    assert len(commands) > 60   # every command module was registered (the walk itself works)
    missing = [path or "(top level)" for path, _ in commands if not HAN.search(COMMANDS.get(path, ""))]
    assert missing == [], f"no Chinese help in panel_toolkit/cli/help_zh.py for: {', '.join(missing)}"


def test_no_chinese_help_for_a_command_that_does_not_exist():
    known = {path for path, _ in every_command()}
    assert sorted(set(COMMANDS) - known) == []


def test_the_chinese_help_is_what_help_prints(monkeypatch):
    monkeypatch.delenv("PANEL_TOOLKIT_LANG", raising=False)
    for path in ("materials import", "document event", "events verify", "tie decide", "backup"):
        r = CliRunner().invoke(cli, [*path.split(), "--help"])
        assert r.exit_code == 0, r.output
        start = COMMANDS[path].replace(" ", "")[:12]
        assert start in r.output.replace("\n", "").replace(" ", ""), (path, r.output)
        en = CliRunner().invoke(cli, ["--lang", "en", *path.split(), "--help"])
        assert en.exit_code == 0 and start not in en.output.replace("\n", "").replace(" ", "")
