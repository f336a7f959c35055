"""Brand-name warnings of 第三条: 行业组织 "地域+行业+工种", 企事业单位 "企业名号+行业+工种". Never a failure."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from panel_toolkit.eligibility import enterprise_word, name_warnings

ORG, ENT = "行业组织", "企事业单位"
UNIT = "营口鑫达建筑工程有限公司（示例）"
JOB = "名称宜以工种词结尾（如工、匠、师等）"
REGION = "行业组织品牌名称宜为“地域+行业+工种”，未以地域名称开头"


def warning(make_apps, rubric, unit_type, brand, unit=UNIT, lang="zh") -> str:
    apps = make_apps(1, unit_type=unit_type, brand_name=brand, unit_name=unit)
    return name_warnings(apps, rubric, lang).iloc[0]


@pytest.mark.parametrize("brand, expected", [
    ("营口渔家嫂", ""),
    ("盖州厨师", ""),
    ("鲅鱼圈海鲜厨", ""),
    ("渔家嫂", f"第三条：{REGION}"),
    ("营口海鲜", f"第三条：{JOB}"),
    ("海鲜服务", f"第三条：{JOB}；{REGION}"),
])
def test_industry_organisation_names(make_apps, rubric, brand, expected):
    assert warning(make_apps, rubric, ORG, brand, unit="营口市渔业协会") == expected


@pytest.mark.parametrize("brand, expected", [
    ("鑫达钢筋工", ""),
    ("营口鑫达钢筋工", ""),            # a region before the enterprise name is accepted
    ("辽河钢筋工", "第三条：企事业单位品牌名称宜为“企业名号+行业+工种”，未以企业名号「鑫达」开头"),
    ("鑫达建筑", f"第三条：{JOB}"),
])
def test_enterprise_names(make_apps, rubric, brand, expected):
    assert warning(make_apps, rubric, ENT, brand) == expected


def test_enterprise_word_heuristic(rubric):
    names = pd.Series(["辽宁省营口市鲅鱼圈区海韵餐饮有限公司", "（示例）大石桥市华丰农业科技有限公司", "营口鑫达建筑工程有限公司(示例)",
                       "华丰", "营口市", "", None], dtype="str")
    assert enterprise_word(names, rubric).tolist() == ["海韵", "华丰", "鑫达", "华丰", "", "", ""]


def test_enterprise_with_nothing_left_of_its_name_is_not_warned(make_apps, rubric):
    assert warning(make_apps, rubric, ENT, "辽河钢筋工", unit="营口市") == ""


@pytest.mark.parametrize("brand", [None, "", "  "])
def test_missing_brand_name_gets_no_warning_because_e3_fails(make_apps, rubric, brand):
    assert warning(make_apps, rubric, ORG, brand) == ""


def test_other_unit_type_only_checks_the_job_word(make_apps, rubric):
    assert warning(make_apps, rubric, None, "海鲜服务") == f"第三条：{JOB}"
    assert warning(make_apps, rubric, None, "辽河钢筋工") == ""


def test_english_warnings(make_apps, rubric):
    assert warning(make_apps, rubric, ORG, "海鲜服务", lang="en") == (
        "Article 3: the name should end with a job word (such as 工, 匠, 师); an industry organisation's brand "
        "should be region + industry + job word; it does not start with a region name")
    assert warning(make_apps, rubric, ENT, "辽河钢筋工", lang="en") == (
        "Article 3: an enterprise's brand should be enterprise name + industry + job word; it does not start "
        "with the enterprise name “鑫达”")


def test_job_and_region_words_come_from_the_rubric(make_apps, rubric):
    only_gong = dataclasses.replace(rubric, job_words=("工",), region_words=("盖州",))
    assert warning(make_apps, only_gong, ORG, "营口渔家嫂") == (
        "第三条：名称宜以工种词结尾（如工等）；行业组织品牌名称宜为“地域+行业+工种”，未以地域名称开头")
    assert warning(make_apps, only_gong, ORG, "盖州焊工") == ""


def test_many_rows_in_one_call(make_apps, rubric):
    apps = make_apps(4, unit_type=[ORG, ORG, ENT, ENT], unit_name=["营口市渔业协会", "营口市渔业协会", UNIT, UNIT],
                     brand_name=["营口渔家嫂", "渔家嫂", "鑫达钢筋工", "辽河钢筋工"])
    got = name_warnings(apps, rubric)
    assert got.index.tolist() == apps.index.tolist()
    assert (got != "").tolist() == [False, True, False, True]


def test_a_warning_is_never_a_failure(screen):
    r = screen(unit_type=ENT, unit_name=UNIT, brand_name="辽河钢筋工").iloc[0]
    assert r["name_warning"].startswith("第三条：")
    assert r["status"] == "pass"
