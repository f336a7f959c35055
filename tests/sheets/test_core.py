"""The sheet rules, the sheet record, evidence limits and the printable sheet are plain Python: they import
no widget or plot library (the facade and ``scores import`` use them without a kernel)."""
from __future__ import annotations

import subprocess
import sys

BLOCKER = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('ipywidgets', 'plotly', 'voila', 'IPython', 'matplotlib'):
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Block())
import panel_toolkit.sheets, panel_toolkit.sheets.rules, panel_toolkit.sheets.evidence, panel_toolkit.sheets.printable
import panel_toolkit.facade.sheets
print('ok')
"""


def test_sheets_import_no_widgets_or_plots():
    out = subprocess.run([sys.executable, "-c", BLOCKER], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
