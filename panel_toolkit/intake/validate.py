"""Validate a :class:`~panel_toolkit.intake.reader.RawTable` into typed applications, all or nothing.

Every problem of the file is collected (each with row, column, value and reason) and raised
together as :class:`~panel_toolkit.errors.InputRejected`, so a county fixes all its cells in one
round. (Structural problems — headers, merged cells, formulas — are reported before, by the reader.)

The resulting frame has one row per application; columns and dtypes:

- the keys of ``fields.APPLICATION_KEYS``, typed by kind:
  count → ``Int64``; bool → ``boolean``; ``founded_on`` → ``object`` holding :class:`datetime.date`
  (a calendar date with no time or time zone: compared directly with the session's
  ``reference_date`` and stored as SQL ``Date``); every other kind → ``str`` (missing optional text is NA);
- ``screening_decision`` (``str``): 'passed' / 'rejected' / NA — the initial screening (第十、十一条);
- ``screening_reason`` (``str`` or NA);
- ``source_row`` (``int64``): the Excel row number;
- ``row_sha256`` (``str``): sha256 of the canonical JSON of the ``APPLICATION_KEYS`` values
  (:func:`row_sha256`), so re-importing an identical row is recognised.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..config.session import CITY_ROUTE, SessionConfig
from ..errors import InputRejected, Problem
from . import values as v
from .fields import APPLICATION_KEYS, BY_KEY, FIELDS, Field
from .reader import FILE, RawTable

EXTRA_COLUMNS = ("screening_decision", "screening_reason", "source_row", "row_sha256")
COLUMNS = APPLICATION_KEYS + EXTRA_COLUMNS

_DTYPES = {"count": "Int64", "bool": "boolean", "date": "object"}  # every other kind: "str"


@dataclass
class ValidatedTable:
    """The applications of one file, typed; see the module docstring for the columns."""

    file: str
    frame: pd.DataFrame
    skipped_empty_rows: int = 0
    warnings: tuple = ()  # Problems that did not stop the import (a merged county cell filled down)

    def __len__(self) -> int:
        return len(self.frame)


def row_sha256(record: dict[str, Any]) -> str:
    """Fingerprint of an application's content, so re-importing an identical row is recognised."""
    payload = {k: record.get(k).isoformat() if isinstance(record.get(k), dt.date) else record.get(k)
               for k in APPLICATION_KEYS}
    canon = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def validate(raw: RawTable, config: SessionConfig) -> ValidatedTable:
    records, problems = parse_cells(raw, FIELDS, _parsers(config), bad=_BAD)
    cells = dict(raw.rows)
    for record in records:
        problems.extend(_row_rules(record["source_row"], cells[record["source_row"]], record))
    problems.extend(_duplicate_codes(raw, records))
    reject_if_any(raw, records, problems, "文件中没有任何申报数据行；请从第2行起每行填写一个申报单位",
                  "the file has no application rows; fill in one unit per row from row 2")
    for record in records:
        record["row_sha256"] = row_sha256(record)
    return ValidatedTable(raw.file, _frame(records), raw.skipped_empty_rows, tuple(raw.warnings))


def parse_cells(raw: RawTable, fields, parsers: dict[str, Callable[[Any], Any]], bad: Any = None,
                ) -> tuple[list[dict], list[Problem]]:
    """Every row as {field key: parsed value} (``bad`` where a cell was refused), and a problem for
    every refused cell. Shared by every form (applications, experts, paper score sheets)."""
    problems: list[Problem] = list(raw.structure_problems)  # reported with the cells' problems, in one pass
    missing = {f.header for f in fields if f.required and f.header not in raw.headers}  # already one problem each
    records = []
    for row, cells in raw.rows:
        record = {"source_row": row}
        for f in fields:
            if f.header in missing:
                record[f.key] = bad
                continue
            value = cells.get(f.header)
            refused = raw.cell_problems.get((row, f.header))
            if refused is not None:  # e.g. a formula cell, refused by the reader
                record[f.key] = bad
                problems.append(refused)
                continue
            try:
                record[f.key] = _parse(f, value, parsers[f.kind])
            except v.CellError as e:
                record[f.key] = bad
                problems.append(Problem(row, f.header, value, e.zh, e.en))
        records.append(record)
    return records, problems


def reject_if_any(raw: RawTable, records: list, problems: list[Problem], empty_zh: str, empty_en: str) -> None:
    """Raise :class:`InputRejected` with every problem, in row order; an empty file is a problem too."""
    if not records and not problems:
        problems.append(Problem(None, FILE, None, empty_zh, empty_en))
    if problems:
        problems.sort(key=lambda p: (p.row is not None, p.row or 0))
        raise InputRejected(raw.file, problems)


# -- cells ------------------------------------------------------------------------------------------

_BAD = object()  # a cell that failed to parse: later rules that need it are skipped, not doubled


def _parsers(config: SessionConfig) -> dict[str, Callable[[Any], Any]]:
    return {
        "text": v.parse_text,
        "credit_code": v.parse_credit_code,
        "unit_type": v.parse_unit_type,
        "county": lambda raw: v.parse_county(raw, config.screening_units),
        "date": lambda raw: v.parse_date(raw, not_after=config.reference_date),
        "bool": v.parse_bool,
        "count": v.parse_count,
        "phone": v.parse_phone,
        "decision": v.parse_decision,
    }


def _parse(f: Field, raw: Any, parser: Callable[[Any], Any]) -> Any:
    if v.is_blank(raw):
        if f.required:
            raise v.CellError(f"必填项为空；请填写（{f.help}）", f"required ({f.en}); please fill it in")
        return None
    return parser(raw)


# -- rules across cells -----------------------------------------------------------------------------

def _ok(record: dict, *keys: str) -> bool:
    return all(record[k] is not _BAD for k in keys)


def _row_rules(row: int, cells: dict, record: dict) -> list[Problem]:
    out = []

    def problem(key: str, zh: str, en: str) -> None:
        out.append(Problem(row, BY_KEY[key].header, cells.get(BY_KEY[key].header), zh, en))

    # 第十一条: brands built under a city department are screened by that department (市直 route).
    if _ok(record, "county", "department"):
        if record["county"] == CITY_ROUTE and record["department"] is None:
            problem("department", f"县(市)区为“{CITY_ROUTE}”时必须填写市直主管部门（由其初审，第十一条）",
                    f"required when the county is {CITY_ROUTE}: the city department that screens it (Article 11)")
        elif record["county"] != CITY_ROUTE and record["department"] is not None:
            problem("department", f"只有县(市)区为“{CITY_ROUTE}”时才填写市直主管部门；请清空此格，或把县(市)区改为“{CITY_ROUTE}”",
                    f"only filled in when the county is {CITY_ROUTE}; empty this cell or set the county to {CITY_ROUTE}")

    # 第八条(三)1: those working in the trade after training are a subset of those trained.
    for year, label in (("1", "第一年"), ("2", "第二年")):
        trained, in_trade = f"trained_y{year}", f"in_trade_y{year}"
        if _ok(record, trained, in_trade) and None not in (record[trained], record[in_trade]) \
                and record[in_trade] > record[trained]:
            problem(in_trade, f"{label}培训后从事该行业人数（{record[in_trade]}）不能超过{label}培训人数（{record[trained]}）；请核对",
                    f"working in the trade ({record[in_trade]}) cannot exceed trained ({record[trained]}) "
                    f"in year {year}; check both numbers")

    # 第十、十一条: a rejection at initial screening must give its reason.
    if _ok(record, "screening_decision", "screening_reason") and record["screening_decision"] == "rejected" \
            and record["screening_reason"] is None:
        problem("screening_reason", "初审结论为“不通过”时必须填写初审意见（不通过的理由）",
                "a 不通过 (rejected) screening needs its reason in 初审意见")
    return out


def _duplicate_codes(raw: RawTable, records: list[dict]) -> list[Problem]:
    """One unit applies once per file: report every row of a repeated credit code, naming the others."""
    header = BY_KEY["credit_code"].header
    cells = dict(raw.rows)
    out = []
    for row, others in repeated_rows(records, lambda r: r["credit_code"] if r["credit_code"] is not _BAD else None):
        listed = "、".join(f"第{r}行" for r in others)
        out.append(Problem(row, header, cells[row].get(header),
                           f"与{listed}的统一社会信用代码重复；同一单位在一个文件中只能申报一次，请删除或合并重复的行",
                           f"same credit code as row(s) {', '.join(map(str, others))}; a unit applies once per file - "
                           "delete or merge the repeated rows"))
    return out


def repeated_rows(records: list[dict], ident: Callable[[dict], Any]) -> Iterator[tuple[int, list[int]]]:
    """(row, the other rows) for every row whose ``ident(record)`` — None to skip the row — is shared."""
    rows_by = defaultdict(list)
    for record in records:
        key = ident(record)
        if key is not None:
            rows_by[key].append(record["source_row"])
    for rows in rows_by.values():
        for row in rows if len(rows) > 1 else ():
            yield row, [r for r in rows if r != row]


# -- frame ------------------------------------------------------------------------------------------

def _frame(records: list[dict]) -> pd.DataFrame:
    data = {}
    for key in COLUMNS:
        column = [r[key] for r in records]
        if key == "source_row":
            data[key] = pd.Series(column, dtype="int64")
        else:
            kind = BY_KEY[key].kind if key in BY_KEY else "text"
            data[key] = pd.Series(column, dtype=_DTYPES.get(kind, "str"))
    return pd.DataFrame(data)
