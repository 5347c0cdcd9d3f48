"""The enrollments (results) file: one row per person in a class, as a provider's results
spreadsheet gives them. All-or-nothing, idempotent import keyed by (class code, personnel code),
and the export that imports back unchanged.

Contract of :func:`enrollments_import`:

- every row is checked (codes, dates, status and certificate consistency, duplicates, rights,
  capacity, overlapping full-time classes); any problem rejects the whole file with
  ``ImportFailed`` listing every message as "Dòng N, cột X: lý do", and nothing is written;
- a valid file is written in one transaction: a new (class, person) pair enrols the person with
  the class's programme, dates and form; a known pair is compared field by field and only real
  differences are written; columns the file lacks are left as they are;
- a row that completes an enrollment raises the person's qualification exactly as
  ``services.enrollment_complete`` does (``services.granted_qualification``, set-based);
- importing the same file again writes nothing; one audit entry summarises each import.

Cost: a fixed handful of queries per 5,000 rows (classes, people, their enrollments and costs,
their full-time trainings), then batched INSERTs (COPY on PostgreSQL). No query per row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from apps.core import tabular
from apps.core.audit import audit_write
from apps.core.bulk import insert_rows
from apps.core.models import AuditEntry
from apps.core.tabular import (
    CSV,
    XLSX,
    ExportFile,
    FileRejected,
    ImportFailed,
    Problems,
    RowReader,
    Source,
    blank,
    cell_int,
    cell_money,
    cell_text,
    column_index,
    date_text,
    lookup_key,
    open_table,
    render_csv,
    render_xlsx,
    write_retrying,
)
from apps.core.vn import format_date, format_number
from apps.people.models import Person
from apps.people.selectors import people_visible_to
from apps.results.versions import data_changed
from apps.training.io import columns as C
from apps.training.io.catalogues import (
    ENROLLMENT_STATUSES,
    Rights,
    classes_with_codes,
    may_import,
    rights_of,
)
from apps.training.models import (
    ClassStatus,
    Enrollment,
    EnrollmentCost,
    EnrollmentStatus,
    FundingSource,
    TrainingClass,
)
from apps.training.selectors import classes_visible_to, enrollments_visible_to
from apps.training.services import (
    CLOSED_STATUSES,
    COPIED_TO_ENROLLMENTS,
    completions_record_qualifications,
    granted_qualification,
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


class _RowParser(RowReader):
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


def _parse_rows(rows: Iterator[tuple[int, Sequence[Any]]], parser: _RowParser,
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


# ----------------------------------------------------------------------------------- resolving


def _chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
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
class _Plan:
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


class _Resolver:
    def __init__(self, actor, rights: Rights, problems: Problems):
        self.actor, self.rights, self.problems = actor, rights, problems
        self.plan = _Plan()

    # -- loading
    def _load(self, rows: list[RowIn]) -> None:
        codes = sorted({r.class_code for r in rows})
        classes: dict[str, TrainingClass] = {}
        for chunk in _chunks(codes):
            for klass in classes_with_codes(chunk).select_related("programme__grants_level", "provider", "form"):
                classes[klass.code.upper()] = klass
        self.classes = {c: classes[c.upper()] for c in codes if c.upper() in classes}
        class_ids = [k.pk for k in classes.values()]
        self.visible_classes = set(class_ids) if self.rights.sees_all else set(
            classes_visible_to(self.actor).filter(pk__in=class_ids).values_list("pk", flat=True))
        self.people: dict[str, PersonInfo] = {}
        for chunk in _chunks(sorted({r.person_code for r in rows})):
            for pk, code, unit_id, name in Person.objects.filter(code__in=chunk).values_list(
                    "pk", "code", "unit_id", "full_name"):
                self.people[code] = PersonInfo(pk, code, unit_id, name)
        person_ids = [p.id for p in self.people.values()]
        self.visible_people: set[int] | None = None
        if not self.rights.sees_all:
            self.visible_people = set()
            for chunk in _chunks(person_ids):
                self.visible_people |= set(people_visible_to(self.actor).filter(pk__in=chunk)
                                           .values_list("pk", flat=True))
        self._load_existing(class_ids)
        self._load_busy(person_ids)

    def _load_existing(self, class_ids: list[int]) -> None:
        self.existing: dict[tuple[int, int], Existing] = {}
        self.active_count: dict[int, int] = defaultdict(int)
        by_pk: dict[int, Existing] = {}
        for chunk in _chunks(class_ids, 500):
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
        for chunk in _chunks(person_ids):
            rows = (Enrollment.objects.filter(person_id__in=chunk).active().full_time()
                    .values_list("person_id", "training_class_id", "training_class__code", "programme__name",
                                 "start_date", "end_date"))
            for person_id, class_id, class_code, programme, start, end in rows.iterator(chunk_size=CHUNK):
                label = f"lớp {class_code}" if class_code else programme
                self.busy[person_id].append(Busy(start, end, label, class_id))

    # -- checking
    def run(self, rows: list[RowIn]) -> _Plan:
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


# -------------------------------------------------------------------------------------- writing


def _completion(row: RowIn, klass: TrainingClass, person_id: int, values: dict[str, Any]):
    return granted_qualification(
        person_id=person_id, programme=klass.programme, completed_on=values.get("completed_on"),
        end_date=klass.end_date, certificate_number=values.get("certificate_number") or "",
        certificate_date=values.get("certificate_date"), issuer=klass.provider.name)


INSERTED = ["person_id", "training_class_id", "programme_id", "provider_id", "provider_name", "form_id",
            "start_date", "end_date", "hours", "country", "status", "result", "certificate_number",
            "certificate_date", "hours_attended", "completed_on", "status_note", "qualification_id",
            "created_at", "updated_at"]


def _completions(plan: _Plan) -> Iterator[tuple[tuple[int, int], Any]]:
    """((class id, person id), granted qualification) of every enrollment the file completes."""
    for row, klass, person in plan.creates:
        if row.values["status"] == EnrollmentStatus.COMPLETED:
            yield (klass.pk, person.id), _completion(row, klass, person.id, row.values)
    for row, klass, person, existing, changes in plan.updates:
        if changes.get("status") == EnrollmentStatus.COMPLETED:
            yield (klass.pk, person.id), _completion(row, klass, person.id, {**existing.values, **row.values})


def _record_qualifications(plan: _Plan, result: ImportResult) -> dict[tuple[int, int], int]:
    """The set-based completion rule, 5,000 completions at a time (a level recorded by an earlier
    batch counts as held for the later ones, as the rule wants)."""
    recorded: dict[tuple[int, int], int] = {}
    batch: list = []
    for key, qual in _completions(plan):
        result.completed += 1
        if qual is not None:
            batch.append((key, qual))
        if len(batch) == CHUNK:
            recorded |= completions_record_qualifications(batch)
            batch = []
    recorded |= completions_record_qualifications(batch)
    result.qualifications = len(recorded)
    return recorded


def _write(plan: _Plan, result: ImportResult) -> None:
    now = timezone.now()
    recorded = _record_qualifications(plan, result)
    _insert_enrollments(plan, recorded, now)
    _update_enrollments(plan, recorded, now)
    _write_costs(plan)


def _insert_enrollments(plan: _Plan, recorded: dict, now: dt.datetime) -> None:
    def values(row: RowIn, klass: TrainingClass, person: PersonInfo) -> list[Any]:
        v = row.values
        copied = {name: getattr(klass, f"{name}_id" if name in ("programme", "provider", "form") else name)
                  for name in COPIED_TO_ENROLLMENTS}
        return [person.id, klass.pk, copied["programme"], copied["provider"], "", copied["form"],
                copied["start_date"], copied["end_date"], copied["hours"], copied["country"], v["status"],
                v.get("result", ""), v.get("certificate_number", ""), v.get("certificate_date"),
                v.get("hours_attended"), v.get("completed_on"), "", recorded.get((klass.pk, person.id)), now, now]

    insert_rows(Enrollment, INSERTED, (values(*item) for item in plan.creates))
    new_costs = {(k.pk, p.id): row.costs for row, k, p in plan.creates if row.costs}
    if not new_costs:
        return
    class_ids = sorted({k for k, _ in new_costs})
    for chunk in _chunks(class_ids, 500):
        for pk, class_id, person_id in Enrollment.objects.filter(training_class_id__in=chunk).values_list(
                "pk", "training_class_id", "person_id").iterator(chunk_size=CHUNK):
            costs = new_costs.get((class_id, person_id))
            if costs:
                plan.cost_changes[pk] = {s: a for s, a in costs if a}


def _update_enrollments(plan: _Plan, recorded: dict, now: dt.datetime) -> None:
    changed = []
    for row, klass, person, existing, changes in plan.updates:
        if not changes:
            continue
        enrollment = Enrollment(pk=existing.pk, updated_at=now, **{**existing.values, **row.values})
        enrollment.qualification_id = recorded.get((klass.pk, person.id))
        changed.append(enrollment)
    with_qual = [e for e in changed if e.qualification_id]
    without = [e for e in changed if not e.qualification_id]
    Enrollment.objects.bulk_update(without, [*ROW_FIELDS, "updated_at"], batch_size=BATCH)
    Enrollment.objects.bulk_update(with_qual, [*ROW_FIELDS, "qualification", "updated_at"], batch_size=BATCH)


def _write_costs(plan: _Plan) -> None:
    pks = list(plan.cost_changes)
    for chunk in _chunks(pks):
        EnrollmentCost.objects.filter(enrollment_id__in=chunk).delete()
    insert_rows(EnrollmentCost, ["enrollment_id", "funding_source", "amount"], (
        (pk, source, amount) for pk, costs in plan.cost_changes.items()
        for source, amount in costs.items() if amount))


# ----------------------------------------------------------------------------------- entry point


def enrollments_import(*, actor, source: Source, filename: str = "", dry_run: bool = False) -> ImportResult:
    """Import ``source`` (xlsx or csv) as ``actor``; see the module docstring for the contract.
    Raises PermissionDenied for a user who may not import, ImportFailed with every problem."""
    if not may_import(actor):
        raise PermissionDenied("Bạn không có quyền nhập kết quả đào tạo, bồi dưỡng.")
    problems = Problems()
    try:
        with open_table(source, filename) as table:
            if not any(cell_text(h) for h in table.headers):
                raise FileRejected("Tệp trống: không có dòng tiêu đề và dữ liệu (hãy dùng tệp mẫu).")
            index, ignored = column_index(table.headers, C.ENROLLMENT_BY_HEADER_KEY, C.ENROLLMENT_REQUIRED,
                                          problems)
            problems.raise_if_any()
            rows, seen = _parse_rows(table.rows, _RowParser(index, problems), problems)
    except FileRejected as exc:
        raise ImportFailed([str(exc)]) from None
    if not seen:
        raise ImportFailed(["Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề hoặc để trống)."])

    def check_and_write(problems: Problems) -> ImportResult:
        with transaction.atomic():
            plan = _Resolver(actor, rights_of(actor), problems).run(rows)
            problems.raise_if_any()
            result = ImportResult(created=len(plan.creates), updated=len(plan.updates), unchanged=plan.unchanged,
                                  ignored_columns=ignored, dry_run=dry_run)
            if not dry_run and (plan.creates or plan.updates):
                _write(plan, result)
                data_changed()  # stored plan results are stale (apps/results)
                audit_write(actor=actor, action=AuditEntry.Action.IMPORT, target_type="enrollment",
                            changes={"created": result.created, "updated": result.updated,
                                     "unchanged": result.unchanged, "completed": result.completed,
                                     "qualifications": result.qualifications},
                            note=f"{filename}: {result.summary}".strip(": "))
        return result

    return write_retrying(check_and_write, problems)


# -------------------------------------------------------------------------------------- exports


def _money_text(amount: Decimal | int | None) -> str:
    return format_number(amount) if amount else ""


def _batches(rows: Iterator[tuple], size: int = CHUNK) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _costs(enrollment_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """{enrollment id: {funding source: amount in đồng}} of one batch, in one query. Plain SQL: the
    ORM's ``enrollment_id__in`` prepares each of the batch's 5,000 ids one by one and turns every
    amount into a Decimal, a third of the export's own time (profiled in bench/exports.py's run)."""
    costs: dict[int, dict[str, int]] = defaultdict(dict)
    if not enrollment_ids:
        return costs
    table = connection.ops.quote_name(EnrollmentCost._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT enrollment_id, funding_source, CAST(amount AS BIGINT) FROM {table} "  # noqa: S608 - ids are ints
                       f"WHERE enrollment_id IN ({', '.join(['%s'] * len(enrollment_ids))})", list(enrollment_ids))
        for enrollment_id, source, amount in cursor.fetchall():
            costs[enrollment_id][source] = amount
    return costs


def export_rows(enrollments: QuerySet[Enrollment]) -> Iterator[list[str]]:
    """The header row, then one row per enrollment of a class (outside trainings have no class
    code and are not part of this file), in the import's column order. Enrollments stream from a
    server-side cursor; each batch of CHUNK reads its costs in one more query, so memory stays
    bounded whatever the number of lượt. The two dates are read as ISO text (no date object made
    and formatted back per row) and every distinct date and amount is formatted once."""
    yield [c.header for c in C.ENROLLMENT_COLUMNS]
    enrollments = enrollments.filter(training_class__isnull=False)
    sources = [s.value for s in FundingSource]
    no_costs = [""] * len(sources)
    dates: dict[str | None, str] = {None: ""}
    amounts: dict[int | None, str] = {None: ""}

    def day(iso: str | None) -> str:
        text = dates.get(iso)
        if text is None:
            assert iso is not None
            text = dates[iso] = date_text(dt.date.fromisoformat(iso[:10]))
        return text

    def money(amount: int | None) -> str:
        text = amounts.get(amount)
        if text is None:
            text = amounts[amount] = _money_text(amount)
        return text

    fields = ("pk", "training_class__code", "person__code", "person__full_name", "status", "result",
              "certificate_number", "issued_iso", "hours_attended", "completed_iso")
    ordered = (enrollments.order_by("training_class__code", "person__name_sort_key", "person__code")
               .annotate(issued_iso=Cast("certificate_date", CharField()),
                         completed_iso=Cast("completed_on", CharField())))
    for batch in _batches(ordered.values_list(*fields).iterator(chunk_size=CHUNK)):
        costs = _costs([row[0] for row in batch])
        for pk, class_code, code, name, status, result, number, issued, hours, done in batch:
            mine = costs.get(pk)
            yield [class_code, code, name, STATUS_LABELS[status], result, number, day(issued),
                   "" if hours is None else str(hours), day(done),
                   *([money(mine.get(s)) for s in sources] if mine else no_costs)]


def check_can_export(actor) -> None:
    from apps.accounts.access import scope_of
    from apps.accounts.permissions import Perm

    scope_of(actor).require(Perm.EXPORT_TRAINING)


def enrollments_export(*, actor, fmt: str, class_code: str = "",
                       progress: Callable[[int, int], None] | None = None) -> ExportFile:
    """The enrollments ``actor`` may see (an officer: their own people's), optionally of one class,
    as "xlsx" or "csv"; the export is logged (personal data)."""
    check_can_export(actor)
    if fmt not in ("xlsx", "csv"):
        raise ValueError(f"Định dạng “{fmt}” không được hỗ trợ (xlsx hoặc csv).")
    enrollments = enrollments_visible_to(actor)
    if class_code:
        enrollments = enrollments.filter(training_class__code=class_code)
    rows = export_rows(enrollments)
    if fmt == "xlsx":
        total = enrollments.filter(training_class__isnull=False).count() if progress else 0
        content = render_xlsx(rows, "Kết quả học tập", progress=(lambda done: progress(done, total)) if progress else None)
    else:
        content = render_csv(rows)
    audit_write(actor=actor, action=AuditEntry.Action.EXPORT, target_type="enrollment",
                note=f"Xuất kết quả đào tạo, bồi dưỡng{' lớp ' + class_code if class_code else ''} ra tệp {fmt}")
    stamp = timezone.localdate().strftime("%Y%m%d")
    name = f"ket-qua-{class_code or 'dao-tao'}-{stamp}.{fmt}"
    return ExportFile(name, XLSX if fmt == "xlsx" else CSV, content)
