"""One rules reader (``Folder.rules``): every front end — the gate, the links' deadline, the apps, the CLI — gets a
session's rules from it, with one cache key (the session file's and its rubric's times and sizes, the rubric's path,
the confirmation that closes the session). Changes reach a long-lived process (an app kernel, the server) without a
restart; a closed session keeps the texts it was confirmed with (SPEC §7)."""
from __future__ import annotations

import ast
import re
import datetime as dt
import os
from pathlib import Path

import pytest
import yaml

from panel_toolkit import Actor, Workspace
from panel_toolkit.server.gate import Gate

from .notice.builders import confirmed_demo, session_file, workspace_fixtures

REPO = Path(__file__).resolve().parents[1]


template, root = workspace_fixtures(confirmed_demo, "rules")


def touch_later(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def set_title(root: Path, title: str) -> None:
    path = session_file(root)
    data = yaml.safe_load(path.read_text("utf-8"))
    data["title"]["zh"] = title
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    touch_later(path)


def test_rules_are_parsed_once_and_read_again_when_a_file_or_the_closing_changes(root):
    ws = Workspace(root)
    try:
        first = ws.rules("demo")
        assert first.frozen_by is not None                    # confirmed: the kept texts
        assert ws.rules("demo") is ws.rules("demo")           # cached (after the first key took the rubric in)
        kept_title = first.title.zh
        set_title(root, "改过的标题")
        assert ws.rules("demo").title.zh == kept_title        # closed is closed: the file's edit does not apply
        ws.session("demo").reopen("（示例）须修改标题")          # the closing changes: the files count again
        assert ws.rules("demo").frozen_by is None and ws.rules("demo").title.zh == "改过的标题"
        set_title(root, "再改一次")
        assert ws.rules("demo").title.zh == "再改一次"          # open: an edit is seen at once
    finally:
        ws.close()


def test_a_rubric_edit_reaches_an_open_session(root):
    """A bureau's own rubric (``rubrics/<id>.yaml`` in the workspace) added, then edited, while a long-lived
    workspace is open: the next read takes it, then its edit (the bundled rubric is never touched)."""
    import shutil

    ws = Workspace(root)
    try:
        ws.session("demo").reopen("（示例）须修改细则")
        config = ws.rules("demo")
        bundled = Path(config.rubric.path)
        own = root / "rubrics" / bundled.name
        own.parent.mkdir(exist_ok=True)
        shutil.copy(bundled, own)
        assert Path(ws.rules("demo").rubric.path) == own             # found by the lookup now, not the old path
        text = own.read_text("utf-8")
        own.write_text(re.sub(r"(?m)^version: .*$", 'version: "9999.1"', text, count=1), "utf-8")
        touch_later(own)
        assert ws.rules("demo").rubric.version == "9999.1"
        assert bundled.read_text("utf-8") == text                     # the bundled file is as it was
    finally:
        ws.close()


def test_the_gate_and_an_open_page_read_the_deadline_from_the_one_reader(root):
    """Moving panel.due_date into the past ends an expert's link at the gate and inside an open page's next write."""
    ws = Workspace(root)
    try:
        city = ws.session("demo")
        city.reopen("（示例）延长评分期限")
        links = ws.session("demo").issue_links("http://127.0.0.1:8866/voila/render/expert_scoring.ipynb",
                                               reissue=True).to_frame()
        token = links["link"].iloc[0].split("token=")[1]
        gate = Gate(ws, ["expert_scoring.ipynb"])
        assert gate.admits("expert_scoring.ipynb", token)
        page = ws.session_for_token(token)                     # a page opened while the link works
        path = session_file(root)
        data = yaml.safe_load(path.read_text("utf-8"))
        data.setdefault("panel", {})["due_date"] = (dt.date.today() - dt.timedelta(days=2)).isoformat()
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        touch_later(path)
        assert not gate.admits("expert_scoring.ipynb", token)
        aid = int(page.my_sheets().index[0])
        from panel_toolkit.errors import LinkExpired
        with pytest.raises(LinkExpired):
            page.save_draft(aid, {}, expected_version=page.sheet(aid).version)
    finally:
        ws.close()


def test_nothing_else_parses_a_session_file():
    """``load_session_config`` is called in panel_toolkit/rules.py only (the reader's parse) — and on the bundled
    session template, which is no workspace's session; the front ends call ``Workspace.rules``/``config``."""
    callers = []
    for path in (REPO / "panel_toolkit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "load_session_config":
                template = node.args and "bundled_path(" in ast.unparse(node.args[0])
                if not template:
                    callers.append(path.relative_to(REPO).as_posix())
    assert sorted(set(callers)) == ["panel_toolkit/rules.py"]


def test_a_county_and_the_city_get_the_same_rules_object(root):
    ws = Workspace(root)
    try:
        ws.rules("demo")                  # the first read's key does not know the rubric yet: read once more
        assert ws.session("demo").config is ws.session("demo", Actor.county("盖州市")).config
    finally:
        ws.close()


@pytest.mark.parametrize("damage", ["typo", "moved"])
def test_an_open_expert_page_keeps_saving_while_the_session_file_is_broken(root, damage):
    """A careless operator saves session.yaml with a typo (or moves it) while experts score: their open pages keep
    the deadline read last and keep saving; nothing of the parser or the server's paths reaches them."""
    ws = Workspace(root)
    try:
        ws.session("demo").reopen("（示例）继续评分")
        links = ws.session("demo").issue_links("http://127.0.0.1:8866/voila/render/expert_scoring.ipynb",
                                               reissue=True).to_frame()
        page = ws.session_for_token(links["link"].iloc[0].split("token=")[1])
        aid = int(page.my_sheets().index[0])
        ws.session("demo").request_revision(aid, "（示例）请复核")   # a draft again (the demo's sheets are submitted)
        saved = page.save_draft(aid, {}, expected_version=page.sheet(aid).version)
        path = session_file(root)
        if damage == "typo":
            path.write_text(path.read_text("utf-8") + "\n  broken: [\n", "utf-8")
            touch_later(path)
        else:
            path.rename(path.with_suffix(".bak"))
        again = page.save_draft(aid, {}, expected_version=saved.version)
        assert again.version == saved.version + 1
    finally:
        ws.close()


def test_an_unknown_role_opens_nothing(root):
    from panel_toolkit.errors import AccessDenied

    ws = Workspace(root)
    try:
        for role in ("admin", "County", ""):
            with pytest.raises(AccessDenied):
                ws.session("demo", Actor("某人", role))
    finally:
        ws.close()
