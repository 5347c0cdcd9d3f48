"""Writes to lượt (enrollments): enrol, start, costs, complete (with the qualification it grants), fail, withdraw, external training."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.accounts.access import SYSTEM
from apps.core.audit import audit_entry, audit_write, audit_write_many
from apps.core.bulk import insert_rows
from apps.core.vn import format_date
from apps.people.models import Person, Qualification
from apps.people.services import check_can_write_unit, qualification_add
from apps.results.versions import data_changed
from apps.training import permissions
from apps.training.models import (
    ClassStatus,
    DeliveryForm,
    Enrollment,
    EnrollmentCost,
    EnrollmentStatus,
    FundingSource,
    Programme,
    Provider,
    TrainingClass,
)
from apps.training.services._common import (
    CLOSED_STATUSES,
    COPIED_TO_ENROLLMENTS,
    Create,
    Update,
    _check_full_time_overlap,
    _costs_text,
    _enrollment_label,
    _period_label,
    _save_new,
)

# --- enrollments --------------------------------------------------------------------------------


def _set_costs(enrollment: Enrollment, costs: Mapping[str, Decimal | int]) -> dict[str, str]:
    """Replace the enrollment's costs with {funding source: amount in đồng}."""
    rows = [EnrollmentCost(enrollment=enrollment, funding_source=source, amount=Decimal(amount))
            for source, amount in costs.items() if amount]
    for row in rows:
        if row.funding_source not in FundingSource.values:
            raise ValidationError({"costs": f"Nguồn kinh phí “{row.funding_source}” không hợp lệ."})
        if row.amount < 0:
            raise ValidationError({"costs": "Chi phí không được âm."})
    enrollment.costs.all().delete()
    EnrollmentCost.objects.bulk_create(rows)
    return {r.funding_source: str(r.amount) for r in rows}


def _check_seat(training_class: TrainingClass) -> None:
    if training_class.status == ClassStatus.CANCELLED:
        raise ValidationError(f"Lớp {training_class.code} đã hủy, không thể ghi danh.")
    if training_class.capacity is not None:
        taken = training_class.enrollments.active().count()
        if taken >= training_class.capacity:
            raise ValidationError(f"Lớp {training_class.code} đã đủ {training_class.capacity} học viên.")


@transaction.atomic
def enrollment_create(*, actor, person: Person, training_class: TrainingClass,
                      costs: Mapping[str, Decimal | int] | None = None) -> Enrollment:
    """Enrol ``person`` in ``training_class``. Refused: people outside the actor's scope
    (PermissionDenied), a cancelled or full class, a second enrollment in the same class, and a
    full-time class overlapping another full-time training of the person (naming it)."""
    permissions.check_can_enrol(actor, person)
    # Lock the class row so two officers cannot both take the last seat.
    training_class = TrainingClass.objects.select_for_update().select_related("form").get(pk=training_class.pk)
    if Enrollment.objects.filter(person=person, training_class=training_class).exists():
        raise ValidationError(f"{person.full_name} đã có tên trong lớp {training_class.code}.")
    _check_seat(training_class)
    if training_class.form.is_full_time:
        _check_full_time_overlap(person, training_class.start_date, training_class.end_date)
    enrollment = Enrollment(person=person, training_class=training_class,
                            **{name: getattr(training_class, name) for name in COPIED_TO_ENROLLMENTS})
    _save_new(enrollment)
    cost_changes = _set_costs(enrollment, costs or {})
    audit_write(actor=actor, action=Create, target=person,
                changes={"enrollment": [None, str(training_class)], "costs": [None, _costs_text(cost_changes)]},
                note=f"Ghi danh lớp {training_class.code}")
    return enrollment


def _refusals(people: list[Person], training_class: TrainingClass) -> list[str]:
    """Why each of ``people`` cannot join ``training_class``, one message per person: already in the
    class, or in another full-time training at the same time. Two queries whatever the number."""
    ids = [p.pk for p in people]
    already = set(Enrollment.objects.filter(training_class=training_class, person_id__in=ids)
                  .values_list("person_id", flat=True))
    busy: dict[int, Enrollment] = {}
    if training_class.form.is_full_time:
        for other in (Enrollment.objects.filter(person_id__in=ids).active().full_time()
                      .overlapping(training_class.start_date, training_class.end_date)
                      .exclude(training_class=training_class)
                      .select_related("training_class", "programme", "provider").order_by("start_date")):
            busy.setdefault(other.person_id, other)
    errors = []
    for person in people:
        if person.pk in already:
            errors.append(f"{person.full_name} ({person.code}) đã có tên trong lớp {training_class.code}.")
        elif person.pk in busy:
            other = busy[person.pk]
            errors.append(f"{person.full_name} ({person.code}) đang học tập trung {_enrollment_label(other)} "
                          f"({_period_label(other.start_date, other.end_date)}), trùng thời gian lớp "
                          f"{training_class.code}.")
    return errors


def enrollment_refusals(people: Iterable[Person], training_class: TrainingClass) -> list[str]:
    """Why each of ``people`` would be refused by ``enrollment_create_many`` (empty: none would)."""
    return _refusals(list(people), training_class)


@transaction.atomic
def enrollment_create_many(*, actor, training_class: TrainingClass, people: Iterable[Person]) -> list[Enrollment]:
    """Enrol ``people`` in ``training_class`` together, all or nothing: one refusal (someone outside
    the actor's scope, already in the class, in an overlapping full-time training, or more people
    than seats left) and nobody is enrolled; the ValidationError lists every person refused.
    Set-based: a handful of queries and two bulk inserts whatever the number of people."""
    people = list({p.pk: p for p in people}.values())
    if not people:
        raise ValidationError("Chưa chọn người nào để ghi danh.")
    for person in people:
        permissions.check_can_enrol(actor, person)
    training_class = TrainingClass.objects.select_for_update().select_related("form").get(pk=training_class.pk)
    if training_class.status == ClassStatus.CANCELLED:
        raise ValidationError(f"Lớp {training_class.code} đã hủy, không thể ghi danh.")
    errors = _refusals(people, training_class)
    if training_class.capacity is not None:
        free = training_class.capacity - training_class.enrollments.active().count()
        if free <= 0:
            errors.append(f"Lớp {training_class.code} đã đủ {training_class.capacity} học viên.")
        elif len(people) > free:
            errors.append(f"Lớp {training_class.code} còn {free} chỗ, không đủ cho {len(people)} người.")
    if errors:
        raise ValidationError(errors)
    copied = {name: getattr(training_class, name) for name in COPIED_TO_ENROLLMENTS}
    created = Enrollment.objects.bulk_create([Enrollment(person=p, training_class=training_class, **copied)
                                              for p in people])
    data_changed()  # stored plan results are stale (apps/results)
    audit_write_many(audit_entry(actor=actor, action=Create, target=p, note=f"Ghi danh lớp {training_class.code}",
                                 changes={"enrollment": [None, str(training_class)]}) for p in people)
    return created


@transaction.atomic
def enrollment_start(*, actor, enrollment: Enrollment) -> Enrollment:
    """Registered → studying (đang học)."""
    permissions.check_can_grade(actor, enrollment)
    if enrollment.status != EnrollmentStatus.REGISTERED:
        raise ValidationError(f"Chỉ chuyển sang “Đang học” từ “Đăng ký”; lượt học đang ở trạng thái "
                              f"“{enrollment.get_status_display()}”.")
    enrollment.status = EnrollmentStatus.STUDYING
    enrollment.save(update_fields=["status", "updated_at"])
    audit_write(actor=actor, action=Update, target=enrollment.person,
                changes={"enrollment": ["Đăng ký", "Đang học"]}, note=_enrollment_label(enrollment))
    return enrollment


@transaction.atomic
def enrollment_set_costs(*, actor, enrollment: Enrollment, costs: Mapping[str, Decimal | int]) -> Enrollment:
    permissions.check_can_enrol(actor, enrollment.person)
    before = {c.funding_source: str(c.amount) for c in enrollment.costs.all()}
    after = _set_costs(enrollment, costs)
    audit_write(actor=actor, action=Update, target=enrollment.person, changes={"costs": [_costs_text(before), _costs_text(after)]},
                note=f"Chi phí {_enrollment_label(enrollment)}")
    return enrollment


def _people_actor(actor, person: Person):
    """The actor to hand the registry's ``qualification_add``: the actor when the registry lets it
    write this person, else the system (a provider or organiser grading someone else's staff, whose
    right was checked here; the enrollment's audit entry names them)."""
    try:
        check_can_write_unit(actor, person.unit_id)
    except PermissionDenied:
        return SYSTEM
    return actor


def granted_qualification(*, person_id: int, programme: Programme, completed_on: dt.date | None,
                          end_date: dt.date, certificate_number: str, certificate_date: dt.date | None,
                          issuer: str) -> Qualification | None:
    """The rule of completion: the qualification (unsaved) a completed enrollment puts in the
    person's profile, or None when the programme grants no level. It is recorded only when the
    person does not hold that level (and language) yet; the profile is the highest level held, so a
    lower level never lowers it. Used one at a time by ``enrollment_complete`` and set-based by
    ``completions_record_qualifications`` (imports)."""
    level = programme.grants_level
    if level is None:
        return None
    obtained_on = completed_on or end_date
    return Qualification(
        person_id=person_id, dimension=level.dimension, level=level, obtained_on=obtained_on,
        certificate_number=certificate_number, certificate_date=certificate_date or obtained_on,
        issuer=issuer[:200], major=programme.major, language=programme.language,
        source=Qualification.Source.TRAINING,
    )


def _record_qualification(actor, enrollment: Enrollment) -> str:
    """Write the level the programme grants into the person's profile, as evidence of this
    enrollment (see ``granted_qualification``). Returns a note for the audit entry."""
    qual = granted_qualification(
        person_id=enrollment.person_id, programme=enrollment.programme, completed_on=enrollment.completed_on,
        end_date=enrollment.end_date, certificate_number=enrollment.certificate_number,
        certificate_date=enrollment.certificate_date, issuer=enrollment.provider_label)
    if qual is None:
        return ""
    level = qual.level
    if Qualification.objects.filter(person=enrollment.person, level=level, language=qual.language).exists():
        return f"Đã có {level.get_dimension_display()} {level.name}, không ghi thêm."
    enrollment.qualification = qualification_add(
        actor=_people_actor(actor, enrollment.person), person=enrollment.person, level=level,
        obtained_on=qual.obtained_on, certificate_number=qual.certificate_number,
        certificate_date=qual.certificate_date, issuer=qual.issuer, major=qual.major,
        language=qual.language, source=qual.source,
    )
    return f"Ghi vào hồ sơ: {level.get_dimension_display()} {level.name}."


QUALIFICATION_COLUMNS = ["person_id", "dimension", "level_id", "major", "language", "obtained_on",
                         "certificate_date", "certificate_number", "issuer", "source"]


def completions_record_qualifications(completions: Sequence[tuple[object, Qualification]],
                                      chunk: int = 5000) -> dict[object, int]:
    """Set-based ``_record_qualification`` for imports: ``completions`` are (key, the
    ``granted_qualification`` of one completed enrollment). Records each qualification the person
    does not hold yet (nor is recorded earlier in the list) and returns {key: qualification id}
    for those recorded. The caller has checked the rights and writes the audit entry. Cost: per
    5,000 completions, one query for the levels already held, one INSERT batch, one query for the
    new ids."""
    def ident(q: Qualification) -> tuple[int, int, str]:
        return (q.person_id, q.level_id, q.language)

    wanted: dict[tuple[int, int, str], tuple[object, Qualification]] = {}
    for key, qual in completions:
        wanted.setdefault(ident(qual), (key, qual))
    recorded: dict[object, int] = {}
    items = list(wanted.items())
    for start in range(0, len(items), chunk):
        part = dict(items[start:start + chunk])
        people = {p for p, _, _ in part}
        held = Qualification.objects.filter(person_id__in=people, level_id__in={lv for _, lv, _ in part})
        for found in held.values_list("person_id", "level_id", "language"):
            part.pop(found, None)
        insert_rows(Qualification, QUALIFICATION_COLUMNS,
                    ([getattr(q, name) for name in QUALIFICATION_COLUMNS] for _, q in part.values()))
        new = Qualification.objects.filter(person_id__in={p for p, _, _ in part},
                                           level_id__in={lv for _, lv, _ in part}, source=Qualification.Source.TRAINING)
        for pk, person_id, level_id, language in new.values_list("pk", "person_id", "level_id", "language"):
            if (person_id, level_id, language) in part:
                recorded[part[(person_id, level_id, language)][0]] = pk
    return recorded


def _check_open(enrollment: Enrollment) -> None:
    if enrollment.status in CLOSED_STATUSES:
        raise ValidationError(f"Lượt học đã ở trạng thái “{enrollment.get_status_display()}”.")


@transaction.atomic
def enrollment_complete(*, actor, enrollment: Enrollment, completed_on: dt.date, certificate_number: str = "",
                        certificate_date: dt.date | None = None, result: str = "",
                        hours_attended: int | None = None) -> Enrollment:
    """Mark completed (one lượt) with its certificate; when the programme grants a qualification
    level, record it in the person's profile and link it as this enrollment's evidence."""
    permissions.check_can_grade(actor, enrollment)
    _check_open(enrollment)
    if completed_on < enrollment.start_date:
        raise ValidationError({"completed_on": "Ngày hoàn thành không được trước ngày bắt đầu học."})
    enrollment.status, enrollment.completed_on, enrollment.result = EnrollmentStatus.COMPLETED, completed_on, result
    enrollment.certificate_number, enrollment.certificate_date = certificate_number, certificate_date
    enrollment.hours_attended = hours_attended
    note = _record_qualification(actor, enrollment)
    enrollment.full_clean()
    enrollment.save()
    audit_write(actor=actor, action=Update, target=enrollment.person,
                changes={"enrollment": [None, f"Hoàn thành {_enrollment_label(enrollment)}"],
                         "certificate_number": [None, certificate_number]},
                note=note or f"Hoàn thành ngày {format_date(completed_on)}")
    return enrollment


def _close(actor, enrollment: Enrollment, status: str, note: str, check, result: str | None = None) -> Enrollment:
    check(actor, enrollment)
    _check_open(enrollment)
    before = enrollment.get_status_display()
    enrollment.status, enrollment.status_note = status, note[:255]
    if result is not None:
        enrollment.result = result
    enrollment.save(update_fields=["status", "status_note", "result", "updated_at"])
    audit_write(actor=actor, action=Update, target=enrollment.person,
                changes={"enrollment": [before, enrollment.get_status_display()]},
                note=f"{_enrollment_label(enrollment)}: {note}"[:500])
    return enrollment


@transaction.atomic
def enrollment_fail(*, actor, enrollment: Enrollment, result: str = "") -> Enrollment:
    return _close(actor, enrollment, EnrollmentStatus.FAILED, result or "Không đạt", permissions.check_can_grade,
                  result=result)


@transaction.atomic
def enrollment_withdraw(*, actor, enrollment: Enrollment, on: dt.date, reason: str = "") -> Enrollment:
    """Withdraw (thôi học): the seat frees up and the dates no longer block other full-time training."""
    def check(actor, enrollment):
        permissions.check_can_enrol(actor, enrollment.person)

    return _close(actor, enrollment, EnrollmentStatus.WITHDRAWN,
                  f"Thôi học từ {format_date(on)}" + (f": {reason}" if reason else ""), check)


@transaction.atomic
def external_training_record(*, actor, person: Person, programme: Programme, provider_name: str,
                             start_date: dt.date, end_date: dt.date, completed_on: dt.date | None = None,
                             certificate_number: str = "", certificate_date: dt.date | None = None,
                             result: str = "", hours: int | None = None, country: str = "",
                             form: DeliveryForm | None = None, provider: Provider | None = None,
                             costs: Mapping[str, Decimal | int] | None = None) -> Enrollment:
    """Record a completed training taken outside the system's classes (a university degree, a
    course abroad), with its certificate; it counts as a lượt and raises the profile like any other."""
    permissions.check_can_enrol(actor, person)
    if not (provider_name or provider):
        raise ValidationError({"provider_name": "Hãy ghi tên cơ sở đào tạo."})
    if form is not None and form.is_full_time:
        _check_full_time_overlap(person, start_date, end_date)
    enrollment = Enrollment(
        person=person, programme=programme, provider=provider, provider_name=provider_name, form=form,
        start_date=start_date, end_date=end_date, hours=hours, country=country,
        status=EnrollmentStatus.COMPLETED, completed_on=completed_on or end_date, result=result,
        certificate_number=certificate_number, certificate_date=certificate_date,
    )
    enrollment.full_clean()
    note = _record_qualification(actor, enrollment)
    enrollment.save()
    cost_changes = _set_costs(enrollment, costs or {})
    audit_write(actor=actor, action=Create, target=person,
                changes={"enrollment": [None, _enrollment_label(enrollment)], "costs": [None, _costs_text(cost_changes)],
                         "certificate_number": [None, certificate_number]},
                note=note or "Ghi nhận quá trình đào tạo, bồi dưỡng ngoài hệ thống")
    return enrollment


