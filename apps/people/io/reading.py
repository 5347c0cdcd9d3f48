"""Turning an uploaded file into raw rows: xlsx (first sheet) or csv (UTF-8, with or without BOM).

The content decides the format, not the file name: a PDF or random bytes renamed ``.xlsx`` are
refused with a Vietnamese message instead of a stack trace. Rows are numbered as the user sees
them in a spreadsheet (the header is row 1), blank rows included in the count.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

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


@contextlib.contextmanager
def open_table(source: Source, filename: str = "") -> Iterator[Table]:
    """Open ``source`` (path, bytes or binary file) as a table; raises FileRejected.

    Memory: an xlsx is streamed (openpyxl read-only mode); a csv is decoded whole."""
    if not filename and isinstance(source, str | os.PathLike):
        filename = os.fspath(source)
    stream = _as_binary(source)
    try:
        head = stream.read(8)
        if not head:
            raise FileRejected("Tệp rỗng, không có dữ liệu.")
        stream.seek(0)
        if _kind(head, filename) == "xlsx":
            with _xlsx_table(stream) as table:
                yield table
        else:
            yield _csv_table(stream.read())
    finally:
        if stream is not source:
            stream.close()


@contextlib.contextmanager
def _xlsx_table(stream: IO[bytes]) -> Iterator[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception:  # corrupt zip, a .docx, missing parts: all "not a spreadsheet" to the user
        raise FileRejected(NOT_A_SPREADSHEET) from None
    try:
        sheet.reset_dimensions()  # some writers store a wrong <dimension>; read every row
        rows = _guarded(enumerate(sheet.iter_rows(values_only=True), start=1))
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


def _csv_table(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected("Tệp CSV phải lưu với bảng mã UTF-8 (trong Excel: “CSV UTF-8”), "
                           "hoặc tệp không phải bảng tính.") from None
    if "\x00" in text:
        raise FileRejected(NOT_A_SPREADSHEET)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    rows = enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)
    first = next(rows, None)
    headers: list[Any] = list(first[1]) if first else []
    return Table(headers=headers, rows=_csv_rows(rows))


def _csv_rows(rows: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, Sequence[Any]]]:
    try:
        yield from rows
    except csv.Error as exc:
        raise FileRejected(f"Tệp CSV sai cấu trúc: {exc}.") from None
