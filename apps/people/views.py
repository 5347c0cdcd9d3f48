"""Thin views over the people selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from apps.accounts.access import requires
from apps.accounts.permissions import Perm
from apps.core.exports import background_rows, in_background
from apps.core.http import posted, uploaded
from apps.core.models import AuditEntry
from apps.organization.selectors import units_visible_to
from apps.people import selectors, services
from apps.people.forms import (
    CouncilSeatEndForm,
    CouncilSeatForm,
    ImportForm,
    PersonForm,
    PersonStatusForm,
)
from apps.people.io import exporting, importing
from apps.people.models import Category, Dimension, Status
from apps.privacy import selectors as access_selectors
from apps.privacy.services import Kind, access_log_write, person_read

PAGE_SIZE = 50


def _list_filters(request: HttpRequest) -> dict:
    """The list's filters from the query string (shared by the list and its exports)."""
    unit_code = request.GET.get("don_vi", "")
    units = units_visible_to(request.user).current()
    return {"query": request.GET.get("q", "").strip(), "units": units,
            "unit": units.filter(code=unit_code).first() if unit_code else None,
            "category": request.GET.get("doi_tuong", ""),
            "status": request.GET.get("trang_thai", Status.WORKING)}


def _filter_description(f: dict) -> dict:
    """The list's filters as the access log keeps them."""
    return {"q": f["query"], "don_vi": f["unit"].code if f["unit"] else "", "doi_tuong": f["category"],
            "trang_thai": f["status"]}


def _filtered_people(request: HttpRequest, f: dict):
    return selectors.people_list(request.user, query=f["query"], unit_id=f["unit"].pk if f["unit"] else None,
                                 category=f["category"], status=f["status"])


@requires(Perm.VIEW_PEOPLE)
def people_list(request: HttpRequest) -> HttpResponse:
    f = _list_filters(request)
    query, units, unit, category, status = f["query"], f["units"], f["unit"], f["category"], f["status"]
    people = _filtered_people(request, f)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("trang"))
    context = {"page": page, "query": query, "units": units, "unit": unit, "category": category,
               "status": status, "categories": Category.choices, "statuses": Status.choices, "nav": "people"}
    access_log_write(actor=request.user, kind=Kind.VIEW, what="Danh sách nhân sự", request=request,
                     filters={**_filter_description(f), "trang": page.number}, count=len(page))
    template = "people/_results.html" if request.headers.get("HX-Request") else "people/list.html"
    return render(request, template, context)


def person_detail(request: HttpRequest, code: str) -> HttpResponse:
    person = person_read(request, code, what="Hồ sơ cán bộ")
    profile = selectors.qualification_profile(person)
    context = {
        "person": person,
        "periods": person.periods.select_related("unit", "rank", "position").order_by("-valid_from"),
        "profile": [(label, profile.get(value)) for value, label in Dimension.choices],
        "qualifications": person.qualifications.select_related("level").order_by("dimension", "-obtained_on"),
        "council_seats": person.council_seats.select_related("council"),
        "audit": AuditEntry.objects.filter(target_type="person", target_id=person.pk)
        .exclude(action=AuditEntry.Action.VIEW).select_related("actor")[:100],
        "can_edit": request.scope.can(Perm.EDIT_PEOPLE),
        "status_form": PersonStatusForm() if request.scope.can(Perm.EDIT_PEOPLE) else None,
        "access_views": access_selectors.views_of_own_record(request.user, person),
        "nav": "people",
    }
    return render(request, "people/detail.html", context)


def _data_from(form: PersonForm) -> services.PersonData:
    d = form.cleaned_data
    return services.PersonData(
        code=d["code"], full_name=d["full_name"], gender=d["gender"], birth_date=d["birth_date"],
        ethnicity_id=d["ethnicity"].pk, national_id=d["national_id"] or None, unit_id=d["unit"].pk,
        category=d["category"], joined_on=d["joined_on"], rank_id=getattr(d["rank"], "pk", None),
        position_id=getattr(d["position"], "pk", None), position_appointed_on=d["position_appointed_on"],
        job_position=d["job_position"], in_succession_plan=d["in_succession_plan"],
        succession_position_id=getattr(d["succession_position"], "pk", None),
    )


def _apply_errors(form: PersonForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_http_methods(["GET", "POST"])
@requires(Perm.EDIT_PEOPLE, "Bạn không có quyền thêm hồ sơ.")
def person_create(request: HttpRequest) -> HttpResponse:
    units = units_visible_to(request.user).current()
    form = PersonForm(posted(request), units=units)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, data=_data_from(form))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"Đã thêm hồ sơ {person.full_name}.")
            return redirect("people:detail", code=person.code)
    return render(request, "people/form.html", {"form": form, "title": "Thêm hồ sơ", "nav": "people"})


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, code: str) -> HttpResponse:
    person = person_read(request, code, what="Sửa hồ sơ")
    request.scope.require(Perm.EDIT_PEOPLE, "Bạn không có quyền sửa hồ sơ.")
    units = units_visible_to(request.user).current()
    initial = {
        "code": person.code, "full_name": person.full_name, "gender": person.gender,
        "birth_date": person.birth_date.strftime("%d/%m/%Y"), "ethnicity": person.ethnicity_id,
        "national_id": person.national_id, "unit": person.unit_id, "category": person.category,
        "joined_on": person.joined_on.strftime("%d/%m/%Y"), "rank": person.rank_id,
        "position": person.position_id, "job_position": person.job_position,
        "position_appointed_on": person.position_appointed_on.strftime("%d/%m/%Y") if person.position_appointed_on else "",
        "in_succession_plan": person.in_succession_plan, "succession_position": person.succession_position_id,
    }
    form = PersonForm(posted(request), initial=initial, units=units, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, data=_data_from(form),
                                   effective_on=form.cleaned_data.get("effective_on"))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("people:detail", code=person.code)
    return render(request, "people/form.html", {"form": form, "title": f"Sửa hồ sơ {person.full_name}",
                                                "person": person, "nav": "people", **_seat_context(person)})


def _seat_context(person, seat_form: CouncilSeatForm | None = None) -> dict:
    return {"council_seats": person.council_seats.select_related("council").order_by("term", "valid_from"),
            "seat_form": seat_form or CouncilSeatForm(), "seat_end_form": CouncilSeatEndForm()}


@require_http_methods(["GET", "POST"])
def person_seats(request: HttpRequest, code: str) -> HttpResponse:
    """The People's Council seats of a person: add one (POST), or the editor alone (GET)."""
    person = person_read(request, code, what="Đại biểu HĐND")
    request.scope.require(Perm.EDIT_PEOPLE, "Bạn không có quyền sửa hồ sơ.")
    form = CouncilSeatForm(posted(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.council_seat_add(actor=request.user, person=person, council=d["council"], term=d["term"],
                                      valid_from=d["valid_from"], valid_to=d["valid_to"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"Đã ghi ghế đại biểu {d['council'].name} nhiệm kỳ {d['term']}.")
            return redirect("people:edit", code=person.code)
    return render(request, "people/seats.html", {"person": person, "nav": "people", **_seat_context(person, form)},
                  status=422 if form.errors else 200)


@require_http_methods(["POST"])
def person_seat_change(request: HttpRequest, code: str, pk: int, action: str) -> HttpResponse:
    """End a seat on a date (``action`` "end") or delete one recorded by mistake ("remove")."""
    person = person_read(request, code, what="Đại biểu HĐND")
    request.scope.require(Perm.EDIT_PEOPLE, "Bạn không có quyền sửa hồ sơ.")
    seat = person.council_seats.select_related("council", "person").filter(pk=pk).first()
    if seat is None:
        messages.error(request, "Ghế đại biểu này không còn (có thể đã được xóa).")
        return redirect("people:edit", code=person.code)
    if action == "remove":
        services.council_seat_remove(actor=request.user, seat=seat)
        messages.success(request, f"Đã xóa ghế đại biểu {seat.council.name} nhiệm kỳ {seat.term}.")
        return redirect("people:edit", code=person.code)
    form = CouncilSeatEndForm(request.POST)
    if form.is_valid():
        try:
            services.council_seat_end(actor=request.user, seat=seat, on=form.cleaned_data["on"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Đã ghi ngày kết thúc ghế đại biểu {seat.council.name} nhiệm kỳ {seat.term}.")
    else:
        messages.error(request, "Ngày kết thúc: " + " ".join(form.errors["on"]))
    return redirect("people:edit", code=person.code)


@require_http_methods(["GET", "POST"])
@requires(Perm.EDIT_PEOPLE, "Bạn không có quyền nhập hồ sơ.")
def people_import(request: HttpRequest) -> HttpResponse:
    """Upload an xlsx/csv; show every row error, or go back to the list with the summary."""
    form = ImportForm(posted(request), uploaded(request))
    failure = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = importing.people_import(actor=request.user, source=upload.file, filename=upload.name)
        except importing.ImportFailed as exc:
            failure = exc
        else:
            messages.success(request, result.summary)
            if result.ignored_columns:
                messages.info(request, "Bỏ qua các cột không nhận ra: " + ", ".join(result.ignored_columns))
            return redirect("people:list")
    context = {"form": form, "errors": failure.lines() if failure else None,
               "error_total": failure.total if failure else 0, "nav": "people"}
    return render(request, "people/import.html", context, status=422 if failure else 200)


def people_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Download the list as filtered on screen (everyone the user may see, minus the filters)."""
    exporting.check_can_export(request.user)
    f = _list_filters(request)
    people = _filtered_people(request, f)
    count = people.count()
    if count > background_rows():
        return in_background(request, kind="people.export", params={"fmt": fmt, **_filter_description(f)},
                             rows=count, title=f"Xuất danh sách nhân sự ({fmt})")
    export = exporting.people_export(actor=request.user, fmt=fmt, people=people,
                                     request=request, filters=_filter_description(f))
    return _download(export)


@requires(Perm.EDIT_PEOPLE, "Bạn không có quyền nhập hồ sơ.")
def people_import_template(request: HttpRequest) -> HttpResponse:
    return _download(exporting.import_template(actor=request.user))


def _download(export: exporting.ExportFile) -> HttpResponse:
    return export.response()


@require_http_methods(["GET", "POST"])
def person_status(request: HttpRequest, code: str) -> HttpResponse:
    """Retire, dismiss, transfer out or reinstate with a date (404 outside scope, 403 read-only)."""
    person = person_read(request, code, what="Trạng thái hồ sơ")
    request.scope.require(Perm.EDIT_PEOPLE, "Bạn không có quyền sửa hồ sơ.")
    form = PersonStatusForm(posted(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.person_set_status(actor=request.user, person=person, status=d["status"], on=d["on"],
                                       reason=d["reason"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"Đã chuyển trạng thái: {person.get_status_display()} "
                                      f"từ {d['on']:%d/%m/%Y}.")
            return redirect("people:detail", code=person.code)
    return render(request, "people/status.html", {"form": form, "person": person, "nav": "people"},
                  status=422 if form.errors else 200)
