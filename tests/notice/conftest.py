"""Calendar fixtures: the official 2025 and 2026 schedules (State Council notices, as restated in
shared/data/official_holidays_2025_2026.md) typed in by hand, and a writer of override files."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml


def days(first: str, last: str | None = None) -> list[dt.date]:
    a = dt.date.fromisoformat(first)
    b = dt.date.fromisoformat(last or first)
    return [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]


#: year -> (days off, make-up working days), from the official notices; never from the library.
OFFICIAL = {
    2026: (days("2026-01-01", "2026-01-03") + days("2026-02-15", "2026-02-23") + days("2026-04-04", "2026-04-06")
           + days("2026-05-01", "2026-05-05") + days("2026-06-19", "2026-06-21") + days("2026-09-25", "2026-09-27")
           + days("2026-10-01", "2026-10-07"),
           days("2026-01-04") + days("2026-02-14") + days("2026-02-28") + days("2026-05-09") + days("2026-09-20")
           + days("2026-10-10")),
    2025: (days("2025-01-01") + days("2025-01-28", "2025-02-04") + days("2025-04-04", "2025-04-06")
           + days("2025-05-01", "2025-05-05") + days("2025-05-31", "2025-06-02") + days("2025-10-01", "2025-10-08"),
           days("2025-01-26") + days("2025-02-08") + days("2025-04-27") + days("2025-09-28") + days("2025-10-11")),
}

#: A *fictional* 2027 schedule for tests only (it is not the State Council's 2027 notice).
FICTIONAL_2027 = {
    "schema_version": 1,
    "year": 2027,
    "source": "测试用虚构安排（并非国务院办公厅通知）",
    "holidays": ["2027-01-01", {"from": "2027-02-06", "to": "2027-02-12", "name": "春节"}],
    "workdays": ["2027-01-02", "2027-02-20"],
}


@pytest.fixture
def write_override(tmp_path):
    """``write_override(data, name=...)``: a calendar override YAML file."""

    def write(data: dict, name: str = "calendar-2027.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return path

    return write
