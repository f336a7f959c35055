"""Result objects of the panel operations: a message in Chinese or English, HTML for a notebook."""
from __future__ import annotations

import html
from dataclasses import dataclass

from ..i18n import labels, text
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
        return text("panel.import_result", lang, file=self.file, inserted=self.inserted, updated=self.updated,
                    unchanged=self.unchanged)


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
        names, hashes = labels("panel.load", lang), labels("panel.hash", lang)
        loads = text("panel.load_sep", lang).join(f"{names.get(k, k)} {a}–{b}" for k, (a, b) in self.load_range.items())
        lines = [text("panel.draw_head", lang, id=self.draw_id, seed=self.seed, candidates=self.candidates,
                      per=self.per_candidate, site=self.site_team, pool=self.pool, assignments=self.assignments),
                 text("panel.draw_loads", lang, loads=loads)]
        if self.overlaps:
            lines.append(text("panel.draw_overlaps", lang, n=len(self.overlaps),
                              ids=text("common.list_sep", lang).join(map(str, sorted(self.overlaps)))))
        if self.replaced:
            lines.append(text("panel.draw_replaced", lang, n=self.replaced))
        lines += [text("panel.draw_hash", lang, name=hashes.get(k, k), value=v) for k, v in self.hashes.items()]
        return "\n".join(lines)


def infeasible_message(shortfalls: list[Shortfall], names: dict[int, str], lang: str = "zh") -> str:
    """One line per candidate the pool cannot cover, with the reasons, for :class:`~panel_toolkit.errors.DrawInfeasible`."""
    head = text("panel.infeasible_head", lang, n=len(shortfalls))
    rows = [text("panel.infeasible_row", lang, id=s.application_id, name=names.get(s.application_id, ""),
                 excluded=s.excluded_total, reasons=s.reasons(lang), remaining=s.remaining, needed=s.needed)
            for s in shortfalls]
    return "\n".join([head, *rows])


class LinksResult(TableResult):
    """Personal links: one row per expert. ``link`` is empty where a link was issued before (only
    its hash is kept, so it cannot be shown again; reissue to get a new one)."""

    title = "专家个人链接 Expert links"

    def issued(self) -> int:
        return int(self._frame["link"].notna().sum())

