"""Property-based tests (Hypothesis) of every importer: for any generated file, either everything is
imported or nothing is and every problem is listed — and no input ever ends in anything but a typed
error. Importers: applications, the expert pool, paper score sheets, calendar overrides, the materials
folder.

Each file starts from a valid one (the real template or the demo's data) and Hypothesis mutates it: any
cell replaced by junk (formulas, control characters, huge numbers, full-width digits, look-alike
counties, impossible dates, NaN, markup…), a column dropped or renamed, rows duplicated, written as
.csv or .xlsx. One workspace per test: a successful import changes what the next example meets, which
only widens what is tried.
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from panel_toolkit import Workspace
from panel_toolkit.errors import ConfigError, InputRejected, PanelError
from panel_toolkit.store import schema as t

SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])

JUNK = st.one_of(
    st.none(), st.text(max_size=25), st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["=1+1", "=cmd|' /C calc'!A0", "+86", "-", "@x", "２３０人", "230人", " ", "\x00", "a\x07b", "是",
                     "否", "通过", "不通过", "2024-02-30", "2020/5/18", "盖州市", "盖州\u200b市", "盖洲市", "<b>x</b>", "∞",
                     "0", "-1", "1e309", "NaN", "资料评审", "实地核查", "属实", "不属实", "A1", "S1", "V1", "x" * 5000]),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
)


@st.composite
def mutated(draw, grid: list[list]):
    """``grid`` (row 1 = headers) with some cells replaced by junk, maybe a column dropped or renamed,
    maybe a row repeated; and the file type."""
    grid = [list(r) for r in grid]
    for _ in range(draw(st.integers(0, 6))):
        r, c = draw(st.integers(0, len(grid) - 1)), draw(st.integers(0, len(grid[0]) - 1))
        grid[r][c] = draw(JUNK)
    action = draw(st.sampled_from(["none", "none", "drop", "rename", "repeat", "empty"]))
    col = draw(st.integers(0, len(grid[0]) - 1))
    if action == "drop":
        grid = [row[:col] + row[col + 1:] for row in grid]
    elif action == "rename":
        grid[0][col] = draw(st.text(min_size=1, max_size=8))
    elif action == "repeat":
        grid.append(list(grid[draw(st.integers(1, len(grid) - 1))]))
    elif action == "empty":
        grid = [grid[0]]
    return grid, draw(st.sampled_from([".csv", ".xlsx"]))


def write(folder: Path, stem: str, grid: list[list], suffix: str) -> Path:
    path = folder / f"{stem}{suffix}"
    if suffix == ".csv":
        try:
            with path.open("w", encoding="utf-8-sig", newline="") as f:
                csv.writer(f).writerows([["" if v is None else v for v in row] for row in grid])
        except (csv.Error, ValueError, UnicodeEncodeError):
            assume(False)
        return path
    wb = openpyxl.Workbook()
    ws = wb.active
    try:
        for row in grid:
            ws.append([v if not isinstance(v, float) or v == v and abs(v) != float("inf") else str(v) for v in row])
    except (IllegalCharacterError, ValueError, TypeError):
        assume(False)   # a value Excel itself cannot hold
    ws.title = stem
    wb.save(path)
    return path


def snapshot(ws: Workspace, *tables) -> dict:
    with ws.store.read() as conn:
        return {tb.name: sorted(map(tuple, conn.execute(sa.select(tb)).all()), key=repr) for tb in tables}


def attempt(ws: Workspace, tables, do, tally: dict) -> object | None:
    """Run an import: the result, or None after a refusal that listed problems and changed nothing.
    ``tally`` counts both outcomes, so a test can show it met both."""
    before = snapshot(ws, *tables)
    try:
        result = do()
        tally["imported"] = tally.get("imported", 0) + 1
        return result
    except InputRejected as e:
        assert e.problems and all(p.reason("zh") and p.reason("en") for p in e.problems)
    except PanelError as e:   # a typed refusal of the whole file (too large, no access…)
        assert e.message("zh")
    assert snapshot(ws, *tables) == before
    tally["refused"] = tally.get("refused", 0) + 1
    return None


def grid_of(path: Path) -> list[list]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            return [list(r) for r in csv.reader(f)]
    ws = openpyxl.load_workbook(path).active
    return [[c.value for c in row] for row in ws.iter_rows()]


# -- applications -------------------------------------------------------------------------------------------

@pytest.fixture
def applications_grid(valid_row):
    rows = [valid_row(), valid_row(), valid_row()]
    headers = list(rows[0])
    return [headers, *([r[h] for h in headers] for r in rows)]


def test_applications_import_is_all_or_nothing_for_any_file(workspace, tmp_path, applications_grid):
    session = workspace.session("2024")
    tally: dict = {}

    @SETTINGS
    @given(case=mutated(applications_grid))
    def check(case):
        grid, suffix = case
        path = write(tmp_path, "申报表", grid, suffix)
        result = attempt(workspace, (t.applications,), lambda: session.import_applications(path, update=True),
                         tally)
        if result is not None:   # imported: every data row of the file, none left out
            rows = [r for r in grid[1:] if any(v is not None and str(v).strip() for v in r)]
            assert result.inserted + result.updated + result.unchanged == len(rows)

    check()
    assert tally.get("imported") and tally.get("refused"), tally


# -- the expert pool ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_root(tmp_path_factory):
    from panel_toolkit.demo import build_demo

    root = tmp_path_factory.mktemp("properties") / "ws"
    build_demo(root)
    return root


def test_expert_import_is_all_or_nothing_for_any_file(demo_root, tmp_path):
    from panel_toolkit.demo.experts import demo_experts, write_pool_csv

    ws = Workspace(demo_root)
    session = ws.session("demo")
    base = grid_of(write_pool_csv(tmp_path / "pool.csv", demo_experts(session.config.screening_units, n=4)))
    tally: dict = {}

    @SETTINGS
    @given(case=mutated(base))
    def check(case):
        grid, suffix = case
        path = write(tmp_path, "专家库", grid, suffix)
        attempt(ws, (t.experts,), lambda: session.import_experts(path, update=True), tally)

    try:
        check()
    finally:
        ws.close()
    assert tally.get("imported") and tally.get("refused"), tally


# -- paper score sheets -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def drawn_root(tmp_path_factory):
    from panel_toolkit.demo import build_demo
    from panel_toolkit.demo.experts import add_demo_panel

    root = tmp_path_factory.mktemp("properties-paper") / "ws"
    build_demo(root)
    add_demo_panel(root)
    return root


def test_paper_score_import_is_all_or_nothing_for_any_file(drawn_root, tmp_path):
    ws = Workspace(drawn_root)
    session = ws.session("demo")
    session.scores_template(tmp_path / "template.xlsx")
    full = grid_of(tmp_path / "template.xlsx")
    head = full[0]
    first = full[1]
    rows = [r for r in full[1:] if r[:3] == first[:3]]        # one expert's sheet for one candidate and part
    score, item = head.index("分值"), head.index("评分项")
    base = [head, *([*r[:score], 0, *r[score + 1:]] for r in rows)]   # a complete sheet: every item 0 points
    assert all(r[item] for r in base[1:])
    tally: dict = {}

    @SETTINGS
    @given(case=mutated(base))
    def check(case):
        grid, suffix = case
        path = write(tmp_path, "评分录入", grid, suffix)
        attempt(ws, (t.score_sheets, t.score_items), lambda: session.import_scores(path), tally)

    try:
        check()
    finally:
        ws.close()
    assert tally.get("imported") and tally.get("refused"), tally


# -- calendar overrides -------------------------------------------------------------------------------------

DAY = st.one_of(st.dates(dt.date(2026, 12, 1), dt.date(2028, 1, 31)).map(dt.date.isoformat),
                st.sampled_from(["2027-02-30", "2027-13-01", "昨天", "", "2027/01/01"]), st.integers(), st.none())
OVERRIDE = st.fixed_dictionaries(
    {"year": st.one_of(st.just(2027), st.integers(1900, 2200), st.text(max_size=4)),
     "source": st.one_of(st.just("国务院办公厅关于2027年部分节假日安排的通知"), st.text(max_size=10), st.none()),
     "holidays": st.lists(st.one_of(DAY, st.fixed_dictionaries({"from": DAY, "to": DAY})), max_size=5),
     "workdays": st.lists(DAY, max_size=4)},
    optional={"extra": st.text(max_size=5)})


def test_calendar_override_loads_or_names_its_problem(tmp_path):
    from panel_toolkit.notice.calendar import load_override

    @SETTINGS
    @given(data=OVERRIDE, raw=st.one_of(st.none(), st.text(max_size=40)))
    def check(data, raw):
        path = tmp_path / "calendar-2027.yaml"
        path.write_text(raw if raw is not None else yaml.safe_dump(data, allow_unicode=True), "utf-8")
        try:
            schedule = load_override(path)
        except ConfigError as e:
            assert str(path) in e.message("zh") or path.name in e.message("zh")
            return
        assert schedule.year == data["year"] or raw is not None

    check()


# -- the materials folder (materials import SESSION FOLDER) -------------------------------------------------

def _material_contents():
    import numpy as np

    from panel_toolkit.demo.materials import ledger_pdf

    pdf = ledger_pdf("示例单位", 1, np.random.default_rng(0))
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    return st.one_of(
        st.sampled_from([png, pdf, b"", b"%PDF-1.4 broken", b"MZ\x90\x00", b"PK\x03\x04junk", pdf[: len(pdf) // 2]]),
        st.binary(max_size=64).map(lambda b: png + b),   # distinct valid images: new rows, not duplicates
        st.binary(max_size=64))


FILE_NAME = st.tuples(
    st.one_of(st.sampled_from(["培训台账", "营业执照", "=cmd|' /C calc'!A0", "<b>x</b>", " a ", "a\x07b", "照片 1",
                               "sub/扫描件", "x" * 60]),
              st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=20)),
    st.sampled_from([".png", ".pdf", ".PDF", ".jpg", ".docx", ".xlsx", ".exe", ".txt", ""]),
).map(lambda p: p[0] + p[1])


@st.composite
def material_folders(draw, codes: list[str]):
    """Sub-folders named by a credit code of the session (some lower-cased or padded), another name or a
    hidden one, each with a few files (valid or not, maybe nested); sometimes a stray file at the top."""
    good_name = st.one_of(st.sampled_from(codes), st.sampled_from(codes).map(str.lower))
    good_file = st.tuples(st.text(st.characters(min_codepoint=0x4e00, max_codepoint=0x4fff), min_size=1, max_size=8),
                          st.binary(max_size=32)).map(lambda p: (p[0] + ".png", b"\x89PNG\r\n\x1a\n" + p[1]))
    if draw(st.integers(0, 2)) == 0:   # a clean hand-over: Hypothesis mostly finds a problem otherwise
        name, file = good_name, good_file
    else:
        name = st.one_of(good_name, st.sampled_from(codes).map(lambda c: f" {c} "),
                         st.sampled_from(["91210000ABCDEFGHIJ", "材料", ".git"]))
        file = st.one_of(good_file, st.tuples(FILE_NAME, _material_contents()))
    folders = draw(st.dictionaries(name, st.lists(file, max_size=3), max_size=3))
    stray = draw(st.lists(st.tuples(FILE_NAME, _material_contents()), max_size=1))
    return folders, stray


def test_materials_folder_import_is_all_or_nothing_for_any_folder(demo_root, tmp_path):
    import hashlib
    import tempfile

    from panel_toolkit.store.tables.materials import materials

    ws = Workspace(demo_root)
    session = ws.session("demo")
    codes = sorted(session.applications_frame()["credit_code"].astype(str))[:4]
    tally: dict = {}

    def lay_out(folders, stray) -> Path:
        top = Path(tempfile.mkdtemp(dir=tmp_path))
        for sub, files in folders.items():
            for fname, content in files:
                path = top / sub / fname
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(content)
                except (OSError, ValueError):
                    assume(False)   # a name this file system cannot hold
            (top / sub).mkdir(exist_ok=True)
        for fname, content in stray:
            try:
                (top / fname).write_bytes(content)
            except (OSError, ValueError):
                assume(False)
        return top

    @SETTINGS
    @given(case=material_folders(codes))
    def check(case):
        top = lay_out(*case)
        result = attempt(ws, (materials, t.events), lambda: session.import_materials(top), tally)
        if result is not None:   # imported: every file of every sub-folder is kept with its application
            kept = session.materials_frame()
            by_code = {str(c): int(i) for i, c in session.applications_frame()["credit_code"].items()}
            for folder in (p for p in top.iterdir() if p.is_dir() and not p.name.startswith(".")):
                app_id = by_code[folder.name.strip().upper()]   # an empty folder adds nothing: no entry
                for f in (p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
                    digest = hashlib.sha256(f.read_bytes()).hexdigest()
                    assert ((kept["application_id"] == app_id) & (kept["sha256"] == digest)).any(), f

    try:
        check()
    finally:
        ws.close()
    assert tally.get("imported") and tally.get("refused"), tally
