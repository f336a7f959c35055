"""``removal add|list|correct`` (第二十条): grounds are exactly 第二十条(一)–(六); removals are
listed, and corrected by a new record (never edited) — a corrected removal no longer bans (E7)."""
from __future__ import annotations

from click.testing import CliRunner

from panel_toolkit.cli.main import cli
from panel_toolkit.errors import InvalidState

from .test_cli import fill


def test_grounds_listing_and_correction(workspace_dir, tmp_path, valid_row):
    def run(*args, code=0):
        r = CliRunner().invoke(cli, ["-w", str(workspace_dir), *map(str, args)])
        assert r.exit_code == code, r.output
        return r.output

    row = valid_row()
    path = tmp_path / "a.xlsx"
    run("template", path, "--session", "2024")
    fill(path, [row])
    run("import", "2024", path)
    add = ("removal", "add", "2024", "--credit-code", row["统一社会信用代码"], "--unit", row["建设单位名称"],
           "--brand", row["劳务品牌名称"], "--decided-on", "2022-05-01")
    out = run(*add, "--ground", "第十九条", code=InvalidState.exit_code)
    assert "第二十条第(一)至(六)项之一" in out
    run(*add, "--ground", "第二十条(七)", code=InvalidState.exit_code)
    run(*add, "--ground", "20(4)")
    assert "第二十条(四)" in run("removal", "list", "2024")
    assert "E7 第二十条 不通过" in run("screen", "2024")
    run("removal", "correct", "2024", 1, code=2)                               # --reason is required
    run("removal", "correct", "2024", 1, "--reason", "误录：应为另一单位")
    listed = run("removal", "list", "2024")
    assert "误录：应为另一单位" in listed and "True" in listed                   # kept, marked corrected
    run("removal", "correct", "2024", 1, "--reason", "again", code=InvalidState.exit_code)
    assert "E7 第二十条 不通过" not in run("screen", "2024")
