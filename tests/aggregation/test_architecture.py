"""The aggregation core is plain numpy/pandas: it imports no widget, plot or progress-bar library."""
from __future__ import annotations

import subprocess
import sys

MODULES = ["panel_toolkit.aggregation", "panel_toolkit.aggregation.sensitivity", "panel_toolkit.aggregation.paper",
           "panel_toolkit.aggregation.export", "panel_toolkit.facade.aggregation", "panel_toolkit.demo.scores"]
BLOCKER = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('ipywidgets', 'plotly', 'voila', 'IPython', 'matplotlib', 'tqdm', 'scipy'):
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Block())
"""


def test_aggregation_imports_no_widgets_plots_or_progress_bars():
    code = BLOCKER + "".join(f"import {m}\n" for m in MODULES) + "print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
