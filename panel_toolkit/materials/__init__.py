"""Application materials (申报材料): the documents a unit hands in with its application (营业执照, 培训台账,
合作协议, photos…), checked, stored by content (SHA-256) and rendered page by page for the experts'
资料评审 (第十二条). Plain Python; PDF pages are rendered with pypdfium2 (a pip wheel, no Debian package)."""
from .files import KINDS, CheckedMaterial, check_material, guess_kind
from .storage import MaterialStore

__all__ = ["KINDS", "CheckedMaterial", "MaterialStore", "check_material", "guess_kind"]
