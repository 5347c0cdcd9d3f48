"""A user's own notifications and calendar feed. Nothing here shows another user's messages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from apps.notifications import services
from apps.notifications.models import Notification
from apps.notifications.reminders import deadlines_of


def notification_list(request):
    page = Paginator(services.notifications_of(request.user), 30).get_page(request.GET.get("trang"))
    return render(request, "notifications/list.html", {"page": page, "nav": "notifications"})


def notification_open(request, pk: int):
    try:
        notification = services.notification_open(actor=request.user, pk=pk)
    except Notification.DoesNotExist:
        raise Http404("Không có thông báo này.") from None
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:list")


@require_POST
def mark_all_read(request):
    services.notifications_mark_all_read(actor=request.user)
    return redirect("notifications:list")


def calendar(request):
    renew = request.method == "POST" and "doi-ma" in request.POST
    token = services.calendar_token_of(request.user, renew=renew)
    if renew:
        return redirect("notifications:calendar")
    feed = request.build_absolute_uri(reverse("notifications:ics") + f"?token={token}")
    deadlines = deadlines_of(request.user.pk, timezone.localdate())
    return render(request, "notifications/calendar.html", {"feed": feed, "deadlines": deadlines,
                                                           "nav": "notifications"})


@login_not_required
def calendar_ics(request):
    """The .ics feed: a calendar program cannot sign in, so the address carries a secret token."""
    user = services.calendar_user(request.GET.get("token", ""))
    if user is None:
        raise Http404("Mã lịch không đúng hoặc đã được đổi.")
    response = HttpResponse(services.calendar_ics(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="dtbd-han-cong-viec.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
