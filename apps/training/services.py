"""Writes to the training records. Each takes the acting user, checks rights (``permissions``), runs
in one transaction and writes an audit entry. ``reimbursement_compute`` is the one pure
computation here: it prices a broken commitment with the rule in force (data, not code)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.accounts.access import SYSTEM, forget_scope, scope_of
from apps.core.audit import audit_entry, audit_write, audit_write_many, diff
from apps.core.bulk import insert_rows
from apps.core.models import AuditEntry
from apps.core.vn import format_date, format_money
from apps.people.models import Category, Person, Qualification, QualificationLevel
from apps.people.services import check_can_write_unit, qualification_add
from apps.results.versions import data_changed
from apps.training import permissions
from apps.training.models import (
    ClassBudget,
    ClassInstructor,
    ClassStatus,
    ContentArea,
    DeliveryForm,
    Enrollment,
    EnrollmentCost,
    EnrollmentStatus,
    FundingSource,
    Instructor,
    Programme,
    Provider,
    ProviderAccount,
    ReimbursementCause,
    ReimbursementMethod,
    ReimbursementRule,
    ServiceCommitment,
    TrainingClass,
)

Create, Update = AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE
CLOSED_STATUSES = (EnrollmentStatus.COMPLETED, EnrollmentStatus.FAILED, EnrollmentStatus.WITHDRAWN)


def _save_new(obj):
    obj.full_clean()
    obj.save()
    return obj


# --- catalogue ----------------------------------------------------------------------------------


@transaction.atomic
def content_area_create(*, actor, code: str, name: str, order: int = 100) -> ContentArea:
    permissions.check_can_manage_catalogue(actor)
    area = _save_new(ContentArea(code=code, name=name, order=order))
    audit_write(actor=actor, action=Create, target=area, changes=diff({}, {"code": code, "name": name}))
    return area


@transaction.atomic
def delivery_form_create(*, actor, code: str, name: str, is_full_time: bool = False) -> DeliveryForm:
    permissions.check_can_manage_catalogue(actor)
    form = _save_new(DeliveryForm(code=code, name=name, is_full_time=is_full_time))
    audit_write(actor=actor, action=Create, target=form,
                changes=diff({}, {"code": code, "name": name, "is_full_time": is_full_time}))
    return form


@transaction.atomic
def programme_create(*, actor, code: str, name: str, kind: str, content_areas: Iterable[ContentArea],
                     degree_level: str = "", fostering_family: str = "",
                     grants_level: QualificationLevel | None = None, standard_hours: int | None = None,
                     is_long_term: bool = False, major: str = "", language: str = "") -> Programme:
    """A programme covers at least one content area; degree programmes have a level, fostering
    programmes a family (the model's check constraint)."""
    permissions.check_can_manage_catalogue(actor)
    areas = list(content_areas)
    if not areas:
        raise ValidationError({"content_areas": "Chương trình phải có ít nhất một nội dung."})
    programme = _save_new(Programme(
        code=code, name=name, kind=kind, degree_level=degree_level, fostering_family=fostering_family,
        grants_level=grants_level, standard_hours=standard_hours, is_long_term=is_long_term, major=major,
        language=language,
    ))
    programme.content_areas.set(areas)
    audit_write(actor=actor, action=Create, target=programme,
                changes=diff({}, {"code": code, "name": name, "kind": kind, "grants_level": grants_level,
                                  "content_areas": ", ".join(a.code for a in areas)}))
    return programme


@transaction.atomic
def provider_create(*, actor, code: str, name: str, ownership: str = "cong_lap", is_foreign: bool = False,
                    country: str = "Việt Nam") -> Provider:
    permissions.check_can_manage_catalogue(actor)
    provider = _save_new(Provider(code=code, name=name, ownership=ownership, is_foreign=is_foreign, country=country))
    audit_write(actor=actor, action=Create, target=provider,
                changes=diff({}, {"code": code, "name": name, "ownership": ownership, "country": country}))
    return provider


@transaction.atomic
def provider_account_link(*, actor, user, provider: Provider) -> ProviderAccount:
    """Attach a login of role PROVIDER to ``provider`` (replacing any earlier link)."""
    permissions.check_can_manage_catalogue(actor)
    if not scope_of(user).is_provider:
        raise ValidationError({"user": "Chỉ tài khoản vai trò cơ sở đào tạo mới gắn được với cơ sở."})
    account, _ = ProviderAccount.objects.update_or_create(user=user, defaults={"provider": provider})
    forget_scope(user)
    audit_write(actor=actor, action=Update, target=user, target_type="user",
                changes={"provider": [None, str(provider)]})
    return account


@transaction.atomic
def instructor_create(*, actor, provider: Provider, full_name: str, kind: str, specialty: str = "",
                      practical_management_years: int = 0, has_teaching_certificate: bool = False) -> Instructor:
    permissions.check_can_manage_provider(actor, provider.pk)
    instructor = _save_new(Instructor(
        provider=provider, full_name=full_name, kind=kind, specialty=specialty,
        practical_management_years=practical_management_years, has_teaching_certificate=has_teaching_certificate,
    ))
    audit_write(actor=actor, action=Create, target=instructor,
                changes=diff({}, {"provider": provider, "full_name": full_name, "kind": kind,
                                  "practical_management_years": practical_management_years}))
    return instructor


CATALOGUE_EDITABLE = {
    "programme": ("name", "kind", "degree_level", "fostering_family", "grants_level", "standard_hours",
                  "is_long_term", "major", "language", "active"),
    "provider": ("name", "ownership", "is_foreign", "country", "active"),
    "instructor": ("full_name", "kind", "specialty", "practical_management_years", "has_teaching_certificate",
                   "active"),
    "contentarea": ("name", "order", "active"),
}


def _update(obj, values: Mapping, actor, **extra_changes) -> dict:
    """Set the editable ``values`` on ``obj``, validate, save and audit; returns the changes."""
    names = CATALOGUE_EDITABLE[obj._meta.model_name]
    before = {n: getattr(obj, n) for n in names}
    for name, value in values.items():
        if name not in names:
            raise ValueError(f"{name} is not editable")
        setattr(obj, name, value)
    changes = {**diff(before, {n: getattr(obj, n) for n in names}), **extra_changes}
    if changes:
        obj.full_clean()
        obj.save()
        audit_write(actor=actor, action=Update, target=obj, changes=changes)
    return changes


@transaction.atomic
def content_area_update(*, actor, area: ContentArea, **values) -> ContentArea:
    """Rename, reorder or retire (active=False) a content area; its code stays."""
    permissions.check_can_manage_catalogue(actor)
    _update(area, values, actor)
    return area


@transaction.atomic
def programme_update(*, actor, programme: Programme, content_areas: Iterable[ContentArea] | None = None,
                     **values) -> Programme:
    """Change a programme (its code stays). Completions already recorded keep the level they granted."""
    permissions.check_can_manage_catalogue(actor)
    extra = {}
    if content_areas is not None:
        areas = list(content_areas)
        if not areas:
            raise ValidationError({"content_areas": "Chương trình phải có ít nhất một nội dung."})
        before = sorted(a.code for a in programme.content_areas.all())
        if before != sorted(a.code for a in areas):
            programme.content_areas.set(areas)
            extra["content_areas"] = [", ".join(before), ", ".join(sorted(a.code for a in areas))]
    _update(programme, values, actor, **extra)
    return programme


@transaction.atomic
def provider_update(*, actor, provider: Provider, **values) -> Provider:
    permissions.check_can_manage_catalogue(actor)
    _update(provider, values, actor)
    return provider


@transaction.atomic
def instructor_update(*, actor, instructor: Instructor, **values) -> Instructor:
    """Change an instructor (the Department, or the instructor's own provider); the provider stays."""
    permissions.check_can_manage_provider(actor, instructor.provider_id)
    _update(instructor, values, actor)
    return instructor


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
COPIED_TO_ENROLLMENTS = ("programme", "provider", "form", "start_date", "end_date", "hours", "country")


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


# --- enrollments --------------------------------------------------------------------------------


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


# --- commitments and reimbursement --------------------------------------------------------------


def whole_months(start: dt.date, end: dt.date) -> int:
    """Complete months from ``start`` to ``end`` (0 when ``end`` is not after ``start``)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(months, 0)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months``, clamped to the end of a shorter month (31/1 + 1 → 28 or 29/2)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def training_months(start: dt.date, end: dt.date) -> int:
    """Length of a training from its first to its last day, a started month counting as one."""
    after = end + dt.timedelta(days=1)
    months = whole_months(start, after)
    return max(months + (add_months(start, months) < after), 1)


def category_on(person: Person, day: dt.date) -> str:
    """The person's category on ``day`` from the dated service history (the last period begun by
    then), else the record's current category. One query."""
    category = person.periods.filter(valid_from__lte=day).order_by("-valid_from").values_list("category", flat=True).first()
    return category or person.category


def rule_in_force(category: str, day: dt.date) -> ReimbursementRule | None:
    """The reimbursement rule for ``category`` on ``day``: among rules in force, the latest to take
    effect. Rules are few: one query, filtered in Python (JSON lists are not portable to filter on)."""
    rules = [r for r in ReimbursementRule.objects.prefetch_related("causes").filter(effective_from__lte=day)
             if r.is_in_force(day) and category in r.categories]
    return max(rules, key=lambda r: (r.effective_from, r.pk), default=None)


def _no_rule(category: str, day: dt.date) -> ValidationError:
    return ValidationError(f"Không có quy định đền bù nào áp dụng cho {Category(category).label.lower()} "
                           f"vào ngày {format_date(day)}.")


def _rule_or_error(person: Person, day: dt.date) -> ReimbursementRule:
    category = category_on(person, day)
    rule = rule_in_force(category, day)
    if rule is None:
        raise _no_rule(category, day)
    return rule


@transaction.atomic
def commitment_create(*, actor, enrollment: Enrollment, committed_months: int | None = None,
                      start: dt.date | None = None) -> ServiceCommitment:
    """Commit ``enrollment``'s person to serve from ``start`` (the end of training by default) for
    ``committed_months`` — by default the training length times the multiplier of the rule in force
    for the person's category on ``start``, rounded up to a whole month."""
    permissions.check_can_enrol(actor, enrollment.person)
    if ServiceCommitment.objects.filter(enrollment=enrollment).exists():
        raise ValidationError("Lượt học này đã có cam kết phục vụ.")
    start = start or enrollment.end_date
    category = category_on(enrollment.person, start)
    rule = rule_in_force(category, start)
    if committed_months is None:
        if rule is None:
            raise _no_rule(category, start)
        length = Decimal(training_months(enrollment.start_date, enrollment.end_date))
        committed_months = int((length * rule.commitment_multiplier).to_integral_value(rounding=ROUND_CEILING))
    commitment = ServiceCommitment(enrollment=enrollment, committed_months=committed_months, start=start, rule=rule)
    commitment.full_clean()
    commitment.save()
    audit_write(actor=actor, action=Create, target=enrollment.person,
                changes={"commitment": [None, f"{committed_months} tháng từ {format_date(start)}"]},
                note=f"Cam kết phục vụ sau {_enrollment_label(enrollment)}"
                     + (f" ({rule.legal_basis})" if rule else ""))
    return commitment


@dataclass(frozen=True)
class Reimbursement:
    amount: Decimal
    explanation: str
    rule: ReimbursementRule
    cost_base: Decimal
    months_owed: int | None = None


def reimbursement_compute(*, commitment: ServiceCommitment, event_date: dt.date, cause: str) -> Reimbursement:
    """What the person owes when ``cause`` happens on ``event_date``, under the rule in force for
    their category that day. The base is the enrollment's cost from the rule's reimbursable
    (state) sources. Pro rata: base × months still owed / committed months (months served counted
    whole from the commitment's start); full: base × the cause's share. Raises ValidationError when
    no rule applies or the rule does not cover the cause. Three queries; writes nothing."""
    enrollment = commitment.enrollment
    rule = _rule_or_error(enrollment.person, event_date)
    rule_cause = next((c for c in rule.causes.all() if c.cause == cause), None)
    if rule_cause is None:
        raise ValidationError(f"{rule.legal_basis} không quy định đền bù cho trường hợp "
                              f"“{ReimbursementCause(cause).label.lower()}”.")
    costs = [c for c in enrollment.costs.all() if c.funding_source in rule.reimbursable_sources]
    base = sum((c.amount for c in costs), Decimal(0))
    sources = ", ".join(FundingSource(c.funding_source).label.lower() for c in costs) or "không có nguồn nhà nước"
    head = f"Theo {rule.legal_basis}: chi phí {format_money(base)} ({sources})"
    if rule_cause.method == ReimbursementMethod.PRO_RATA:
        served = whole_months(commitment.start, event_date)
        owed = max(commitment.committed_months - served, 0)
        amount = base * rule_cause.share * owed / commitment.committed_months
        text = f"{head} × {owed}/{commitment.committed_months} tháng cam kết còn thiếu"
    else:
        owed = None
        amount = base * rule_cause.share
        text = f"{head} × {rule_cause.share * 100:.0f}%"
    amount = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Reimbursement(amount=amount, explanation=f"{text} = {format_money(amount)}.", rule=rule,
                         cost_base=base, months_owed=owed)
