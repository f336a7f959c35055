"""Initial screening (初审, 第十条) and the city's re-review of the 市直 route (复审, 第十一条)."""
from __future__ import annotations

import pytest

from panel_toolkit import Actor
from panel_toolkit.errors import AccessDenied, InvalidState, NotFound


@pytest.fixture
def s(workspace, valid_row, write_xlsx):
    rows = [valid_row(county="盖州市", screening_decision=None),
            valid_row(county="市直", department="市商务局", screening_decision=None),
            valid_row(county="老边区", screening_decision="不通过", screening_reason="材料不全")]
    session = workspace.session("2024")
    session.import_applications(write_xlsx(rows))
    return session


def ids(s):
    df = s.applications_frame()
    return {c: int(i) for i, c in df["county"].items()}


def test_rejection_needs_a_reason(s):
    with pytest.raises(InvalidState):
        s.record_screening(ids(s)["盖州市"], "rejected", "  ")


def test_screened_in_for_county_route(s):
    gz = ids(s)["盖州市"]
    assert not s.screening_frame().loc[gz, "screened_in"]
    s.record_screening(gz, "passed")
    f = s.screening_frame()
    assert f.loc[gz, "screened_in"] and f.loc[gz, "initial_decided_by"] == "盖州市人社局"
    lb = ids(s)["老边区"]
    assert f.loc[lb, "initial_decision"] == "rejected" and f.loc[lb, "initial_reason"] == "材料不全"
    assert not f.loc[lb, "screened_in"]


def test_latest_decision_counts_and_history_is_kept(s):
    gz = ids(s)["盖州市"]
    s.record_screening(gz, "rejected", "缺培训台账")
    s.record_screening(gz, "passed", "已补交")
    assert s.screening_frame().loc[gz, "initial_decision"] == "passed"
    ev = s.events_frame().query("action == 'screening.initial'")
    assert list(ev["details"].map(lambda d: d["decision"])) == ["rejected", "passed"]


def test_city_route_needs_department_then_city_review(s):
    sz = ids(s)["市直"]
    with pytest.raises(InvalidState):  # no initial screening yet
        s.record_screening(sz, "passed", stage="review")
    s.record_screening(sz, "passed")
    f = s.screening_frame()
    assert f.loc[sz, "initial_decided_by"] == "市商务局" and not f.loc[sz, "screened_in"]
    s.record_screening(sz, "passed", stage="review")
    f = s.screening_frame()
    assert f.loc[sz, "review_decided_by"] == "市人社局" and f.loc[sz, "screened_in"]


def test_review_only_for_city_route_and_only_by_city(s, workspace):
    gz = ids(s)["盖州市"]
    s.record_screening(gz, "passed")
    with pytest.raises(InvalidState):
        s.record_screening(gz, "passed", stage="review")
    county = workspace.session("2024", Actor.county("盖州市"))
    with pytest.raises(AccessDenied):
        county.record_screening(gz, "passed", stage="review")


def test_county_cannot_screen_another_county(s, workspace):
    county = workspace.session("2024", Actor.county("盖州市"))
    with pytest.raises(NotFound):
        county.record_screening(ids(s)["老边区"], "passed")
    county.record_screening(ids(s)["盖州市"], "passed")
    assert s.screening_frame().loc[ids(s)["盖州市"], "screened_in"]
