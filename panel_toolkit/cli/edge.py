"""Where errors become what a terminal user sees: one line (or a problem table) and an exit code.

Every exception a command can meet is mapped here, once: domain errors carry their own message and
code; OS, memory, overflow, database, Excel and YAML errors get a sentence and a code of their own;
anything else prints one line and the path of a crash report, never a traceback.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
import tempfile
import traceback
from pathlib import Path

import click

from .. import settings
from ..errors import IncompleteSheet, InputRejected, PanelError
from ..i18n import pick, text

MAX_PROBLEMS_SHOWN = 200

# Exit codes of errors that are not PanelErrors: 80–89, beside the PanelErrors' own codes (below 80).
OS_ERROR, OUT_OF_MEMORY, OVERFLOW, DATABASE, WORKBOOK, YAML, ENCODING, CRASH = 80, 81, 82, 83, 84, 85, 86, 89


def show_frame(df, index: bool = True) -> str:
    import pandas as pd

    with pd.option_context("display.unicode.east_asian_width", True, "display.max_rows", None,
                           "display.max_columns", None, "display.width", 250, "display.max_colwidth", 60):
        return df.to_string(index=index)


def _family(exc: BaseException) -> str:
    return type(exc).__module__.split(".", 1)[0]


def describe(exc: BaseException, lang: str = "zh") -> tuple[str, int]:
    """(one line, exit code) for an exception that is not a PanelError; CRASH when nothing fits."""
    if isinstance(exc, MemoryError):
        return text("cli.out_of_memory", lang), OUT_OF_MEMORY
    if isinstance(exc, OverflowError):
        return text("cli.overflow", lang), OVERFLOW
    family = _family(exc)
    if family == "sqlalchemy" or family in ("sqlite3", "psycopg", "psycopg2"):
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0][:200]
        return text("cli.database", lang, reason=reason), DATABASE
    if family in ("openpyxl", "zipfile") or type(exc).__name__ in ("BadZipFile", "InvalidFileException"):
        return text("cli.workbook", lang, kind=type(exc).__name__), WORKBOOK
    if family == "yaml":
        where, problem = getattr(exc, "problem_mark", None), getattr(exc, "problem", exc)
        return (text("cli.yaml_at", lang, line=where.line + 1, problem=problem) if where else
                text("cli.yaml", lang, problem=problem)), YAML
    if isinstance(exc, UnicodeError):
        return text("cli.encoding", lang), ENCODING
    if isinstance(exc, OSError):
        what = exc.strerror or text("cli.os_other", lang)
        if type(exc) in _OS_WHAT:
            what = text(_OS_WHAT[type(exc)], lang)
        return text("cli.os_error", lang, name=exc.filename or "", what=what), OS_ERROR
    return "", CRASH


_OS_WHAT = {FileNotFoundError: "cli.os_not_found", PermissionError: "cli.os_permission",
            IsADirectoryError: "cli.os_is_dir", NotADirectoryError: "cli.os_not_dir"}


def crash_report(exc: BaseException) -> Path:
    """Write the traceback to a file (not the terminal) and return its path."""
    folder = Path(settings.get("PANEL_TOOLKIT_CRASH_DIR") or tempfile.gettempdir())
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"panel-toolkit-crash-{stamp}-{os.getpid()}.txt"
    text = f"panel-toolkit {' '.join(sys.argv[1:])}\n" + "".join(traceback.format_exception(exc))
    try:
        path.write_text(text, encoding="utf-8")
    except OSError:
        path = Path(tempfile.mkstemp(prefix="panel-toolkit-crash-", suffix=".txt")[1])
        path.write_text(text, encoding="utf-8")
    return path


def save_problems(table, source: Path | None, lang: str) -> Path:
    """The full problem list as CSV next to the input file (else in the temporary folder)."""
    from ..exports import write_frame

    stem = source.stem if source else "panel-toolkit"
    name = f"{stem}.{text('cli.problems_file', lang)}.csv"
    for folder in ([source.parent] if source else []) + [Path(tempfile.gettempdir())]:
        try:
            write_frame(table, "csv", folder / name, index=False)
            return folder / name
        except OSError:
            continue
    raise OSError(f"cannot write {name}")


def report(exc: BaseException, lang: str, source: Path | None = None) -> int:
    """Print ``exc`` for a terminal user (stderr) and return the exit code. ``source`` is the input
    file of the command, if any: a long problem list is saved next to it."""
    if isinstance(exc, (InputRejected, IncompleteSheet)):
        click.echo(exc.message(lang), err=True)
        table = exc.table(lang)
        shown = table.head(MAX_PROBLEMS_SHOWN).astype(object)
        click.echo(show_frame(shown.where(shown.notna(), ""), index=False), err=True)
        rest = len(table) - MAX_PROBLEMS_SHOWN
        if rest > 0:
            saved = save_problems(table, source, lang)
            click.echo(text("cli.more_problems", lang, rest=rest, saved=saved), err=True)
        return exc.exit_code
    if isinstance(exc, PanelError):
        click.echo(text("common.error_prefix", lang) + exc.message(lang), err=True)
        return exc.exit_code
    line, code = describe(exc, lang)
    if code == CRASH:
        path = crash_report(exc)
        line = text("cli.crash", lang, kind=type(exc).__name__, path=path)
    click.echo(text("common.error_prefix", lang) + line, err=True)
    return code


def _lang() -> str:
    ctx = click.get_current_context(silent=True)
    obj = (ctx.find_root().obj or {}) if ctx else {}
    return obj.get("lang") or settings.get("PANEL_TOOLKIT_LANG")


def _passes(exc: BaseException) -> bool:
    """Click's own exits and usage errors, and Ctrl+C, keep their usual handling."""
    return isinstance(exc, (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                            SystemExit, KeyboardInterrupt, GeneratorExit))


def translate_errors(fn):
    """Run a command; any error is reported as one line (or a problem table) with its exit code."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BaseException as e:  # noqa: BLE001 - this is the edge
            if _passes(e):
                raise
            source = kwargs.get("file")
            sys.exit(report(e, _lang(), Path(source) if isinstance(source, (str, Path)) else None))

    return wrapper


#: ``ctx.meta`` key (shared by a context and its children): the language of the help screen.
LANG_KEY = "panel_toolkit.lang"


class ZhHelpFormatter(click.HelpFormatter):
    """Click's own words on a help screen (usage line, headings, the --help option, ``[default: …]``) in
    Chinese, from ``help_zh.CLICK``; the help texts themselves are put in place by :func:`localise_help`."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        from .help_zh import CLICK

        for en in ("[OPTIONS]", "COMMAND [ARGS]..."):
            args = args.replace(en, CLICK[en])
        super().write_usage(prog, args, CLICK["Usage:"] if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        from .help_zh import CLICK

        self.write(f"{'':>{self.current_indent}}{CLICK.get(heading, heading)}：\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _click_words_zh(text)) for term, text in rows], col_max, col_spacing)


_EXTRA = re.compile(r"(^|  )\[([^\[\]]+)\]$")


def _click_words_zh(text: str) -> str:
    """The help column of one row: click's --help text, and the ``[default: x; required]`` click appends."""
    from .help_zh import CLICK

    def item(part: str) -> str:
        key, sep, value = part.partition(": ")
        return f"{CLICK[key]}：{value}" if sep and key in CLICK else CLICK.get(part, part)

    text = CLICK.get(text, text)
    return _EXTRA.sub(lambda m: f"{m.group(1)}[{'；'.join(item(p) for p in m.group(2).split('; '))}]", text)


class EdgeContext(click.Context):
    """Help screens in the language of the command line (``ctx.meta``, set by :class:`EdgeGroup`)."""

    def make_formatter(self) -> click.HelpFormatter:
        zh = functools.partial(ZhHelpFormatter, width=self.terminal_width, max_width=self.max_content_width)
        return pick(self.meta.get(LANG_KEY, settings.get("PANEL_TOOLKIT_LANG")), zh, super().make_formatter)()


def _lang_arg(args: list[str]) -> str | None:
    """The value of ``--lang`` on the command line, read before click parses it (for the help screen)."""
    lang = None
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            lang = args[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang


class EdgeGroup(click.Group):
    """The root group: errors raised while parsing a subcommand's values (ids, ports, paths) and in
    commands without :func:`translate_errors` meet the same edge. Help is shown in the language of
    ``--lang`` (or PANEL_TOOLKIT_LANG), Chinese by default."""

    context_class = EdgeContext

    def parse_args(self, ctx, args):
        lang = _lang_arg(args)
        try:
            settings.check()
        except PanelError as e:   # a bad setting stops every command before it reads that setting
            sys.exit(report(e, lang or "zh"))
        lang = lang or settings.get("PANEL_TOOLKIT_LANG")
        ctx.meta[LANG_KEY] = lang
        localise_help(self, lang)
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BaseException as e:  # noqa: BLE001 - this is the edge
            if _passes(e):
                raise
            sys.exit(report(e, _lang()))


def option_help_zh(path: str, name: str) -> str | None:
    """The Chinese help of option (or argument) ``name`` of the command at ``path``: a key
    "path name" in ``help_zh.OPTIONS`` wins over the plain name."""
    from .help_zh import OPTIONS

    return OPTIONS.get(f"{path} {name}".strip()) or OPTIONS.get(name)


def param_name(p: click.Parameter) -> str:
    """How OPTIONS names a parameter: an option by its longest spelling (``--out``), an argument by its metavar."""
    return max(p.opts, key=len) if isinstance(p, click.Option) else p.human_readable_name


def localise_help(root: click.Group, lang: str) -> None:
    """Put the help texts of every command and option in ``lang`` (the English ones are the docstrings),
    and give every command a context whose help screen speaks ``lang`` (:class:`EdgeContext`)."""
    from .help_zh import COMMANDS, DEFAULTS

    zh_ = pick(lang, True, False)

    def visit(cmd: click.Command, path: str) -> None:
        cmd.context_class = EdgeContext
        if not hasattr(cmd, "help_en"):
            cmd.help_en, cmd.short_help_en = cmd.help, cmd.short_help
        zh = COMMANDS.get(path) if zh_ else None
        cmd.help, cmd.short_help = (zh, None) if zh else (cmd.help_en, cmd.short_help_en)
        for p in cmd.params:
            if not hasattr(p, "help"):   # an argument on a click without argument help
                continue
            if not hasattr(p, "help_en"):
                p.help_en = p.help
            name = param_name(p)
            p.help = (option_help_zh(path, name) or p.help_en) if zh_ else p.help_en
            if isinstance(p, click.Option) and isinstance(p.show_default, str):
                if not hasattr(p, "show_default_en"):
                    p.show_default_en = p.show_default
                p.show_default = DEFAULTS.get(name, p.show_default_en) if zh_ else p.show_default_en
        for name, sub in getattr(cmd, "commands", {}).items():
            visit(sub, f"{path} {name}".strip())

    visit(root, "")
