"""Part scores by every method, worked out by hand (SPEC §5; the rubric's trim_min_sheets is 5)."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from panel_toolkit.aggregation import methods as m

TRIM = 5  # the default rubric's scoring.trim_min_sheets


def test_the_default_rubric_trims_from_five_sheets(rubric):
    assert rubric.scoring.trim_min_sheets == TRIM and rubric.scoring.aggregation == "trimmed_mean"


def test_mean_and_median():
    assert m.mean([70, 80, 90]) == 80
    assert m.median([70, 80, 90, 100]) == 85          # even panel: mean of the two middle totals
    assert m.median([60, 95, 70]) == 70
    assert math.isnan(m.mean([])) and math.isnan(m.median([]))


def test_trimmed_mean_with_five_sheets_drops_one_highest_and_one_lowest():
    # 去掉一个最高分(100)和一个最低分(60): (70 + 80 + 90) / 3 = 80
    assert m.trimmed_mean([60, 70, 80, 90, 100], TRIM) == 80


def test_trimmed_mean_with_exactly_four_sheets_is_the_plain_mean():
    # 4 < 5: no trimming; (60 + 70 + 80 + 100) / 4 = 77.5
    assert m.trimmed_mean([60, 70, 80, 100], TRIM) == 77.5


def test_trimmed_mean_drops_only_one_of_equal_extremes():
    # two experts gave 90 and two gave 70: one of each is dropped; (70 + 80 + 90) / 3 = 80
    assert m.trimmed_mean([90, 70, 80, 90, 70], TRIM) == 80
    # seven sheets: drop 50 and 100; (60 + 70 + 80 + 90 + 95) / 5 = 79
    assert m.trimmed_mean([100, 50, 60, 70, 80, 90, 95], TRIM) == 79


def totals_frame(rows):
    return pd.DataFrame(rows, columns=["application_id", "part", "expert_id", "total"])


def test_part_scores_of_many_panels_match_the_single_panel_functions():
    rows = [(1, "material", e, t) for e, t in enumerate([60, 70, 80, 90, 100], 1)] + \
           [(2, "material", e, t) for e, t in enumerate([60, 70, 80, 100], 1)] + \
           [(2, "site", e, t) for e, t in enumerate([50, 90, 70], 1)]
    f = totals_frame(rows)
    maxima = {"material": 100.0, "site": 100.0}
    trimmed = m.part_scores(f, "trimmed_mean", TRIM, maxima)
    assert trimmed.loc[(1, "material"), "score"] == 80 and bool(trimmed.loc[(1, "material"), "trimmed"])
    assert trimmed.loc[(2, "material"), "score"] == 77.5 and not trimmed.loc[(2, "material"), "trimmed"]
    assert trimmed.loc[(2, "site"), "score"] == 70 and trimmed.loc[(2, "site"), "n"] == 3
    assert m.part_scores(f, "median", TRIM, maxima).loc[(2, "material"), "score"] == 75
    assert m.part_scores(f, "mean", TRIM, maxima).loc[(1, "material"), "score"] == 80


def test_zscore_removes_a_lenient_experts_offset():
    """Expert 1 gives 60 and 80, expert 2 (lenient) 80 and 100, to candidates 1 and 2.

    Each expert: mean 70 / 90, population SD 10. All totals 60, 80, 80, 100: M = 80, S = √200 = 14.142…
    x̃ = 80 + 14.142·(x − m)/10: both experts map to 65.858 (candidate 1) and 94.142 (candidate 2)."""
    f = totals_frame([(1, "material", 1, 60), (2, "material", 1, 80), (1, "material", 2, 80), (2, "material", 2, 100)])
    adjusted = m.normalised_totals(f, {"material": 100.0})
    s = math.sqrt(200)
    assert adjusted.tolist() == pytest.approx([80 - s, 80 + s, 80 - s, 80 + s])
    scores = m.part_scores(f, "zscore", TRIM, {"material": 100.0})["score"]
    assert scores.tolist() == pytest.approx([80 - s, 80 + s])
    assert m.part_scores(f, "mean", TRIM, {"material": 100.0})["score"].tolist() == [70, 90]


def test_zscore_keeps_raw_totals_it_cannot_standardise_and_clips_to_the_maximum():
    # expert 3 scored one candidate only (no spread): raw 75 kept; expert 4 gave the same total twice.
    f = totals_frame([(1, "site", 1, 10), (2, "site", 1, 100), (1, "site", 3, 75), (1, "site", 4, 50), (2, "site", 4, 50)])
    adjusted = m.normalised_totals(f, {"site": 100.0})
    assert adjusted.iloc[2] == 75 and adjusted.iloc[3] == 50 and adjusted.iloc[4] == 50
    # expert 1: m = 55, s = 45; all totals: M = 57, S = sqrt(mean((x-57)^2)) = 28.565...
    allv = pd.Series([10, 100, 75, 50, 50.0])
    big_m, big_s = allv.mean(), allv.std(ddof=0)
    assert adjusted.iloc[0] == pytest.approx(big_m - big_s)
    assert adjusted.iloc[1] == pytest.approx(min(100, big_m + big_s))
    assert m.zscore_adjust([130.0], 55, 10, 80, 20, 100)[0] == 100            # clipped at the part maximum
    assert m.zscore_adjust([0.0], 55, 10, 80, 20, 100)[0] == 0                # and at 0


def test_unknown_method_is_refused(rubric):
    from panel_toolkit.aggregation.pipeline import check_method
    from panel_toolkit.errors import InvalidState

    assert check_method(None, rubric) == "trimmed_mean"
    with pytest.raises(InvalidState, match="olympic"):
        check_method("olympic", rubric)
