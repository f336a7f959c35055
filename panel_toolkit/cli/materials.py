"""``materials``: the application materials (申报材料) a county hands over with its applications."""
from __future__ import annotations

from pathlib import Path

import click

from ..i18n import pick
from . import params
from .edge import show_frame, translate_errors
from .group import cli, lang_of, open_session
from .output import say

_HEADS_ZH = {"application_id": "申报编号", "kind": "类别", "filename": "文件名", "size": "大小", "pages": "页数",
             "sha256": "校验码"}


@cli.group()
def materials():
    """申报材料：添加、按文件夹导入、列出 / Application materials: add, import a folder, list."""


@materials.command("add")
@click.argument("session_id")
@click.argument("application_id", type=params.ID)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", default=None, help="Kind of every file (licence/training/employment/agreement/trademark/photo/other); "
                                           "default: from the file name.")
@click.pass_context
@translate_errors
def add(ctx, session_id, application_id, files, kind):
    """Keep FILES (pdf, jpg, png, docx, xlsx) with application APPLICATION_ID."""
    ids = open_session(ctx, session_id).add_materials(application_id, [(f.name, f.read_bytes()) for f in files], kind)
    skipped = len(files) - len(ids)
    say(ctx, "files_added_skipped" if skipped else "files_added", n=len(ids), skipped=skipped)


@materials.command("import")
@click.argument("session_id")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.pass_context
@translate_errors
def import_(ctx, session_id, folder):
    """Import FOLDER: one sub-folder per application, named by its 统一社会信用代码. All or nothing."""
    added = open_session(ctx, session_id).import_materials(folder)
    n = sum(len(v) for v in added.values())
    say(ctx, "materials_imported", applications=len(added), n=n)


@materials.command("list")
@click.argument("session_id")
@click.option("--application", "application_id", type=params.ID, default=None, help="One application only.")
@click.pass_context
@translate_errors
def list_(ctx, session_id, application_id):
    """List the materials (kind, file, size, pages)."""
    from ..materials.files import kind_label

    lang = lang_of(ctx)
    df = open_session(ctx, session_id).materials_frame(application_id)
    if df.empty:
        say(ctx, "no_materials")
        return
    out = df.assign(kind=df["kind"].map(lambda k: kind_label(k, lang)),
                    size=df["size"].map(lambda b: f"{b / 1048576:.1f} MB" if b >= 1048576 else f"{b / 1024:.0f} KB"),
                    sha256=df["sha256"].str[:12])[["application_id", "kind", "filename", "size", "pages", "sha256"]]
    heads, index = pick(lang, (_HEADS_ZH, "材料编号"), ({}, out.index.name))
    click.echo(show_frame(out.rename(columns=heads).rename_axis(index)))
