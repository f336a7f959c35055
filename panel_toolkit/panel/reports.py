"""Result objects of the panel operations: a message in Chinese or English, HTML for a notebook."""
from __future__ import annotations

import html
from dataclasses import dataclass

from ..results import TableResult
from .draw import Shortfall


class _Message:
    def message(self, lang: str = "zh") -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def __str__(self) -> str:
        return self.message()

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(self.message()) + "</pre>"


@dataclass(frozen=True)
class ExpertImportResult(_Message):
    file: str
    inserted: int
    updated: int
    unchanged: int

    def message(self, lang: str = "zh") -> str:
        if lang == "en":
            return f"{self.file}: {self.inserted} expert(s) added, {self.updated} updated, {self.unchanged} unchanged."
        return f"{self.file}：新增专家 {self.inserted} 人，更新 {self.updated} 人，未变 {self.unchanged} 人。"


@dataclass(frozen=True)
class DrawReport(_Message):
    """What a draw did. The fingerprints and the seed are what the chair publishes (第十二条)."""

    draw_id: int
    seed: int
    per_candidate: int
    site_team: int
    candidates: int
    pool: int
    assignments: int
    load_range: dict[str, tuple[int, int]]        # part/total → (min, max) over the pool
    overlaps: dict[int, int]
    hashes: dict[str, str]
    replaced: int = 0

    def message(self, lang: str = "zh") -> str:
        lo_hi = self.load_range
        if lang == "en":
            lines = [(f"Draw #{self.draw_id}: seed {self.seed}; {self.candidates} candidate(s), each "
                      f"{self.per_candidate} material + {self.site_team} site expert(s), from a pool of {self.pool}; "
                      f"{self.assignments} assignments."),
                     "  loads (min–max per expert): " + ", ".join(f"{k} {a}–{b}" for k, (a, b) in lo_hi.items())]
            if self.overlaps:
                lines.append(f"  {len(self.overlaps)} candidate(s) have site experts also on their material panel "
                             "(too few eligible experts): " + ", ".join(map(str, sorted(self.overlaps))))
            if self.replaced:
                lines.append(f"  {self.replaced} earlier assignment(s) deactivated (kept in the store).")
            lines += [f"  {k} sha256: {v}" for k, v in self.hashes.items()]
            return "\n".join(lines)
        names = {"material": "资料评审", "site": "实地核查", "total": "合计"}
        hashes = {"pool": "专家库", "candidates": "候选对象", "conflicts": "回避关系", "result": "结果"}
        lines = [(f"第 {self.draw_id} 次抽取：种子 {self.seed}；候选对象 {self.candidates} 个，每个资料评审 {self.per_candidate} 人、"
                 f"实地核查 {self.site_team} 人，专家库 {self.pool} 人；共 {self.assignments} 项分配。"),
                 "  每位专家任务数（最少–最多）：" + "，".join(f"{names[k]} {a}–{b}" for k, (a, b) in lo_hi.items())]
        if self.overlaps:
            lines.append(f"  {len(self.overlaps)} 个候选对象可用专家不足，实地核查组含资料评审专家："
                         + "、".join(map(str, sorted(self.overlaps))))
        if self.replaced:
            lines.append(f"  原有 {self.replaced} 项分配已停用（保留在数据库中）。")
        lines += [f"  {hashes[k]}指纹 sha256：{v}" for k, v in self.hashes.items()]
        return "\n".join(lines)


def infeasible_message(shortfalls: list[Shortfall], names: dict[int, str], lang: str = "zh") -> str:
    """One line per candidate the pool cannot cover, with the reasons, for :class:`~panel_toolkit.errors.DrawInfeasible`."""
    if lang == "en":
        head = (f"The expert pool cannot cover {len(shortfalls)} candidate(s) without conflicts; "
                "nothing was drawn or written. Add experts to the pool (or review the conflicts) and draw again:")
        rows = [f"  application {s.application_id} {names.get(s.application_id, '')}: excluded {s.excluded_total} "
                f"({s.reasons('en')}), {s.remaining} remain, {s.needed} needed" for s in shortfalls]
    else:
        head = (f"专家库无法在回避的前提下覆盖 {len(shortfalls)} 个候选对象，本次未抽取、未写入任何结果。"
                "请补充专家（或核对回避关系）后重新抽取：")
        rows = [f"  申报 {s.application_id} {names.get(s.application_id, '')}：回避排除 {s.excluded_total} 人"
                f"（{s.reasons()}），剩余 {s.remaining} 人，需要 {s.needed} 人" for s in shortfalls]
    return "\n".join([head, *rows])


class LinksResult(TableResult):
    """Personal links: one row per expert. ``link`` is empty where a link was issued before (only
    its hash is kept, so it cannot be shown again; reissue to get a new one)."""

    title = "专家个人链接 Expert links"

    def issued(self) -> int:
        return int(self._frame["link"].notna().sum())

