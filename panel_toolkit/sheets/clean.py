"""What an expert typed, made clean before it is stored: every value checked against the rubric (the same rules
as the paper import), comments and veto reasons within :data:`MAX_TEXT_CHARS` (refused, not cut)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..errors import InvalidScore
from .rules import Entry, VetoProposal, check_entry, check_sheet
from .sheet import as_entry, as_veto

#: Longest comment or veto reason kept (characters); a longer text is refused, not cut.
MAX_TEXT_CHARS = 2000


def clean_entries(rubric, part: str, entries: Mapping[str, Entry]) -> dict[str, Entry]:
    clean = {}
    for item_id, value in entries.items():
        e = as_entry(value)
        verdict = e.verdict or None
        score = check_entry(rubric, part, str(item_id), e.score, verdict)
        comment = _text(e.comment, str(item_id), "意见")
        clean[str(item_id)] = Entry(score, verdict, comment)
    return clean


def clean_vetoes(rubric, part: str, vetoes: Iterable[VetoProposal]) -> list[VetoProposal]:
    proposals = [as_veto(v) for v in vetoes]
    proposals = [VetoProposal(p.veto_id, _text(p.reason, p.veto_id, "理由")) for p in proposals]
    problems = check_sheet(rubric, part, {}, proposals, complete=False)
    if problems:
        p = problems[0]
        raise InvalidScore(p.column, p.reason_zh + "。", p.reason_en + ".")
    return proposals


def _text(value: object, item_id: str, what: str) -> str:
    text = "" if value is None else str(value)
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidScore(item_id, f"{item_id} 的{what}超过 {MAX_TEXT_CHARS} 字。",
                           f"{item_id}: the text is longer than {MAX_TEXT_CHARS} characters.")
    return text
