"""Count goals (``measure.kind: count``): distinct people, lượt or classes, grouped by the unit
they belong to, in ONE GROUP BY query. A lượt belongs to the unit of its person's service period
covering the lượt's start date (a merged-away unit stands for its successor on the evaluation
date); a person is counted once, with their latest matching lượt, so the agencies add up to the
total; a class belongs to its organiser.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual

from apps.people.models import ServicePeriod
from apps.targets.context import Context, TargetError
from apps.targets.measures import Window, training_q
from apps.targets.population import AT_START, population_q
from apps.training.models import ClassStatus, Enrollment, EnrollmentStatus, TrainingClass

COUNTING = {"people", "lượt", "classes"}
POPULATION_AT = {"evaluation", "start"}
DEFAULT_AUDIENCE_SHARE = 50  # percent of a class's learners that must be of its audience


def count_by_unit(measure: dict, pop: dict, window: Window, ctx: Context) -> dict[int | None, int]:
    """{unit id (None: no service period at the start): count}. One query."""
    counting = measure.get("counting", "people")
    if counting not in COUNTING:
        raise TargetError(f"measure.counting: “{counting}” không hợp lệ (people, lượt, classes).")
    if counting == "classes":
        return _classes_by_unit(measure, window, ctx)
    enrollments = counted_enrollments(measure, pop, window, ctx)
    if counting == "people":
        enrollments = enrollments.filter(~Exists(_later_of_same_person(enrollments)))
    rows = enrollments.values("home_unit")  # type: ignore[misc]  # annotated in counted_enrollments
    rows = rows.annotate(n=Count("id")).values_list("home_unit", "n")
    return dict(rows)


def _period_at_start():
    """Service periods of the outer lượt's person covering its start date."""
    return ServicePeriod.objects.filter(person=OuterRef("person_id"), valid_from__lte=OuterRef("start_date")).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef("start_date")))


def counted_enrollments(measure: dict, pop: dict, window: Window, ctx: Context) -> QuerySet[Enrollment]:
    """Lượt matching filter and window, of people in the population at the lượt's start date (when
    a population is given), annotated with ``home_unit``; restricted to ``ctx.unit``."""
    status = measure.get("status", "completed")
    enrollments = Enrollment.objects.filter(training_q(measure.get("training"))).filter(_dated(status, window))
    read_at = measure.get("population_at", "evaluation")
    if read_at not in POPULATION_AT:
        raise TargetError(f"measure.population_at: “{read_at}” không hợp lệ (evaluation, start).")
    if pop:
        day = AT_START if read_at == "start" else ctx.at
        enrollments = enrollments.filter(Exists(_period_at_start().filter(population_q(pop, ctx, day))))
    enrollments = enrollments.annotate(home_unit=Subquery(_period_at_start().order_by("-valid_from").values("unit_id")[:1]))
    scope = ctx.scope_ids()
    if scope is not None:
        enrollments = enrollments.filter(home_unit__in=scope)
    return enrollments


def _dated(status: str, window: Window) -> Q:
    if status == "enrolled":
        q = Q(start_date__lte=window.end)
        return q & Q(start_date__gte=window.start) if window.start else q
    if status != "completed":
        raise TargetError(f"measure.status: “{status}” không hợp lệ (completed, enrolled).")
    q = Q(status=EnrollmentStatus.COMPLETED, completed_on__lte=window.end)
    return q & Q(completed_on__gte=window.start) if window.start else q


def _later_of_same_person(enrollments: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """Matching lượt of the same person that start later (ties broken by id)."""
    return enrollments.filter(person=OuterRef("person_id")).filter(
        Q(start_date__gt=OuterRef("start_date")) | Q(start_date=OuterRef("start_date"), id__gt=OuterRef("id")))


def _classes_by_unit(measure: dict, window: Window, ctx: Context) -> dict[int | None, int]:
    """Classes (not cancelled) matching the filter that ended (or, ``status: enrolled``, started)
    in the window, by organiser. One query."""
    classes = TrainingClass.objects.exclude(status=ClassStatus.CANCELLED)
    classes = classes.filter(training_q(measure.get("training"), for_classes=True))
    if measure.get("audience"):
        classes = classes.filter(_for_audience(measure, ctx))
    field = "start_date" if measure.get("status") == "enrolled" else "end_date"
    classes = classes.filter(**{f"{field}__lte": window.end})
    if window.start:
        classes = classes.filter(**{f"{field}__gte": window.start})
    scope = ctx.scope_ids()
    if scope is not None:
        classes = classes.filter(organiser_id__in=scope)
    return dict(classes.values("organiser_id").annotate(n=Count("id")).values_list("organiser_id", "n"))


def _for_audience(measure: dict, ctx: Context) -> Q:
    """Classes whose learners are mostly of the audience: at least ``audience_share`` percent
    (default 50) of the class's lượt that were not withdrawn are of people in the audience (a
    population mapping) at the lượt's start date; a class without learners does not count."""
    share = measure.get("audience_share", DEFAULT_AUDIENCE_SHARE)
    if not isinstance(share, int | float) or not 0 < share <= 100:
        raise TargetError("measure.audience_share: phải là số lớn hơn 0 và không quá 100.")
    learners = Enrollment.objects.filter(training_class=OuterRef("pk")).exclude(status=EnrollmentStatus.WITHDRAWN)
    in_audience = learners.filter(Exists(_period_at_start().filter(population_q(measure["audience"], ctx, ctx.at))))

    def counted(qs):
        return Coalesce(Subquery(qs.order_by().values("training_class").annotate(n=Count("id")).values("n")), 0)

    total = counted(learners)
    return Q(GreaterThan(total, 0)) & Q(GreaterThanOrEqual(counted(in_audience) * 100, total * share))
