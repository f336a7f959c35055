"""Commands of the expert panel (第十二条): pool, conflicts, the draw and its verification,
assignments, the chair's changes, personal links. Each is a few lines over the session facade."""
from __future__ import annotations

from pathlib import Path

import click

from .. import settings
from ..i18n import pick
from . import params
from .edge import translate_errors
from .group import cli, lang_of, open_session, open_workspace
from .output import emit, say

_COLUMNS_ZH = {
    "application_id": "申报编号", "unit_name": "单位名称", "brand_name": "劳务品牌", "county": "县(市)区",
    "part": "评审环节", "expert_id": "专家编号", "expert_name": "专家", "expert_employer": "专家工作单位",
    "active": "有效", "created_at": "分配时间", "conflict": "回避", "name": "姓名", "employer": "工作单位",
    "employer_credit_code": "工作单位统一社会信用代码", "field": "专业领域", "title": "职称", "phone": "手机",
    "link": "个人链接", "status": "状态", "issued_at": "发放时间", "link_issued_at": "链接发放时间",
    "created_at_expert": "登记时间", "reasons": "回避理由", "declared_reason": "申报回避说明",
}
_PARTS_ZH = {"material": "资料评审", "site": "实地核查"}


def _display(df, lang: str):
    return pick(lang, _in_chinese, lambda df: df)(df)


def _in_chinese(df):
    out = df.copy()
    if "part" in out:
        out["part"] = out["part"].map(lambda p: _PARTS_ZH.get(p, p))
    out.index.name = {"id": "编号", "expert_id": "专家编号"}.get(out.index.name, out.index.name)
    return out.rename(columns=_COLUMNS_ZH)


_FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]), default="table")
_OUT = click.option("--out", type=params.OutFile(".csv", ".json", ".xlsx"),
                    help="Write to this file (required for xlsx).")


# -- the pool ------------------------------------------------------------------------------------

@cli.group()
def experts():
    """The expert pool (专家库) of a session."""


@experts.command("import")
@click.argument("session_id")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--update", is_flag=True, help="Replace experts whose details changed (old values stay in the event log).")
@click.pass_context
@translate_errors
def experts_import(ctx, session_id, file, update):
    """Import experts from FILE (.xlsx/.csv: 姓名, 工作单位, 所在县(市)区, 专业领域, 职称, 手机): all or nothing."""
    click.echo(open_session(ctx, session_id).import_experts(file, update=update).message(lang_of(ctx)))


@experts.command("list")
@click.argument("session_id")
@_FORMAT
@_OUT
@click.pass_context
@translate_errors
def experts_list(ctx, session_id, fmt, out):
    """The pool of SESSION with each expert's link status."""
    df = open_session(ctx, session_id).experts_frame().drop(columns=["created_at"])
    emit(ctx, _display(df, lang_of(ctx)), fmt, out)


@experts.command("template")
@click.argument("file", type=params.OutFile(".xlsx"))
@click.option("--session", "session_id", required=True, help="Use this session's county list.")
@click.pass_context
@translate_errors
def experts_template(ctx, file, session_id):
    """Write the expert pool template (专家库模板) FILE.xlsx."""
    from ..panel.template import write_expert_template

    write_expert_template(file, open_workspace(ctx).config(session_id))
    say(ctx, "expert_template_written", file=file)


# -- conflicts -----------------------------------------------------------------------------------

@cli.group()
def conflict():
    """Conflicts of interest (回避)."""


@conflict.command("add")
@click.argument("session_id")
@click.option("--expert", "expert_id", type=params.ID, required=True)
@click.option("--application", "application_id", type=params.ID, required=True)
@click.option("--reason", type=params.TEXT, required=True, help="Why the expert must not review this application.")
@click.pass_context
@translate_errors
def conflict_add(ctx, session_id, expert_id, application_id, reason):
    """Declare a conflict (申报回避) between an expert and an application."""
    open_session(ctx, session_id).declare_conflict(expert_id, application_id, reason)
    say(ctx, "conflict_recorded")


@conflict.command("list")
@click.argument("session_id")
@_FORMAT
@_OUT
@click.pass_context
@translate_errors
def conflict_list(ctx, session_id, fmt, out):
    """Every excluded (candidate, expert) pair with its reasons."""
    lang = lang_of(ctx)
    emit(ctx, _display(open_session(ctx, session_id).conflicts_frame(lang), lang), fmt, out)


# -- the draw --------------------------------------------------------------------------------------

class _DefaultGroup(click.Group):
    """``draw SESSION …`` runs the draw (the ``run`` subcommand); ``draw verify SESSION`` verifies it."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["run", *args]
        return super().parse_args(ctx, args)


@cli.group(cls=_DefaultGroup)
def draw():
    """Draw experts at random (专家随机抽取, 第十二条): `draw SESSION --seed S`, `draw verify SESSION`."""


@draw.command("run")
@click.argument("session_id")
@click.option("--per-candidate", type=params.Integer(1, 1000), default=None,
              help="Material-review experts per candidate; default: the session's.")
@click.option("--seed", type=params.Integer(0, 2**32 - 1), default=None, help="Random seed (recorded); default: chosen at random and printed.")
@click.option("--site-team", type=params.Integer(1, 1000), default=None, help="Site-inspection team size; default: the session's.")
@click.option("--replace", is_flag=True, help="Replace the current assignments (deactivated, kept); needs --reason.")
@click.option("--reason", type=params.TEXT, default="", help="Why the draw is repeated.")
@click.pass_context
@translate_errors
def draw_run(ctx, session_id, per_candidate, seed, site_team, replace, reason):
    """Draw every candidate's material panel and site team, respecting conflicts; all or nothing."""
    report = open_session(ctx, session_id).draw(per_candidate, seed, site_team, replace=replace, reason=reason)
    click.echo(report.message(lang_of(ctx)))


@draw.command("verify")
@click.argument("session_id")
@click.option("--draw-id", type=params.ID, default=None, help="Verify this draw; default: the latest.")
@click.pass_context
@translate_errors
def draw_verify(ctx, session_id, draw_id):
    """Re-run the recorded draw and confirm it, or show what changed. Exit status 9 when not consistent."""
    result = open_session(ctx, session_id).verify_draw(draw_id)
    click.echo(result.message(lang_of(ctx)))
    if not result.consistent:
        ctx.exit(9)


@cli.command()
@click.argument("session_id")
@click.option("--all", "include_inactive", is_flag=True, help="Include deactivated assignments (city).")
@click.option("--token", default=lambda: settings.get("PANEL_TOOLKIT_TOKEN"),
              help="Act as the expert of this personal-link token (or $PANEL_TOOLKIT_TOKEN).")
@_FORMAT
@_OUT
@click.pass_context
@translate_errors
def assignments(ctx, session_id, include_inactive, token, fmt, out):
    """Assignments of SESSION as the actor may see them (expert: own; county: its county; city: all)."""
    if token is not None:
        session = open_workspace(ctx).session_for_token(token.strip())
        if session.id != session_id:
            from ..panel.tokens import refused

            raise refused()
    else:
        session = open_session(ctx, session_id)
    emit(ctx, _display(session.assignments_frame(include_inactive=include_inactive), lang_of(ctx)), fmt, out)


@cli.command()
@click.argument("session_id")
@click.argument("assignment_id", type=params.ID)
@click.argument("new_expert_id", type=params.ID)
@click.option("--reason", type=params.TEXT, required=True, help="Why (logged with who).")
@click.pass_context
@translate_errors
def swap(ctx, session_id, assignment_id, new_expert_id, reason):
    """Replace the expert of ASSIGNMENT_ID by NEW_EXPERT_ID (the chair's change; logged with who and why)."""
    new_id = open_session(ctx, session_id).swap_expert(assignment_id, new_expert_id, reason)
    say(ctx, "swapped", id=new_id)


@cli.command()
@click.argument("session_id")
@click.argument("application_id", type=params.ID)
@click.argument("part", type=click.Choice(["material", "site"]))
@click.argument("expert_id", type=params.ID)
@click.option("--reason", type=params.TEXT, required=True, help="Why (logged with who).")
@click.pass_context
@translate_errors
def assign(ctx, session_id, application_id, part, expert_id, reason):
    """Add EXPERT_ID to APPLICATION_ID's material panel or site team (the chair's change)."""
    new_id = open_session(ctx, session_id).add_expert(application_id, part, expert_id, reason)
    say(ctx, "added", id=new_id)


# -- personal links ------------------------------------------------------------------------------------

@cli.command()
@click.argument("session_id")
@click.option("--base-url", required=True, help="Address of the expert app, e.g. https://review.example.cn/expert")
@click.option("--reissue", is_flag=True, help="New links for every expert; the old links stop working.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "xlsx"]), default="table")
@_OUT
@click.pass_context
@translate_errors
def links(ctx, session_id, base_url, reissue, fmt, out):
    """Issue personal links for experts without one (all with --reissue). A link is shown only once:
    the store keeps a hash of its token."""
    lang = lang_of(ctx)
    result = open_session(ctx, session_id).issue_links(base_url, reissue=reissue)
    emit(ctx, _display(result.to_frame(), lang), fmt, out)
    say(ctx, "links_issued", err=True, n=result.issued())


@cli.group()
def token():
    """Personal-link tokens."""


@token.command("revoke")
@click.argument("session_id")
@click.argument("expert_id", type=params.ID)
@click.option("--reason", type=params.TEXT, default="", help="Why (logged).")
@click.pass_context
@translate_errors
def token_revoke(ctx, session_id, expert_id, reason):
    """Revoke EXPERT_ID's link; `links` then issues a new one."""
    n = open_session(ctx, session_id).revoke_token(expert_id, reason)
    say(ctx, "links_revoked", n=n)
