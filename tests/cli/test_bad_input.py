"""The bad-input table: every case a new user met, as the command line answers it now —
one line in the user's language (or a problem table), a distinct exit code, no traceback, nothing
written. Each row: the arguments, the exit code, a piece of the message.

Placeholders in arguments: {tmp} is a scratch folder, {ws} the workspace."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from panel_toolkit import errors
from panel_toolkit.cli import edge
from panel_toolkit.cli.main import cli

ZWSP = "\u200b"

CASES = [
    # ids: out of range (was OverflowError), zero, not a number
    ("id-overflow", ["screening", "2024", "99999999999999999999", "--pass"], 70, "APPLICATION_ID 应在 1–9223372036854775807 之间"),
    ("id-zero", ["directory", "show", "0"], 70, "ENTRY_ID 应在 1–"),
    ("id-text", ["objection", "decide", "2024", "abc", "--upheld", "--reason", "x"], 70, "应为整数"),
    # counts that would exhaust memory (was MemoryError)
    ("boot-absurd", ["sensitivity", "2024", "--boot", "1000000000000"], 70, "--boot 应在 1–100000 之间"),
    # ports (was: printed 99999, listened on a random port)
    ("port-high", ["serve", "--port", "99999"], 70, "--port 应在 1–65535 之间"),
    ("port-zero", ["demo", "--no-serve", "--dir", "{tmp}/demo", "--port", "0"], 70, "--port"),
    # counties: exact after normalisation, else the list (was: an empty table and exit 0)
    ("county-unknown", ["--county", "盖州", "status", "2024"], 71, "未知县(市)区 “盖州”，可选：站前区、"),
    ("county-look-alike", ["--county", "盖洲市", "status", "2024"], 71, "可选："),
    ("county-directory", ["--county", "沈阳市", "directory", "list"], 71, "未知县(市)区"),
    # session ids: a name, never a path
    ("session-dotdot", ["status", "../2024"], 72, "不能是路径"),
    ("session-absolute", ["session", "show", "/etc"], 72, "不能是路径"),
    ("session-import", ["import", "..", "{tmp}/empty.csv"], 72, "评审批次编号"),
    # --db: unknown scheme, missing folder, not a database, a folder
    ("db-scheme", ["--db", "mysql://u@h/db", "status", "2024"], 73, "不支持的数据库地址类型“mysql”"),
    ("db-missing-folder", ["--db", "{tmp}/no/such/p.db", "status", "2024"], 73, "不存在"),
    ("db-not-a-database", ["--db", "{tmp}/notes.txt", "status", "2024"], 73, "不是 SQLite 数据库文件"),
    ("db-sqlite-url-folder", ["--db", "sqlite:///{tmp}", "status", "2024"], 73, "是文件夹"),
    # output paths: missing folder, a file as folder, a folder as file, wrong or mismatched extension
    ("out-missing-folder", ["screen", "2024", "--format", "xlsx", "--out", "{tmp}/nope/x.xlsx"], 74, "输出文件夹"),
    ("template-unwritable", ["template", "{tmp}/notes.txt/x.xlsx"], 74, "是文件，不是文件夹"),
    ("template-is-folder", ["template", "{tmp}/folder.xlsx"], 74, "是文件夹"),
    ("out-exe", ["aggregate", "2024", "--out", "{tmp}/x.exe"], 74, "扩展名“.exe”不可用"),
    ("out-mismatch", ["screen", "2024", "--format", "json", "--out", "{tmp}/x.csv"], 74, "扩展名应为 .json"),
    # free text: control characters and NUL refused, length limited (as the Excel import checks cells)
    ("text-control", ["screening", "2024", "1", "--reject", "--reason", "理由\x01"], 76, "控制字符 U+0001"),
    ("text-one-line", ["removal", "add", "2024", "--credit-code", "x", "--unit", "甲\n乙", "--brand", "b",
                       "--decided-on", "2024-01-01", "--ground", "第二十条(四)"], 76, "此项只能写一行"),
    ("text-too-long", ["screening", "2024", "1", "--reject", "--reason", "长" * 2001], 76, "超过上限 2000 字"),
    # imports: empty file, oversized file (checked before reading)
    ("import-empty-csv", ["import", "2024", "{tmp}/empty.csv"], 2, "文件是空的"),
    ("import-too-large", ["import", "2024", "{tmp}/junk.csv"], 75, "超过导入上限 20 MB，未读取"),
]


@pytest.fixture
def scratch(tmp_path):
    tmp = tmp_path / "scratch"
    tmp.mkdir()
    (tmp / "empty.csv").write_bytes(b"")
    (tmp / "notes.txt").write_text("not a database", "utf-8")
    (tmp / "folder.xlsx").mkdir()
    with (tmp / "junk.csv").open("wb") as f:  # 21 MB of junk; must be refused before it is read
        f.truncate(21 * 1024 * 1024)
    return tmp


@pytest.fixture
def run(workspace_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("PANEL_TOOLKIT_CRASH_DIR", str(tmp_path))

    def invoke(*args, lang="zh"):
        return CliRunner().invoke(cli, ["-w", str(workspace_dir), "--lang", lang, *args])

    return invoke


@pytest.mark.parametrize("name,args,code,message", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gets_one_clear_answer(run, scratch, workspace_dir, name, args, code, message):
    before = sorted(p.name for p in scratch.iterdir())
    r = run(*(a.format(tmp=scratch, ws=workspace_dir) for a in args))
    assert r.exit_code == code, r.output
    assert message in r.output
    assert "Traceback" not in r.output and r.exception is None or isinstance(r.exception, SystemExit)
    assert sorted(p.name for p in scratch.iterdir()) == before  # nothing written, not even a partial file
    assert not (workspace_dir / "panel.db").exists() or code in (2, 71, 75, 76)  # refused before the store opened


def test_each_case_is_also_english(run, scratch):
    r = run("--county", "盖州", "status", "2024", lang="en")
    assert r.exit_code == 71 and "unknown county '盖州'; one of: 站前区" in r.output
    r = run("--db", "mysql://u@h/db", "status", "2024", lang="en")
    assert r.exit_code == 73 and "unsupported database scheme 'mysql'" in r.output


def test_invisible_characters_and_full_width_spaces_still_name_the_county(run):
    for spelled in (f"盖州{ZWSP}市", "盖州市\u3000", " 盖州市", "\ufeff盖州市"):
        r = run("--county", spelled, "status", "2024")
        assert r.exit_code == 0, (spelled, r.output)


def test_exit_codes_of_the_new_errors_are_distinct_and_in_range():
    new = [errors.InvalidArgument, errors.UnknownCounty, errors.InvalidSessionId, errors.StoreUnavailable,
           errors.InvalidOutput, errors.FileTooLarge, errors.InvalidText]
    codes = [c.exit_code for c in new] + [edge.OS_ERROR, edge.OUT_OF_MEMORY, edge.OVERFLOW, edge.DATABASE,
                                          edge.WORKBOOK, edge.YAML, edge.ENCODING, edge.CRASH]
    assert len(set(codes)) == len(codes) and all(70 <= c <= 89 for c in codes)


def _raise(exc):
    def boom(*_a, **_k):
        raise exc
    return boom


def _yaml_error():
    import yaml

    try:
        yaml.safe_load("a: [")
    except yaml.YAMLError as e:
        return e


def _db_error():
    import sqlalchemy as sa

    return sa.exc.OperationalError("SELECT 1", {}, Exception("database is locked"))


def _workbook_error():
    from openpyxl.utils.exceptions import InvalidFileException

    return InvalidFileException("bad")


# The classes of exception a command can meet from below the domain: each one line and its own code.
CLASSES = [
    ("os-permission", lambda: PermissionError(13, "Permission denied", "/srv/x.xlsx"), 80, "文件 /srv/x.xlsx：没有权限"),
    ("os-missing", lambda: FileNotFoundError(2, "No such file", "/srv/y.csv"), 80, "文件 /srv/y.csv：不存在"),
    ("memory", MemoryError, 81, "内存不足"),
    ("overflow", lambda: OverflowError("Python int too large to convert to SQLite INTEGER"), 82, "数值过大"),
    ("database", _db_error, 83, "数据库错误：database is locked"),
    ("workbook", _workbook_error, 84, "Excel 文件无法读写"),
    ("yaml", _yaml_error, 85, "YAML 文件格式错误"),
    ("encoding", lambda: UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"), 86, "编码"),
]


@pytest.mark.parametrize("name,make,code,message", CLASSES, ids=[c[0] for c in CLASSES])
def test_every_exception_class_is_one_line_with_its_code(run, monkeypatch, name, make, code, message):
    from panel_toolkit.facade import Session

    monkeypatch.setattr(Session, "screening_frame", _raise(make()))
    r = run("status", "2024")
    assert r.exit_code == code, r.output
    assert message in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_an_unexpected_error_writes_a_crash_report_not_a_traceback(run, monkeypatch, tmp_path):
    from panel_toolkit.facade import Session

    monkeypatch.setattr(Session, "screening_frame", _raise(RuntimeError("something odd")))
    r = run("status", "2024")
    assert r.exit_code == edge.CRASH
    [line] = r.output.strip().splitlines()
    assert "意外错误（RuntimeError）" in line and "Traceback" not in line
    [report] = tmp_path.glob("panel-toolkit-crash-*.txt")
    assert str(report) in line
    text = report.read_text("utf-8")
    assert "Traceback" in text and "something odd" in text


def test_a_malformed_session_file_is_one_line(run, workspace_dir):
    (workspace_dir / "sessions" / "2024" / "session.yaml").write_text("id: [\n", "utf-8")
    r = run("status", "2024")
    assert r.exit_code in (errors.ConfigError.exit_code, edge.YAML), r.output
    assert "session.yaml" in r.output and "Traceback" not in r.output


def test_more_than_200_problems_are_cut_and_saved_next_to_the_input(run, tmp_path, valid_row):
    import csv

    rows = [valid_row(trained_y1="很多", in_trade_y1="不少") for _ in range(150)]  # two problems per row at least
    path = tmp_path / "盖州市.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(list(rows[0]))
        w.writerows([["" if v is None else v for v in r.values()] for r in rows])
    r = run("import", "2024", str(path))
    assert r.exit_code == errors.InputRejected.exit_code
    saved = tmp_path / "盖州市.问题清单.csv"
    assert saved.exists()
    with saved.open(encoding="utf-8-sig") as f:
        listed = list(csv.reader(f))[1:]
    assert len(listed) >= 300
    assert f"另有 {len(listed) - 200} 个问题，完整清单已写入 {saved}" in r.output
    assert len(r.output.splitlines()) < 210   # 200 problems, the header, the message and the "另有" line
