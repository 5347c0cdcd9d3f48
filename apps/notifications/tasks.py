"""The daily reminder job, run by ``dtbd worker``; it queues its own next run (07:00 local time)."""

from __future__ import annotations

import datetime as dt

from django.tasks import task
from django.utils import timezone

from apps.core.tasks import enqueue_once, next_daily

SEND_AT = dt.time(7, 0)


@task
def send_reminders_daily() -> dict[str, int]:
    from apps.notifications.services import send_reminders

    sent = send_reminders(timezone.localdate())
    reminders_schedule()
    return {"sent": sent}


def next_run(now: dt.datetime) -> dt.datetime:
    """The next 07:00 in the province's time zone after ``now``."""
    return next_daily(now, SEND_AT)


def reminders_schedule(*, now: dt.datetime | None = None) -> bool:
    """Queue the next daily run unless one is already waiting. Called when a worker starts (a run
    is queued for now too, so a worker started late in the day still sends today's reminders)."""
    return enqueue_once(send_reminders_daily, run_after=next_run(now or timezone.now()))
