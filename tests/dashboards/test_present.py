"""Tables as people read them: Chinese headers, 是/否, no None/NaN/+00:00, the session's time zone."""
from __future__ import annotations


import pandas as pd

from panel_toolkit.dashboards.present import present
from panel_toolkit.dashboards.summary import submissions_timeline
from panel_toolkit.figures.progress import progress_over_time_figure


def test_present_translates_headers_values_and_times():
    df = pd.DataFrame({"application_id": [1, 2], "label": ["资料评审", "实地核查"], "late": [True, False],
                       "combined": [81.256, float("nan")], "reason": ["x", None], "reason_en": ["x", "y"],
                       "headline_form": ["trimmed_mean", "median"],
                       "submitted_at": [pd.Timestamp("2026-09-30 16:30", tz="UTC"), pd.NaT],
                       "founded_on": [pd.Timestamp("2018-03-21"), pd.Timestamp("2019-01-02")]})
    out = present(df)
    text = out.to_html()
    for word in ("True", "False", "None", "NaN", "nan", "<NA>", "NaT", "+00:00", "reason_en", "application_id",
                 "headline_form", "trimmed_mean"):
        assert word not in text, word
    assert list(out.columns[:3]) == ["申报编号", "范围", "逾期"]
    assert out["逾期"].tolist() == ["是", "否"] and out["提交时间"].tolist() == ["2026-10-01 00:30", ""]
    assert out["founded_on"].tolist() == ["2018-03-21", "2019-01-02"] and out["综合得分"].tolist() == [81.26, ""]
    assert out["指标"].tolist() == ["去掉一个最高分和一个最低分后平均", "中位数"]
    assert "reason_en" in present(df, "en").columns and present(df, "en")["late"].tolist() == ["yes", "no"]


def test_a_timeline_of_one_day_is_drawn_by_the_hour():
    at = pd.to_datetime(["2026-09-30 01:10", "2026-09-30 01:40", "2026-09-30 06:05"], utc=True)
    events = pd.DataFrame({"at": at, "application_id": [1, 2, 1]})
    tl = submissions_timeline(events, {1: "盖州市", 2: "站前区"})
    assert sorted(tl["date"].dt.hour.unique()) == [9, 14]                    # Beijing time, by the hour
    fig = progress_over_time_figure(tl, {"盖州市": "#111", "站前区": "#222"})
    assert fig.layout.xaxis.tickformat == "%H:%M" and "2026-09-30" in fig.layout.xaxis.title.text
    two_days = pd.DataFrame({"at": pd.to_datetime(["2026-09-29 01:00", "2026-09-30 01:00"], utc=True),
                             "application_id": [1, 1]})
    assert (submissions_timeline(two_days, {1: "盖州市"})["date"].dt.hour == 0).all()
