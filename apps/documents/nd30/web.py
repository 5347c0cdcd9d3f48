"""An ``OfficialDocument`` as an HTML fragment and as a PDF (WeasyPrint, the same layout)."""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

from apps.documents.nd30.model import (
    PARTY,
    QUOC_HIEU,
    TIEU_NGU,
    Bullet,
    Cell,
    Heading,
    Image,
    OfficialDocument,
    PageBreak,
    Para,
    Table,
    fmt,
    is_number,
)


def _e(text: Any) -> str:
    return html.escape(fmt(text))


def render_html(doc: OfficialDocument) -> str:
    """The document as an HTML fragment (a preview on a page; the PDF wraps it)."""
    out: list[str] = ['<article class="nd30">', '<table class="nd30-heading"><tr>']
    if doc.party:
        out.append(f'<td><div>{_e(doc.governing_body or "ĐẢNG BỘ TỈNH")}</div>'
                   f'<div class="b">{_e(doc.issuing_body)}</div><div>*</div><div>{_e(doc.number_line)}</div></td>')
        out.append(f'<td><div class="b u party">{PARTY}</div><div class="i">{_e(doc.date_line)}</div></td>')
    else:
        gov = f"<div>{_e(doc.governing_body)}</div>" if doc.governing_body else ""
        out.append(f'<td>{gov}<div class="b line">{_e(doc.issuing_body)}</div><div>{_e(doc.number_line)}</div></td>')
        out.append(f'<td><div class="b qh">{QUOC_HIEU}</div><div class="b line">{TIEU_NGU}</div>'
                   f'<div class="i">{_e(doc.date_line)}</div></td>')
    out.append("</tr></table>")
    if doc.show_kind:
        out.append(f'<p class="nd30-kind">{_e(doc.kind)}</p>')
    out.append(f'<p class="nd30-summary">{_e(doc.summary)}</p>')
    if doc.addressee:
        out.append(f'<p class="nd30-addressee">{_e(doc.addressee)}</p>')
    out.extend(_html_block(b) for b in doc.blocks)
    recipients = "".join(f"<div>- {_e(r)}</div>" for r in doc.recipients)
    s = doc.signer
    sign = "".join(f'<div class="b">{_e(x)}</div>' for x in (s.authority, s.title, s.deputy_title) if x)
    out.append(f'<table class="nd30-sign"><tr><td><div class="b i">Nơi nhận:</div><div class="small">{recipients}'
               f'</div></td><td>{sign}<div class="space"></div><div class="b">{_e(s.name)}</div></td></tr></table>')
    for annex in doc.annexes:
        cls = "nd30-annex landscape" if annex.landscape else "nd30-annex"
        out.append(f'<section class="{cls}"><p class="nd30-kind">{_e(annex.title)}</p>')
        if annex.subtitle:
            out.append(f'<p class="nd30-summary">{_e(annex.subtitle)}</p>')
        if annex.reference:
            out.append(f'<p class="nd30-ref">{_e(annex.reference)}</p>')
        out.extend(_html_block(b) for b in annex.blocks)
        out.append("</section>")
    out.append("</article>")
    return "\n".join(out)


def _html_block(block: Any) -> str:
    if isinstance(block, Heading):
        return f'<p class="nd30-h{min(block.level, 3)}">{_e(block.text)}</p>'
    if isinstance(block, Para):
        cls = " ".join(x for x in ("nd30-p", "b" if block.bold else "", "i" if block.italic else "",
                                   f"a-{block.align}") if x)
        return f'<p class="{cls}">{_e(block.text)}</p>'
    if isinstance(block, Bullet):
        return f'<p class="nd30-p">{_e(block.mark)} {_e(block.text)}</p>'
    if isinstance(block, Image):
        data = base64.b64encode(block.png).decode()
        caption = f'<figcaption>{_e(block.caption)}</figcaption>' if block.caption else ""
        return f'<figure class="nd30-figure"><img alt="{_e(block.caption)}" src="data:image/png;base64,{data}">{caption}</figure>'
    if isinstance(block, PageBreak):
        return '<div class="nd30-break"></div>'
    if isinstance(block, Table):
        parts = [f'<p class="nd30-table-title">{_e(block.title)}</p>' if block.title else "",
                 '<div class="table-scroll"><table class="nd30-table"><thead>']
        for row in block.header:
            cells = []
            for item in row:
                cell = item if isinstance(item, Cell) else Cell(item)
                attrs = (f' colspan="{cell.span}"' if cell.span > 1 else "") + (
                    f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
                cells.append(f"<th{attrs}>{_e(cell.text)}</th>")
            parts.append(f"<tr>{''.join(cells)}</tr>")
        parts.append("</thead><tbody>")
        for i, row in enumerate(block.rows):
            cells = []
            for c, value in enumerate(row):
                item = value if isinstance(value, Cell) else Cell(value)
                right = is_number(item.text) or (block.numeric_from is not None and c >= block.numeric_from)
                cls = " ".join(x for x in ("num" if right else "", "b" if item.bold else "") if x)
                cells.append(f'<td class="{cls}">{_e(item.text)}</td>' if cls else f"<td>{_e(item.text)}</td>")
            tr = ' class="b"' if i in block.bold_rows else ""
            parts.append(f"<tr{tr}>{''.join(cells)}</tr>")
        parts.append("</tbody></table></div>")
        if block.note:
            parts.append(f'<p class="nd30-note">{_e(block.note)}</p>')
        return "".join(parts)
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover


PDF_CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm;
        @top-center { content: counter(page); font: 13pt "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; } }
@page :first { @top-center { content: none; } }
@page landscape { size: A4 landscape; margin: 20mm 15mm 20mm 20mm; }
body { font: 14pt/1.3 "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; color: #000; margin: 0; }
.b { font-weight: bold; } .i { font-style: italic; } .u { text-decoration: underline; }
.nd30-heading, .nd30-sign { width: 100%; border-collapse: collapse; }
.nd30-heading td, .nd30-sign td { vertical-align: top; text-align: center; font-size: 13pt; padding: 0; }
.nd30-heading td:first-child { width: 42%; } .nd30-heading .qh { font-size: 12pt; }
.nd30-heading .party { font-size: 15pt; } .nd30-heading .i { font-size: 14pt; margin-top: 4pt; }
.line { display: inline-block; border-bottom: 0.75pt solid #000; padding-bottom: 2pt; margin-bottom: 4pt; }
.nd30-kind, .nd30-summary { text-align: center; font-weight: bold; margin: 0; }
.nd30-kind { margin-top: 14pt; }
.nd30-summary { margin-bottom: 10pt; }
.nd30-addressee, .nd30-ref { text-align: center; } .nd30-ref { font-style: italic; font-size: 13pt; }
.nd30-p, .nd30-h1, .nd30-h2, .nd30-h3 { text-align: justify; text-indent: 10mm; margin: 0 0 6pt; }
.nd30-h1, .nd30-h2, .nd30-h3 { font-weight: bold; } .nd30-h3 { font-style: italic; }
.a-center { text-align: center; text-indent: 0; } .a-left { text-align: left; } .a-right { text-align: right; }
.nd30-table { width: 100%; border-collapse: collapse; font-size: 12pt; margin-bottom: 6pt; }
.nd30-table th, .nd30-table td { border: 0.75pt solid #000; padding: 1pt 3pt; }
.nd30-table .num { text-align: right; } .nd30-table tr.b td { font-weight: bold; }
.nd30-table-title { text-align: center; font-weight: bold; font-size: 13pt; margin: 6pt 0 3pt; }
.nd30-note { font-style: italic; font-size: 12pt; }
.nd30-sign td:first-child { text-align: left; width: 48%; } .nd30-sign .small { font-size: 11pt; }
.nd30-sign .space { height: 50pt; }
.nd30-figure { text-align: center; margin: 6pt 0; } .nd30-figure img { max-width: 100%; }
.nd30-figure figcaption { font-style: italic; font-size: 13pt; }
.nd30-break { page-break-after: always; }
.nd30-annex { page-break-before: always; } .nd30-annex.landscape { page: landscape; }
"""


LATIN = ("U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,"
         "U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD")
VIETNAMESE = ("U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0301,"
              "U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB")


def font_faces() -> str:
    """@font-face rules for Tinos (metric-compatible with Times New Roman, SIL OFL; vendored under
    static/vendor/fonts/tinos), so a PDF looks the same on a server without Times New Roman."""
    from django.conf import settings

    folder = Path(settings.BASE_DIR) / "static" / "vendor" / "fonts" / "tinos"
    rules = []
    for weight in (400, 700):
        for style in ("normal", "italic"):
            for subset, ranges in (("latin", LATIN), ("vietnamese", VIETNAMESE)):
                path = folder / f"tinos-{subset}-{weight}-{style}.woff"
                if path.is_file():
                    rules.append(f'@font-face {{ font-family: "Times New Roman"; font-weight: {weight}; '
                                 f'font-style: {style}; src: url("{path.as_uri()}") format("woff"); '
                                 f"unicode-range: {ranges}; }}")
    return "\n".join(rules)


def pdf_layout(doc: OfficialDocument) -> Any:
    """WeasyPrint's laid-out document (its ``pages`` for tests; ``write_pdf()`` for the bytes)."""
    from weasyprint import HTML

    page = (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{_e(doc.summary)}</title>'
            f"<style>{font_faces()}{PDF_CSS}</style></head><body>{render_html(doc)}</body></html>")
    return HTML(string=page).render()


def render_pdf(doc: OfficialDocument) -> bytes:
    return pdf_layout(doc).write_pdf()
