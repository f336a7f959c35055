"""Vectorised sentence building for eligibility details.

A detail sentence is assembled from *coded* pieces: integer codes per row plus a small table of the
distinct texts (each number or date is formatted once). This keeps 100,000 rows under a second
(``benchmarks/bench_screen.py``); a plain per-row ``str.format`` took three times as long.
"""
from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from ..periods import period_end_array

NA_MARK = "—"
PASS, CHECK, FAIL = 0, 1, 2   # status codes; an application's overall status is its worst code
S = np.dtypes.StringDType()

# A detail sentence is assembled from *coded* pieces: integer codes per row plus a small table of the
# distinct texts (each number or date is formatted once). Adjacent pieces are merged by combining their
# codes, so a sentence with ten numbers costs a few integer operations and one or two string joins per
# row instead of twenty. Materialised texts are numpy object arrays of str.

def add_years(days: np.ndarray, years: int) -> np.ndarray:
    """``days`` (datetime64[D], NaT allowed) plus whole ``years``: the last day of the period, by
    民法典第二百零一、二百零二条 (:mod:`panel_toolkit.periods`; 2020-02-29 + 2 years = 2022-02-28)."""
    return period_end_array(days, years=years)


@dataclass(frozen=True)
class Coded:
    """Row ``i`` reads ``table[codes[i]]``."""
    codes: np.ndarray      # int64
    table: np.ndarray      # object array of str

    def text(self) -> np.ndarray:
        return self.table[self.codes]


def coded(values, show: Callable[[np.ndarray], np.ndarray] | None = None, missing: str = NA_MARK) -> Coded:
    """Factorize ``values``; ``show`` formats the array of distinct values (default: ``str``, ISO dates)."""
    codes, uniques = pd.factorize(values)
    if show is not None:
        shown = show(np.asarray(uniques))
    elif isinstance(values, np.ndarray) and values.dtype.kind == "M":
        shown = np.datetime_as_string(np.asarray(uniques, dtype="datetime64[D]"), unit="D")
    elif isinstance(uniques, pd.api.extensions.ExtensionArray) and uniques.dtype.kind in "iu":
        shown = uniques.to_numpy(dtype=np.int64).astype(str)
    else:
        shown = np.asarray(uniques).astype(str)
    table = np.append(np.asarray(shown, dtype=object), missing)
    return Coded(np.where(codes < 0, len(table) - 1, codes).astype(np.int64), table)


def choice(codes: np.ndarray, texts) -> Coded:
    """``texts[codes[i]]`` per row, e.g. a flag (codes 0/1) or a word per status code."""
    return Coded(np.asarray(codes, dtype=np.int64), np.array([str(t) for t in texts], dtype=object))


def flag(mask: np.ndarray, text: str) -> Coded:
    return choice(mask, ("", text))


def _merge(a: str | Coded, b: str | Coded, n: int) -> str | Coded | None:
    """``a`` followed by ``b`` without touching the rows, or None when that would not pay: two coded
    pieces merge by combining their codes while the observed combinations stay few (≤ n/4)."""
    if isinstance(a, str) and isinstance(b, str):
        return a + b
    if isinstance(a, str):
        return Coded(b.codes, a + b.table)
    if isinstance(b, str):
        return Coded(a.codes, a.table + b)
    joint, uniques = pd.factorize(a.codes * len(b.table) + b.codes)
    if len(uniques) > max(n // 4, 16):
        return None
    return Coded(joint.astype(np.int64), a.table[uniques // len(b.table)] + b.table[uniques % len(b.table)])


def fmt(template: str, **values) -> np.ndarray:
    """``str.format`` over rows. Values are scalars, :class:`Coded` or object arrays of str, all of one
    length. Literals and coded values merge into as few segments as possible; segments are then joined
    row by row."""
    sizes = [len(v.codes) if isinstance(v, Coded) else len(v) for v in values.values()
             if isinstance(v, (Coded, np.ndarray))]
    n = sizes[0] if sizes else 0
    segments: list = []                       # materialised: object arrays (or a leading str)
    current: str | Coded = ""
    for literal, field, _, _ in string.Formatter().parse(template):
        for piece in (literal, values[field] if field is not None else ""):
            if isinstance(piece, np.ndarray):
                segments += [current.text() if isinstance(current, Coded) else current, piece]
                current = ""
                continue
            piece = piece if isinstance(piece, Coded) else str(piece)
            merged = _merge(current, piece, n)
            if merged is None:
                segments.append(current.text())
                current = piece
            else:
                current = merged
    segments.append(current.text() if isinstance(current, Coded) else current)
    parts = [seg for seg in segments if not (isinstance(seg, str) and not seg)]
    if not parts:
        return np.full(n, "", dtype=object)
    out = parts[0] if isinstance(parts[0], np.ndarray) else np.full(n, parts[0], dtype=object)
    for seg in parts[1:]:
        out = out + seg
    return out


def obj(value) -> np.ndarray:
    return value.astype(object, copy=False) if isinstance(value, np.ndarray) else np.array(str(value), dtype=object)


def when(mask: np.ndarray, text, otherwise="") -> np.ndarray:
    return np.where(mask, obj(text), obj(otherwise))


def by_status(codes: np.ndarray, on_pass, on_check, on_fail) -> np.ndarray:
    """Per row, the text for its status. Each text is a str, a full-length array, or a function of the
    row positions having that status (so a rare case is only formatted for its own rows)."""
    out = np.empty(len(codes), dtype=object)
    for code, text in ((PASS, on_pass), (CHECK, on_check), (FAIL, on_fail)):
        idx = np.flatnonzero(codes == code)
        if idx.size:
            out[idx] = text(idx) if callable(text) else text[idx] if isinstance(text, np.ndarray) else text
    return out


def rstrip_chars(texts: np.ndarray, chars: str) -> np.ndarray:
    return np.strings.rstrip(texts.astype(S), chars).astype(object)


def tri(ok) -> np.ndarray:
    """Nullable boolean → status code: True pass, NA check, False fail."""
    b = pd.array(ok, dtype="boolean")
    return np.where(b.isna(), CHECK, np.where(b.fillna(False).to_numpy(dtype=bool), PASS, FAIL)).astype(np.int8)


def is_false(ok) -> np.ndarray:
    return ~pd.array(ok, dtype="boolean").fillna(True).to_numpy(dtype=bool)


def percent(part, whole) -> Coded:
    """``part / whole`` as a percentage with one decimal, rounded *down* with integer arithmetic so that a
    ratio just under the threshold never shows as the threshold (7999/10000 is 79.9 %, not 80.0 %)."""
    p, w = pd.array(part, dtype="Int64"), pd.array(whole, dtype="Int64").copy()
    w[~(w > 0).fillna(False).to_numpy(dtype=bool)] = pd.NA              # no percentage of 0 trained
    tenths = (p * 1000) // w

    def show(u: np.ndarray) -> np.ndarray:
        u = u.astype(np.int64)
        return np.char.add(np.char.add(np.char.add((u // 10).astype(str), "."), (u % 10).astype(str)), "%")
    return coded(tenths, show)


def clean(values: pd.Series, upper: bool = False) -> np.ndarray:
    """User text stripped (and upper-cased), "" when missing; each distinct value is cleaned once."""
    def show(u: np.ndarray) -> np.ndarray:
        u = np.strings.strip(u.astype(S))
        return (np.strings.upper(u) if upper else u).astype(object)
    return coded(values, show, missing="").text()
