"""Sensitivity of the list: methods compared, leave-one-expert-out and the bootstrap over experts."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from panel_toolkit.aggregation import pipeline as pl
from panel_toolkit.aggregation import sensitivity as sens
from panel_toolkit.aggregation.ranking import competition_rank
from panel_toolkit.errors import InvalidState

SPEC = {
    # 1: trimmed (70+71+72)/3 = 71 → 0.6·71 + 0.4·70 = 70.6 passes; the plain mean 61.2 → 64.72 fails.
    1: {"material": [20, 70, 71, 72, 73], "site": [70, 70, 70]},
    2: {"material": [100] * 5, "site": [100] * 3},
    3: {"material": [50] * 5, "site": [50] * 3},
}


def test_methods_and_leave_one_out_by_hand(inputs):
    out = pl.sensitivity(inputs(SPEC), n_boot=50, seed=1).to_frame()
    assert out.loc[1, "combined_trimmed_mean"] == pytest.approx(70.6)
    assert out.loc[1, "combined_mean"] == pytest.approx(64.72)
    assert bool(out.loc[1, "proposed_trimmed_mean"]) and not out.loc[1, "proposed_mean"]
    assert bool(out.loc[1, "method_pass_changes"]) and not out.loc[2, "method_pass_changes"]
    # Without expert 1 (the 20) four sheets remain → plain mean 71.5 → still passes; without any of
    # experts 2–5 the 20 stays in a four-sheet mean (e.g. 20, 70, 71, 72 → 58.25) → fails.
    assert out.loc[1, "loo_pass_flips"] == "2、3、4、5"
    assert out.loc[2, "loo_pass_flips"] == "" and out.loc[2, "loo_rank_min"] == out.loc[2, "loo_rank_max"] == 1


def test_bootstrap_is_seeded_and_reports_progress(inputs):
    calls = []
    a = pl.sensitivity(inputs(SPEC), n_boot=120, seed=7, progress=lambda d, n: calls.append((d, n))).to_frame()
    b = pl.sensitivity(inputs(SPEC), n_boot=120, seed=7).to_frame()
    pd.testing.assert_frame_equal(a, b)
    assert calls == [(50, 120), (100, 120), (120, 120)]
    assert a.loc[2, "p_pass"] == 1 and a.loc[2, "boot_rank_lo"] == a.loc[2, "boot_rank_hi"] == 1
    assert a.loc[3, "p_pass"] == 0 and a.loc[3, "boot_rank_hi"] == 3
    assert 0 < a.loc[1, "p_pass"] < 1          # 1 fails whenever its 20 is drawn twice or more
    assert (a["boot_rank_lo"] <= a["boot_rank_hi"]).all()


def test_bootstrap_keeps_the_panel_size_so_trimming_still_applies(inputs, rubric):
    # every resample of [20, 70, 71, 72, 73] has 5 values: the trimmed mean drops one low and one high
    table, k = sens._padded(pd.Series([20, 70, 71, 72, 73.0]), np.array([1] * 5), pd.Index([1]))
    scores = sens._resampled_scores(table, k, 2000, "trimmed_mean", rubric.scoring.trim_min_sheets,
                                    np.random.default_rng(0))
    assert scores.shape == (2000, 1) and scores.min() >= 20 and scores.max() <= 73
    # P(the 20 is drawn at least twice) = 1 − 0.8⁵ − 5·0.2·0.8⁴ = 0.26272: the only way below 70.5
    assert (scores[:, 0] < 60).mean() == pytest.approx(0.26272, abs=0.03)


def test_row_ranks_are_competition_ranks():
    rng = np.random.default_rng(3)
    c = rng.integers(60, 70, (30, 12)).astype(float)
    got = sens._row_ranks(c)
    for row in range(len(c)):
        frame = pd.DataFrame({"combined": c[row], "material": 0.0, "site": 0.0})
        assert got[row].tolist() == competition_rank(frame)["rank"].tolist()


def test_bad_arguments(inputs):
    with pytest.raises(InvalidState):
        pl.sensitivity(inputs(SPEC), n_boot=0)
    with pytest.raises(InvalidState):
        pl.sensitivity(inputs(SPEC), n_boot=10, confidence=1.5)


def test_changed_lists_who_depends_on_choices(inputs):
    result = pl.sensitivity(inputs(SPEC), n_boot=20, seed=1)
    assert result.changed().index.tolist() == [1]
    assert "<table" in result._repr_html_() and result.seed == 1 and result.n_boot == 20
