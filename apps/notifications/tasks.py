"""The daily reminder job, run by ``dtbd worker``; it queues its own next run (07:00 local time)."""

from __future__ import annotations

import datetime as dt

from django.tasks import TaskResultStatus, default_task_backend, task
from django.utils import timezone

SEND_AT = dt.time(7, 0)


@task
def send_reminders_daily() -> dict[str, int]:
    from apps.notifications.services import send_reminders

    sent = send_reminders(timezone.localdate())
    reminders_schedule()
    return {"sent": sent}


def next_run(now: dt.datetime) -> dt.datetime:
    """The next 07:00 in the province's time zone after ``now``."""
    local = timezone.localtime(now)
    at = local.replace(hour=SEND_AT.hour, minute=SEND_AT.minute, second=0, microsecond=0)
    return at if at > local else at + dt.timedelta(days=1)


def reminders_schedule(*, now: dt.datetime | None = None) -> bool:
    """Queue the next daily run unless one is already waiting. Called when a worker starts (a run
    is queued for now too, so a worker started late in the day still sends today's reminders)."""
    if not default_task_backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=send_reminders_daily.module_path)
    if waiting.exists():
        return False
    send_reminders_daily.using(run_after=next_run(now or timezone.now())).enqueue()
    return True
