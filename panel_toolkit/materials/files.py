"""What a material file may be: type (by name *and* content), size, page count, and its kind.

PDF, JPG and PNG are opened inside the page; ``.docx`` and ``.xlsx`` are kept for download. The checks are the
one upload checker (:mod:`panel_toolkit.files.uploads`) with the materials rule; the limits come from the session
(``materials:`` in session.yaml, :class:`panel_toolkit.config.session.UploadLimits`).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..config.session import UploadLimits
from ..files.messages import refusal
from ..files.uploads import TYPES as _TYPES
from ..files.uploads import CheckedUpload, UploadRule, check_upload, clean_filename
from ..i18n import pick, text

__all__ = ["KINDS", "TYPES", "VIEWABLE", "CheckedMaterial", "allowed_text", "check_material", "clean_filename",
           "guess_kind", "kind_label", "rule"]

#: extension → media type. The content must match (magic bytes), not just the name.
TYPES = {e: _TYPES[e].media_type for e in (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx")}
#: Types shown inside the page (the others are downloaded).
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
    return pick(lang, zh, en)


@dataclass(frozen=True)
class CheckedMaterial(CheckedUpload):
    """A checked material file: ``pages`` is 1 for an image, 0 for a download-only file; ``kind`` one of KINDS."""

    kind: str = "other"


def rule(limits: UploadLimits) -> UploadRule:
    return UploadRule("material", tuple(TYPES), limits)


def allowed_text(lang: str = "zh") -> str:
    exts = sorted({e.lstrip(".") for e in TYPES})
    return text("common.list_sep", lang).join(exts)


def check_material(filename: str, content: bytes, limits: UploadLimits, kind: str | None = None) -> CheckedMaterial:
    """Refuse a file that is empty, too large, of another type, whose content is not what its name says, or
    a PDF that cannot be opened or has too many pages. Messages name the file and say how to fix it."""
    checked = check_upload(filename, content, rule(limits))
    if kind is not None and kind not in KINDS:
        raise refusal("no_such_kind", kind=kind, kinds=lambda lang: text("common.list_sep", lang).join(KINDS))
    return CheckedMaterial(**vars(checked), kind=kind or guess_kind(checked.filename, checked.media_type))
