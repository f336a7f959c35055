"""Certificate numbers (证书编号, 第二十二条: the city issues certificates and plaques, each uniquely numbered).

Scheme (policy default)::

    YKLW-<year>-<division>-<serial>        e.g. YKLW-2026-210881-001

- ``YKLW``: 营口劳务 (Yingkou labour-service brand);
- ``year``: the year of the recognition decision;
- ``division``: the 6-digit national division code of the brand's county (``data/yingkou_divisions.csv``);
  ``210800`` (营口市) for the city-department route (市直) and for any screening unit without a code
  of its own (a development zone is not a county-level statistical unit, SPEC §8);
- ``serial``: 3 digits, per year and division, from 001, continuing after the highest number already in
  the directory, in the order of the notice (序号).

Uniqueness is also enforced by the store (``directory_entries.certificate_no`` is unique) and the
numbers of one recognition are assigned in the same transaction as its directory entries.
"""
from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources
from typing import Iterable

PREFIX = "YKLW"
CITY_CODE = "210800"
PATTERN = re.compile(rf"^{PREFIX}-(\d{{4}})-(\d{{6}})-(\d{{3}})$")
MAX_SERIAL = 999


@cache
def division_codes() -> dict[str, str]:
    text = resources.files("panel_toolkit").joinpath("data", "yingkou_divisions.csv").read_text("utf-8")
    return {row["name"]: row["code"] for row in csv.DictReader(text.splitlines())}


def division_of(county: str) -> str:
    return division_codes().get(county, CITY_CODE)


def assign_numbers(year: int, counties: Iterable[str], existing: Iterable[str] = ()) -> list[str]:
    """One new certificate number per county in ``counties`` (in order), after the ``existing`` ones."""
    highest: dict[tuple[str, str], int] = {}
    for number in existing:
        m = PATTERN.match(number or "")
        if m:
            key = (m.group(1), m.group(2))
            highest[key] = max(highest.get(key, 0), int(m.group(3)))
    out = []
    for county in counties:
        key = (f"{year:04d}", division_of(county))
        serial = highest.get(key, 0) + 1
        if serial > MAX_SERIAL:
            raise ValueError(f"more than {MAX_SERIAL} certificates for {key} in one year")
        highest[key] = serial
        out.append(f"{PREFIX}-{key[0]}-{key[1]}-{serial:03d}")
    return out
