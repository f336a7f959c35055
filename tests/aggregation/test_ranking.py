"""Combined score, ties, pass mark, quota and exclusions, worked out by hand (SPEC §4–5; weights
0.6 / 0.4 and pass mark 70 come from the default rubric)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from panel_toolkit.aggregation.ranking import competition_rank, rank_candidates

W_M, W_S, PASS = 0.6, 0.4, 70


def frame(rows: dict) -> pd.DataFrame:
    """{app: (material, site)} or {app: "excluded: reason"} / {app: "incomplete: reason"}."""
    out = []
    for app, v in rows.items():
        exc = v.split(": ", 1)[1] if isinstance(v, str) and v.startswith("excluded") else ""
        inc = v.split(": ", 1)[1] if isinstance(v, str) and v.startswith("incomplete") else ""
        m, s = (np.nan, np.nan) if isinstance(v, str) else v
        out.append(dict(application_id=app, material=m, site=s, excluded_code="veto" if exc else "", excluded_reason=exc,
                        excluded_reason_en=exc, incomplete_reason=inc, incomplete_reason_en=inc))
    df = pd.DataFrame(out).set_index("application_id")
    for c in ("excluded_code", "excluded_reason", "excluded_reason_en", "incomplete_reason", "incomplete_reason_en"):
        df[c] = df[c].astype("str")
    return df


def test_the_default_rubric_weights_and_pass_mark(rubric):
    s = rubric.scoring
    assert (s.weight_material, s.weight_site, s.pass_mark) == (W_M, W_S, PASS)


def test_combined_and_tie_rules():
    # 1: 0.6·80 + 0.4·90 = 84; 2: 0.6·85 + 0.4·82.5 = 51 + 33 = 84 with the higher material score → first;
    # 3: same as 1 in every score → tied with 1 (并列); 4: 0.6·90 + 0.4·75 = 84, material 90 → before 2;
    # 5: 0.6·70 + 0.4·70 = 70, exactly the pass mark → passes; 6: 0.6·70 + 0.4·69 = 69.6 → fails.
    r = rank_candidates(frame({1: (80, 90), 2: (85, 82.5), 3: (80, 90), 4: (90, 75), 5: (70, 70), 6: (70, 69)}),
                        W_M, W_S, PASS, None)
    assert r["combined"].round(9).tolist() == [84, 84, 84, 84, 70, 69.6]
    assert r["rank"].tolist() == [3, 2, 3, 1, 5, 6]
    assert r["tie"].tolist() == [True, False, True, False, False, False]
    assert r["conclusion"].tolist() == ["proposed"] * 5 + ["not_proposed"]
    assert r.loc[6, "reason_code"] == "below_pass_mark" and "低于合格分数线 70" in r.loc[6, "reason"]
    assert "并列" in r.loc[1, "reason"] and "(tied)" in r.loc[3, "reason_en"]


def test_float_noise_is_no_difference_and_site_breaks_a_material_tie():
    # 2 differs from 1 by 1e-12 in site only (floating-point noise, not a score): still 并列.
    r = rank_candidates(frame({1: (80, 90), 2: (80, 90 + 1e-12)}), W_M, W_S, PASS, None)
    assert r["rank"].tolist() == [1, 1] and r["tie"].all()
    # combined and material equal: the higher site score ranks first (SPEC §5)
    ranks = competition_rank(pd.DataFrame({"combined": [84, 84], "material": [80, 80], "site": [90, 91]}))
    assert ranks["rank"].tolist() == [2, 1] and ranks["tie_size"].tolist() == [1, 1]


def test_quota_and_a_tie_across_it():
    rows = {1: (90, 90), 2: (80, 90), 3: (80, 90), 4: (75, 75)}       # ranks 1, 2, 2, 4
    r = rank_candidates(frame(rows), W_M, W_S, PASS, 2)
    assert r["conclusion"].tolist() == ["proposed", "proposed", "proposed", "not_proposed"]
    assert r["tie_at_quota"].tolist() == [False, True, True, False]
    assert r.loc[2, "reason_code"] == "tie_at_quota" and "请主席决定" in r.loc[2, "reason"]
    assert r.loc[4, "reason_code"] == "beyond_quota" and "超出名额 2" in r.loc[4, "reason"]
    r1 = rank_candidates(frame(rows), W_M, W_S, PASS, 1)
    assert r1["conclusion"].tolist() == ["proposed", "not_proposed", "not_proposed", "not_proposed"]
    assert not r1["tie_at_quota"].any()


def test_excluded_and_incomplete_are_never_ranked():
    r = rank_candidates(frame({1: (90, 90), 2: "excluded: 一票否决", 3: "incomplete: 缺评分表", 4: (60, 60)}),
                        W_M, W_S, PASS, None)
    assert r["rank"].tolist()[0] == 1 and pd.isna(r.loc[2, "rank"]) and pd.isna(r.loc[3, "rank"])
    assert r.loc[4, "rank"] == 2                                     # ranks count ranked candidates only
    assert r["conclusion"].tolist() == ["proposed", "excluded", "incomplete", "not_proposed"]
    assert r.loc[2, "reason"] == "一票否决" and r.loc[3, "reason_code"] == "incomplete"
    assert pd.isna(r.loc[2, "passed"]) and pd.isna(r.loc[3, "passed"])
