"""Opening a PDF with pypdfium2 (PDFium as a pip wheel): counting pages when a file is checked, rendering
them for the in-page viewer (:mod:`panel_toolkit.materials.render`)."""
from __future__ import annotations

from .messages import refusal


def open_pdf(content: bytes, name: str = ""):
    """A ``pypdfium2.PdfDocument`` (close it), or InvalidState naming the file if PDFium cannot open it."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(content)
    except pdfium.PdfiumError:
        raise refusal("pdf_unreadable", name=name) from None


def page_count(content: bytes, name: str = "") -> int:
    doc = open_pdf(content, name)
    try:
        return len(doc)
    finally:
        doc.close()
