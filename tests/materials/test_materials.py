"""Application materials (申报材料): checks, content-addressed storage, who may add and open them, the
folder import (all or nothing), page rendering, and the CLI. A real demo workspace (SQLite in tmp_path)
whose applications already carry the generated dossiers."""
from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner

from panel_toolkit import Actor, Workspace
from panel_toolkit.cli.main import cli
from panel_toolkit.config.session import UploadLimits
from panel_toolkit.demo import build_demo
from panel_toolkit.demo.build import SESSION_ID
from panel_toolkit.demo.experts import add_demo_panel
from panel_toolkit.demo.materials import ledger_pdf
from panel_toolkit.errors import AccessDenied, InputRejected, InvalidState, NotFound, PanelError
from panel_toolkit.materials import check_material, guess_kind

import numpy as np

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
LIMITS = UploadLimits(max_file_mb=1, max_files=5, max_pages=10)


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    root = tmp_path_factory.mktemp("materials")
    build_demo(root, seed=2024)
    add_demo_panel(root)
    w = Workspace(root)
    yield w
    w.close()


@pytest.fixture(scope="module")
def city(ws):
    return ws.session(SESSION_ID)


def unscreened(city):
    f = city.screening_frame()
    return f[f["initial_decision"].isna()]


# -- the file checks ----------------------------------------------------------------------------------

def test_a_pdf_is_counted_page_by_page_and_kinds_come_from_the_name():
    pdf = ledger_pdf("示例单位", 3, np.random.default_rng(1))
    c = check_material("培训台账.pdf", pdf, LIMITS)
    assert (c.media_type, c.pages, c.kind, c.sha256) == ("application/pdf", 3, "training", hashlib.sha256(pdf).hexdigest())
    assert guess_kind("就业台账2023.pdf", "application/pdf") == "employment"
    assert guess_kind("培训现场照片.png", "image/png") == "photo"
    assert guess_kind("说明.docx", "application/x") == "other"


@pytest.mark.parametrize("name, content, words", [
    ("a.exe", b"MZ", "类型不允许"), ("a.png", b"", "空文件"), ("a.png", PNG + bytes(2 * 1024 * 1024), "超过 1 MB，请压缩后再上传"),
    ("a.pdf", PNG, "内容与扩展名 .pdf 不符"), ("a.pdf", b"%PDF-1.4 broken", "不是可打开的 PDF"),
])
def test_bad_files_are_refused_with_the_file_named(name, content, words):
    with pytest.raises(InvalidState) as e:
        check_material(name, content, LIMITS)
    assert words in e.value.message("zh") and name in e.value.message("zh")


def test_a_pdf_with_too_many_pages_is_refused():
    with pytest.raises(InvalidState, match="11 pages"):
        # the page limit alone is tested: 11 generated pages may weigh more than LIMITS' 1 MB
        check_material("台账.pdf", ledger_pdf("示例", 11, np.random.default_rng(1)), UploadLimits(9, 5, 10))


# -- who may open ---------------------------------------------------------------------------------------

def test_the_demo_gives_every_application_a_dossier_stored_by_content(ws, city):
    frame = city.materials_frame()
    assert set(frame["application_id"]) == set(city.applications_frame().index)
    row = frame.iloc[0]
    stored = ws.root / "materials" / row["sha256"][:2] / row["sha256"]
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == row["sha256"]


def test_an_assigned_expert_opens_pages_another_expert_and_another_county_are_refused(ws, city):
    a = city.assignments_frame()
    row = a.iloc[0]
    app_id, me = int(row["application_id"]), int(row["expert_id"])
    mine = ws.session(SESSION_ID, Actor.expert(me, "甲"))
    pdf = mine.materials_frame(app_id)
    pdf = pdf[pdf["media_type"] == "application/pdf"].iloc[0]
    png = mine.material_page(int(pdf.name), 1, 1.0)
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    assert set(mine.materials_frame()["application_id"]) <= set(a.loc[a["expert_id"] == me, "application_id"])
    other = int(next(e for e in a["expert_id"].unique() if app_id not in set(a.loc[a["expert_id"] == e, "application_id"])))
    stranger = ws.session(SESSION_ID, Actor.expert(other, "乙"))
    for call in (lambda: stranger.material_page(int(pdf.name)), lambda: stranger.material_content(int(pdf.name)),
                 lambda: stranger.materials_frame(app_id)):
        with pytest.raises(AccessDenied):
            call()
    county = city.application(app_id)["county"]
    other_county = next(c for c in city.config.screening_units if c != county)
    with pytest.raises(AccessDenied):
        ws.session(SESSION_ID, Actor.county(other_county)).material_page(int(pdf.name))
    assert ws.session(SESSION_ID, Actor.county(county)).material_content(int(pdf.name))[0] == pdf["filename"]
    with pytest.raises(NotFound):
        mine.material_page(10 ** 6)


def test_a_swapped_out_expert_is_refused_on_the_next_page(ws, city):
    a = city.assignments_frame()
    counts = a.groupby(["application_id", "expert_id"]).size()
    row = next(r for _, r in a[a["part"] == "material"].iloc[::-1].iterrows()
               if counts[(r["application_id"], r["expert_id"])] == 1)
    app_id, me = int(row["application_id"]), int(row["expert_id"])
    mine = ws.session(SESSION_ID, Actor.expert(me, "丙"))
    mid = int(mine.materials_frame(app_id).index[0])
    mine.material_page(mid)
    for new in city.experts_frame().index:
        try:
            city.swap_expert(int(row.name), int(new), reason="测试：调换专家")
            break
        except PanelError:
            continue
    assert not mine._scope.my_assignments(app_id)
    with pytest.raises(AccessDenied):
        mine.material_page(mid)


def test_a_tampered_file_is_refused(ws, city, tmp_path):
    app_id = int(city.applications_frame().index[-1])
    [mid] = city.add_materials(app_id, [("补充说明.png", PNG + b"tamper")])
    sha = city.materials_frame(app_id).at[mid, "sha256"]
    (ws.root / "materials" / sha[:2] / sha).write_bytes(PNG)
    with pytest.raises(InvalidState, match="altered"):
        city.material_content(mid)


# -- who may add --------------------------------------------------------------------------------------

def test_a_county_adds_until_its_screening_is_recorded(ws, city):
    open_ = unscreened(city)
    app_id = int(open_.index[0])
    county = ws.session(SESSION_ID, Actor.county(open_.at[app_id, "county"]))
    [mid] = county.add_materials(app_id, [("补充合作协议.png", PNG + b"1")])
    assert county.add_materials(app_id, [("again.png", PNG + b"1")]) == []          # same content: kept once
    assert county.materials_frame(app_id).at[mid, "kind"] == "agreement"
    county.record_screening(app_id, "passed")
    with pytest.raises(AccessDenied, match="initial screening"):
        county.add_materials(app_id, [("late.png", PNG + b"2")])
    screened = city.screening_frame()
    other = screened[(screened["county"] != open_.at[app_id, "county"])].index[0]
    with pytest.raises(NotFound):
        county.add_materials(int(other), [("x.png", PNG + b"3")])
    with pytest.raises(AccessDenied):
        ws.session(SESSION_ID, Actor.expert(1, "专家")).add_materials(app_id, [("x.png", PNG + b"4")])


def test_the_folder_import_is_all_or_nothing_and_names_each_problem(ws, city, tmp_path):
    apps = city.applications_frame()
    a, b = apps.index[:2]
    good = tmp_path / "hand-over"
    (good / apps.at[a, "credit_code"]).mkdir(parents=True)
    (good / apps.at[a, "credit_code"] / "商标注册证.png").write_bytes(PNG + b"import-a")
    (good / apps.at[b, "credit_code"]).mkdir()
    (good / apps.at[b, "credit_code"] / "说明.exe").write_bytes(b"MZ")
    (good / "91210000XXXXXXXXXX").mkdir()
    before = len(city.materials_frame())
    with pytest.raises(InputRejected) as e:
        city.import_materials(good)
    table = e.value.table("zh")
    assert len(table) == 2 and "类型不允许" in " ".join(table["问题"]) and "统一社会信用代码" in " ".join(table["问题"])
    assert len(city.materials_frame()) == before
    (good / apps.at[b, "credit_code"] / "说明.exe").unlink()
    (good / "91210000XXXXXXXXXX").rmdir()
    added = city.import_materials(good)
    assert list(added) == [int(a)] and len(added[int(a)]) == 1
    assert city.import_materials(good) == {int(a): []}                                 # idempotent


def test_the_cli_adds_imports_and_lists(ws, city, tmp_path):
    app_id = int(city.applications_frame().index[2])
    f = tmp_path / "营业执照副本.png"
    f.write_bytes(PNG + b"cli")
    run = lambda *args: CliRunner().invoke(cli, ["-w", str(ws.root), *args])  # noqa: E731
    r = run("materials", "add", SESSION_ID, str(app_id), str(f))
    assert r.exit_code == 0 and "已添加 1 个文件" in r.output
    r = run("materials", "list", SESSION_ID, "--application", str(app_id))
    assert r.exit_code == 0 and "营业执照副本.png" in r.output and "类别" in r.output and "页数" in r.output
    bad = tmp_path / "a.exe"
    bad.write_bytes(b"MZ")
    r = run("materials", "add", SESSION_ID, str(app_id), str(bad))
    assert r.exit_code != 0 and "类型不允许" in r.output
