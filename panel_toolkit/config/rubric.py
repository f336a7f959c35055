"""The rubric (评分细则) as typed, validated data.

The measures give no points; every number here comes from the rubric file (policy default),
never from code. Loading checks the schema, then consistency: parts add up, weights add up
to 1, ids are unique, maxima are multiples of their steps.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ConfigError
from ..i18n import pick
from . import loader


@dataclass(frozen=True)
class Label:
    zh: str
    en: str

    def __call__(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.en)

    @classmethod
    def of(cls, d: dict | None) -> "Label":
        d = d or {"zh": "", "en": ""}
        return cls(d["zh"], d["en"])


@dataclass(frozen=True)
class TrainingThresholds:
    total_trained_gt: int
    in_trade_gt: int
    per_year_trained_ge: int


@dataclass(frozen=True)
class Eligibility:
    operating_years_min: int
    ban_years_after_removal: int
    training: TrainingThresholds
    training_ich_relaxed: TrainingThresholds
    export_ratio_min_percent: int
    agreements_min: int


@dataclass(frozen=True)
class Descriptor:
    min: float
    max: float
    text: Label


@dataclass(frozen=True)
class Criterion:
    id: str
    section: str
    label: Label
    content: Label
    max: float
    step: float
    descriptors: tuple[Descriptor, ...]


@dataclass(frozen=True)
class Section:
    id: str
    label: Label
    max: float
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Verdict:
    id: str
    label: Label
    cap_ratio: float


@dataclass(frozen=True)
class SiteItem:
    id: str
    label: Label
    method: Label
    max: float
    starred: bool


@dataclass(frozen=True)
class Veto:
    id: str
    label: Label
    reference: str


@dataclass(frozen=True)
class Scoring:
    weight_material: float
    weight_site: float
    pass_mark: float
    aggregation: str
    trim_min_sheets: int
    disagreement_threshold: float
    min_experts_per_candidate: int
    # Level of measurement per part for Krippendorff's α (scoring.reliability_level; default interval).
    reliability_levels: tuple[tuple[str, str], ...] = (("material", "interval"), ("site", "interval"))


@dataclass(frozen=True)
class Rubric:
    id: str
    version: str
    title: Label
    source: str
    eligibility: Eligibility
    job_words: tuple[str, ...]
    region_words: tuple[str, ...]
    material_label: Label
    material_max: float
    sections: tuple[Section, ...]
    site_label: Label
    site_max: float
    site_step: float
    verdicts: tuple[Verdict, ...]
    site_items: tuple[SiteItem, ...]
    starred_veto: str | None
    vetoes: tuple[Veto, ...]
    scoring: Scoring
    sha256: str
    path: str
    text: str = field(default="", repr=False, compare=False)   # the file as read (kept with a confirmation)

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for s in self.sections for c in s.criteria)

    def criterion(self, cid: str) -> Criterion:
        return next(c for c in self.criteria if c.id == cid)

    def site_item(self, iid: str) -> SiteItem:
        return next(i for i in self.site_items if i.id == iid)


def _multiple(value: float, step: float) -> bool:
    q = value / step
    return math.isclose(q, round(q), abs_tol=1e-9)


def band_problem(bands: list[Descriptor], top: float, step: float) -> tuple[str, str] | None:
    """Why the score bands do not cover every score reachable at ``step`` exactly once (0, step, … top), or None.

    An expert's 6.5 on a criterion banded 7–8 / 4–6 (step 0.5) would fall in no band: a gap. A score in two
    bands is an overlap. Both are refused at load, naming the criterion (the measures give no bands: policy
    default, so the file must be consistent by itself)."""
    if not bands:
        return None
    for b in bands:
        if not (_multiple(b.min, step) and _multiple(b.max, step)):
            return (f" {b.min:g}–{b.max:g} 不在步长 {step:g} 的刻度上", f"{b.min:g}–{b.max:g} is not on the step {step:g}")
    ordered = sorted(bands, key=lambda b: (b.min, b.max))
    if not math.isclose(ordered[0].min, 0):
        return (f"没有覆盖 0–{ordered[0].min - step:g} 分（缺口）", f"leave 0–{ordered[0].min - step:g} uncovered (a gap)")
    for lo, hi in zip(ordered, ordered[1:]):
        if hi.min <= lo.max + 1e-9:
            return (f" {lo.min:g}–{lo.max:g} 与 {hi.min:g}–{hi.max:g} 重叠", f"{lo.min:g}–{lo.max:g} and {hi.min:g}–{hi.max:g} overlap")
        if hi.min > lo.max + step + 1e-9:
            return (f"在 {lo.max:g} 与 {hi.min:g} 之间有缺口（{lo.max + step:g} 分不属于任何一档）",
                    f"leave a gap between {lo.max:g} and {hi.min:g} ({lo.max + step:g} is in no band)")
    if not math.isclose(ordered[-1].max, top):
        return (f"没有覆盖到满分 {top:g}（缺口）", f"do not reach the maximum {top:g} (a gap)")
    return None


def parse(data: dict, path: Path) -> Rubric:
    """Build a :class:`Rubric` from schema-valid ``data`` and check its consistency."""

    def fail(key: str, zh: str, en: str, fix_zh: str, fix_en: str):
        raise ConfigError(path, key, zh, en, fix_zh, fix_en)

    e = data["eligibility"]
    m, s, sc = data["material"], data["site"], data["scoring"]
    sections = []
    for si, sec in enumerate(m["sections"]):
        crits = []
        for ci, c in enumerate(sec["criteria"]):
            key = f"material.sections[{si}].criteria[{ci}]"
            step = c.get("step", m["step"])
            if not _multiple(c["max"], step):
                fail(f"{key}.max", f"满分 {c['max']} 不是步长 {step} 的整数倍", f"max {c['max']} is not a multiple of step {step}",
                     "调整满分或步长", "change max or step")
            descs = []
            for di, d in enumerate(c["descriptors"]):
                if not 0 <= d["min"] <= d["max"] <= c["max"]:
                    fail(f"{key}.descriptors[{di}]", f"分档 {d['min']}–{d['max']} 超出 0–{c['max']}",
                         f"band {d['min']}–{d['max']} is outside 0–{c['max']}", "使 0 ≤ min ≤ max ≤ 满分", "make 0 ≤ min ≤ max ≤ criterion max")
                descs.append(Descriptor(d["min"], d["max"], Label(d["zh"], d["en"])))
            problem = band_problem(descs, c["max"], step)
            if problem:
                fail(f"{key}.descriptors", f"{c['id']} 的分档{problem[0]}", f"{c['id']}: the bands {problem[1]}",
                     f"使各档首尾相接：下一档的最高分 = 上一档的最低分 − 步长 {step:g}，覆盖 0–{c['max']:g} 的每个可得分",
                     f"make the bands meet: each band's max = the next higher band's min − step {step:g}, "
                     f"covering every reachable score 0–{c['max']:g}")
            crits.append(Criterion(c["id"], sec["id"], Label.of(c["label"]), Label.of(c.get("content")), c["max"], step, tuple(descs)))
        total = sum(c.max for c in crits)
        if not math.isclose(total, sec["max"]):
            fail(f"material.sections[{si}].max", f"本部分满分 {sec['max']}，但各项满分合计 {total}",
                 f"section max is {sec['max']} but its criteria add up to {total}", "使各项满分之和等于本部分满分",
                 "make the criteria add up to the section max")
        sections.append(Section(sec["id"], Label.of(sec["label"]), sec["max"], tuple(crits)))
    total = sum(x.max for x in sections)
    if not math.isclose(total, m["max"]):
        fail("material.max", f"资料评审满分 {m['max']}，但各部分合计 {total}", f"material max is {m['max']} but sections add up to {total}",
             "使各部分满分之和等于资料评审满分", "make the sections add up to the part max")

    items = []
    for ii, it in enumerate(s["items"]):
        if not _multiple(it["max"], s["step"]):
            fail(f"site.items[{ii}].max", f"满分 {it['max']} 不是步长 {s['step']} 的整数倍",
                 f"max {it['max']} is not a multiple of step {s['step']}", "调整满分或步长", "change max or step")
        items.append(SiteItem(it["id"], Label.of(it["label"]), Label.of(it.get("method")), it["max"], it.get("starred", False)))
    total = sum(i.max for i in items)
    if not math.isclose(total, s["max"]):
        fail("site.max", f"实地核查满分 {s['max']}，但各项合计 {total}", f"site max is {s['max']} but items add up to {total}",
             "使各项满分之和等于实地核查满分", "make the items add up to the part max")

    w = sc["weights"]
    if not math.isclose(w["material"] + w["site"], 1.0, abs_tol=1e-9):
        fail("scoring.weights", f"权重之和为 {w['material'] + w['site']}，应为 1", f"weights add up to {w['material'] + w['site']}, not 1",
             "调整 material 与 site 使其和为 1", "make material + site equal 1")

    vetoes = tuple(Veto(v["id"], Label.of(v["label"]), v.get("reference", "")) for v in data["vetoes"])
    ids = [x.id for x in sections] + [c.id for x in sections for c in x.criteria] + [i.id for i in items] + [v.id for v in vetoes]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        fail(dupes[0], f"编号 {', '.join(dupes)} 重复", f"id(s) {', '.join(dupes)} used more than once", "每个编号只用一次", "give every id once")
    verdict_ids = [v["id"] for v in s["verdicts"]]
    if len(set(verdict_ids)) != len(verdict_ids):
        fail("site.verdicts", "结论编号重复", "verdict ids repeat", "每个编号只用一次", "give every id once")
    starred = s.get("starred_not_verified_veto")
    if starred and starred not in {v.id for v in vetoes}:
        fail("site.starred_not_verified_veto", f"否决项 {starred} 未在 vetoes 中定义", f"veto {starred} is not defined in vetoes",
             "使用 vetoes 中的编号", "use an id from vetoes")

    canon = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    tt = lambda d: TrainingThresholds(**d)  # noqa: E731
    return Rubric(
        id=data["id"], version=data["version"], title=Label.of(data["title"]), source=data.get("source", ""),
        eligibility=Eligibility(e["operating_years_min"], e["ban_years_after_removal"], tt(e["training"]),
                                tt(e["training_ich_relaxed"]), e["export_ratio_min_percent"], e["agreements_min"]),
        job_words=tuple(data["naming"]["job_words"]), region_words=tuple(data["naming"]["region_words"]),
        material_label=Label.of(m["label"]), material_max=m["max"], sections=tuple(sections),
        site_label=Label.of(s["label"]), site_max=s["max"], site_step=s["step"],
        verdicts=tuple(Verdict(v["id"], Label(v["zh"], v["en"]), v["cap_ratio"]) for v in s["verdicts"]),
        site_items=tuple(items), starred_veto=starred, vetoes=vetoes,
        scoring=Scoring(w["material"], w["site"], sc["pass_mark"], sc["aggregation"], sc["trim_min_sheets"],
                        sc["disagreement_threshold"], sc["min_experts_per_candidate"],
                        tuple({"material": "interval", "site": "interval", **sc.get("reliability_level", {})}.items())),
        sha256=hashlib.sha256(canon).hexdigest(), path=str(path),
    )


def load_rubric(path: str | Path, text: str | None = None) -> Rubric:
    """The rubric file at ``path``; or, given ``text``, that text as the file ``path`` (a confirmation's copy)."""
    path = Path(path)
    if text is None:
        text = loader.read_text(path)
    return replace(parse(loader.load(path, "rubric", text), path), text=text)


def bundled_rubrics_dir() -> Path:
    """The default rubrics (the repository's rubrics/, shipped in the wheel)."""
    from ..package import bundled_path

    return bundled_path("rubrics")


def find_rubric(name: str, relative_to: Path, search: list[Path] | None = None) -> Path:
    """Resolve a session's ``rubric:`` value: a path relative to the session file, or an id
    looked up as ``<id>.yaml`` in the workspace's rubrics/ and then the bundled rubrics/."""
    if name.endswith((".yaml", ".yml")):
        return (relative_to / name).resolve()
    for d in [*(search or []), bundled_rubrics_dir()]:
        p = Path(d) / f"{name}.yaml"
        if p.exists():
            return p
    raise ConfigError(relative_to / "session.yaml", "rubric", f"找不到评分细则 {name}", f"no rubric named {name}",
                      "把 rubrics/<id>.yaml 放进工作区，或写出文件路径", "put rubrics/<id>.yaml in the workspace or give a path")
