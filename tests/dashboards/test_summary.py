"""The dashboards' pure pandas summaries on small frames, the expected numbers worked out by hand."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from panel_toolkit.dashboards import summary as sm


@pytest.fixture
def base() -> pd.DataFrame:
    """Six applications: 1–4 in 盖州市, 5–6 in 站前区. 2 failed screening, 3 fails 第八条, 6 needs a check."""
    return pd.DataFrame({
        "county": ["盖州市", "盖州市", "盖州市", "盖州市", "站前区", "站前区"],
        "unit_name": ["甲", "乙", "丙", "丁", "戊", "己"],
        "brand_name": ["甲嫂", "乙匠", "丙师", "丁工", "戊厨", "己农"],
        "industry": ["家政服务", "建筑", "家政服务", "餐饮", "餐饮", "家政服务"],
        "status": ["pass", "pass", "fail", "pass", "pass", "check"],
        "screened_in": [True, False, True, True, True, True],
    }, index=pd.Index([1, 2, 3, 4, 5, 6], name="id"))


@pytest.fixture
def ranked() -> pd.DataFrame:
    """The aggregation's view: 1 and 5 proposed, 6 below the pass mark, 4 incomplete (no combined)."""
    return pd.DataFrame({
        "material": [80.0, np.nan, 75.0, 60.0], "site": [90.0, 70.0, 80.0, 70.0], "combined": [84.0, np.nan, 77.0, 64.0],
        "rank": pd.array([1, pd.NA, 2, 3], dtype="Int64"),
        "conclusion": ["proposed", "incomplete", "proposed", "not_proposed"],
        "reason": ["综合得分 84.00", "评审未完成", "综合得分 77.00", "低于合格分数线"],
        "reason_en": ["combined 84.00", "incomplete", "combined 77.00", "below the pass mark"],
    }, index=pd.Index([1, 4, 5, 6], name="application_id"))


def test_stages_imply_each_other(base, ranked):
    s = sm.candidate_status(base, ranked=ranked, recognised=[5, 2])
    assert s["eligible"].tolist() == [True, False, False, True, True, True]   # 2 screened out, 3 fails Art. 8
    assert s["scored"].tolist() == [True, False, False, False, True, True]    # 4 has no combined score
    assert s["proposed"].tolist() == [True, False, False, False, True, False]
    assert s["recognised"].tolist() == [False, False, False, False, True, False]  # 2 was never proposed
    for earlier, later in zip(sm.STAGES, sm.STAGES[1:]):
        assert not (s[later] & ~s[earlier]).any()


def test_a_confirmed_list_decides_who_is_proposed(base, ranked):
    s = sm.candidate_status(base, ranked=ranked, proposed=[1])
    assert s.index[s["proposed"]].tolist() == [1]


def test_without_a_ranking_nothing_is_scored(base):
    s = sm.candidate_status(base)
    assert not s["scored"].any() and not s["proposed"].any()
    assert s["conclusion"].isna().all()


def test_funnel_counts_per_unit_in_the_given_order_with_zeros(base, ranked):
    counts = sm.funnel_counts(sm.candidate_status(base, ranked=ranked), ["站前区", "西市区", "盖州市"])
    assert counts.index.tolist() == ["站前区", "西市区", "盖州市"]
    assert counts.loc["盖州市"].tolist() == [4, 3, 2, 1, 1, 0]
    assert counts.loc["站前区"].tolist() == [2, 2, 2, 2, 1, 0]
    assert counts.loc["西市区"].sum() == 0


@pytest.fixture
def sheets() -> pd.DataFrame:
    """Expert 7 (王伟): 2 submitted, 1 draft; expert 8 (李娜): 1 submitted, 1 missing; expert 9: all submitted."""
    return pd.DataFrame({"expert_id": [7, 7, 7, 8, 8, 9],
                         "expert_name": ["王伟", "王伟", "王伟", "李娜", "李娜", "张敏"],
                         "status": ["submitted", "submitted", "draft", "submitted", "missing", "submitted"]},
                        index=pd.Index([11, 12, 13, 14, 15, 16], name="assignment_id"))


def test_expert_progress_counts_each_state(sheets):
    p = sm.expert_progress(sheets)
    assert p.loc[7, ["assigned", "submitted", "draft", "not_started"]].tolist() == [3, 2, 1, 0]
    assert p.loc[8, ["assigned", "submitted", "draft", "not_started"]].tolist() == [2, 1, 0, 1]
    assert p.loc[8, "done"] == 0.5
    assert not p["late"].any()                       # no due date: nobody is late
    assert p.index.tolist() == [8, 7, 9]             # least done first


def test_late_means_open_sheets_after_the_due_date(sheets):
    due = dt.date(2024, 11, 15)
    assert not sm.expert_progress(sheets, due=due, today=due)["late"].any()   # the due day itself is not late
    p = sm.expert_progress(sheets, due=due, today=due + dt.timedelta(days=1))
    assert p["late"].to_dict() == {8: True, 7: True, 9: False}
    assert p.index.tolist()[-1] == 9


def test_anonymised_progress_names_nobody(sheets):
    out = sm.anonymise(sm.expert_progress(sheets))
    assert out["expert"].tolist() == ["专家 1", "专家 2", "专家 3"]
    assert not {"王伟", "李娜", "张敏"} & set(out.astype(str).to_numpy().ravel())


def test_an_empty_sheet_table_gives_an_empty_progress():
    empty = sm.expert_progress(pd.DataFrame(columns=["expert_id", "expert_name", "status"]))
    assert empty.empty and "late" in empty


def test_the_timeline_is_cumulative_per_county_in_china_time():
    events = pd.DataFrame({"at": pd.to_datetime(["2024-10-20T03:00Z", "2024-10-20T17:00Z", "2024-10-21T01:00Z",
                                                 "2024-10-20T05:00Z"]),
                           "application_id": [1, 1, 2, 5]})
    t = sm.submissions_timeline(events, pd.Series({1: "盖州市", 2: "盖州市", 5: "站前区"}))
    got = {(d.strftime("%m-%d"), c): n for d, c, n in t.itertuples(index=False)}
    # 17:00 UTC on the 20th is 01:00 on the 21st in China
    assert got == {("10-20", "盖州市"): 1, ("10-20", "站前区"): 1, ("10-21", "盖州市"): 3, ("10-21", "站前区"): 1}


def test_filters_keep_the_eligible_candidates_of_a_county_industry_and_outcome(base, ranked):
    s = sm.candidate_status(base, ranked=ranked)
    assert sm.filter_candidates(s).index.tolist() == [1, 5, 6, 4]      # by rank, the unranked last
    assert sm.filter_candidates(s, county="盖州市").index.tolist() == [1, 4]
    assert sm.filter_candidates(s, industry="家政服务").index.tolist() == [1, 6]
    assert sm.filter_candidates(s, outcome="pass").index.tolist() == [1, 5]
    assert sm.filter_candidates(s, outcome="fail").index.tolist() == [6]
    assert sm.filter_candidates(s, outcome="incomplete").index.tolist() == [4]
    assert sm.filter_candidates(s, county="站前区", outcome="incomplete").empty
    with pytest.raises(ValueError, match="outcome"):
        sm.filter_candidates(s, outcome="maybe")


def test_the_list_view_reads_like_the_official_list(base, ranked):
    rows = sm.filter_candidates(sm.candidate_status(base, ranked=ranked))
    view = sm.list_view(rows)
    assert view.columns.tolist()[:4] == ["申报编号", "排名", "县(市)区", "单位名称"]
    assert view["排名"].tolist() == ["1", "2", "3", ""]
    assert view["结论"].tolist() == ["拟认定", "拟认定", "不予认定", "评审未完成"]
    assert sm.list_view(rows, "en")["reason"].tolist()[0] == "combined 84.00"


def test_section_scores_sum_each_experts_criteria_per_section():
    items = pd.DataFrame({"expert": ["王伟", "王伟", "王伟", "李娜", "李娜", "李娜"],
                          "item_id": ["A1", "A2", "B1", "A1", "A2", "B1"], "score": [7, 5, 9.5, 6, 4, 8.5]})
    out = sm.section_scores(items, {"A1": "A", "A2": "A", "B1": "B"}, {"A": "品牌建设", "B": "组织培训"})
    assert out.index.tolist() == ["品牌建设", "组织培训"]
    assert out["王伟"].tolist() == [12.0, 9.5] and out["李娜"].tolist() == [10.0, 8.5]
    assert out["平均"].tolist() == [11.0, 9.0]


def test_expert_totals_in_chinese():
    sheets = pd.DataFrame({"expert": ["乙", "甲"], "part": ["site", "material"], "status": ["draft", "submitted"],
                           "total": [np.nan, 81.256], "deviation": [np.nan, 1.0]})
    out = sm.expert_totals(sheets)
    assert out.columns.tolist() == ["专家", "评审环节", "评分表", "总分", "偏离"]
    assert out.iloc[0].tolist()[:4] == ["甲", "资料评审", "已提交", 81.26]
    assert out.iloc[1, 2] == "草稿"


def test_the_summaries_import_no_widget_or_plot_library():
    code = ("import sys, importlib.abc\n"
            "class Block(importlib.abc.MetaPathFinder):\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] in ('ipywidgets', 'plotly', 'voila', 'IPython'):\n"
            "            raise ImportError('blocked: ' + name)\n"
            "sys.meta_path.insert(0, Block())\n"
            "import panel_toolkit.dashboards.summary\nprint('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "ok", out.stderr
