"""Aggregation of the panel's scores into the proposed list (拟认定名单, 第十二条).

Plain numpy/pandas — no widgets, no plots:

- :mod:`.methods` — mean, median, trimmed mean (去掉一个最高分和一个最低分), per-expert z-scores;
- :mod:`.totals` — from score items to sheets and their totals;
- :mod:`.ranking` — combined score, exclusions, ties, pass mark, quota;
- :mod:`.flags` — what the chair should look at;
- :mod:`.reliability` — the six ICC forms of Shrout & Fleiss (1979), Krippendorff's α (interval);
- :mod:`.sensitivity` — methods compared, leave-one-expert-out, bootstrap over experts;
- :mod:`.pipeline` — the validating wrappers; :mod:`.result` — result objects; :mod:`.paper` — paper sheets.
"""
from .methods import METHODS, mean, median, trimmed_mean
from .pipeline import Inputs, aggregate, inputs_sha256
from .reliability import icc_forms, icc_oneway, krippendorff_alpha_interval
from .result import AggregationResult, Confirmation, FlagsResult, ReliabilityResult, SensitivityResult

__all__ = ["METHODS", "AggregationResult", "Confirmation", "FlagsResult", "Inputs", "ReliabilityResult",
           "SensitivityResult", "aggregate", "icc_forms", "icc_oneway", "inputs_sha256", "krippendorff_alpha_interval",
           "mean", "median", "trimmed_mean"]
