"""The new day's figures, computed before anyone asks: at 00:05 (the province's time) the worker
stores "as of today" for every plan still running, then queues its own next run. A plan already over
shows its last day, which does not move, so it is left alone. ``new_day_schedule`` (called when a
worker starts) queues one run unless one is already waiting, so there is always exactly one."""

from __future__ import annotations

import datetime as dt

from django.tasks import task
from django.utils import timezone

from apps.core.tasks import enqueue_once, next_daily

RUN_AT = dt.time(0, 5)


@task
def refresh_new_day() -> dict[str, int]:
    from apps.plans.models import Plan
    from apps.results.services import plan_refresh

    new_day_schedule()  # first: a plan that fails to compute does not stop tomorrow's run
    today = timezone.localdate()
    computed = sum(plan_refresh(plan, today=today)
                   for plan in Plan.objects.filter(period_start__lte=today, period_end__gte=today).order_by("code"))
    return {"computed": computed}


def next_run(now: dt.datetime) -> dt.datetime:
    """The next 00:05 in the province's time zone after ``now``."""
    return next_daily(now, RUN_AT)


def new_day_schedule(*, now: dt.datetime | None = None) -> bool:
    """Queue the next run unless one is already waiting (only with the database backend, which can
    defer). True when it queued one."""
    return enqueue_once(refresh_new_day, run_after=next_run(now or timezone.now()))
