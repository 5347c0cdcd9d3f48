"""Official documents in the form of Decree 30/2020/NĐ-CP (Phụ lục I), as data.

A document is an ``OfficialDocument``: the heading (governing and issuing body, number, place and
date), the kind and summary line, body blocks, annexes, the recipients and the signer. It is written
once and rendered three ways by ``word`` and ``web``:

- ``render_docx(doc)`` → bytes of a .docx: A4 portrait, margins 20/20/30/15 mm, Times New Roman,
  body 14 pt, page numbers centred in the header from page 2, annexes as landscape sections;
- ``render_html(doc)`` → an HTML fragment for a page preview (classes ``nd30-*`` in dtbd.css);
- ``render_pdf(doc)`` → bytes of a PDF (WeasyPrint, the same layout).

``party=True`` gives the heading of Party documents (Hướng dẫn 36-HD/VPTW): "ĐẢNG CỘNG SẢN VIỆT
NAM" on the right, the Party body on the left with a star under it.
"""

from apps.documents.nd30.model import (
    DOCX,
    FONT,
    PARTY,
    PDF,
    QUOC_HIEU,
    TIEU_NGU,
    Annex,
    Bullet,
    Cell,
    Heading,
    Image,
    OfficialDocument,
    PageBreak,
    Para,
    Signer,
    Table,
    fmt,
)
from apps.documents.nd30.web import PDF_CSS, font_faces, pdf_layout, render_html, render_pdf
from apps.documents.nd30.word import render_docx

__all__ = [
    "Annex",
    "Bullet",
    "Cell",
    "DOCX",
    "FONT",
    "Heading",
    "Image",
    "OfficialDocument",
    "PARTY",
    "PDF",
    "PDF_CSS",
    "PageBreak",
    "Para",
    "QUOC_HIEU",
    "Signer",
    "TIEU_NGU",
    "Table",
    "fmt",
    "font_faces",
    "pdf_layout",
    "render_docx",
    "render_html",
    "render_pdf",
]
