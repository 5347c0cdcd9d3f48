"""Background jobs: queued for the worker, run with progress, the file for its requester only, and a
notification when done or failed."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from apps.jobs.models import Job
from apps.jobs.registry import JobError, JobOutput, job_kind
from apps.jobs.services import job_start
from apps.jobs.testing import run_pending
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db
SEEN: list = []


@job_kind("test.units", title="Danh sách đơn vị")
def _units(job, progress):
    scope = job.scope()
    SEEN.append((scope.role, job.params))
    for i in range(3):
        progress(i, 3)
    if job.params.get("fail"):
        raise JobError("Năm 2031 chưa có số liệu.")
    if job.params.get("crash"):
        raise RuntimeError("boom")
    return JobOutput(filename="don-vi.txt", data="Sở Y tế\n".encode(), content_type="text/plain; charset=utf-8")


def test_a_job_is_queued_for_the_worker_then_runs_and_tells_its_requester(personas, client_as):
    officer = personas["can_bo_so_y_te"]
    job = job_start(actor=officer, kind="test.units", params={"year": 2026})
    assert job.status == Job.Status.QUEUED and job.title == "Danh sách đơn vị"
    assert DBTaskResult.objects.filter(task_path="apps.jobs.tasks.run_job", args_kwargs__args=[job.pk]).exists()
    c = client_as("can_bo_so_y_te")
    assert "Đang chờ" in c.get(job.get_absolute_url()).content.decode()
    assert c.get(f"/cong-viec/{job.pk}/tai-ve/").status_code == 404  # not ready yet
    [done] = run_pending()
    assert done.status == Job.Status.DONE and done.percent == 100 and done.size == len("Sở Y tế\n".encode())
    assert SEEN[-1] == ("agency_officer", {"year": 2026})
    response = c.get(f"/cong-viec/{job.pk}/tai-ve/")
    assert response.status_code == 200 and b"".join(response.streaming_content).decode() == "Sở Y tế\n"
    assert 'filename="don-vi.txt"' in response["Content-Disposition"]
    fragment = c.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and "Tải về don-vi.txt" in fragment  # polling stops when done
    assert Notification.objects.get(user=officer).title == "Đã xong: Danh sách đơn vị"


def test_another_user_never_sees_the_job_or_its_file(personas, client_as):
    job = job_start(actor=personas["can_bo_so_y_te"], kind="test.units")
    run_pending()
    c = client_as("can_bo_so_giao_duc")
    assert c.get(job.get_absolute_url()).status_code == 404
    assert c.get(f"/cong-viec/{job.pk}/tai-ve/").status_code == 404
    assert "Danh sách đơn vị" not in c.get("/cong-viec/").content.decode()


def test_a_failed_job_says_why_in_vietnamese(personas):
    failed = job_start(actor=personas["so_noi_vu"], kind="test.units", params={"fail": True})
    crashed = job_start(actor=personas["so_noi_vu"], kind="test.units", params={"crash": True})
    run_pending()
    failed.refresh_from_db()
    crashed.refresh_from_db()
    assert failed.status == Job.Status.FAILED and failed.message == "Năm 2031 chưa có số liệu."
    assert crashed.status == Job.Status.FAILED and "lỗi hệ thống (RuntimeError)" in crashed.message
    assert Notification.objects.filter(title__startswith="Không thành công").count() == 2


def test_a_job_needs_a_signed_in_requester():
    from apps.accounts.system import SYSTEM, MissingActor

    with pytest.raises(MissingActor):
        job_start(actor=SYSTEM, kind="test.units")
