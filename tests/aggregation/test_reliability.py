"""ICC against Shrout & Fleiss (1979) and Krippendorff's α against Krippendorff (2011), plus the
incomplete designs the panel draw produces."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from panel_toolkit.aggregation import reliability as rel

# Shrout & Fleiss (1979), Table 2: four judges rate six targets.
SF_TABLE_2 = np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]])
# Table 4 of the paper (two decimals).
SF_EXPECTED = {"ICC(1,1)": .17, "ICC(2,1)": .29, "ICC(3,1)": .71, "ICC(1,k)": .44, "ICC(2,k)": .62, "ICC(3,k)": .91}

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with missing data:
# 4 observers (rows) × 12 units (columns); published α: nominal .743, interval .849.
nan = np.nan
K_DATA = np.array([[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
                   [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
                   [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
                   [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]])


def long(matrix):
    n_r, n_u = matrix.shape
    return np.tile(np.arange(n_u), n_r), np.repeat(np.arange(n_r), n_u), matrix.ravel()


def test_shrout_fleiss_table_2_mean_squares():
    ms = rel.mean_squares(SF_TABLE_2)   # the paper's Table 3 ANOVA
    assert round(ms["BMS"], 2) == 11.24 and round(ms["WMS"], 2) == 6.26
    assert round(ms["JMS"], 2) == 32.49 and round(ms["EMS"], 2) == 1.02


def test_shrout_fleiss_table_2_six_forms():
    got = rel.icc_forms(SF_TABLE_2)
    assert {k: round(v, 2) for k, v in got.items()} == SF_EXPECTED


def test_the_long_form_entry_point_agrees_and_calls_the_design_crossed():
    targets, raters = np.repeat(np.arange(6), 4), np.tile(np.arange(4), 6)
    r = rel.reliability(targets, raters, SF_TABLE_2.ravel())
    assert {k: round(r[k], 2) for k in rel.FORMS} == SF_EXPECTED
    assert r["design"] == "crossed" and r["k0"] == 4 and (r["block_targets"], r["block_raters"]) == (6, 4)


def coincidence_alpha(data: np.ndarray, metric) -> float:
    """Krippendorff's own definition, written out: coincidence matrix o_ck, D_o and D_e."""
    values = sorted(set(data[~np.isnan(data)]))
    index = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for u in range(data.shape[1]):
        col = data[:, u][~np.isnan(data[:, u])]
        if len(col) < 2:
            continue
        for i, j in itertools.permutations(range(len(col)), 2):
            o[index[col[i]], index[col[j]]] += 1 / (len(col) - 1)
    n_c, n = o.sum(axis=1), o.sum()
    d = np.array([[metric(a, b) for b in values] for a in values])
    return 1 - (o * d).sum() / ((np.outer(n_c, n_c) * d).sum() / (n - 1))


def test_the_hand_computation_reproduces_krippendorffs_published_values():
    # Checks the test's own coincidence-matrix code against both published values of the example.
    assert round(coincidence_alpha(K_DATA, lambda a, b: float(a != b)), 3) == 0.743
    assert round(coincidence_alpha(K_DATA, lambda a, b: (a - b) ** 2), 3) == 0.849


def test_krippendorff_alpha_interval_matches_the_published_example():
    units, _, values = long(K_DATA)
    alpha = rel.krippendorff_alpha_interval(units, values)
    assert round(alpha, 3) == 0.849
    assert alpha == pytest.approx(coincidence_alpha(K_DATA, lambda a, b: (a - b) ** 2), abs=1e-12)


def test_one_way_icc_of_unequal_panels_by_hand():
    # target a: 2, 4 (mean 3); target b: 6, 8, 10 (mean 8); N = 5, grand mean 6.
    # SSB = 2·9 + 3·4 = 30, BMS = 30 / 1 = 30; SSW = 2 + 8 = 10, WMS = 10 / (5 − 2) = 10/3.
    # k0 = (5 − (4 + 9)/5) / 1 = 2.4; ICC(1,1) = (30 − 10/3) / (30 + 1.4·10/3) = 26.667 / 34.667.
    r = rel.icc_oneway(["a", "a", "b", "b", "b"], [2, 4, 6, 8, 10])
    assert r["k0"] == pytest.approx(2.4)
    assert r["ICC(1,1)"] == pytest.approx((30 - 10 / 3) / (30 + 1.4 * 10 / 3))
    assert r["ICC(1,k)"] == pytest.approx((30 - 10 / 3) / 30)


def test_a_balanced_one_way_equals_shrout_fleiss_icc1():
    targets = np.repeat(np.arange(6), 4)
    r = rel.icc_oneway(targets, SF_TABLE_2.ravel())
    assert round(r["ICC(1,1)"], 2) == .17 and round(r["ICC(1,k)"], 2) == .44


def test_drawn_panels_make_the_two_way_forms_not_applicable():
    # every candidate scored by a different pair of experts: one-way only
    targets = [1, 1, 2, 2, 3, 3, 4, 4]
    raters = [1, 2, 2, 3, 3, 4, 4, 1]
    r = rel.reliability(targets, raters, [5, 6, 7, 7, 2, 3, 9, 8])
    assert r["design"] == "incomplete"
    assert all(np.isnan(r[f]) for f in ("ICC(2,1)", "ICC(3,1)", "ICC(2,k)", "ICC(3,k)"))
    assert np.isfinite(r["ICC(1,1)"]) and rel.headline(r)[0] == "ICC(1,k)"


def test_a_mostly_crossed_panel_uses_its_complete_block():
    # S&F's six targets by judges 0–3, plus a seventh target scored by judges 0, 1 and a stand-in 9
    t, r, v = long(SF_TABLE_2.T)  # units = targets here
    targets = np.concatenate([t, [6, 6, 6]])
    raters = np.concatenate([r, [0, 1, 9]])
    values = np.concatenate([v, [5, 5, 5]])
    out = rel.reliability(targets, raters, values)
    assert out["design"] == "partly crossed" and (out["block_targets"], out["block_raters"]) == (6, 4)
    assert round(out["ICC(3,k)"], 2) == .91 and rel.headline(out)[0] == "ICC(2,k)"


def test_bands():
    assert [rel.band(x) for x in (0.3, 0.5, 0.8, 0.95, np.nan)] == ["poor", "moderate", "good", "excellent", ""]
    assert rel.band(0.49, lang="zh") == "差"
    assert [rel.band(x, rel.ALPHA_BANDS) for x in (0.5, 0.667, 0.8)] == ["unreliable", "tentative", "reliable"]


def test_reliability_table_per_part_and_criterion(synthetic):
    long_table = synthetic(n_apps=30, n_experts=5)
    totals = long_table.groupby(["assignment_id", "application_id", "expert_id", "part"], as_index=False)["score"].sum()
    table = rel.reliability_table(totals.rename(columns={"score": "total"}), long_table)
    assert table["scope"].tolist().count("part") == 2 and table["scope"].tolist().count("criterion") == 20
    assert (table["design"] == "crossed").all() and table[list(rel.FORMS)].notna().all().all()
    # the synthetic candidates differ much more than the experts: the panel score is reliable
    assert (table.loc[table["scope"] == "part", "band"].isin(["good", "excellent"])).all()
    assert isinstance(table, pd.DataFrame) and set(table["alpha_band"]) <= {"reliable", "tentative", "unreliable"}


# -- the four levels of measurement -------------------------------------------------------------------
# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for Communication,
# University of Pennsylvania (repository.upenn.edu/asc_papers/43).
# Section A, "binary or dichotomous data, two observers, no missing data": α = 0.095.
K_EXAMPLE_A = np.array([[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
                        [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]], dtype=float)
# Section C, K_DATA above (any number of observers, missing data), published for all four levels.
K_EXAMPLE_C = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}


def test_example_a_binary_data_two_observers():
    units, _, values = long(K_EXAMPLE_A)
    assert round(rel.krippendorff_alpha(units, values, "nominal"), 3) == 0.095


@pytest.mark.parametrize("level,published", K_EXAMPLE_C.items())
def test_example_c_at_every_level_of_measurement(level, published):
    units, _, values = long(K_DATA)
    assert round(rel.krippendorff_alpha(units, values, level), 3) == published


def ordinal_metric(counts: dict):
    def delta(a, b):
        lo, hi = min(a, b), max(a, b)
        return (sum(n for v, n in counts.items() if lo <= v <= hi) - (counts[a] + counts[b]) / 2) ** 2
    return delta


@pytest.mark.parametrize("seed", range(5))
def test_every_level_agrees_with_the_written_out_definition(seed):
    """Random tables with missing values: the vectorised α equals the coincidence-matrix code above."""
    rng = np.random.default_rng(seed)
    data = rng.integers(1, 6, size=(4, 15)).astype(float)
    data[rng.random(data.shape) < 0.25] = np.nan
    units, _, values = long(data)
    pairable = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
    o_counts = {}
    for u in range(pairable.shape[1]):
        col = pairable[:, u][~np.isnan(pairable[:, u])]
        for i, j in itertools.permutations(range(len(col)), 2):
            o_counts[col[i]] = o_counts.get(col[i], 0) + 1 / (len(col) - 1)
    metrics = {"nominal": lambda a, b: float(a != b), "interval": lambda a, b: (a - b) ** 2,
               "ratio": lambda a, b: ((a - b) / (a + b)) ** 2, "ordinal": ordinal_metric(o_counts)}
    for level, metric in metrics.items():
        assert rel.krippendorff_alpha(units, values, level) == pytest.approx(coincidence_alpha(data, metric), abs=1e-9)


def test_the_interval_level_is_the_old_closed_form():
    units, _, values = long(K_DATA)
    assert rel.krippendorff_alpha(units, values, "interval") == pytest.approx(rel.krippendorff_alpha_interval(units, values))


def test_alpha_is_nan_without_pairable_values_or_disagreement_to_expect():
    assert np.isnan(rel.krippendorff_alpha([1, 2, 3], [1.0, 2.0, 3.0], "nominal"))       # one value per unit
    assert np.isnan(rel.krippendorff_alpha([1, 1, 2, 2], [3.0, 3.0, 3.0, 3.0], "ordinal"))  # one value at all
    with pytest.raises(ValueError):
        rel.krippendorff_alpha([1, 1], [1.0, 2.0], "cardinal")


def test_the_rubric_names_the_level_of_each_part(rubric):
    assert dict(rubric.scoring.reliability_levels) == {"material": "interval", "site": "interval"}
