"""Chinese everywhere in the files the main export commands write (--lang zh, the default): sheet names,
headers and cells of the xlsx, the CSV text, the HTML's visible text and the Word text carry no ASCII word
outside the allow-list of codes and units (tests/browser/test_chinese_everywhere.py)."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest

from panel_toolkit import Workspace
from panel_toolkit.demo import build_demo
from panel_toolkit.demo.experts import add_demo_panel
from panel_toolkit.demo.scores import fill_scores

from ..browser.test_chinese_everywhere import english
from ..notice.builders import CONFIRMED_ON
from .test_hostile_exports import run


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """A demo session taken to recognition: scored, confirmed, published, one objection, recognised."""
    root = tmp_path_factory.mktemp("exports-zh") / "ws"
    build_demo(root)
    add_demo_panel(root)
    ws = Workspace(root)
    try:
        s = ws.session("demo")
        fill_scores(s, seed=1)
        for app, veto in s.vetoes_frame()[["application_id", "veto_id"]].drop_duplicates().itertuples(index=False):
            s.dismiss_veto(int(app), veto, "经复核已整改")
        s.confirm_proposed_list(decided_on=CONFIRMED_ON)
        proposed = s.confirmed_list().query("conclusion == 'proposed'").sort_values("rank")["application_id"].tolist()
    finally:
        ws.close()
    run(root, "notice", "demo", "--publish-date", "2026-09-30")
    run(root, "objection", "add", "demo", proposed[0], "--by", "张某", "--content", "培训人数存疑", "--contact", "电话",
        "--received-at", "2026-10-09 10:00")
    run(root, "objection", "investigate", "demo", 1, "--note", "已核实台账")
    run(root, "objection", "decide", "demo", 1, "--not-upheld", "--reason", "台账与申报一致")
    run(root, "recognise", "demo", "--date", "2026-10-20")
    return root


def text_of(path: Path, fmt: str) -> str:
    if fmt == "xlsx":
        book = openpyxl.load_workbook(path)
        return "\n".join([s.title for s in book.worksheets] + [" ".join(str(v) for v in row if v is not None)
                                                             for s in book.worksheets for row in s.iter_rows(values_only=True)])
    if fmt == "docx":
        import docx

        d = docx.Document(str(path))
        return "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells])
    text = path.read_text("utf-8-sig")
    if fmt == "csv":
        return "\n".join(" ".join(row) for row in csv.reader(io.StringIO(text)))
    body = re.sub(r"<(style|script|head)\b.*?</\1>", " ", text, flags=re.S | re.I)   # what a reader sees
    return re.sub(r"<[^>]+>|&\w+;", " ", body)


EXPORTS = [
    ("aggregate", ["aggregate", "demo", "--format", "{fmt}", "--out", "{out}"], ("xlsx", "csv")),
    ("screen", ["screen", "demo", "--format", "{fmt}", "--out", "{out}"], ("xlsx", "csv")),
    ("notice", ["notice", "demo", "--out", "{out}"], ("html", "docx")),
    ("recognised", ["recognised", "demo", "--format", "{fmt}", "--out", "{out}"], ("xlsx", "csv", "html", "docx")),
    ("published", ["directory", "published", "--format", "{fmt}", "--out", "{out}"], ("xlsx", "csv")),
    ("objections", ["objection", "list", "demo", "--format", "{fmt}", "--out", "{out}"], ("xlsx", "csv")),
]
CASES = [(name, args, fmt) for name, args, fmts in EXPORTS for fmt in fmts]


@pytest.mark.parametrize("name,args,fmt", CASES, ids=[f"{n}-{f}" for n, _, f in CASES])
def test_the_main_exports_have_no_english_word(root, tmp_path, name, args, fmt):
    out = tmp_path / f"{name}.{fmt}"
    run(root, *(a.format(fmt=fmt, out=out) for a in args))
    text = text_of(out, fmt)
    assert re.search(r"[\u4e00-\u9fff]", text), f"{name}.{fmt} has no Chinese at all: the check would mean nothing"
    assert english(text) == set(), f"{name}.{fmt}"
