"""The people import, step 2: rows resolved against the database into a write plan (a fixed handful of queries, in chunks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from apps.core.audit import diff
from apps.core.tabular import (
    Problems,
    code_taken,
)
from apps.people import validation
from apps.people.io import columns as C
from apps.people.io import seats as S
from apps.people.io.catalogues import Catalogues, LevelInfo
from apps.people.io.rows import CHUNK, COMPARED, QualIn, RowIn, unit_gone
from apps.people.models import Dimension, Person, Qualification, ServicePeriod, Status
from apps.people.services import SERVICE_FIELDS

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


