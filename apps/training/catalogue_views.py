"""Thin views of the catalogue: programmes, content areas, providers with their instructors, and
the Department's instructor checks (short practical experience, visiting-hours share per provider).

Reading the catalogue is for every signed-in role but learners; writing it is Sở Nội vụ's, and a
provider's own login may keep its instructors. Refusals are 403 whatever the code (the catalogue
holds no personal records, so there is nothing to hide behind a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.core.http import year_param
from apps.training import permissions, selectors, services
from apps.training.forms import ContentAreaForm, InstructorForm, ProgrammeForm, ProviderForm
from apps.training.models import ContentArea, Instructor, Programme, Provider


def _check_reader(user) -> None:
    scope_of(user).require(Perm.READ_CATALOGUE)


def _get(model, **lookup):
    try:
        return model.objects.get(**lookup)
    except model.DoesNotExist:
        raise Http404("Không tìm thấy.") from None


def _refused(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _form_page(request, form, title: str, back: str) -> HttpResponse:
    return render(request, "training/catalogue_form.html", {"form": form, "title": title, "back": back,
                                                            "nav": "training"},
                  status=422 if form.errors else 200)


def _is_admin(user) -> bool:
    return scope_of(user).can(Perm.MANAGE_CATALOGUE)


# --- programmes ---------------------------------------------------------------------------------


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    _check_reader(request.user)
    return render(request, "training/programme_list.html", {
        "programmes": selectors.programmes_catalogue(), "can_edit": _is_admin(request.user), "nav": "training"})


_PROGRAMME_VALUES = ("name", "kind", "degree_level", "fostering_family", "grants_level", "standard_hours",
                     "is_long_term", "major", "language", "active")


@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_catalogue(request.user)
    form = ProgrammeForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            programme = services.programme_create(
                actor=request.user, code=d["code"], content_areas=d["content_areas"],
                **{k: d[k] for k in _PROGRAMME_VALUES if k != "active"})
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, f"Đã thêm chương trình {programme.name}.")
            return redirect("training:programme_list")
    return _form_page(request, form, "Thêm chương trình", "training:programme_list")


@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, code: str) -> HttpResponse:
    permissions.check_can_manage_catalogue(request.user)
    programme = _get(Programme, code=code)
    initial = {k: getattr(programme, k) for k in _PROGRAMME_VALUES}
    initial.update(code=programme.code, grants_level=programme.grants_level_id,
                   content_areas=list(programme.content_areas.values_list("pk", flat=True)))
    form = ProgrammeForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.programme_update(actor=request.user, programme=programme, content_areas=d["content_areas"],
                                      **{k: d[k] for k in _PROGRAMME_VALUES})
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, f"Đã lưu chương trình {programme.name}.")
            return redirect("training:programme_list")
    return _form_page(request, form, f"Sửa chương trình {programme.code}", "training:programme_list")


# --- content areas ------------------------------------------------------------------------------


@require_GET
def content_area_list(request: HttpRequest) -> HttpResponse:
    _check_reader(request.user)
    return render(request, "training/content_area_list.html", {
        "areas": ContentArea.objects.order_by("-active", "order", "code"), "can_edit": _is_admin(request.user),
        "nav": "training"})


@require_http_methods(["GET", "POST"])
def content_area_create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_catalogue(request.user)
    form = ContentAreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            d = form.cleaned_data
            area = services.content_area_create(actor=request.user, code=d["code"], name=d["name"], order=d["order"])
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, f"Đã thêm nội dung {area.name}.")
            return redirect("training:content_area_list")
    return _form_page(request, form, "Thêm nội dung đào tạo, bồi dưỡng", "training:content_area_list")


@require_http_methods(["GET", "POST"])
def content_area_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Rename, reorder or retire a content area (its code, used by plans and targets, stays)."""
    permissions.check_can_manage_catalogue(request.user)
    area = _get(ContentArea, code=code)
    form = ContentAreaForm(request.POST or None, editing=True,
                           initial={"code": area.code, "name": area.name, "order": area.order, "active": area.active})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.content_area_update(actor=request.user, area=area, name=d["name"], order=d["order"],
                                         active=d["active"])
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, f"Đã lưu nội dung {area.name}.")
            return redirect("training:content_area_list")
    return _form_page(request, form, f"Sửa nội dung {area.name}", "training:content_area_list")


# --- providers and instructors ------------------------------------------------------------------


@require_GET
def provider_list(request: HttpRequest) -> HttpResponse:
    _check_reader(request.user)
    return render(request, "training/provider_list.html", {
        "providers": selectors.providers_catalogue(), "can_edit": _is_admin(request.user), "nav": "training"})


_PROVIDER_VALUES = ("name", "ownership", "is_foreign", "country", "active")


@require_http_methods(["GET", "POST"])
def provider_create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_catalogue(request.user)
    form = ProviderForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            provider = services.provider_create(actor=request.user, code=d["code"],
                                                **{k: d[k] for k in _PROVIDER_VALUES if k != "active"})
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, f"Đã thêm cơ sở {provider.name}.")
            return redirect("training:provider_detail", code=provider.code)
    return _form_page(request, form, "Thêm cơ sở đào tạo, bồi dưỡng", "training:provider_list")


@require_http_methods(["GET", "POST"])
def provider_edit(request: HttpRequest, code: str) -> HttpResponse:
    permissions.check_can_manage_catalogue(request.user)
    provider = _get(Provider, code=code)
    initial = {"code": provider.code, **{k: getattr(provider, k) for k in _PROVIDER_VALUES}}
    form = ProviderForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_update(actor=request.user, provider=provider,
                                     **{k: form.cleaned_data[k] for k in _PROVIDER_VALUES})
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, f"Đã lưu cơ sở {provider.name}.")
            return redirect("training:provider_detail", code=provider.code)
    return _form_page(request, form, f"Sửa cơ sở {provider.name}", "training:provider_list")


NOT_YOUR_INSTRUCTORS = "Bạn không có quyền cập nhật giảng viên của cơ sở này."


def _check_instructor_keeper(user) -> None:
    """Only the Department and provider logins ever keep instructors: others get 403 before any
    lookup, whatever the code."""
    scope = scope_of(user)
    if not (scope.can(Perm.MANAGE_CATALOGUE) or scope.can(Perm.MANAGE_INSTRUCTORS)):
        raise PermissionDenied(NOT_YOUR_INSTRUCTORS)


def _may_keep_instructors(user, provider: Provider) -> bool:
    try:
        permissions.check_can_manage_provider(user, provider.pk)
    except PermissionDenied:
        return False
    return True


@require_GET
def provider_detail(request: HttpRequest, code: str) -> HttpResponse:
    _check_reader(request.user)
    provider = _get(Provider, code=code)
    instructors = list(selectors.provider_instructors(provider))
    evaluation = None
    if request.scope.can(Perm.VIEW_EVALUATIONS):  # the year's evaluation results (apps.evaluation)
        from django.utils import timezone

        from apps.evaluation.selectors import evaluation_summary

        year = timezone.localdate().year
        found = evaluation_summary(request.scope, year, provider).providers
        evaluation = {"year": year, "py": found[0] if found else None}
        lines = {x.key: x for x in (found[0].instructors if found else [])}
        for i in instructors:
            i.evaluation = lines.get(str(i.pk))  # type: ignore[attr-defined]
    return render(request, "training/provider_detail.html", {
        "provider": provider, "instructors": instructors, "evaluation": evaluation,
        "min_years": selectors.min_practice_years(), "can_edit": _is_admin(request.user),
        "can_keep_instructors": _may_keep_instructors(request.user, provider), "nav": "training"})


_INSTRUCTOR_VALUES = ("full_name", "kind", "specialty", "practical_management_years", "has_teaching_certificate")


@require_http_methods(["GET", "POST"])
def instructor_create(request: HttpRequest, code: str) -> HttpResponse:
    _check_instructor_keeper(request.user)
    provider = _get(Provider, code=code)
    if not _may_keep_instructors(request.user, provider):
        raise PermissionDenied(NOT_YOUR_INSTRUCTORS)
    form = InstructorForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        try:
            instructor = services.instructor_create(actor=request.user, provider=provider,
                                                    **{k: form.cleaned_data[k] for k in _INSTRUCTOR_VALUES})
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, f"Đã thêm giảng viên {instructor.full_name}.")
            return redirect("training:provider_detail", code=provider.code)
    return _form_page(request, form, f"Thêm giảng viên · {provider.name}", "training:provider_list")


@require_http_methods(["GET", "POST"])
def instructor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _check_instructor_keeper(request.user)
    instructor = _get(Instructor, pk=pk)
    if not _may_keep_instructors(request.user, instructor.provider):
        raise PermissionDenied(NOT_YOUR_INSTRUCTORS)
    values = (*_INSTRUCTOR_VALUES, "active")
    form = InstructorForm(request.POST or None, initial={k: getattr(instructor, k) for k in values})
    if request.method == "POST" and form.is_valid():
        try:
            services.instructor_update(actor=request.user, instructor=instructor,
                                       **{k: form.cleaned_data[k] for k in values})
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, f"Đã lưu giảng viên {instructor.full_name}.")
            return redirect("training:provider_detail", code=instructor.provider.code)
    return _form_page(request, form, f"Sửa giảng viên {instructor.full_name}", "training:provider_list")


# --- the Department's checks --------------------------------------------------------------------


@require_GET
def instructor_checks(request: HttpRequest) -> HttpResponse:
    """Instructors under the practical-experience minimum, and per provider the share of the
    year's hours taught by visiting instructors against the requirement (?nam=YYYY)."""
    request.scope.require(Perm.REVIEW_INSTRUCTORS)
    year = year_param(request) or timezone.localdate().year
    return render(request, "training/instructor_checks.html", {
        "year": year, "short": selectors.instructors_with_short_experience(),
        "min_years": selectors.min_practice_years(), "shares": selectors.visiting_share_by_provider(year),
        "required_percent": selectors.visiting_share_required() * 100, "nav": "training"})
