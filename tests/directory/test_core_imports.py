"""The directory core and its facade import no widget or plot library (STYLE: the core knows nothing of widgets)."""
from __future__ import annotations

import subprocess
import sys

BLOCKER = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('ipywidgets', 'plotly', 'voila', 'IPython', 'matplotlib', 'traitlets'):
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Block())
import panel_toolkit.directory, panel_toolkit.directory.report, panel_toolkit.facade.directory
from panel_toolkit import Workspace
Workspace.directory
print('ok')
"""


def test_directory_core_imports_no_widgets():
    out = subprocess.run([sys.executable, "-c", BLOCKER], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
