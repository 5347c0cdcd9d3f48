"""Writing the checked plan in one transaction, and the import's entry point."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apps.core.audit import audit_write
from apps.core.bulk import insert_rows
from apps.core.models import AuditEntry
from apps.core.tabular import (
    FileRejected,
    ImportFailed,
    Problems,
    Source,
    cell_text,
    column_index,
    open_table,
    write_retrying,
)
from apps.results.versions import data_changed
from apps.training.io import columns as C
from apps.training.io.catalogues import (
    may_import,
    rights_of,
)
from apps.training.io.enrollments.resolving import ImportPlan, PersonInfo, Resolver, chunks
from apps.training.io.enrollments.rows import (
    BATCH,
    CHUNK,
    ROW_FIELDS,
    ImportResult,
    RowIn,
    RowParser,
    parse_rows,
)
from apps.training.models import (
    Enrollment,
    EnrollmentCost,
    EnrollmentStatus,
    TrainingClass,
)
from apps.training.services import (
    COPIED_TO_ENROLLMENTS,
    completions_record_qualifications,
    granted_qualification,
)


def _completion(row: RowIn, klass: TrainingClass, person_id: int, values: dict[str, Any]):
    return granted_qualification(
        person_id=person_id, programme=klass.programme, completed_on=values.get("completed_on"),
        end_date=klass.end_date, certificate_number=values.get("certificate_number") or "",
        certificate_date=values.get("certificate_date"), issuer=klass.provider.name)


INSERTED = ["person_id", "training_class_id", "programme_id", "provider_id", "provider_name", "form_id",
            "start_date", "end_date", "hours", "country", "status", "result", "certificate_number",
            "certificate_date", "hours_attended", "completed_on", "status_note", "qualification_id",
            "created_at", "updated_at"]


def _completions(plan: ImportPlan) -> Iterator[tuple[tuple[int, int], Any]]:
    """((class id, person id), granted qualification) of every enrollment the file completes."""
    for row, klass, person in plan.creates:
        if row.values["status"] == EnrollmentStatus.COMPLETED:
            yield (klass.pk, person.id), _completion(row, klass, person.id, row.values)
    for row, klass, person, existing, changes in plan.updates:
        if changes.get("status") == EnrollmentStatus.COMPLETED:
            yield (klass.pk, person.id), _completion(row, klass, person.id, {**existing.values, **row.values})


def _record_qualifications(plan: ImportPlan, result: ImportResult) -> dict[tuple[int, int], int]:
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


def _write(plan: ImportPlan, result: ImportResult) -> None:
    now = timezone.now()
    recorded = _record_qualifications(plan, result)
    _insert_enrollments(plan, recorded, now)
    _update_enrollments(plan, recorded, now)
    _write_costs(plan)


def _insert_enrollments(plan: ImportPlan, recorded: dict, now: dt.datetime) -> None:
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
    for chunk in chunks(class_ids, 500):
        for pk, class_id, person_id in Enrollment.objects.filter(training_class_id__in=chunk).values_list(
                "pk", "training_class_id", "person_id").iterator(chunk_size=CHUNK):
            costs = new_costs.get((class_id, person_id))
            if costs:
                plan.cost_changes[pk] = {s: a for s, a in costs if a}


def _update_enrollments(plan: ImportPlan, recorded: dict, now: dt.datetime) -> None:
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


def _write_costs(plan: ImportPlan) -> None:
    pks = list(plan.cost_changes)
    for chunk in chunks(pks):
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
            rows, seen = parse_rows(table.rows, RowParser(index, problems), problems)
    except FileRejected as exc:
        raise ImportFailed([str(exc)]) from None
    if not seen:
        raise ImportFailed(["Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề hoặc để trống)."])

    def check_and_write(problems: Problems) -> ImportResult:
        with transaction.atomic():
            plan = Resolver(actor, rights_of(actor), problems).run(rows)
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
