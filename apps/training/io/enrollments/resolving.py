"""Rows against the database: classes, people, their enrollments, costs and full-time trainings read
in chunks; every rule checked; the plan of what to create and update."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from apps.core.tabular import (
    Problems,
)
from apps.core.vn import format_date
from apps.people.models import Person
from apps.people.selectors import people_visible_to
from apps.training.io import columns as C
from apps.training.io.catalogues import (
    Rights,
    classes_with_codes,
)
from apps.training.io.enrollments.rows import CHUNK, ROW_FIELDS, STATUS_LABELS, RowIn
from apps.training.models import (
    ClassStatus,
    Enrollment,
    EnrollmentCost,
    EnrollmentStatus,
    TrainingClass,
)
from apps.training.selectors import classes_visible_to, enrollments_visible_to
from apps.training.services import (
    CLOSED_STATUSES,
)


def chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass(frozen=True)
class PersonInfo:
    id: int
    code: str
    unit_id: int
    name: str


@dataclass
class Existing:
    """An enrollment already recorded for a (class, person) pair in the file."""

    pk: int
    values: dict[str, Any]
    costs: dict[str, Decimal]
    visible: bool = False


@dataclass
class ImportPlan:
    creates: list[tuple[RowIn, TrainingClass, PersonInfo]] = field(default_factory=list)
    updates: list[tuple[RowIn, TrainingClass, PersonInfo, Existing, dict[str, Any]]] = field(default_factory=list)
    cost_changes: dict[int, dict[str, Decimal]] = field(default_factory=dict)  # enrollment pk -> new costs
    unchanged: int = 0


@dataclass(frozen=True)
class Busy:
    """A full-time training occupying a person: from the database or from a row of the file."""

    start: dt.date
    end: dt.date
    label: str
    class_id: int | None
    row: int | None = None


class Resolver:
    def __init__(self, actor, rights: Rights, problems: Problems):
        self.actor, self.rights, self.problems = actor, rights, problems
        self.plan = ImportPlan()

    # -- loading
    def _load(self, rows: list[RowIn]) -> None:
        codes = sorted({r.class_code for r in rows})
        classes: dict[str, TrainingClass] = {}
        for chunk in chunks(codes):
            for klass in classes_with_codes(chunk).select_related("programme__grants_level", "provider", "form"):
                classes[klass.code.upper()] = klass
        self.classes = {c: classes[c.upper()] for c in codes if c.upper() in classes}
        class_ids = [k.pk for k in classes.values()]
        self.visible_classes = set(class_ids) if self.rights.sees_all else set(
            classes_visible_to(self.actor).filter(pk__in=class_ids).values_list("pk", flat=True))
        self.people: dict[str, PersonInfo] = {}
        for chunk in chunks(sorted({r.person_code for r in rows})):
            for pk, code, unit_id, name in Person.objects.filter(code__in=chunk).values_list(
                    "pk", "code", "unit_id", "full_name"):
                self.people[code] = PersonInfo(pk, code, unit_id, name)
        person_ids = [p.id for p in self.people.values()]
        self.visible_people: set[int] | None = None
        if not self.rights.sees_all:
            self.visible_people = set()
            for chunk in chunks(person_ids):
                self.visible_people |= set(people_visible_to(self.actor).filter(pk__in=chunk)
                                           .values_list("pk", flat=True))
        self._load_existing(class_ids)
        self._load_busy(person_ids)

    def _load_existing(self, class_ids: list[int]) -> None:
        self.existing: dict[tuple[int, int], Existing] = {}
        self.active_count: dict[int, int] = defaultdict(int)
        by_pk: dict[int, Existing] = {}
        for chunk in chunks(class_ids, 500):
            rows = Enrollment.objects.filter(training_class_id__in=chunk).values_list(
                "pk", "training_class_id", "person_id", *ROW_FIELDS)
            for pk, class_id, person_id, *values in rows.iterator(chunk_size=CHUNK):
                found = Existing(pk, dict(zip(ROW_FIELDS, values, strict=True)), {})
                self.existing[(class_id, person_id)] = by_pk[pk] = found
                if found.values["status"] != EnrollmentStatus.WITHDRAWN:
                    self.active_count[class_id] += 1
            costs = EnrollmentCost.objects.filter(enrollment__training_class_id__in=chunk).values_list(
                "enrollment_id", "funding_source", "amount")
            for enrollment_id, source, amount in costs.iterator(chunk_size=CHUNK):
                by_pk[enrollment_id].costs[source] = amount
            if self.rights.sees_all:
                for found in by_pk.values():
                    found.visible = True
            else:
                for pk in enrollments_visible_to(self.actor).filter(training_class_id__in=chunk).values_list(
                        "pk", flat=True):
                    by_pk[pk].visible = True

    def _load_busy(self, person_ids: list[int]) -> None:
        """Active full-time trainings of the file's people, from the database."""
        self.busy: dict[int, list[Busy]] = defaultdict(list)
        for chunk in chunks(person_ids):
            rows = (Enrollment.objects.filter(person_id__in=chunk).active().full_time()
                    .values_list("person_id", "training_class_id", "training_class__code", "programme__name",
                                 "start_date", "end_date"))
            for person_id, class_id, class_code, programme, start, end in rows.iterator(chunk_size=CHUNK):
                label = f"lớp {class_code}" if class_code else programme
                self.busy[person_id].append(Busy(start, end, label, class_id))

    # -- checking
    def run(self, rows: list[RowIn]) -> ImportPlan:
        self._load(rows)
        joining: dict[int, list[tuple[RowIn, TrainingClass]]] = defaultdict(list)  # person -> full-time rows
        seats: dict[int, int] = defaultdict(int)
        for row in rows:
            resolved = self._resolve(row)
            if resolved is None:
                continue
            klass, person, existing, becomes_active = resolved
            if becomes_active and klass.form.is_full_time:
                joining[person.id].append((row, klass))
            if becomes_active:
                seats[klass.pk] += 1
                self._check_seat(row, klass, seats[klass.pk])
        for person_id, joined in joining.items():
            self._check_overlaps(person_id, joined)
        return self.plan

    def _resolve(self, row: RowIn):
        """Checks one row against the database; returns (class, person, existing, becomes active)
        or None after reporting a problem (or when nothing changes)."""
        klass = self.classes.get(row.class_code)
        person = self.people.get(row.person_code)
        existing = self.existing.get((klass.pk, person.id)) if klass and person else None
        shown = existing is not None and existing.visible
        if klass is None or not (klass.pk in self.visible_classes or shown):
            self.problems.add(row.number, C.E_CLASS, f"không có lớp mã “{row.class_code}”")
            return None
        if person is None or not (self.visible_people is None or person.id in self.visible_people or shown):
            self.problems.add(row.number, C.PERSON, f"không có cán bộ mã “{row.person_code}”")
            return None
        if not self._dates_fit(row, klass):
            return None
        if existing is None:
            return self._plan_create(row, klass, person)
        return self._plan_update(row, klass, person, existing)

    def _dates_fit(self, row: RowIn, klass: TrainingClass) -> bool:
        ok = True
        for column in (C.COMPLETED_ON, C.CERTIFICATE_DATE):
            day = row.values.get(column.key)
            if day and day < klass.start_date:
                self.problems.add(row.number, column, f"ngày {format_date(day)} trước ngày khai giảng lớp "
                                                      f"{klass.code} ({format_date(klass.start_date)})")
                ok = False
        hours = row.values.get("hours_attended")
        if hours is not None and klass.hours is not None and hours > klass.hours:
            self.problems.add(row.number, C.HOURS_ATTENDED, f"{hours} tiết, vượt số tiết của lớp ({klass.hours})")
            ok = False
        return ok

    def _plan_create(self, row: RowIn, klass: TrainingClass, person: PersonInfo):
        if not self.rights.can_enrol(person.unit_id):
            self.problems.add(row.number, C.PERSON, f"cán bộ {person.code} thuộc đơn vị ngoài phạm vi quản lý "
                                                    "của bạn, không ghi danh được")
            return None
        if klass.status == ClassStatus.CANCELLED:
            self.problems.add(row.number, C.E_CLASS, f"lớp {klass.code} đã hủy, không thể ghi danh")
            return None
        if not self.rights.can_send_to(klass):
            self.problems.add(row.number, C.E_CLASS, f"lớp {klass.code} do đơn vị khác tổ chức, không mở cho các "
                                                     "cơ quan cử người")
            return None
        row.values.setdefault("status", EnrollmentStatus.REGISTERED)
        self.plan.creates.append((row, klass, person))
        return klass, person, None, row.values["status"] != EnrollmentStatus.WITHDRAWN

    def _plan_update(self, row: RowIn, klass: TrainingClass, person: PersonInfo, existing: Existing):
        changes = {k: v for k, v in row.values.items() if existing.values[k] != v}
        new_costs = None
        if row.costs is not None:
            merged = {s: a for s, a in {**existing.costs, **dict(row.costs)}.items() if a}
            if merged != existing.costs:
                new_costs = merged
        if not changes and new_costs is None:
            self.plan.unchanged += 1
            return None
        if not self.rights.can_grade(provider_id=klass.provider_id, organiser_id=klass.organiser_id,
                                     person_unit_id=person.unit_id):
            self.problems.add(row.number, None, f"bạn không có quyền cập nhật kết quả của cán bộ {person.code} "
                                                f"trong lớp {klass.code}")
            return None
        before = existing.values["status"]
        if "status" in changes and before in CLOSED_STATUSES:
            self.problems.add(row.number, C.STATUS, f"lượt học đã ở trạng thái “{STATUS_LABELS[before]}”, không "
                                                    f"chuyển sang “{STATUS_LABELS[changes['status']]}” được")
            return None
        self.plan.updates.append((row, klass, person, existing, changes))
        if new_costs is not None:
            self.plan.cost_changes[existing.pk] = new_costs
        rejoins = before == EnrollmentStatus.WITHDRAWN and changes.get("status") not in (None, before)
        return klass, person, existing, rejoins

    def _check_seat(self, row: RowIn, klass: TrainingClass, joining: int) -> None:
        taken = self.active_count[klass.pk] + joining
        if klass.capacity is not None and taken > klass.capacity:
            self.problems.add(row.number, C.E_CLASS, f"lớp {klass.code} chỉ có {klass.capacity} chỗ, "
                                                     f"đã đủ học viên")

    def _check_overlaps(self, person_id: int, joined: list[tuple[RowIn, TrainingClass]]) -> None:
        """The service's rule (``_check_full_time_overlap``) over the database and the file at once:
        a joining full-time row may not overlap another active full-time training of the person."""
        mine = [Busy(k.start_date, k.end_date, f"lớp {k.code}", k.pk, row.number) for row, k in joined]
        others = [b for b in self.busy.get(person_id, []) if b.class_id not in {k.pk for _, k in joined}]
        for i, (row, _) in enumerate(joined):
            me = mine[i]
            for other in others + mine[:i]:
                if other.start <= me.end and me.start <= other.end:
                    where = f" (dòng {other.row})" if other.row else ""
                    self.problems.add(row.number, C.E_CLASS, f"trùng thời gian học tập trung với {other.label}{where} "
                                                             f"({format_date(other.start)}–{format_date(other.end)})")
                    break
