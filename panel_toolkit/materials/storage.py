"""Content-addressed storage of material files: ``<workspace>/materials/<sha[:2]>/<sha256>``.

The same file handed in twice is stored once; a file changed on disk no longer matches its name and is
refused when read. The writing and reading are the one file store's (:class:`panel_toolkit.files.store.ContentStore`).
"""
from __future__ import annotations

from pathlib import Path

from ..files.store import ContentStore

FOLDER = "materials"


class MaterialStore(ContentStore):
    def __init__(self, root: Path):
        super().__init__(root, FOLDER, "material")
