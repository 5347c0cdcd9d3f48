"""The one report contract: a report is typed rows (``Section`` of ``Row`` of ``Fig``) computed
by a few set-based queries, and the renderers below are written once for every report:

- ``render_xlsx(report)`` → bytes: a title block (report, period, unit, date made), then each
  section with its merged group headers, number formats (#,##0; 0.0 for percents) and widths;
- ``document(report)`` → an ``OfficialDocument`` (Decree 30/2020; the Party heading for a Party
  report), rendered by ``render_docx`` / ``render_pdf`` (apps.documents.nd30);
- the page (``reports/report.html``) shows the same sections; every ``Fig`` with a ``drill`` key
  links to the list of names behind it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from apps.documents import nd30
from apps.documents.charts import bar_chart_png, bar_chart_svg

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX, PDF = nd30.DOCX, nd30.PDF


@dataclass(frozen=True)
class Fig:
    """A figure: its value, how it is printed and the names-page key ({"dim": …, "value": …});
    ``page`` the list it opens: "names" (lượt or people), "classes" or "costs" (apps.reports.lists)."""

    value: int | Decimal | float | None
    kind: str = "int"  # int | money | percent
    drill: tuple[tuple[str, str], ...] = ()
    page: str = "names"

    @property
    def text(self) -> str:
        if self.value is None:
            return "—"
        if self.kind == "percent":
            return f"{Decimal(self.value):.1f}".replace(".", ",")
        return nd30.fmt(int(self.value))


@dataclass(frozen=True)
class Col:
    label: str
    kind: str = "int"
    group: str = ""  # a merged header above consecutive columns of the same group
    width: float = 14  # xlsx characters


@dataclass
class Row:
    label: str
    cells: Sequence[Fig | str]
    bold: bool = False
    number: str = ""  # TT


@dataclass
class Section:
    key: str
    title: str
    columns: Sequence[Col]
    rows: list[Row]
    label_header: str = "Chỉ tiêu"
    note: str = ""
    annex: bool = False  # printed as an annex table (landscape) in the document

    @property
    def has_groups(self) -> bool:
        return any(c.group for c in self.columns)

    def header_groups(self) -> list[tuple[str, int]]:
        """[(group label, span)] of the first header row ('' spans a single column)."""
        out: list[tuple[str, int]] = []
        for c in self.columns:
            if out and c.group and out[-1][0] == c.group:
                out[-1] = (c.group, out[-1][1] + 1)
            else:
                out.append((c.group, 1))
        return out


@dataclass(frozen=True)
class Chart:
    title: str
    labels: Sequence[str]
    series: dict[str, Sequence[float]]
    unit: str = ""

    def svg(self) -> str:
        return bar_chart_svg(self.title, self.labels, self.series)

    def png(self) -> bytes:
        return bar_chart_png(self.title, self.labels, self.series, unit=self.unit)


@dataclass
class Report:
    code: str  # file stem: "thong-ke-2025"
    title: str  # "THỐNG KÊ KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG"
    summary: str  # trích yếu of the document
    period_label: str
    unit_label: str
    issuing_body: str
    governing_body: str = ""
    place: str = ""
    made_on: dt.date = field(default_factory=dt.date.today)
    paragraphs: list[tuple[str, list[str]]] = field(default_factory=list)  # (heading, sentences)
    sections: list[Section] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    party: bool = False
    form_code: str = ""  # an official form: "Biểu số 10-BTCTW"
    footer: tuple[str, str] = ("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ")

    def figure(self, section: str, row: int, col: int) -> Fig | str:
        return next(s for s in self.sections if s.key == section).rows[row].cells[col]


# ---------------------------------------------------------------------------------------- xlsx

def render_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Báo cáo"
    bold, thin = Font(bold=True), Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    width = max((len(s.columns) for s in report.sections), default=1) + 2
    title_lines = [(report.form_code, False), (report.title, True), (report.period_label, False),
                   (f"Đơn vị: {report.unit_label}", False), (f"Ngày lập: {report.made_on:%d/%m/%Y}", False)]
    for text, big in title_lines:
        if not text:
            continue
        sheet.append([text])
        r = sheet.max_row
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        sheet.cell(r, 1).font = Font(bold=True, size=14 if big else 11)
        sheet.cell(r, 1).alignment = Alignment(horizontal="center")
    for section in report.sections:
        sheet.append([])
        sheet.append([section.title])
        sheet.cell(sheet.max_row, 1).font = bold
        _xlsx_header(sheet, section, box, bold)
        for row in section.rows:
            sheet.append([row.number, row.label, *[_xlsx_value(c) for c in row.cells]])
            r = sheet.max_row
            for c, item in enumerate(row.cells, start=3):
                cell = sheet.cell(r, c)
                cell.number_format = "0.0" if isinstance(item, Fig) and item.kind == "percent" else "#,##0"
            for c in range(1, len(section.columns) + 3):
                sheet.cell(r, c).border = box
                if row.bold:
                    sheet.cell(r, c).font = bold
            sheet.cell(r, 2).alignment = Alignment(wrap_text=True, vertical="top")
        if section.note:
            sheet.append([section.note])
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 48
    widths: dict[int, float] = {}
    for section in report.sections:
        for i, col in enumerate(section.columns, start=3):
            widths[i] = max(widths.get(i, 0), col.width)
    for i, w in widths.items():
        sheet.column_dimensions[get_column_letter(i)].width = w
    sheet.append([])
    left, right = report.footer
    sheet.append([left, "", right])
    sheet.cell(sheet.max_row, 1).font = bold
    sheet.cell(sheet.max_row, 3).font = bold
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_header(sheet: Any, section: Section, box: Any, bold: Any) -> None:
    from openpyxl.styles import Alignment

    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if section.has_groups:
        top = ["TT", section.label_header]
        for label, span in section.header_groups():
            top += [label] + [""] * (span - 1)
        sheet.append(top)
        first = sheet.max_row
        sheet.append(["", ""] + [c.label if c.group else "" for c in section.columns])
        second = sheet.max_row
        sheet.merge_cells(start_row=first, start_column=1, end_row=second, end_column=1)
        sheet.merge_cells(start_row=first, start_column=2, end_row=second, end_column=2)
        col = 3
        for label, span in section.header_groups():
            if label and span > 1:
                sheet.merge_cells(start_row=first, start_column=col, end_row=first, end_column=col + span - 1)
            elif not label:  # a column without a group: its label spans both header rows
                sheet.cell(first, col).value = section.columns[col - 3].label
                sheet.merge_cells(start_row=first, start_column=col, end_row=second, end_column=col)
            col += span
        rows = (first, second)
    else:
        sheet.append(["TT", section.label_header, *[c.label for c in section.columns]])
        rows = (sheet.max_row, sheet.max_row)
    for r in range(rows[0], rows[1] + 1):
        for c in range(1, len(section.columns) + 3):
            cell = sheet.cell(r, c)
            cell.font, cell.alignment, cell.border = bold, centre, box


def _xlsx_value(item: Fig | str) -> Any:
    if isinstance(item, Fig):
        if item.value is None:
            return None
        return float(item.value) if item.kind == "percent" else int(item.value)
    return item


# ------------------------------------------------------------------------------------ document

def _doc_table(section: Section) -> nd30.Table:
    if section.has_groups:
        top: list[Any] = [nd30.Cell("TT", rowspan=2), nd30.Cell(section.label_header, rowspan=2)]
        second: list[Any] = []
        i = 0
        for label, span in section.header_groups():
            if label:
                top.append(nd30.Cell(label, span=span))
                second += [c.label for c in section.columns[i:i + span]]
            else:
                top.append(nd30.Cell(section.columns[i].label, rowspan=2))
            i += span
        header: list[list[Any]] = [top, second]
    else:
        header = [["TT", section.label_header, *[c.label for c in section.columns]]]
    rows = [[r.number, r.label, *[c.text if isinstance(c, Fig) else c for c in r.cells]] for r in section.rows]
    bold = frozenset(i for i, r in enumerate(section.rows) if r.bold)
    n = len(section.columns)
    body = 257 if section.annex else 165
    label_w = 70 if n <= 4 else 60
    other = (body - 10 - label_w) / max(n, 1)
    return nd30.Table(header=header, rows=rows, widths_mm=[10, label_w] + [other] * n, numeric_from=2,
                      bold_rows=bold, size=12 if n <= 5 else 10, note=section.note)


def document(report: Report) -> nd30.OfficialDocument:
    blocks: list[Any] = []
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    for i, (heading, sentences) in enumerate(report.paragraphs):
        blocks.append(nd30.Heading(f"{roman[i % 10]}. {heading}"))
        blocks += [nd30.Para(s) for s in sentences if s.strip()]
    inline = [s for s in report.sections if not s.annex]
    if inline:
        blocks.append(nd30.Heading(f"{roman[len(report.paragraphs) % 10]}. SỐ LIỆU"))
        for j, section in enumerate(inline, start=1):
            blocks.append(nd30.Heading(f"{j}. {section.title}", level=2))
            blocks.append(_doc_table(section))
    for chart in report.charts:
        blocks.append(nd30.Image(chart.png(), width_mm=150, caption=chart.title))
    annexes = [nd30.Annex(title=f"PHỤ LỤC {roman[k]}", subtitle=s.title.upper(),
                          reference=f"(Kèm theo báo cáo {report.period_label.lower()})", blocks=[_doc_table(s)])
               for k, s in enumerate(x for x in report.sections if x.annex)]
    return nd30.OfficialDocument(
        kind="BÁO CÁO", summary=report.summary, number="", issuing_body=report.issuing_body.upper(),
        governing_body=report.governing_body.upper(), place=report.place or "Sóc Trăng", date=report.made_on,
        blocks=blocks, annexes=annexes, party=report.party,
        recipients=["Như trên", "Lưu: VT"],
        signer=nd30.Signer(title="TRƯỞNG BAN" if report.party else report.footer[1]))


def render_docx(report: Report) -> bytes:
    return nd30.render_docx(document(report))


def render_pdf(report: Report) -> bytes:
    return nd30.render_pdf(document(report))


RENDERERS = {"xlsx": (render_xlsx, XLSX), "docx": (render_docx, DOCX), "pdf": (render_pdf, PDF)}


def render(report: Report, fmt: str) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of ``report`` in ``fmt`` (xlsx, docx, pdf)."""
    if fmt not in RENDERERS:
        raise ValueError(f"Định dạng “{fmt}” không hỗ trợ (xlsx, docx, pdf).")
    fn, content_type = RENDERERS[fmt]
    return f"{report.code}.{fmt}", content_type, fn(report)
