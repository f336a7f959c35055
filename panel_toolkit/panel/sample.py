"""Seeded, fictional expert pools (every employer marked （示例）) for the demo, tests and benchmarks."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from openpyxl import load_workbook

from ..config import SessionConfig
from .pool import EXPERT_BY_KEY, OUTSIDE_CITY, SHEET_NAME
from .template import write_expert_template

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉鹏飞宇晨浩然思雨欣怡俊峰"
EMPLOYERS = ("职业技术学院", "职业技能鉴定中心", "家政服务行业协会", "建筑业协会", "烹饪餐饮行业协会", "技师学院",
             "人力资源服务中心", "职业教育中心")
_PLACE = {OUTSIDE_CITY: "辽宁省", "市直": "营口市"}   # how an employer's name starts outside a county
FIELDS_OF_EXPERTISE = ("家政服务", "建筑", "餐饮", "渔业", "职业培训", "人力资源", "电子商务", "汽车维修")
TITLES = ("教授", "副教授", "高级讲师", "高级经济师", "高级技师", "高级工程师", "正高级讲师")


def sample_experts(counties: Sequence[str], n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` fictional experts as {key: value} (keys of the pool form), in ``counties`` and 市外.
    Mobile numbers are unique; employers repeat, as colleagues do."""
    rng = np.random.default_rng(seed)
    places = [*counties, OUTSIDE_CITY]
    phones = rng.choice(10**8, size=n, replace=False)
    out, seen = [], set()
    for i in range(n):
        county = places[int(rng.integers(len(places)))]
        employer = f"（示例）{_PLACE.get(county, county)}{EMPLOYERS[int(rng.integers(len(EMPLOYERS)))]}"
        name = ""
        while not name or (name, employer) in seen:   # the same name at the same employer would be one person
            name = SURNAMES[int(rng.integers(len(SURNAMES)))] + "".join(
                GIVEN[int(j)] for j in rng.integers(len(GIVEN), size=int(rng.integers(1, 3))))
        seen.add((name, employer))
        out.append({
            "name": name,
            "employer": employer,
            "employer_credit_code": None,
            "county": county,
            "field": FIELDS_OF_EXPERTISE[int(rng.integers(len(FIELDS_OF_EXPERTISE)))],
            "title": TITLES[int(rng.integers(len(TITLES)))],
            "phone": f"139{int(phones[i]):08d}",
        })
    return out


def write_pool(path: str | Path, experts: Sequence[dict[str, Any]], config: SessionConfig) -> Path:
    """The expert template with ``experts`` ({key: value}) typed in from row 2, as the city fills it."""
    path = write_expert_template(path, config)
    wb = load_workbook(path)
    ws = wb[SHEET_NAME]
    column = {c.value: c.column for c in ws[1]}
    for r, expert in enumerate(experts, start=2):
        for key, value in expert.items():
            if value is not None:
                ws.cell(r, column[EXPERT_BY_KEY[key].header], value)
    wb.save(path)
    return path
