"""Session files: defaults, rubric lookup, and clear errors."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml

from panel_toolkit.config import default_counties, load_session_config
from panel_toolkit.errors import ConfigError

MINIMAL = {"schema_version": 1, "id": "2025", "title": {"zh": "2025年度", "en": "2025"},
           "rubric": "yingkou-2023-default", "reference_date": "2025-09-30"}


def write(tmp_path, data):
    d = tmp_path / "sessions" / str(data.get("id", "x"))
    d.mkdir(parents=True, exist_ok=True)
    p = d / "session.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


def test_repository_session_loads(repo):
    c = load_session_config(repo / "sessions" / "2024" / "session.yaml")
    assert c.reference_date == dt.date(2024, 9, 30)
    assert c.counties == ("站前区", "西市区", "鲅鱼圈区", "老边区", "盖州市", "大石桥市")
    assert c.screening_units[-1] == "市直" and c.training_years == (2022, 2023)
    assert c.rubric.id == "yingkou-2023-default"


def test_defaults(tmp_path):
    c = load_session_config(write(tmp_path, MINIMAL))
    assert c.counties == tuple(default_counties()) and len(c.counties) == 6
    assert c.conflict_same_employer and c.conflict_same_county and c.quota is None
    assert c.material_experts == c.rubric.scoring.min_experts_per_candidate == 5 and c.site_team == 3


def test_development_zone_as_screening_unit(tmp_path):
    c = load_session_config(write(tmp_path, {**MINIMAL, "counties": [*default_counties(), "营口经济技术开发区"]}))
    assert "营口经济技术开发区" in c.screening_units


@pytest.mark.parametrize("change, key", [
    ({"reference_date": "2025-02-30"}, "reference_date"),
    ({"quota": 0}, "quota"),
    ({"conflicts": {"same_county": "yes"}}, "conflicts.same_county"),
    ({"panel": {"site_tem": 3}}, "panel.site_tem"),
    ({"counties": []}, "counties"),
])
def test_bad_values(tmp_path, change, key):
    with pytest.raises(ConfigError) as ei:
        load_session_config(write(tmp_path, {**MINIMAL, **change}))
    assert ei.value.key == key


def test_unknown_rubric(tmp_path):
    with pytest.raises(ConfigError) as ei:
        load_session_config(write(tmp_path, {**MINIMAL, "rubric": "no-such-rubric"}))
    assert ei.value.key == "rubric" and "no-such-rubric" in ei.value.zh


def test_id_must_match_folder(tmp_path):
    p = write(tmp_path, MINIMAL)
    other = tmp_path / "sessions" / "other"
    other.mkdir()
    (other / "session.yaml").write_text(p.read_text("utf-8"), encoding="utf-8")
    with pytest.raises(ConfigError) as ei:
        load_session_config(other / "session.yaml")
    assert ei.value.key == "id"


def test_workspace_rubric_overrides_bundled(tmp_path, repo):
    data = yaml.safe_load((repo / "rubrics" / "yingkou-2023-default.yaml").read_text("utf-8"))
    data["id"], data["scoring"]["pass_mark"] = "local", 80
    (tmp_path / "rubrics").mkdir()
    (tmp_path / "rubrics" / "local.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    c = load_session_config(write(tmp_path, {**MINIMAL, "rubric": "local"}), rubric_search=[tmp_path / "rubrics"])
    assert c.rubric.scoring.pass_mark == 80
