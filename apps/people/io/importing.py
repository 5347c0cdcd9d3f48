"""All-or-nothing, idempotent import of people from a spreadsheet.

Contract of :func:`people_import`:

- every row is checked; any problem rejects the whole file with ``ImportFailed`` listing every
  message as "Dòng N, cột X: lý do", and the database is left untouched;
- a valid file is written in one transaction: new codes create a person, their first service
  period and qualifications; known codes are compared field by field and only real differences
  are written (service changes roll the dated history exactly like ``person_update``);
- importing the same file twice writes nothing the second time (no rows, no audit entries).

Cost: reading the file, then a fixed handful of queries (catalogues, the people named in the file
and their open periods and qualifications, in chunks of 5,000 codes), then batched bulk writes.
There is no query per row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.core.audit import audit_entry, audit_write_many, diff
from apps.core.bulk import insert_objects, insert_rows
from apps.core.codes import PERSON_CODE_MAX, person_code_problem
from apps.core.models import AuditEntry
from apps.core.tabular import (
    FileRejected,
    ImportFailed,
    ImportResult,
    Problems,
    Source,
    blank,
    cell_date,
    cell_text,
    code_taken,
    column_index,
    open_table,
    unit_not_found,
    write_retrying,
)
from apps.core.tabular import lookup_key as norm_value
from apps.people import validation
from apps.people.council import CouncilIndex
from apps.people.io import columns as C
from apps.people.io import seats as S
from apps.people.io.catalogues import Catalogues, LevelInfo, UnitInfo, load_catalogues
from apps.people.models import Dimension, Person, Qualification, ServicePeriod, Status
from apps.people.services import IDENTITY_FIELDS, SERVICE_FIELDS, period_roll_plan
from apps.results.versions import data_changed

BATCH = 2000
CHUNK = 5000
NEW_PERIOD_REASON = "Tiếp nhận"
UPDATE_PERIOD_REASON = "Cập nhật từ tệp nhập"

# Column key -> Person attribute.
FIELD_OF = {
    "full_name": "full_name", "gender": "gender", "birth_date": "birth_date",
    "ethnicity": "ethnicity_id", "national_id": "national_id", "joined_on": "joined_on",
    "unit": "unit_id", "category": "category", "rank": "rank_id", "position": "position_id",
    "position_appointed_on": "position_appointed_on", "job_position": "job_position",
    "in_succession_plan": "in_succession_plan",
}
COMPARED = IDENTITY_FIELDS + SERVICE_FIELDS


@dataclass
class QualIn:
    level: LevelInfo
    major: str = ""
    language: str = ""


@dataclass
class RowIn:
    """One parsed row: Person attribute values for the columns the file has."""

    number: int
    code: str
    values: dict[str, Any]
    effective_on: dt.date | None = None
    quals: list[QualIn] = field(default_factory=list)
    stale_unit: UnitInfo | None = None  # the row's unit no longer exists today
    status: str | None = None  # None: keep the recorded status
    status_on: dt.date | None = None
    seats: list[S.SeatIn] | None = None  # None: the file has no council seat columns


def unit_gone(unit: UnitInfo) -> str:
    later = f" (đã sáp nhập vào {unit.successor_code})" if unit.successor_code else ""
    return f"đơn vị {unit.code} không còn hoạt động{later}"


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


# ----------------------------------------------------------------------------------- resolving


def _chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _existing_people(codes: Sequence[str]) -> dict[str, Person]:
    """People whose code is in ``codes``, keyed by code."""
    found: dict[str, Person] = {}
    for chunk in _chunks(codes):
        for person in Person.objects.filter(code__in=chunk):
            found[person.code] = person
    return found


def _cccd_holders(numbers: Sequence[str]) -> dict[str, tuple[str, int]]:
    holders: dict[str, tuple[str, int]] = {}
    for chunk in _chunks(numbers):
        for number, code, unit_id in Person.objects.filter(national_id__in=chunk).values_list(
                "national_id", "code", "unit_id"):
            if number:
                holders[number] = (code, unit_id)
    return holders


def _best_levels(person_ids: Sequence[int], cat: Catalogues) -> dict[tuple[int, str], LevelInfo]:
    """Highest level held per (person, dimension), for the people given."""
    best: dict[tuple[int, str], LevelInfo] = {}
    for chunk in _chunks(person_ids):
        rows = Qualification.objects.filter(person_id__in=chunk).values_list("person_id", "dimension", "level_id")
        for person_id, dimension, level_id in rows:
            level = cat.levels_by_id[level_id]
            current = best.get((person_id, dimension))
            if current is None or level.rank > current.rank:
                best[(person_id, dimension)] = level
    return best


def _open_periods(person_ids: Sequence[int]) -> dict[int, ServicePeriod]:
    latest: dict[int, ServicePeriod] = {}
    for chunk in _chunks(person_ids):
        for period in ServicePeriod.objects.filter(person_id__in=chunk, valid_to__isnull=True):
            current = latest.get(period.person_id)
            if current is None or period.valid_from > current.valid_from:
                latest[period.person_id] = period
    return latest


@dataclass
class _Plan:
    """Everything the write phase inserts or updates, built without touching the database."""

    new_people: list[Person] = field(default_factory=list)
    new_rows: list[RowIn] = field(default_factory=list)
    changed: list[tuple[Person, RowIn, dict, bool]] = field(default_factory=list)  # person, row, diff, service?
    quals: list[tuple[Person, QualIn, dt.date]] = field(default_factory=list)
    qual_changes: dict[int, dict] = field(default_factory=dict)  # id(person) -> audit diff
    seats: list[tuple[Person, S.SeatOps]] = field(default_factory=list)
    ended: list[tuple[Person, dt.date]] = field(default_factory=list)  # status changes: first day not working
    unchanged: int = 0


class _Resolver:
    """Compares parsed rows with the database; collects row errors and the write plan."""

    def __init__(self, cat: Catalogues, problems: Problems):
        self.cat = cat
        self.problems = problems
        self.today = timezone.localdate()
        self.plan = _Plan()

    def run(self, rows: list[RowIn]) -> _Plan:
        existing = _existing_people([r.code for r in rows])
        holders = _cccd_holders([r.values["national_id"] for r in rows if r.values.get("national_id")])
        final_cccd = {r.code: r.values["national_id"] for r in rows if "national_id" in r.values}
        self.best = _best_levels([p.pk for p in existing.values()], self.cat)
        self.held = S.existing_seats([p.pk for p in existing.values()]) if any(
            r.seats is not None for r in rows) else {}
        ending = [p.pk for r in rows if (p := existing.get(r.code)) and r.status and r.status != p.status]
        self.open = _open_periods(ending)
        for row in rows:
            person = existing.get(row.code)
            if not self._cccd_free(row, holders, final_cccd):
                continue
            if person is None:
                self._plan_create(row)
            else:
                self._plan_update(person, row)
        return self.plan

    def _cccd_free(self, row: RowIn, holders: dict, final_cccd: dict) -> bool:
        number = row.values.get("national_id")
        holder = holders.get(number) if number else None
        if holder is None or holder[0] == row.code:
            return True
        if self.cat.in_scope(holder[1]) and final_cccd.get(holder[0], number) != number:
            return True  # the holder gives this number up in the same file (a holder the user may edit)
        who = f" (mã {holder[0]})" if self.cat.in_scope(holder[1]) else ""  # only a holder the user sees
        self.problems.add(row.number, C.NATIONAL_ID, code_taken("số CCCD", number) + who)
        return False

    def _plan_create(self, row: RowIn) -> None:
        values = row.values  # every required column is present and filled (checked when parsing)
        if row.stale_unit is not None:
            self.problems.add(row.number, C.UNIT, unit_gone(row.stale_unit))
            return
        if values.get("position_id") and not values.get("position_appointed_on"):
            self.problems.add(row.number, C.POSITION_APPOINTED_ON, "cần ngày bổ nhiệm khi có chức vụ")
            return
        if self._retired(row, values, values):
            return
        if reason := validation.too_old_problem(values["birth_date"], today=self.today):
            self.problems.add(row.number, C.BIRTH_DATE, reason)
            return
        if row.status not in (None, Status.WORKING):
            if row.status_on is None:
                self.problems.add(row.number, C.STATUS_ON, "cần ngày trạng thái khi không còn công tác")
                return
            if row.status_on <= values["joined_on"]:
                self.problems.add(row.number, C.STATUS_ON, f"ngày trạng thái phải sau ngày vào cơ quan "
                                                           f"{values['joined_on']:%d/%m/%Y}")
                return
        elif row.status_on is not None:
            self.problems.add(row.number, C.STATUS_ON, "chỉ ghi ngày trạng thái khi nghỉ hưu, thôi việc "
                                                       "hoặc chuyển công tác")
            return
        unit = self.cat.units_by_id[values["unit_id"]]
        person = Person(code=row.code, level=unit.level, **values)
        if row.status not in (None, Status.WORKING):
            person.status, person.status_on = row.status, row.status_on
        person.refresh_derived()
        if row.seats:
            ops = S.plan_seats([], row.seats)
            self.plan.seats.append((person, ops))
            self.plan.qual_changes.setdefault(id(person), {}).update(ops.audit)
        self.plan.new_people.append(person)
        self.plan.new_rows.append(row)
        start = row.effective_on or values["joined_on"]
        for qual in row.quals:
            self.plan.quals.append((person, qual, start))
        if row.quals:
            self.plan.qual_changes.setdefault(id(person), {}).update({
                str(Dimension(q.level.dimension).label): [None, q.level.name] for q in row.quals})

    def _plan_update(self, person: Person, row: RowIn) -> None:
        if not self.cat.in_scope(person.unit_id):
            self.problems.add(row.number, C.CODE, code_taken("mã cán bộ", row.code))
            return
        before = {name: getattr(person, name) for name in COMPARED}
        after = dict(before, **row.values)
        if after["unit_id"] != before["unit_id"]:
            after["level"] = self.cat.units_by_id[after["unit_id"]].level
        changes = diff(before, after)
        if row.stale_unit is not None and "unit_id" in changes:
            self.problems.add(row.number, C.UNIT, unit_gone(row.stale_unit))
            return
        service_changed = any(name in changes for name in SERVICE_FIELDS)
        if service_changed and person.status != Status.WORKING:
            self.problems.add(row.number, C.UNIT if "unit_id" in changes else None,
                              f"hồ sơ đang ở trạng thái “{person.get_status_display()}”, không thể thay đổi "
                              "đơn vị, ngạch, chức vụ qua tệp nhập")
            return
        if self._retired(row, after, changes):
            return
        if "position_id" in changes and after["position_id"] and not after["position_appointed_on"]:
            self.problems.add(row.number, C.POSITION_APPOINTED_ON, "cần ngày bổ nhiệm khi có chức vụ")
            return
        if "birth_date" in changes and (reason := validation.too_old_problem(after["birth_date"], today=self.today)):
            self.problems.add(row.number, C.BIRTH_DATE, reason)  # as the form: only a changed date
            return
        status_changes = self._status_change(person, row, service_changed)
        if status_changes is None:
            return
        seat_ops = S.plan_seats(self.held.get(person.pk, []), row.seats) if row.seats is not None else S.SeatOps()
        new_quals = self._higher_quals(person, row)
        if seat_ops:
            self.plan.seats.append((person, seat_ops))
            self.plan.qual_changes.setdefault(id(person), {}).update(seat_ops.audit)
        if status_changes:
            changes |= status_changes
            self.plan.ended.append((person, row.status_on))
        if not changes and not new_quals and not seat_ops:
            self.plan.unchanged += 1
            return
        for name, value in after.items():
            setattr(person, name, value)
        if status_changes:
            person.status, person.status_on = row.status, row.status_on
        self.plan.changed.append((person, row, changes, service_changed))

    def _retired(self, row: RowIn, values: dict, changed) -> bool:
        """Report a newly given rank or position that the catalogue has retired (one kept on a
        record is fine: an export imports back)."""
        for name, column in (("rank_id", C.RANK), ("position_id", C.POSITION)):
            if name in changed and values.get(name) and (name, values[name]) in self.cat.retired:
                code = (self.cat.rank_codes if name == "rank_id" else self.cat.position_codes)[values[name]]
                self.problems.add(row.number, column, f"mã {code} đã ngừng dùng trong danh mục")
                return True
        return False

    def _status_change(self, person: Person, row: RowIn, service_changed: bool) -> dict | None:
        """The audit diff of the row's status change ({} for none), or None after reporting why
        the row cannot be imported."""
        if row.status is None or (row.status == person.status and row.status_on in (None, person.status_on)):
            if row.status is None and row.status_on is not None and row.status_on != person.status_on:
                self.problems.add(row.number, C.STATUS, "có Ngày trạng thái nhưng chưa ghi Trạng thái")
                return None
            return {}
        label = Status(row.status).label
        if row.status == person.status:
            when = f" từ ngày {person.status_on:%d/%m/%Y}" if person.status_on else ""
            self.problems.add(row.number, C.STATUS_ON, f"hồ sơ đã ở trạng thái “{label}”{when}; ngày trạng thái "
                                                       "chỉ sửa được trên trang hồ sơ")
            return None
        if person.status != Status.WORKING:
            self.problems.add(row.number, C.STATUS, f"hồ sơ đang ở trạng thái “{person.get_status_display()}”; "
                                                    "trở lại công tác hoặc đổi trạng thái khác làm trên trang hồ sơ")
            return None
        if row.status_on is None:
            self.problems.add(row.number, C.STATUS_ON, f"cần ngày trạng thái khi chuyển sang “{label}”")
            return None
        if service_changed:
            self.problems.add(row.number, C.STATUS, "không thể vừa thay đổi đơn vị, ngạch, chức vụ vừa chuyển "
                                                    "trạng thái trong cùng một lần nhập")
            return None
        current = self.open.get(person.pk)
        if current is not None and row.status_on <= current.valid_from:
            self.problems.add(row.number, C.STATUS_ON, f"ngày trạng thái phải sau ngày {current.valid_from:%d/%m/%Y} "
                                                       "(bắt đầu quá trình công tác hiện tại)")
            return None
        return diff({"status": person.status, "status_on": person.status_on},
                    {"status": row.status, "status_on": row.status_on})

    def _higher_quals(self, person: Person, row: RowIn) -> list[QualIn]:
        """Levels in the row above what the person holds; the profile is never lowered."""
        higher = []
        qual_diff = {}
        for qual in row.quals:
            held = self.best.get((person.pk, qual.level.dimension))
            if held is None or qual.level.rank > held.rank:
                higher.append(qual)
                label = str(Dimension(qual.level.dimension).label)
                qual_diff[label] = [held.name if held else None, qual.level.name]
                self.plan.quals.append((person, qual, row.effective_on or self.today))
        if qual_diff:
            self.plan.qual_changes[id(person)] = qual_diff
        return higher


# -------------------------------------------------------------------------------------- writing


def _release_swapped_cccds(plan: _Plan) -> None:
    """Numbers moving between people in the same file would trip the unique index mid-update:
    clear the old numbers first (one UPDATE), then write the new ones."""
    moving = [p for p, _, changes, _ in plan.changed if "national_id" in changes]
    if not moving:
        return
    released = {changes["national_id"][0] for _, _, changes, _ in plan.changed if "national_id" in changes}
    wanted = {p.national_id for p in moving} | {p.national_id for p in plan.new_people}
    if released & wanted:
        Person.objects.filter(pk__in=[p.pk for p in moving]).update(national_id=None)


def _write(plan: _Plan, actor, filename: str) -> None:
    """Write the plan: a few statements per 5,000 rows (see ``bulk`` for why not bulk_create)."""
    now = timezone.now()
    note = f"Nhập từ tệp {filename}".strip()
    _release_swapped_cccds(plan)
    _insert_people(plan.new_people, now)
    period_fields = ["person_id", "valid_from", "valid_to", "reason", *SERVICE_FIELDS]
    insert_rows(ServicePeriod, period_fields, (
        (p.pk, p.joined_on, p.status_on - dt.timedelta(days=1) if p.status != Status.WORKING else None,
         NEW_PERIOD_REASON, *(getattr(p, n) for n in SERVICE_FIELDS))
        for p in plan.new_people))
    audit = [(p, AuditEntry.Action.CREATE, diff({}, {n: getattr(p, n) for n in COMPARED}), note)
             for p in plan.new_people]
    changed_people = [p for p, _, _, _ in plan.changed]
    for person in changed_people:
        person.refresh_derived()
        person.updated_at = now
    Person.objects.bulk_update(changed_people, ["updated_at", "given_name", "name_sort_key", "search_text",
                                                "status", "status_on", *COMPARED], batch_size=BATCH)
    insert_objects(_roll_periods(plan))
    _end_periods(plan)
    S.write_seats([(p.pk, ops) for p, ops in plan.seats])
    insert_rows(Qualification, ["person_id", "dimension", "level_id", "major", "language", "obtained_on",
                                "certificate_date", "certificate_number", "issuer", "source"], (
        (p.pk, q.level.dimension, q.level.id, q.major, q.language, on, on, "", "", Qualification.Source.IMPORT)
        for p, q, on in plan.quals))
    for person, row, changes, _ in plan.changed:
        effective = row.effective_on or timezone.localdate()
        audit.append((person, AuditEntry.Action.UPDATE, changes, f"{note}; hiệu lực từ {effective:%d/%m/%Y}"))
    _insert_audit(audit, plan, actor, now)


def _insert_people(people: list[Person], now: dt.datetime) -> None:
    """INSERT the new people, then read their ids back by code (one query per 5,000)."""
    if not people:
        return
    for person in people:
        person.created_at = person.updated_at = now
    insert_objects(people)
    by_code = {p.code: p for p in people}
    for chunk in _chunks(list(by_code)):
        for code, pk in Person.objects.filter(code__in=chunk).values_list("code", "pk"):
            by_code[code].pk = pk
            by_code[code]._state.adding = False


def _insert_audit(audit: Sequence[tuple[Person, str, dict, str]], plan: _Plan, actor, now: dt.datetime) -> None:
    """One entry per created or changed person, as ``apps.core.audit.audit_entry`` builds them."""
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    insert_rows(AuditEntry, ["at", "actor_id", "action", "target_type", "target_id", "target_label",
                             "changes", "note"], (
        (now, actor_id, action, "person", p.pk, str(p)[:255], changes | plan.qual_changes.get(id(p), {}),
         note[:500]) for p, action, changes, note in audit))


def _end_periods(plan: _Plan) -> None:
    """Close the open period of everyone who retired, left or moved out (the day before)."""
    current = _open_periods([p.pk for p, _ in plan.ended])
    closing = []
    for person, on in plan.ended:
        if (period := current.get(person.pk)) is not None:
            period.valid_to = on - dt.timedelta(days=1)
            closing.append(period)
    ServicePeriod.objects.bulk_update(closing, ["valid_to"], batch_size=BATCH)


def _roll_periods(plan: _Plan) -> list[ServicePeriod]:
    """Close or rewrite the open periods of people whose service changed (bulk), return new ones."""
    rolling = [(p, row) for p, row, _, service in plan.changed if service]
    current = _open_periods([p.pk for p, _ in rolling])
    closed: list[ServicePeriod] = []
    rewritten: list[ServicePeriod] = []
    new: list[ServicePeriod] = []
    for person, row in rolling:
        period = current.get(person.pk)
        updates, fresh = period_roll_plan(period, person, row.effective_on or timezone.localdate(),
                                          UPDATE_PERIOD_REASON)
        if period is not None and updates:
            for name, value in updates.items():
                setattr(period, name, value)
            (closed if "valid_to" in updates else rewritten).append(period)
        if fresh is not None:
            new.append(fresh)
    ServicePeriod.objects.bulk_update(closed, ["valid_to"], batch_size=BATCH)
    ServicePeriod.objects.bulk_update(rewritten, ["reason", *SERVICE_FIELDS], batch_size=BATCH)
    return new


# ----------------------------------------------------------------------------------- entry point


def people_import(*, actor, source: Source, filename: str = "", dry_run: bool = False) -> ImportResult:
    """Import ``source`` (xlsx or csv) as ``actor``; see the module docstring for the contract.

    Raises PermissionDenied if the actor may not edit people, ImportFailed with every problem."""
    scope_of(actor).require(Perm.EDIT_PEOPLE, "Bạn không có quyền nhập hồ sơ nhân sự.")
    cat = load_catalogues(actor)
    problems = Problems()
    try:
        with open_table(source, filename) as table:
            if not any(cell_text(h) for h in table.headers):
                raise FileRejected("Tệp trống: không có dòng tiêu đề và dữ liệu (hãy dùng tệp mẫu).")
            index, ignored = column_index(table.headers, C.BY_HEADER_KEY, C.REQUIRED, problems)
            problems.raise_if_any()
            parser = _RowParser(cat, index, problems, CouncilIndex() if S.has_seat_columns(index) else None)
            rows, seen = _parse_rows(table.rows, parser, problems)
    except FileRejected as exc:
        raise ImportFailed([str(exc)]) from None
    if not seen:
        raise ImportFailed(["Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề hoặc để trống)."])

    def check_and_write(problems: Problems) -> ImportResult:
        with transaction.atomic():  # rows that parsed are still checked against the registry
            plan = _Resolver(cat, problems).run(rows)
            problems.raise_if_any()
            result = ImportResult(created=len(plan.new_people), updated=len(plan.changed),
                                  unchanged=plan.unchanged, ignored_columns=ignored, dry_run=dry_run)
            if not dry_run and (plan.new_people or plan.changed):
                _write(plan, actor, filename)
                data_changed()  # stored plan results are stale (apps/results)
                audit_write_many([audit_entry(actor=actor, action=AuditEntry.Action.IMPORT, target_type="person",
                                              note=f"{filename}: {result.summary}")])
        return result

    return write_retrying(check_and_write, problems)
