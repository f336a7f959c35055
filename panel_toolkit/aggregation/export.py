"""Workbooks for people: several sheets, formula-looking text neutralised (panel_toolkit.exports)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from ..exports import neutralise

MAX_WIDTH = 60


def write_workbook(path: str | Path, sheets: dict[str, pd.DataFrame]) -> Path:
    """One sheet per frame (headers in row 1, no index), columns sized to their text, header frozen."""
    path = Path(path)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            neutralise(frame).to_excel(writer, sheet_name=name, index=False)
            ws = writer.sheets[name]
            ws.freeze_panes = "A2"
            for i, col in enumerate(frame.columns, start=1):
                text = [str(col), *(str(v) for v in frame[col].head(500).tolist())]
                width = max(_width(t) for t in text) + 2
                ws.column_dimensions[get_column_letter(i)].width = min(width, MAX_WIDTH)
    return path


def _width(text: str) -> int:
    """Display width: CJK characters count twice."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
