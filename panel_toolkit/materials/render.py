"""PDF pages and images as PNG for the in-page viewer, rendered on the server (nothing from the internet).

pypdfium2 (PDFium as a pip wheel) opens the PDF and renders one page at a time; Pillow encodes it.
"""
from __future__ import annotations

import io

from ..files.messages import refusal
from ..files.pdf import open_pdf, page_count

__all__ = ["BASE_SCALE", "ZOOMS", "page_count", "pdf_page_png"]

#: Rendering scale at zoom 1 (72 dpi × 1.4 ≈ a readable A4 page on a laptop); zoom multiplies it.
BASE_SCALE = 1.4
ZOOMS = (0.6, 0.8, 1.0, 1.25, 1.5, 2.0, 2.5)


def pdf_page_png(content: bytes, page: int, zoom: float = 1.0, name: str = "") -> bytes:
    """Page ``page`` (0-based) of a PDF as PNG bytes at ``zoom``."""
    doc = open_pdf(content, name)
    try:
        if not 0 <= page < len(doc):
            raise refusal("pdf_no_page", name=name, page=page + 1)
        bitmap = doc[page].render(scale=BASE_SCALE * zoom)
        buf = io.BytesIO()
        bitmap.to_pil().save(buf, format="PNG", optimize=False, compress_level=1)
        return buf.getvalue()
    finally:
        doc.close()
