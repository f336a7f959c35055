"""PDF pages and images as PNG for the in-page viewer, rendered on the server (nothing from the internet).

pypdfium2 (PDFium as a pip wheel) opens the PDF and renders one page at a time; Pillow encodes it.
"""
from __future__ import annotations

import io

from ..errors import InvalidState

#: Rendering scale at zoom 1 (72 dpi × 1.4 ≈ a readable A4 page on a laptop); zoom multiplies it.
BASE_SCALE = 1.4
ZOOMS = (0.6, 0.8, 1.0, 1.25, 1.5, 2.0, 2.5)


def _open(content: bytes, name: str = ""):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(content)
    except pdfium.PdfiumError:
        raise InvalidState(f"文件“{name}”不是可打开的 PDF（已损坏或已加密）。",
                           f"{name} is not a PDF that can be opened (damaged or encrypted).") from None


def page_count(content: bytes, name: str = "") -> int:
    doc = _open(content, name)
    try:
        return len(doc)
    finally:
        doc.close()


def pdf_page_png(content: bytes, page: int, zoom: float = 1.0, name: str = "") -> bytes:
    """Page ``page`` (0-based) of a PDF as PNG bytes at ``zoom``."""
    doc = _open(content, name)
    try:
        if not 0 <= page < len(doc):
            raise InvalidState(f"“{name}”没有第 {page + 1} 页。", f"{name} has no page {page + 1}.")
        bitmap = doc[page].render(scale=BASE_SCALE * zoom)
        buf = io.BytesIO()
        bitmap.to_pil().save(buf, format="PNG", optimize=False, compress_level=1)
        return buf.getvalue()
    finally:
        doc.close()
