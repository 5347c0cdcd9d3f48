"""Scoped reads of the registry. Every view, export, API and CLI run goes through these."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.organization.selectors import subtree_ids
from apps.people.models import Person, PersonQuerySet, Qualification, ServicePeriod


def people_visible_to(user) -> PersonQuerySet:
    """People ``user`` may read: everyone (Department, leaders), their unit's subtree (agency
    officer), their own record (learner), nobody otherwise. The scope is computed once per actor."""
    scope = scope_of(user)
    people = Person.objects.all()
    if not scope.can(Perm.VIEW_PEOPLE):
        return people.none()
    if scope.is_learner:
        return people.filter(pk=scope.person_id) if scope.person_id else people.none()
    if scope.unit_ids is None:
        return people
    return people.filter(unit_id__in=scope.unit_ids)


def person_for(user, code: str) -> Person:
    """The person with ``code`` if ``user`` may read it; 404 otherwise (missing and not-yours alike)."""
    try:
        return people_visible_to(user).select_related(
            "unit", "ethnicity", "rank", "position", "succession_position"
        ).get(code=code)
    except Person.DoesNotExist:
        raise Http404("Không tìm thấy hồ sơ.") from None


def people_list(user, *, query: str = "", unit_id: int | None = None, category: str = "",
                status: str = "working") -> PersonQuerySet:
    """The people list as users see it: scoped, filtered, in Vietnamese name order."""
    people = people_visible_to(user)
    if query:
        people = people.search(query)
    if unit_id:
        people = people.filter(unit_id__in=subtree_ids(unit_id))
    if category:
        people = people.filter(category=category)
    if status:
        people = people.filter(status=status)
    return people.select_related("unit", "rank", "position").in_vietnamese_order()


def people_on(day: dt.date) -> QuerySet[Person]:
    """People in service on ``day`` (a service period covers it)."""
    return Person.objects.filter(
        periods__valid_from__lte=day
    ).filter(Q(periods__valid_to__isnull=True) | Q(periods__valid_to__gte=day)).distinct()


def periods_on(day: dt.date) -> QuerySet[ServicePeriod]:
    return ServicePeriod.objects.on(day)


def qualification_profile(person: Person, day: dt.date | None = None) -> dict[str, Qualification]:
    """Highest level held per dimension (optionally as of ``day``); one query."""
    quals = person.qualifications.select_related("level")
    if day:
        quals = quals.filter(obtained_on__lte=day)
    best: dict[str, Qualification] = {}
    for q in quals:
        current = best.get(q.dimension)
        if current is None or q.level.rank > current.level.rank:
            best[q.dimension] = q
    return best


def highest_rank_subquery(dimension: str, day: dt.date):
    """Aggregate expression: the best level rank held in ``dimension`` by ``day`` (for annotate)."""
    return Max("qualifications__level__rank",
               filter=Q(qualifications__dimension=dimension, qualifications__obtained_on__lte=day))


def people_moving_count(unit_ids: list[int], on: dt.date) -> int:
    """How many people serve in ``unit_ids`` on ``on`` or later: those a merger from ``on`` moves.
    One COUNT(DISTINCT) query."""
    return (ServicePeriod.objects.filter(unit_id__in=unit_ids)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .values("person_id").distinct().count())


def headcount_by_unit(day: dt.date, unit_ids: set[int] | None = None) -> dict[int, int]:
    """{unit_id: people serving there on ``day``} from the dated history. One GROUP BY query."""
    periods = ServicePeriod.objects.on(day)
    if unit_ids is not None:
        periods = periods.filter(unit_id__in=unit_ids)
    rows = periods.values("unit_id").annotate(n=Count("person_id", distinct=True)).values_list("unit_id", "n")
    return dict(rows)


def council_seats_visible_to(user, *, code: str = "", term: str = ""):
    """Council seats of the people ``user`` may read, optionally of one person or one term."""
    from apps.people.models import CouncilMembership

    seats = CouncilMembership.objects.filter(person__in=people_visible_to(user).values("pk")).select_related(
        "person", "council")
    if code:
        seats = seats.filter(person__code=code)
    if term:
        seats = seats.filter(term=term)
    return seats.order_by("term", "council__code", "person__name_sort_key", "person__code")
