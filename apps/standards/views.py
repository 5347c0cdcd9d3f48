"""Thin views: the list of standards, and the readiness check ("Kiểm tra điều kiện bổ nhiệm") the
person page calls with htmx. The person is read through the user's scope (404 for another agency's
person exactly as for a missing one); the check writes nothing but a personal-data access log."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.core.vn import parse_date
from apps.people.models import Position, Rank
from apps.people.selectors import person_for
from apps.people.services import person_log_view
from apps.standards import selectors


def _day(request: HttpRequest) -> tuple[dt.date, str]:
    """The date asked for (?ngay=dd/mm/yyyy), today by default; an error message when unreadable."""
    text = request.GET.get("ngay", "").strip()
    if not text:
        return timezone.localdate(), ""
    try:
        return parse_date(text), ""
    except ValueError as exc:
        return timezone.localdate(), f"Ngày: {exc}."


@require_GET
def standard_list(request: HttpRequest) -> HttpResponse:
    """Standards in force on ?ngay= (today by default); ?tat_ca=1 lists every one, expired too."""
    at, error = _day(request)
    show_all = request.GET.get("tat_ca") == "1"
    standards = selectors.standards_list()
    if not show_all:
        standards = standards.in_force(at)
    return render(request, "standards/list.html", {
        "standards": standards, "at": at, "error": error, "show_all": show_all, "nav": "standards"})


def _subject(request: HttpRequest) -> tuple[Rank | Position | None, str]:
    position_code, rank_code = request.GET.get("chuc_vu", "").strip(), request.GET.get("ngach", "").strip()
    if position_code:
        position = Position.objects.filter(code=position_code).first()
        return position, "" if position else f"Không có chức vụ mã “{position_code}”."
    if rank_code:
        rank = Rank.objects.filter(code=rank_code).first()
        return rank, "" if rank else f"Không có ngạch mã “{rank_code}”."
    return None, "Hãy chọn chức vụ cần kiểm tra."


@require_GET
def readiness_check(request: HttpRequest, code: str) -> HttpResponse:
    """What the person lacks on ?ngay= to be appointed to ?chuc_vu= (or to come into ?ngach=)."""
    person = person_for(request.user, code)
    person_log_view(actor=request.user, person=person)
    at, error = _day(request)
    subject, subject_error = _subject(request)
    context = {"person": person, "at": at, "error": error or subject_error, "subject": subject}
    if subject is not None and not context["error"]:
        kind = {"position": subject} if isinstance(subject, Position) else {"rank": subject}
        standard = selectors.standard_in_force(at=at, **kind)
        context.update(standard=standard, gaps=selectors.gaps_against(person, standard, at=at))
    template = "standards/_readiness.html" if request.headers.get("HX-Request") else "standards/readiness.html"
    return render(request, template, context)
