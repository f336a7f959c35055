"""Files people attach: one upload checker (:mod:`.uploads`) and one file store (:mod:`.store`) for the
evidence kept with a score sheet (佐证材料) and the application materials (申报材料).

Plain Python (PDF pages are counted with pypdfium2): no store, facade or widget is imported here; the facade
decides who may upload and records the rows, this package decides what a file may be and how its bytes are kept.
"""
from .store import ContentStore, FolderStore, write_atomic
from .uploads import TYPES, CheckedUpload, FileType, UploadRule, check_upload

__all__ = ["TYPES", "CheckedUpload", "ContentStore", "FileType", "FolderStore", "UploadRule", "check_upload",
           "write_atomic"]
