"""Small hand-made candidates and pools for the pure panel functions."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


def frame(rows: dict[int, dict]) -> pd.DataFrame:
    """{id: {column: value}} → a frame indexed by id, text columns as ``str``."""
    df = pd.DataFrame.from_dict(rows, orient="index").astype("str")
    df.index = pd.Index(np.array(list(rows), dtype="int64"), name="id")
    return df


@pytest.fixture
def candidates() -> pd.DataFrame:
    return frame({
        11: {"unit_name": "营口渔家嫂家政服务有限公司", "credit_code": "91210804MA0TEST001", "county": "鲅鱼圈区"},
        12: {"unit_name": "盖州市建筑劳务有限公司", "credit_code": "91210881MA0TEST002", "county": "盖州市"},
        13: {"unit_name": "营口市烹饪协会", "credit_code": "51210800MA0TEST003", "county": "市直"},
    })


@pytest.fixture
def experts() -> pd.DataFrame:
    return frame({
        7: {"employer": "营口渔家嫂家政服务有限公司", "employer_credit_code": None, "county": "站前区"},      # same employer, by name
        3: {"employer": "营口理工学院", "employer_credit_code": "91210881MA0TEST002", "county": "西市区"},  # by credit code
        5: {"employer": "营口职业技术学院", "employer_credit_code": None, "county": "盖州市"},              # same county as 12
        9: {"employer": "沈阳师范大学", "employer_credit_code": None, "county": "市外"},                     # never a county conflict
    })


def realistic(n_candidates: int, n_experts: int, seed: int):
    """Candidates and a pool spread over the six counties and 市直 (experts also 市外), with some
    experts working at a candidate's unit: the conflicts of a real session."""
    rng = np.random.default_rng(seed)
    counties = np.array(["站前区", "西市区", "鲅鱼圈区", "老边区", "盖州市", "大石桥市", "市直"])
    cands = frame({i: {"unit_name": f"单位{i}", "credit_code": f"CODE{i:06d}", "county": str(rng.choice(counties))}
                   for i in range(1, n_candidates + 1)})
    rows = {}
    for j in range(1, n_experts + 1):
        at_candidate = rng.random() < 0.1
        unit = int(rng.integers(1, n_candidates + 1))
        rows[j] = {"employer": f"单位{unit}" if at_candidate else f"学院{j % 17}",
                   "employer_credit_code": f"CODE{unit:06d}" if at_candidate and rng.random() < 0.5 else None,
                   "county": str(rng.choice([*counties, "市外"]))}
    return cands, frame(rows)


@pytest.fixture
def make_frame():
    return frame


@pytest.fixture
def make_realistic():
    return realistic
