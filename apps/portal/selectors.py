"""The learner's own page: only the signed-in learner's person, never anyone else's.

What they still need reuses the annual cycle's computed needs (``apps.annual.needs``): the plan
targets that count them and that they do not meet, the standards of their rank and position, the
"trained before appointment" rule of the succession pool and the yearly minimum of tiết for civil
servants (Decree 171/2025) — each a condition over service periods, evaluated here on the one
person's period in force on 31/12 of this year (ONE query with a boolean per branch), each with the
catalogue programme that answers it and that programme's upcoming classes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.people.models import Category, Person, ServicePeriod
from apps.training.models import (
    ClassStatus,
    Enrollment,
    EnrollmentStatus,
    Programme,
    TrainingClass,
)


def own_person(actor) -> Person:
    """The learner's own record; 404 when the account has none (or is not a learner's)."""
    scope = scope_of(actor)
    scope.require(Perm.OWN_PAGE)
    person = (Person.objects.filter(pk=scope.person_id).select_related("unit").first()
              if scope.is_learner and scope.person_id else None)
    if person is None:
        raise Http404("Tài khoản chưa gắn với hồ sơ cán bộ.")
    return person


@dataclass
class NeedItem:
    key: str
    label: str
    details: list[str] = field(default_factory=list)
    programme: Programme | None = None
    classes: list[TrainingClass] = field(default_factory=list)


@dataclass
class Hours:
    applies: bool
    done: int
    minimum: int
    basis: str

    @property
    def short(self) -> int:
        return max(self.minimum - self.done, 0)


def _cycle(year: int):
    """This year's annual cycle, or an unsaved one with the defaults (the plan in force today)."""
    from apps.annual.models import AnnualCycle
    from apps.plans.models import Plan

    cycle = AnnualCycle.objects.filter(year=year).select_related("plan").first()
    if cycle is None:
        day = dt.date(year, 12, 31)
        plan = Plan.objects.filter(period_start__lte=day, period_end__gte=dt.date(year, 1, 1)).order_by(
            "-period_start").first()
        cycle = AnnualCycle(year=year, plan=plan)
    return cycle


def _branches(cycle) -> list:
    from apps.annual import needs

    programmes = needs.catalogue()
    if cycle.pk is not None:
        return [b for b in needs.branches(cycle, programmes) if b.key != "stated"]
    at = needs.year_end(cycle)
    found = []
    if cycle.plan is not None:  # the target loop of needs.branches, for a cycle not yet created
        from django.db.models import Q

        from apps.targets.context import Context, TargetError
        from apps.targets.measures import measure_condition
        from apps.targets.population import population_q

        ctx = Context.build(at=at, period=needs.period_of(cycle))
        for target in cycle.plan.targets.order_by("order", "code"):
            spec = target.spec or {}
            measure = spec.get("measure") or {}
            if measure.get("kind") in (None, "count", "standard", "standard_before_appointment"):
                continue
            programme = needs.programme_for(measure, programmes)
            if programme is None:
                continue
            try:
                pop = spec.get("population") or {}
                q = population_q(pop, ctx, at) & ~Q(measure_condition(measure, ctx, pop))
            except TargetError:
                continue
            found.append(needs.Branch(f"target:{target.code}", f"Chỉ tiêu {target.code}", programme.pk, q, target.code))
    found += needs._standard_branches(at, programmes)
    found += needs._succession_branch(at, programmes)
    found += needs._min_hours_branch(cycle, programmes)
    return found


def hours_this_year(person: Person, cycle) -> Hours:
    start = max(dt.date(cycle.year, 1, 1), cycle.min_hours_from)
    done = (Enrollment.objects.filter(person=person, status=EnrollmentStatus.COMPLETED, completed_on__gte=start,
                                      completed_on__lte=dt.date(cycle.year, 12, 31))
            .aggregate(t=Coalesce(Sum("hours"), 0))["t"])
    applies = person.category == Category.CIVIL_SERVANT and bool(cycle.min_hours) \
        and cycle.min_hours_from <= dt.date(cycle.year, 12, 31)
    return Hours(applies, int(done), int(cycle.min_hours or 0), cycle.min_hours_basis)


def needs_of(person: Person, today: dt.date) -> tuple[list[NeedItem], Hours]:
    """What ``person`` still needs this year, each with the programme that closes it and its upcoming
    classes; and their hours against the yearly minimum. One query for the branches, a few small ones."""
    from apps.annual.needs import year_end
    from apps.plans.models import PlanTarget
    from apps.targets.population import in_force_on

    cycle = _cycle(today.year)
    branches = _branches(cycle)
    at = year_end(cycle)
    items: list[NeedItem] = []
    if branches:
        flags = {f"b{i}": ExpressionWrapper(b.q, output_field=BooleanField()) for i, b in enumerate(branches)}
        row = (ServicePeriod.objects.filter(in_force_on(at), person_id=person.pk).annotate(**flags)
               .values_list(*flags).first())
        hits = [b for b, hit in zip(branches, row or (), strict=False) if hit]
        programmes = Programme.objects.in_bulk({b.programme_id for b in hits})
        upcoming: dict[int, list[TrainingClass]] = {}
        for c in (TrainingClass.objects.filter(programme_id__in=list(programmes), start_date__gte=today,
                                               status__in=(ClassStatus.PLANNED, ClassStatus.OPEN))
                  .select_related("provider").order_by("start_date", "code")):
            upcoming.setdefault(c.programme_id, []).append(c)
        texts = {}
        if cycle.plan is not None:
            texts = dict(PlanTarget.objects.filter(plan=cycle.plan, code__in=[b.target_code for b in hits
                                                                             if b.target_code])
                         .values_list("code", "text"))
        gaps = _standard_texts(person, today)
        for b in hits:
            item = NeedItem(b.key, b.label, programme=programmes.get(b.programme_id),
                            classes=upcoming.get(b.programme_id, [])[:5])
            if b.target_code and b.target_code in texts:
                item.label = f"Chỉ tiêu {b.target_code}: {texts[b.target_code]}"
            if b.key.startswith("standard:"):
                item.details = gaps.get(b.key.split(":")[1], [])
            items.append(item)
    return items, hours_this_year(person, cycle)


def _standard_texts(person: Person, today: dt.date) -> dict[str, list[str]]:
    from apps.standards.selectors import person_standards_section

    result: dict[str, list[str]] = {}
    for check in person_standards_section(person, at=today):
        result["rank" if check.kind == "Ngạch" else "position"] = [g.text for g in check.gaps]
    return result


def classes_of(person: Person):
    return (Enrollment.objects.filter(person=person).select_related("training_class", "programme", "provider")
            .order_by("-start_date"))
