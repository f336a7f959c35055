"""Evidence files (佐证材料) kept with a score sheet: what they may be and where their bytes are kept.

The checks are the one upload checker (:mod:`panel_toolkit.files.uploads`) with the evidence rule: jpg, png
or pdf within the session's ``evidence:`` limits (policy defaults in
:data:`panel_toolkit.config.session.EVIDENCE_LIMITS`); the bytes are kept by the one file store
(:mod:`panel_toolkit.files.store`) in a folder per sheet: ``<workspace>/evidence/<sheet id>/<sha[:16]><ext>``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config.session import EVIDENCE_LIMITS, UploadLimits
from ..files.store import FolderStore
from ..files.uploads import TYPES, CheckedUpload, UploadRule, check_upload, clean_filename

__all__ = ["ALLOWED", "FOLDER", "MAX_BYTES", "MAX_FILES_PER_SHEET", "CheckedFile", "EvidenceStore", "check_evidence",
           "clean_filename", "rule"]

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
