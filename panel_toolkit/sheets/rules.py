"""The one set of rules for a score sheet (评分表), used by the expert app, the facade and ``scores import``.

Everything comes from the rubric (policy default, ``rubrics/*.yaml``); nothing is hard-coded here:

- a material criterion (资料评审) takes points in 0…max, a multiple of its step, and no verdict;
- a site item (实地核查) takes a verdict (属实 / 基本属实 / 不属实 in the default rubric) and points in
  0…cap, where cap = cap_ratio × max floored to the part's step (基本属实 ≤ 70 % of max, 不属实 → 0);
- a veto proposal (一票否决) names a veto of the rubric and needs a written reason;
- a 不属实 verdict (the verdict whose cap_ratio is 0) on a starred site item proposes the rubric's
  ``starred_not_verified_veto`` (V1), which then needs a reason too.

A draft may be incomplete (a value may be missing) but never wrong; a sheet can be submitted only
when it is complete. Plain Python: no widgets, no store.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .. import freetext
from ..config.rubric import Rubric
from ..errors import InvalidScore, InvalidState, Problem

PARTS = ("material", "site")
PART_LABELS = {"material": ("资料评审", "material review"), "site": ("实地核查", "site inspection")}
_EPS = 1e-9


@dataclass(frozen=True)
class Entry:
    """One criterion's or site item's value: points (None = not scored yet), verdict (site only), comment."""

    score: float | None
    verdict: str | None = None
    comment: str = ""


@dataclass(frozen=True)
class VetoProposal:
    """A proposed veto (一票否决) with its written reason; the chair confirms it later."""

    veto_id: str
    reason: str = ""


@dataclass(frozen=True)
class Item:
    """A scorable line of a part: a material criterion or a site item, as the forms and rules need it."""

    id: str
    section: str          # the criterion's section id; "" for site items
    max: float
    step: float
    starred: bool = False


def check_part(part: str) -> str:
    if part not in PARTS:
        raise InvalidState(f"评审环节应为 material（资料评审）或 site（实地核查），而不是“{part}”。",
                           f"part must be 'material' or 'site', not {part!r}.")
    return part


def items(rubric: Rubric, part: str) -> tuple[Item, ...]:
    """The part's scorable lines in rubric order."""
    if check_part(part) == "material":
        return tuple(Item(c.id, c.section, c.max, c.step) for c in rubric.criteria)
    return tuple(Item(i.id, "", i.max, rubric.site_step, i.starred) for i in rubric.site_items)


def item(rubric: Rubric, part: str, item_id: str) -> Item:
    for it in items(rubric, part):
        if it.id == item_id:
            return it
    known = "、".join(i.id for i in items(rubric, part))
    raise InvalidScore(item_id, f"{_part_zh(part)}没有评分项“{item_id}”（应为 {known} 之一）。",
                       f"{part} has no item {item_id!r} (expected one of {known.replace('、', ', ')}).")


def floor_to_step(value: float, step: float) -> float:
    """The largest multiple of ``step`` not above ``value`` (tolerant of float noise)."""
    return round(math.floor(value / step + _EPS) * step, 10)


def is_multiple(value: float, step: float) -> bool:
    q = value / step
    return math.isclose(q, round(q), abs_tol=1e-6)


def not_verified_ids(rubric: Rubric) -> frozenset[str]:
    """Verdicts that allow no points (不属实): cap_ratio 0."""
    return frozenset(v.id for v in rubric.verdicts if v.cap_ratio == 0)


def verdict_cap(rubric: Rubric, item_id: str, verdict: str) -> float:
    """Points a site item may get with ``verdict``: cap_ratio × max, floored to the site step."""
    it = item(rubric, "site", item_id)
    ratio = _verdict(rubric, item_id, verdict).cap_ratio
    return floor_to_step(ratio * it.max, it.step)


def resolve_verdict(rubric: Rubric, text: object, item_id: str = "") -> str | None:
    """A verdict id from its id or its Chinese/English label (as a paper sheet or a spreadsheet writes
    it, e.g. 基本属实); blank → None; anything else → :class:`InvalidScore`."""
    if text is None or (isinstance(text, float) and math.isnan(text)) or str(text).strip() == "":
        return None
    s = str(text).strip()
    for v in rubric.verdicts:
        if s in (v.id, v.label.zh) or s.casefold() == v.label.en.casefold():
            return v.id
    raise _unknown_verdict(rubric, item_id, s)


def parse_score(raw: object, item_id: str = "") -> float | None:
    """Points as a float: numbers and numeric text (full-width digits too); blank → None."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise InvalidScore(item_id, f"{item_id} 的分值“{raw}”不是数字。", f"{item_id}: score {raw!r} is not a number.")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        import unicodedata

        text = unicodedata.normalize("NFKC", str(raw)).strip()
        if text == "":
            return None
        try:
            value = float(text)
        except ValueError:
            raise InvalidScore(item_id, f"{item_id} 的分值“{raw}”不是数字。", f"{item_id}: score {raw!r} is not a number.") from None
    if math.isnan(value):
        return None
    if math.isinf(value):
        raise InvalidScore(item_id, f"{item_id} 的分值“{raw}”不是有限数字。", f"{item_id}: score {raw!r} is not finite.")
    return value


def check_entry(rubric: Rubric, part: str, item_id: str, score: object, verdict: str | None = None) -> float | None:
    """Check one value against the rubric; return the score normalised to its step (None if not scored).

    Raises :class:`InvalidScore` for an unknown item, a score outside 0…max or off the step, an unknown
    verdict (or a verdict on a material criterion), or points above what the verdict allows."""
    it = item(rubric, part, item_id)
    value = parse_score(score, item_id)
    if part == "material" and verdict not in (None, ""):
        raise InvalidScore(item_id, f"资料评审项 {item_id} 不填核查结论。", f"material criterion {item_id} takes no verdict.")
    if value is not None:
        if value < -_EPS or value > it.max + _EPS:
            raise InvalidScore(item_id, f"{item_id} 的分值 {_fmt(value)} 超出范围 0–{_fmt(it.max)}。",
                               f"{item_id}: {_fmt(value)} is outside 0–{_fmt(it.max)}.")
        if not is_multiple(value, it.step):
            raise InvalidScore(item_id, f"{item_id} 的分值 {_fmt(value)} 不是 {_fmt(it.step)} 的整数倍。",
                               f"{item_id}: {_fmt(value)} is not a multiple of {_fmt(it.step)}.")
        value = round(round(value / it.step) * it.step, 10)
    if part == "site" and verdict not in (None, ""):
        v = _verdict(rubric, item_id, verdict)
        cap = verdict_cap(rubric, item_id, verdict)
        if value is not None and value > cap + _EPS:
            raise InvalidScore(item_id, f"{item_id} 核查结论为“{v.label.zh}”，最多 {_fmt(cap)} 分，不能给 {_fmt(value)} 分。",
                               f"{item_id}: with the verdict '{v.label.en}' at most {_fmt(cap)} points, not {_fmt(value)}.")
    return value


def required_vetoes(rubric: Rubric, part: str, entries: Mapping[str, Entry]) -> dict[str, list[str]]:
    """Vetoes the values themselves propose: {veto id: [starred site items judged 不属实]}."""
    if part != "site" or not rubric.starred_veto:
        return {}
    nv = not_verified_ids(rubric)
    hits = [i.id for i in items(rubric, part) if i.starred and entries.get(i.id) is not None
            and entries[i.id].verdict in nv]
    return {rubric.starred_veto: hits} if hits else {}


def check_sheet(rubric: Rubric, part: str, entries: Mapping[str, Entry], vetoes: Iterable[VetoProposal] = (),
                complete: bool = True) -> list[Problem]:
    """Every problem of a sheet, in rubric order (``Problem.column`` = criterion, item or veto id).

    Always: each value passes :func:`check_entry`; each veto proposal names a rubric veto, once.
    With ``complete``: every criterion/item scored, every site item has a verdict, every veto proposal
    has a reason, and a 不属实 on a starred item comes with a reasoned proposal of ``starred_veto``."""
    check_part(part)
    problems: list[Problem] = []
    order = {it.id: n for n, it in enumerate(items(rubric, part))}
    for item_id in sorted(entries, key=lambda i: (order.get(i, len(order)), i)):
        e = entries[item_id]
        try:
            check_entry(rubric, part, item_id, e.score, e.verdict)
        except InvalidScore as err:
            problems.append(Problem(None, item_id, e.score, err.zh, err.en))
    if complete:
        for it in items(rubric, part):
            e = entries.get(it.id)
            if e is None or parse_score_quiet(e.score) is None:
                problems.append(Problem(None, it.id, None, f"{it.id} 未评分", f"{it.id} is not scored"))
            if part == "site" and (e is None or not e.verdict):
                problems.append(Problem(None, it.id, None, f"{it.id} 未选择核查结论", f"{it.id} has no verdict"))
    for item_id, e in entries.items():   # free text: the one check of CLI, apps and imports
        reason = freetext.problem(e.comment or "")
        if reason:
            problems.append(Problem(None, item_id, e.comment, *reason))
    known = {v.id: v for v in rubric.vetoes}
    seen: set[str] = set()
    proposals = list(vetoes)
    for p in proposals:
        reason = freetext.problem(p.reason or "")
        if reason:
            problems.append(Problem(None, p.veto_id, p.reason, *reason))
    for p in proposals:
        if p.veto_id not in known:
            problems.append(Problem(None, p.veto_id, p.reason, f"没有否决项“{p.veto_id}”（应为 {'、'.join(known)} 之一）",
                                    f"no veto item {p.veto_id!r} (expected one of {', '.join(known)})"))
        elif p.veto_id in seen:
            problems.append(Problem(None, p.veto_id, p.reason, f"否决项 {p.veto_id} 重复提出", f"veto {p.veto_id} proposed twice"))
        elif complete and not (p.reason or "").strip():
            problems.append(Problem(None, p.veto_id, "", f"否决项 {p.veto_id}（{known[p.veto_id].label.zh}）须写明理由",
                                    f"veto {p.veto_id} ({known[p.veto_id].label.en}) needs a written reason"))
        seen.add(p.veto_id)
    if complete:
        given = {p.veto_id for p in proposals}
        for veto_id, hits in required_vetoes(rubric, part, entries).items():
            if veto_id not in given:
                problems.append(Problem(None, veto_id, None,
                                        f"{'、'.join(hits)} 为带★项且结论为不属实，须提出否决项 {veto_id} 并写明理由",
                                        f"{', '.join(hits)}: a starred item judged not verified proposes veto {veto_id}, "
                                        "which needs a written reason"))
    return problems


def totals(rubric: Rubric, part: str, entries: Mapping[str, Entry]) -> tuple[dict[str, float], float]:
    """({section id: subtotal}, total) of the scored values; an unscored value counts 0.
    Material: one subtotal per section (A…E); site: no sections, so an empty dict."""
    subtotals: dict[str, float] = {}
    total = 0.0
    for it in items(rubric, part):
        e = entries.get(it.id)
        value = parse_score_quiet(e.score) if e is not None else None
        points = value or 0.0
        if part == "material":
            subtotals[it.section] = subtotals.get(it.section, 0.0) + points
        total += points
    return {k: round(v, 6) for k, v in subtotals.items()}, round(total, 6)


def part_max(rubric: Rubric, part: str) -> float:
    return rubric.material_max if check_part(part) == "material" else rubric.site_max


def parse_score_quiet(raw: object) -> float | None:
    try:
        return parse_score(raw)
    except InvalidScore:
        return None


def _verdict(rubric: Rubric, item_id: str, verdict: str):
    for v in rubric.verdicts:
        if v.id == verdict:
            return v
    raise _unknown_verdict(rubric, item_id, verdict)


def _unknown_verdict(rubric: Rubric, item_id: str, verdict: object) -> InvalidScore:
    zh = "、".join(v.label.zh for v in rubric.verdicts)
    en = ", ".join(f"{v.id} ({v.label.en})" for v in rubric.verdicts)
    return InvalidScore(item_id, f"{item_id} 的核查结论“{verdict}”无效（应为 {zh} 之一）。",
                        f"{item_id}: unknown verdict {verdict!r} (expected one of {en}).")


def _part_zh(part: str) -> str:
    return PART_LABELS.get(part, (part, part))[0]


def _fmt(x: float) -> str:
    return f"{x:g}"
