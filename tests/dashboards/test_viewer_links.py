"""Dashboard access links (查看链接): issued by the city, only the token's hash stored, a county link opening
a session that holds its county only, one neutral refusal for every bad token; the CLI over it."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from panel_toolkit import Actor, Workspace
from panel_toolkit.cli.main import cli
from panel_toolkit.demo import build_demo
from panel_toolkit.errors import AccessDenied, InvalidState, NotFound
from panel_toolkit.facade.viewers import session_for_viewer_token
from panel_toolkit.panel.tokens import NEUTRAL_ZH, QUERY_KEY
from panel_toolkit.store.tables.viewer_tokens import viewer_tokens

BASE = "https://review.example.cn/voila/render/county_dashboard.ipynb"


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("viewer-links")
    build_demo(root, seed=2024)
    return root


@pytest.fixture
def ws(demo_root):
    w = Workspace(demo_root)
    yield w
    w.close()


def token_of(link: str) -> str:
    return re.search(rf"[?&]{QUERY_KEY}=([A-Za-z0-9_-]+)", link).group(1)


def test_a_county_link_opens_that_countys_view_only(ws):
    link = ws.session("demo").issue_viewer_link(BASE, county="盖州市", label="盖州市人社局 张科长")
    assert link.role == "county" and link.scope == "盖州市" and link.link.startswith(BASE + "?token=")
    s = session_for_viewer_token(ws, token_of(link.link))
    assert (s.actor.role, s.actor.scope, s.actor.name, s.actor.read_only) == ("county", "盖州市", "盖州市人社局 张科长", True)
    assert set(s.applications_frame()["county"]) == {"盖州市"}
    with pytest.raises(AccessDenied):
        s.events_frame()


def test_a_city_link_opens_the_citys_view(ws):
    s = session_for_viewer_token(ws, token_of(ws.session("demo").issue_viewer_link(BASE).link))
    assert s.actor.role == "city"
    assert len(set(s.applications_frame()["county"])) == len(s.config.screening_units)


def test_only_the_tokens_hash_is_stored(ws):
    link = ws.session("demo").issue_viewer_link(BASE, county="市直")
    with ws.store.read() as conn:
        stored = conn.execute(sa.select(viewer_tokens.c.token_sha256).where(viewer_tokens.c.id == link.id)).scalar()
    assert token_of(link.link) not in stored and len(stored) == 64
    assert token_of(link.link) not in ws.session("demo").viewer_links_frame().to_string()


@pytest.mark.parametrize("token", [None, "", "short", "x" * 43, "é" * 43, 42])
def test_every_bad_token_gets_the_same_neutral_refusal(ws, token):
    with pytest.raises(AccessDenied) as e:
        session_for_viewer_token(ws, token)
    assert e.value.zh == NEUTRAL_ZH


def test_a_revoked_link_stops_working_and_the_row_stays(ws):
    city = ws.session("demo")
    link = city.issue_viewer_link(BASE, county="站前区")
    city.revoke_viewer_link(link.id, "人员调整")
    with pytest.raises(AccessDenied):
        session_for_viewer_token(ws, token_of(link.link))
    row = city.viewer_links_frame().loc[link.id]
    assert row["revoked_by"] == "市人社局" and row["revoked_at"] is not None
    with pytest.raises(NotFound):
        city.revoke_viewer_link(99_999)


def test_an_expert_link_does_not_open_a_dashboard(ws):
    from panel_toolkit.panel import tokens

    with pytest.raises(AccessDenied):
        session_for_viewer_token(ws, tokens.new_token())


def test_only_the_city_issues_links_and_only_for_its_units(ws):
    with pytest.raises(AccessDenied):
        ws.session("demo", Actor.county("盖州市")).issue_viewer_link(BASE, county="盖州市")
    with pytest.raises(InvalidState, match="not a screening unit"):
        ws.session("demo").issue_viewer_link(BASE, county="沈阳市")
    with pytest.raises(InvalidState):
        ws.session("demo").issue_viewer_link("ftp://example.cn/x", county="盖州市")


def test_issuing_and_revoking_are_logged(ws):
    city = ws.session("demo")
    link = city.issue_viewer_link(BASE, county="老边区")
    city.revoke_viewer_link(link.id, "测试")
    events = city.events_frame()
    mine = events[events["target"] == str(link.id)]
    assert {"viewer.link_issued", "viewer.link_revoked"} <= set(mine["action"])


def test_the_cli_issues_lists_and_revokes(demo_root):
    run = CliRunner().invoke
    out = run(cli, ["-w", str(demo_root), "viewer-link", "demo", "--county", "大石桥市", "--base-url", BASE,
                   "--to", "大石桥市人社局 李科长", "--expires", "2099-12-31"])
    assert out.exit_code == 0, out.output
    assert "大石桥市" in out.output and "?token=" in out.output and "李科长" in out.output and "2099-12-31" in out.output
    link_id = int(re.search(r"查看链接 (\d+)", out.output).group(1))
    listed = run(cli, ["-w", str(demo_root), "viewer-links", "demo"])
    assert listed.exit_code == 0 and "大石桥市" in listed.output and "李科长" in listed.output and "token=" not in listed.output
    unnamed = run(cli, ["-w", str(demo_root), "viewer-link", "demo", "--city", "--base-url", BASE])
    assert unnamed.exit_code != 0 and "--to" in unnamed.output
    assert run(cli, ["-w", str(demo_root), "viewer-revoke", "demo", str(link_id)]).exit_code == 0
    both = run(cli, ["-w", str(demo_root), "viewer-link", "demo", "--city", "--county", "盖州市", "--base-url", BASE, "--to", "x"])
    assert both.exit_code != 0 and "exactly one" in both.output
    bad = run(cli, ["-w", str(demo_root), "viewer-link", "demo", "--county", "沈阳", "--base-url", BASE, "--to", "x"])
    assert bad.exit_code == InvalidState.exit_code and "沈阳" in bad.output
    city = run(cli, ["-w", str(demo_root), "--lang", "en", "viewer-link", "demo", "--city", "--base-url", BASE, "--to", "Ms Wang"])
    assert city.exit_code == 0 and "Staff link" in city.output and "Ms Wang" in city.output
