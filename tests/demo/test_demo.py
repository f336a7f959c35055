"""The demo workspace: built through the real template, import and facade into a real SQLite store."""
from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from panel_toolkit import Workspace
from panel_toolkit.cli.main import cli
from panel_toolkit.config import CITY_ROUTE, default_counties
from panel_toolkit.demo import build_demo, generate, generate_rows
from panel_toolkit.demo.build import REMOVAL_GROUND, SESSION_ID, WORKBOOK, years_before
from panel_toolkit.demo.generator import org_code
from panel_toolkit.errors import InvalidState
from panel_toolkit.intake import creditcode
from panel_toolkit.intake.fields import APPLICATION_KEYS, BY_KEY


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    summary = build_demo(root, seed=2024)
    ws = Workspace(root)
    session = ws.session(SESSION_ID)
    yield summary, session
    ws.close()


@pytest.fixture(scope="module")
def frame(built):
    return built[1].eligibility().to_frame()


@pytest.fixture(scope="module")
def config(built):
    return built[1].config


def stored_rows(session):
    """The applications as stored, without ids and timestamps, in file order."""
    df = session.applications_frame().sort_values("source_row")
    return df[list(APPLICATION_KEYS)].reset_index(drop=True)


def test_the_folder_holds_a_session_a_store_and_the_filled_template(built):
    summary, _ = built
    assert (summary.root / "sessions" / "demo" / "session.yaml").is_file()
    on_server = os.environ.get("PANEL_TOOLKIT_DB_SERVER")  # the suite on PostgreSQL: no file (tests/conftest.py)
    assert summary.db == summary.root / "panel.db" and (summary.db.is_file() or on_server)
    assert summary.workbook == summary.root / WORKBOOK and summary.workbook.is_file()


def test_the_demo_session_has_the_2024_settings_under_its_own_id(config, repo):
    from panel_toolkit.config import load_session_config

    reference = load_session_config(repo / "sessions" / "2024" / "session.yaml")
    assert (config.id, config.title.zh) == ("demo", "示例批次")
    assert config.reference_date == reference.reference_date
    assert config.screening_units == reference.screening_units
    assert config.rubric.id == reference.rubric.id


def test_every_county_and_the_city_route_apply(built, frame):
    summary, _ = built
    assert set(frame["county"]) == {*default_counties(), CITY_ROUTE}
    assert 35 <= summary.applications == len(frame) <= 50
    assert summary.per_county == frame["county"].value_counts().to_dict()
    assert sum(summary.per_county.values()) == summary.applications


def test_every_unit_is_marked_as_an_example(built):
    apps = built[1].applications_frame()
    assert apps["unit_name"].str.startswith("（示例）").all()


def test_every_credit_code_is_valid_and_from_yingkou(built):
    apps = built[1].applications_frame()
    assert apps["credit_code"].map(creditcode.is_valid).all()
    assert apps["credit_code"].is_unique
    assert apps["credit_code"].str[2:6].eq("2108").all()            # 营口市 and its counties
    city = apps["county"] == CITY_ROUTE
    assert apps.loc[city, "credit_code"].str[2:8].eq("210800").all()
    assert set(apps["credit_code"].str[:2]) <= {"51", "52", "91", "93"}


def test_organisation_code_check_character():
    # GB 11714 worked by hand: D2143569 → 3·13+7·2+9·1+10·4+5·3+8·5+4·6+2·9 = 199; 199 mod 11 = 1; 11−1 = 10 → X
    assert org_code("D2143569") == "D2143569X"
    assert org_code("00000000") == "000000000"     # 11 − 0 = 11 → 0


@pytest.mark.parametrize("condition", ["E1", "E2", "E4", "E5", "E6", "E7"])
def test_each_condition_fails_for_some_application(frame, condition):
    assert (frame[condition] == "fail").any()


def test_most_applications_are_eligible(built, frame):
    summary, _ = built
    share = (frame["status"] == "pass").mean()
    assert 0.6 <= share <= 0.85
    assert (summary.eligible, summary.failed, summary.to_check) == tuple(
        int((frame["status"] == s).sum()) for s in ("pass", "fail", "check"))


def test_a_heritage_unit_passes_only_thanks_to_the_relaxed_thresholds(built, frame):
    apps = built[1].applications_frame()
    rubric = built[1].rubric.eligibility.training
    relaxed = frame.index[frame["ich_relaxed"] & (frame["status"] == "pass")]
    assert len(relaxed) >= 1
    trained = apps.loc[relaxed, "trained_y1"] + apps.loc[relaxed, "trained_y2"]
    assert (trained <= rubric.total_trained_gt).any()   # would fail without the relaxation
    assert apps.loc[frame.index[frame["ich_relaxed"]], "is_ich"].all()


def test_some_brand_names_get_a_naming_warning(frame):
    warned = frame["name_warning"].fillna("") != ""
    assert 1 <= warned.sum() <= 5
    assert (frame.loc[warned, "status"] == "pass").any()   # a warning is never a failure


def test_the_removed_unit_is_banned(built, frame):
    session = built[1]
    removals = session.removals_frame()
    assert len(removals) == 1
    removal = removals.iloc[0]
    assert removal["ground"] == REMOVAL_GROUND
    assert removal["decided_on"].date() == years_before(session.config.reference_date, 3)
    apps = session.applications_frame()
    banned = apps.index[apps["credit_code"] == removal["credit_code"]]
    assert list(frame.loc[banned, "E7"]) == ["fail"]
    assert (frame.loc[frame.index.difference(banned), "E7"] == "pass").all()


def test_initial_screening_and_city_review(built):
    screening = built[1].screening_frame()
    initial = screening["initial_decision"]
    assert (initial == "rejected").sum() == 2
    assert screening.loc[initial == "rejected", "initial_reason"].str.len().gt(0).all()
    assert initial.isna().sum() >= 2                     # not screened yet
    assert (initial == "passed").mean() > 0.75
    city = screening["county"] == CITY_ROUTE
    reviewed = screening.loc[city & (initial == "passed")]
    assert reviewed["review_decision"].notna().all()
    assert (reviewed["review_decision"] == "rejected").sum() == 1
    assert screening.loc[~city, "review_decision"].isna().all()
    assert built[0].screened_in == int(screening["screened_in"].sum())


def test_generation_is_deterministic_for_a_seed(config):
    assert generate_rows(config, seed=7) == generate_rows(config, seed=7)
    assert generate_rows(config, seed=7) != generate_rows(config, seed=8)
    rows = generate_rows(config)
    assert len(rows) == 42
    assert all(set(r) == {f.header for f in BY_KEY.values()} for r in rows)


def test_two_builds_store_the_same_rows(built, tmp_path):
    build_demo(tmp_path, seed=2024)
    ws = Workspace(tmp_path)
    try:
        again = stored_rows(ws.session(SESSION_ID))
    finally:
        ws.close()
    assert again.equals(stored_rows(built[1]))


def test_rebuilding_in_the_same_folder_gives_the_same_counts(tmp_path):
    first = build_demo(tmp_path, seed=11)
    (tmp_path / "notes.txt").write_text("mine")          # not the demo's: must survive
    second = build_demo(tmp_path, seed=11)
    assert first == second
    assert (tmp_path / "notes.txt").read_text() == "mine"
    ws = Workspace(tmp_path)
    try:
        assert len(ws.session(SESSION_ID).applications_frame()) == first.applications
        assert len(ws.session(SESSION_ID).removals_frame()) == 1
    finally:
        ws.close()


def test_a_large_generation_keeps_every_kind_of_row(config):
    rows = generate(config, n=600, seed=3)
    assert len(rows) == 600
    scenarios = {r.scenario for r in rows}
    assert {"eligible", "e1_declaration", "e7_removed", "ich_relaxed", "name_warning"} <= scenarios
    codes = [r.get("credit_code") for r in rows]
    assert len(set(codes)) == 600 and all(map(creditcode.is_valid, codes))
    assert len({r.get("unit_name") for r in rows}) == 600


def test_refuses_to_overwrite_a_real_workspace(workspace_dir):
    (workspace_dir / "panel.db").write_bytes(b"precious")
    with pytest.raises(InvalidState):
        build_demo(workspace_dir)
    assert (workspace_dir / "panel.db").read_bytes() == b"precious"
    assert not (workspace_dir / "sessions" / "demo").exists()


def test_summary_message_says_what_and_where(built):
    summary = built[0]
    zh, en = summary.message("zh"), summary.message("en")
    assert str(summary.root) in zh and f"screen {SESSION_ID}" in zh and "示例" in zh
    assert str(summary.root) in en and f"screen {SESSION_ID}" in en and "Demo workspace" in en


def test_cli_demo_builds_and_prints_the_summary(tmp_path):
    target = tmp_path / "demo"
    result = CliRunner().invoke(cli, ["-w", str(tmp_path), "demo", "--dir", str(target), "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "示例工作区已生成" in result.output
    assert f"panel-toolkit -w {target} screen demo" in result.output
    assert (target / "panel.db").is_file() or os.environ.get("PANEL_TOOLKIT_DB_SERVER")
    again = CliRunner().invoke(cli, ["-w", str(target), "--lang", "en", "screen", "demo"])
    assert again.exit_code == 0, again.output
