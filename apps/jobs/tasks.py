"""The worker's side of background jobs."""

from __future__ import annotations

from django.tasks import task


@task
def run_job(job_id: int) -> str:
    from apps.jobs.services import job_execute

    return job_execute(job_id).status
