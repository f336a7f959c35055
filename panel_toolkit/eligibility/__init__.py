"""Eligibility check (资格审查) of 第八条 (E1–E6) and the 第二十条 ban (E7), plus 第三条 name warnings.

Plain pandas + numpy; imports no widget or plot library.

    >>> frame = evaluate(apps, rubric, reference_date, removals, lang="zh")       # pure, vectorised
    >>> result = EligibilityResult.compute(apps, rubric, reference_date, removals)  # for a notebook
"""
from .conditions import BY_ID, CONDITION_IDS, CONDITIONS, Condition, conditions_table, rule_texts
from .naming import enterprise_word, name_warnings
from .result import EligibilityResult
from .rules import STATUSES, add_years, evaluate

__all__ = [
    "BY_ID", "CONDITIONS", "CONDITION_IDS", "STATUSES", "Condition", "EligibilityResult", "add_years",
    "conditions_table", "enterprise_word", "evaluate", "name_warnings", "rule_texts",
]
