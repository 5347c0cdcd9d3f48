"""Starting and running background jobs. ``job_start`` records the request and queues it for the
worker; ``job_execute`` (called by the worker's task, or by tests) runs it, keeps the progress,
stores the file and tells the requester."""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.utils import timezone

from apps.accounts.system import MissingActor
from apps.core.audit import audit_write
from apps.core.models import AuditEntry
from apps.jobs.models import Job
from apps.jobs.registry import JobError, kind_of

log = logging.getLogger(__name__)
PROGRESS_EVERY = 0.5  # seconds between two progress writes


def job_start(*, actor: Any, kind: str, params: dict[str, Any] | None = None, title: str = "") -> Job:
    """Record a job for ``actor`` and queue it. The kind must be registered."""
    if getattr(actor, "pk", None) is None:
        raise MissingActor("job_start needs a signed-in user (the file is theirs)")
    registered = kind_of(kind)
    job = Job.objects.create(kind=kind, title=(title or registered.title)[:250], params=params or {},
                             created_by=actor)
    audit_write(actor=actor, action=AuditEntry.Action.REQUEST, target=job, note=f"Yêu cầu {job.title}")
    from apps.jobs.tasks import run_job

    run_job.enqueue(job.pk)
    return job


def jobs_of(user: Any) -> QuerySet[Job]:
    return Job.objects.filter(created_by=user)


def job_of(user: Any, pk: int) -> Job:
    """One of ``user``'s own jobs (another user's: Job.DoesNotExist)."""
    return Job.objects.get(pk=pk, created_by=user)


def job_execute(job_id: int) -> Job:
    """Run one queued job to its end; never raises for a failure of the job itself."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.status != Job.Status.QUEUED:
        return job
    job.status, job.started_at = Job.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY and done < total:
            return
        last[0] = now
        Job.objects.filter(pk=job.pk).update(done=max(done, 0), total=max(total, 0))

    try:
        output = kind_of(job.kind).run(job, progress)
        name = output.filename
        if output.path is not None:
            with open(output.path, "rb") as handle:
                job.file.save(name, File(handle), save=False)
        else:
            job.file.save(name, ContentFile(output.data or b""), save=False)
        job.filename, job.content_type, job.size = name, output.content_type, job.file.size
        job.status = Job.Status.DONE
        job.done = job.total = max(job.total, 1)
    except (JobError, ValidationError, PermissionError) as exc:
        job.status, job.message = Job.Status.FAILED, _message(exc)
    except Exception as exc:  # noqa: BLE001 - the requester gets a message, the log the trace
        log.exception("job %s (%s) failed", job.pk, job.kind)
        job.status = Job.Status.FAILED
        job.message = f"Không tạo được tệp do lỗi hệ thống ({type(exc).__name__}). Quản trị viên đã được ghi nhận lỗi."
    job.finished_at = timezone.now()
    job.save()
    _tell(job)
    return job


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc) or "Không thực hiện được."


def _tell(job: Job) -> None:
    from apps.notifications.services import notify

    if job.status == Job.Status.DONE and kind_of(job.kind).quiet:
        return
    if job.status == Job.Status.DONE:
        title, body = f"Đã xong: {job.title}", f"Tệp {job.filename} đã sẵn sàng để tải về."
    else:
        title, body = f"Không thành công: {job.title}", job.message
    notify(users=[job.created_by_id], kind="job", title=title, body=body, url=job.get_absolute_url(),
           key=f"job:{job.pk}", email=False)


def jobs_prune(*, older_than_days: int = 7) -> int:
    """Delete finished jobs (and their files) older than the given number of days."""
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    old = list(Job.objects.filter(created_at__lt=cutoff))
    for job in old:
        if job.file:
            job.file.delete(save=False)
    Job.objects.filter(pk__in=[j.pk for j in old]).delete()
    return len(old)
