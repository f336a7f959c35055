"""The expert app's widgets without a browser: values set as the browser would set them, the real facade
and a real SQLite store underneath. The browser tier (tests/browser) drives the same widgets in Chromium."""
from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import re
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from panel_toolkit import Workspace
from panel_toolkit.demo import build_demo
from panel_toolkit.demo.build import SESSION_ID
from panel_toolkit.demo.experts import add_demo_panel
from panel_toolkit.demo.materials import ledger_pdf
from panel_toolkit.panel.tokens import NEUTRAL_ZH
from panel_toolkit.sheets import Entry, VetoProposal
from panel_toolkit.sheets.printable import render_sheet
from panel_toolkit.widgets import ExpertApp, expert_app, token_from_query
from panel_toolkit.widgets.autosave import Debouncer
from panel_toolkit.widgets.dossier import dossier_html
from panel_toolkit.widgets.printable import PrintLink
from panel_toolkit.widgets.upload import CHUNK
from panel_toolkit.widgets.messages import clock, stamp, text

MATERIAL = {"A1": "7.5", "A2": "5", "A3": "4", "B1": "9", "B2": "7", "B3": "6", "C1": "8", "C2": "7.5", "C3": "6",
            "D1": "4", "D2": "4", "D3": "3", "E1": "6", "E2": "5"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("widgets")
    build_demo(root, seed=2024)
    panel = add_demo_panel(root, base_url="http://127.0.0.1:8866/voila/render/expert_scoring.ipynb")
    ws = Workspace(root)
    yield ws, panel
    ws.close()


@pytest.fixture(scope="module")
def experts(demo):
    """Experts with both parts, each test taking its own."""
    ws, panel = demo
    a = ws.session(SESSION_ID).assignments_frame()
    both = [x for x in panel.links if {"material", "site"} <= set(a.loc[a["expert_id"] == x["expert_id"], "part"])]
    return iter(both)


def app_for(demo, expert) -> ExpertApp:
    ws, _ = demo
    return expert_app(expert["link"].split("?", 1)[1], ws)


def first(app: ExpertApp, part: str) -> int:
    frame = app.session.my_sheets()
    return int(frame.index[frame["part"] == part][0])


def status(form) -> str:
    return re.sub(r"<[^>]+>", "", form.status.value)


# -- the link ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", [None, "", "token=", "token=abc", "token=" + "A" * 43, "x=1&token=%3Cscript%3E"])
def test_bad_links_get_the_neutral_notice_only(demo, query):
    app = expert_app(query, demo[0])
    assert "pt-notice" in app._dom_classes and not isinstance(app, ExpertApp)
    assert NEUTRAL_ZH in app.children[1].value


def test_token_from_query():
    assert token_from_query("token=abc&x=1") == "abc"
    assert token_from_query("x=1") is None and token_from_query(None) is None


def test_the_app_shows_the_expert_and_progress(demo, experts):
    expert = next(experts)
    app = app_for(demo, expert)
    assert isinstance(app, ExpertApp) and app.session.actor.role == "expert"
    frame = app.session.my_sheets()
    assert f"已完成 0 / {len(frame)}" in app.progress.value
    assert expert["name"] in app.children[1].children[0].value
    guide = app.children[1].children[2].value
    assert "提交评分表" in guide and "如有问题，请联系：营口市人力资源和社会保障局　0417-0000000（示例）" in guide
    labels = app.candidates._state_labels
    assert set(labels) == set(frame.index) and all("未开始" in w.value for w in labels.values())


# -- the material form ------------------------------------------------------------------------------------

def test_material_form_autosaves_each_value_and_submits(demo, experts):
    app = app_for(demo, next(experts))
    aid = first(app, "material")
    form = app.open_sheet(aid)
    assert app.current == aid and form.state == "none"
    assert [r for r in form.rows] == list(MATERIAL)                    # built from the rubric
    for n, (item, value) in enumerate(MATERIAL.items(), start=1):
        form.rows[item].score.value = value
        assert form.version == n and status(form).startswith("已保存")
    form.rows["A1"].comment.value = "商标已注册"                         # no event loop here: saved at once
    assert form.sheet.entries["A1"] == Entry(7.5, None, "商标已注册")
    assert "合计 82 / 100 分" in form.totals.value and "小计 16.5 / 20" in form.subtotals["A"].value
    assert form.request_submit() == [] and form.confirm.layout.display == "flex"
    done = form.submit()
    assert done.locked and form.state == "submitted" and "已提交" in status(form)
    assert "提交成功" in form.problems.value and "submit-success" in form.problems.value
    assert all(w.disabled for r in form.rows.values() for w in r.inputs()) and form.submit_button.layout.display == "none"
    form.rows["A2"].score.value = "1"                                   # a locked form saves nothing
    assert app.session.sheet(aid).entries["A2"].score == 5
    app.show_list()
    assert "已提交" in app.candidates._state_labels[aid].value and "已完成 1 /" in app.progress.value


def test_bad_values_are_shown_beside_the_field_and_not_saved(demo, experts):
    app = app_for(demo, next(experts))
    aid = first(app, "material")
    form = app.open_sheet(aid)
    form.rows["A1"].score.value = "9"
    assert "超出范围 0–8" in form.rows["A1"].error.value and "未保存" in status(form)
    assert app.session.sheet(aid).sheet_id is None
    form.rows["A2"].score.value = "3"                                    # another value saves; A1 stays refused
    assert app.session.sheet(aid).entries == {"A2": Entry(3.0, None, "")}
    assert "未保存" in status(form)
    problems = form.request_submit()
    assert any(p.column == "A1" and "尚未保存" in p.reason_zh for p in problems)
    form.rows["A1"].score.value = "八"
    assert "不是数字" in form.rows["A1"].error.value
    form.rows["A1"].score.value = "8"
    assert form.rows["A1"].error.value == "" and app.session.sheet(aid).entries["A1"].score == 8
    form.rows["A1"].score.value = ""                                     # clearing a value is a draft too
    assert app.session.sheet(aid).entries["A1"].score is None


def test_incomplete_submit_lists_the_missing_and_marks_them(demo, experts):
    app = app_for(demo, next(experts))
    form = app.open_sheet(first(app, "material"))
    form.rows["A1"].score.value = "8"
    form.vetoes.ticks["V2"].value = True
    problems = form.request_submit()
    assert [p.column for p in problems] == [*list(MATERIAL)[1:], "V2"]
    assert "尚有 14 处未完成" in form.problems.value and "missing" in form.rows["E2"]._dom_classes
    form.vetoes.reasons["V2"].value = "涉诉未结"
    for item, value in list(MATERIAL.items())[1:]:
        form.rows[item].score.value = value
    assert form.problems.value == "" and "missing" not in form.rows["E2"]._dom_classes   # kept current while fixing
    assert form.request_submit() == []
    assert form.sheet.vetoes == (VetoProposal("V2", "涉诉未结"),)


def test_a_stale_form_stops_saving_and_says_so(demo, experts):
    expert = next(experts)
    one, two = app_for(demo, expert), app_for(demo, expert)             # two tabs
    aid = first(one, "material")
    f1, f2 = one.open_sheet(aid), two.open_sheet(aid)
    f1.rows["A1"].score.value = "6"
    f2.rows["A2"].score.value = "4"
    assert f2.state == "stale" and text("stale") in status(f2) and "stale" in f2.status.value
    assert f2.rows["A3"].score.disabled and f2.submit_button.disabled
    f2.rows["A3"].score.value = "5"                                      # ignored
    assert one.session.sheet(aid).entries == {"A1": Entry(6.0, None, "")}
    f1.rows["A3"].score.value = "5"
    assert f1.version == 2
    choice = f2.stale_choice                                             # the typed value beside the stored one
    assert choice.layout.display == "flex" and "stale-typed-A2'>4<" in choice.table.value
    assert "stale-current-A2'>（空）<" in choice.table.value
    choice.apply.click()                                                 # apply mine: saved on top of version 2
    assert f2.state == "draft" and f2.version == 3 and not f2.rows["A3"].score.disabled
    assert one.session.sheet(aid).entries == {"A1": Entry(6.0, None, ""), "A2": Entry(4.0, None, ""),
                                              "A3": Entry(5.0, None, "")}
    assert f2.rows["A3"].score.value == "5" and choice.layout.display == "none"


def test_back_to_the_list_asks_when_a_value_is_not_saved_and_a_reload_reopens_the_sheet(demo, experts):
    expert = next(experts)
    app = app_for(demo, expert)
    aid = first(app, "material")
    form = app.open_sheet(aid)
    assert app.address.sheet == aid
    form.rows["A1"].score.value = "99"
    app.request_list()
    assert app.leave.layout.display == "flex" and "A1" in app.leave_text.value and app.form is form
    form.rows["A1"].score.value = "7"
    app.request_list()
    assert app.form is None and app.address.sheet == 0
    ws, _ = demo
    token = expert["link"].split("token=")[1]
    again = expert_app(f"token={token}&sheet={aid}", ws)
    assert again.form is not None and again.form.assignment_id == aid and again.form.rows["A1"].score.value == "7"
    assert expert_app(f"token={token}&sheet=999999", ws).message.value != ""          # not theirs: an error, no sheet


# -- the site form -------------------------------------------------------------------------------------------

def test_site_form_caps_points_by_verdict_and_proposes_the_starred_veto(demo, experts):
    app = app_for(demo, next(experts))
    aid = first(app, "site")
    form = app.open_sheet(aid)
    s2 = form.rows["S2"]
    s2.score.value = "15"
    s2.verdict.value = "mostly_verified"                                  # a new verdict brings points to its cap
    assert s2.score.value == "10" and "上限调整为 10 分" in s2.hint.value and "本项上限 10 分" in s2.cap.value
    assert form.sheet.entries["S2"] == Entry(10.0, "mostly_verified", "")
    s2.score.value = "11"                                                 # typed above the cap: refused
    assert "最多 10 分" in s2.error.value and form.sheet.entries["S2"].score == 10
    s2.score.value = "9"
    s4 = form.rows["S4"]
    s4.verdict.value = "not_verified"                                     # starred: 0 points, V1 proposed
    assert s4.score.value == "0" and form.vetoes.ticks["V1"].value
    assert form.sheet.vetoes == (VetoProposal("V1", ""),)
    for item, (v, points) in {"S1": ("verified", "15"), "S3": ("verified", "20"), "S5": ("verified", "18"),
                              "S6": ("mostly_verified", "7")}.items():
        form.rows[item].verdict.value = v
        form.rows[item].score.value = points
    assert [p.column for p in form.request_submit()] == ["V1"]
    form.vetoes.reasons["V1"].value = "学员抽查不实"
    assert form.request_submit() == []
    assert form.submit().locked and "合计 69 / 100 分" in form.totals.value


#: A real one-page scan: evidence PDFs are opened and their pages counted on upload.
SCAN = ledger_pdf("示例单位", 1, np.random.default_rng(1))


def test_evidence_upload_checks_type_and_is_kept(demo, experts):
    app = app_for(demo, next(experts))
    aid = first(app, "site")
    form = app.open_sheet(aid)
    box = form.evidence

    def upload(name, content):     # what the browser sends once its own size/type check passed, chunk by chunk
        for offset in range(0, max(len(content), 1), CHUNK):
            box.upload._received(box.upload, {"event": "chunk", "name": name, "size": len(content), "offset": offset},
                                 [memoryview(content[offset:offset + CHUNK])])

    upload("扫描件.pdf", SCAN)
    assert "已上传 扫描件.pdf" in box.message.value and form.version == 1 and box.upload.note_kind == "done"
    assert list(app.session.evidence(aid)["filename"]) == ["扫描件.pdf"] and box.upload.label == "上传文件（已有 1 个）"
    saved_label = form.status.message
    upload("photo.jpg", b"not a jpeg")
    assert "不符" in box.upload.note and box.upload.note_kind == "error" and form.version == 1
    assert form.status.message == saved_label                           # the save bar is not the upload's
    (row,) = form.evidence.files.children
    row.children[1].click()                                               # remove
    assert app.session.evidence(aid).empty and form.version == 2


# -- the dossier, the printable sheet, autosave timing --------------------------------------------------------

def test_an_upload_arrives_in_acknowledged_chunks_and_a_broken_one_is_refused(demo, experts):
    app = app_for(demo, next(experts))
    aid = first(app, "site")
    box = app.open_sheet(aid).evidence
    acks = []
    box.upload.send = lambda content, buffers=None: acks.append(content)   # what goes back to the browser

    def chunk(name, content, offset, size=None):
        box.upload._received(box.upload, {"event": "chunk", "name": name, "size": size or len(content), "offset": offset},
                             [memoryview(content[offset:offset + CHUNK])])

    scan = SCAN + b"\n%" + bytes(2 * CHUNK + 98 - len(SCAN))          # a real one-page PDF, padded to 3 chunks
    for offset in (0, CHUNK, 2 * CHUNK):
        chunk("扫描件.pdf", scan, offset)
    assert [a["received"] for a in acks] == [CHUNK, 2 * CHUNK, len(scan)]    # the browser's percentage: what arrived
    assert list(app.session.evidence(aid)["filename"]) == ["扫描件.pdf"] and box.upload.note_kind == "done"
    acks.clear()
    chunk("二.pdf", scan, 0)
    chunk("二.pdf", scan, 2 * CHUNK)                                      # a chunk skipped: refused, nothing stored
    assert acks[-1] == {"event": "ack", "error": True} and box.upload.note == "上传中断，请重新选择文件上传。"
    chunk("三.pdf", scan, 0, size=box.upload.max_bytes + 1)              # more than the limit announced: refused
    assert acks[-1]["error"] and list(app.session.evidence(aid)["filename"]) == ["扫描件.pdf"]
    box.upload._received(box.upload, {"event": "chunk", "name": "x", "size": "many", "offset": 0}, [])   # ignored
    assert len(acks) == 3


def test_dossier_shows_numbers_ratios_eligibility_and_escapes():
    app = {"unit_name": "<b>单位</b>", "brand_name": "营口渔家嫂", "county": "盖州市", "industry": "家政服务", "is_ich": True,
           "trained_y1": 200, "trained_y2": 100, "in_trade_y1": 150, "in_trade_y2": 50, "exported_y1": 190, "exported_y2": 80,
           "agreements": 3, "training_ledger": True, "employment_ledger": False, "follow_up": True}
    elig = {"status": "fail", "E4": "fail", "E4_detail": "第二年培训 100 人", **{f"E{i}": "pass" for i in (1, 2, 3, 5, 6, 7)}}
    page = dossier_html(app, elig, (2022, 2023))
    assert "&lt;b&gt;单位&lt;/b&gt;" in page and "<b>单位</b>" not in page
    assert "75.0%" in page and "50.0%" in page and "66.7%" in page        # in trade 150/200, 50/100, 200/300
    assert "95.0%" in page and "90.0%" in page                              # exported 190/200, 270/300
    assert "非遗放宽" in page or "非遗放宽标准" in page
    assert "<details class='eligibility-details' open>" in page and "E4 不通过" in page


def test_printable_sheet_is_escaped_a4_and_signed(demo, experts):
    ws, _ = demo
    app = app_for(demo, next(experts))
    aid = first(app, "material")
    s = app.session.save_draft(aid, {"A1": Entry(7, None, "<script>alert(1)</script>")}, expected_version=0)
    page = render_sheet(app.session.rubric, s, expert_name="王<专家>", application={"unit_name": "单位&名称"},
                        session_title="示例批次")
    assert "<script>" not in page and "&lt;script&gt;" in page and "王&lt;专家&gt;" in page and "单位&amp;名称" in page
    assert "size: A4" in page and "专家签名" in page and "草稿（未提交）" in page
    assert page.count("<tr class='section'>") == 5


def test_debouncer_waits_for_typing_to_stop():
    calls = []

    async def typing():
        d = Debouncer(0.05)
        for i in range(5):
            d.call("k", lambda i=i: calls.append(i))
            await asyncio.sleep(0.01)
        assert calls == [] and d.pending
        await asyncio.sleep(0.1)
        d.call("k", lambda: calls.append("flushed"))
        d.flush()

    asyncio.run(typing())
    assert calls == [4, "flushed"]
    Debouncer(0.05).call("k", lambda: calls.append("no loop"))          # without a loop: at once
    assert calls[-1] == "no loop"


def test_clock_is_china_standard_time_by_default_and_the_given_zone_otherwise():
    assert clock(dt.datetime(2024, 9, 30, 16, 5, 9, tzinfo=dt.timezone.utc)) == "00:05:09"
    assert clock(dt.datetime(2024, 9, 30, 16, 5, 9)) == "00:05:09"        # naive datetimes from SQLite are UTC
    assert clock(dt.datetime(2024, 9, 30, 16, 5, 9), "Europe/Berlin") == "18:05:09"   # summer time: UTC+2
    assert stamp(dt.datetime(2024, 12, 30, 16, 5), "Europe/Berlin") == "2024-12-30 17:05"


def test_the_saved_bar_and_the_printed_sheet_use_the_sessions_time_zone(demo, experts):
    app = app_for(demo, next(experts))
    app.session.config = dataclasses.replace(app.session.config, time_zone="America/New_York")
    form = app.open_sheet(first(app, "material"))
    form.rows["A1"].score.value = "7"
    saved = form.sheet.updated_at
    assert clock(saved, "America/New_York") in status(form)
    assert clock(saved, "America/New_York") != clock(saved)                  # 12 or 13 hours apart
    page = PrintLink(form, expert_name="专家", application={"unit_name": "单位"}, session_title="示例批次").render()
    printed = dt.datetime.now(dt.timezone.utc).astimezone(ZoneInfo("America/New_York")).strftime("%Y-%m-%d")
    assert printed in page
    at = dt.datetime(2024, 9, 30, 16, 5, tzinfo=dt.timezone.utc)
    fixed = render_sheet(app.session.rubric, form.sheet, expert_name="专家", application={}, session_title="示例批次",
                         printed_at=at, time_zone="America/New_York")
    assert "2024-09-30 12:05" in fixed and "2024-10-01 00:05" not in fixed


def test_widgets_never_reach_another_experts_sheet(demo, experts):
    a, b = next(experts), next(experts)
    app_a = app_for(demo, a)
    theirs = first(app_for(demo, b), "material")
    assert app_a.open_sheet(theirs) is None
    assert "无权" in app_a.message.value and app_a.current == 0


def test_english_is_available(demo, experts):
    expert = next(experts)
    app = expert_app(expert["link"].split("?", 1)[1], demo[0], lang="en")
    assert "Done 0 /" in app.progress.value and "Expert: " in app.children[1].children[0].value
    form = app.open_sheet(first(app, "material"))
    form.rows["A1"].score.value = "9"
    assert "outside 0–8" in form.rows["A1"].error.value and "Not saved" in status(form)
    assert NEUTRAL_ZH not in expert_app("token=x", demo[0], lang="en").children[1].value


def test_the_app_workspace_reparses_a_changed_session_file(tmp_path, monkeypatch):
    import os

    from panel_toolkit.widgets.app import AppWorkspace, open_workspace

    build_demo(tmp_path, seed=7)
    monkeypatch.setenv("PANEL_TOOLKIT_WORKSPACE", str(tmp_path))
    ws = open_workspace()
    assert isinstance(ws, AppWorkspace)
    first_config = ws.config(SESSION_ID)
    assert ws.config(SESSION_ID) is first_config                       # parsed once
    path = tmp_path / "sessions" / SESSION_ID / "session.yaml"
    path.write_text(path.read_text("utf-8").replace("示例批次", "示例批次（改）"), "utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert ws.config(SESSION_ID).title.zh == "示例批次（改）"
    ws.close()


def test_a_session_file_edited_while_it_is_read_is_read_again(tmp_path, monkeypatch):
    """The cache key is taken before reading: an edit landing during the read is not hidden behind it."""
    import os

    from panel_toolkit import Workspace
    from panel_toolkit.widgets.app import AppWorkspace

    build_demo(tmp_path, seed=7)
    path = tmp_path / "sessions" / SESSION_ID / "session.yaml"
    read = Workspace.config

    def read_then_edit(self, session_id):
        config = read(self, session_id)
        if "（改）" not in path.read_text("utf-8"):   # another process saves the file just after it was read
            path.write_text(path.read_text("utf-8").replace("示例批次", "示例批次（改）"), "utf-8")
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        return config

    monkeypatch.setattr(Workspace, "config", read_then_edit)
    ws = AppWorkspace(tmp_path)
    try:
        assert ws.config(SESSION_ID).title.zh == "示例批次"            # what was read before the edit
        assert ws.config(SESSION_ID).title.zh == "示例批次（改）"       # the edit is seen next time
        again = ws.config(SESSION_ID)
        assert ws.config(SESSION_ID) is again                            # and then cached
    finally:
        ws.close()


@pytest.mark.parametrize("value", ["²", "１２", "-3", "1e3", "9" * 40, "", "abc"])
def test_a_sheet_number_in_the_address_that_is_no_plain_number_opens_the_list(value):
    from panel_toolkit.widgets.app import sheet_from_query

    assert sheet_from_query(f"token=x&sheet={value}") == 0
    assert sheet_from_query("token=x&sheet=12") == 12
