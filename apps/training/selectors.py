"""Scoped reads of the training records, and the provider checks the seed plan asks for.

Scope follows the registry: Sở Nội vụ and leaders see everything; an agency officer sees classes
organised in their subtree, the province's classes open to every agency (``open_to_agencies``, not
cancelled) and the classes their people are in, but only the enrollments of their people; a provider
sees its own classes and their enrollments; a learner sees their own enrollments and the classes
they are in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.people.models import Person
from apps.training.models import (
    IN_COUNTRY,
    ClassInstructor,
    ClassStatus,
    Enrollment,
    EnrollmentCost,
    EnrollmentQuerySet,
    EnrollmentStatus,
    FundingSource,
    Instructor,
    InstructorKind,
    Programme,
    ProgrammeKind,
    Provider,
    TrainingClass,
)

# Defaults from the seed plan (V.4.b); a deployment may override them in settings.
MIN_PRACTICE_YEARS = 5
VISITING_SHARE_REQUIRED = Decimal("0.5")


def min_practice_years() -> int:
    return int(getattr(settings, "DTBD_INSTRUCTOR_MIN_PRACTICE_YEARS", MIN_PRACTICE_YEARS))


def visiting_share_required() -> Decimal:
    return Decimal(str(getattr(settings, "DTBD_VISITING_SHARE_REQUIRED", VISITING_SHARE_REQUIRED)))


def _learner_person_id(user) -> int | None:
    scope = scope_of(user)
    return scope.person_id if scope.is_learner else None


def _open_to_agencies() -> Q:
    return Q(open_to_agencies=True) & ~Q(status=ClassStatus.CANCELLED)


def _with_people_of(scope: Collection[int]) -> Q:
    """Classes with someone of ``scope``'s units enrolled (any status), as an IN subquery: no join,
    so no class twice."""
    enrolled = Enrollment.objects.filter(person__unit_id__in=scope, training_class_id__isnull=False)
    return Q(pk__in=enrolled.values("training_class_id"))


def classes_visible_to(user) -> QuerySet[TrainingClass]:
    """Classes ``user`` may read. Cost: one query for the unit tree (officer) or the provider link.

    An officer's classes are one WHERE of three alternatives: organised in their subtree, open to
    every agency (not cancelled), or with one of their people enrolled (any status). The last is a
    subquery on the enrollments, not a join, so no class comes back twice and no ``distinct()`` is
    needed (the queryset can still be counted, paginated and filtered like the others)."""
    scope = scope_of(user)
    classes = TrainingClass.objects.all()
    if not scope.can(Perm.VIEW_CLASSES):
        return classes.none()
    if scope.is_provider:
        return classes.filter(provider_id=scope.provider_id) if scope.provider_id else classes.none()
    if scope.is_learner:
        person_id = scope.person_id
    elif not scope.can(Perm.VIEW_PEOPLE):
        return classes.none()
    elif scope.unit_ids is None:
        return classes
    else:
        units = scope.unit_ids
        return classes.filter(Q(organiser_id__in=units) | _open_to_agencies() | _with_people_of(units))
    if person_id:
        return classes.filter(enrollments__person_id=person_id).distinct()
    return classes.none()


# The class list's "Lớp" filter (?loai=): which of the visible classes to show.
REACH_OPEN, REACH_ORGANISED, REACH_THEIR_PEOPLE = "chung", "don_vi", "co_nguoi"
REACH_LABELS = {REACH_OPEN: "Lớp chung của tỉnh đang mở", REACH_ORGANISED: "Lớp do đơn vị tổ chức",
                REACH_THEIR_PEOPLE: "Lớp có người của đơn vị"}


def class_reaches(user) -> list[tuple[str, str]]:
    """The "Lớp" filter's choices for ``user``: every one for an agency officer, the open classes for
    Sở Nội vụ and leaders, none for providers and learners (their list is short already)."""
    scope = scope_of(user)
    if scope.is_officer:
        return list(REACH_LABELS.items())
    if scope.sees_all and scope.can(Perm.VIEW_PEOPLE):
        return [(REACH_OPEN, REACH_LABELS[REACH_OPEN])]
    return []


def open_for_enrolment(classes: QuerySet[TrainingClass]) -> QuerySet[TrainingClass]:
    """The province's classes still taking people: open to every agency, planned or under way."""
    return classes.filter(open_to_agencies=True, status__in=(ClassStatus.PLANNED, ClassStatus.OPEN))


def classes_of_reach(classes: QuerySet[TrainingClass], user, reach: str) -> QuerySet[TrainingClass]:
    """``classes`` narrowed to ``reach`` (see ``class_reaches``); an unknown reach narrows nothing.
    Cost: one query for the unit tree for the two officer reaches."""
    if reach == REACH_OPEN:
        return open_for_enrolment(classes)
    scope = scope_of(user)
    if reach not in (REACH_ORGANISED, REACH_THEIR_PEOPLE) or not scope.is_officer:
        return classes
    units = scope.unit_ids or frozenset()
    if reach == REACH_ORGANISED:
        return classes.filter(organiser_id__in=units)
    return classes.filter(_with_people_of(units))


def enrollments_visible_to(user) -> EnrollmentQuerySet:
    """Enrollments ``user`` may read: of their people (officer), their classes (provider), their own
    (learner). Cost: at most one query besides the result."""
    scope = scope_of(user)
    enrollments: EnrollmentQuerySet = Enrollment.objects.all()
    if scope.is_provider:
        provider_id = scope.provider_id
        return enrollments.filter(training_class__provider_id=provider_id) if provider_id else enrollments.none()
    if scope.is_learner:
        return enrollments.filter(person_id=scope.person_id) if scope.person_id else enrollments.none()
    if not scope.can(Perm.VIEW_PEOPLE):
        return enrollments.none()
    if scope.unit_ids is None:
        return enrollments
    return enrollments.filter(person__unit_id__in=scope.unit_ids)


def class_for(user, code: str) -> TrainingClass:
    """The class with ``code`` if ``user`` may read it; 404 for missing and not-yours alike."""
    try:
        return classes_visible_to(user).select_related("programme", "provider", "organiser", "form").get(code=code)
    except TrainingClass.DoesNotExist:
        raise Http404("Không tìm thấy lớp.") from None


def class_roster(training_class: TrainingClass, user) -> EnrollmentQuerySet:
    """The class's enrollments the user may see, in Vietnamese name order."""
    return (enrollments_visible_to(user).filter(training_class=training_class)
            .select_related("person", "person__unit").order_by("person__name_sort_key", "person__code"))


_ZERO_MONEY = Value(Decimal(0), output_field=DecimalField(max_digits=18, decimal_places=0))


def person_training_history(person: Person) -> EnrollmentQuerySet:
    """Every enrollment of ``person`` (newest first) with programme, provider, class, form and
    content areas loaded and ``cost_total`` (all sources, đồng) annotated. Three queries when
    iterated: the enrollments with their costs summed, then the content areas and the cost lines
    (three queries in all)."""
    return (Enrollment.objects.filter(person=person)
            .select_related("programme", "provider", "training_class", "form", "qualification__level")
            .prefetch_related("programme__content_areas", "costs")
            .annotate(cost_total=Coalesce(Sum("costs__amount"), _ZERO_MONEY))
            .order_by("-start_date", "-pk"))


# --- provider checks (seed plan V.4.b) ----------------------------------------------------------


def instructors_with_short_experience(min_years: int | None = None) -> QuerySet[Instructor]:
    """Active instructors with fewer than ``min_years`` (default: the setting, 5) years of practical
    management experience, by provider then name. One query."""
    threshold = min_practice_years() if min_years is None else min_years
    return (Instructor.objects.filter(active=True, practical_management_years__lt=threshold)
            .select_related("provider").order_by("provider__name", "name_sort_key"))


@dataclass(frozen=True)
class VisitingShare:
    provider_id: int
    provider_name: str
    total_hours: Decimal
    visiting_hours: Decimal
    share: Decimal  # 0..1
    required: Decimal

    @property
    def meets_requirement(self) -> bool:
        return self.share >= self.required

    @property
    def percent(self) -> Decimal:
        return self.share * 100


def visiting_share_by_provider(year: int) -> list[VisitingShare]:
    """Share of the hours taught in ``year``'s classes (by start date, cancelled ones excluded) that
    visiting instructors carried, per provider, against the required share (50% by default).
    One aggregate query."""
    required = visiting_share_required()
    rows = (ClassInstructor.objects
            .filter(training_class__start_date__year=year)
            .exclude(training_class__status=ClassStatus.CANCELLED)
            .values("training_class__provider_id", "training_class__provider__name")
            .annotate(total=Sum("hours_taught"),
                      visiting=Coalesce(Sum("hours_taught", filter=Q(instructor__kind=InstructorKind.VISITING)),
                                        Value(Decimal(0)), output_field=DecimalField(max_digits=9, decimal_places=1)),
                      n=Count("pk"))
            .order_by("training_class__provider__name"))
    return [
        VisitingShare(provider_id=r["training_class__provider_id"], provider_name=r["training_class__provider__name"],
                      total_hours=Decimal(r["total"] or 0), visiting_hours=Decimal(r["visiting"] or 0),
                      share=(Decimal(r["visiting"] or 0) / Decimal(r["total"])) if r["total"] else Decimal(0),
                      required=required)
        for r in rows
    ]


# --- the person page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingRow:
    """One line of "Quá trình đào tạo, bồi dưỡng", as plain values for the person page."""

    start_date: dt.date
    end_date: dt.date
    programme: str
    kind: str
    content_areas: str
    form: str
    provider: str
    country: str
    class_code: str
    hours: int | None
    status: str
    is_completed: bool
    result: str
    certificate_number: str
    certificate_date: dt.date | None
    cost_total: Decimal
    costs: tuple[tuple[str, Decimal], ...] = ()  # (funding source label, amount), in FundingSource order
    enrollment_id: int | None = None
    is_external: bool = False  # recorded outside the system's classes


def costs_by_source(enrollment: Enrollment) -> tuple[tuple[str, Decimal], ...]:
    """(funding source label, amount) of an enrollment's cost lines, in the sources' order; reads
    ``enrollment.costs.all()`` (prefetch it for lists)."""
    amounts = {c.funding_source: c.amount for c in enrollment.costs.all()}
    return tuple((label, amounts[value]) for value, label in FundingSource.choices if value in amounts)


def _content_area_names(programme_ids: set[int]) -> dict[int, str]:
    """{programme id: its content areas' names, comma-separated, in the areas' order}. One query."""
    names: dict[int, list[str]] = {}
    through = Programme.content_areas.through.objects.filter(programme_id__in=programme_ids)
    for programme_id, name in through.order_by("contentarea__order", "contentarea__code").values_list(
            "programme_id", "contentarea__name"):
        names.setdefault(programme_id, []).append(name)
    return {pk: ", ".join(n) for pk, n in names.items()}


def person_training_section(person: Person) -> dict:
    """Data for the person page's "Quá trình đào tạo, bồi dưỡng" section (render with
    ``training/_person_section.html``): ``rows`` newest first, plus the number of lượt completed,
    their hours and the total cost of every enrollment. Scope is the caller's: pass a person the
    user may read (``people.selectors.person_for``). Three queries of plain values (no model
    instances: a person with 50 lượt renders in a few milliseconds, see bench/person_page.py)."""
    enrollments = Enrollment.objects.filter(person=person).order_by("-start_date", "-pk")
    fields = ("pk", "start_date", "end_date", "programme_id", "programme__name", "programme__kind", "form__name",
              "provider__name", "provider_name", "country", "training_class__code", "hours_attended", "hours",
              "status", "result", "certificate_number", "certificate_date")
    values = [dict(zip(fields, row, strict=True)) for row in enrollments.values_list(*fields)]
    costs: dict[int, dict[str, Decimal]] = {}
    # By enrollment ids, not a join on the person: PostgreSQL then always walks the index.
    for enrollment_id, source, amount in EnrollmentCost.objects.filter(
            enrollment_id__in=[v["pk"] for v in values]).values_list("enrollment_id", "funding_source", "amount"):
        costs.setdefault(enrollment_id, {})[source] = amount
    areas = _content_area_names({v["programme_id"] for v in values})
    kinds, statuses = dict(ProgrammeKind.choices), dict(EnrollmentStatus.choices)
    rows = [
        TrainingRow(
            start_date=v["start_date"], end_date=v["end_date"], programme=v["programme__name"],
            kind=kinds[v["programme__kind"]], content_areas=areas.get(v["programme_id"], ""),
            form=v["form__name"] or "", provider=v["provider__name"] or v["provider_name"],
            country=v["country"] if v["country"] and v["country"] != IN_COUNTRY else "",
            class_code=v["training_class__code"] or "", hours=v["hours_attended"] or v["hours"],
            status=statuses[v["status"]], is_completed=v["status"] == EnrollmentStatus.COMPLETED,
            result=v["result"], certificate_number=v["certificate_number"], certificate_date=v["certificate_date"],
            cost_total=sum(costs.get(v["pk"], {}).values(), Decimal(0)),
            costs=tuple((label, costs[v["pk"]][source]) for source, label in FundingSource.choices
                        if source in costs.get(v["pk"], {})),
            enrollment_id=v["pk"], is_external=v["training_class__code"] is None,
        )
        for v in values
    ]
    completed = [r for r in rows if r.is_completed]
    return {
        "title": "Quá trình đào tạo, bồi dưỡng",
        "rows": rows,
        "completed_count": len(completed),
        "completed_hours": sum(r.hours or 0 for r in completed),
        "total_cost": sum((r.cost_total for r in rows), Decimal(0)),
    }


# --- pages --------------------------------------------------------------------------------------


def enrollment_for(user, pk: int) -> Enrollment:
    """The enrollment ``pk`` if ``user`` may read it; 404 for missing and not-yours alike."""
    try:
        return (enrollments_visible_to(user)
                .select_related("person", "person__unit", "training_class", "training_class__organiser",
                                "programme", "provider", "form", "qualification__level")
                .get(pk=pk))
    except Enrollment.DoesNotExist:
        raise Http404("Không tìm thấy lượt học.") from None


def enrolled_person_ids(training_class: TrainingClass, person_ids: list[int]) -> set[int]:
    """Which of ``person_ids`` already have an enrollment (any status) in the class. One query."""
    return set(training_class.enrollments.filter(person_id__in=person_ids).values_list("person_id", flat=True))


def programmes_catalogue() -> QuerySet[Programme]:
    """Every programme with its content areas and granted level (two queries when iterated)."""
    return (Programme.objects.select_related("grants_level").prefetch_related("content_areas")
            .order_by("-active", "kind", "code"))


def providers_catalogue() -> QuerySet[Provider]:
    """Every provider with its number of active instructors (one query)."""
    return Provider.objects.annotate(n_instructors=Count("instructors", filter=Q(instructors__active=True))) \
        .order_by("-active", "name")


def provider_instructors(provider: Provider) -> QuerySet[Instructor]:
    return provider.instructors.order_by("-active", "name_sort_key")
