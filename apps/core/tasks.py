"""Background jobs run by ``dtbd worker`` (django-tasks-db: tasks are rows of the database).

``housekeeping`` is the periodic one: it deletes expired sessions and task results older than
30 days, then queues its own next run a day later. ``housekeeping_schedule`` (called when a worker
starts) queues one run unless one is already waiting, so there is always exactly one.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.tasks import TaskResultStatus, default_task_backend, task
from django.utils import timezone

HOUSEKEEPING_EVERY = dt.timedelta(days=1)
TASK_RESULTS_KEPT_DAYS = 30
JOB_FILES_KEPT_DAYS = 7


@task
def housekeeping() -> dict[str, int]:
    """Delete expired sessions (what ``clearsessions`` does for database sessions) and old finished
    task results; queue the next run. Returns how many sessions it deleted. Two DELETEs."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    call_command("prune_db_task_results", min_age_days=TASK_RESULTS_KEPT_DAYS, verbosity=0)
    from apps.jobs.services import jobs_prune

    jobs_prune(older_than_days=JOB_FILES_KEPT_DAYS)
    housekeeping_schedule(after=HOUSEKEEPING_EVERY)
    return {"sessions_deleted": deleted}


def housekeeping_schedule(*, after: dt.timedelta = dt.timedelta(0)) -> bool:
    """Queue a housekeeping run ``after`` from now unless one is already waiting (only with a
    backend that can defer, i.e. the database one). True when it queued one."""
    return enqueue_once(housekeeping, run_after=timezone.now() + after)


# --- the worker's periodic tasks: each queues its own next run, exactly one waits at a time -------


def next_daily(now: dt.datetime, at: dt.time) -> dt.datetime:
    """The next ``at`` o'clock in the province's time zone after ``now``."""
    local = timezone.localtime(now)
    run = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return run if run > local else run + dt.timedelta(days=1)


def enqueue_once(periodic, *, run_after: dt.datetime) -> bool:
    """Queue ``periodic`` (a task) to run at ``run_after`` unless a run of it is already waiting;
    only with a backend that can defer (the database one). True when it queued one."""
    if not default_task_backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=periodic.module_path)
    if waiting.exists():
        return False
    periodic.using(run_after=run_after).enqueue()
    return True
