"""Writes to training classes: create, update (copied to their lượt), instructors, budget."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.core.audit import audit_write, diff
from apps.results.versions import data_changed
from apps.training import permissions
from apps.training.models import (
    ClassBudget,
    ClassInstructor,
    ClassStatus,
    DeliveryForm,
    Instructor,
    Programme,
    Provider,
    TrainingClass,
)
from apps.training.services._common import (
    COPIED_TO_ENROLLMENTS,
    Create,
    Update,
    _check_full_time_overlap,
    _costs_text,
    _pairs_text,
    _save_new,
)

# --- classes ------------------------------------------------------------------------------------


@dataclass
class ClassData:
    """Everything a class holds, as model instances and plain values."""

    code: str
    programme: Programme
    provider: Provider
    organiser_id: int
    form: DeliveryForm
    start_date: dt.date
    end_date: dt.date
    name: str = ""
    hours: int | None = None
    country: str = ""
    place: str = ""
    capacity: int | None = None
    status: str = ClassStatus.PLANNED
    open_to_agencies: bool = False  # a province-wide class: every agency may send its people


CLASS_FIELDS = tuple(f.name for f in fields(ClassData))
# Class fields copied onto each of its enrollments (see Enrollment's docstring).


def _class_values(klass: TrainingClass) -> dict:
    return {name: getattr(klass, name) for name in CLASS_FIELDS}


@transaction.atomic
def class_create(*, actor, data: ClassData) -> TrainingClass:
    permissions.check_can_organise(actor, data.organiser_id)
    klass = _save_new(TrainingClass(**{name: getattr(data, name) for name in CLASS_FIELDS}))
    audit_write(actor=actor, action=Create, target=klass, target_type="trainingclass",
                changes=diff({}, _class_values(klass)))
    return klass


@transaction.atomic
def class_update(*, actor, training_class: TrainingClass, data: ClassData) -> TrainingClass:
    """Change a class; its enrollments follow (programme, provider, form, dates, hours, country).
    A change that makes a participant's full-time classes overlap is refused."""
    permissions.check_can_organise(actor, training_class.organiser_id)
    permissions.check_can_organise(actor, data.organiser_id)
    before = _class_values(training_class)
    for name in CLASS_FIELDS:
        setattr(training_class, name, getattr(data, name))
    changes = diff(before, _class_values(training_class))
    if not changes:
        return training_class
    training_class.full_clean()
    training_class.save()
    enrollments = training_class.enrollments.all()
    enrollments.update(**{name: getattr(training_class, name) for name in COPIED_TO_ENROLLMENTS})
    data_changed()  # stored plan results are stale (apps/results)
    if training_class.form.is_full_time:
        for enrollment in enrollments.active().select_related("person"):
            _check_full_time_overlap(enrollment.person, enrollment.start_date, enrollment.end_date,
                                     exclude_pk=enrollment.pk)
    audit_write(actor=actor, action=Update, target=training_class, target_type="trainingclass", changes=changes)
    return training_class


@transaction.atomic
def class_set_instructors(*, actor, training_class: TrainingClass,
                          assignments: Iterable[tuple[Instructor, Decimal | int]]) -> list[ClassInstructor]:
    """Replace the class's instructors with ``assignments`` of (instructor, hours taught). Instructors
    must belong to the class's provider (visiting ones are registered with the provider inviting them)."""
    permissions.check_can_staff_class(actor, training_class)
    rows = [ClassInstructor(training_class=training_class, instructor=i, hours_taught=Decimal(h)) for i, h in assignments]
    for row in rows:
        if row.instructor.provider_id != training_class.provider_id:
            raise ValidationError({"instructors": f"Giảng viên {row.instructor.full_name} không thuộc "
                                                  f"{training_class.provider.name}."})
        if row.hours_taught < 0:
            raise ValidationError({"instructors": "Số tiết giảng không được âm."})
    before = {str(t.instructor): str(t.hours_taught) for t in training_class.teaching.select_related("instructor")}
    training_class.teaching.all().delete()
    created = ClassInstructor.objects.bulk_create(rows)
    audit_write(actor=actor, action=Update, target=training_class, target_type="trainingclass",
                changes={"instructors": [_pairs_text(before),
                                         _pairs_text({str(r.instructor): str(r.hours_taught) for r in rows})]})
    return created


@transaction.atomic
def class_set_budget(*, actor, training_class: TrainingClass,
                     lines: Mapping[str, tuple[Decimal | int, Decimal | int | None]]) -> list[ClassBudget]:
    """Replace the class's budget with {funding source: (planned, actual or None)}, in đồng."""
    permissions.check_can_organise(actor, training_class.organiser_id)
    rows = [ClassBudget(training_class=training_class, funding_source=source, planned_amount=Decimal(planned),
                        actual_amount=None if actual is None else Decimal(actual))
            for source, (planned, actual) in lines.items()]
    for row in rows:
        row.full_clean(exclude=["training_class"], validate_unique=False)
    training_class.budget.all().delete()
    created = ClassBudget.objects.bulk_create(rows)
    audit_write(actor=actor, action=Update, target=training_class, target_type="trainingclass",
                changes={"budget": [None, _costs_text({r.funding_source: r.planned_amount for r in rows})]})
    return created


