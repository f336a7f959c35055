"""Conflicts of interest (回避), candidates × experts, vectorised, with a reason per excluded pair.

SPEC §5 (policy default, a session setting): an expert never reviews a candidate of their own
employer and, by default, none of their own county. An employer matches by name (compared after
:func:`~panel_toolkit.panel.pool.normalize_name`) or by 统一社会信用代码. Conflicts declared for one
expert and one application (申报回避, by the expert or the chair) exclude that pair too.

Each pair carries a bit mask of its reasons, so every exclusion can be explained.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import index
from .pool import OUTSIDE_CITY, normalize_name

#: Reason bits, in the order they are reported.
EMPLOYER_NAME, EMPLOYER_CODE, COUNTY, DECLARED = 1, 2, 4, 8
REASONS: dict[int, tuple[str, str]] = {
    EMPLOYER_NAME: ("同单位(名称)", "same employer (name)"),
    EMPLOYER_CODE: ("同单位(信用代码)", "same employer (credit code)"),
    COUNTY: ("同县(市)区", "same county"),
    DECLARED: ("申报回避", "declared conflict"),
}


def reason_labels(code: int, lang: str = "zh") -> list[str]:
    """The reasons a mask stands for, e.g. 5 → ['同单位(名称)', '同县(市)区']."""
    i = index(lang)
    return [pair[i] for bit, pair in REASONS.items() if code & bit]


@dataclass(frozen=True)
class ConflictRules:
    """Which grounds apply (session settings ``conflicts.same_employer`` / ``conflicts.same_county``)."""

    same_employer: bool = True
    same_county: bool = True

    @classmethod
    def of(cls, config) -> ConflictRules:
        return cls(config.conflict_same_employer, config.conflict_same_county)


@dataclass(frozen=True)
class ConflictMatrix:
    """``codes[i, j]``: reason mask of candidate ``application_ids[i]`` and expert ``expert_ids[j]`` (0 = none)."""

    application_ids: np.ndarray
    expert_ids: np.ndarray
    codes: np.ndarray

    @property
    def excluded(self) -> np.ndarray:
        return self.codes != 0

    def code(self, application_id: int, expert_id: int) -> int:
        return int(self.codes_of([application_id], [expert_id])[0])

    def codes_of(self, application_ids, expert_ids) -> np.ndarray:
        """The masks of the pairs (application_ids[k], expert_ids[k]); 0 for ids not in the matrix."""
        i = pd.Index(self.application_ids).get_indexer(np.asarray(application_ids, dtype="int64"))
        j = pd.Index(self.expert_ids).get_indexer(np.asarray(expert_ids, dtype="int64"))
        found = (i >= 0) & (j >= 0)
        out = np.zeros(len(i), dtype=np.uint8)
        out[found] = self.codes[i[found], j[found]]
        return out

    def pairs(self, lang: str = "zh") -> pd.DataFrame:
        """One row per excluded pair: application_id, expert_id, reasons (joined with '、')."""
        i, j = np.nonzero(self.codes)
        codes = self.codes[i, j]
        labels = {int(c): "、".join(reason_labels(int(c), lang)) for c in np.unique(codes)}
        return pd.DataFrame({
            "application_id": self.application_ids[i].astype("int64"),
            "expert_id": self.expert_ids[j].astype("int64"),
            "reasons": pd.Series([labels[int(c)] for c in codes], dtype="str"),
        })

    def reason_counts(self, row: int) -> dict[int, int]:
        """For candidate row ``row``: how many experts each reason excludes (an expert may have several)."""
        codes = self.codes[row]
        return {bit: int(np.count_nonzero(codes & bit)) for bit in REASONS}


def conflict_matrix(candidates: pd.DataFrame, experts: pd.DataFrame,
                    declared: Iterable[tuple[int, int]] = (), rules: ConflictRules = ConflictRules()) -> ConflictMatrix:
    """The conflict matrix.

    ``candidates``: index = application id; columns ``unit_name``, ``credit_code``, ``county``.
    ``experts``: index = expert id; columns ``employer``, ``employer_credit_code`` (may be NA), ``county``.
    ``declared``: (expert_id, application_id) pairs.
    """
    app_ids = candidates.index.to_numpy(dtype="int64")
    exp_ids = experts.index.to_numpy(dtype="int64")
    codes = np.zeros((len(app_ids), len(exp_ids)), dtype=np.uint8)
    if rules.same_employer:
        codes |= _same(candidates["unit_name"].map(normalize_name),
                       experts["employer"].map(normalize_name)) * np.uint8(EMPLOYER_NAME)
        codes |= _same(candidates["credit_code"], experts["employer_credit_code"]) * np.uint8(EMPLOYER_CODE)
    if rules.same_county:
        county = experts["county"].where(experts["county"] != OUTSIDE_CITY)
        codes |= _same(candidates["county"], county) * np.uint8(COUNTY)
    row = {a: i for i, a in enumerate(app_ids.tolist())}
    col = {e: j for j, e in enumerate(exp_ids.tolist())}
    for expert_id, application_id in declared:
        if application_id in row and expert_id in col:
            codes[row[application_id], col[expert_id]] |= DECLARED
    return ConflictMatrix(app_ids, exp_ids, codes)


def _same(left: pd.Series, right: pd.Series) -> np.ndarray:
    """``out[i, j]``: left[i] equals right[j], both present and non-empty (as uint8 0/1)."""
    values = pd.concat([left, right], ignore_index=True).astype("str")
    values = values.where(values.str.len() > 0)
    codes, _ = pd.factorize(values, use_na_sentinel=True)
    a, b = codes[: len(left)], codes[len(left):]
    return ((a[:, None] == b[None, :]) & (a[:, None] >= 0)).astype(np.uint8)
