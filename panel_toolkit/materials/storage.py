"""Content-addressed storage of material files: ``<workspace>/materials/<sha[:2]>/<sha256>``.

The same file handed in twice is stored once; a file changed on disk no longer matches its name and is
refused when read.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..errors import InvalidState

FOLDER = "materials"


class MaterialStore:
    def __init__(self, root: Path):
        self.root = Path(root) / FOLDER

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, sha256: str, content: bytes) -> Path:
        target = self.path(sha256)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{sha256}.{os.getpid()}.part")
            tmp.write_bytes(content)
            os.replace(tmp, target)   # atomic: a reader never sees half a file
        return target

    def get(self, sha256: str, filename: str = "") -> bytes:
        try:
            data = self.path(sha256).read_bytes()
        except OSError:
            raise InvalidState(f"材料“{filename}”的文件已丢失。", f"The file of material {filename} is missing.") from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise InvalidState(f"材料“{filename}”已被改动或损坏。", f"Material {filename} was altered or damaged.")
        return data
