"""``run_pending()``: run every queued job now, in this thread (tests have no worker)."""

from __future__ import annotations

from apps.jobs.models import Job
from apps.jobs.services import job_execute


def run_pending() -> list[Job]:
    return [job_execute(pk) for pk in Job.objects.filter(status=Job.Status.QUEUED).order_by("pk")
            .values_list("pk", flat=True)]
