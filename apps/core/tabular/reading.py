"""Reading an upload: an xlsx (first sheet, streamed) or csv (UTF-8, with or without BOM) becomes a
header row and numbered raw rows. The content decides the format, not the file name: a PDF or
random bytes renamed ``.xlsx`` are refused with a Vietnamese message instead of a stack trace.
Rows are numbered as the user sees them in a spreadsheet (the header is row 1), blank rows
included in the count; size, row and zip limits guard the server."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from apps.core.vn import format_number

NOT_A_SPREADSHEET = "Tệp không phải bảng tính Excel (.xlsx) hoặc CSV nên không đọc được."



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
