"""The figure functions on small hand-made frames: one colour per county everywhere, a Chinese font,
empty data shown as a note, and the numbers in the traces the ones given."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from panel_toolkit.errors import StaticExportUnavailable
from panel_toolkit.figures import (
    PALETTE,
    county_colors,
    eligibility_figure,
    expert_progress_figure,
    export,
    funnel_figure,
    method_comparison_figure,
    progress_over_time_figure,
    reliability_figure,
    score_distribution_figure,
    sensitivity_figure,
)
from panel_toolkit.figures.palette import UNKNOWN, ordered
from panel_toolkit.figures.style import FONT_FAMILY

UNITS = ("站前区", "西市区", "鲅鱼圈区", "老边区", "盖州市", "大石桥市", "市直")
COLORS = county_colors(UNITS)


def trace_colors(fig: go.Figure) -> dict[str, str]:
    return {t.name: t.marker.color for t in fig.data if t.name}


# -- the palette -------------------------------------------------------------------------------------

def test_each_unit_gets_its_own_colour_in_the_sessions_order():
    assert list(COLORS) == list(UNITS)
    assert len(set(COLORS.values())) == len(UNITS)
    assert COLORS["站前区"] == PALETTE[0] and COLORS["市直"] == PALETTE[6]


def test_the_palette_repeats_for_many_units_and_ignores_duplicates():
    many = [f"开发区{i}" for i in range(len(PALETTE) + 2)]
    colors = county_colors(many + many[:3])
    assert len(colors) == len(many)
    assert colors[many[len(PALETTE)]] == PALETTE[0]


def test_ordered_follows_the_palette_and_keeps_unknown_units_last():
    assert ordered(["市直", "其他", "站前区"], COLORS) == ["站前区", "市直", "其他"]


# -- figures -----------------------------------------------------------------------------------------

@pytest.fixture
def counts() -> pd.DataFrame:
    return pd.DataFrame({"applications": [6, 4], "screened_in": [5, 4], "eligible": [3, 2]}, index=["盖州市", "站前区"])


def test_the_funnel_has_a_trace_per_county_in_its_colour_with_the_counts(counts):
    fig = funnel_figure(counts, COLORS, stage_labels={"applications": "申报", "screened_in": "通过初审", "eligible": "合格"})
    assert [t.name for t in fig.data] == ["站前区", "盖州市"]            # the session's order, not the frame's
    assert trace_colors(fig) == {"站前区": COLORS["站前区"], "盖州市": COLORS["盖州市"]}
    assert list(fig.data[1].x) == [6, 5, 3] and list(fig.data[1].y) == ["申报", "通过初审", "合格"]
    assert list(fig.layout.yaxis.ticktext) == ["申报（10）", "通过初审（9）", "合格（5）"]
    assert "WenQuanYi Micro Hei" in fig.layout.font.family


def test_an_empty_funnel_says_so(counts):
    fig = funnel_figure(counts * 0, COLORS)
    assert fig.data == () and fig.layout.annotations[0].text == "暂无申报"
    assert funnel_figure(counts.iloc[0:0], COLORS, lang="en").layout.annotations[0].text == "No applications yet"


def test_score_distribution_leaves_out_unscored_candidates_and_draws_the_pass_mark():
    scores = pd.DataFrame({"county": ["盖州市", "盖州市", "站前区", "站前区"], "combined": [71.234, np.nan, 65.0, 80.0],
                           "unit_name": ["甲", "乙", "丙", "丁"]})
    fig = score_distribution_figure(scores, COLORS, value="combined", pass_mark=70)
    by_name = {t.name: t for t in fig.data}
    assert list(by_name["盖州市"].y) == [71.23] and list(by_name["盖州市"].text) == ["甲"]
    assert list(by_name["站前区"].y) == [65.0, 80.0]
    assert by_name["盖州市"].marker.color == COLORS["盖州市"]
    assert fig.layout.shapes[0].y0 == 70 and "合格线 70" in fig.layout.annotations[0].text


def test_the_same_county_has_the_same_colour_in_every_figure(counts):
    scores = pd.DataFrame({"county": ["盖州市"], "score": [75.0], "unit_name": ["甲"]})
    timeline = pd.DataFrame({"date": pd.to_datetime(["2024-10-20"]), "county": ["盖州市"], "submitted": [3]})
    stability = pd.DataFrame({"county": ["盖州市"], "unit_name": ["甲"], "p_proposed": [0.5]})
    seen = {
        trace_colors(funnel_figure(counts, COLORS))["盖州市"],
        trace_colors(score_distribution_figure(scores, COLORS))["盖州市"],
        progress_over_time_figure(timeline, COLORS).data[0].line.color,
        trace_colors(sensitivity_figure(stability, COLORS))["盖州市"],
    }
    assert seen == {COLORS["盖州市"]}


def test_a_unit_outside_the_session_is_grey():
    scores = pd.DataFrame({"county": ["外地"], "score": [75.0]})
    assert score_distribution_figure(scores, COLORS).data[0].marker.color == UNKNOWN


def test_expert_progress_stacks_the_sheet_states_and_marks_the_late_in_red():
    progress = pd.DataFrame({"expert": ["王伟", "李娜"], "submitted": [3, 5], "draft": [1, 0], "not_started": [1, 0],
                             "late": [True, False]})
    fig = expert_progress_figure(progress)
    assert [t.name for t in fig.data] == ["已提交", "草稿", "未开始"]
    assert list(fig.data[0].x) == [3, 5] and list(fig.data[2].x) == [1, 0]
    assert fig.layout.barmode == "stack"
    ticks = list(fig.layout.yaxis.ticktext)
    assert "逾期" in ticks[0] and "#C62828" in ticks[0] and ticks[1] == "李娜"


def test_progress_over_time_is_one_line_per_county_with_the_total_due():
    timeline = pd.DataFrame({"date": pd.to_datetime(["2024-10-20", "2024-10-21", "2024-10-20"]),
                             "county": ["盖州市", "盖州市", "站前区"], "submitted": [2, 5, 1]})
    fig = progress_over_time_figure(timeline, COLORS, total=10)
    assert [t.name for t in fig.data] == ["站前区", "盖州市"]
    assert list(fig.data[1].y) == [2, 5]
    assert fig.layout.shapes[0].y0 == 10
    assert fig.layout.xaxis.tickformat == "%m-%d"


def test_reliability_shows_a_missing_coefficient_as_not_applicable_not_zero():
    table = pd.DataFrame({"label": ["资料评审", "A1"], "headline": [0.81, np.nan], "headline_form": ["ICC(1,k)", "ICC(1,k)"]})
    fig = reliability_figure(table)
    bar = fig.data[0]
    assert list(bar.text) == ["0.81", "不适用"]
    assert bar.marker.color[0] == "#2E7D32" and bar.marker.color[1] == "#BDBDBD"
    assert {s.y0 for s in fig.layout.shapes} == {0.5, 0.75, 0.9}


def test_methods_side_by_side_sorts_by_the_first_method_and_drops_unknown_methods():
    scores = pd.DataFrame({"unit_name": ["甲", "乙", "丙"], "trimmed_mean": [80.0, 60.0, np.nan], "mean": [79.0, 61.5, 50.0]})
    fig = method_comparison_figure(scores, ["trimmed_mean", "mean", "zscore"], method_labels={"mean": "平均分"}, pass_mark=70)
    assert [t.name for t in fig.data] == ["trimmed_mean", "平均分"]
    assert list(fig.data[0].y) == ["乙", "甲"] and list(fig.data[1].x) == [61.5, 79.0]
    assert fig.data[0].marker.symbol != fig.data[1].marker.symbol


def test_sensitivity_sorts_candidates_by_their_share_of_replicates():
    stability = pd.DataFrame({"county": ["盖州市", "站前区", "盖州市"], "unit_name": ["甲", "乙", "丙"],
                              "p_proposed": [0.2, 1.0, 0.55]})
    fig = sensitivity_figure(stability, COLORS)
    assert list(fig.layout.xaxis.categoryarray) == ["乙", "丙", "甲"]
    assert {t.name: list(t.y) for t in fig.data} == {"站前区": [100.0], "盖州市": [55.0, 20.0]}


def test_eligibility_stacks_pass_check_fail_per_condition():
    summary = pd.DataFrame({"label": ["培训", "总体"], "pass": [38, 31], "check": [0, 0], "fail": [4, 11]}, index=["E4", "all"])
    fig = eligibility_figure(summary)
    assert list(fig.data[0].y) == ["E4 培训", "总体"]
    assert [t.name for t in fig.data] == ["通过", "待核查", "不通过"]
    assert list(fig.data[2].x) == [4, 11]


def test_english_labels():
    progress = pd.DataFrame({"expert": ["A"], "submitted": [1], "draft": [0], "not_started": [0], "late": [True]})
    fig = expert_progress_figure(progress, lang="en")
    assert fig.layout.title.text == "Expert progress" and "(late)" in fig.layout.yaxis.ticktext[0]


def test_figures_serialise_to_json_with_the_chinese_text_intact(counts):
    data = json.loads(funnel_figure(counts, COLORS).to_json())
    assert data["layout"]["title"]["text"] == "各县(市)区申报与评审进度"
    assert FONT_FAMILY == data["layout"]["font"]["family"]


# -- static export -----------------------------------------------------------------------------------

def test_write_png_makes_a_png_where_chromium_exists(counts, tmp_path):
    if not export.static_export_available():
        pytest.skip("no Chromium or kaleido here")
    path = export.write_png(funnel_figure(counts, COLORS), tmp_path / "funnel.png", width=500, scale=1)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_chromium_write_png_says_how_to_install_it(counts, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "DEBIAN_CHROMIUM", str(tmp_path / "no-chromium"))
    # BROWSER_PATH unset means its default, Debian's binary (settings.py): name a missing one instead
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert export.browser_path() is None
    with pytest.raises(StaticExportUnavailable, match="apt-get install chromium"):
        export.write_png(funnel_figure(counts, COLORS), tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def test_figures_never_use_a_cdn_renderer():
    import plotly.io as pio

    import panel_toolkit.figures  # noqa: F401

    assert "connected" not in str(pio.renderers.default)



def test_a_large_session_draws_only_the_outliers_as_points():
    many = pd.DataFrame({"county": ["盖州市"] * 200, "score": np.linspace(50, 90, 200)})
    assert score_distribution_figure(many, COLORS).data[0].boxpoints == "outliers"
    assert score_distribution_figure(many.head(20), COLORS).data[0].boxpoints == "all"
