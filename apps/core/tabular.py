"""Spreadsheet plumbing shared by every import and export (people, units, classes, enrollments).

- reading: an uploaded xlsx (first sheet, streamed) or csv (UTF-8, with or without BOM) becomes a
  header row and numbered raw rows. The content decides the format, not the file name: a PDF or
  random bytes renamed ``.xlsx`` are refused with a Vietnamese message instead of a stack trace.
  Rows are numbered as the user sees them in a spreadsheet (the header is row 1), blank rows
  included in the count;
- columns and messages: ``Column`` (key, Vietnamese header, required, help), loose header matching,
  ``RowError`` ("Dòng N, cột X: lý do"), ``Problems`` collecting them and ``ImportFailed`` carrying
  them to the user;
- cells: ``cell_text`` and ``cell_date`` read what Excel and our own exports write;
- writing: ``ExportFile`` (file name, content type, bytes), ``render_csv`` and ``render_xlsx`` for
  export rows, ``template_workbook`` for a blank import sheet with its guide.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from apps.core.vn import fold, format_number, normalize_spaces, parse_date

NOT_A_SPREADSHEET = "Tệp không phải bảng tính Excel (.xlsx) hoặc CSV nên không đọc được."


# ------------------------------------------------------------------------------------- reading


class FileRejected(Exception):
    """The file as a whole cannot be read; the message is shown to the user as is."""


@dataclass
class Table:
    headers: list[Any]
    rows: Iterator[tuple[int, Sequence[Any]]]  # (spreadsheet row number, cell values)


Source = str | os.PathLike | bytes | IO[bytes]


def _as_binary(source: Source) -> IO[bytes]:
    if isinstance(source, bytes):
        return io.BytesIO(source)
    if isinstance(source, str | os.PathLike):
        return open(source, "rb")  # noqa: SIM115 - closed by open_table
    return source


def _kind(head: bytes, filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected("Tệp Excel đời cũ (.xls) chưa được hỗ trợ: hãy mở bằng Excel và lưu lại "
                           "dưới dạng .xlsx hoặc CSV UTF-8.")
    if head.startswith(b"%PDF"):
        raise FileRejected("Tệp PDF không phải bảng tính: hãy dùng tệp mẫu .xlsx hoặc CSV UTF-8.")
    if suffix in (".xlsx", ".xlsm"):
        raise FileRejected(NOT_A_SPREADSHEET)
    return "csv"


@dataclass(frozen=True)
class Limits:
    """What one uploaded file may hold, from settings (``DTBD_IMPORT_MAX_BYTES``,
    ``DTBD_IMPORT_MAX_UNCOMPRESSED``, ``DTBD_IMPORT_MAX_SHARED_STRINGS``, ``DTBD_IMPORT_MAX_ROWS``)."""

    max_bytes: int = 20 * 1024 * 1024
    max_uncompressed: int = 200 * 1024 * 1024  # all members of an xlsx, as declared in the zip
    max_shared_strings: int = 50 * 1024 * 1024  # openpyxl holds every shared string in memory
    max_rows: int = 200_000
    max_ratio: int = 500  # compression ratio of a big member beyond which it is a zip bomb

    @classmethod
    def current(cls) -> Limits:
        from django.conf import settings

        default = cls()
        return cls(
            max_bytes=getattr(settings, "DTBD_IMPORT_MAX_BYTES", default.max_bytes),
            max_uncompressed=getattr(settings, "DTBD_IMPORT_MAX_UNCOMPRESSED", default.max_uncompressed),
            max_shared_strings=getattr(settings, "DTBD_IMPORT_MAX_SHARED_STRINGS", default.max_shared_strings),
            max_rows=getattr(settings, "DTBD_IMPORT_MAX_ROWS", default.max_rows),
        )


def _megabytes(size: int) -> str:
    return f"{format_number(size / (1024 * 1024), 1 if size < 10 * 1024 * 1024 else 0)} MB"


def _size(stream: IO[bytes]) -> int:
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def check_size(size: int, limits: Limits | None = None) -> None:
    """FileRejected for a file larger than the upload limit."""
    limits = limits or Limits.current()
    if size > limits.max_bytes:
        raise FileRejected(f"Tệp lớn quá {_megabytes(limits.max_bytes)}: hãy chia thành nhiều tệp nhỏ hơn.")


@contextlib.contextmanager
def open_table(source: Source, filename: str = "") -> Iterator[Table]:
    """Open ``source`` (path, bytes or binary file) as a table; raises FileRejected.

    Limits (``Limits.current()``): the file's size, an xlsx's declared uncompressed size and
    shared strings (checked in the zip directory before openpyxl reads anything; the zip reader
    never inflates a member past its declared size) and the number of rows.
    Memory: an xlsx is streamed (openpyxl read-only mode); a csv is decoded whole."""
    if not filename and isinstance(source, str | os.PathLike):
        filename = os.fspath(source)
    limits = Limits.current()
    stream = _as_binary(source)
    try:
        check_size(_size(stream), limits)
        head = stream.read(8)
        if not head:
            raise FileRejected("Tệp rỗng, không có dữ liệu.")
        stream.seek(0)
        if _kind(head, filename) == "xlsx":
            _check_zip(stream, limits)
            with _xlsx_table(stream, limits) as table:
                yield table
        else:
            yield _csv_table(stream.read(), limits)
    finally:
        if stream is not source:
            stream.close()


def _check_zip(stream: IO[bytes], limits: Limits) -> None:
    """Refuse an xlsx whose members would inflate beyond the limits (a zip bomb)."""
    import zipfile

    try:
        members = zipfile.ZipFile(stream).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRejected(NOT_A_SPREADSHEET) from None
    finally:
        stream.seek(0)
    too_big = FileRejected(f"Tệp Excel khi giải nén lớn quá {_megabytes(limits.max_uncompressed)} "
                           "(có thể là tệp nén độc hại): hãy lưu lại bảng tính hoặc chia nhỏ tệp.")
    if sum(m.file_size for m in members) > limits.max_uncompressed:
        raise too_big
    for member in members:
        if member.filename.lower().endswith("sharedstrings.xml") and member.file_size > limits.max_shared_strings:
            raise FileRejected(f"Phần chữ của tệp Excel lớn quá {_megabytes(limits.max_shared_strings)}: "
                               "hãy kiểm tra ô có nội dung quá dài hoặc chia nhỏ tệp.")
        if member.file_size > 10 * 1024 * 1024 and member.file_size > limits.max_ratio * max(member.compress_size, 1):
            raise too_big


def _too_many_rows(limits: Limits) -> FileRejected:
    return FileRejected(f"Tệp có hơn {format_number(limits.max_rows)} dòng: hãy chia thành nhiều tệp nhỏ hơn.")


def _bounded(rows: Iterator[tuple[int, Sequence[Any]]], limits: Limits) -> Iterator[tuple[int, Sequence[Any]]]:
    """Stop a sheet past ``limits.max_rows`` (the header row counted)."""
    for number, cells in rows:
        if number > limits.max_rows + 1:
            raise _too_many_rows(limits)
        yield number, cells


@contextlib.contextmanager
def _xlsx_table(stream: IO[bytes], limits: Limits) -> Iterator[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception:  # corrupt zip, a .docx, missing parts: all "not a spreadsheet" to the user
        raise FileRejected(NOT_A_SPREADSHEET) from None
    try:
        sheet.reset_dimensions()  # some writers store a wrong <dimension>; read every row
        rows = _bounded(_guarded(enumerate(sheet.iter_rows(values_only=True), start=1)), limits)
        first = next(rows, None)
        headers = list(first[1]) if first else []
        yield Table(headers=headers, rows=rows)
    finally:
        workbook.close()


def _guarded(rows: Iterator[tuple[int, Sequence[Any]]]) -> Iterator[tuple[int, Sequence[Any]]]:
    """Re-raise XML errors met halfway through a damaged sheet as FileRejected."""
    try:
        yield from rows
    except FileRejected:
        raise
    except Exception:
        raise FileRejected(NOT_A_SPREADSHEET) from None


def _csv_table(data: bytes, limits: Limits) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected("Tệp CSV phải lưu với bảng mã UTF-8 (trong Excel: “CSV UTF-8”), "
                           "hoặc tệp không phải bảng tính.") from None
    if "\x00" in text:
        raise FileRejected(NOT_A_SPREADSHEET)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    if text.count("\n") > limits.max_rows + 1:
        raise _too_many_rows(limits)
    rows = enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)
    first = next(rows, None)
    headers: list[Any] = list(first[1]) if first else []
    return Table(headers=headers, rows=_bounded(_csv_rows(rows), limits))


def _csv_rows(rows: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, Sequence[Any]]]:
    try:
        yield from rows
    except csv.Error as exc:
        raise FileRejected(f"Tệp CSV sai cấu trúc: {exc}.") from None


# ---------------------------------------------------------------------------- columns, messages


def unit_not_found(code: str) -> str:
    """The one message for a unit code that does not exist and for one outside the user's scope:
    an import must not tell an officer what exists in another agency."""
    return f"không có đơn vị mã “{code}” trong phạm vi của bạn"


def code_taken(what: str, code: str) -> str:
    """The one message for a unique code or number already held by a record the user may not
    see (``what`` is "mã cán bộ", "số CCCD", "mã lớp"): it says the value is taken, as the
    database would, and nothing about whose it is or where."""
    return f"{what} {code} đã được dùng, hãy kiểm tra lại"


@dataclass(frozen=True)
class Column:
    key: str  # attribute name used by the importer and exporter
    header: str  # Vietnamese header shown to users
    required: bool = False
    help: str = ""


def header_key(text: str) -> str:
    """The form a header is matched by: folded, punctuation and spacing ignored."""
    return "".join(ch for ch in fold(str(text)) if ch.isalnum())


@lru_cache(maxsize=8192)
def lookup_key(text: str) -> str:
    """Normalised key for looking a cell value up in a catalogue ("Công chức" = "cong_chuc");
    cached because a file repeats the same few values."""
    return header_key(text)


def header_index(columns: Sequence[Column], aliases: dict[str, Column] | None = None) -> dict[str, Column]:
    """{header key: column} for matching a file's header row, aliases included."""
    index = {header_key(c.header): c for c in columns}
    for alias, column in (aliases or {}).items():
        index.setdefault(header_key(alias), column)
    return index


MAX_KEPT_ERRORS = 1000  # messages kept in memory; the total is always counted


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Dòng {self.row}, cột {self.column}" if self.column else f"Dòng {self.row}"
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    """The file was rejected; ``errors`` holds (up to MAX_KEPT_ERRORS) messages, ``total`` all."""

    def __init__(self, errors: Sequence[RowError | str], total: int | None = None):
        self.errors = [str(e) for e in errors]
        self.total = total if total is not None else len(self.errors)
        super().__init__("\n".join(self.errors[:5]))

    def lines(self, limit: int = 200) -> list[str]:
        """Messages to show, the last one saying how many more were left out."""
        shown = self.errors[:limit]
        if self.total > len(shown):
            shown.append(f"… và {format_number(self.total - len(shown))} lỗi khác.")
        return shown


class Problems:
    """Row errors of one file: the first MAX_KEPT_ERRORS kept, all counted."""

    def __init__(self) -> None:
        self.kept: list[RowError] = []
        self.total = 0

    def add(self, row: int, column: Column | None, message: str) -> None:
        self.total += 1
        if len(self.kept) < MAX_KEPT_ERRORS:
            self.kept.append(RowError(row, column.header if column else "", message))

    def raise_if_any(self) -> None:
        if self.total:
            raise ImportFailed(self.kept, self.total)

    def copy(self) -> Problems:
        other = Problems()
        other.kept, other.total = list(self.kept), self.total
        return other


CONCURRENT_IMPORT = ("Dữ liệu vừa được thay đổi cùng lúc (có thể tệp này đang được người khác nhập đồng thời): "
                     "chưa có gì được ghi, hãy thử lại sau ít phút.")


def _collision_errors() -> tuple[type[Exception], ...]:
    """Django's wrapped errors, and the drivers' own: ``apps.core.bulk`` writes through the raw
    cursor (COPY on PostgreSQL), whose errors Django does not wrap."""
    import sqlite3

    from django.db import IntegrityError, OperationalError

    errors: list[type[Exception]] = [IntegrityError, OperationalError, sqlite3.IntegrityError, sqlite3.OperationalError]
    with contextlib.suppress(ImportError):
        import psycopg

        errors += [psycopg.IntegrityError, psycopg.OperationalError]  # unique violation; serialization, deadlock
    return tuple(errors)


def write_retrying[T](write: Callable[[Problems], T], problems: Problems, attempts: int = 2) -> T:
    """Run an import's checking-and-writing step ``write(problems)``, which opens its own
    transaction, so that a collision with a concurrent write is not a traceback or a 500: an
    IntegrityError (the other import inserted the same codes first), or an OperationalError (a
    locked SQLite database, a PostgreSQL serialization failure or deadlock) rolls the step back and
    runs it once more against the new state of the database, starting from the parsing problems;
    a second collision becomes ImportFailed with CONCURRENT_IMPORT."""
    collisions = _collision_errors()
    for attempt in range(1, attempts + 1):
        try:
            return write(problems.copy())
        except collisions:
            if attempt == attempts:
                raise ImportFailed([CONCURRENT_IMPORT]) from None
    raise AssertionError("unreachable")


def column_index(headers: Sequence[Any], by_header_key: dict[str, Column], required: Iterable[Column],
                 problems: Problems) -> tuple[dict[str, int], list[str]]:
    """{column key: position} from the header row; unknown headers are returned to be reported,
    a repeated or missing required column is a row-1 problem."""
    index: dict[str, int] = {}
    ignored: list[str] = []
    for i, raw in enumerate(headers):
        text = cell_text(raw)
        if not text:
            continue
        column = by_header_key.get(header_key(text))
        if column is None:
            ignored.append(text)
        elif column.key in index:
            problems.add(1, None, f"cột “{column.header}” xuất hiện hai lần")
        else:
            index[column.key] = i
    for column in required:
        if column.key not in index:
            problems.add(1, None, f"thiếu cột bắt buộc “{column.header}”")
    return index, ignored


class RowReader:
    """Reads one row's cells by column key, reporting each bad cell once ("Dòng N, cột X: lý do").
    An importer subclasses it with one method per column; call ``start`` for each row and check
    ``ok`` at the end. ``share`` holds repeated values (codes, dates, amounts) once, which keeps a
    hundred-thousand-row file small in memory."""

    def __init__(self, index: dict[str, int], problems: Problems):
        self.index, self.problems = index, problems
        self.number, self.cells, self.ok = 0, (), True
        self.shared: dict[Any, Any] = {}

    def start(self, number: int, cells: Sequence[Any]) -> None:
        self.number, self.cells, self.ok = number, cells, True

    def raw(self, column: Column) -> Any:
        i = self.index.get(column.key)
        return self.cells[i] if i is not None and i < len(self.cells) else None

    def error(self, column: Column | None, message: str) -> None:
        self.ok = False
        self.problems.add(self.number, column, message)

    def share(self, value: Any) -> Any:
        return self.shared.setdefault(value, value) if len(self.shared) < 200_000 else value

    def text(self, column: Column, max_length: int = 255) -> str:
        text = cell_text(self.raw(column))
        if not text and column.required:
            self.error(column, "chưa có giá trị (cột bắt buộc)")
        elif len(text) > max_length:
            self.error(column, f"dài quá {max_length} ký tự")
        return text

    def optional(self, column: Column, parse) -> Any:
        """``parse(raw cell)`` or None for a blank cell; a ValueError is the cell's message."""
        if not cell_text(self.raw(column)):
            return None
        try:
            return parse(self.raw(column))
        except ValueError as exc:
            self.error(column, str(exc))
            return None

    def date(self, column: Column, earliest: dt.date, latest: dt.date) -> dt.date | None:
        """A date between ``earliest`` and ``latest``; a later one is "in the future" when
        ``latest`` is today."""
        if not self.text(column):
            return None
        day = self.optional(column, cell_date)
        if day is None:
            return None
        if day < earliest or day > latest:
            from django.utils import timezone

            future = day > latest and latest == timezone.localdate()
            self.error(column, f"ngày {day:%d/%m/%Y} {'ở tương lai' if future else 'không hợp lý'}")
            return None
        return self.share(day)


# ---------------------------------------------------------------------------------------- cells

# A text cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The CSV export puts a ' before these (a leading ' too, so the escaping is reversible).
_CSV_ESCAPED = (*FORMULA_START, "'")


def cell_text(value: Any) -> str:
    """A cell as text: integral numbers without ".0", dates as dd/mm/yyyy, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    if "_x" in text:  # OOXML's escape of control characters (_x000D_), undone by openpyxl only in shared strings
        from openpyxl.utils.escape import unescape

        text = unescape(text)
    if text.startswith("'") and text[1:2] in _CSV_ESCAPED:  # our CSV export's defusing quote
        text = text[1:]
    return normalize_spaces(text)


def cell_date(value: Any) -> dt.date:
    """A date cell (Excel date or dd/mm/yyyy text); ValueError with a Vietnamese reason."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"“{cell_text(value)}” là số, không phải ngày dạng dd/mm/yyyy")
    return parse_date(cell_text(value))


def cell_int(value: Any) -> int:
    """A whole non-negative number (a count of hours, seats); ValueError with a Vietnamese reason."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value < 0 or not float(value).is_integer():
            raise ValueError(f"“{cell_text(value)}” phải là số nguyên không âm")
        return int(value)
    text = cell_text(value).replace(".", "").replace(" ", "")
    if not text.isdigit():
        raise ValueError(f"“{cell_text(value)}” phải là số nguyên không âm")
    return int(text)


_MONEY_SUFFIXES = ("đồng", "đ", "vnđ", "vnd")


def cell_money(value: Any) -> Decimal:
    """An amount in đồng: a number, or text such as 12.500.000 or 12500000 đồng (dots group
    thousands as Vietnamese write them). ValueError with a Vietnamese reason."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if value < 0 or not float(value).is_integer():
            raise ValueError(f"số tiền “{cell_text(value)}” phải là số nguyên đồng, không âm")
        return Decimal(int(value))
    text = cell_text(value).lower()
    for suffix in _MONEY_SUFFIXES:
        text = text.removesuffix(suffix).strip()
    groups = text.replace(" ", "").split(".")
    if not all(g.isdigit() for g in groups) or (len(groups) > 1 and not (
            1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]))):
        raise ValueError(f"số tiền “{cell_text(value)}” phải là số nguyên đồng, không âm (ví dụ 12.500.000)")
    return Decimal("".join(groups))


def blank(cells: Sequence[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


# -------------------------------------------------------------------------------------- writing

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
