"""Every export command, with hostile values in every text field, and the files inspected.

The values start with a formula character and carry markup. They enter the way they could in real use:
typed on the command line (objections, reasons, notes, directory fields: stored as typed), and, for the
application and expert fields the importers refuse, written straight into the store as older data or
a database edit would. Every xlsx cell is then read back with openpyxl (no formula cells, no text that
starts like a formula, local times without zones), every CSV cell likewise, every HTML file is parsed
(no element came from the data), Markdown and Word keep the text literal.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from panel_toolkit import Workspace
from panel_toolkit.cli.main import cli
from panel_toolkit.demo import build_demo
from panel_toolkit.demo.experts import add_demo_panel
from panel_toolkit.demo.scores import fill_scores
from panel_toolkit.intake import creditcode
from panel_toolkit.intake.fields import FIELDS
from panel_toolkit.store import schema as t
from panel_toolkit.store.tables.directory import directory_entries

from ..notice.builders import CONFIRMED_ON, CONTACT, edit_session

FORMULA = ("=", "+", "-", "@")
ATTACKS = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://x\")"]
MARKUP = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def hostile(i: int, original: str = "") -> str:
    return f"{ATTACKS[i % len(ATTACKS)]}{MARKUP}{original}"


def run(root: Path, *args) -> object:
    r = CliRunner().invoke(cli, ["-w", str(root), *map(str, args)])
    assert r.exit_code == 0, (args, r.output)
    return r


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "ws"
    build_demo(root)
    edit_session(root, contact={**CONTACT, "unit": hostile(0, CONTACT["unit"])})
    text_fields = [f.key for f in FIELDS if f.kind == "text" and f.key in t.applications.c]
    ws = Workspace(root)
    try:
        with ws.store.write() as conn:  # data the importers would refuse: as if typed in before the checks
            for i, (aid, *values) in enumerate(conn.execute(sa.select(t.applications.c.id, *(
                    t.applications.c[k] for k in text_fields))).all()):
                conn.execute(t.applications.update().where(t.applications.c.id == aid).values(
                    {k: hostile(i + j, v or "") for j, (k, v) in enumerate(zip(text_fields, values))}))
    finally:
        ws.close()
    add_demo_panel(root)
    run(root, "conflict", "add", "demo", "--expert", 1, "--application", 1, "--reason", hostile(2, "亲属"))
    run(root, "scores", "template", "demo", root / "scores-template.xlsx")  # every sheet still open
    ws = Workspace(root)
    try:
        with ws.store.write() as conn:
            for i, (eid, name, employer, field) in enumerate(conn.execute(sa.select(
                    t.experts.c.id, t.experts.c.name, t.experts.c.employer, t.experts.c.field)).all()):
                conn.execute(t.experts.update().where(t.experts.c.id == eid).values(
                    name=hostile(i, name), employer=hostile(0, employer), field=hostile(i + 1, field or "")))
        s = ws.session("demo")
        fill_scores(s, seed=1)
        v = s.vetoes_frame()
        for i, (app, veto) in enumerate(v[["application_id", "veto_id"]].drop_duplicates().itertuples(index=False)):
            s.dismiss_veto(int(app), veto, hostile(i, "经复核已整改"))
        with ws.store.write() as conn:
            conn.execute(t.score_items.update().values(comment=hostile(3, "意见")))
        s.confirm_proposed_list(decided_on=CONFIRMED_ON)
        proposed = s.confirmed_list().query("conclusion == 'proposed'").sort_values("rank")["application_id"].tolist()
    finally:
        ws.close()
    run(root, "notice", "demo", "--publish-date", "2026-09-30")
    run(root, "objection", "add", "demo", proposed[0], "--by", hostile(1, "张某"), "--content", hostile(2, "存疑"),
        "--contact", hostile(3), "--received-at", "2026-10-09 10:00")
    run(root, "objection", "investigate", "demo", 1, "--note", hostile(4, "已核实"))
    run(root, "objection", "decide", "demo", 1, "--not-upheld", "--reason", hostile(0, "不成立"))
    run(root, "recognise", "demo", "--date", "2026-10-20")
    code = creditcode.make("91210881000000001")
    r = run(root, "directory", "register", "--credit-code", code, "--unit", hostile(0), "--brand", hostile(1),
        "--county", "盖州市", "--recognised-on", "2020-01-01", "--certificate", hostile(0), "--industry", hostile(2),
        "--note", hostile(3))
    entry = int(re.search(r"目录编号 (\d+)", r.output).group(1))
    run(root, "directory", "event", entry, "remove", "--ground", "20(4)", "--date", "2024-01-01", "--note", hostile(4))
    return root


def _application(root: Path) -> int:
    ws = Workspace(root)
    try:
        return int(ws.session("demo").confirmed_list().query("conclusion == 'proposed'")["application_id"].iloc[0])
    finally:
        ws.close()


# -- inspections ---------------------------------------------------------------------------------------

def check_xlsx(path: Path) -> list[str]:
    texts = []
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        assert len(ws.title) <= 31
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (path.name, ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    assert not c.value.startswith(FORMULA), (path.name, ws.title, c.coordinate, c.value)
                    texts.append(c.value)
                if isinstance(c.value, dt.datetime):
                    assert c.value.tzinfo is None
    return texts


def _number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def check_csv(text: str) -> list[str]:
    cells = [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]
    for cell in cells:
        assert not cell.startswith(FORMULA) or _number(cell), cell
        assert "+00:00" not in cell
    return cells


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def check_html(text: str) -> str:
    p = _Elements()
    p.feed(text)
    assert not [tag for tag, _ in p.tags if tag in ("script", "img", "iframe")], "markup from the data became elements"
    assert not [a for _, attrs in p.tags for a in attrs if a.startswith("on")]
    return "".join(p.text)


def check_json(text: str) -> str:
    json.loads(text)
    assert "+00:00" not in text
    return text


def _docx_text(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for table in d.tables for row in table.rows for c in row.cells]
    return "\n".join(parts)


# -- every export command -------------------------------------------------------------------------------

# (args with {out} for the file, format of the file); commands printing to stdout have no {out}.
TABLES = [
    ("screen", ["screen", "demo", "--format", "{fmt}", "--out", "{out}"], ("csv", "json", "xlsx")),
    ("scores", ["scores", "list", "demo", "--format", "{fmt}", "--out", "{out}"], ("csv", "json", "xlsx")),
    ("aggregate", ["aggregate", "demo", "--format", "{fmt}", "--out", "{out}"], ("csv", "json", "xlsx")),
    ("published", ["directory", "published", "--format", "{fmt}", "--out", "{out}"], ("csv", "json", "xlsx")),
    ("objections", ["objection", "list", "demo", "--format", "{fmt}", "--out", "{out}"], ("csv", "json", "xlsx")),
    ("recognised", ["recognised", "demo", "--format", "{fmt}", "--out", "{out}"],
     ("csv", "json", "xlsx", "html", "md", "docx")),
    ("notice", ["notice", "demo", "--out", "{out}"], ("html", "md", "docx")),
    ("experts", ["experts", "list", "demo", "--format", "{fmt}", "--out", "{out}"], ("csv", "json", "xlsx")),
    ("conflicts", ["conflict", "list", "demo", "--format", "{fmt}", "--out", "{out}"], ("csv", "json", "xlsx")),
    ("assignments", ["assignments", "demo", "--format", "{fmt}", "--out", "{out}"], ("csv", "json", "xlsx")),
    ("links", ["links", "demo", "--base-url", "https://x.example/app", "--reissue", "--format", "{fmt}", "--out", "{out}"],
     ("csv", "xlsx")),
]
STDOUT = [
    ("flags", ["flags", "demo", "--format", "{fmt}"], ("csv", "json")),
    ("reliability", ["reliability", "demo", "--format", "{fmt}"], ("csv", "json")),
    ("sensitivity", ["sensitivity", "demo", "--boot", "20", "--format", "{fmt}"], ("csv", "json")),
    ("confirmed", ["confirmed", "demo", "--format", "{fmt}"], ("csv", "json")),
    ("screen-stdout", ["screen", "demo", "--format", "{fmt}"], ("csv", "json")),
    ("published-stdout", ["directory", "published", "--format", "{fmt}"], ("csv", "json")),
]
NO_TEXT = {"scores"}  # ids, items, numbers and verdict keys only: nothing typed by a person
FILE_CASES = [(name, args, fmt) for name, args, fmts in TABLES for fmt in fmts]
STDOUT_CASES = [(name, args, fmt) for name, args, fmts in STDOUT for fmt in fmts]


def inspect(path: Path, fmt: str) -> str:
    if fmt == "xlsx":
        return "\n".join(check_xlsx(path))
    if fmt == "docx":
        return _docx_text(path)
    text = path.read_text("utf-8-sig")
    return {"csv": lambda: "\n".join(check_csv(text)), "json": lambda: check_json(text),
            "html": lambda: check_html(text), "md": lambda: text}[fmt]()


@pytest.mark.parametrize("name,args,fmt", FILE_CASES, ids=[f"{n}-{f}" for n, _, f in FILE_CASES])
def test_every_file_export_is_safe(root, tmp_path, name, args, fmt):
    out = tmp_path / f"{name}.{fmt}"
    run(root, *(a.format(fmt=fmt, out=out) for a in args))
    text = inspect(out, fmt)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]   # no temporary file left behind
    if fmt in ("xlsx", "csv") and name not in NO_TEXT:
        assert any(f"'{a}<script>" in text for a in ATTACKS), \
            f"{name}: no hostile value reached the export, so the test checks nothing"
    elif fmt == "md":
        assert MARKUP not in text and "\\<script\\>" in text
    elif fmt in ("html", "docx"):
        assert "<script>alert(1)</script>" in text   # as text, not as an element (check_html)


@pytest.mark.parametrize("name,args,fmt", STDOUT_CASES, ids=[f"{n}-{f}" for n, _, f in STDOUT_CASES])
def test_every_stdout_export_is_safe(root, name, args, fmt):
    r = run(root, *(a.format(fmt=fmt) for a in args))
    (check_csv if fmt == "csv" else check_json)(r.stdout)


def test_the_scores_template_is_safe(root):
    texts = check_xlsx(root / "scores-template.xlsx")
    assert any(x.startswith("'=cmd") for x in texts)


def test_the_index_and_the_headers_are_neutralised_too(root, tmp_path):
    """The certificate number is the published list's index: the index is neutralised like any cell."""
    out = tmp_path / "p.xlsx"
    run(root, "directory", "published", "--format", "xlsx", "--out", out)
    ws = openpyxl.load_workbook(out).active
    assert ws["A2"].value == "'" + hostile(0) and ws["A2"].data_type == "s"


def test_objection_times_are_local_wall_clock_times(root, tmp_path):
    out = tmp_path / "o.xlsx"
    run(root, "objection", "list", "demo", "--format", "xlsx", "--out", out)
    ws = openpyxl.load_workbook(out).active
    times = [c.value for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, dt.datetime)]
    assert dt.datetime(2026, 10, 9, 10, 0) in times


def _removed_entry(root: Path) -> int:
    """The directory entry registered with hostile fields and then removed (the last one registered)."""
    ws = Workspace(root)
    try:
        with ws.store.read() as conn:
            return conn.execute(sa.select(sa.func.max(directory_entries.c.id))).scalar_one()
    finally:
        ws.close()


#: The official documents (html, docx and pdf from --out's suffix); each carries hostile values: the
#: announcement the session's contact unit, the event document and the public list the removed entry's
#: unit and brand, the plaque the application's unit and brand.
DOCUMENTS = [
    ("announcement", lambda root: ["document", "announcement", "demo", "--date", "2026-06-01"]),
    ("event", lambda root: ["document", "event", _removed_entry(root)]),
    ("public-list", lambda root: ["document", "public-list", "--date", "2026-11-01"]),
    ("plaque", lambda root: ["document", "plaque", "demo", _application(root)]),
]
DOCUMENT_CASES = [(name, args, fmt) for name, args in DOCUMENTS for fmt in ("html", "docx")]


@pytest.mark.parametrize("name,args,fmt", DOCUMENT_CASES, ids=[f"document-{n}-{f}" for n, _, f in DOCUMENT_CASES])
def test_every_document_is_safe(root, tmp_path, name, args, fmt):
    out = tmp_path / f"{name}.{fmt}"
    run(root, *args(root), "--out", out)
    text = inspect(out, fmt)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]
    assert "<script>alert(1)</script>" in text, f"{name}: no hostile value reached the document"


def test_a_pdf_document_shows_the_markup_as_text(root, tmp_path):
    """One PDF (Chromium prints the escaped HTML): the markup is printed as text, so it never ran."""
    import subprocess

    out = tmp_path / "event.pdf"
    run(root, "document", "event", _removed_entry(root), "--out", out)
    assert out.read_bytes().startswith(b"%PDF") and [p.name for p in tmp_path.iterdir()] == [out.name]
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "<script>alert(1)</script>" in re.sub(r"\s+", "", text)


def test_certificate_html_is_escaped(root, tmp_path):
    out = tmp_path / "c.html"
    run(root, "certificate", "demo", _application(root), "--out", out)
    assert "<script>alert(1)</script>" in check_html(out.read_text("utf-8"))


def test_a_failed_export_leaves_no_partial_file(root, tmp_path, monkeypatch):
    from panel_toolkit import exports

    out = tmp_path / "x.xlsx"
    out.write_bytes(b"the previous file")

    def broken(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "workbook_bytes", broken)
    r = CliRunner().invoke(cli, ["-w", str(root), "objection", "list", "demo", "--format", "xlsx", "--out", str(out)])
    assert r.exit_code != 0
    assert out.read_bytes() == b"the previous file" and [p.name for p in tmp_path.iterdir()] == ["x.xlsx"]


def test_the_saved_problem_list_is_safe(workspace_dir, tmp_path, valid_row):
    """The full problem list written next to a refused import (more than 200 problems) quotes the bad
    cells: hostile ones stay text."""
    rows = [valid_row(trained_y1=hostile(i), in_trade_y1=hostile(i + 1)) for i in range(120)]
    path = tmp_path / "盖州市.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(list(rows[0]))
        w.writerows([["" if v is None else v for v in r.values()] for r in rows])
    r = CliRunner().invoke(cli, ["-w", str(workspace_dir), "import", "2024", str(path)])
    assert r.exit_code == 2, r.output
    cells = check_csv((tmp_path / "盖州市.问题清单.csv").read_text("utf-8-sig"))
    assert any(c.startswith("'=cmd") for c in cells), "no hostile value reached the problem list"
