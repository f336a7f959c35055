"""Typed domain errors (领域错误).

The core raises these; front ends translate them at the edge: the CLI prints one line (or a
table of problems) and exits non-zero, the Voila apps show the Chinese message. Every error
carries enough context (file, row, column, key) to say *where* and *how to fix*.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class PanelError(Exception):
    """Base class. ``zh`` and ``en`` are complete, user-facing sentences."""

    exit_code = 1

    def __init__(self, zh: str, en: str | None = None):
        self.zh = zh
        self.en = en or zh
        super().__init__(self.en)

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


class ConfigError(PanelError):
    """A rubric or session file is malformed: names the file, the key and the fix."""

    exit_code = 3

    def __init__(self, file: str, key: str, zh: str, en: str, fix_zh: str = "", fix_en: str = ""):
        self.file, self.key = str(file), key
        self.reason_zh, self.reason_en = zh, en
        super().__init__(
            f"{file}: 键 {key!s}: {zh}" + (f"。修改方法：{fix_zh}" if fix_zh else ""),
            f"{file}: key {key!s}: {en}" + (f". Fix: {fix_en}" if fix_en else ""),
        )


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file: where (row, column), what (value) and why (reason)."""

    row: int | None
    column: str
    value: Any
    reason_zh: str
    reason_en: str = ""

    def reason(self, lang: str = "zh") -> str:
        if lang == "en" and self.reason_en:
            return self.reason_en
        return self.reason_zh

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason(lang)}


class InputRejected(PanelError):
    """An input file has problems; nothing was imported. ``problems`` lists every one of them."""

    exit_code = 2

    def __init__(self, file: str, problems: list[Problem]):
        self.file, self.problems = str(file), list(problems)
        n = len(self.problems)
        super().__init__(
            f"{file}: 发现 {n} 处问题，未导入任何数据。请按下列各行修改后重新导入。",
            f"{file}: {n} problem(s) found; nothing was imported. Fix the rows below and import again.",
        )

    def table(self, lang: str = "zh"):
        import pandas as pd

        cols = ["行", "列", "值", "问题"] if lang != "en" else ["row", "column", "value", "reason"]
        rows = [[p.row, p.column, p.value, p.reason(lang)] for p in self.problems]
        return pd.DataFrame(rows, columns=cols)


class NotFound(PanelError):
    exit_code = 4


class AccessDenied(PanelError):
    """The actor's role or scope does not allow this. The message never reveals other people's data."""

    exit_code = 5


class InvalidState(PanelError):
    """The operation is not allowed in the current state (e.g. rejecting without a reason)."""

    exit_code = 6


class ConflictOfInterest(AccessDenied):
    """回避 (第十二条; SPEC §5): the expert may not review this candidate. ``reasons`` names each ground."""

    exit_code = 7

    def __init__(self, zh: str, en: str | None = None, reasons: tuple[str, ...] = ()):
        self.reasons = tuple(reasons)
        super().__init__(zh, en)


class DrawInfeasible(InvalidState):
    """The expert pool cannot cover every candidate without conflicts; nothing was drawn or written.

    ``report`` has one dict per uncovered candidate: application_id, unit_name, county, excluded
    (count per reason), remaining, needed."""

    exit_code = 8

    def __init__(self, zh: str, en: str, report: list[dict[str, Any]]):
        self.report = list(report)
        super().__init__(zh, en)
