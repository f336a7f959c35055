"""The panel core is plain Python + pandas/numpy: it imports no widget or plot library."""
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
"""


def test_panel_core_imports_no_widgets_or_plots():
    modules = ["panel_toolkit.panel", "panel_toolkit.panel.sample", "panel_toolkit.panel.template",
               "panel_toolkit.facade.panel", "panel_toolkit.cli.panel"]
    code = BLOCKER + "".join(f"import {m}\n" for m in modules) + "print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
