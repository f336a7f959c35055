"""The expert panel (第十二条: 资料评审 + 实地核查): expert pool, conflicts (回避), the reproducible
random draw, its verification, and personal access tokens. Plain Python + pandas/numpy; no widgets.

    >>> m = conflict_matrix(candidates, experts, declared, ConflictRules.of(config))
    >>> outcome = draw(m.application_ids, m.expert_ids, m.codes, n_material=5, n_site=3, seed=2024)
"""
from .conflicts import REASONS, ConflictMatrix, ConflictRules, conflict_matrix, reason_labels
from .draw import ALGORITHM, PARTS, DrawOutcome, Shortfall, draw, result_sha256
from .pool import EXPERT_FIELDS, EXPERT_KEYS, OUTSIDE_CITY, normalize_name, validate_experts
from .record import DrawInputs
from .verify import VerifyResult, verify

__all__ = [
    "ALGORITHM", "EXPERT_FIELDS", "EXPERT_KEYS", "OUTSIDE_CITY", "PARTS", "REASONS", "ConflictMatrix", "ConflictRules",
    "DrawInputs", "DrawOutcome", "Shortfall", "VerifyResult", "conflict_matrix", "draw", "normalize_name",
    "reason_labels", "result_sha256", "validate_experts", "verify",
]
