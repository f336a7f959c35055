"""What a material file may be: type (by name *and* content), size, page count, and its kind.

PDF, JPG and PNG are opened inside the page; ``.docx`` and ``.xlsx`` are kept for download. The limits
come from the session (``materials:`` in session.yaml, :class:`panel_toolkit.config.session.UploadLimits`).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from ..config.session import UploadLimits
from ..errors import InvalidState
from ..sheets.evidence import clean_filename

#: extension → media type. The content must match (magic bytes), not just the name.
TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_MAGIC = {"application/pdf": b"%PDF-", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
_ZIP = b"PK\x03\x04"        # .docx and .xlsx are zip packages
VIEWABLE = {"application/pdf", "image/jpeg", "image/png"}

#: Kinds of material, in the order the dossier lists them: id → (zh, en, words in a file name that mean it).
KINDS = {
    "licence": ("营业执照", "Business licence", ("营业执照", "执照", "licence", "license")),
    "training": ("培训台账", "Training ledger", ("培训", "台账", "training")),
    "employment": ("就业台账", "Employment ledger", ("就业", "输出", "employment")),
    "agreement": ("合作协议", "Cooperation agreements", ("协议", "合同", "agreement")),
    "trademark": ("商标注册", "Trademark registration", ("商标", "trademark")),
    "photo": ("照片", "Photos", ("照片", "图片", "photo")),
    "other": ("其他材料", "Other", ()),
}


def guess_kind(filename: str, media_type: str) -> str:
    """The kind a file name says (就业台账 before 培训台账: both say 台账; 培训现场照片 is a photo); photos by type; else other."""
    name = filename.lower()
    for kind in ("licence", "employment", "agreement", "trademark", "photo", "training"):
        if any(w in name for w in KINDS[kind][2]):
            return kind
    return "photo" if media_type.startswith("image/") else "other"


def kind_label(kind: str, lang: str = "zh") -> str:
    zh, en, _ = KINDS.get(kind, KINDS["other"])
    return en if lang == "en" else zh


@dataclass(frozen=True)
class CheckedMaterial:
    filename: str
    media_type: str
    size: int
    sha256: str
    pages: int          # 1 for an image, 0 for a download-only file
    kind: str


def allowed_text(lang: str = "zh") -> str:
    exts = sorted({e.lstrip(".") for e in TYPES})
    return ("、" if lang != "en" else ", ").join(exts)


def check_material(filename: str, content: bytes, limits: UploadLimits, kind: str | None = None) -> CheckedMaterial:
    """Refuse a file that is empty, too large, of another type, whose content is not what its name says, or
    a PDF that cannot be opened or has too many pages. Messages name the file and say how to fix it."""
    name = clean_filename(filename)
    ext = PurePath(name).suffix.lower()
    if ext not in TYPES:
        raise InvalidState(f"文件“{name}”的类型不允许；申报材料只能是 {allowed_text()} 文件。",
                           f"{name}: type not allowed; materials must be {allowed_text('en')} files.")
    size = len(content)
    if size == 0:
        raise InvalidState(f"文件“{name}”是空文件。", f"{name} is empty.")
    if size > limits.max_bytes:
        raise InvalidState(f"文件“{name}”大小 {size / 1048576:.1f} MB，超过 {limits.max_file_mb:g} MB，请压缩后再上传。",
                           f"{name} is {size / 1048576:.1f} MB, above {limits.max_file_mb:g} MB; compress it first.")
    media = TYPES[ext]
    magic = _MAGIC.get(media, _ZIP)
    if not content.startswith(magic):
        raise InvalidState(f"文件“{name}”的内容与扩展名 {ext} 不符。", f"{name}: the content is not a {ext} file.")
    pages = 1 if media.startswith("image/") else 0
    if media == "application/pdf":
        from .render import page_count

        pages = page_count(content, name)
        if pages > limits.max_pages:
            raise InvalidState(f"文件“{name}”有 {pages} 页，超过 {limits.max_pages} 页的上限，请拆分后再上传。",
                               f"{name} has {pages} pages, above the {limits.max_pages}-page limit; split it.")
    if kind is not None and kind not in KINDS:
        raise InvalidState(f"材料类别 {kind} 不存在；可选：{'、'.join(KINDS)}。", f"No material kind {kind}; one of {', '.join(KINDS)}.")
    return CheckedMaterial(name, media, size, hashlib.sha256(content).hexdigest(), pages, kind or guess_kind(name, media))
