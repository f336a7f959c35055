"""Commands of the proposed list (拟认定名单, 第十二条): paper sheets, aggregation, flags, reliability,
sensitivity, the chair's revisions, veto decisions and confirmation. A few lines each over the facade."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..i18n import pick, text
from . import params
from .edge import translate_errors
from .group import cli, lang_of, open_session
from .output import emit, say

# The names of panel_toolkit.aggregation.methods.METHODS, spelled out so that --help need not import
# pandas (tests/cli/test_speed.py keeps the two equal).
METHODS = ("mean", "median", "trimmed_mean", "zscore")
_METHOD = click.option("--method", type=click.Choice(METHODS), default=None,
                       help="mean | median | trimmed_mean | zscore; default: the rubric's scoring.aggregation.")
_OUT = click.option("--out", type=params.OutFile(".csv", ".json", ".xlsx"), help="Write to this file.")


_HEAD_ZH = {"scope": "范围", "part": "部分", "item_id": "评分项", "n_targets": "候选对象数", "design": "设计", "alpha": "α",
            "band": "ICC 等级", "alpha_band": "α 等级", "alpha_level": "α 测量尺度", "unit_name": "建设单位", "combined": "综合得分", "rank": "排名",
            "method_pass_changes": "方法间结论变化", "method_rank_changes": "方法间排名变化", "loo_rank_min": "去一专家最好排名",
            "loo_rank_max": "去一专家最差排名", "loo_pass_flips": "去掉后结论改变的专家", "boot_rank_lo": "排名区间下限",
            "boot_rank_hi": "排名区间上限", "p_pass": "通过概率", "application_id": "申报编号", "assignment_id": "分配编号",
            "expert_id": "专家编号", "veto_id": "否决项", "reason": "理由", "decision": "主席决定", "decision_reason": "决定理由",
            "actor": "决定人", "decided_at": "决定时间", "county": "县(市)区", "brand_name": "劳务品牌名称",
            "industry": "行业", "material": "资料评审", "site": "实地核查", "conclusion": "结论"}
_DESIGN_ZH = {"crossed": "完全交叉", "partly crossed": "部分交叉", "incomplete": "不完全（各候选对象专家不同）"}
_WORDS_ZH = {"interval": "等距", "ordinal": "定序", "nominal": "定类", "ratio": "定比", "part": "部分", "criterion": "评分项", "material": "资料评审", "site": "实地核查", "poor": "差", "moderate": "中等", "good": "良好",
             "excellent": "优秀", "unreliable": "不可靠", "tentative": "仅可初步采信", "reliable": "可靠", True: "是", False: "",
             "confirmed": "确认", "dismissed": "驳回", "proposed": "拟认定", "not_proposed": "不予认定",
             "excluded": "不参加排名", "incomplete": "评审未完成"}


def _terminal(lang: str, index: bool):
    """For people at a terminal: the first column as the index unless the frame has one, blanks for missing
    values, Chinese headers and words in zh."""
    heads, index_heads, words, designs = pick(lang, (_HEAD_ZH, {"application_id": "申报编号"}, _WORDS_ZH, _DESIGN_ZH),
                                              ({}, {}, {}, {}))

    def view(df):
        df = df if index else df.set_index(df.columns[0])
        out = df.astype(object).where(df.notna(), "")
        for col in out.columns:
            mapping = designs if col == "design" else words
            out[col] = [mapping.get(v, v) if isinstance(v, (str, bool)) else v for v in out[col]]
        out = out.rename(columns=heads)
        out.index.name = index_heads.get(out.index.name, out.index.name)
        return out

    return view


def _table(ctx, df, fmt: str, out: Path | None = None, index: bool = False) -> None:
    """:func:`~.output.emit` with this module's terminal view."""
    emit(ctx, df, fmt, out, index=index, terminal=_terminal(lang_of(ctx), index))


def _format_of(fmt: str | None, out: Path | None, default: str = "table") -> str:
    if fmt:
        return fmt
    if out is not None and out.suffix.lower() in (".xlsx", ".csv", ".json"):
        return out.suffix.lower().lstrip(".")
    return default


# -- paper sheets -------------------------------------------------------------------------------

@cli.group()
def scores():
    """Score sheets (评分表): paper sheets typed into a table, and the current values."""


@scores.command("import")
@click.argument("session_id")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
@translate_errors
def scores_import(ctx, session_id, file):
    """Import paper sheets from FILE (.xlsx/.csv), all or nothing, as submitted sheets.

    One row per value, headers 专家编号, 申报编号, 评审环节 (资料评审/实地核查), 评分项 (A1…E2, S1…S6),
    分值, 核查结论 (属实/基本属实/不属实, site items), 意见. A veto proposal (一票否决) is a row whose
    评分项 is the veto id (V1…V3) with the written reason in 意见 and no score; its 评审环节 names the
    sheet that carries it, or 否决 to attach it to the expert's site sheet (else material sheet).
    Every value is checked with the same rules as the expert's form (range, step, verdict caps,
    starred 不属实 needs V1), and the expert must be assigned and not in conflict (回避)."""
    n = open_session(ctx, session_id).import_scores(file)
    say(ctx, "sheets_imported", n=n)


@scores.command("template")
@click.argument("session_id")
@click.argument("file", type=params.OutFile(".xlsx"))
@click.pass_context
@translate_errors
def scores_template(ctx, session_id, file):
    """Write the paper-entry table FILE.xlsx: one row per item of every sheet not yet submitted."""
    n = open_session(ctx, session_id).scores_template(file)
    say(ctx, "scores_template_written", file=file, n=n)


@scores.command("list")
@click.argument("session_id")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]), default="csv")
@_OUT
@click.pass_context
@translate_errors
def scores_list(ctx, session_id, fmt, out):
    """Every value of every current sheet (highest revision) of SESSION."""
    _table(ctx, open_session(ctx, session_id).scores_frame(), fmt, out)


# -- the list and its checks --------------------------------------------------------------------

@cli.command()
@click.argument("session_id")
@_METHOD
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx"]), default=None,
              help="table (default), json/csv to stdout, xlsx (or an --out ending .xlsx): the official sheet "
                   "plus flags, per-expert scores and notes.")
@_OUT
@click.pass_context
@translate_errors
def aggregate(ctx, session_id, method, fmt, out):
    """The proposed list (拟认定名单, 第十二条) of SESSION: part scores, combined score, rank, conclusion.

    json gives one record per application with English keys (to_frame()); csv and table the official
    columns 序号, 县(市)区, 劳务品牌名称, 建设单位, 行业, 资料评审, 实地核查, 综合得分, 排名, 结论."""
    lang, fmt = lang_of(ctx), _format_of(fmt, out)
    result = open_session(ctx, session_id).aggregate(method)
    if fmt == "xlsx":
        if out is None:
            raise click.UsageError("--format xlsx needs --out FILE.xlsx")
        result.write_excel(out, lang)
        say(ctx, "written", out=out)
        return
    if fmt == "json":
        _table(ctx, result.to_frame().drop(columns=pick(lang, ["reason_en"], [])), fmt, out, index=True)
        return
    _table(ctx, result.official_frame(lang), fmt, out)
    if fmt == "table":
        s = result.summary()
        say(ctx, "aggregate_summary", method=result.method, proposed=s["proposed"], not_proposed=s["not_proposed"],
            incomplete=s["incomplete"], excluded=s["excluded"], flags=len(result.flags))


@cli.command()
@click.argument("session_id")
@_METHOD
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@click.pass_context
@translate_errors
def flags(ctx, session_id, method, fmt):
    """Flags for the chair: 评分偏离 (naming the expert), missing or unsubmitted sheets, veto proposals,
    low reliability, revisions, ties."""
    result = open_session(ctx, session_id).aggregate(method)
    lang = lang_of(ctx)
    if fmt == "table":
        _table(ctx, result.flags.display_frame(lang, result.to_frame()["unit_name"]), fmt)
    else:
        _table(ctx, result.flags.to_frame(), fmt)


@cli.command()
@click.argument("session_id")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@click.pass_context
@translate_errors
def reliability(ctx, session_id, fmt):
    """Inter-rater reliability per part and criterion: ICC(1,1) … ICC(3,k) (Shrout & Fleiss 1979) and
    Krippendorff's α (interval), with the Koo & Li (2016) and Krippendorff bands."""
    df = open_session(ctx, session_id).reliability().to_frame()
    if fmt == "table":
        cols = ["scope", "part", "item_id", "n_targets", "design", "ICC(1,1)", "ICC(1,k)", "ICC(2,k)", "ICC(3,k)", "alpha",
                "band", "alpha_band"]
        _table(ctx, df[cols].round(3), fmt, index=True)
        return
    _table(ctx, df, fmt)


@cli.command()
@click.argument("session_id")
@_METHOD
@click.option("--boot", "n_boot", type=params.Integer(1, 100_000), default=1000, show_default=True, help="Bootstrap resamples.")
@click.option("--seed", type=params.Integer(0, 2**32 - 1), default=0, show_default=True, help="Seed of the bootstrap (reproducible).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@click.pass_context
@translate_errors
def sensitivity(ctx, session_id, method, n_boot, seed, fmt):
    """Which candidates change pass/fail or rank across methods or without one expert; bootstrap over
    experts: a 95 % rank interval and the probability of passing."""
    session = open_session(ctx, session_id)
    label = text("cli.bootstrap", lang_of(ctx))
    with click.progressbar(length=n_boot, label=label, file=sys.stderr) as bar:
        seen = [0]

        def tick(done: int, total: int) -> None:
            bar.update(done - seen[0])
            seen[0] = done

        result = session.sensitivity(n_boot=n_boot, seed=seed, progress=tick, method=method)
    df = result.to_frame()
    if fmt == "table":
        cols = ["unit_name", "combined", "rank", "method_pass_changes", "method_rank_changes", "loo_rank_min",
                "loo_rank_max", "loo_pass_flips", "boot_rank_lo", "boot_rank_hi", "p_pass"]
        _table(ctx, df[cols].round(3), fmt, index=True)
        return
    _table(ctx, df, fmt, index=True)


# -- the chair's decisions ------------------------------------------------------------------------

@cli.group()
def revision():
    """Revisions of submitted sheets at the chair's request (a new version; the original stays)."""


@revision.command("request")
@click.argument("session_id")
@click.argument("assignment_id", type=params.ID)
@click.option("--reason", type=params.TEXT, required=True, help="Why the expert should review the sheet (kept with it).")
@click.pass_context
@translate_errors
def revision_request(ctx, session_id, assignment_id, reason):
    sid = open_session(ctx, session_id).request_revision(assignment_id, reason)
    say(ctx, "revision_sent", sheet=sid)


@cli.group()
def veto():
    """一票否决: the chair confirms or dismisses an expert's veto proposal."""


@veto.command("list")
@click.argument("session_id")
@click.pass_context
@translate_errors
def veto_list(ctx, session_id):
    _table(ctx, open_session(ctx, session_id).vetoes_frame(), "table")


@veto.command("confirm")
@click.argument("session_id")
@click.argument("application_id", type=params.ID)
@click.argument("veto_id")
@click.option("--reason", type=params.TEXT, required=True)
@click.pass_context
@translate_errors
def veto_confirm(ctx, session_id, application_id, veto_id, reason):
    """Confirm the veto VETO_ID of APPLICATION_ID: the candidate leaves the ranking."""
    open_session(ctx, session_id).confirm_veto(application_id, veto_id, reason)
    say(ctx, "veto_confirmed")


@veto.command("dismiss")
@click.argument("session_id")
@click.argument("application_id", type=params.ID)
@click.argument("veto_id")
@click.option("--reason", type=params.TEXT, required=True)
@click.pass_context
@translate_errors
def veto_dismiss(ctx, session_id, application_id, veto_id, reason):
    """Dismiss the veto proposal VETO_ID of APPLICATION_ID: the candidate stays in the ranking."""
    open_session(ctx, session_id).dismiss_veto(application_id, veto_id, reason)
    say(ctx, "veto_dismissed")


@cli.command()
@click.argument("session_id")
@_METHOD
@click.option("--date", "decided_on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day the chair decided, when entered later (default today); a notice cannot precede it.")
@click.pass_context
@translate_errors
def confirm(ctx, session_id, method, decided_on):
    """The chair confirms the proposed list of SESSION (recorded: who, when, method, inputs SHA-256)."""
    c = open_session(ctx, session_id).confirm_proposed_list(method, decided_on=decided_on.date() if decided_on else None)
    counts = c.to_frame()["conclusion"].value_counts().to_dict()
    say(ctx, "list_confirmed", id=c.id, actor=c.actor, method=c.method, proposed=counts.get("proposed", 0),
        sha=c.inputs_sha256)


@cli.command()
@click.argument("session_id")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@click.pass_context
@translate_errors
def confirmed(ctx, session_id, fmt):
    """The confirmed proposed list (a county sees its own county's rows)."""
    c = open_session(ctx, session_id).confirmation()
    if fmt == "json":
        click.echo(json.dumps({"id": c.id, "actor": c.actor, "confirmed_at": c.confirmed_at.isoformat(), "method": c.method,
                               "inputs_sha256": c.inputs_sha256,
                               "rows": json.loads(c.to_frame().to_json(orient="records", force_ascii=False))},
                              ensure_ascii=False, indent=1))
        return
    _table(ctx, c.to_frame(), fmt)
