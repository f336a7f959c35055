"""Fixtures for the eligibility tests: the bundled rubric, and a seeded factory of applications that
pass every condition unless a test overrides a column."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from panel_toolkit.config.rubric import bundled_rubrics_dir, load_rubric
from panel_toolkit.eligibility import evaluate
from panel_toolkit.intake import creditcode
from panel_toolkit.intake.fields import APPLICATION_KEYS, BOOL_KEYS, COUNT_KEYS, DECLARATIONS

REFERENCE = dt.date(2024, 9, 30)
COUNTIES = ("站前区", "西市区", "鲅鱼圈区", "老边区", "盖州市", "大石桥市")

# (unit_type, unit_name, brand_name, industry, job_type): names that fit 第三条
UNITS = (
    ("行业组织", "营口市家庭服务业协会（示例）", "营口渔家嫂", "家政服务", "育婴员"),
    ("行业组织", "盖州市烹饪协会（示例）", "盖州厨师", "餐饮", "中式烹调师"),
    ("企事业单位", "营口鑫达建筑工程有限公司（示例）", "鑫达钢筋工", "建筑", "钢筋工"),
    ("企事业单位", "大石桥市华丰农业科技有限公司（示例）", "华丰果农", "农业", "果树工"),
)

ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)      # GB 11714 (组织机构代码) check character


def credit_code(org8: str, division: str = "210800") -> str:
    """A valid credit code (GB 32100-2015): registration 9 (工商), type 1 (企业), ``division``, an
    organisation code of ``org8`` and its GB 11714 check character, then the code's check character."""
    c = 11 - sum(w * int(d) for w, d in zip(ORG_WEIGHTS, org8)) % 11
    return creditcode.make("91" + division + org8 + {10: "X", 11: "0"}.get(c, str(c)))


def _coerce(df: pd.DataFrame) -> pd.DataFrame:
    for k in df.columns:
        if k in COUNT_KEYS:
            df[k] = df[k].astype("Int64")
        elif k in BOOL_KEYS:
            df[k] = df[k].astype("boolean")
        elif k == "founded_on":
            df[k] = pd.to_datetime(df[k])
        else:
            df[k] = df[k].astype("str")
    return df


def build_apps(n: int = 1, seed: int = 0, **overrides) -> pd.DataFrame:
    """``n`` applications, index ``id`` 1…n, every one passing E1–E7 with a fitting name; a keyword
    overrides a column with a scalar or a list of ``n`` values."""
    rng = np.random.default_rng(seed)
    unit = [UNITS[i] for i in rng.integers(0, len(UNITS), n)]
    trained = rng.integers(150, 400, (n, 2))
    data = {
        "unit_name": [u[1] for u in unit],
        "credit_code": [credit_code(f"{x:08d}") for x in rng.integers(0, 10**8, n)],
        "unit_type": [u[0] for u in unit],
        "county": rng.choice(COUNTIES, n),
        "department": [pd.NA] * n,
        "brand_name": [u[2] for u in unit],
        "trademark_no": np.where(rng.random(n) < 0.5, [str(x) for x in rng.integers(10**7, 10**8, n)], None),
        "industry": [u[3] for u in unit],
        "job_type": [u[4] for u in unit],
        "founded_on": pd.Timestamp("2010-01-01") + pd.to_timedelta(rng.integers(0, 3650, n), unit="D"),
        "is_ich": False,
        **{k: True for k, _, _ in DECLARATIONS},
        "trained_y1": trained[:, 0],
        "trained_y2": trained[:, 1],
        "in_trade_y1": trained[:, 0] * 3 // 5,               # 60 %: in trade 180+ of 300+ (须超过 100)
        "in_trade_y2": trained[:, 1] * 3 // 5,
        "exported_y1": -(-trained[:, 0] * 17 // 20),         # ceil(85 %) ≥ 80 %
        "exported_y2": -(-trained[:, 1] * 17 // 20),
        "agreements": rng.integers(1, 6, n),
        "training_ledger": True,
        "employment_ledger": True,
        "follow_up": True,
        "contact_person": "王经理",
        "contact_phone": "0417-2800000",
        "remarks": [pd.NA] * n,
    }
    df = pd.DataFrame(data, index=pd.Index(np.arange(1, n + 1), name="id"))
    for key, value in overrides.items():
        if key not in APPLICATION_KEYS:
            raise KeyError(f"unknown application column {key}")
        df[key] = pd.Series(value if isinstance(value, list) else [value] * n, index=df.index, dtype=object)
    return _coerce(df[list(APPLICATION_KEYS)])


def removals_frame(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """Removals from the directory: (credit_code, unit_name, decided_on)."""
    df = pd.DataFrame(list(rows), columns=["credit_code", "unit_name", "decided_on"])
    return df.assign(credit_code=df["credit_code"].astype("str"), unit_name=df["unit_name"].astype("str"),
                     decided_on=pd.to_datetime(df["decided_on"]))


@pytest.fixture(scope="session")
def rubric():
    return load_rubric(bundled_rubrics_dir() / "yingkou-2023-default.yaml")


@pytest.fixture
def make_apps():
    return build_apps


@pytest.fixture
def make_removals():
    return removals_frame


@pytest.fixture
def reference() -> dt.date:
    return REFERENCE


@pytest.fixture
def screen(rubric):
    """``screen(n=1, *, removals=None, lang="zh", reference=REFERENCE, using=None, **overrides)``: build
    ``n`` applications with the column overrides and evaluate them (``using`` replaces the rubric)."""
    def run(n: int = 1, *, removals=None, lang: str = "zh", reference: dt.date = REFERENCE, using=None, **overrides):
        return evaluate(build_apps(n, **overrides), using or rubric, reference, removals, lang)
    return run
