"""Shared by the training services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError

from apps.core.models import AuditEntry
from apps.core.vn import format_date, format_money
from apps.people.models import Person
from apps.training.models import (
    Enrollment,
    EnrollmentStatus,
    FundingSource,
)

Create, Update = AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE
CLOSED_STATUSES = (EnrollmentStatus.COMPLETED, EnrollmentStatus.FAILED, EnrollmentStatus.WITHDRAWN)


def _save_new(obj):
    obj.full_clean()
    obj.save()
    return obj



COPIED_TO_ENROLLMENTS = ("programme", "provider", "form", "start_date", "end_date", "hours", "country")


def _period_label(start: dt.date, end: dt.date) -> str:
    return f"{format_date(start)}–{format_date(end)}"


def _enrollment_label(enrollment: Enrollment) -> str:
    if enrollment.training_class_id:
        return f"lớp {enrollment.training_class}"
    return f"{enrollment.programme.name} tại {enrollment.provider_label}"


def _check_full_time_overlap(person: Person, start: dt.date, end: dt.date, *, exclude_pk: int | None = None) -> None:
    """A person cannot be in two full-time (tập trung) trainings at once; withdrawn ones don't count."""
    others = (Enrollment.objects.filter(person=person).active().full_time().overlapping(start, end)
              .select_related("training_class__programme", "programme", "provider"))
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    other = others.order_by("start_date").first()
    if other is not None:
        raise ValidationError(
            f"{person.full_name} đang học tập trung {_enrollment_label(other)} "
            f"({_period_label(other.start_date, other.end_date)}), trùng thời gian "
            f"{_period_label(start, end)}."
        )


def _pairs_text(values: Mapping[str, str]) -> str:
    """Audit values are plain text (the audit trail shows them as they are): "a: 1; b: 2"."""
    return "; ".join(f"{k}: {v}" for k, v in values.items())


def _costs_text(amounts: Mapping[str, Decimal | str]) -> str:
    """{funding source: amount} as "Ngân sách địa phương: 12.000.000 đồng; …" for the audit trail."""
    return "; ".join(f"{FundingSource(k).label}: {format_money(Decimal(v))}" for k, v in amounts.items())
