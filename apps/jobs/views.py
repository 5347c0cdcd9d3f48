"""A user's own background jobs: the progress page (polled by htmx) and the download."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render

from apps.jobs import services
from apps.jobs.models import Job


def _mine(request, pk: int) -> Job:
    try:
        return services.job_of(request.user, pk)
    except Job.DoesNotExist:
        raise Http404("Không có việc này.") from None


def job_list(request):
    page = Paginator(services.jobs_of(request.user), 30).get_page(request.GET.get("trang"))
    return render(request, "jobs/list.html", {"page": page})


def job_detail(request, pk: int):
    job = _mine(request, pk)
    template = "jobs/_progress.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, {"job": job})


def job_download(request, pk: int):
    job = _mine(request, pk)
    if job.status != Job.Status.DONE or not job.file:
        raise Http404("Tệp chưa sẵn sàng.")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp đã bị xóa (việc cũ hơn 7 ngày); hãy yêu cầu lại.") from None
    return FileResponse(handle, as_attachment=True, filename=job.filename, content_type=job.content_type)
