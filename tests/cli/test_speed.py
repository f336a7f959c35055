"""A quick CLI: ``--help`` imports no heavy library (the timing itself is benchmarks/bench_cli.py)."""
from __future__ import annotations

import subprocess
import sys


def test_help_imports_neither_pandas_nor_sqlalchemy_nor_openpyxl():
    code = ("import sys\nfrom panel_toolkit.cli.main import cli\n"
            "try:\n    cli(['--help'], prog_name='panel-toolkit')\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('pandas', 'numpy', 'sqlalchemy', 'openpyxl', 'jsonschema', 'yaml', 'jinja2', 'docx',"
            " 'panel_toolkit.facade', 'panel_toolkit.workspace') if m in sys.modules]\n"
            "print(','.join(heavy), file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stderr.strip() == "", f"--help imported {r.stderr.strip()}"
    assert "aggregate" in r.stdout and "directory" in r.stdout   # every command module was still registered


def test_the_cli_spells_the_aggregation_methods_as_the_core_does():
    from panel_toolkit.aggregation.methods import METHODS
    from panel_toolkit.cli import aggregation

    assert aggregation.METHODS == METHODS


def test_help_is_chinese_by_default_and_english_with_lang_en(monkeypatch):
    from click.testing import CliRunner

    from panel_toolkit.cli.main import cli

    monkeypatch.delenv("PANEL_TOOLKIT_LANG", raising=False)
    zh = CliRunner().invoke(cli, ["screen", "--help"])
    assert zh.exit_code == 0 and "第八条资格审查" in zh.output and "写入此文件" in zh.output
    en = CliRunner().invoke(cli, ["--lang", "en", "screen", "--help"])
    assert en.exit_code == 0 and "Eligibility check" in en.output and "写入此文件" not in en.output
    monkeypatch.setenv("PANEL_TOOLKIT_LANG", "en")
    assert "Yingkou labour-service brand review toolkit" in CliRunner().invoke(cli, ["--help"]).output


def test_status_imports_no_migration_tool_no_schema_validator_and_no_ui(workspace_dir, tmp_path):
    """``status`` on a store already at head: no Alembic (the revision check reads the scripts), no
    jsonschema (the same session file passed before), and never a plot or widget library."""
    env = {**__import__("os").environ, "PANEL_TOOLKIT_CACHE": str(tmp_path / "cache")}
    code = ("import sys\nfrom panel_toolkit.cli.main import cli\n"
            f"try:\n    cli(['-w', {str(workspace_dir)!r}, 'status', '2024'], prog_name='panel-toolkit')\n"
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            "heavy = [m for m in ('alembic', 'jsonschema', 'plotly', 'ipywidgets', 'voila', 'docx', 'openpyxl', "
            "'panel_toolkit.widgets', 'panel_toolkit.dashboards') if m in sys.modules]\n"
            "print(','.join(heavy), file=sys.stderr)\n")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert first.returncode == 0, first.stderr   # creates the store (Alembic) and validates (jsonschema)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and r.stderr.strip() == "", f"status imported {r.stderr.strip()}"
