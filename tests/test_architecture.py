"""The domain core imports no widget or plot library, and CI runs the README's test command."""
from __future__ import annotations

import re
import subprocess
import sys

CORE = ["panel_toolkit", "panel_toolkit.config", "panel_toolkit.intake.fields", "panel_toolkit.intake.validate",
        "panel_toolkit.intake.template", "panel_toolkit.eligibility", "panel_toolkit.store", "panel_toolkit.facade",
        "panel_toolkit.workspace", "panel_toolkit.demo", "panel_toolkit.panel", "panel_toolkit.sheets",
        "panel_toolkit.aggregation", "panel_toolkit.notice", "panel_toolkit.directory", "panel_toolkit.materials"]

BLOCKER = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('ipywidgets', 'plotly', 'voila', 'IPython', 'matplotlib'):
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Block())
"""


def test_core_imports_no_widgets_or_plots():
    code = BLOCKER + "".join(f"import {m}\n" for m in CORE) + "print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_ci_runs_the_readme_test_command(repo):
    readme = (repo / "README.md").read_text("utf-8")
    commands = re.findall(r"```bash\n(.+?)\n```", readme)
    assert len(commands) == 2, "the quick start has exactly two commands"
    assert "tests/run.py" in commands[1]   # pytest on SQLite, then on PostgreSQL
    assert commands[1] in (repo / ".ci" / "run").read_text("utf-8")
