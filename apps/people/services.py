"""Writes to the registry. Each takes the acting user, checks scope, runs in one transaction and
writes audit entries. History: a change to a tracked field closes the open service period the day
before it takes effect and opens a new one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.core.audit import audit_entry, audit_write, audit_write_many, diff
from apps.core.models import AuditEntry
from apps.organization.models import Unit
from apps.people.models import (
    CouncilMembership,
    Person,
    Qualification,
    QualificationLevel,
    ServicePeriod,
    Status,
)
from apps.results.versions import data_changed

IDENTITY_FIELDS = ("full_name", "gender", "birth_date", "ethnicity_id", "national_id", "joined_on")
SERVICE_FIELDS = ServicePeriod.TRACKED


@dataclass
class PersonData:
    """Everything a person record holds, as plain values (ids for references)."""

    code: str
    full_name: str
    gender: str
    birth_date: dt.date
    ethnicity_id: int
    unit_id: int
    category: str
    joined_on: dt.date
    national_id: str | None = None
    level: str = ""
    rank_id: int | None = None
    position_id: int | None = None
    position_appointed_on: dt.date | None = None
    job_position: str = ""
    in_succession_plan: bool = False
    succession_position_id: int | None = None
    extra: dict = field(default_factory=dict)


def check_can_write_unit(actor, unit_id: int) -> None:
    """Raise PermissionDenied unless ``actor`` may write people of ``unit_id``."""
    scope = scope_of(actor)
    scope.require(Perm.EDIT_PEOPLE)
    if not scope.covers_unit(unit_id):
        raise PermissionDenied("Đơn vị này nằm ngoài phạm vi quản lý của bạn.")


def _values(person: Person, names) -> dict:
    return {name: getattr(person, name) for name in names}


def _apply(person: Person, data: PersonData, names) -> None:
    for name in names:
        setattr(person, name, getattr(data, name))


def _unit_level(unit_id: int) -> str:
    return Unit.objects.values_list("level", flat=True).get(pk=unit_id)


def _open_period(person: Person, start: dt.date, reason: str) -> ServicePeriod:
    return ServicePeriod.objects.create(
        person=person, valid_from=start, reason=reason, **{n: getattr(person, n) for n in SERVICE_FIELDS}
    )


@transaction.atomic
def person_create(*, actor, data: PersonData) -> Person:
    check_can_write_unit(actor, data.unit_id)
    if Person.objects.filter(code=data.code).exists():
        raise ValidationError({"code": f"Mã cán bộ {data.code} đã tồn tại."})
    data.level = data.level or _unit_level(data.unit_id)
    person = Person(code=data.code, succession_position_id=data.succession_position_id)
    _apply(person, data, IDENTITY_FIELDS + SERVICE_FIELDS)
    person.refresh_derived()
    person.full_clean(exclude=["given_name", "name_sort_key", "search_text"])
    person.save()
    _open_period(person, data.joined_on, "Tiếp nhận")
    audit_write(actor=actor, action=AuditEntry.Action.CREATE, target=person,
                changes=diff({}, _values(person, IDENTITY_FIELDS + SERVICE_FIELDS)))
    return person


@transaction.atomic
def person_update(*, actor, person: Person, data: PersonData, effective_on: dt.date | None = None,
                  reason: str = "") -> Person:
    """Update ``person``; service changes take effect on ``effective_on`` (today by default).

    A service change (unit, category, rank, position…) closes the open period the day before and
    opens a new one; on the open period's first day it rewrites that period instead (a same-day
    correction). An effective date before the open period began is refused: earlier history is
    not rewritten. A person no longer working has no open period: only the record changes."""
    check_can_write_unit(actor, person.unit_id)
    check_can_write_unit(actor, data.unit_id)
    effective_on = effective_on or timezone.localdate()
    data.level = data.level if data.unit_id == person.unit_id and data.level else _unit_level(data.unit_id)
    before = _values(person, IDENTITY_FIELDS + SERVICE_FIELDS + ("succession_position_id",))
    service_before = _values(person, SERVICE_FIELDS)
    _apply(person, data, IDENTITY_FIELDS + SERVICE_FIELDS)
    person.succession_position_id = data.succession_position_id
    changes = diff(before, _values(person, IDENTITY_FIELDS + SERVICE_FIELDS + ("succession_position_id",)))
    if not changes:
        return person
    service_changed = service_before != _values(person, SERVICE_FIELDS)
    if service_changed and person.status == Status.WORKING:
        _check_effective_date(person, effective_on, unit_changed=service_before["unit_id"] != data.unit_id)
    person.refresh_derived()
    person.full_clean(exclude=["given_name", "name_sort_key", "search_text"])
    person.save()
    if service_changed and person.status == Status.WORKING:
        _roll_period(person, effective_on, reason or "Cập nhật hồ sơ")
    audit_write(actor=actor, action=AuditEntry.Action.UPDATE, target=person, changes=changes,
                note=f"Hiệu lực từ {effective_on:%d/%m/%Y}")
    return person


def _check_effective_date(person: Person, on: dt.date, *, unit_changed: bool) -> None:
    current = person.periods.filter(valid_to__isnull=True).order_by("-valid_from").first()
    if current is not None and on < current.valid_from:
        raise ValidationError({"effective_on": f"Ngày hiệu lực không được trước ngày "
                                               f"{current.valid_from:%d/%m/%Y} (bắt đầu quá trình công tác hiện tại)."})
    if unit_changed:
        unit = Unit.objects.get(pk=person.unit_id)
        if not unit.is_valid_on(on):
            raise ValidationError({"unit": f"Đơn vị {unit.code} không có hiệu lực ngày {on:%d/%m/%Y}."})


def period_roll_plan(current: ServicePeriod | None, person: Person, on: dt.date,
                     reason: str) -> tuple[dict, ServicePeriod | None]:
    """What rolling ``person``'s history to their current service values on ``on`` writes, without
    writing it: (field updates for ``current``, empty if none; a new period to insert, or None).

    The open period is closed the day before ``on``; when it starts on or after ``on`` (a same-day
    correction) it is rewritten instead. Shared by :func:`person_update` and the bulk importer."""
    if current is not None and current.valid_from >= on:
        return {"reason": reason, **{n: getattr(person, n) for n in SERVICE_FIELDS}}, None
    closing = {"valid_to": on - dt.timedelta(days=1)} if current is not None else {}
    new = ServicePeriod(person=person, valid_from=on, reason=reason,
                        **{n: getattr(person, n) for n in SERVICE_FIELDS})
    return closing, new


def _roll_period(person: Person, on: dt.date, reason: str) -> None:
    """Close the open period the day before ``on`` and open one with the person's current values."""
    current = person.periods.filter(valid_to__isnull=True).order_by("-valid_from").first()
    updates, new = period_roll_plan(current, person, on, reason)
    if current is not None and updates:
        ServicePeriod.objects.filter(pk=current.pk).update(**updates)
        data_changed()  # stored plan results are stale (apps/results)
    if new is not None:
        new.save()


@transaction.atomic
def person_set_status(*, actor, person: Person, status: str, on: dt.date, reason: str = "") -> Person:
    """Retire, dismiss or transfer out from ``on`` (the open service period ends the day before),
    or reinstate from ``on`` (a new period opens in the person's unit, or in its successor when
    that unit was merged away meanwhile). Setting the status a person already has changes nothing."""
    check_can_write_unit(actor, person.unit_id)
    if status not in Status.values:
        raise ValidationError({"status": "Trạng thái không hợp lệ."})
    if status == person.status:
        return person
    before = {"status": person.status, "status_on": person.status_on, "unit": str(person.unit)}
    if status == Status.WORKING:
        _reinstate(actor, person, on, reason or "Trở lại công tác")
    elif person.status == Status.WORKING:
        _end_service(person, on)
    person.status, person.status_on = status, on
    person.save(update_fields=["status", "status_on", "unit", "level", "updated_at"])
    audit_write(actor=actor, action=AuditEntry.Action.UPDATE, target=person,
                changes=diff(before, {"status": status, "status_on": on, "unit": str(person.unit)}),
                note=reason or f"Hiệu lực từ {on:%d/%m/%Y}")
    return person


def _end_service(person: Person, on: dt.date) -> None:
    current = person.periods.filter(valid_to__isnull=True).order_by("-valid_from").first()
    if current is None:
        return
    if on <= current.valid_from:
        raise ValidationError({"on": f"Ngày nghỉ phải sau ngày {current.valid_from:%d/%m/%Y} "
                                     f"(bắt đầu quá trình công tác hiện tại)."})
    ServicePeriod.objects.filter(pk=current.pk).update(valid_to=on - dt.timedelta(days=1))
    data_changed()  # stored plan results are stale (apps/results)


def _reinstate(actor, person: Person, on: dt.date, reason: str) -> None:
    last = person.periods.order_by("-valid_from").first()
    if last is not None and (last.valid_to is None or last.valid_to >= on):
        ended = last.valid_to or last.valid_from
        raise ValidationError({"on": f"Ngày trở lại công tác phải sau ngày {ended:%d/%m/%Y} "
                                     f"(kết thúc quá trình công tác trước)."})
    unit = _unit_in_force(person.unit, on)
    if unit.pk != person.unit_id:
        check_can_write_unit(actor, unit.pk)
        person.unit, person.level = unit, unit.level
    _open_period(person, on, reason)


def _unit_in_force(unit: Unit, on: dt.date) -> Unit:
    """``unit``, or the successor that took it over, as it stands on ``on``."""
    seen = {unit.pk}
    while not unit.is_valid_on(on) and unit.successor_id and unit.successor_id not in seen:
        unit = Unit.objects.get(pk=unit.successor_id)
        seen.add(unit.pk)
    if not unit.is_valid_on(on):
        raise ValidationError({"on": f"Đơn vị {unit.code} không hoạt động ngày {on:%d/%m/%Y}; "
                                     f"hãy sửa hồ sơ để chọn đơn vị công tác."})
    return unit


def people_transfer_units(*, from_unit_ids: list[int], to_unit: Unit, on: dt.date, reason: str) -> int:
    """Move everyone serving in ``from_unit_ids`` on or after ``on`` to ``to_unit`` from ``on``.

    History is split at ``on``: a period running across it ends on ``on - 1`` and a copy (same
    end, unit and level from ``to_unit``) starts on ``on``; a period starting on or after ``on`` is
    re-pointed. The record's current unit follows for people still working. No actor: callers are
    the restructuring services, which check rights and write the audit. Set-based: a few UPDATEs
    and one bulk INSERT. Returns the number of people moved (as :func:`people_moving_count`)."""
    from apps.people.selectors import people_moving_count

    moved = people_moving_count(from_unit_ids, on)
    periods = ServicePeriod.objects.filter(unit_id__in=from_unit_ids)
    Person.objects.filter(unit_id__in=from_unit_ids, pk__in=periods.filter(valid_to__isnull=True).values("person_id")
                          ).update(unit=to_unit, level=to_unit.level)
    periods.filter(valid_from__gte=on).update(unit=to_unit, level=to_unit.level)
    spanning = periods.filter(valid_from__lt=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    copies = [
        ServicePeriod(valid_from=on, reason=reason, **dict(row, unit_id=to_unit.pk, level=to_unit.level))
        for row in spanning.values("person_id", "valid_to", *SERVICE_FIELDS)
    ]
    spanning.update(valid_to=on - dt.timedelta(days=1))
    ServicePeriod.objects.bulk_create(copies, batch_size=2000)
    data_changed()  # stored plan results are stale (apps/results)
    return moved


@transaction.atomic
def qualification_add(*, actor, person: Person, level: QualificationLevel, obtained_on: dt.date,
                      certificate_number: str = "", certificate_date: dt.date | None = None,
                      issuer: str = "", major: str = "", language: str = "",
                      source: str = Qualification.Source.MANUAL) -> Qualification:
    """Record a certificate. The profile is the best level held, so adding never lowers it."""
    check_can_write_unit(actor, person.unit_id)
    qual = Qualification(
        person=person, dimension=level.dimension, level=level, obtained_on=obtained_on,
        certificate_number=certificate_number, certificate_date=certificate_date or obtained_on,
        issuer=issuer, major=major, language=language, source=source,
    )
    qual.full_clean()
    qual.save()
    audit_write(actor=actor, action=AuditEntry.Action.UPDATE, target=person,
                changes={level.get_dimension_display(): [None, level.name]},
                note=f"Văn bằng, chứng chỉ số {certificate_number or '—'}")
    return qual


__all__ = [
    "PersonData", "person_create", "person_update", "person_set_status", "people_transfer_units",
    "qualification_add", "check_can_write_unit", "audit_entry", "audit_write_many",
    "period_roll_plan", "IDENTITY_FIELDS", "SERVICE_FIELDS",
]


# ---------------------------------------------------------------------------- council seats


def _seat_audit(actor, person: Person, before: str | None, after: str | None, note: str = "") -> None:
    audit_write(actor=actor, action=AuditEntry.Action.UPDATE, target=person,
                changes={"Đại biểu HĐND": [before, after]}, note=note)


@transaction.atomic
def council_seat_add(*, actor, person: Person, council: Unit, term: str, valid_from: dt.date,
                     valid_to: dt.date | None = None) -> CouncilMembership:
    """Record a People's Council seat (a delegate for ``term`` of ``council``)."""
    from apps.organization.models import UnitKind
    from apps.people.council import normal_term, seat_dates_problem, seat_text, term_problem

    check_can_write_unit(actor, person.unit_id)
    if council.kind != UnitKind.COUNCIL:
        raise ValidationError({"council": f"Đơn vị {council.code} không phải Hội đồng nhân dân."})
    if reason := term_problem(term):
        raise ValidationError({"term": reason[0].upper() + reason[1:] + "."})
    term = normal_term(term)
    if problem := seat_dates_problem(term, valid_from, valid_to):
        field_name = "valid_from" if problem[0] == "from" else "valid_to"
        raise ValidationError({field_name: problem[1][0].upper() + problem[1][1:] + "."})
    if CouncilMembership.objects.filter(person=person, council=council, term=term).exists():
        raise ValidationError({"term": f"Đã có ghế đại biểu {council.name} nhiệm kỳ {term}."})
    seat = CouncilMembership.objects.create(person=person, council=council, term=term, valid_from=valid_from,
                                            valid_to=valid_to)
    _seat_audit(actor, person, None, seat_text(council.name, term, valid_from, valid_to))
    return seat


@transaction.atomic
def council_seat_end(*, actor, seat: CouncilMembership, on: dt.date, reason: str = "") -> CouncilMembership:
    """The seat's last day is ``on`` (end of term, resignation, dismissal). Ending it again on the
    same day changes nothing."""
    from apps.people.council import seat_dates_problem, seat_text

    check_can_write_unit(actor, seat.person.unit_id)
    if seat.valid_to == on:
        return seat
    if problem := seat_dates_problem(seat.term, seat.valid_from, on):
        raise ValidationError({"on": problem[1][0].upper() + problem[1][1:] + "."})
    before = seat_text(seat.council.name, seat.term, seat.valid_from, seat.valid_to)
    seat.valid_to = on
    seat.save(update_fields=["valid_to"])
    _seat_audit(actor, seat.person, before, seat_text(seat.council.name, seat.term, seat.valid_from, on), reason)
    return seat


@transaction.atomic
def council_seat_remove(*, actor, seat: CouncilMembership) -> None:
    """Delete a seat recorded by mistake (an ended seat is kept: use :func:`council_seat_end`)."""
    from apps.people.council import seat_text

    check_can_write_unit(actor, seat.person.unit_id)
    before = seat_text(seat.council.name, seat.term, seat.valid_from, seat.valid_to)
    seat.delete()
    data_changed()  # no post_delete receiver: stored plan results are stale (apps/results)
    _seat_audit(actor, seat.person, before, None, "Xóa ghế ghi nhầm")


__all__ += ["council_seat_add", "council_seat_end", "council_seat_remove"]
