"""The one upload checker: what a file people attach may be (type by name *and* content, size, PDF pages).

Evidence kept with a score sheet and application materials differ only in their :class:`UploadRule`: which
types of :data:`TYPES` they take and their limits (session.yaml ``evidence:`` / ``materials:`` blocks,
:class:`panel_toolkit.config.session.UploadLimits`). Every refusal names the file and says how to fix it.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from ..config.session import UploadLimits
from ..i18n import text
from .messages import refusal
from .pdf import page_count

MIB = 1024 * 1024
#: Longest file name kept (characters); a longer one is cut, it is only shown to people.
MAX_NAME_CHARS = 120


@dataclass(frozen=True)
class FileType:
    """One allowed type: its extension, media type, the bytes its content starts with, and its page count
    (``None``: counted in the file — a PDF; 1 for an image; 0 for a download-only file)."""

    ext: str
    media_type: str
    magic: tuple[bytes, ...]
    pages: int | None


_ZIP = (b"PK\x03\x04",)   # .docx and .xlsx are zip packages
#: The type table: extension → type. The content must match (magic bytes), not just the name.
TYPES: dict[str, FileType] = {t.ext: t for t in (
    FileType(".pdf", "application/pdf", (b"%PDF-",), None),
    FileType(".jpg", "image/jpeg", (b"\xff\xd8\xff",), 1),
    FileType(".jpeg", "image/jpeg", (b"\xff\xd8\xff",), 1),
    FileType(".png", "image/png", (b"\x89PNG\r\n\x1a\n",), 1),
    FileType(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP, 0),
    FileType(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP, 0),
)}


@dataclass(frozen=True)
class UploadRule:
    """What one kind of upload may be. ``what`` ("evidence" or "material") picks the wording of the
    refusals that differ between the two (``files.<what>_type``, ``files.<what>_too_large``)."""

    what: str
    extensions: tuple[str, ...]
    limits: UploadLimits

    def types(self) -> dict[str, FileType]:
        return {e: TYPES[e] for e in self.extensions}

    def allowed_text(self, lang: str = "zh") -> str:
        """The allowed extensions for people (``jpeg、jpg、pdf、png``)."""
        return text("common.list_sep", lang).join(sorted({e.lstrip(".") for e in self.extensions}))


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed :func:`check_upload`: its clean name, type, size, SHA-256 and pages."""

    filename: str
    media_type: str
    size: int
    sha256: str
    pages: int

    @property
    def ext(self) -> str:
        return PurePath(self.filename).suffix.lower()


def check_upload(filename: str, content: bytes, rule: UploadRule) -> CheckedUpload:
    """Refuse a file that is empty, too large, of a type ``rule`` does not take, whose content is not what
    its name says, or a PDF that cannot be opened or has more pages than ``rule.limits.max_pages``."""
    name, ftype = check_type(filename, content, rule)
    pages = ftype.pages
    if pages is None:
        pages = page_count(content, name)
        if pages > rule.limits.max_pages:
            raise refusal("too_many_pages", name=name, pages=pages, limit=rule.limits.max_pages)
    return CheckedUpload(name, ftype.media_type, len(content), hashlib.sha256(content).hexdigest(), pages)


def check_type(filename: str, content: bytes, rule: UploadRule) -> tuple[str, FileType]:
    """(clean name, type) of a file whose type, size and magic bytes pass ``rule``; pages are not looked at."""
    name = clean_filename(filename)
    ext = PurePath(name).suffix.lower()
    if ext not in rule.extensions:
        raise refusal(f"{rule.what}_type", name=name, allowed=rule.allowed_text)
    if not content:
        raise refusal("empty", name=name)
    if len(content) > rule.limits.max_bytes:
        raise refusal(f"{rule.what}_too_large", name=name, size_mb=len(content) / MIB, limit_mb=rule.limits.max_bytes / MIB)
    ftype = TYPES[ext]
    if not content.startswith(ftype.magic):
        raise refusal("wrong_content", name=name, ext=ext)
    return name, ftype


def clean_filename(filename: str) -> str:
    """The uploaded name without any folder part or control characters (shown to people, never used as a path)."""
    name = PurePath(str(filename).replace("\\", "/")).name
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C").strip()
    name = re.sub(r"\s+", " ", name)[:MAX_NAME_CHARS]
    return name or "file"

