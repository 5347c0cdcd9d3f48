"""Thin views over the training selectors and services: the class list, a class page with its
roster, and enrolling a person from that page. Every read goes through ``selectors`` (404 for
another agency's class exactly as for a missing one); every write through ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.roles import can_edit_people
from apps.people.selectors import person_for
from apps.training import selectors, services
from apps.training.models import ClassStatus
from apps.training.permissions import can_organise

PAGE_SIZE = 50


def class_list(request: HttpRequest) -> HttpResponse:
    """Classes in the user's scope, newest first; filters ?nam=YYYY and ?trang_thai=."""
    classes = selectors.classes_visible_to(request.user).select_related("programme", "provider", "organiser", "form")
    year, status = request.GET.get("nam", ""), request.GET.get("trang_thai", "")
    if year.isdigit():
        classes = classes.filter(start_date__year=int(year))
    if status in ClassStatus.values:
        classes = classes.filter(status=status)
    page = Paginator(classes.order_by("-start_date", "code"), PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "training/class_list.html", {
        "page": page, "year": year, "status": status, "statuses": ClassStatus.choices, "nav": "training"})


def class_detail(request: HttpRequest, code: str) -> HttpResponse:
    klass = selectors.class_for(request.user, code)
    context = {
        "klass": klass,
        "roster": selectors.class_roster(klass, request.user),
        "teaching": klass.teaching.select_related("instructor").order_by("instructor__name_sort_key"),
        "budget": klass.budget.all() if can_organise(request.user, klass.organiser_id) else None,
        "can_enrol": can_edit_people(request.user) and klass.status != ClassStatus.CANCELLED,
        "nav": "training",
    }
    return render(request, "training/class_detail.html", context)


@require_POST
def enrollment_create(request: HttpRequest, code: str) -> HttpResponse:
    """Enrol the person whose code is posted (ma_can_bo). A person the user may not read answers
    404, like a missing one; a refused enrollment comes back as a message naming the reason."""
    klass = selectors.class_for(request.user, code)
    if not can_edit_people(request.user):
        raise PermissionDenied("Bạn không có quyền ghi danh học viên.")
    person = person_for(request.user, request.POST.get("ma_can_bo", "").strip())
    try:
        services.enrollment_create(actor=request.user, person=person, training_class=klass)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Đã ghi danh {person.full_name} vào lớp {klass.code}.")
    return redirect("training:class_detail", code=klass.code)
