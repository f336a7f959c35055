"""The rubric file: schema, consistency, and clear errors naming file, key and fix."""
from __future__ import annotations

import copy

import pytest
import yaml

from panel_toolkit.config import load_rubric
from panel_toolkit.errors import ConfigError


@pytest.fixture
def rubric_data(repo):
    return yaml.safe_load((repo / "rubrics" / "yingkou-2023-default.yaml").read_text("utf-8"))


def write(tmp_path, data, name="r.yaml"):
    p = tmp_path / name
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


def test_default_rubric_matches_the_shared_rubric(repo):
    r = load_rubric(repo / "rubrics" / "yingkou-2023-default.yaml")
    assert [c.id for c in r.criteria] == ["A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2", "C3", "D1", "D2", "D3", "E1", "E2"]
    assert sum(c.max for c in r.criteria) == 100 == r.material_max
    assert {c.id: c.max for c in r.criteria}["A1"] == 8
    assert all(c.step == 0.5 for c in r.criteria)
    assert [(i.id, i.max, i.starred) for i in r.site_items] == [
        ("S1", 15, True), ("S2", 15, False), ("S3", 20, False), ("S4", 20, True), ("S5", 20, True), ("S6", 10, False)]
    assert [(v.label.zh, v.cap_ratio) for v in r.verdicts] == [("属实", 1.0), ("基本属实", 0.7), ("不属实", 0.0)]
    assert [v.id for v in r.vetoes] == ["V1", "V2", "V3"] and r.starred_veto == "V1"
    assert (r.scoring.weight_material, r.scoring.weight_site, r.scoring.pass_mark) == (0.6, 0.4, 70)
    assert r.scoring.aggregation == "trimmed_mean" and r.scoring.disagreement_threshold == 15
    e = r.eligibility
    assert (e.training.total_trained_gt, e.training.in_trade_gt, e.training.per_year_trained_ge) == (200, 100, 100)
    assert (e.training_ich_relaxed.total_trained_gt, e.training_ich_relaxed.per_year_trained_ge) == (100, 50)
    assert e.export_ratio_min_percent == 80 and e.operating_years_min == 2 and e.ban_years_after_removal == 5


def test_unknown_key_names_file_key_and_fix(tmp_path, rubric_data):
    rubric_data["scoring"]["pass_mrak"] = 60
    with pytest.raises(ConfigError) as ei:
        load_rubric(write(tmp_path, rubric_data))
    e = ei.value
    assert e.key == "scoring.pass_mrak" and e.file.endswith("r.yaml")
    assert "未知的键" in e.zh and "pass_mark" in e.zh  # the fix lists the allowed keys


def test_wrong_type_is_rejected(tmp_path, rubric_data):
    rubric_data["material"]["sections"][0]["criteria"][1]["max"] = "six"
    with pytest.raises(ConfigError) as ei:
        load_rubric(write(tmp_path, rubric_data))
    assert ei.value.key == "material.sections[0].criteria[1].max" and "'six'" in ei.value.zh


def test_missing_key(tmp_path, rubric_data):
    del rubric_data["scoring"]["weights"]
    with pytest.raises(ConfigError) as ei:
        load_rubric(write(tmp_path, rubric_data))
    assert ei.value.key == "scoring.weights" and "缺少" in ei.value.zh


def test_schema_version_must_be_known(tmp_path, rubric_data):
    rubric_data["schema_version"] = 2
    with pytest.raises(ConfigError) as ei:
        load_rubric(write(tmp_path, rubric_data))
    assert ei.value.key == "schema_version"


@pytest.mark.parametrize("mutate, key", [
    (lambda d: (d["material"]["sections"][0]["criteria"][0].update(max=9),
                d["material"]["sections"][0]["criteria"][0]["descriptors"][0].update(max=9)), "material.sections[0].max"),
    (lambda d: d["material"]["sections"][0].update(max=21), "material.sections[0].max"),
    (lambda d: d["site"]["items"][0].update(max=16), "site.max"),
    (lambda d: d["scoring"]["weights"].update(site=0.5), "scoring.weights"),
    (lambda d: d["site"]["items"][1].update(id="S1"), "S1"),
    (lambda d: d["material"]["sections"][1]["criteria"][0].update(id="A1"), "A1"),
    (lambda d: d["material"]["sections"][0]["criteria"][0].update(max=7.3), "material.sections[0].criteria[0].max"),
    (lambda d: d["material"]["sections"][0]["criteria"][0]["descriptors"][0].update(max=9), "material.sections[0].criteria[0].descriptors[0]"),
    (lambda d: d["site"].update(starred_not_verified_veto="V9"), "site.starred_not_verified_veto"),
])
def test_consistency_checks(tmp_path, rubric_data, mutate, key):
    data = copy.deepcopy(rubric_data)
    mutate(data)
    with pytest.raises(ConfigError) as ei:
        load_rubric(write(tmp_path, data))
    assert ei.value.key == key


def test_duplicate_yaml_key_is_refused(tmp_path, repo):
    text = (repo / "rubrics" / "yingkou-2023-default.yaml").read_text("utf-8")
    p = tmp_path / "dup.yaml"
    p.write_text(text.replace("  pass_mark: 70\n", "  pass_mark: 70\n  pass_mark: 60\n"), encoding="utf-8")
    with pytest.raises(ConfigError) as ei:
        load_rubric(p)
    assert ei.value.key == "pass_mark" and "重复" in ei.value.zh


def test_yaml_syntax_error_says_where(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("schema_version: 1\nid: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError) as ei:
        load_rubric(p)
    assert "YAML" in ei.value.zh and "行" in ei.value.zh


def test_not_a_mapping_and_missing_file(tmp_path):
    p = tmp_path / "list.yaml"
    p.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_rubric(p)
    with pytest.raises(ConfigError) as ei:
        load_rubric(tmp_path / "nope.yaml")
    assert "不存在" in ei.value.zh


def test_rubric_hash_changes_with_content(tmp_path, rubric_data):
    a = load_rubric(write(tmp_path, rubric_data, "a.yaml"))
    rubric_data["scoring"]["pass_mark"] = 75
    b = load_rubric(write(tmp_path, rubric_data, "b.yaml"))
    assert a.sha256 != b.sha256


# -- score bands cover every reachable score at the step (no gap, no overlap) ------------------------------

def _with_bands(tmp_path, bands):
    import yaml

    from panel_toolkit.config.rubric import bundled_rubrics_dir, load_rubric

    data = yaml.safe_load((bundled_rubrics_dir() / "yingkou-2023-default.yaml").read_text("utf-8"))
    data["material"]["sections"][0]["criteria"][0]["descriptors"] = [
        {"min": lo, "max": hi, "zh": "档", "en": "band"} for lo, hi in bands]
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return lambda: load_rubric(path)


@pytest.mark.parametrize("bands, words", [
    ([(7, 8), (4, 6), (0, 3)], "在 3 与 4 之间有缺口（3.5 分不属于任何一档）"),
    ([(7, 8), (4, 6), (0, 3.5)], "在 6 与 7 之间有缺口（6.5 分不属于任何一档）"),
    ([(7, 8), (4, 7), (0, 3.5)], "4–7 与 7–8 重叠"),
    ([(7, 8), (1, 6.5)], "没有覆盖 0–0.5 分"),
    ([(6, 7.5), (0, 5.5)], "没有覆盖到满分 8"),
    ([(7.25, 8), (0, 7)], "不在步长 0.5 的刻度上"),
])
def test_bands_with_a_gap_or_overlap_are_refused_naming_the_criterion(tmp_path, bands, words):
    from panel_toolkit.errors import ConfigError

    with pytest.raises(ConfigError) as e:
        _with_bands(tmp_path, bands)()
    message = e.value.message("zh")
    assert "A1 的分档" in message and words in message and "descriptors" in message


def test_bands_that_meet_at_the_step_load_and_every_reachable_score_has_one_band(tmp_path):
    rubric = _with_bands(tmp_path, [(7, 8), (4, 6.5), (0, 3.5)])()
    from panel_toolkit.config.rubric import load_rubric, bundled_rubrics_dir

    default = load_rubric(bundled_rubrics_dir() / "yingkou-2023-default.yaml")
    for c in (*rubric.criteria, *default.criteria):
        n = round(c.max / c.step)
        for k in range(n + 1):
            x = k * c.step
            assert sum(d.min <= x + 1e-9 and x <= d.max + 1e-9 for d in c.descriptors) == 1, (c.id, x)
