"""Writing: ``ExportFile`` (file name, content type, bytes), ``render_csv`` and ``render_xlsx`` for
export rows (formula-like text defused), ``template_workbook`` for a blank import sheet with its guide."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from apps.core.tabular.cells import _CSV_ESCAPED, FORMULA_START
from apps.core.tabular.messages import Column
from apps.core.vn import format_number

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def formula_like(value: Any) -> bool:
    """True for text a spreadsheet would evaluate (``=HYPERLINK(…)``, ``+1``, ``@SUM``, …)."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_value(value: str) -> str:
    """A CSV field with formula-like text defused by a leading ' (``cell_text`` removes it on
    import, so export → import → export is a no-op)."""
    return "'" + value if value and value.startswith(_CSV_ESCAPED) else value


def defuse(cell) -> None:
    """Make a (read-write or write-only) openpyxl cell holding formula-like text a plain text
    cell shown as typed: string data type plus Excel's quotePrefix style. The value itself is
    unchanged, so openpyxl and our importers read back exactly what was written."""
    if formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def defuse_sheet(sheet) -> None:
    """``defuse`` every cell of a read-write sheet (openpyxl turns any "=…" string into a formula
    when it is assigned)."""
    for row in sheet.iter_rows():
        for cell in row:
            defuse(cell)


@dataclass
class ImportResult:
    """Counts of one import; ``created_label`` names what a new row is ("lớp mới")."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False
    created_label = "thêm mới"

    @property
    def summary(self) -> str:
        verb = "Kiểm tra xong, sẽ nhập" if self.dry_run else "Đã nhập"
        return (f"{verb}: {format_number(self.created)} {self.created_label}, "
                f"{format_number(self.updated)} cập nhật, {format_number(self.unchanged)} không đổi.")


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes

    def response(self):
        """The file as a download (``Content-Disposition: attachment``)."""
        from django.http import HttpResponse

        response = HttpResponse(self.content, content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response


def date_text(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def render_csv(rows: Iterable[list[str]]) -> bytes:
    """UTF-8 with a BOM so Excel shows Vietnamese correctly; formula-like text is defused with '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def set_widths(sheet, widths: Iterable[int]) -> None:
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width


def header_widths(headers: Iterable[str]) -> list[int]:
    return [max(12, min(40, len(h) + 4)) for h in headers]


def freeze_cell(freeze: str) -> tuple[int, int]:
    """(row, column) of an openpyxl-style freeze cell such as "C2": rows and columns above and
    left of it stay in view."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(freeze)
    return row - 1, column_index_from_string(letters) - 1


PROGRESS_EVERY = 5000  # rows between two calls of an export's ``progress``


def render_xlsx(rows: Iterable[Sequence[Any]], sheet_title: str = "Danh sách", freeze: str = "C2",
                progress: Callable[[int], None] | None = None, *,
                title_block: Sequence[Sequence[Any]] = (), widths: Sequence[int] | None = None) -> bytes:
    """Streamed workbook: XlsxWriter's constant-memory mode writes each row to a temporary file as
    it comes, so memory does not grow with the rows (measured in bench/exports.py). The first row
    of ``rows`` is the bold header, under the optional ``title_block`` rows (the first bold and
    larger). Text stays text (codes and CCCD keep their leading zeros, nothing is evaluated as a
    formula: formula-like text also gets Excel's quote prefix), numbers are numbers.
    ``progress(rows written)`` is called every PROGRESS_EVERY rows."""
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {
        "constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
        "strings_to_urls": False, "use_zip64": True})
    workbook.set_properties({"created": FIXED_STAMP})  # same rows, same bytes
    sheet = workbook.add_worksheet(sheet_title[:31])
    bold, quoted = workbook.add_format({"bold": True}), workbook.add_format({"quote_prefix": True})
    iterator = iter(rows)
    header = list(next(iterator, []))
    for i, width in enumerate(widths or header_widths(header)):
        sheet.set_column(i, i, width)
    big = workbook.add_format({"bold": True, "font_size": 13})
    for r, line in enumerate(title_block):
        for c, value in enumerate(line):
            sheet.write(r, c, value, big if r == 0 else None)
    top = len(title_block) + (1 if title_block else 0)
    freeze_row, freeze_col = freeze_cell(freeze)
    sheet.freeze_panes(freeze_row + top, freeze_col)
    sheet.write_row(top, 0, header, bold)
    write_row, write_string = sheet.write_row, sheet.write_string
    starts = frozenset(FORMULA_START)
    number = top
    for number, row in enumerate(iterator, start=top + 1):
        if starts.isdisjoint([v[:1] for v in row if v.__class__ is str]):
            write_row(number, 0, row)
        else:
            for c, value in enumerate(row):
                if formula_like(value):
                    write_string(number, c, value, quoted)
                elif value is not None and value != "":
                    sheet.write(number, c, value)
        if progress is not None and (number - top) % PROGRESS_EVERY == 0:
            progress(number - top)
    workbook.close()
    return out.getvalue()


# Every member and the document properties carry this date: the same rows give the same bytes,
# so two exports (before and after a backup is restored, say) compare with ``cmp``.
FIXED_STAMP = dt.datetime(2000, 1, 1)


class _FixedStampZip(zipfile.ZipFile):
    def _member(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=FIXED_STAMP.timetuple()[:6])
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        return info

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):  # type: ignore[override]
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._member(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):  # type: ignore[override]
        with open(filename, "rb") as src, self.open(self._member(arcname or filename), "w") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def workbook_bytes(workbook) -> bytes:
    """The workbook as xlsx bytes that depend on its content only (openpyxl's ``save`` stamps the
    current time into the zip members and the document properties)."""
    from openpyxl.writer.excel import ExcelWriter

    if workbook.write_only and not workbook.worksheets:
        workbook.create_sheet()
    workbook.properties.created = workbook.properties.modified = FIXED_STAMP
    out = io.BytesIO()
    with _FixedStampZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    return out.getvalue()


def _text_cell(sheet, value: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    defuse(cell)
    return cell


# (title, header row, rows) of one section of a template's guide sheet
GuideSection = tuple[str, list[str], Iterable[Iterable[Any]]]


def template_workbook(*, columns: Sequence[Column], title: str, intro: str,
                      sections: Iterable[GuideSection], freeze: str = "C2") -> bytes:
    """A blank import sheet "Danh sách" (bold Vietnamese headers, text-formatted columns) and a
    "Hướng dẫn" sheet: ``title``, ``intro``, every column with how to fill it, then ``sections``
    (e.g. the codes the user may use)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    headers = [c.header for c in columns]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    set_widths(sheet, header_widths(headers))
    for dimension in sheet.column_dimensions.values():
        dimension.number_format = "@"  # typed values stay text: leading zeros, dd/mm/yyyy
    sheet.freeze_panes = freeze
    guide = workbook.create_sheet("Hướng dẫn")
    guide.append([title])
    guide.cell(1, 1).font = Font(bold=True, size=14)
    guide.append([intro])
    columns_section: GuideSection = ("Các cột", ["Cột", "Bắt buộc", "Cách ghi"],
                                     ((c.header, "Có" if c.required else "", c.help) for c in columns))
    for section in (columns_section, *sections):
        _guide_section(guide, *section)
    set_widths(guide, [34, 24, 60, 12])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _guide_section(sheet, title: str, header: list[str], rows: Iterable[Iterable[Any]]) -> None:
    from openpyxl.styles import Font

    sheet.append([])
    sheet.append([title])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    defuse_sheet(sheet)
