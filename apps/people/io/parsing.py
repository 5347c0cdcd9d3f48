"""The people import, step 1: cells and rows of the file into ``RowIn`` (with row/column messages)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from typing import Any

from django.utils import timezone

from apps.core.codes import PERSON_CODE_MAX, person_code_problem
from apps.core.tabular import (
    Problems,
    blank,
    cell_date,
    cell_text,
    unit_not_found,
)
from apps.core.tabular import lookup_key as norm_value
from apps.people import validation
from apps.people.council import CouncilIndex
from apps.people.io import columns as C
from apps.people.io import seats as S
from apps.people.io.catalogues import Catalogues, UnitInfo
from apps.people.io.rows import FIELD_OF, QualIn, RowIn
from apps.people.models import Dimension

# ---------------------------------------------------------------------------------------- cells

_CCCD_RE = re.compile(r"^\d{12}$")
_YES = {"co", "x", "1", "true", "yes", "dung"}
_NO = {"", "khong", "0", "false", "no", "sai"}


def cell_national_id(value: Any) -> str:
    """Excel drops a CCCD's leading zero when the cell is a number; put it back."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = cell_text(value)
        return text.zfill(12) if 10 <= len(text) <= 12 else text
    return cell_text(value).replace(" ", "")


# ------------------------------------------------------------------------------------- parsing


class _RowParser:
    """Turns raw cells into Person values, reporting each bad cell once. No database access."""

    def __init__(self, catalogues: Catalogues, index: dict[str, int], problems: Problems,
                 councils: CouncilIndex | None = None):
        self.cat = catalogues
        self.councils = councils
        self.index = index
        self.problems = problems
        self.today = timezone.localdate()

    def parse(self, number: int, cells: Sequence[Any]) -> RowIn | None:
        self.number, self.cells, self.ok = number, cells, True
        self.stale_unit: UnitInfo | None = None
        values: dict[str, Any] = {}
        code = self._code()
        for key, attr in FIELD_OF.items():
            if key in self.index:
                values[attr] = getattr(self, "_" + key)(C.BY_KEY[key])
        effective_on = self._date(C.EFFECTIVE_ON) if "effective_on" in self.index else None
        quals = self._qualifications()
        status, status_on = S.parse_status(self)
        seats = S.parse_seats(self, self.councils, values.get("unit_id")) if self.councils else None
        born, joined = values.get("birth_date"), values.get("joined_on")
        if joined and (reason := validation.joined_on_problem(joined, born=born)):
            self._error(C.JOINED_ON, reason)
        if not self.ok:
            return None
        return RowIn(number, code, values, effective_on, quals, self.stale_unit, status, status_on, seats)

    # -- helpers
    def raw(self, column: C.Column) -> Any:
        i = self.index.get(column.key)
        return self.cells[i] if i is not None and i < len(self.cells) else None

    def _error(self, column: C.Column | None, message: str) -> None:
        self.ok = False
        self.problems.add(self.number, column, message)

    def _text(self, column: C.Column, max_length: int = 200) -> str:
        text = cell_text(self.raw(column))
        if not text and column.required:
            self._error(column, "chưa có giá trị (cột bắt buộc)")
        elif len(text) > max_length:
            self._error(column, f"dài quá {max_length} ký tự")
        return text

    def _date(self, column: C.Column) -> dt.date | None:
        raw = self.raw(column)
        if cell_text(raw) == "":
            if column.required:
                self._error(column, "chưa có giá trị (cột bắt buộc)")
            return None
        try:
            day = cell_date(raw)
        except ValueError as exc:
            self._error(column, str(exc))
            return None
        if not dt.date(1900, 1, 1) <= day <= dt.date(self.today.year + 5, 12, 31):
            self._error(column, f"ngày {day:%d/%m/%Y} không hợp lý")
            return None
        return day

    def _choice(self, column: C.Column, table: dict, what: str, allowed: str = "") -> Any:
        text = self._text(column)
        if not text:
            return None
        found = table.get(norm_value(text))
        if found is None:
            hint = f" (chọn: {allowed})" if allowed else " (xem danh sách trong tệp mẫu)"
            self._error(column, f"{what} “{text}” không hợp lệ{hint}")
        return found

    def _code(self) -> str:
        code = self._text(C.CODE, max_length=PERSON_CODE_MAX)
        if code and self.ok and (reason := person_code_problem(code)):
            self._error(C.CODE, reason)
        return code

    # -- one method per column key
    def _full_name(self, column: C.Column) -> str:
        name = self._text(column, max_length=validation.FULL_NAME_MAX)
        if name and (reason := validation.full_name_problem(name)):
            self._error(column, reason)
        return name

    def _gender(self, column: C.Column) -> str | None:
        return self._choice(column, self.cat.genders, "giới tính", "Nam, Nữ")

    def _birth_date(self, column: C.Column) -> dt.date | None:
        day = self._date(column)
        if day is not None and (reason := validation.birth_date_problem(day, today=self.today)):
            self._error(column, reason)
            return None  # as the form: a refused birth date is not compared with the join date
        return day

    def _joined_on(self, column: C.Column) -> dt.date | None:
        return self._date(column)

    def _position_appointed_on(self, column: C.Column) -> dt.date | None:
        return self._date(column)

    def _ethnicity(self, column: C.Column) -> int | None:
        return self._choice(column, self.cat.ethnicities, "dân tộc")

    def _national_id(self, column: C.Column) -> str | None:
        text = cell_national_id(self.raw(column))
        if text and not _CCCD_RE.match(text):
            self._error(column, f"số CCCD “{text}” phải gồm đúng 12 chữ số")
        return text or None

    def _unit(self, column: C.Column) -> int | None:
        code = self._text(column, max_length=32)
        if not code:
            return None
        unit = self.cat.units.get(code.upper())
        if unit is None or not self.cat.in_scope(unit.id):
            self._error(column, unit_not_found(code))  # missing and another agency's alike
        else:
            # A unit closed by a restructuring is fine for someone who stayed in it (a retiree
            # exported and imported back); the resolver refuses it for new people and moves.
            self.stale_unit = None if unit.current else unit
            return unit.id
        return None

    def _category(self, column: C.Column) -> str | None:
        return self._choice(column, self.cat.categories, "đối tượng",
                            "Cán bộ, Công chức, Viên chức, Người hoạt động không chuyên trách cấp xã")

    def _rank(self, column: C.Column) -> int | None:
        return self._choice(column, self.cat.ranks, "mã ngạch/chức danh")

    def _position(self, column: C.Column) -> int | None:
        return self._choice(column, self.cat.positions, "mã chức vụ")

    def _job_position(self, column: C.Column) -> str:
        return self._text(column, max_length=200)

    def _in_succession_plan(self, column: C.Column) -> bool:
        text = cell_text(self.raw(column))
        key = norm_value(text)
        if key in _YES:
            return True
        if key not in _NO:
            self._error(column, f"“{text}” không hợp lệ (ghi Có hoặc Không)")
        return False

    def _qualifications(self) -> list[QualIn]:
        quals = []
        for dimension in Dimension:
            column = C.DIMENSION_COLUMNS[dimension.value]
            if column.key not in self.index:
                continue
            level = self._choice(column, self.cat.levels.get(dimension.value, {}),
                                 f"trình độ {dimension.label.lower()}")
            extra = {}
            if dimension == Dimension.PROFESSIONAL and "major" in self.index:
                extra["major"] = self._text(C.MAJOR)
            if dimension == Dimension.ETHNIC_LANGUAGE and "language" in self.index:
                extra["language"] = self._text(C.LANGUAGE, max_length=60)
            if level is not None:
                quals.append(QualIn(level, **extra))
            elif any(extra.values()):
                extra_column = C.MAJOR if "major" in extra else C.LANGUAGE
                self._error(extra_column, f"có giá trị nhưng cột “{column.header}” để trống")
        return quals


def _parse_rows(rows: Iterator[tuple[int, Sequence[Any]]], parser: _RowParser,
                problems: Problems) -> tuple[list[RowIn], int]:
    """Parse every non-blank row; flag codes and CCCD numbers repeated within the file.
    Returns the valid rows and the number of non-blank rows seen."""
    parsed: list[RowIn] = []
    seen = 0
    first_row_of_code: dict[str, int] = {}
    first_row_of_cccd: dict[str, int] = {}
    for number, cells in rows:
        if blank(cells):
            continue
        seen += 1
        row = parser.parse(number, cells)
        code = cell_text(parser.raw(C.CODE))
        if code in first_row_of_code:
            problems.add(number, C.CODE, f"mã cán bộ {code} trùng với dòng {first_row_of_code[code]}")
            row = None
        elif code:
            first_row_of_code[code] = number
        cccd = row.values.get("national_id") if row else None
        if cccd and cccd in first_row_of_cccd:
            problems.add(number, C.NATIONAL_ID, f"số CCCD {cccd} trùng với dòng {first_row_of_cccd[cccd]}")
            row = None
        elif cccd:
            first_row_of_cccd[cccd] = number
        if row is not None:
            parsed.append(row)
    return parsed, seen


