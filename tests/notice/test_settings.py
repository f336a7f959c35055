"""The session's ``notice:`` block: policy defaults, parsing, and clear errors (第十三条: at least 5 working days)."""
from __future__ import annotations

import pytest
import yaml

from panel_toolkit.config import load_session_config
from panel_toolkit.config.session import NoticeSettings
from panel_toolkit.errors import ConfigError

MINIMAL = {"schema_version": 1, "id": "2025", "title": {"zh": "2025年度营口市市级劳务品牌认定", "en": "2025"},
           "rubric": "yingkou-2023-default", "reference_date": "2025-09-30"}


def write(tmp_path, **notice):
    data = {**MINIMAL, **({"notice": notice} if notice else {})}
    d = tmp_path / "sessions" / "2025"
    d.mkdir(parents=True, exist_ok=True)
    p = d / "session.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


def test_defaults_without_a_notice_block(tmp_path):
    n = load_session_config(write(tmp_path)).notice
    assert n == NoticeSettings()
    assert (n.working_days, n.counting_rule, n.calendar_overrides) == (5, "civil_code_201", ())


def test_repository_session_has_the_policy_defaults(repo):
    n = load_session_config(repo / "sessions" / "2024" / "session.yaml").notice
    assert (n.working_days, n.counting_rule) == (5, "civil_code_201")
    assert n.issuer == "营口市人力资源和社会保障局" and n.title.endswith("拟认定名单的公示")


def test_block_is_parsed(tmp_path):
    p = write(tmp_path, working_days=7, counting_rule="publication_day_counts", issuer="某局",
              contact={"unit": "某科", "phone": "0417-1"}, calendar_overrides=["calendar-2027.yaml"])
    n = load_session_config(p).notice
    assert (n.working_days, n.counting_rule, n.issuer, n.contact_unit, n.contact_phone) == \
        (7, "publication_day_counts", "某局", "某科", "0417-1")
    assert n.calendar_overrides == ((p.parent / "calendar-2027.yaml").resolve(),)


@pytest.mark.parametrize("notice, key", [
    ({"working_days": 4}, "notice.working_days"),              # 第十三条: 不少于5个工作日
    ({"counting_rule": "calendar_days"}, "notice.counting_rule"),
    ({"contact": {"fax": "1"}}, "notice.contact.fax"),
    ({"calendar_override": []}, "notice.calendar_override"),
])
def test_bad_settings_name_the_key(tmp_path, notice, key):
    with pytest.raises(ConfigError) as e:
        load_session_config(write(tmp_path, **notice))
    assert e.value.key == key
