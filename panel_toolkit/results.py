"""Result objects: display as a table in a notebook, convert to a DataFrame for an analyst."""
from __future__ import annotations

import html

import pandas as pd


class TableResult:
    """Wraps a DataFrame. ``_repr_html_`` escapes every cell (names come from user input)."""

    title: str = ""

    def __init__(self, frame: pd.DataFrame, title: str = ""):
        self._frame = frame
        self.title = title or self.title

    def to_frame(self) -> pd.DataFrame:
        return self._frame.copy()

    def __len__(self) -> int:
        return len(self._frame)

    def __repr__(self) -> str:
        return f"{type(self).__name__}: {self.title} ({len(self)} rows)\n" + self._frame.to_string(max_rows=20)

    def _repr_html_(self) -> str:
        caption = f"<h4>{html.escape(self.title)}</h4>" if self.title else ""
        return caption + self._frame.to_html(escape=True, max_rows=200, na_rep="")
