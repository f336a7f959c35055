"""The expert pool (专家库) of a session: the form's columns and their validation, all or nothing.

第十二条: the city organises experts for 资料评审 and 实地核查; in practice they are drawn at
random from a pool (专家库随机抽取). The pool comes as an .xlsx/.csv with Chinese headers,
read with the same structural checks as applications (:func:`panel_toolkit.intake.reader.read_table`)
and parsed with the same cell parsers (:mod:`panel_toolkit.intake.values`).

The validated frame has one row per expert: the keys of :data:`EXPERT_KEYS` (``str``, missing
optional values NA) and ``source_row`` (``int64``, the Excel row). The mobile number identifies an
expert within a session, so it is unique per file and per session.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pandas as pd

from ..config import SessionConfig
from ..errors import Problem
from ..intake import values as v
from ..intake.fields import Field
from ..intake.reader import RawTable
from ..intake.validate import parse_cells, reject_if_any, repeated_rows

SHEET_NAME = "专家库"
TEMPLATE_ZH = "专家库模板"
#: An expert whose employer is outside Yingkou: never in a county conflict (同县(市)区回避).
OUTSIDE_CITY = "市外"

EXPERT_FIELDS: tuple[Field, ...] = (
    Field("name", "姓名", "name", "text", True, "专家姓名"),
    Field("employer", "工作单位", "employer", "text", True, "工作单位全称；专家不评审本单位的申报（回避）"),
    Field("employer_credit_code", "工作单位统一社会信用代码", "employer's credit code", "credit_code", False,
          "选填；18位，按GB 32100-2015校验；用于按信用代码识别同单位回避"),
    Field("county", "所在县(市)区", "county", "county", True,
          f"工作单位所在县(市)区，从下拉列表选择；营口市以外填“{OUTSIDE_CITY}”；用于同县(市)区回避"),
    Field("field", "专业领域", "field of expertise", "text", False, "如：家政服务、建筑、职业培训"),
    Field("title", "职称", "professional title", "text", False, "如：高级经济师、副教授"),
    Field("phone", "手机", "mobile phone", "mobile", True, "11位手机号；同一批次内每位专家的手机号不能重复"),
)
EXPERT_KEYS = tuple(f.key for f in EXPERT_FIELDS)
EXPERT_BY_KEY = {f.key: f for f in EXPERT_FIELDS}

_MOBILE = re.compile(r"1[3-9]\d{9}")


def parse_mobile(raw: object) -> str:
    """A mainland mobile number, returned as its 11 digits (spaces, '-', a +86 prefix removed)."""
    text = v.parse_phone(raw)
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if not _MOBILE.fullmatch(digits):
        raise v.CellError("应为11位手机号（以1开头），如 13912345678；固定电话不能用于接收评审链接",
                          "must be an 11-digit mobile number starting with 1, e.g. 13912345678")
    return digits


def expert_counties(config: SessionConfig) -> tuple[str, ...]:
    """What 所在县(市)区 may hold: the session's screening units, and 市外."""
    return config.screening_units + (OUTSIDE_CITY,)


def normalize_name(raw: object) -> str:
    """A unit or person name as compared for 回避: NFKC (full-width → ASCII), no spaces, case-folded."""
    if raw is None or (not isinstance(raw, str) and pd.isna(raw)):
        return ""
    return "".join(unicodedata.normalize("NFKC", str(raw)).split()).casefold()


def validate_experts(raw: RawTable, config: SessionConfig) -> pd.DataFrame:
    """Typed experts of one file; :class:`InputRejected` listing every problem if there is any."""
    records, problems = parse_cells(raw, EXPERT_FIELDS, _parsers(config))
    problems.extend(_duplicates(raw, records))
    reject_if_any(raw, records, problems, "文件中没有任何专家数据行；请从第2行起每行填写一位专家",
                  "the file has no expert rows; fill in one expert per row from row 2")
    frame = pd.DataFrame({k: pd.Series([r[k] for r in records], dtype="str") for k in EXPERT_KEYS})
    frame["source_row"] = pd.Series([r["source_row"] for r in records], dtype="int64")
    return frame


def _parsers(config: SessionConfig) -> dict[str, Callable[[Any], Any]]:
    return {
        "text": v.parse_text,
        "credit_code": v.parse_credit_code,
        "county": lambda raw: v.parse_county(raw, expert_counties(config)),
        "mobile": parse_mobile,
    }


def _duplicates(raw: RawTable, records: list[dict]) -> list[Problem]:
    """The same expert twice: the same mobile number, or the same name at the same employer.
    Every row of a repeat is reported, naming the others."""
    cells = dict(raw.rows)
    out = []
    keys = (
        ("phone", lambda r: r["phone"], "手机号", "mobile number"),
        ("name", lambda r: (normalize_name(r["name"]), normalize_name(r["employer"]))
         if r["name"] and r["employer"] else None, "姓名和工作单位", "name and employer"),
    )
    for key, ident, what_zh, what_en in keys:
        header = EXPERT_BY_KEY[key].header
        for row, others in repeated_rows(records, lambda r: ident(r) or None):
            listed = "、".join(f"第{r}行" for r in others)
            out.append(Problem(row, header, cells[row].get(header),
                               f"与{listed}的{what_zh}相同，是同一位专家重复填写；请删除或合并重复的行",
                               f"same {what_en} as row(s) {', '.join(map(str, others))}: the same expert twice; "
                               "delete or merge the repeated rows"))
    return out
