"""An ``OfficialDocument`` as a .docx (python-docx)."""

from __future__ import annotations

import io
from typing import Any

from apps.documents.nd30.model import (
    FONT,
    PARTY,
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
    Table,
    fmt,
    header_grid,
    is_number,
)


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
    width, placed = header_grid(block.header)
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
            right = is_number(item.text) or (block.numeric_from is not None and c >= block.numeric_from)
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
