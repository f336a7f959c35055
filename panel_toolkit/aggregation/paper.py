"""Paper score sheets typed into a long table (``scores import``), checked with the one set of sheet rules.

One row per value, Chinese headers (a row per criterion or site item, grouped into sheets by
expert + application + part):

| 专家编号 | 申报编号 | 评审环节 | 评分项 | 分值 | 核查结论 | 意见 |
|---|---|---|---|---|---|---|
| expert id | application id | 资料评审 / 实地核查 (material / site) | A1…E2, S1…S6 | points | 属实 / 基本属实 / 不属实 (site) | comment |

**Veto proposals (一票否决)** are rows too: 评分项 = the veto id (V1…V3), 意见 = the written reason
(required), 分值 and 核查结论 empty. 评审环节 names the sheet that carries it (资料评审 / 实地核查), or
is 否决 / veto to attach it to the same expert's site sheet of that application (else the material
sheet) in the file. A 不属实 on a starred site item needs such a row (V1) — the sheet rules say so.

Every value goes through :func:`panel_toolkit.sheets.rules.check_entry`, every sheet through
:func:`~panel_toolkit.sheets.rules.check_sheet` (complete), so the form and the import share the rules.
Pure: the facade adds what needs the store (assignments, conflicts, sheets already submitted).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ..config.rubric import Rubric
from ..errors import InvalidScore, Problem
from ..intake import values as v
from ..intake.fields import Field
from ..intake.reader import RawTable
from ..sheets.rules import Entry, VetoProposal, check_entry, check_sheet, resolve_verdict

SHEET_NAME = "评分录入"
TEMPLATE_ZH = "评分录入模板"
PAPER_FIELDS: tuple[Field, ...] = (
    Field("expert_id", "专家编号", "expert id", "count", True, "专家库中的专家编号"),
    Field("application_id", "申报编号", "application id", "count", True, "申报编号（系统编号）"),
    Field("part", "评审环节", "part", "text", True, "资料评审 或 实地核查；否决项也可填“否决”"),
    Field("item_id", "评分项", "item", "text", True, "评分项编号 A1…E2、S1…S6；一票否决填否决项编号 V1…V3"),
    Field("score", "分值", "score", "text", False, "得分；否决项不填"),
    Field("verdict", "核查结论", "verdict", "text", False, "实地核查项必填：属实、基本属实、不属实"),
    Field("comment", "意见", "comment", "text", False, "评分意见；否决项必须写明理由"),
    # For the typist only (the template fills them in); the import ignores them.
    Field("expert_name", "专家姓名", "expert name", "text", False, "仅供核对，导入时不读取"),
    Field("unit_name", "建设单位", "unit", "text", False, "仅供核对，导入时不读取"),
    Field("item_label", "评分项名称", "item label", "text", False, "仅供核对，导入时不读取"),
)
PART_WORDS = {"资料评审": "material", "material": "material", "实地核查": "site", "site": "site",
              "否决": "veto", "一票否决": "veto", "veto": "veto"}


@dataclass
class PaperSheet:
    """One expert's sheet of one part for one application, as typed in."""

    expert_id: int
    application_id: int
    part: str
    entries: dict[str, Entry] = field(default_factory=dict)
    vetoes: list[VetoProposal] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)     # item or veto id → spreadsheet row
    first_row: int = 0
    assignment_id: int | None = None
    bad_items: set[str] = field(default_factory=set)      # values already reported as wrong


def _header(key: str) -> str:
    return next(f.header for f in PAPER_FIELDS if f.key == key)


def parse_paper(raw: RawTable, rubric: Rubric) -> tuple[list[PaperSheet], list[Problem]]:
    """The sheets of the file and every problem found in it (rows as the user sees them)."""
    problems = [*raw.structure_problems, *raw.cell_problems.values()]
    veto_ids = {x.id for x in rubric.vetoes}
    sheets: dict[tuple[int, int, str], PaperSheet] = {}
    loose_vetoes: list[tuple[int, int, int, VetoProposal]] = []

    def bad(row, key, value, zh, en):
        problems.append(Problem(row, _header(key), value, zh, en))

    for row, cells in raw.rows:
        if any((row, _header(k)) in raw.cell_problems for k in ("expert_id", "application_id", "part", "item_id")):
            continue
        ids = {}
        for key in ("expert_id", "application_id"):
            try:
                ids[key] = v.parse_count(cells.get(_header(key)))
            except v.CellError as e:
                bad(row, key, cells.get(_header(key)), e.zh, e.en)
        part_raw = "" if v.is_blank(cells.get(_header("part"))) else unicodedata.normalize("NFKC", str(cells[_header("part")])).strip()
        part = PART_WORDS.get(part_raw.lower() if part_raw.isascii() else part_raw)
        if part is None:
            bad(row, "part", part_raw, "评审环节应为“资料评审”或“实地核查”（否决项可填“否决”）",
                "part must be 资料评审 (material) or 实地核查 (site); a veto row may say 否决 (veto)")
        item_raw = cells.get(_header("item_id"))
        item = "" if v.is_blank(item_raw) else unicodedata.normalize("NFKC", str(item_raw)).strip().upper()
        if not item:
            bad(row, "item_id", item_raw, "评分项不能为空", "the item id is empty")
        comment = ""
        if not v.is_blank(cells.get(_header("comment"))):
            try:
                comment = v.parse_text(cells[_header("comment")])
            except v.CellError as e:
                bad(row, "comment", cells[_header("comment")], e.zh, e.en)
        if len(ids) < 2 or part is None or not item:
            continue
        if item in veto_ids or part == "veto":
            if not (v.is_blank(cells.get(_header("score"))) and v.is_blank(cells.get(_header("verdict")))):
                bad(row, "score", cells.get(_header("score")), "否决项不填分值和核查结论，只在“意见”中写明理由",
                    "a veto row takes no score or verdict, only the reason in 意见")
                continue
            proposal = VetoProposal(item, comment)
            if part == "veto":
                loose_vetoes.append((row, ids["expert_id"], ids["application_id"], proposal))
            else:
                s = _sheet(sheets, ids, part, row)
                s.vetoes.append(proposal)
                s.rows.setdefault(item, row)
            continue
        s = _sheet(sheets, ids, part, row)
        if item in s.entries:
            bad(row, "item_id", item, f"评分项 {item} 在该专家的同一评分表中重复（另见第 {s.rows[item]} 行）",
                f"item {item} appears twice on this expert's sheet (see also row {s.rows[item]})")
            continue
        try:
            verdict = resolve_verdict(rubric, cells.get(_header("verdict")), item) if part == "site" else (
                None if v.is_blank(cells.get(_header("verdict"))) else str(cells[_header("verdict")]))
            score = check_entry(rubric, part, item, cells.get(_header("score")), verdict)
        except InvalidScore as e:
            problems.append(Problem(row, _header("score"), cells.get(_header("score")), e.zh, e.en))
            s.rows.setdefault(item, row)
            s.bad_items.add(item)
            continue
        s.entries[item] = Entry(score, verdict, comment)
        s.rows[item] = row

    for row, expert, app, proposal in loose_vetoes:
        target = sheets.get((expert, app, "site")) or sheets.get((expert, app, "material"))
        if target is None:
            problems.append(Problem(row, _header("part"), "否决", f"专家 {expert} 在本文件中没有申报 {app} 的评分表，否决项无处归属",
                                    f"expert {expert} has no sheet for application {app} in this file to carry the veto"))
            continue
        target.vetoes.append(proposal)
        target.rows.setdefault(proposal.veto_id, row)

    for s in sheets.values():
        for p in check_sheet(rubric, s.part, s.entries, s.vetoes, complete=True):
            if p.column in s.bad_items:
                continue  # its value was reported as wrong already
            problems.append(Problem(s.rows.get(p.column, s.first_row), _header("item_id"), p.column,
                                    f"专家 {s.expert_id}、申报 {s.application_id} 的{_part_zh(s.part)}评分表：{p.reason_zh}",
                                    f"expert {s.expert_id}, application {s.application_id}, {s.part} sheet: {p.reason_en}"))
    return list(sheets.values()), sorted(problems, key=lambda p: (p.row or 0))


def match_assignments(sheets: list[PaperSheet], assigned: dict, status: dict, conflicts: dict) -> list[Problem]:
    """Give each sheet its assignment and report what the store refuses: the expert not (or no longer)
    assigned to that part of that application, a conflict of interest (回避), a sheet already submitted.

    ``assigned``: (expert_id, application_id, part) → active assignment id; ``status``: assignment id →
    status of its current sheet; ``conflicts``: assignment id → live conflict reasons ('' for none)."""
    problems = []
    for sh in sheets:
        aid = assigned.get((sh.expert_id, sh.application_id, sh.part))
        where, pz = (sh.first_row, _header("expert_id"), sh.expert_id), _part_zh(sh.part)
        if aid is None:
            problems.append(Problem(*where, f"专家 {sh.expert_id} 未被分配评审申报 {sh.application_id} 的{pz}（或分配已停用）",
                                    f"expert {sh.expert_id} is not assigned to application {sh.application_id} ({sh.part})"))
        elif conflicts.get(aid, ""):
            problems.append(Problem(*where, f"专家 {sh.expert_id} 与申报 {sh.application_id} 存在回避关系（{conflicts[aid]}），不能录入",
                                    f"expert {sh.expert_id} has a conflict of interest with application {sh.application_id}"))
        elif status.get(aid) == "submitted":
            problems.append(Problem(*where, f"专家 {sh.expert_id} 对申报 {sh.application_id} 的{pz}评分表已提交，不能覆盖；"
                                            "如需更改请先要求修订（revision request）",
                                    f"the sheet of expert {sh.expert_id} for application {sh.application_id} ({sh.part}) is "
                                    "submitted already; request a revision first"))
        sh.assignment_id = aid
    return problems


def template_frame(assignments, rubric: Rubric, expert_names, unit_names):
    """The paper-entry table with one row per item of every given assignment (application_id, part,
    expert_id), sorted by expert, application and part: ids and labels filled in (``expert_names``:
    expert id → name, ``unit_names``: application id → unit), score, verdict and comment blank."""
    import pandas as pd

    assignments = assignments.assign(expert_name=assignments["expert_id"].map(expert_names).astype(object),
                                     unit_name=assignments["application_id"].map(unit_names).astype(object))
    assignments = assignments.sort_values(["expert_id", "application_id", "part"])
    labels = {c.id: c.label.zh for c in rubric.criteria} | {i.id: i.label.zh + ("★" if i.starred else "")
                                                            for i in rubric.site_items}
    ids = {"material": [c.id for c in rubric.criteria], "site": [i.id for i in rubric.site_items]}
    rows = [{_header("expert_id"): int(a.expert_id), _header("application_id"): int(a.application_id),
             _header("part"): _part_zh(a.part), _header("item_id"): item, _header("score"): None, _header("verdict"): None,
             _header("comment"): None, _header("expert_name"): a.expert_name, _header("unit_name"): a.unit_name,
             _header("item_label"): labels[item]}
            for a in assignments.itertuples() for item in ids[a.part]]
    return pd.DataFrame(rows, columns=[f.header for f in PAPER_FIELDS])


def _sheet(sheets: dict, ids: dict, part: str, row: int) -> PaperSheet:
    key = (ids["expert_id"], ids["application_id"], part)
    if key not in sheets:
        sheets[key] = PaperSheet(ids["expert_id"], ids["application_id"], part, first_row=row)
    return sheets[key]


def _part_zh(part: str) -> str:
    return {"material": "资料评审", "site": "实地核查"}.get(part, part)
