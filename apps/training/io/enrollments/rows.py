"""The enrollments file's rows: the columns a row may set, parsing and checking each row alone (no
database access)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from apps.core import tabular
from apps.core.tabular import (
    Problems,
    RowReader,
    blank,
    cell_int,
    cell_money,
    cell_text,
    lookup_key,
)
from apps.core.vn import format_date, format_number
from apps.training.io import columns as C
from apps.training.io.catalogues import (
    ENROLLMENT_STATUSES,
)
from apps.training.models import (
    EnrollmentStatus,
)

CHUNK = 5000
BATCH = 2000
STATUS_LABELS = dict(EnrollmentStatus.choices)
# Fields a row may set on an enrollment, in column order (costs apart).
ROW_FIELDS = ("status", "result", "certificate_number", "certificate_date", "hours_attended", "completed_on")
COMPLETION_ONLY = (C.CERTIFICATE, C.CERTIFICATE_DATE, C.COMPLETED_ON)


@dataclass
class ImportResult(tabular.ImportResult):
    completed: int = 0  # enrollments completed by this import
    qualifications: int = 0  # levels recorded in profiles
    created_label = "lượt ghi danh mới"

    @property
    def summary(self) -> str:
        return (super().summary.removesuffix(".") + f"; {format_number(self.completed)} lượt hoàn thành, "
                f"{format_number(self.qualifications)} trình độ được ghi vào hồ sơ.")


@dataclass(slots=True)
class RowIn:
    """One parsed row. A file holds a hundred thousand of them: slots, shared strings, dates and
    cost pairs keep each small."""

    number: int
    class_code: str
    person_code: str
    values: dict[str, Any]  # ROW_FIELDS present in the file
    costs: tuple[tuple[str, Decimal], ...] | None  # (funding source, amount) for the cost columns present


# ------------------------------------------------------------------------------------- parsing


class RowParser(RowReader):
    """Raw cells to values, each bad cell reported once. No database access."""

    def __init__(self, index: dict[str, int], problems: Problems):
        super().__init__(index, problems)
        self.today = timezone.localdate()
        self.cost_columns = [c for c in C.COSTS.values() if c.key in index]

    def day(self, column: C.Column) -> dt.date | None:
        """A date of the results: not before 1950, not in the future."""
        return self.date(column, dt.date(1950, 1, 1), self.today)

    def parse(self, number: int, cells: Sequence[Any]) -> RowIn | None:
        self.start(number, cells)
        class_code = self.share(self.text(C.E_CLASS, 40))
        person_code = self.text(C.PERSON, 32)
        values = self._values()
        costs = None
        if self.cost_columns:
            costs = tuple(self.share((column.key.split(":", 1)[1], self.optional(column, cell_money)
                                      or Decimal(0))) for column in self.cost_columns)
        if not self.ok:
            return None
        self._check_consistency(values)
        return RowIn(number, class_code, person_code, values, costs) if self.ok else None

    def _values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        status_text = self.text(C.STATUS, 40)
        if status_text:
            status = ENROLLMENT_STATUSES.get(lookup_key(status_text))
            if status is None:
                self.error(C.STATUS, f"trạng thái “{status_text}” không hợp lệ (chọn: "
                                     + ", ".join(STATUS_LABELS.values()) + ")")
            values["status"] = status
        readers = {
            "result": lambda c: self.share(self.text(c, 100)),
            "certificate_number": lambda c: self.text(c, 60),
            "certificate_date": self.day,
            "hours_attended": lambda c: self.optional(c, cell_int),
            "completed_on": self.day,
        }
        for column in (C.RESULT, C.CERTIFICATE, C.CERTIFICATE_DATE, C.HOURS_ATTENDED, C.COMPLETED_ON):
            if column.key in self.index:
                values[column.key] = readers[column.key](column)
        return values

    def _check_consistency(self, values: dict[str, Any]) -> None:
        """Status and certificate agree: a completion has its date; a certificate, a completion
        date only come with "Hoàn thành"; a certificate is not dated before the completion."""
        completed = values.get("status") == EnrollmentStatus.COMPLETED
        if completed and not values.get("completed_on"):
            self.error(C.COMPLETED_ON, "cần ngày hoàn thành khi trạng thái là Hoàn thành")
        if not completed:
            for column in COMPLETION_ONLY:
                if values.get(column.key):
                    self.error(column, f"chỉ ghi khi trạng thái là Hoàn thành (dòng này: "
                                       f"{STATUS_LABELS.get(values.get('status') or '', '')})")
        issued, done = values.get("certificate_date"), values.get("completed_on")
        if completed and issued and done and issued < done:
            self.error(C.CERTIFICATE_DATE, f"ngày cấp {format_date(issued)} trước ngày hoàn thành {format_date(done)}")


def parse_rows(rows: Iterator[tuple[int, Sequence[Any]]], parser: RowParser,
                problems: Problems) -> tuple[list[RowIn], int]:
    """Every non-blank row parsed; a (class, person) pair repeated in the file is an error."""
    parsed: list[RowIn] = []
    seen = 0
    first: dict[tuple[str, str], int] = {}
    for number, cells in rows:
        if blank(cells):
            continue
        seen += 1
        row = parser.parse(number, cells)
        key = (row.class_code.upper(), row.person_code) if row else (
            cell_text(parser.raw(C.E_CLASS)).upper(), cell_text(parser.raw(C.PERSON)))
        if all(key) and key in first:
            problems.add(number, C.PERSON, f"cán bộ {key[1]} đã có ở dòng {first[key]} cho lớp {key[0]}")
            continue
        first.setdefault(key, number)
        if row is not None:
            parsed.append(row)
    return parsed, seen
