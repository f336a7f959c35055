"""Every command and every option with a help text has Chinese help (the default language): one added
without a line in panel_toolkit/cli/help_zh.py fails here, by name; a Chinese help screen shows no
English word."""
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


def every_param():
    """(command path, parameter name, English help) of every option and argument that has a help text."""
    from panel_toolkit.cli.edge import param_name

    return [(path, param_name(p), getattr(p, "help_en", getattr(p, "help", None)))
            for path, cmd in every_command() for p in cmd.params
            if getattr(p, "help_en", getattr(p, "help", None))]


def test_every_option_with_help_has_chinese_help():
    from panel_toolkit.cli.edge import option_help_zh

    params = every_param()
    assert len(params) > 100
    missing = [f"{path or '(top level)'} {name}" for path, name, _ in params
               if not HAN.search(option_help_zh(path, name) or "")]
    assert missing == [], ("no Chinese help in OPTIONS of panel_toolkit/cli/help_zh.py for: " + "; ".join(missing)
                           + ' (key "--name", or "command path --name" when the name means something else there)')


def test_no_chinese_help_for_an_option_that_does_not_exist():
    from panel_toolkit.cli.edge import param_name
    from panel_toolkit.cli.help_zh import DEFAULTS, OPTIONS

    commands = dict(every_command())
    names = {path: {param_name(p) for p in cmd.params} for path, cmd in commands.items()}
    every_name = set().union(*names.values()) | {"--help"}
    stale = []
    for key in [*OPTIONS, *DEFAULTS]:
        path, _, name = key.rpartition(" ")
        if (path and name not in names.get(path, ())) or (not path and name not in every_name):
            stale.append(key)
    assert stale == []


# ASCII words that may stand on a Chinese help screen: the program's name, workspace file and folder
# names, formats and file extensions, product and author names. Command names, option names, $VARIABLES,
# URLs, default values, words in capitals (metavars such as FILE or SESSION_ID, codes such as ICC, SHA,
# PDF), keys with an underscore (trimmed_mean, pool_size) and the choices of the command's own options
# are allowed anyway.
ALLOWED = {
    "panel", "toolkit", "sessions", "rubrics", "xlsx", "csv", "json", "html", "docx", "pdf", "jpg", "png",
    "md", "yaml", "ipynb", "Markdown", "Excel", "SQLite", "PostgreSQL", "Chromium", "Voila",
    "Shrout", "Fleiss", "Krippendorff",
}
# Values a command takes that are not a click.Choice (the Chinese help explains each one).
VALUES = {"materials add": {"licence", "training", "employment", "agreement", "trademark", "photo", "other"}}
NOT_WORDS = re.compile(r"https?://\S+|(?<![A-Za-z0-9_-])--?[A-Za-z][\w-]*|\$[A-Z_]+|默认：[^\]；]*")


def english_words(text: str, allowed: set[str]) -> list[str]:
    text = re.sub(r"\n {6,}", "", text)   # a help text click wrapped (a long URL is cut anywhere)
    words = re.findall(r"[A-Za-z][A-Za-z0-9_]*", NOT_WORDS.sub(" ", text))
    return [w for w in words if sum(c.isalpha() for c in w) >= 3 and w not in allowed
            and not w.isupper() and "_" not in w]


def test_the_chinese_help_screens_have_no_english_words(monkeypatch):
    """``panel-toolkit <cmd> --help`` of every command: click's own words (用法, 选项, 命令, 默认, 必填)
    included, no English word outside the allowed tokens."""
    monkeypatch.delenv("PANEL_TOOLKIT_LANG", raising=False)
    found = {}
    command_names = {w for path, _ in every_command() for w in re.split(r"[ -]", path)}
    for path, cmd in every_command():
        r = CliRunner().invoke(cli, [*path.split(), "--help"], prog_name="panel-toolkit")
        assert r.exit_code == 0, (path, r.output)
        choices = {str(c) for p in cmd.params if isinstance(p.type, click.Choice) for c in p.type.choices}
        words = english_words(r.output, ALLOWED | command_names | choices | VALUES.get(path, set()))
        if words:
            found[path or "(top level)"] = sorted(set(words))
        assert r.output.startswith("用法：panel-toolkit"), (path, r.output)
    assert found == {}, f"English words on Chinese help screens: {found}"


def test_the_english_help_screens_keep_clicks_words():
    r = CliRunner().invoke(cli, ["--lang", "en", "directory", "report", "--help"], prog_name="panel-toolkit")
    assert r.exit_code == 0
    assert r.output.startswith("Usage: panel-toolkit directory report [OPTIONS] ENTRY_ID")
    assert "Options:" in r.output and "Show this message and exit." in r.output and "[required]" in r.output
    assert not HAN.search(r.output.replace("违法违纪行为", "").replace("重大投诉事件", "").replace("重大质量安全事故", "")
                          .replace("第十六条", "").replace("使用情况", "").replace("发展状况", ""))
