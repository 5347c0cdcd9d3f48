"""Reads of plans. Every signed-in user may read every plan (plans are public documents of the
province); loading and editing is Sở Nội vụ's (``Perm.LOAD_PLANS``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from apps.accounts.access import scope_of
from apps.plans import deadlines, rows
from apps.plans.models import Plan, PlanTask


def plans_visible_to(user) -> QuerySet[Plan]:
    """Plans ``user`` may read: all of them for anyone with a role (and the system)."""
    if scope_of(user).role is None:
        return Plan.objects.none()
    return Plan.objects.all()


def plan_list(user) -> QuerySet[Plan]:
    """Plans with their target and roadmap counts, newest period first. One query."""
    return plans_visible_to(user).annotate(
        target_count=Count("targets", distinct=True), task_count=Count("tasks", distinct=True))


def plan_for(user, code: str) -> Plan:
    try:
        return plans_visible_to(user).get(code=code)
    except Plan.DoesNotExist:
        raise Http404("Không tìm thấy kế hoạch.") from None


def plan_data(plan: Plan) -> dict[str, Any]:
    """The plan as file data (see ``apps.plans.rows.plan_to_data``)."""
    return rows.plan_to_data(plan)


@dataclass(frozen=True)
class RoadmapRow:
    task: PlanTask
    depth: int
    reading: str  # the parsed deadline in words
    next_due: dt.date | None


def roadmap(plan: Plan, *, on: dt.date) -> list[RoadmapRow]:
    """The appendix rows in order with their depth, parsed deadline and next due date on or after
    ``on`` (within the plan's period). One query."""
    tasks = list(plan.tasks.order_by("order"))
    depth: dict[int, int] = {}
    out = []
    for t in tasks:
        depth[t.pk] = depth[t.parent_id] + 1 if t.parent_id else 0
        due = (deadlines.next_due(t.deadline, max(on, plan.period_start), until=plan.period_end,
                                  start=plan.period_start) if t.deadline else None)
        out.append(RoadmapRow(t, depth[t.pk], deadlines.describe(t.deadline) if t.deadline else "", due))
    return out


def tree(queryset) -> list[tuple[Any, int]]:
    """(row, depth) in order for a hierarchical section (contents, tasks and solutions)."""
    depth: dict[int, int] = {}
    out = []
    for r in queryset.order_by("order"):
        depth[r.pk] = depth[r.parent_id] + 1 if r.parent_id else 0
        out.append((r, depth[r.pk]))
    return out


@dataclass(frozen=True)
class TargetRow:
    target: Any
    description: str


def _catalogue_names(specs: list[dict]) -> dict[str, str]:
    """Labels for the codes the targets name (one query per catalogue)."""
    from apps.organization.models import Unit
    from apps.people.models import Ethnicity, Position, QualificationLevel, Rank
    from apps.training.models import ContentArea, DeliveryForm, Programme

    codes: set[str] = set()

    def collect(value):
        if isinstance(value, dict):
            for v in value.values():
                collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)
        elif isinstance(value, str):
            codes.add(value)

    for spec in specs:
        collect({k: spec.get(k) for k in ("population", "measure", "part_of")})
    names: dict[str, str] = {}
    for model in (Unit, Rank, Position, Ethnicity, ContentArea, DeliveryForm, Programme):
        names.update(model.objects.filter(code__in=codes).values_list("code", "name"))
    names.update(QualificationLevel.objects.filter(code__in=codes).values_list("code", "name"))
    return names


def plan_targets(plan: Plan) -> list[TargetRow]:
    """The plan's targets in order, each with its rule read aloud in Vietnamese."""
    from apps.plans.describe import describe_target

    targets = list(plan.targets.order_by("order"))
    names = _catalogue_names([t.spec for t in targets])
    return [TargetRow(t, describe_target(t.spec, names)) for t in targets]
