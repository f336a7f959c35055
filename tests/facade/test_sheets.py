"""Score sheets through the facade: drafts, the optimistic lock, submit, access, revisions, the
paper-sheet import hook and evidence files. A real demo workspace (SQLite in tmp_path), a real
expert pool and draw through the panel facade; numbers worked out by hand."""
from __future__ import annotations

import sqlalchemy as sa
import pytest

from panel_toolkit import Actor, Workspace
from panel_toolkit.demo import build_demo
from panel_toolkit.demo.build import SESSION_ID
from panel_toolkit.demo.experts import add_demo_panel
from panel_toolkit.errors import AccessDenied, IncompleteSheet, InvalidScore, InvalidState, NotFound, SheetLocked, StaleSheet
from panel_toolkit.sheets import Entry, VetoProposal
from panel_toolkit.store import schema as t
from panel_toolkit.store import utcnow

MATERIAL = {"A1": 7.5, "A2": 5, "A3": 4, "B1": 9, "B2": 7, "B3": 6, "C1": 8, "C2": 7.5, "C3": 6,
            "D1": 4, "D2": 4, "D3": 3, "E1": 6, "E2": 5}                       # total 82 (A 16.5, B 22, C 21.5, D 11, E 11)
SITE = {"S1": (15, "verified"), "S2": (10, "mostly_verified"), "S3": (14, "mostly_verified"),
        "S4": (20, "verified"), "S5": (18, "verified"), "S6": (7, "mostly_verified")}   # total 84
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    root = tmp_path_factory.mktemp("sheets")
    build_demo(root, seed=2024)
    add_demo_panel(root)
    w = Workspace(root)
    yield w
    w.close()


@pytest.fixture(scope="module")
def city(ws):
    return ws.session(SESSION_ID)


@pytest.fixture(scope="module")
def pick(city):
    """``pick(part)``: a fresh active assignment (not used by another test) → (assignment id, expert id, name)."""
    frame = city.assignments_frame()
    used: set[int] = set()

    def take(part: str = "material", exclude_expert: int | None = None):
        for aid, row in frame[frame["part"] == part].iterrows():
            if aid not in used and row["expert_id"] != exclude_expert:
                used.add(aid)
                return int(aid), int(row["expert_id"]), row["expert_name"]
        raise AssertionError("no assignment left")

    return take


def expert(ws, expert_id: int, name: str = "专家"):
    return ws.session(SESSION_ID, Actor.expert(expert_id, name))


def all_material():
    return {k: Entry(v) for k, v in MATERIAL.items()}


def all_site():
    return {k: Entry(*v) for k, v in SITE.items()}


# -- drafts and the optimistic lock ----------------------------------------------------------------

def test_no_row_yet_is_an_empty_draft_at_version_0(ws, pick):
    aid, eid, _ = pick()
    s = expert(ws, eid).sheet(aid)
    assert (s.sheet_id, s.version, s.status, s.state, s.entries, s.vetoes) == (None, 0, "draft", "none", {}, ())
    assert s.assignment_id == aid and s.expert_id == eid and s.part == "material"


def test_drafts_upsert_only_the_given_values_and_bump_the_version(ws, pick, city):
    aid, eid, _ = pick()
    me = expert(ws, eid)
    s = me.save_draft(aid, {"A1": Entry(7.5, comment="已注册商标")}, expected_version=0)
    assert s.version == 1 and s.state == "draft" and s.sheet_id is not None
    s = me.save_draft(aid, {"A2": Entry(5)}, expected_version=1)
    s = me.save_draft(aid, {"A1": Entry(6, comment="名称基本规范")}, expected_version=2)
    assert s.version == 3
    assert s.entries == {"A1": Entry(6.0, None, "名称基本规范"), "A2": Entry(5.0, None, "")}
    assert s.totals(city.rubric) == ({"A": 11.0, "B": 0.0, "C": 0.0, "D": 0.0, "E": 0.0}, 11.0)
    assert me.sheet(aid) == s
    assert city.sheet(aid) == s          # the city reads any sheet


def test_a_stale_window_is_told_and_nothing_is_written(ws, pick):
    aid, eid, name = pick()
    tab1, tab2 = expert(ws, eid, name), expert(ws, eid, name)    # two tabs of the same expert
    first = tab1.sheet(aid)
    second = tab2.sheet(aid)
    s = tab1.save_draft(aid, {"A1": Entry(8)}, expected_version=first.version)
    with pytest.raises(StaleSheet) as e:
        tab2.save_draft(aid, {"A1": Entry(2)}, expected_version=second.version)
    assert e.value.current_version == 1 and "其他窗口" in e.value.zh
    s2 = tab2.save_draft(aid, {"A2": Entry(3)}, expected_version=tab2.sheet(aid).version)   # after reloading
    assert s2.version == 2 and s2.entries["A1"].score == 8 and s.version == 1
    with pytest.raises(StaleSheet) as e:
        tab1.save_draft(aid, {"A1": Entry(1)}, expected_version=1)
    assert e.value.current_version == 2
    assert tab1.sheet(aid).entries["A1"].score == 8


def test_two_first_saves_race_to_one_row(ws, pick):
    aid, eid, _ = pick()
    expert(ws, eid).save_draft(aid, {"A1": Entry(1)}, expected_version=0)
    with pytest.raises(StaleSheet):
        expert(ws, eid).save_draft(aid, {"A1": Entry(2)}, expected_version=0)
    with ws.store.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).where(t.score_sheets.c.assignment_id == aid)).scalar() == 1


def test_a_bad_value_saves_nothing(ws, pick):
    aid, eid, _ = pick()
    me = expert(ws, eid)
    me.save_draft(aid, {"A1": Entry(4)}, expected_version=0)
    with pytest.raises(InvalidScore) as e:
        me.save_draft(aid, {"A2": Entry(5), "A3": Entry(6.5)}, expected_version=1)   # A3 max 6
    assert e.value.item_id == "A3"
    s = me.sheet(aid)
    assert s.version == 1 and set(s.entries) == {"A1"}
    with pytest.raises(InvalidScore):
        me.save_draft(aid, {"S1": Entry(3, "verified")}, expected_version=1)       # a site item on a material sheet
    with pytest.raises(InvalidScore):
        me.save_draft(aid, {}, [VetoProposal("V7", "x")], expected_version=1)
    with pytest.raises(InvalidScore):
        me.save_draft(aid, {"A1": Entry(4, comment="长" * 2001)}, expected_version=1)


# -- submit -------------------------------------------------------------------------------------------

def test_submit_checks_completeness_then_locks(ws, pick, city):
    aid, eid, _ = pick()
    me = expert(ws, eid)
    with pytest.raises(IncompleteSheet) as e:
        me.submit_sheet(aid, expected_version=0)
    assert len(e.value.problems) == 14
    entries = all_material()
    del entries["C2"]
    s = me.save_draft(aid, entries, [VetoProposal("V2", "")], expected_version=0)
    with pytest.raises(IncompleteSheet) as e:
        me.submit_sheet(aid, expected_version=s.version)
    assert [p.column for p in e.value.problems] == ["C2", "V2"]
    assert list(e.value.table().columns) == ["项目", "值", "问题"]
    s = me.save_draft(aid, {"C2": Entry(7.5)}, [VetoProposal("V2", "存在未了结的经济纠纷（法院受理通知书）")],
                      expected_version=s.version)
    with pytest.raises(StaleSheet):
        me.submit_sheet(aid, expected_version=s.version - 1)
    done = me.submit_sheet(aid, expected_version=s.version)
    assert done.status == "submitted" and done.locked and done.submitted_at is not None
    assert done.version == s.version + 1
    assert done.totals(city.rubric) == ({"A": 16.5, "B": 22.0, "C": 21.5, "D": 11.0, "E": 11.0}, 82.0)
    assert done.vetoes == (VetoProposal("V2", "存在未了结的经济纠纷（法院受理通知书）"),)
    with pytest.raises(SheetLocked):
        me.save_draft(aid, {"A1": Entry(1)}, expected_version=done.version)
    with pytest.raises(SheetLocked):
        me.submit_sheet(aid, expected_version=done.version)
    events = city.events_frame()
    submitted = events[(events["action"] == "sheet.submitted") & (events["target"] == str(done.sheet_id))]
    assert len(submitted) == 1 and submitted.iloc[0]["details"]["total"] == 82.0


def test_site_sheet_caps_and_the_starred_veto(ws, pick, city):
    aid, eid, _ = pick("site")
    me = expert(ws, eid)
    with pytest.raises(InvalidScore) as e:
        me.save_draft(aid, {"S2": Entry(11, "mostly_verified")}, expected_version=0)   # cap 10
    assert "最多 10 分" in e.value.zh
    entries = all_site()
    entries["S5"] = Entry(0, "not_verified", "回访2家企业均称未接收该单位输出人员")
    s = me.save_draft(aid, entries, expected_version=0)
    with pytest.raises(IncompleteSheet) as e:
        me.submit_sheet(aid, expected_version=s.version)
    assert [p.column for p in e.value.problems] == ["V1"]
    s = me.save_draft(aid, {}, [VetoProposal("V1", "就业台账与回访结果不符")], expected_version=s.version)
    done = me.submit_sheet(aid, expected_version=s.version)
    assert done.totals(city.rubric) == ({}, 84.0 - 18.0)


# -- access and independence ------------------------------------------------------------------------

def test_an_expert_cannot_reach_another_experts_sheet(ws, pick):
    aid, eid, _ = pick()
    expert(ws, eid).save_draft(aid, {"A1": Entry(7)}, expected_version=0)
    _, other, _ = pick(exclude_expert=eid)
    intruder = expert(ws, other)
    for call in (lambda: intruder.sheet(aid), lambda: intruder.save_draft(aid, {"A1": Entry(1)}, expected_version=1),
                 lambda: intruder.submit_sheet(aid, expected_version=1), lambda: intruder.evidence(aid),
                 lambda: intruder.sheet(10**6), lambda: intruder.sheet("1 OR 1=1")):
        with pytest.raises((AccessDenied, NotFound)) as e:
            call()
        assert "7" not in e.value.zh
    assert set(intruder.my_sheets().index).isdisjoint({aid})


def test_counties_see_no_sheets_and_the_city_cannot_write(ws, pick):
    aid, eid, _ = pick()
    county = ws.session(SESSION_ID, Actor.county("盖州市"))
    with pytest.raises(AccessDenied):
        county.sheet(aid)
    city = ws.session(SESSION_ID)
    with pytest.raises(AccessDenied):
        city.save_draft(aid, {"A1": Entry(1)}, expected_version=0)
    with pytest.raises(AccessDenied):
        city.my_sheets()
    with pytest.raises(NotFound):
        city.sheet(10**6)


def test_a_swapped_out_expert_loses_the_sheet(ws, pick, city):
    aid, eid, _ = pick()
    me = expert(ws, eid)
    me.save_draft(aid, {"A1": Entry(7)}, expected_version=0)
    row = city.assignments_frame().loc[aid]  # noqa: F841 (used in the query string)
    busy = set(city.assignments_frame(include_inactive=True).query("application_id == @row.application_id")["expert_id"])
    experts = city.experts_frame()
    pool = [int(i) for i, r in experts.iterrows() if int(i) not in busy and r["county"] == "市外"]
    city.swap_expert(aid, pool[0], "专家因病无法参加")
    with pytest.raises(AccessDenied):
        me.sheet(aid)
    assert city.sheet(aid).entries["A1"].score == 7    # kept


def test_my_sheets_shows_progress(ws, city):
    frame = city.assignments_frame()
    eid = int(frame["expert_id"].value_counts().index[-1])
    me = expert(ws, eid)
    mine = me.my_sheets()
    assert set(mine.index) == set(frame.index[frame["expert_id"] == eid])
    assert (mine["items"] == mine["part"].map({"material": 14, "site": 6})).all()
    first, second = [int(i) for i in mine.index[:2]]
    s = me.save_draft(first, all_material() if mine.at[first, "part"] == "material" else all_site(), expected_version=0)
    me.submit_sheet(first, expected_version=s.version)
    me.save_draft(second, {}, expected_version=0)
    mine = me.my_sheets()
    assert mine.at[first, "state"] == "submitted" and mine.at[second, "state"] == "draft"
    assert mine.at[first, "scored"] == mine.at[first, "items"]
    assert mine.at[first, "total"] in (82.0, 84.0)
    assert (mine["state"] == "none").sum() == len(mine) - 2


# -- revisions and the paper-sheet import hook ------------------------------------------------------

def test_the_highest_revision_is_the_current_sheet(ws, pick):
    aid, eid, _ = pick()
    me = expert(ws, eid)
    s = me.save_draft(aid, all_material(), expected_version=0)
    done = me.submit_sheet(aid, expected_version=s.version)
    with ws.store.write() as conn:      # what the chair's request_revision does: a new draft row, values copied
        new_id = conn.execute(t.score_sheets.insert().values(
            assignment_id=aid, revision=1, revision_of=done.sheet_id, revision_reason="B1 分值与培训人数不符，请复核",
            status="draft", version=1, veto_json="[]", updated_at=utcnow())).inserted_primary_key[0]
        conn.execute(t.score_items.insert(), [dict(sheet_id=new_id, item_id=k, score=e.score, verdict=None, comment="")
                                              for k, e in done.entries.items()])
    s = me.sheet(aid)
    assert (s.sheet_id, s.revision, s.revision_of, s.status, s.version) == (new_id, 1, done.sheet_id, "draft", 1)
    s = me.save_draft(aid, {"B1": Entry(6)}, expected_version=1)
    s = me.submit_sheet(aid, expected_version=s.version)
    assert s.revision == 1 and s.locked and s.entries["B1"].score == 6
    with ws.store.read() as conn:      # the original stays as it was
        assert conn.execute(sa.select(t.score_items.c.score).where(t.score_items.c.sheet_id == done.sheet_id,
                                                                   t.score_items.c.item_id == "B1")).scalar() == 9


def test_write_submitted_sheet_for_scores_import(ws, pick, city):
    aid, eid, _ = pick()
    expert(ws, eid).save_draft(aid, {"A1": Entry(2)}, expected_version=0)      # a draft begun online
    with ws.store.write() as conn:
        sheet_id = city._write_submitted_sheet(conn, aid, all_material(), [], source="纸质评分表.xlsx")
    s = city.sheet(aid)
    assert s.sheet_id == sheet_id and s.locked and s.entries["A1"].score == 7.5 and s.totals(city.rubric)[1] == 82.0
    with pytest.raises(SheetLocked):
        with ws.store.write() as conn:
            city._write_submitted_sheet(conn, aid, all_material(), [], source="again.xlsx")
    aid2, _, _ = pick()
    entries = all_material()
    del entries["E2"]
    with pytest.raises(IncompleteSheet):
        with ws.store.write() as conn:
            city._write_submitted_sheet(conn, aid2, entries, [], source="x.xlsx")
    assert city.sheet(aid2).sheet_id is None          # the caller's transaction rolled back
    events = city.events_frame()
    assert (events["action"] == "sheet.imported").sum() == 1


# -- evidence files --------------------------------------------------------------------------------

def test_evidence_files_are_kept_with_the_sheet(ws, pick):
    aid, eid, _ = pick("site")
    me = expert(ws, eid)
    s = me.add_evidence(aid, "../现场照片.png", PNG, expected_version=0, item_id="S1")
    assert s.version == 1
    files = me.evidence(aid)
    assert list(files["filename"]) == ["现场照片.png"] and files.iloc[0]["media_type"] == "image/png"
    assert (ws.root / "evidence" / str(s.sheet_id)).is_dir()
    name, media, data = me.evidence_bytes(aid, int(files.index[0]))
    assert (name, media, data) == ("现场照片.png", "image/png", PNG)
    for filename, content, words in [("a.exe", b"MZ", "类型不允许"), ("a.png", b"%PDF-1.4", "不符"),
                                     ("a.pdf", b"", "空文件"), ("big.jpg", b"\xff\xd8\xff" + b"0" * (10 * 2**20), "超过上限"),
                                     ("scan.pdf", b"%PDF-1.4 x", "不是可打开的 PDF")]:
        with pytest.raises(InvalidState) as e:
            me.add_evidence(aid, filename, content, expected_version=1)
        assert words in e.value.zh
    with pytest.raises(StaleSheet):
        me.add_evidence(aid, "b.png", PNG, expected_version=0)
    kept = ws.root / "evidence" / str(s.sheet_id) / f"{files.iloc[0]['sha256'][:16]}.png"
    kept.unlink()                                   # the file lost on the server: a domain error, not an OSError
    with pytest.raises(InvalidState) as e:
        me.evidence_bytes(aid, int(files.index[0]))
    assert e.value.zh == "佐证文件“现场照片.png”已丢失。"
    s = me.remove_evidence(aid, int(files.index[0]), expected_version=1)
    assert s.version == 2 and me.evidence(aid).empty


def test_a_conflict_declared_while_drafting_stops_the_next_save(ws, pick, city):
    from panel_toolkit.errors import ConflictOfInterest

    aid, eid, _ = pick()
    me = expert(ws, eid)
    s = me.save_draft(aid, {"A1": Entry(5)}, expected_version=0)
    app_id = int(city.assignments_frame().at[aid, "application_id"])
    city.declare_conflict(eid, app_id, "专家为该单位顾问")
    with pytest.raises(ConflictOfInterest):
        me.save_draft(aid, {"A2": Entry(5)}, expected_version=s.version)
    with pytest.raises(ConflictOfInterest):
        me.sheet(aid)
    assert city.sheet(aid).version == 1
