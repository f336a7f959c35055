"""Workbooks for people: see :mod:`panel_toolkit.exports`, the one writer of every export."""
from __future__ import annotations

from ..exports import write_workbook

__all__ = ["write_workbook"]
