"""Official documents in the form of Decree 30/2020/NĐ-CP (Phụ lục I), as data.

A document is an ``OfficialDocument``: the heading (governing and issuing body, number, place and
date), the kind and summary line, body blocks, annexes, the recipients and the signer. It is written
once and rendered three ways by the functions at the bottom:

- ``render_docx(doc)`` → bytes of a .docx: A4 portrait, margins 20/20/30/15 mm, Times New Roman,
  body 14 pt, page numbers centred in the header from page 2, annexes as landscape sections;
- ``render_html(doc)`` → an HTML fragment for a page preview (classes ``nd30-*`` in dtbd.css);
- ``render_pdf(doc)`` → bytes of a PDF (WeasyPrint, the same layout).

``party=True`` gives the heading of Party documents (Hướng dẫn 36-HD/VPTW): "ĐẢNG CỘNG SẢN VIỆT
NAM" on the right, the Party body on the left with a star under it.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
FONT = "Times New Roman"


@dataclass(frozen=True)
class Signer:
    title: str  # "CHỦ TỊCH", "GIÁM ĐỐC"
    name: str = ""
    authority: str = ""  # "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC" (empty: the head signs in own name)
    deputy_title: str = ""  # under a KT.: "PHÓ GIÁM ĐỐC"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: "I. …" bold; 2: "1. …" bold; 3: "a) …" bold italic


@dataclass(frozen=True)
class Para:
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"  # justify | center | left | right
    indent: bool = True  # first-line indent


@dataclass(frozen=True)
class Bullet:
    text: str
    mark: str = "-"


@dataclass(frozen=True)
class Cell:
    text: Any
    span: int = 1
    rowspan: int = 1
    bold: bool = False


@dataclass(frozen=True)
class Table:
    header: Sequence[Sequence[Any]]  # rows of str | Cell (HTML semantics: spans occupy the grid)
    rows: Sequence[Sequence[Any]]
    widths_mm: Sequence[float] | None = None
    title: str = ""
    numeric_from: int | None = None  # columns from this index are right-aligned
    bold_rows: frozenset[int] = frozenset()  # indexes into rows (totals)
    size: float = 12  # 10–13: annex tables may be small
    note: str = ""


@dataclass(frozen=True)
class Image:
    png: bytes
    width_mm: float = 150
    caption: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Annex:
    title: str  # "PHỤ LỤC I"
    subtitle: str = ""  # "KẾ HOẠCH ĐÀO TẠO, BỒI DƯỠNG NĂM 2027"
    reference: str = ""  # "(Kèm theo Kế hoạch số 08/KH-UBND ngày 15/9/2026 của UBND tỉnh)"
    blocks: Sequence[Any] = ()
    landscape: bool = True


Block = Heading | Para | Bullet | Table | Image | PageBreak


@dataclass(frozen=True)
class OfficialDocument:
    kind: str  # "KẾ HOẠCH", "TỜ TRÌNH", "QUYẾT ĐỊNH", "BÁO CÁO"
    summary: str  # trích yếu
    number: str  # "08/KH-UBND" (shown as "Số: 08/KH-UBND"); "" leaves the number blank to be filled
    issuing_body: str  # "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG", "SỞ NỘI VỤ"
    place: str
    date: dt.date | None  # None: "ngày … tháng … năm 2026" left to fill on signing
    blocks: Sequence[Any] = ()
    governing_body: str = ""  # "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG" above "SỞ NỘI VỤ"
    addressee: str = ""  # "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh"
    recipients: Sequence[str] = ()
    signer: Signer = field(default_factory=lambda: Signer(title=""))
    annexes: Sequence[Annex] = ()
    party: bool = False
    year: int | None = None  # for a blank date: the year to print
    show_kind: bool = True  # a Công văn has no kind line

    @property
    def number_line(self) -> str:
        return f"Số: {self.number}" if self.number else "Số:      /"

    @property
    def date_line(self) -> str:
        if self.date is None:
            year = self.year or dt.date.today().year
            return f"{self.place}, ngày … tháng … năm {year}"
        day = f"{self.date.day:02d}" if self.date.day < 10 else str(self.date.day)
        month = f"{self.date.month:02d}" if self.date.month < 3 else str(self.date.month)
        return f"{self.place}, ngày {day} tháng {month} năm {self.date.year}"


def fmt(value: Any) -> str:
    """A table value as printed: integers "75.699", decimals "37,1", None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float | Decimal):
        text = f"{value:,.1f}" if value != int(value) else f"{int(value):,}"
        return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _grid(header: Sequence[Sequence[Any]]) -> tuple[int, list[tuple[int, int, Cell]]]:
    """Lay out header rows with HTML span semantics: [(row, column, cell)] and the width."""
    taken: set[tuple[int, int]] = set()
    placed: list[tuple[int, int, Cell]] = []
    width = 0
    for r, row in enumerate(header):
        c = 0
        for item in row:
            cell = item if isinstance(item, Cell) else Cell(item)
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.span):
                    taken.add((r + dr, c + dc))
            c += cell.span
            width = max(width, c)
    return width, placed


# --------------------------------------------------------------------------------------- .docx

def render_docx(doc: OfficialDocument) -> bytes:
    from docx import Document

    d = Document()
    _docx_base(d)
    section = d.sections[0]
    _docx_portrait(section)
    _docx_page_numbers(section)
    _docx_heading_block(d, doc)
    if doc.show_kind:
        _p(d, doc.kind, size=14, bold=True, align="center", before=12, after=0)
    _p(d, doc.summary, size=14, bold=True, align="center", after=0)
    _docx_short_line(d)
    if doc.addressee:
        _p(d, doc.addressee, size=14, align="center", before=6, after=6)
    for block in doc.blocks:
        _docx_block(d, block)
    _docx_signature(d, doc)
    for annex in doc.annexes:
        _docx_annex(d, annex)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _docx_base(d: Any) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for style_name in ("Normal", "Table Grid"):
        try:
            style = d.styles[style_name]
        except KeyError:
            continue
        style.font.name = FONT
        style.font.size = Pt(14)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
    normal = d.styles["Normal"].paragraph_format
    normal.space_after = Pt(6)
    normal.line_spacing = 1.15
    # the document defaults too, so that nothing falls back to a theme font
    styles = d.styles.element
    rpr_default = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr_default is not None:
        fonts = rpr_default.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr_default.makeelement(qn("w:rFonts"), {})
            rpr_default.insert(0, fonts)
        for attr in list(fonts.attrib):
            del fonts.attrib[attr]
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        size = rpr_default.find(qn("w:sz"))
        if size is None:
            size = rpr_default.makeelement(qn("w:sz"), {})
            rpr_default.append(size)
        size.set(qn("w:val"), "28")


def _docx_portrait(section: Any) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)


def _docx_landscape(section: Any) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(20), Mm(15)


def _docx_page_numbers(section: Any) -> None:
    """A PAGE field centred in the header; none on the first page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.name, run.font.size = FONT, Pt(13)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _align(name: str) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    return {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
            "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[name]


def _p(container: Any, text: str, *, size: float = 14, bold: bool = False, italic: bool = False,
       align: str = "left", before: float = 0, after: float = 6, indent_mm: float = 0,
       underline: bool = False) -> Any:
    from docx.shared import Mm, Pt

    paragraph = container.add_paragraph()
    paragraph.alignment = _align(align)
    fmt_ = paragraph.paragraph_format
    fmt_.space_before, fmt_.space_after = Pt(before), Pt(after)
    if indent_mm:
        fmt_.first_line_indent = Mm(indent_mm)
    if text:
        run = paragraph.add_run(text)
        run.font.name, run.font.size = FONT, Pt(size)
        run.bold, run.italic, run.underline = bold, italic, underline
    return paragraph


def _docx_short_line(container: Any, width_mm: float = 40, body_mm: float = 165) -> None:
    """The short line under the summary line, centred in the body's width."""
    _docx_short_line_in(container, width_mm, body_mm)


def _no_borders(table: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _docx_heading_block(d: Any, doc: OfficialDocument) -> None:
    from docx.shared import Mm

    table = d.add_table(rows=1, cols=2)
    _no_borders(table)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    for cell in (left, right):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    if doc.party:
        _p(left, doc.governing_body or "ĐẢNG BỘ TỈNH", size=13, align="center", after=0)
        _p(left, doc.issuing_body, size=13, bold=True, align="center", after=0)
        _p(left, "*", size=13, align="center", after=0)
        _p(left, doc.number_line, size=13, align="center", after=0)
        _p(right, PARTY, size=15, bold=True, align="center", after=0, underline=True)
        _p(right, doc.date_line, size=14, italic=True, align="center", before=6, after=0)
        return
    if doc.governing_body:
        _p(left, doc.governing_body, size=13, align="center", after=0)
    _p(left, doc.issuing_body, size=13, bold=True, align="center", after=0)
    left.width = Mm(70)
    _docx_short_line_in(left, 25, 70)
    _p(left, doc.number_line, size=13, align="center", after=0)
    _p(right, QUOC_HIEU, size=12, bold=True, align="center", after=0)
    _p(right, TIEU_NGU, size=13, bold=True, align="center", after=0)
    _docx_short_line_in(right, 55, 95)
    _p(right, doc.date_line, size=14, italic=True, align="center", before=0, after=0)


def _docx_short_line_in(cell: Any, width_mm: float, cell_mm: float) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    paragraph = cell.add_paragraph()
    fmt_ = paragraph.paragraph_format
    fmt_.space_before, fmt_.space_after, fmt_.line_spacing = Pt(0), Pt(6), Pt(4)
    side = max((cell_mm - width_mm) / 2, 0)
    fmt_.left_indent, fmt_.right_indent = Mm(side), Mm(side)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


def _docx_block(d: Any, block: Any) -> None:
    from docx.shared import Mm

    if isinstance(block, Heading):
        _p(d, block.text, size=14, bold=True, italic=block.level >= 3, align="justify", before=6,
           indent_mm=10)
    elif isinstance(block, Para):
        _p(d, block.text, size=14, bold=block.bold, italic=block.italic, align=block.align,
           indent_mm=10 if block.indent and block.align == "justify" else 0)
    elif isinstance(block, Bullet):
        _p(d, f"{block.mark} {block.text}", size=14, align="justify", indent_mm=10)
    elif isinstance(block, Table):
        _docx_table(d, block)
    elif isinstance(block, Image):
        paragraph = d.add_paragraph()
        paragraph.alignment = _align("center")
        paragraph.add_run().add_picture(io.BytesIO(block.png), width=Mm(block.width_mm))
        if block.caption:
            _p(d, block.caption, size=13, italic=True, align="center")
    elif isinstance(block, PageBreak):
        from docx.enum.text import WD_BREAK

        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    else:  # pragma: no cover - a programming error
        raise TypeError(f"unknown block {block!r}")


def _docx_table(d: Any, block: Table) -> None:
    from docx.shared import Mm, Pt

    if block.title:
        _p(d, block.title, size=13, bold=True, align="center", before=6)
    width, placed = _grid(block.header)
    width = max(width, max((len(r) for r in block.rows), default=0))
    n_header = len(block.header)
    table = d.add_table(rows=n_header + len(block.rows), cols=width)
    table.style = d.styles["Table Grid"]
    for r, c, cell in placed:
        target = table.cell(r, c)
        if cell.span > 1 or cell.rowspan > 1:
            target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.span - 1))
        _cell_text(target, fmt(cell.text), size=block.size, bold=True, align="center")
    for i, row in enumerate(block.rows):
        bold = i in block.bold_rows
        for c, value in enumerate(row):
            item = value if isinstance(value, Cell) else Cell(value)
            right = _is_number(item.text) or (block.numeric_from is not None and c >= block.numeric_from)
            _cell_text(table.cell(n_header + i, c), fmt(item.text), size=block.size,
                       bold=bold or item.bold, align="right" if right else "left")
    if block.widths_mm:
        for row in table.rows:
            for c, w in enumerate(block.widths_mm[:width]):
                row.cells[c].width = Mm(w)
    # repeat the header rows on every page
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for r in range(n_header):
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        element = OxmlElement("w:tblHeader")
        element.set(qn("w:val"), "true")
        tr_pr.append(element)
    if block.note:
        _p(d, block.note, size=12, italic=True, before=3)
    else:
        d.add_paragraph().paragraph_format.space_after = Pt(0)


def _cell_text(cell: Any, text: str, *, size: float, bold: bool, align: str) -> None:
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.alignment = _align(align)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    if text:
        run = paragraph.add_run(text)
        run.font.name, run.font.size, run.bold = FONT, Pt(size), bold


def _docx_signature(d: Any, doc: OfficialDocument) -> None:
    from docx.shared import Mm

    table = d.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    for cell in (left, right):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    _p(left, "Nơi nhận:", size=12, bold=True, italic=True, before=12, after=0)
    for line in doc.recipients:
        _p(left, f"- {line}", size=11, after=0)
    signer = doc.signer
    _p(right, signer.authority, size=14, bold=True, align="center", before=12, after=0) if signer.authority else None
    _p(right, signer.title, size=14, bold=True, align="center", before=0 if signer.authority else 12, after=0)
    if signer.deputy_title:
        _p(right, signer.deputy_title, size=14, bold=True, align="center", after=0)
    for _ in range(3):
        _p(right, "", after=0)
    _p(right, signer.name, size=14, bold=True, align="center", after=0)


def _docx_annex(d: Any, annex: Annex) -> None:
    from docx.enum.section import WD_SECTION

    section = d.add_section(WD_SECTION.NEW_PAGE)
    if annex.landscape:
        _docx_landscape(section)
    else:
        _docx_portrait(section)
    _p(d, annex.title, size=14, bold=True, align="center", after=0)
    if annex.subtitle:
        _p(d, annex.subtitle, size=14, bold=True, align="center", after=0)
    if annex.reference:
        _p(d, annex.reference, size=13, italic=True, align="center", after=6)
    for block in annex.blocks:
        _docx_block(d, block)


# --------------------------------------------------------------------------------------- HTML, PDF

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
                right = _is_number(item.text) or (block.numeric_from is not None and c >= block.numeric_from)
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


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
