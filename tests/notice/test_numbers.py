"""Certificate numbers (第二十二条): YKLW-<year>-<division>-<serial>, unique, continuing the directory."""
from __future__ import annotations

import pytest

from panel_toolkit.notice.numbers import CITY_CODE, PATTERN, assign_numbers, division_of


def test_division_codes():
    assert division_of("盖州市") == "210881" and division_of("站前区") == "210802"
    assert division_of("市直") == CITY_CODE == "210800"
    assert division_of("营口经济技术开发区") == CITY_CODE   # no code of its own (SPEC §8)


def test_serial_per_year_and_division_in_order():
    got = assign_numbers(2026, ["盖州市", "市直", "盖州市", "老边区"])
    assert got == ["YKLW-2026-210881-001", "YKLW-2026-210800-001", "YKLW-2026-210881-002", "YKLW-2026-210811-001"]
    assert all(PATTERN.match(n) for n in got)


def test_continues_after_existing_numbers():
    existing = ["YKLW-2026-210881-001", "YKLW-2026-210881-007", "YKLW-2025-210881-012", "YK-2022-001"]
    assert assign_numbers(2026, ["盖州市", "盖州市"], existing) == ["YKLW-2026-210881-008", "YKLW-2026-210881-009"]
    assert assign_numbers(2025, ["盖州市"], existing) == ["YKLW-2025-210881-013"]


def test_serial_has_three_digits():
    with pytest.raises(ValueError):
        assign_numbers(2026, ["盖州市"], ["YKLW-2026-210881-999"])
