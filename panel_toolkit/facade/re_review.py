"""The biennial re-review (第十六条 每两年进行复审) as a real re-check: the unit's updated 第八条 figures come in
through the same Excel template and validation as an application (SPEC §2.2), the eligibility rules run again
as of the re-review date, and the outcome is recorded in the directory — 复审通过, or a 第二十条(六) removal
case (已经不符合市级劳务品牌认定条件) for the city to decide. The removals table is not read (E7 concerns new
applications, not a brand already in the directory)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..config import SessionConfig
from ..directory.machine import Outcome
from ..directory.states import EventKind
from ..eligibility import CONDITION_IDS, evaluate
from ..errors import InvalidState
from ..intake import creditcode
from ..intake.fields import BOOL_KEYS, COUNT_KEYS
from ..intake.reader import read_table
from ..intake.validate import validate


@dataclass(frozen=True)
class ReReview:
    """The re-check's verdict per condition and what was recorded."""

    checks: pd.DataFrame          # E1…E6 status and detail of the unit's row
    outcome: Outcome

    @property
    def passed(self) -> bool:
        return self.outcome.records[-1].kind is EventKind.RE_REVIEWED


def re_review(directory, entry_id: int, path: str | Path, on_date: dt.date, config: SessionConfig) -> ReReview:
    """Read the unit's row (by credit code) from ``path`` with ``config``'s template and checks, evaluate
    E1–E6 with ``config``'s rubric as of ``on_date`` and record 复审通过 or a 第二十条(六) removal case."""
    directory._require("city")
    entry = directory.entry(entry_id)
    table = validate(read_table(Path(path)), config)           # InputRejected names every bad cell
    df = table.frame
    code = creditcode.normalize(entry["credit_code"])
    rows = df[df["credit_code"].astype("str").map(creditcode.normalize) == code]
    if len(rows) != 1:
        raise InvalidState(f"{Path(path).name} 中没有统一社会信用代码为 {code} 的一行（{entry['unit_name']}）；"
                           "请用申报模板填写该单位最新的第八条数据。",
                           f"{Path(path).name} has no row with credit code {code} ({entry['unit_name']}); fill in the "
                           "unit's current Article 8 figures in the application template.")
    apps = rows.reset_index(drop=True)
    apps[list(COUNT_KEYS)] = apps[list(COUNT_KEYS)].astype("Int64")
    apps[list(BOOL_KEYS)] = apps[list(BOOL_KEYS)].astype("boolean")
    apps["founded_on"] = pd.to_datetime(apps["founded_on"])
    checks = evaluate(apps, config.rubric, on_date, None)
    conditions = [c for c in CONDITION_IDS if c != "E7"]
    failed = [c for c in conditions if checks.iloc[0][c] == "fail"]
    detail = "；".join(f"{c}：{checks.iloc[0][f'{c}_detail']}" for c in failed)
    if failed:
        outcome = directory.record_event(entry_id, EventKind.REMOVAL_CASE, "第二十条(六)", on_date,
                                         f"第十六条复审未通过：{detail}"[:2000])
    else:
        outcome = directory.record_event(entry_id, EventKind.RE_REVIEWED, "第十六条", on_date,
                                         f"复审：第八条条件经重新核对（{Path(path).name}）")
    return ReReview(checks[[c for cid in conditions for c in (cid, f"{cid}_detail")]], outcome)
