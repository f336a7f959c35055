"""``python -m panel_toolkit``: the command line, as ``panel-toolkit``."""
from .cli.main import main

main()
