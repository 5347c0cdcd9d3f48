"""The printable training record of a person ("Quá trình đào tạo, bồi dưỡng"), as xlsx and PDF.

One exporter contract (as the people exports): :func:`rows` yields the record as plain strings,
header first; each renderer takes the person and returns an :class:`ExportFile` (file name,
content type, bytes). Both renderers read the same rows, so the two files always agree.

The PDF follows Decree 30/2020/NĐ-CP where it applies to a table: A4 (landscape for the width),
a Times-like serif (Liberation Serif, metric-compatible with Times New Roman; DejaVu Serif as a
fallback), margins 20 mm top and bottom, 30 mm left, 15 mm right, the issuing unit at top left
and the national title and motto at top right. Cost: the three queries of
``person_training_section`` plus the person's unit, then rendering.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator

from django.template.loader import render_to_string
from django.utils import timezone

from apps.core.audit import audit_write
from apps.core.models import AuditEntry
from apps.core.tabular import XLSX, ExportFile, defuse_sheet
from apps.core.vn import fold, format_date, format_money, format_number
from apps.people.models import Person
from apps.training.selectors import TrainingRow, person_training_section

PDF = "application/pdf"
TITLE = "QUÁ TRÌNH ĐÀO TẠO, BỒI DƯỠNG"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
HEADER = ["STT", "Thời gian", "Chương trình", "Loại", "Nội dung", "Hình thức", "Cơ sở đào tạo",
          "Số tiết", "Trạng thái, kết quả", "Văn bằng, chứng chỉ", "Chi phí theo nguồn"]
COST_TOTAL = "Tổng chi phí (đồng)"

__all__ = ["ExportFile", "rows", "render_xlsx", "record_html", "render_pdf", "person_record", "RENDERERS"]


def _cells(number: int, r: TrainingRow) -> list[str]:
    certificate = r.certificate_number
    if certificate and r.certificate_date:
        certificate += f", ngày {format_date(r.certificate_date)}"
    class_note = f"lớp {r.class_code}" if r.class_code else ("ngoài hệ thống" if r.is_external else "")
    return [
        str(number), f"{format_date(r.start_date)} – {format_date(r.end_date)}",
        r.programme + (f" ({class_note})" if class_note else ""), r.kind, r.content_areas, r.form or "",
        r.provider + (f" ({r.country})" if r.country else ""), format_number(r.hours) if r.hours else "",
        _status_text(r), certificate,
        "; ".join(f"{label}: {format_money(amount)}" for label, amount in r.costs),
    ]


def _status_text(r: TrainingRow) -> str:
    """"Hoàn thành: Giỏi"; a result that only repeats the status ("Không đạt") is said once."""
    if not r.result or fold(r.result).strip(" .") == fold(r.status):
        return r.status
    return f"{r.status}: {r.result}"


def typed_rows(person: Person) -> Iterator[list]:
    """The rows of :func:`rows` for a spreadsheet: numbers as numbers (STT, Số tiết, the total cost
    in đồng, in a last column "Tổng chi phí (đồng)"), everything else as text."""
    section = person_training_section(person)
    yield [*HEADER, COST_TOTAL]
    for number, row in enumerate(section["rows"], start=1):
        cells: list = _cells(number, row)
        cells[0], cells[7] = number, row.hours or None
        yield [*cells, int(row.cost_total) if row.cost_total else None]
    yield ["", "Cộng", f"{format_number(section['completed_count'])} lượt hoàn thành", "", "", "", "",
           section["completed_hours"] or None, "", "", "", int(section["total_cost"]) if section["total_cost"] else None]


def rows(person: Person) -> Iterator[list[str]]:
    """The header, then one line per enrollment (newest first), then the totals line."""
    section = person_training_section(person)
    yield HEADER
    for number, row in enumerate(section["rows"], start=1):
        yield _cells(number, row)
    yield ["", "Cộng", f"{format_number(section['completed_count'])} lượt hoàn thành", "", "", "", "",
           format_number(section["completed_hours"]) if section["completed_hours"] else "", "", "",
           format_money(section["total_cost"])]


def _facts(person: Person) -> list[tuple[str, str]]:
    return [("Họ và tên", person.full_name), ("Mã cán bộ", person.code),
            ("Ngày sinh", format_date(person.birth_date)), ("Đơn vị", person.unit.name),
            ("Đối tượng", person.get_category_display())]


def _filename(person: Person, extension: str) -> str:
    return f"qua-trinh-dao-tao-{person.code}.{extension}"


def _dated_line(day: dt.date) -> str:
    return f"Ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def render_xlsx(person: Person) -> ExportFile:
    """One sheet: unit and national title on top, the person's facts, the table, the date line."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    sheet.title = "Quá trình đào tạo"
    bold, thin = Font(bold=True), Side(style="thin")
    sheet.append([person.unit.name.upper(), "", "", "", "", "", "", NATIONAL_TITLE])
    sheet.append(["", "", "", "", "", "", "", MOTTO])
    sheet.append([])
    sheet.append([TITLE])
    for label, value in _facts(person):
        sheet.append([label, value])
    sheet.append([])
    for cell in (sheet["A1"], sheet["H1"], sheet["H2"], sheet["A4"]):
        cell.font = bold
    table_start = sheet.max_row + 1
    for line in typed_rows(person):
        sheet.append(line)
    for row in sheet.iter_rows(min_row=table_start, max_row=sheet.max_row):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, int):
                cell.number_format = "#,##0"
    for cell in list(sheet[table_start]) + list(sheet[sheet.max_row]):
        cell.font = bold
    sheet.append([])
    sheet.append(["", "", "", "", "", "", "", _dated_line(timezone.localdate())])
    for letter, width in zip("ABCDEFGHIJKL", (6, 24, 40, 12, 30, 14, 30, 9, 20, 24, 36, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    defuse_sheet(sheet)
    out = io.BytesIO()
    book.save(out)
    return ExportFile(_filename(person, "xlsx"), XLSX, out.getvalue())


def record_html(person: Person) -> str:
    """The HTML the PDF is printed from (``training/person_record_pdf.html``)."""
    lines = list(rows(person))
    return render_to_string("training/person_record_pdf.html", {
        "unit": person.unit.name, "national_title": NATIONAL_TITLE, "motto": MOTTO, "title": TITLE,
        "facts": _facts(person), "header": lines[0], "body": lines[1:-1], "total": lines[-1],
        "dated_line": _dated_line(timezone.localdate()),
    })


def render_pdf(person: Person) -> ExportFile:
    """A4 landscape through WeasyPrint."""
    from weasyprint import HTML

    return ExportFile(_filename(person, "pdf"), PDF, HTML(string=record_html(person)).write_pdf())


RENDERERS: dict[str, Callable[[Person], ExportFile]] = {"xlsx": render_xlsx, "pdf": render_pdf}


def person_record(*, actor, person: Person, fmt: str) -> ExportFile:
    """Render the record in ``fmt`` and log the export of personal data (Decree 13/2023). The
    caller has read ``person`` through the actor's scope."""
    export = RENDERERS[fmt](person)
    audit_write(actor=actor, action=AuditEntry.Action.EXPORT, target=person,
                note=f"Xuất quá trình đào tạo, bồi dưỡng ({fmt})")
    return export
