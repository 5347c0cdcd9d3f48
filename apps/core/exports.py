"""Exports too long for one request run as background jobs (apps/jobs): the view counts the rows,
and past ``background_rows()`` it queues a job and sends the user to its progress page, where the
file is offered when ready (a notification says so too)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from apps.core.vn import format_number

DEFAULT_BACKGROUND_ROWS = 5000


def background_rows() -> int:
    """Rows beyond which a web export runs in the background (``DTBD_EXPORT_BACKGROUND_ROWS``)."""
    return int(getattr(settings, "DTBD_EXPORT_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS))


def in_background(request, *, kind: str, params: dict[str, Any], rows: int, title: str) -> HttpResponse:
    """Queue the export job ``kind`` for the signed-in user and redirect to its progress page."""
    from apps.jobs.services import job_start

    job = job_start(actor=request.user, kind=kind, params=params, title=title)
    messages.info(request, f"Tệp có khoảng {format_number(rows)} dòng nên được tạo ở chế độ nền: "
                           "trang này cho biết tiến độ, và bạn sẽ nhận thông báo khi tệp sẵn sàng để tải về.")
    return redirect(job.get_absolute_url())
