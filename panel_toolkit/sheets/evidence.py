"""Evidence files (佐证材料) kept with a score sheet: what they may be and where their bytes are kept.

The checks are the one upload checker (:mod:`panel_toolkit.files.uploads`) with the evidence rule: jpg, png
or pdf within the session's ``evidence:`` limits (policy defaults in
:data:`panel_toolkit.config.session.EVIDENCE_LIMITS`); the bytes are kept by the one file store
(:mod:`panel_toolkit.files.store`) in a folder per sheet: ``<workspace>/evidence/<sheet id>/<sha[:16]><ext>``.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from ..config.session import EVIDENCE_LIMITS, UploadLimits
from ..files.store import FolderStore
from ..files.uploads import MIB, TYPES, CheckedUpload, UploadRule, check_type, check_upload, clean_filename

__all__ = ["ALLOWED", "FOLDER", "MAX_BYTES", "MAX_FILES_PER_SHEET", "CheckedFile", "EvidenceStore", "check_evidence",
           "check_file", "clean_filename", "rule"]

#: Default largest file, in bytes (a phone photo or a multi-page scan).
MAX_BYTES = EVIDENCE_LIMITS.max_bytes
#: Default most files kept with one sheet (removed files do not count).
MAX_FILES_PER_SHEET = EVIDENCE_LIMITS.max_files
#: Allowed types: extension → media type. The content must match (magic bytes), not just the name.
ALLOWED = {e: TYPES[e].media_type for e in (".jpg", ".jpeg", ".png", ".pdf")}
#: Folder of a workspace holding the files, one subfolder per sheet id.
FOLDER = "evidence"


@dataclass(frozen=True)
class CheckedFile(CheckedUpload):
    """A checked evidence file; ``stored_name`` is its name in the sheet's folder."""

    @property
    def stored_name(self) -> str:
        return f"{self.sha256[:16]}{self.ext}"


def rule(limits: UploadLimits = EVIDENCE_LIMITS) -> UploadRule:
    return UploadRule("evidence", tuple(ALLOWED), limits)


def check_evidence(filename: str, content: bytes, limits: UploadLimits = EVIDENCE_LIMITS) -> CheckedFile:
    """Refuse a file that is empty, too large, not jpg/png/pdf, whose content is not what its name says, or a
    PDF that cannot be opened or has more than ``limits.max_pages`` pages."""
    return CheckedFile(**vars(check_upload(filename, content, rule(limits))))


def check_file(filename: str, content: bytes, max_bytes: int = MAX_BYTES) -> CheckedFile:
    """Type, size and magic bytes only, as before :func:`check_evidence` (which also opens a PDF and counts its
    pages): kept for callers that pass a byte limit; ``pages`` is 0 for a PDF not looked into."""
    limits = replace(EVIDENCE_LIMITS, max_file_mb=max_bytes / MIB)
    name, ftype = check_type(filename, content, rule(limits))
    return CheckedFile(name, ftype.media_type, len(content), hashlib.sha256(content).hexdigest(), ftype.pages or 0)


class EvidenceStore(FolderStore):
    """The evidence of a workspace: ``<root>/evidence/<sheet id>/<stored name>``."""

    def __init__(self, root: Path):
        super().__init__(root, FOLDER, "evidence")

    def folder(self, sheet_id: int) -> Path:
        return self.root / str(int(sheet_id))

    def put(self, sheet_id: int, checked: CheckedFile, content: bytes) -> Path:
        """Keep the file with the sheet (atomic; the same file twice is stored once)."""
        return self.write(f"{int(sheet_id)}/{checked.stored_name}", content, checked.filename)

    def get(self, sheet_id: int, stored_name: str, filename: str, sha256: str) -> bytes:
        """The kept bytes, checked against the recorded SHA-256; missing, unreadable or altered → InvalidState."""
        return self.read(f"{int(sheet_id)}/{stored_name}", filename, sha256)
