"""Thin views: the list of standards, and the readiness check ("Kiểm tra điều kiện bổ nhiệm") the
person page calls with htmx. The person is read through the user's scope (404 for another agency's
person exactly as for a missing one); the check writes nothing but a personal-data access log."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from apps.core.vn import parse_date
from apps.people.models import Position, Rank
from apps.privacy.services import person_read
from apps.standards import selectors, services
from apps.standards.forms import StandardForm
from apps.standards.models import Standard
from apps.standards.services import check_can_manage_standards


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
        "standards": standards, "at": at, "error": error, "show_all": show_all, "nav": "standards",
        "can_manage": request.user.is_authenticated and _may_manage(request.user)})


def _may_manage(user) -> bool:
    try:
        check_can_manage_standards(user)
    except PermissionDenied:
        return False
    return True


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
    person = person_read(request, code, what="Kiểm tra tiêu chuẩn")
    at, error = _day(request)
    subject, subject_error = _subject(request)
    context = {"person": person, "at": at, "error": error or subject_error, "subject": subject}
    if subject is not None and not context["error"]:
        kind = {"position": subject} if isinstance(subject, Position) else {"rank": subject}
        standard = selectors.standard_in_force(at=at, **kind)
        context.update(standard=standard, gaps=selectors.gaps_against(person, standard, at=at))
    template = "standards/_readiness.html" if request.headers.get("HX-Request") else "standards/readiness.html"
    return render(request, template, context)


def _check_can_manage(request: HttpRequest) -> None:
    try:
        check_can_manage_standards(request.user)
    except PermissionDenied:
        raise PermissionDenied("Chỉ Sở Nội vụ được cập nhật tiêu chuẩn ngạch, chức vụ.") from None


def _apply_errors(form: StandardForm, exc: ValidationError) -> None:
    fields = {"rank": "rank", "position": "position", "requirements": None}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = fields.get(field, field)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _save_form(request: HttpRequest, form: StandardForm, standard: Standard | None) -> HttpResponse | None:
    """Run the service on a valid form; the redirect on success, None when refused (errors on the form)."""
    data = form.data_for_service()
    try:
        if standard is None:
            saved = services.standard_create(actor=request.user, data=data)
        else:
            saved = services.standard_update(actor=request.user, standard=standard, data=data)
    except ValidationError as exc:
        _apply_errors(form, exc)
        return None
    messages.success(request, f"Đã lưu tiêu chuẩn {saved.code}.")
    return redirect(f"{reverse('standards:list')}?tat_ca=1")


@require_http_methods(["GET", "POST"])
def standard_create(request: HttpRequest) -> HttpResponse:
    _check_can_manage(request)
    form = StandardForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (done := _save_form(request, form, None)):
        return done
    return render(request, "standards/form.html", {"form": form, "title": "Thêm tiêu chuẩn", "nav": "standards"})


@require_http_methods(["GET", "POST"])
def standard_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Sở Nội vụ only: 403 for everyone else, whatever the code (standards are not personal records)."""
    _check_can_manage(request)
    standard = get_object_or_404(Standard, code=code)
    form = StandardForm(request.POST or None, initial=StandardForm.initial_for(standard))
    if request.method == "POST" and form.is_valid() and (done := _save_form(request, form, standard)):
        return done
    return render(request, "standards/form.html", {"form": form, "title": f"Sửa tiêu chuẩn {standard.code}",
                                                   "nav": "standards"})
