"""The demo's expert panel: a fictional expert pool (every employer marked （示例）), imported and
drawn through the session facade exactly as the city does it (第十二条), and personal links.

``panel-toolkit demo`` calls :func:`add_demo_panel` after :func:`~panel_toolkit.demo.build_demo` (which
stays without a panel, so tests can draw their own); tests and benchmarks reuse it.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..i18n import text
from ..panel.pool import EXPERT_FIELDS, OUTSIDE_CITY
from ..workspace import Workspace
from .build import SESSION_ID

POOL_FILE = "demo-experts.csv"
POOL_SIZE = 30
DRAW_SEED = 20240930
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = ("建国", "秀兰", "志强", "丽华", "文博", "海燕", "立新", "春梅", "宏伟", "玉洁", "振华", "晓东", "淑珍", "国庆",
         "明辉", "桂芳", "德胜", "雪梅", "永刚", "慧敏")
EMPLOYERS = ("职业技术学院", "技师学院", "职业技能鉴定中心", "家政服务行业协会", "建筑业协会", "烹饪餐饮行业协会",
             "人力资源服务中心", "农业技术推广站")
FIELDS_OF_EXPERTISE = ("家政服务", "建筑", "餐饮", "渔业", "职业培训", "人力资源", "农业")
TITLES = ("教授", "副教授", "高级讲师", "高级经济师", "高级技师", "高级工程师")


def demo_experts(counties: tuple[str, ...], n: int = POOL_SIZE, seed: int = 2024) -> list[dict[str, str]]:
    """``n`` fictional experts as {key: value}; about half from outside the city (no county conflict),
    so every candidate can get a full panel despite 同县(市)区回避."""
    rng = np.random.default_rng(seed)
    places = [OUTSIDE_CITY, *counties]
    phones = rng.choice(10**8, size=n, replace=False)
    out = []
    for i in range(n):
        county = OUTSIDE_CITY if i % 2 == 0 else places[1 + (i // 2) % len(counties)]
        where = "沈阳" if county == OUTSIDE_CITY else county
        out.append({
            "name": SURNAMES[i % len(SURNAMES)] + GIVEN[int(rng.integers(len(GIVEN)))],
            "employer": f"（示例）{where}{EMPLOYERS[i % len(EMPLOYERS)]}{i + 1}",
            "employer_credit_code": "",
            "county": county,
            "field": FIELDS_OF_EXPERTISE[int(rng.integers(len(FIELDS_OF_EXPERTISE)))],
            "title": TITLES[int(rng.integers(len(TITLES)))],
            "phone": f"139{int(phones[i]):08d}",
        })
    return out


def write_pool_csv(path: Path, experts: list[dict[str, str]]) -> Path:
    """The pool as the city would send it: a CSV with the template's Chinese headers."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([f.header for f in EXPERT_FIELDS])
        for e in experts:
            w.writerow([e.get(f.key) or "" for f in EXPERT_FIELDS])
    return path


@dataclass(frozen=True)
class DemoPanel:
    pool: int
    assignments: int
    seed: int
    links: list[dict]           # expert_id, name, county, link, assignments (only when base_url was given)

    def message(self, lang: str = "zh", show: int = 3) -> str:
        lines = [text("demo.panel", lang, pool=self.pool, seed=self.seed, assignments=self.assignments)]
        if self.links:
            lines.append(text("demo.links", lang, n=min(show, len(self.links))))
        lines += [text("demo.link_line", lang, name=x["name"], n=x["assignments"], link=x["link"]) for x in self.links[:show]]
        return "\n".join(lines)


def add_demo_panel(root: str | Path, base_url: str | None = None, seed: int = 2024, db: str | None = None) -> DemoPanel:
    """Import the demo pool into the demo session, draw every candidate's panel and site team, and
    (with ``base_url``) issue every expert's personal link. Through the facade, as the city."""
    root = Path(root).resolve()
    ws = Workspace(root, db)
    try:
        city = ws.session(SESSION_ID)
        pool = write_pool_csv(root / POOL_FILE, demo_experts(city.config.screening_units, seed=seed))
        city.import_experts(pool)
        report = city.draw(seed=DRAW_SEED)
        links: list[dict] = []
        if base_url:
            frame = city.issue_links(base_url).to_frame()
            counts = city.assignments_frame()["expert_id"].value_counts()
            for expert_id, row in frame.iterrows():
                links.append({"expert_id": int(expert_id), "name": row["name"], "county": row["county"],
                              "link": row["link"], "assignments": int(counts.get(expert_id, 0))})
            links.sort(key=lambda x: (-x["assignments"], x["expert_id"]))
        return DemoPanel(pool=len(city.experts_frame()), assignments=report.assignments, seed=DRAW_SEED, links=links)
    finally:
        ws.close()
