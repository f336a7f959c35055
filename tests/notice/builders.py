"""A demo workspace taken through the real steps up to a confirmed proposed list (第十二条), for the
notice, objection and recognition tests: import (build_demo), the panel draw (add_demo_panel), seeded
synthetic sheets (fill_scores), the chair's veto decisions, the chair's confirmation."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from panel_toolkit import Workspace
from panel_toolkit.demo import build_demo
from panel_toolkit.demo.experts import add_demo_panel
from panel_toolkit.demo.scores import fill_scores

#: The day the chair confirmed the demo's list (entered after the fact): before every publish date the
#: tests use, since a notice may not be published before its list's confirmation (SPEC §7).
CONFIRMED_ON = dt.date(2026, 9, 1)

#: The demo's contact for objections (fictional, marked 示例).
CONTACT = {"unit": "（示例）营口市人力资源和社会保障局就业促进科", "phone": "0417-0000000",
           "address": "（示例）营口市站前区示例路1号", "email": "notice@example.org"}


def session_file(root: Path) -> Path:
    return Path(root) / "sessions" / "demo" / "session.yaml"


def edit_session(root: Path, **notice) -> None:
    """Change keys of the demo session's ``notice:`` block (None deletes a key)."""
    path = session_file(root)
    data = yaml.safe_load(path.read_text("utf-8"))
    block = data.setdefault("notice", {})
    for key, value in notice.items():
        if value is None:
            block.pop(key, None)
        else:
            block[key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def confirmed_demo(root: Path, seed: int = 1) -> Path:
    """Build the demo in ``root`` and confirm its proposed list (every veto proposal dismissed)."""
    build_demo(root)
    edit_session(root, contact=CONTACT)
    add_demo_panel(root)
    ws = Workspace(root)
    try:
        s = ws.session("demo")
        fill_scores(s, seed=seed)
        v = s.vetoes_frame()
        for app, veto in v[["application_id", "veto_id"]].drop_duplicates().itertuples(index=False):
            s.dismiss_veto(int(app), veto, "（示例）经复核，核查项已整改")
        s.confirm_proposed_list(decided_on=CONFIRMED_ON)
    finally:
        ws.close()
    return root


def reconfirm(root: Path, reason: str = "（示例）公示设置须修改") -> None:
    """The chair reopens the demo's confirmed list and confirms it again: edits of the session file apply only
    so (SPEC §7: a confirmed session keeps the files it was confirmed with)."""
    ws = Workspace(root)
    try:
        s = ws.session("demo")
        s.reopen(reason)
        ws.session("demo").confirm_proposed_list(decided_on=CONFIRMED_ON)
    finally:
        ws.close()


def copy_workspace(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


def workspace_fixtures(build=confirmed_demo, name: str = "confirmed"):
    """The two fixtures of a test module that works on a built workspace: ``template``, built once per module by
    ``build(root)``, and ``root``, a fresh copy of it for each test. ``template, root = workspace_fixtures(…)``."""
    @pytest.fixture(scope="module")
    def template(tmp_path_factory):
        return build(tmp_path_factory.mktemp(f"{name}-template") / "ws")

    @pytest.fixture
    def root(template, tmp_path):
        return copy_workspace(template, tmp_path / "ws")

    return template, root
