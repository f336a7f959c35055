"""Evidence files (佐证材料) kept with a score sheet: limits, type sniffing and safe storage names.

The limits are session settings (``evidence:`` in session.yaml, policy defaults in
:data:`panel_toolkit.config.session.EVIDENCE_LIMITS`); the constants below are those defaults.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from ..config.session import EVIDENCE_LIMITS
from ..errors import InvalidState

#: Default largest file, in bytes (a phone photo or a multi-page scan).
MAX_BYTES = EVIDENCE_LIMITS.max_bytes
#: Default most files kept with one sheet (removed files do not count).
MAX_FILES_PER_SHEET = EVIDENCE_LIMITS.max_files
#: Allowed types: extension → media type. The content must match (magic bytes), not just the name.
ALLOWED = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".pdf": "application/pdf"}
_MAGIC = {"image/jpeg": (b"\xff\xd8\xff",), "image/png": (b"\x89PNG\r\n\x1a\n",), "application/pdf": (b"%PDF-",)}
#: Folder of a workspace holding the files, one subfolder per sheet id.
FOLDER = "evidence"


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    media_type: str
    size: int
    sha256: str
    stored_name: str


def check_file(filename: str, content: bytes, max_bytes: int = MAX_BYTES) -> CheckedFile:
    """Refuse a file that is empty, too large, not jpg/png/pdf, or whose content is not what its name says."""
    name = clean_filename(filename)
    ext = PurePath(name).suffix.lower()
    allowed = "、".join(sorted({e.lstrip('.') for e in ALLOWED}))
    if ext not in ALLOWED:
        raise InvalidState(f"文件“{name}”的类型不允许；只能上传 {allowed} 文件。",
                           f"{name}: file type not allowed; upload {allowed.replace('、', ', ')} files only.")
    size = len(content)
    if size == 0:
        raise InvalidState(f"文件“{name}”是空文件。", f"{name} is empty.")
    if size > max_bytes:
        raise InvalidState(f"文件“{name}”大小 {size / 1048576:.1f} MB，超过上限 {max_bytes / 1048576:g} MB，请压缩后再上传。",
                           f"{name} is {size / 1048576:.1f} MB, above the {max_bytes / 1048576:g} MB limit; compress it first.")
    media = ALLOWED[ext]
    if not content.startswith(_MAGIC[media]):
        raise InvalidState(f"文件“{name}”的内容与扩展名 {ext} 不符。", f"{name}: the content is not a {ext} file.")
    digest = hashlib.sha256(content).hexdigest()
    return CheckedFile(name, media, size, digest, f"{digest[:16]}{ext}")


def clean_filename(filename: str) -> str:
    """The uploaded name without any folder part or control characters (shown to people, never used as a path)."""
    name = PurePath(str(filename).replace("\\", "/")).name
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C").strip()
    name = re.sub(r"\s+", " ", name)[:120]
    return name or "file"
