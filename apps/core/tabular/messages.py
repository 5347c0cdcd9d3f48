"""Columns and messages: ``Column`` (key, Vietnamese header, required, help), loose header
matching, ``RowError`` ("Dòng N, cột X: lý do"), ``Problems`` collecting them, ``ImportFailed``
carrying them to the user, ``RowReader`` and ``write_retrying`` for concurrent imports."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from apps.core.tabular.cells import cell_date, cell_text
from apps.core.vn import fold, format_number


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
