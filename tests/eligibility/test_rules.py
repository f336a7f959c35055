"""E1–E7 (第八条, 第二十条) at their boundaries, with the expected numbers worked out by hand.

Reference date 2024-09-30 unless a test says otherwise; thresholds from the bundled rubric
(total > 200, in trade > 100, each year ≥ 100; 非遗: > 100, > 50, ≥ 50; export ≥ 80 %; ban 5 years).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from panel_toolkit.eligibility import CONDITION_IDS, EligibilityResult, add_years, conditions_table, evaluate


def one(frame: pd.DataFrame) -> pd.Series:
    assert len(frame) == 1
    return frame.iloc[0]


# ---------------------------------------------------------------- the calendar of 民法典第二百零一条

def test_add_years_ends_on_the_corresponding_day_or_the_month_end():
    days = np.array(["2020-02-29", "2020-02-29", "2023-01-31", "2019-10-01", "2024-02-29", "NaT"], dtype="datetime64[D]")
    years = [2, 4, 1, 5, 1, 2]
    got = [add_years(days[i:i + 1], y)[0] for i, y in enumerate(years)]
    assert [str(d) for d in got] == ["2022-02-28", "2024-02-29", "2024-01-31", "2024-10-01", "2025-02-28", "NaT"]


# ---------------------------------------------------------------- E1 第八条(一) declarations

def test_e1_all_declarations_yes_passes_and_is_reverified_on_site(screen):
    r = one(screen())
    assert r["E1"] == "pass"
    assert r["E1_detail"] == "6项声明均为“是”，实地核查时再次核实"


def test_e1_a_no_fails_naming_the_declaration(screen):
    r = one(screen(decl_premises=False))
    assert r["E1"] == "fail"
    assert r["E1_detail"] == "声明为“否”：「有固定经营活动场所」"


def test_e1_two_noes_are_both_named(screen):
    r = one(screen(decl_legal_person=False, decl_no_disputes=False))
    assert r["E1_detail"] == "声明为“否”：「具有独立法人资格」、「无未了结的法律、经济纠纷」"


def test_e1_missing_declaration_needs_a_document_check(screen):
    r = one(screen(decl_finance=pd.NA))
    assert r["E1"] == "check"
    assert r["E1_detail"] == "未填写：「财务管理制度规范」，须核查证明材料"


def test_e1_a_no_and_a_missing_one_fail_and_both_are_reported(screen):
    r = one(screen(decl_premises=False, decl_lawful=pd.NA))
    assert r["E1"] == "fail"
    assert r["E1_detail"] == "声明为“否”：「有固定经营活动场所」；未填写：「符合法律法规且无违法违纪行为」"


# ---------------------------------------------------------------- E2 第八条(一) 运行2年(含)以上

def test_e2_two_years_to_the_day_passes(screen):
    r = one(screen(founded_on="2022-09-30"))
    assert r["E2"] == "pass"
    assert r["E2_detail"] == "成立于 2022-09-30，满2年之日为 2024-09-30，基准日 2024-09-30，已满2年"


def test_e2_one_day_short_fails(screen):
    r = one(screen(founded_on="2022-10-01"))
    assert r["E2"] == "fail"
    assert r["E2_detail"] == "成立于 2022-10-01，满2年之日为 2024-10-01，基准日 2024-09-30，未满2年"


def test_e2_founded_on_29_february_reaches_two_years_on_28_february(screen):
    on_time = one(screen(founded_on="2020-02-29", reference=dt.date(2022, 2, 28)))
    assert on_time["E2"] == "pass"
    assert on_time["E2_detail"] == "成立于 2020-02-29，满2年之日为 2022-02-28，基准日 2022-02-28，已满2年"
    assert one(screen(founded_on="2020-02-29", reference=dt.date(2022, 2, 27)))["E2"] == "fail"


def test_e2_missing_founding_date_needs_a_check(screen):
    r = one(screen(founded_on=None))
    assert (r["E2"], r["E2_detail"]) == ("check", "未填写成立日期，须核查营业执照或登记证书")


# ---------------------------------------------------------------- E3 第八条(二) brand name or trademark

def test_e3_brand_name_with_trademark(screen):
    r = one(screen(brand_name="营口渔家嫂", trademark_no="40123456"))
    assert (r["E3"], r["E3_detail"]) == ("pass", "品牌名称「营口渔家嫂」，注册商标号 40123456")


def test_e3_brand_name_without_trademark(screen):
    r = one(screen(brand_name=" 营口渔家嫂 ", trademark_no=None))
    assert (r["E3"], r["E3_detail"]) == ("pass", "品牌名称「营口渔家嫂」，未注册商标，以独立品牌名称申报")


@pytest.mark.parametrize("name", [None, "", "   "])
def test_e3_no_brand_name_fails(screen, name):
    r = one(screen(brand_name=name))
    assert (r["E3"], r["E3_detail"]) == ("fail", "未填写劳务品牌名称")


# ---------------------------------------------------------------- E4 第八条(三) training

def test_e4_total_of_200_fails(screen):
    r = one(screen(trained_y1=100, trained_y2=100, in_trade_y1=60, in_trade_y2=60))
    assert r["E4"] == "fail"
    assert r["E4_detail"] == ("近两年培训 200 人（须超过 200 人，不符合）；培训后从事该行业 120 人（须超过 100 人）；"
                              "第一年培训 100 人、第二年 100 人（每年须不少于 100 人）；培训台账完整规范")


def test_e4_total_of_201_passes(screen):
    r = one(screen(trained_y1=100, trained_y2=101, in_trade_y1=60, in_trade_y2=60))
    assert r["E4"] == "pass"
    assert r["E4_detail"].startswith("近两年培训 201 人（须超过 200 人）；")


def test_e4_a_year_of_99_fails_even_with_a_large_total(screen):
    r = one(screen(trained_y1=99, trained_y2=150, in_trade_y1=60, in_trade_y2=60))
    assert r["E4"] == "fail"
    assert "第一年培训 99 人、第二年 150 人（每年须不少于 100 人，不符合）" in r["E4_detail"]
    assert "近两年培训 249 人（须超过 200 人）" in r["E4_detail"]


def test_e4_a_year_of_100_passes(screen):
    assert one(screen(trained_y1=100, trained_y2=150, in_trade_y1=60, in_trade_y2=60))["E4"] == "pass"


def test_e4_in_trade_100_fails_and_101_passes(screen):
    r = one(screen(trained_y1=150, trained_y2=150, in_trade_y1=50, in_trade_y2=50))
    assert r["E4"] == "fail"
    assert "培训后从事该行业 100 人（须超过 100 人，不符合）" in r["E4_detail"]
    assert one(screen(trained_y1=150, trained_y2=150, in_trade_y1=50, in_trade_y2=51))["E4"] == "pass"


def test_e4_training_ledger_incomplete_fails_and_missing_needs_a_check(screen):
    r = one(screen(training_ledger=False))
    assert r["E4"] == "fail" and r["E4_detail"].endswith("培训台账不完整")
    r = one(screen(training_ledger=pd.NA))
    assert r["E4"] == "check" and r["E4_detail"].endswith("培训台账未填写")


def test_e4_missing_count_needs_a_check(screen):
    r = one(screen(trained_y1=pd.NA, trained_y2=150))
    assert r["E4"] == "check"
    assert "近两年培训 — 人" in r["E4_detail"] and "第一年培训 — 人" in r["E4_detail"]


def test_e4_heritage_unit_passes_on_the_relaxed_thresholds_and_says_so(screen):
    row = dict(trained_y1=60, trained_y2=60, in_trade_y1=30, in_trade_y2=30)
    normal = one(screen(is_ich=False, **row))
    assert normal["E4"] == "fail" and not normal["ich_relaxed"]
    assert normal["E4_detail"] == ("近两年培训 120 人（须超过 200 人，不符合）；培训后从事该行业 60 人（须超过 100 人，不符合）；"
                                   "第一年培训 60 人、第二年 60 人（每年须不少于 100 人，不符合）；培训台账完整规范")
    relaxed = one(screen(is_ich=True, **row))
    assert relaxed["E4"] == "pass" and relaxed["ich_relaxed"]
    assert relaxed["E4_detail"] == ("非遗类，适用放宽标准：近两年培训 120 人（须超过 100 人）；培训后从事该行业 60 人（须超过 50 人）；"
                                    "第一年培训 60 人、第二年 60 人（每年须不少于 50 人）；培训台账完整规范")


def test_e4_relaxed_thresholds_have_boundaries_too(screen):
    r = one(screen(is_ich=True, trained_y1=50, trained_y2=50, in_trade_y1=30, in_trade_y2=30,
                   exported_y1=50, exported_y2=50))
    assert r["E4"] == "fail" and r["ich_relaxed"]
    assert "近两年培训 100 人（须超过 100 人，不符合）" in r["E4_detail"]
    assert "（每年须不少于 50 人）" in r["E4_detail"]


# ---------------------------------------------------------------- E5 第八条(四) employment and export

def test_e5_799_of_1000_fails_and_800_passes(screen):
    counts = dict(trained_y1=1000, trained_y2=200, exported_y2=160, agreements=2)
    r = one(screen(exported_y1=799, **counts))
    assert r["E5"] == "fail"
    assert r["E5_detail"] == ("长期合作协议 2 份（须不少于 1 份）；自用或输出占当年培训人数：第一年 799/1000 = 79.9%（不符合），"
                              "第二年 160/200 = 80.0%（每年须不低于 80%）；就业台账完整规范")
    r = one(screen(exported_y1=800, **counts))
    assert r["E5"] == "pass"
    assert "第一年 800/1000 = 80.0%，第二年 160/200 = 80.0%" in r["E5_detail"]


def test_e5_percentage_is_rounded_down_so_a_miss_never_shows_as_80(screen):
    r = one(screen(trained_y2=10000, exported_y2=7999))
    assert r["E5"] == "fail"
    assert "第二年 7999/10000 = 79.9%（不符合）" in r["E5_detail"]


def test_e5_needs_an_agreement(screen):
    r = one(screen(agreements=0))
    assert r["E5"] == "fail"
    assert r["E5_detail"].startswith("长期合作协议 0 份（须不少于 1 份，不符合）；")
    assert one(screen(agreements=1))["E5"] == "pass"


def test_e5_employment_ledger(screen):
    r = one(screen(employment_ledger=False))
    assert r["E5"] == "fail" and r["E5_detail"].endswith("就业台账不完整")
    assert one(screen(employment_ledger=pd.NA))["E5"] == "check"


# ---------------------------------------------------------------- E6 第八条(五) follow-up services

@pytest.mark.parametrize("value, status, detail", [
    (True, "pass", "申报跟踪服务功能健全，实地核查时核实"),
    (False, "fail", "申报跟踪服务功能不健全"),
    (pd.NA, "check", "未填写跟踪服务情况，须核查"),
])
def test_e6_follow_up(screen, value, status, detail):
    r = one(screen(follow_up=value))
    assert (r["E6"], r["E6_detail"]) == (status, detail)


# ---------------------------------------------------------------- E7 第二十条 five-year ban

CODE = "91210800MA0T8K2X4H"


def test_e7_no_removals(screen, make_removals):
    for removals in (None, make_removals()):
        r = one(screen(removals=removals))
        assert (r["E7"], r["E7_detail"]) == ("pass", "未发现被移出劳务品牌目录的记录")


def test_e7_removed_one_day_short_of_five_years_ago_fails(screen, make_removals):
    removals = make_removals((CODE, "别的名称", "2019-10-01"))
    r = one(screen(credit_code=CODE, removals=removals))
    assert r["E7"] == "fail"
    assert r["E7_detail"] == (f"该单位（统一社会信用代码 {CODE}）于 2019-10-01 被移出劳务品牌目录，"
                              "自决定作出之日起5年内不得再次申请，禁止申请期至 2024-10-01（含）")
    assert r["status"] == "fail"


def test_e7_the_ban_s_last_day_is_still_banned(screen, make_removals):
    """民法典第二百零一条 — the period starts the day after the decision, so a removal of
    2019-09-30 bans up to and including 2024-09-30 (the reference date); the day after, it is over."""
    r = one(screen(credit_code=CODE, removals=make_removals((CODE, "别的名称", "2019-09-30"))))
    assert r["E7"] == "fail"
    assert r["E7_detail"].endswith("禁止申请期至 2024-09-30（含）")
    r = one(screen(credit_code=CODE, removals=make_removals((CODE, "别的名称", "2019-09-30")),
                   reference=dt.date(2024, 10, 1)))
    assert r["E7"] == "pass"
    assert r["E7_detail"] == "曾于 2019-09-30 被移出劳务品牌目录，5年禁止申请期已于 2024-09-30 届满"


def test_e7_removed_more_than_five_years_ago_passes(screen, make_removals):
    r = one(screen(credit_code=CODE, removals=make_removals((CODE, "别的名称", "2019-09-29"))))
    assert r["E7"] == "pass"


@pytest.mark.parametrize("decided, reference, status", [
    ("2024-02-29", dt.date(2029, 2, 28), "fail"),    # 2029 has no 29 February: the ban's last day is 28 February
    ("2024-02-29", dt.date(2029, 3, 1), "pass"),
    ("2019-03-15", dt.date(2024, 3, 15), "fail"),    # the example, shifted to a past reference date
    ("2019-03-15", dt.date(2024, 3, 16), "pass"),
])
def test_e7_boundaries_with_29_february(screen, make_removals, decided, reference, status):
    r = one(screen(credit_code=CODE, removals=make_removals((CODE, "x", decided)), reference=reference))
    assert r["E7"] == status


def test_e7_ignores_removals_decided_after_the_reference_date(screen, make_removals):
    """A removal decided after the session's reference date never counts for it."""
    removals = make_removals((CODE, "x", "2024-10-01"))
    assert one(screen(credit_code=CODE, removals=removals))["E7"] == "pass"
    assert one(screen(credit_code=CODE, removals=removals, reference=dt.date(2024, 10, 1)))["E7"] == "fail"
    same_name = make_removals(("92210800MA0000001H", "营口某某协会", "2024-10-02"))
    assert one(screen(unit_name="营口某某协会", credit_code=CODE, removals=same_name))["E7"] == "pass"


def test_e7_the_latest_removal_counts_and_codes_are_normalised(screen, make_removals):
    removals = make_removals((CODE, "x", "2010-05-01"), (f" {CODE.lower()} ", "x", "2020-05-01"))
    r = one(screen(credit_code=CODE, removals=removals))
    assert r["E7"] == "fail"
    assert "于 2020-05-01 被移出劳务品牌目录" in r["E7_detail"] and "禁止申请期至 2025-05-01（含）" in r["E7_detail"]


def test_e7_same_name_under_another_code_needs_a_check(screen, make_removals):
    name = "营口市家庭服务业协会（示例）"
    removals = make_removals(("92210800MA0000001H", name, "2021-03-15"))
    r = one(screen(unit_name=name, credit_code=CODE, removals=removals))
    assert r["E7"] == "check"
    assert r["E7_detail"] == (f"同名单位「{name}」（统一社会信用代码 92210800MA0000001H）于 2021-03-15 被移出劳务品牌目录，"
                              "至 2026-03-15（含）不得申请；代码不同，须核实是否为同一单位")


def test_e7_same_name_after_its_ban_is_no_concern(screen, make_removals):
    name = "营口市家庭服务业协会（示例）"
    r = one(screen(unit_name=name, credit_code=CODE, removals=make_removals(("92210800MA0000001H", name, "2019-09-29"))))
    assert (r["E7"], r["E7_detail"]) == ("pass", "未发现被移出劳务品牌目录的记录")


def test_e7_is_evaluated_for_many_rows_at_once(make_apps, make_removals, rubric, reference):
    names = ["营口甲家政服务有限公司", "营口乙家政服务有限公司", "营口丙家政服务有限公司", "营口丁家政服务有限公司"]
    apps = make_apps(4, unit_name=names)
    codes = apps["credit_code"].tolist()
    removals = make_removals(
        (codes[0], names[0], "2019-10-01"),                 # banned up to and including 2024-10-01
        (codes[1], names[1], "2019-09-29"),                 # ban's last day 2024-09-29
        ("92210800MA0000001H", names[2], "2023-01-01"),     # same name, another code
        (codes[0], names[0], dt.date(2001, 1, 1)),          # an older removal of the first unit
    )
    f = evaluate(apps, rubric, reference, removals)
    assert f["E7"].tolist() == ["fail", "pass", "check", "pass"]


# ---------------------------------------------------------------- overall status and the frame

def test_overall_status_is_the_worst_condition(screen):
    f = screen(3, follow_up=[True, pd.NA, pd.NA], decl_premises=[True, True, False])
    assert f["E6"].tolist() == ["pass", "check", "check"]
    assert f["E1"].tolist() == ["pass", "pass", "fail"]
    assert f["status"].tolist() == ["pass", "check", "fail"]


def test_frame_has_the_index_and_columns(make_apps, rubric, reference):
    apps = make_apps(3).set_axis(pd.Index([105, 7, 42], name="id"))
    f = evaluate(apps, rubric, reference, None)
    assert f.index.tolist() == [105, 7, 42]
    expected = [c for cid in CONDITION_IDS for c in (cid, f"{cid}_detail")] + ["status", "ich_relaxed", "name_warning"]
    assert list(f.columns) == expected
    assert (f["status"] == "pass").all()
    assert f["ich_relaxed"].dtype == bool and f["E1_detail"].dtype == "str"


def test_empty_applications_give_an_empty_frame(make_apps, rubric, reference):
    f = evaluate(make_apps(2).iloc[:0], rubric, reference, None)
    assert len(f) == 0 and "status" in f.columns


def test_counts_and_dates_as_plain_python_values_are_coerced(make_apps, rubric, reference):
    apps = make_apps(1).astype(object)
    apps["founded_on"] = [dt.date(2022, 9, 30)]
    apps["trained_y1"], apps["trained_y2"] = [100.0], ["101"]
    r = one(evaluate(apps, rubric, reference, None))
    assert (r["E2"], r["E4"]) == ("pass", "pass")


def test_bad_input_is_refused(make_apps, rubric, reference, make_removals):
    with pytest.raises(ValueError, match="lang"):
        evaluate(make_apps(), rubric, reference, None, lang="fr")
    with pytest.raises(ValueError, match="trained_y1"):
        evaluate(make_apps().drop(columns="trained_y1"), rubric, reference, None)
    with pytest.raises(ValueError, match="decided_on"):
        evaluate(make_apps(), rubric, reference, make_removals(("X", "Y", "2020-01-01")).drop(columns="decided_on"))


# ---------------------------------------------------------------- thresholds come from the rubric

def test_thresholds_come_from_the_rubric(screen, rubric, make_removals):
    e = rubric.eligibility
    stricter = dataclasses.replace(rubric, eligibility=dataclasses.replace(
        e, training=dataclasses.replace(e.training, total_trained_gt=300), export_ratio_min_percent=90,
        operating_years_min=3, ban_years_after_removal=3))
    row = dict(trained_y1=125, trained_y2=125, in_trade_y1=60, in_trade_y2=60, exported_y1=112, exported_y2=113,
               founded_on="2021-09-30")
    normal, strict = one(screen(**row)), one(screen(using=stricter, **row))
    assert (normal["E4"], strict["E4"]) == ("pass", "fail")
    assert "近两年培训 250 人（须超过 300 人，不符合）" in strict["E4_detail"]
    # 112/125 = 89.6 % and 113/125 = 90.4 %
    assert (normal["E5"], strict["E5"]) == ("pass", "fail")
    assert "第一年 112/125 = 89.6%（不符合），第二年 113/125 = 90.4%（每年须不低于 90%）" in strict["E5_detail"]
    assert strict["E2_detail"] == "成立于 2021-09-30，满3年之日为 2024-09-30，基准日 2024-09-30，已满3年"
    assert one(screen(using=stricter, founded_on="2021-10-01"))["E2"] == "fail"
    # removed 2021-09-29: a 3-year ban's last day is 2024-09-29 (may apply), a 5-year one's 2026-09-29
    removals = make_removals((CODE, "x", "2021-09-29"))
    assert one(screen(credit_code=CODE, removals=removals))["E7"] == "fail"
    assert one(screen(using=stricter, credit_code=CODE, removals=removals))["E7"] == "pass"


def test_conditions_table_cites_the_articles_with_the_rubric_numbers(rubric):
    t = conditions_table(rubric)
    assert t.index.tolist() == list(CONDITION_IDS)
    assert t["article"].tolist() == ["第八条(一)", "第八条(一)", "第八条(二)", "第八条(三)", "第八条(四)", "第八条(五)", "第二十条"]
    assert "超过200人" in t.loc["E4", "rule_zh"] and "超过100人、超过50人、每年不少于50人" in t.loc["E4", "rule_zh"]
    assert "80%" in t.loc["E5", "rule_zh"] and "5年内" in t.loc["E7", "rule_zh"]
    e = rubric.eligibility
    other = dataclasses.replace(rubric, eligibility=dataclasses.replace(
        e, training=dataclasses.replace(e.training, total_trained_gt=300)))
    assert "超过300人" in conditions_table(other).loc["E4", "rule_zh"]


# ---------------------------------------------------------------- English

def test_details_in_english(screen, make_removals):
    r = one(screen(lang="en", decl_premises=False, founded_on="2022-10-01", trained_y1=100, trained_y2=100,
                   in_trade_y1=60, in_trade_y2=60, exported_y1=79, exported_y2=80, credit_code=CODE,
                   removals=make_removals((CODE, "x", "2019-10-01"))))
    assert r["E1_detail"] == "declared no: “fixed business premises”"
    assert r["E2_detail"] == ("founded 2022-10-01; 2 years reached on 2024-10-01; reference date 2024-09-30: "
                              "not yet 2 years")
    assert r["E4_detail"] == ("trained in the last two years 200 (must exceed 200, not met); working in the trade 120 "
                              "(must exceed 100); year 1 100, year 2 100 (at least 100 each); training ledger complete")
    assert "year 1 79/100 = 79.0% (not met), year 2 80/100 = 80.0% (at least 80% each year)" in r["E5_detail"]
    assert r["E7_detail"] == (f"this unit (credit code {CODE}) was removed from the directory on 2019-10-01; it may "
                              "not apply for 5 years from the decision, i.e. up to and including 2024-10-01")
    relaxed = one(screen(lang="en", is_ich=True))
    assert relaxed["E4_detail"].startswith("intangible heritage, relaxed thresholds applied: ")


# ---------------------------------------------------------------- the result object

@pytest.fixture
def result(make_apps, rubric, reference):
    apps = make_apps(3, follow_up=[True, pd.NA, True], decl_premises=[True, True, False],
                     brand_name=["营口渔家嫂", "<script>alert(1)</script>工", "营口焊工"])
    return EligibilityResult.compute(apps, rubric, reference, None)


def test_result_frame_keeps_english_keys(result):
    f = result.to_frame()
    assert list(f.columns[:3]) == ["unit_name", "brand_name", "county"]
    assert f["status"].tolist() == ["pass", "check", "fail"]


def test_result_summary_counts_by_condition_and_status(result):
    s = result.summary()
    assert s.loc["E1", ["pass", "check", "fail"]].tolist() == [2, 0, 1]
    assert s.loc["E6", ["pass", "check", "fail"]].tolist() == [2, 1, 0]
    assert s.loc["all", ["pass", "check", "fail", "total"]].tolist() == [1, 1, 1, 3]
    assert s.loc["E4", "article"] == "第八条(三)" and s.loc["E4", "label"] == "培训"


def test_result_long_has_one_row_per_application_and_condition(result):
    long = result.long()
    assert len(long) == 3 * 7
    assert list(long.columns) == ["id", "condition", "article", "status", "detail"]
    row = long.loc[(long["id"] == 3) & (long["condition"] == "E1")].iloc[0]
    assert (row["article"], row["status"], row["detail"]) == ("第八条(一)", "fail", "声明为“否”：「有固定经营活动场所」")


def test_result_display_frame_uses_chinese_labels(result):
    d = result.display_frame("zh")
    for col in ("建设单位名称", "劳务品牌名称", "县(市)区", "E4 培训", "E4 说明", "资格审查结论", "非遗放宽", "名称提示"):
        assert col in d.columns
    assert d["资格审查结论"].tolist() == ["通过", "待核查", "不通过"]
    e = result.display_frame("en")
    assert e["eligibility"].tolist() == ["pass", "check", "fail"] and "E4 Training" in e.columns


def test_result_html_colours_statuses_and_escapes_text(result):
    page = result._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;工" in page
    assert "#fde7e9" in page and "#fff4ce" in page and "#e6f4ea" in page
    assert "不通过" in page


def test_result_html_shows_at_most_200_rows(make_apps, rubric, reference):
    page = EligibilityResult.compute(make_apps(201), rubric, reference, None)._repr_html_()
    assert page.count("<tr>") == 1 + 200
    assert "仅显示前 200 行，共 201 行" in page


# ---------------------------------------------------------------- the core stays free of widgets

BLOCKER = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('ipywidgets', 'plotly'):
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Block())
import panel_toolkit.eligibility
print('ok')
"""


def test_eligibility_imports_no_ipywidgets_or_plotly():
    out = subprocess.run([sys.executable, "-c", BLOCKER], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
