"""Reads of roadmap tasks, scoped: Sở Nội vụ, leaders and the system see every task; an agency
officer the tasks whose lead unit is their unit or one below it (their scope); nobody else any.
Unassigned tasks (no lead unit found) are seen by province-wide users only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.core.models import AuditEntry
from apps.roadmap.models import RoadmapTask, RoadmapTaskQuerySet, TaskStatus


def tasks_visible_to(user) -> RoadmapTaskQuerySet:
    scope = scope_of(user)
    tasks = RoadmapTask.objects.select_related("plan", "unit")
    if not scope.can(Perm.VIEW_TASKS):
        return tasks.none()
    if scope.sees_all:
        return tasks.all()
    return tasks.filter(unit_id__in=scope.unit_ids or ())


def task_for(user, pk: int) -> RoadmapTask:
    """The task, or 404 alike for a missing one and one outside the user's scope."""
    try:
        return tasks_visible_to(user).get(pk=pk)
    except RoadmapTask.DoesNotExist:
        raise Http404("Không tìm thấy nhiệm vụ.") from None


@dataclass(frozen=True)
class TaskFilter:
    plan: str = ""  # plan code
    year: int | None = None
    unit: str = ""  # unit code (an officer: within their scope)
    state: str = ""  # todo, doing, done, overdue
    retired: bool = False  # retired tasks instead of active ones


STATES = [(TaskStatus.TODO.value, "Chưa làm"), (TaskStatus.DOING.value, "Đang làm"),
          (TaskStatus.DONE.value, "Hoàn thành"), ("overdue", "Quá hạn")]


def task_list(user, f: TaskFilter, *, today: dt.date) -> QuerySet[RoadmapTask]:
    """The user's tasks matching ``f``, by due date. One query when evaluated."""
    tasks = tasks_visible_to(user)
    tasks = tasks.exclude(retired_at=None) if f.retired else tasks.active()
    if f.plan:
        tasks = tasks.filter(plan__code=f.plan)
    if f.year:
        tasks = tasks.filter(year=f.year)
    if f.unit == "-":  # the unassigned ones
        tasks = tasks.filter(unit__isnull=True)
    elif f.unit:
        tasks = tasks.filter(unit__code=f.unit)
    if f.state in {s for s, _ in STATES}:
        tasks = tasks.with_state(f.state, today)
    return tasks.only(*LIST_FIELDS).order_by("due", "plan__code", "number", "unit__code", "pk")


# what a list row shows (the plan's and the task's long texts stay in the database)
LIST_FIELDS = ("due", "label", "number", "text", "lead_text", "status", "product", "product_name", "retired_at",
               "year", "plan__code", "plan__title", "unit__code", "unit__name")


def task_counts(user, f: TaskFilter, *, today: dt.date) -> dict[str, int]:
    """{state: count} of the list ``f`` selects, regardless of ``f.state``. One query."""
    base = task_list(user, TaskFilter(plan=f.plan, year=f.year, unit=f.unit), today=today)
    return base.aggregate(
        todo=Count("pk", filter=Q(status=TaskStatus.TODO, due__gte=today)),
        doing=Count("pk", filter=Q(status=TaskStatus.DOING, due__gte=today)),
        done=Count("pk", filter=Q(status=TaskStatus.DONE)),
        overdue=Count("pk", filter=~Q(status=TaskStatus.DONE) & Q(due__lt=today)),
        total=Count("pk"))


def filter_choices(user) -> dict:
    """Plans, years and units the user's tasks span (for the filter selects). Three small queries."""
    tasks = tasks_visible_to(user).active()
    return {
        "plans": list(tasks.order_by("plan__code").values_list("plan__code", "plan__title").distinct()),
        "years": sorted(set(tasks.values_list("year", flat=True))),
        "units": list(tasks.exclude(unit=None).order_by("unit__name_sort_key")
                      .values_list("unit__code", "unit__name").distinct()),
    }


def task_history(task: RoadmapTask) -> QuerySet[AuditEntry]:
    """The task's audit entries, newest first."""
    return AuditEntry.objects.filter(target_type="roadmaptask", target_id=task.pk).select_related("actor").order_by("-at", "-pk")
