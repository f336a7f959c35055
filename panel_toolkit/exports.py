"""Writing tables for people: CSV, JSON, Excel. Spreadsheet cells that look like formulas are
neutralised (a leading apostrophe), so a name such as ``=cmd|...`` can never run in Excel."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            s = out[col]
            mask = s.notna() & s.astype(str).str.startswith(FORMULA_START)
            if mask.any():
                out[col] = s.astype(object)
                out.loc[mask, col] = "'" + s[mask].astype(str)
    return out


def write_frame(df: pd.DataFrame, fmt: str, out: Path | None) -> str | None:
    """Write ``df`` as csv/json/xlsx to ``out``; without ``out`` return csv/json text."""
    if fmt == "xlsx":
        if out is None:
            raise ValueError("xlsx needs an output file")
        neutralise(df).to_excel(out, engine="openpyxl")
        return None
    if fmt == "csv":
        text = neutralise(df).to_csv()
    else:
        text = df.reset_index().to_json(orient="records", force_ascii=False, date_format="iso", indent=1) + "\n"
    if out is None:
        return text
    Path(out).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    return None
