"""Seeded synthetic applications (申报), as a county would type them into the Excel template.

Every unit name starts with （示例） and every unit, brand and person is invented. Most rows are
fully eligible; a few are built to fail one condition of 第八条 each, so the eligibility check,
the screening and the dashboards have something to show:

==================  ==========================================================================
scenario            what is special
==================  ==========================================================================
eligible            nothing: passes 第八条 (E3 cannot fail through import: the name is required)
e1_declaration      one E1 declaration answered 否 (第八条(一))
e2_too_young        founded less than 2 years before the reference date (第八条(一))
e4_total            180 trained in the two years (第八条(三)1)
e4_year             a year with 95 trained (第八条(三)2)
e4_in_trade         fewer than 100 now working in the trade (第八条(三)1)
e4_ledger           training ledger 否 (第八条(三)3)
e5_ratio            a year with 78 % self-employed or exported (第八条(四))
e5_agreements       no long-term cooperation agreement (第八条(四))
e5_ledger           employment ledger 否 (第八条(四))
e6_follow_up        follow-up services 否 (第八条(五))
e7_removed          eligible on paper; the demo records its removal from the directory (第二十条)
ich_relaxed         非遗 unit passing only with the relaxed training thresholds (第八条(三))
ich                 非遗 unit passing the normal thresholds as well
name_warning        a brand name that does not follow 第三条 (a warning, not a failure)
==================  ==========================================================================

The template's screening columns carry the county's initial screening (初审, 第十条): mostly
通过, two 不通过 with a reason, a few left blank (not screened yet).
"""
from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from ..config import CITY_ROUTE, SessionConfig
from ..intake import creditcode
from ..intake.fields import BY_KEY, DECLARATIONS
from . import catalogue as cat

MARK = "（示例）"          # starts every unit name
CITY_REGION_CODE = "210800"  # 营口市 itself: the 市直 route's units are registered at city level

#: Special rows per 42 applications (the default size); scaled to ``n`` and at least one each.
SCENARIO_COUNTS: dict[str, int] = {
    "e1_declaration": 1, "e2_too_young": 1, "e4_total": 1, "e4_year": 1, "e4_in_trade": 1, "e4_ledger": 1,
    "e5_ratio": 1, "e5_agreements": 1, "e5_ledger": 1, "e6_follow_up": 1, "e7_removed": 1,
    "ich_relaxed": 1, "ich": 1, "name_warning": 2,
}
ICH_SCENARIOS = ("ich_relaxed", "ich")
REJECTED_PER_42, UNSCREENED_PER_42 = 2, 3
BASE_N = 42


@dataclass(frozen=True)
class DemoRow:
    """One generated application: why it was made (``scenario``) and its cells ``{header: value}``."""

    scenario: str
    cells: dict[str, Any]

    def get(self, key: str) -> Any:
        """A cell by field key (``credit_code``, ``county``…)."""
        return self.cells.get(BY_KEY[key].header)


def generate_rows(config: SessionConfig, n: int = BASE_N, seed: int = 2024) -> list[dict[str, Any]]:
    """``n`` applications as ``{Chinese header: cell value}``, the same for the same seed."""
    return [row.cells for row in generate(config, n, seed)]


def generate(config: SessionConfig, n: int = BASE_N, seed: int = 2024) -> list[DemoRow]:
    """Like :func:`generate_rows`, keeping each row's scenario (the demo builder needs it)."""
    rng = np.random.default_rng(seed)
    units = _spread(config.screening_units, n)
    scenarios = _assign_scenarios(units, n, rng)
    screening = _assign_screening(units, scenarios, n, rng)
    maker = _RowMaker(config, rng)
    return [DemoRow(s, maker.row(unit, s, screen)) for unit, s, screen in zip(units, scenarios, screening, strict=True)]


# -- who gets what --------------------------------------------------------------------------------

def _scaled(per_42: int, n: int) -> int:
    return max(1, round(per_42 * n / BASE_N))


def _spread(units: tuple[str, ...], n: int) -> list[str]:
    """Rows grouped by county in the session's order, as evenly as possible (first ones get the rest)."""
    k = len(units)
    return [u for i, u in enumerate(units) for _ in range(n // k + (i < n % k))]


def _has_ich_trade(unit: str) -> bool:
    return any(cat.TRADES[t].ich for t in cat.COUNTY_TRADES.get(unit, ()))


def _assign_scenarios(units: list[str], n: int, rng: np.random.Generator) -> list[str]:
    scenarios = ["eligible"] * n
    free = [int(i) for i in rng.permutation(n)]
    # Heritage rows go where a heritage trade is at home (盖州剪纸, 大石桥面塑, the city's culture bureau).
    for name in ICH_SCENARIOS:
        for _ in range(_scaled(SCENARIO_COUNTS[name], n)):
            spot = next((i for i in free if _has_ich_trade(units[i])), None)
            if spot is None:
                break
            scenarios[spot] = name
            free.remove(spot)
    for name, per_42 in SCENARIO_COUNTS.items():
        if name in ICH_SCENARIOS:
            continue
        for _ in range(_scaled(per_42, n)):
            if not free:
                return scenarios
            scenarios[free.pop()] = name
    return scenarios


def _assign_screening(units: list[str], scenarios: list[str], n: int, rng: np.random.Generator) -> list[str]:
    """'passed' / 'rejected' / '' (blank: not screened yet) for each row.

    A county would reject the unit with a pending dispute; the other rejection hits an
    eligible-looking row (a licence mismatch). Blank rows are ordinary county rows; the 市直
    rows are all passed by their department so the city's 复审 has something to review.
    """
    out = ["passed"] * n
    order = [int(i) for i in rng.permutation(n)]
    plain = [i for i in order if scenarios[i] == "eligible" and units[i] != CITY_ROUTE]
    rejected = [i for i in order if scenarios[i] == "e1_declaration"][:1]
    rejected += plain[: _scaled(REJECTED_PER_42, n) - len(rejected)]
    for i in rejected:
        out[i] = "rejected"
    for i in [i for i in plain if out[i] == "passed"][: _scaled(UNSCREENED_PER_42, n)]:
        out[i] = ""
    return out


# -- one row --------------------------------------------------------------------------------------

def division_codes() -> dict[str, str]:
    """County name → 6-digit administrative division code (bundled ``data/yingkou_divisions.csv``)."""
    text = resources.files("panel_toolkit").joinpath("data", "yingkou_divisions.csv").read_text("utf-8")
    return {row["name"]: row["code"] for row in csv.DictReader(text.splitlines())}


def org_code(body8: str) -> str:
    """组织机构代码 (GB 11714): 8 characters plus their check character."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c, 36) * w for c, w in zip(body8, weights, strict=True))
    check = 11 - total % 11
    return body8 + {10: "X", 11: "0"}.get(check, str(check))


class _RowMaker:
    """Builds rows one by one; remembers names and codes already used so they stay unique."""

    def __init__(self, config: SessionConfig, rng: np.random.Generator):
        self.config, self.rng = config, rng
        self.ref = config.reference_date
        self.codes = division_codes()
        self.used_names: set[str] = set()
        self.used_codes: set[str] = set()
        self.used_associations: set[tuple[str, str]] = set()
        self.used_odd_brands: set[str] = set()

    # small helpers over the one generator, so every draw is reproducible
    def pick(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def between(self, lo: int, hi: int) -> int:
        return int(self.rng.integers(lo, hi + 1))

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def row(self, unit: str, scenario: str, screening: str) -> dict[str, Any]:
        trade = self._trade(unit, scenario)
        founded = self._founded(scenario)
        is_association = (unit, trade.key) not in self.used_associations and self.chance(0.2)
        if is_association:
            self.used_associations.add((unit, trade.key))
            name, kind = f"{MARK}{self._prefix(unit)}{trade.association}", "association"
            brand = self.pick(self._region_words(unit)) + self.pick(trade.brand_cores)
        else:
            shop, name, kind = self._enterprise_name(unit, trade)
            brand = shop + self.pick(trade.brand_cores)
        if scenario == "name_warning":
            brand = self._odd_brand()
        self.used_names.add(name)
        v: dict[str, Any] = {
            "unit_name": name,
            "credit_code": self._credit_code(unit, kind, founded),
            "unit_type": "行业组织" if kind == "association" else "企事业单位",
            "county": unit,
            "department": trade.department if unit == CITY_ROUTE else None,
            "brand_name": brand,
            "trademark_no": str(self.between(10_000_000, 69_999_999)) if self.chance(0.35) else None,
            "industry": trade.industry,
            "job_type": self.pick(trade.jobs),
            "founded_on": founded,
            "is_ich": "是" if trade.ich else "否",
            **{key: "是" for key, _, _ in DECLARATIONS},
            **self._numbers(scenario),
            "training_ledger": "否" if scenario == "e4_ledger" else "是",
            "employment_ledger": "否" if scenario == "e5_ledger" else "是",
            "follow_up": "否" if scenario == "e6_follow_up" else "是",
            "contact_person": self.pick(cat.SURNAMES) + "".join(self.pick(cat.GIVEN_CHARS) for _ in range(self.between(1, 2))),
            "contact_phone": self._phone(),
            "remarks": None,
        }
        if scenario == "e1_declaration":
            key = self.pick(DECLARATIONS)[0]
            v[key] = "否"
            v["remarks"] = "尚有一起劳动合同纠纷在审理中" if key == "decl_no_disputes" else None
        if scenario == "ich_relaxed":
            v["remarks"] = "非遗项目传承单位，申请按非遗类放宽标准审查"
        v.update(self._screening(unit, screening, scenario))
        return self._as_typed(v)

    # -- parts of a row -------------------------------------------------------------------------
    def _trade(self, unit: str, scenario: str) -> cat.Trade:
        keys = cat.COUNTY_TRADES.get(unit, cat.GENERAL_TRADES)
        want_ich = scenario in ICH_SCENARIOS
        return cat.TRADES[self.pick([k for k in keys if cat.TRADES[k].ich == want_ich])]

    def _prefix(self, unit: str) -> str:
        return cat.NAME_PREFIX.get(unit, unit)

    def _region_words(self, unit: str) -> tuple[str, ...]:
        return cat.REGION_WORDS.get(unit) or (unit.rstrip("区市县"),)

    def _enterprise_name(self, unit: str, trade: cat.Trade) -> tuple[str, str, str]:
        for attempt in range(60):
            shop = self.pick(cat.SHOP_NAMES)
            if attempt >= 30:  # a crowded county: four-character shop names
                shop += self.pick(cat.SHOP_NAMES)
            # mostly the trade's usual company form; now and then a school or cooperative
            ending = trade.enterprise_kinds[0] if self.chance(0.75) else self.pick(trade.enterprise_kinds)
            name = f"{MARK}{self._prefix(unit)}{shop}{ending}"
            if name not in self.used_names:
                kind = ("cooperative" if ending.endswith("合作社")
                        else "private_school" if ending.endswith("学校") else "company")
                return shop, name, kind
        raise RuntimeError(f"ran out of unit names for {unit}")

    def _odd_brand(self) -> str:
        choices = [b for b in cat.NONCONFORMING_BRANDS if b not in self.used_odd_brands] or list(cat.NONCONFORMING_BRANDS)
        brand = self.pick(choices)
        self.used_odd_brands.add(brand)
        return brand

    def _founded(self, scenario: str) -> dt.date:
        if scenario == "e2_too_young":
            return self.ref - dt.timedelta(days=self.between(150, 600))
        start = dt.date(2006, 1, 1)
        latest = self.ref.replace(year=self.ref.year - 3, day=min(self.ref.day, 28))
        return start + dt.timedelta(days=self.between(0, (latest - start).days))

    def _credit_code(self, unit: str, kind: str, founded: dt.date) -> str:
        """GB 32100: registering authority + type, division code, organisation code, check character.

        Social organisations (5: civil affairs; 1 社会团体, 2 民办非企业单位) carry an MJ code;
        enterprises (9: market regulation; 1 company, 3 farmers' cooperative) registered since
        the 2015 reform an MA code, older ones their 8-digit organisation code.
        """
        prefix = {"association": "51", "private_school": "52", "cooperative": "93"}.get(kind, "91")
        region = self.codes.get(unit, CITY_REGION_CODE)
        letters = [c for c in creditcode.CHARSET]
        while True:
            if prefix.startswith("5"):
                body = "MJ" + "".join(self.pick(letters) for _ in range(6))
            elif founded >= dt.date(2015, 10, 1):
                body = "MA" + "".join(self.pick(letters) for _ in range(6))
            else:
                body = "".join(self.pick("0123456789") for _ in range(8))
            code = creditcode.make(prefix + region + org_code(body))
            if code not in self.used_codes:
                self.used_codes.add(code)
                return code

    def _numbers(self, scenario: str) -> dict[str, int]:
        """Trained, working in the trade, self-employed or exported (per year) and agreements."""
        trained = [self.between(110, 280), self.between(110, 280)]
        in_trade = [round(t * self.rng.uniform(0.55, 0.9)) for t in trained]
        if scenario == "e4_total":
            trained = [100, 80]
            in_trade = [self.between(60, 85), self.between(45, 70)]
        elif scenario == "e4_year":
            trained = [95, self.between(150, 220)]
            in_trade = [round(t * self.rng.uniform(0.6, 0.9)) for t in trained]
        elif scenario == "e4_in_trade":
            trained = [self.between(110, 160), self.between(110, 160)]
            in_trade = [self.between(35, 50), self.between(35, 50)]
        elif scenario == "ich_relaxed":
            trained = [self.between(55, 95), self.between(55, 95)]
            in_trade = [self.between(30, 50), self.between(30, 50)]
        exported = [math.ceil(t * self.rng.uniform(0.82, 0.98)) for t in trained]
        if scenario == "e5_ratio":
            year = self.between(0, 1)
            trained[year] = self.pick((150, 200, 250))
            in_trade[year] = round(trained[year] * 0.7)
            exported[year] = trained[year] * 78 // 100   # exactly 78 %
        if self.rng.random() < 0.5:  # which of the two years looks weaker is arbitrary
            trained, in_trade, exported = trained[::-1], in_trade[::-1], exported[::-1]
        agreements = 0 if scenario == "e5_agreements" else self.between(1, 12)
        return {"trained_y1": trained[0], "trained_y2": trained[1], "in_trade_y1": in_trade[0],
                "in_trade_y2": in_trade[1], "exported_y1": exported[0], "exported_y2": exported[1],
                "agreements": agreements}

    def _phone(self) -> str:
        if self.chance(0.8):
            return self.pick(cat.MOBILE_PREFIXES) + "".join(self.pick("0123456789") for _ in range(8))
        return f"{cat.AREA_CODE}-{self.pick('2356789')}" + "".join(self.pick("0123456789") for _ in range(6))

    def _screening(self, unit: str, screening: str, scenario: str) -> dict[str, Any]:
        if screening == "":
            return {"screening_decision": None, "screening_reason": None}
        if screening == "rejected":
            reason = (cat.SCREENING_REJECT_NOTES[2] if scenario == "e1_declaration"
                      else self.pick(cat.SCREENING_REJECT_NOTES[:2]))
            return {"screening_decision": "不通过", "screening_reason": reason}
        return {"screening_decision": "通过", "screening_reason": self.pick(cat.SCREENING_PASS_NOTES) or None}

    def _as_typed(self, v: dict[str, Any]) -> dict[str, Any]:
        """Keys to Chinese headers, values as a person enters them. Now and then a founding date
        arrives as text pasted from the licence (2015年3月8日); the importer reads both. Counts stay
        whole numbers: the template's validation refuses anything else."""
        if self.chance(0.1):
            d = v["founded_on"]
            v["founded_on"] = f"{d.year}年{d.month}月{d.day}日"
        return {BY_KEY[k].header: val for k, val in v.items()}
