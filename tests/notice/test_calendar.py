"""Working days: the library against the official 2025/2026 schedules; override files; unknown years."""
from __future__ import annotations

import datetime as dt

import pytest

from panel_toolkit.errors import CalendarUnknownYear, ConfigError
from panel_toolkit.notice import WorkCalendar, load_override

from .conftest import FICTIONAL_2027, OFFICIAL, days


@pytest.mark.parametrize("year", sorted(OFFICIAL))
def test_every_official_day_off_and_make_up_day(year):
    cal = WorkCalendar()
    off, make_up = OFFICIAL[year]
    assert [d for d in off if cal.is_working_day(d)] == []
    assert [d for d in make_up if not cal.is_working_day(d)] == []
    assert all(d.weekday() >= 5 for d in make_up)  # make-up days fall on weekends


@pytest.mark.parametrize("year", sorted(OFFICIAL))
def test_every_other_day_is_monday_to_friday(year):
    cal = WorkCalendar()
    off, make_up = map(set, OFFICIAL[year])
    plain = [d for d in days(f"{year}-01-01", f"{year}-12-31") if d not in off and d not in make_up]
    assert [d for d in plain if cal.is_working_day(d) != (d.weekday() < 5)] == []


def test_unknown_year_is_refused_with_the_fix():
    with pytest.raises(CalendarUnknownYear) as e:
        WorkCalendar().is_working_day(dt.date(2027, 1, 4))
    assert e.value.year == 2027
    assert "2027" in e.value.zh and "calendar_overrides" in e.value.zh and "calendar-2027.yaml" in e.value.zh


def test_override_supplies_an_unknown_year(write_override):
    cal = WorkCalendar.from_files([write_override(FICTIONAL_2027)])
    assert not cal.is_working_day(dt.date(2027, 1, 1))           # listed day off (Friday)
    assert cal.is_working_day(dt.date(2027, 1, 2))               # listed make-up Saturday
    assert not cal.is_working_day(dt.date(2027, 1, 3))           # plain Sunday
    assert cal.is_working_day(dt.date(2027, 1, 4))               # plain Monday
    assert [d for d in days("2027-02-06", "2027-02-12") if cal.is_working_day(d)] == []  # a range
    assert cal.is_working_day(dt.date(2026, 10, 10))             # other years still from the library
    src = cal.source_of(2027)
    assert src["source"].startswith("测试用") and src["file"].endswith("calendar-2027.yaml") and len(src["sha256"]) == 64
    assert cal.source_of(2026)["source"].startswith("chinesecalendar")


def test_override_replaces_a_known_year(write_override):
    data = {"schema_version": 1, "year": 2026, "source": "测试", "holidays": [], "workdays": []}
    cal = WorkCalendar.from_files([write_override(data, "calendar-2026.yaml")])
    assert cal.is_working_day(dt.date(2026, 10, 1)) and not cal.is_working_day(dt.date(2026, 10, 10))


@pytest.mark.parametrize("change, key", [
    ({"workdays": ["2027-01-04"]}, "workdays[0]"),                        # a Monday is no make-up day
    ({"workdays": ["2026-12-26"]}, "workdays[0]"),                        # another year
    ({"holidays": [{"from": "2027-02-12", "to": "2027-02-06"}]}, "holidays[0]"),
    ({"holidays": ["2026-12-31"]}, "holidays[0]"),
    ({"holidays": ["2027-01-02"], "workdays": ["2027-01-02"]}, "workdays[0]"),
    ({"holidays": ["2027-02-30"]}, "holidays[0]"),                        # not a date
    ({"holiday": []}, "holiday"),                                         # unknown key
    ({"source": ""}, "source"),
])
def test_bad_override_names_the_key(write_override, change, key):
    with pytest.raises(ConfigError) as e:
        load_override(write_override({**FICTIONAL_2027, **change}))
    assert e.value.key == key


def test_missing_source_is_refused(write_override):
    data = {k: v for k, v in FICTIONAL_2027.items() if k != "source"}
    with pytest.raises(ConfigError) as e:
        load_override(write_override(data))
    assert e.value.key == "source"


def test_one_file_per_year(write_override):
    a, b = write_override(FICTIONAL_2027, "a.yaml"), write_override(FICTIONAL_2027, "b.yaml")
    with pytest.raises(ConfigError):
        WorkCalendar.from_files([a, b])
