"""Thin views of the class and enrollment pages: classes (list, create, edit, page with roster),
enrolling people from the agency's own list, results per enrollment, service commitments and the
reimbursement computation, training recorded outside the system, and the printable record.

Every read goes through ``selectors`` (404 for what the user may not read, exactly as for a
missing code); every write through ``services`` (403 when the user may read but not write). The
catalogue pages are in ``catalogue_views``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.access import requires, scope_of
from apps.accounts.permissions import Perm
from apps.core.http import year_param
from apps.organization.selectors import units_visible_to
from apps.people.selectors import people_list, people_visible_to
from apps.privacy.services import Kind, access_log_write, person_read
from apps.training import fit, permissions, reports, selectors, services
from apps.training.forms import (
    ClassForm,
    CommitmentForm,
    ExternalTrainingForm,
    ReimbursementForm,
    ResultForm,
    instructor_hours,
    money_values,
)
from apps.training.io.catalogues import may_import
from apps.training.models import (
    ClassStatus,
    EnrollmentStatus,
    FundingSource,
    Instructor,
    TrainingClass,
)

PAGE_SIZE = 50
CANDIDATES_SHOWN = 50


def _deny_unless(allowed: bool, reason: str) -> None:
    if not allowed:
        raise PermissionDenied(reason)


def _may_create_classes(user) -> bool:
    return scope_of(user).can(Perm.ORGANISE_CLASSES)


def _form_errors(form, exc: ValidationError) -> None:
    """A service's refusal onto the form: field errors where the form has the field."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- classes ------------------------------------------------------------------------------------


@requires(Perm.VIEW_CLASSES)
def class_list(request: HttpRequest) -> HttpResponse:
    """Classes in the user's scope, newest first; filters ?q= (code, class or programme name),
    ?nam=YYYY, ?trang_thai= and ?loai= (open province classes; an officer's own or their people's).
    An officer is told how many open province classes take people."""
    visible = selectors.classes_visible_to(request.user)
    classes = visible.select_related("programme", "provider", "organiser", "form")
    year, status, query = request.GET.get("nam", ""), request.GET.get("trang_thai", ""), request.GET.get("q", "").strip()
    reaches, reach = selectors.class_reaches(request.user), request.GET.get("loai", "")
    if query:
        classes = classes.filter(Q(code__icontains=query) | Q(name__icontains=query)
                                 | Q(programme__name__icontains=query))
    if year_param(request):
        classes = classes.filter(start_date__year=year_param(request))
    if status in ClassStatus.values:
        classes = classes.filter(status=status)
    if reach in dict(reaches):
        classes = selectors.classes_of_reach(classes, request.user, reach)
    page = Paginator(classes.order_by("-start_date", "code"), PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "training/class_list.html", {
        "page": page, "year": year, "status": status, "query": query, "statuses": ClassStatus.choices, "nav": "training",
        "reaches": reaches, "reach": reach, "reach_open": selectors.REACH_OPEN,
        "open_count": selectors.open_for_enrolment(visible).count() if request.scope.is_officer else None,
        "can_create": _may_create_classes(request.user), "can_import_results": may_import(request.user)})


def _class_data(form: ClassForm, code: str) -> services.ClassData:
    d = form.cleaned_data
    return services.ClassData(
        code=code, name=d["name"], programme=d["programme"], provider=d["provider"], organiser_id=d["organiser"].pk,
        form=d["form"], start_date=d["start_date"], end_date=d["end_date"], hours=d["hours"],
        country=d["country"].strip(), place=d["place"], capacity=d["capacity"], status=d["status"],
        open_to_agencies=d["open_to_agencies"])


def _instructor_choices(provider_id, training_class: TrainingClass | None = None) -> list[dict]:
    """The provider's active instructors (and any already teaching the class) with the hours taught."""
    if not provider_id:
        return []
    taught = {t.instructor_id: t.hours_taught for t in training_class.teaching.all()} if training_class else {}
    instructors = Instructor.objects.filter(provider_id=provider_id).order_by("name_sort_key")
    return [{"instructor": i, "checked": i.pk in taught, "hours": taught.get(i.pk, "")}
            for i in instructors if i.active or i.pk in taught]


def _save_class(request: HttpRequest, form: ClassForm, training_class: TrainingClass | None) -> TrainingClass:
    """Class, budget and instructors in one transaction: a refusal anywhere writes nothing."""
    instructors = Instructor.objects.filter(provider=form.cleaned_data["provider"])
    assignments = instructor_hours(request.POST, instructors)
    with transaction.atomic():
        if training_class is None:
            training_class = services.class_create(actor=request.user,
                                                   data=_class_data(form, form.cleaned_data["code"]))
        else:
            training_class = services.class_update(actor=request.user, training_class=training_class,
                                                   data=_class_data(form, training_class.code))
        services.class_set_budget(actor=request.user, training_class=training_class, lines=form.budget_lines())
        services.class_set_instructors(actor=request.user, training_class=training_class, assignments=assignments)
    return training_class


def _class_form_page(request, form, training_class, title):
    provider_id = form["provider"].value()
    choices = _instructor_choices(provider_id, training_class)
    if request.method == "POST":  # show what was posted, not what is saved
        for row in choices:
            pk = row["instructor"].pk
            row.update(checked=bool(request.POST.get(f"gv_{pk}")), hours=request.POST.get(f"gio_{pk}", ""))
    context = {"form": form, "klass": training_class, "title": title, "nav": "training", "instructors": choices}
    return render(request, "training/class_form.html", context, status=422 if form.errors else 200)


def _organisers(user):
    return units_visible_to(user).current().order_by("name")


@require_http_methods(["GET", "POST"])
def class_create(request: HttpRequest) -> HttpResponse:
    _deny_unless(_may_create_classes(request.user), "Bạn không có quyền mở lớp.")
    form = ClassForm(request.POST or None, organisers=_organisers(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            klass = _save_class(request, form, None)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"Đã mở lớp {klass.code}.")
            return redirect("training:class_detail", code=klass.code)
    return _class_form_page(request, form, None, "Mở lớp đào tạo, bồi dưỡng")


def _class_initial(klass: TrainingClass) -> dict:
    initial = {name: getattr(klass, name) for name in ("code", "name", "hours", "place", "country", "capacity",
                                                        "status", "open_to_agencies")}
    initial.update(programme=klass.programme_id, provider=klass.provider_id, organiser=klass.organiser_id,
                   form=klass.form_id, start_date=klass.start_date.strftime("%d/%m/%Y"),
                   end_date=klass.end_date.strftime("%d/%m/%Y"))
    for line in klass.budget.all():
        initial[f"du_toan_{line.funding_source}"] = line.planned_amount
        initial[f"thuc_chi_{line.funding_source}"] = line.actual_amount
    return initial


@require_http_methods(["GET", "POST"])
def class_edit(request: HttpRequest, code: str) -> HttpResponse:
    klass = selectors.class_for(request.user, code)
    _deny_unless(permissions.can_organise(request.user, klass.organiser_id), "Bạn không có quyền sửa lớp này.")
    form = ClassForm(request.POST or None, initial=_class_initial(klass), organisers=_organisers(request.user),
                     editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            _save_class(request, form, klass)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"Đã lưu lớp {klass.code}.")
            return redirect("training:class_detail", code=klass.code)
    return _class_form_page(request, form, klass, f"Sửa lớp {klass.code}")


@require_GET
def class_instructor_fields(request: HttpRequest) -> HttpResponse:
    """htmx: the instructor checkboxes of the provider chosen on the class form (?provider=ID)."""
    _deny_unless(_may_create_classes(request.user), "Bạn không có quyền mở lớp.")
    provider_id = request.GET.get("provider", "")
    provider_id = int(provider_id) if provider_id.isdigit() else None
    return render(request, "training/_class_instructors.html",
                  {"instructors": _instructor_choices(provider_id)})


def _may_staff(user, klass: TrainingClass) -> bool:
    try:
        permissions.check_can_staff_class(user, klass)
    except PermissionDenied:
        return False
    return True


@require_http_methods(["GET", "POST"])
def class_instructors(request: HttpRequest, code: str) -> HttpResponse:
    """Instructors and hours taught of a class: for its organiser and for its own provider's login."""
    klass = selectors.class_for(request.user, code)
    _deny_unless(_may_staff(request.user, klass), "Bạn không có quyền phân công giảng viên cho lớp này.")
    error = ""
    if request.method == "POST":
        try:
            assignments = instructor_hours(request.POST, Instructor.objects.filter(provider_id=klass.provider_id))
            services.class_set_instructors(actor=request.user, training_class=klass, assignments=assignments)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Đã lưu phân công giảng viên lớp {klass.code}.")
            return redirect("training:class_detail", code=klass.code)
    choices = _instructor_choices(klass.provider_id, klass)
    return render(request, "training/class_instructors.html",
                  {"klass": klass, "instructors": choices, "error": error, "nav": "training"},
                  status=422 if error else 200)


def _may_send(user, klass: TrainingClass) -> bool:
    """Enrol people of the user's own list into the class (not into a class they only follow)."""
    return scope_of(user).can(Perm.EDIT_PEOPLE) and permissions.can_send_to(user, klass)


def class_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _class_page(request, selectors.class_for(request.user, code))


def _class_page(request: HttpRequest, klass, *, enrol_error: str = "", typed: str = "", status: int = 200) -> HttpResponse:
    organiser = permissions.can_organise(request.user, klass.organiser_id)
    roster = list(selectors.class_roster(klass, request.user))
    unfit = fit.misfits(klass, [e.person_id for e in roster])
    for e in roster:
        e.misfit = unfit.get(e.person_id, "")  # type: ignore[attr-defined]
    access_log_write(actor=request.user, kind=Kind.VIEW, what=f"Danh sách học viên lớp {klass.code}",
                     request=request, people=[e.person for e in roster], filters={"lop": klass.code})
    context = {
        "klass": klass,
        "roster": roster,
        "teaching": klass.teaching.select_related("instructor").order_by("instructor__name_sort_key"),
        "budget": klass.budget.all() if organiser else None,
        "can_edit": organiser,
        "can_staff": _may_staff(request.user, klass),
        "seats_taken": klass.enrollments.active().count(),
        "can_enrol": _may_send(request.user, klass) and klass.status != ClassStatus.CANCELLED,
        "enrol_error": enrol_error, "enrol_typed": typed,
        "nav": "training",
    }
    return render(request, "training/class_detail.html", context, status=status)


@require_GET
def enrollment_candidates(request: HttpRequest, code: str) -> HttpResponse:
    """htmx: people of the user's own list matching ?q= (name without diacritics, code, CCCD), with a
    checkbox each; those already in the class are shown ticked-off."""
    klass = selectors.class_for(request.user, code)
    _deny_unless(_may_send(request.user, klass), "Bạn không có quyền ghi danh học viên vào lớp này.")
    query = request.GET.get("q", "").strip()
    people = list(people_list(request.user, query=query)[:CANDIDATES_SHOWN])
    access_log_write(actor=request.user, kind=Kind.VIEW, what=f"Chọn học viên cho lớp {klass.code}",
                     request=request, filters={"lop": klass.code, "q": query}, count=len(people))
    enrolled = selectors.enrolled_person_ids(klass, [p.pk for p in people])
    return render(request, "training/_candidates.html", {
        "klass": klass, "query": query, "people": [(p, p.pk in enrolled) for p in people],
        "limit": CANDIDATES_SHOWN})


@require_POST
def enrollment_create(request: HttpRequest, code: str) -> HttpResponse:
    """Enrol the people whose codes are posted (ma_can_bo, one or many), all or nothing. A code the
    user may not read gets the class page back with a form error (422), worded as for a missing
    code so it tells nothing about other agencies' people; refusals come back as messages naming
    each person and the reason."""
    klass = selectors.class_for(request.user, code)
    _deny_unless(_may_send(request.user, klass), "Bạn không có quyền ghi danh học viên vào lớp này.")
    codes = {c.strip() for c in request.POST.getlist("ma_can_bo") if c.strip()}
    people = list(people_visible_to(request.user).filter(code__in=codes))
    if len(people) < len(codes):
        missing = sorted(codes - {p.code for p in people})
        listed = ", ".join(missing[:5]) + (f" và {len(missing) - 5} mã khác" if len(missing) > 5 else "")
        return _class_page(request, klass, status=422, typed=" ".join(sorted(codes)) if len(codes) == 1 else "",
                           enrol_error=f"Không tìm thấy hồ sơ mã {listed} trong danh sách cán bộ bạn quản lý: "
                                       "kiểm tra lại mã. Chưa ghi danh ai.")
    if not codes:
        return _class_page(request, klass, status=422, enrol_error="Nhập mã cán bộ cần ghi danh.")
    unfit = fit.misfits(klass, [p.pk for p in people])
    if unfit and request.POST.get("xac_nhan") != "1" and not services.enrollment_refusals(people, klass):
        # a programme that does not fit them: ask first, naming each person and the reason (refusals win)
        return render(request, "training/enrol_confirm.html", {
            "klass": klass, "codes": sorted(codes), "nav": "training",
            "unfit": [(p, unfit[p.pk]) for p in sorted(people, key=lambda p: p.name_sort_key) if p.pk in unfit]})
    try:
        services.enrollment_create_many(actor=request.user, training_class=klass, people=people)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        names = ", ".join(p.full_name for p in sorted(people, key=lambda p: p.name_sort_key))
        messages.success(request, f"Đã ghi danh {names} vào lớp {klass.code}.")
    return redirect("training:class_detail", code=klass.code)


# --- enrollments --------------------------------------------------------------------------------


def _may_grade(user, enrollment) -> bool:
    try:
        permissions.check_can_grade(user, enrollment)
    except PermissionDenied:
        return False
    return True


def _may_enrol(user, person) -> bool:
    try:
        permissions.check_can_enrol(user, person)
    except PermissionDenied:
        return False
    return True


def _result_initial(enrollment) -> dict:
    initial = {"result": enrollment.result, "certificate_number": enrollment.certificate_number,
               "certificate_date": enrollment.certificate_date, "hours_attended": enrollment.hours_attended}
    initial.update({f"chi_phi_{c.funding_source}": c.amount for c in enrollment.costs.all()})
    return initial


def _enrollment_page(request, enrollment, result_form=None, commitment_form=None, status=200):
    commitment = getattr(enrollment, "commitment", None)
    may_enrol = _may_enrol(request.user, enrollment.person)
    may_grade = _may_grade(request.user, enrollment)
    is_open = enrollment.status not in services.CLOSED_STATUSES
    context = {
        "e": enrollment, "costs": selectors.costs_by_source(enrollment), "commitment": commitment,
        "result_form": result_form or (ResultForm(initial=_result_initial(enrollment), with_costs=may_enrol)
                                       if may_grade and (is_open or may_enrol) else None),
        "is_open": is_open,
        "class_visible": bool(enrollment.training_class_id) and selectors.classes_visible_to(request.user)
        .filter(pk=enrollment.training_class_id).exists(),
        "commitment_form": commitment_form or (CommitmentForm() if may_enrol and commitment is None else None),
        "reimbursement_form": ReimbursementForm() if commitment else None,
        "nav": "training",
    }
    return render(request, "training/enrollment_detail.html", context, status=status)


def enrollment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = selectors.enrollment_for(request.user, pk)
    access_log_write(actor=request.user, kind=Kind.VIEW, what="Lượt học", request=request,
                     person=enrollment.person, filters={"luot": enrollment.pk})
    return _enrollment_page(request, enrollment)


def _record_result(actor, enrollment, d: dict) -> str:
    """Apply the posted status with the service that owns it; returns the success message."""
    status = d.get("status")
    if status == "studying":
        services.enrollment_start(actor=actor, enrollment=enrollment)
    elif status == EnrollmentStatus.COMPLETED:
        services.enrollment_complete(actor=actor, enrollment=enrollment, completed_on=d["on"], result=d["result"],
                                     certificate_number=d["certificate_number"],
                                     certificate_date=d["certificate_date"], hours_attended=d["hours_attended"])
        level = enrollment.programme.grants_level
        return "Đã ghi hoàn thành." + (f" Hồ sơ được cập nhật: {level.name}." if enrollment.qualification_id else "")
    elif status == EnrollmentStatus.FAILED:
        services.enrollment_fail(actor=actor, enrollment=enrollment, result=d["result"])
    elif status == EnrollmentStatus.WITHDRAWN:
        services.enrollment_withdraw(actor=actor, enrollment=enrollment, on=d["on"], reason=d["reason"])
    return "Đã ghi kết quả."


@require_POST
def enrollment_result(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a result (status, certificate, hours) and the enrollment's cost by source, together."""
    enrollment = selectors.enrollment_for(request.user, pk)
    _deny_unless(_may_grade(request.user, enrollment), "Bạn không có quyền ghi kết quả lượt học này.")
    may_enrol = _may_enrol(request.user, enrollment.person)
    form = ResultForm(request.POST, with_costs=may_enrol)
    if form.is_valid():
        try:
            with transaction.atomic():
                message = _record_result(request.user, enrollment, form.cleaned_data)
                if may_enrol:
                    services.enrollment_set_costs(actor=request.user, enrollment=enrollment,
                                                  costs=money_values(form.cleaned_data, "chi_phi"))
        except ValidationError as exc:
            _form_errors(form, exc)
            enrollment = selectors.enrollment_for(request.user, pk)  # the unsaved changes are gone
        else:
            messages.success(request, message)
            return redirect("training:enrollment_detail", pk=enrollment.pk)
    return _enrollment_page(request, enrollment, result_form=form, status=422)


@require_POST
def commitment_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = selectors.enrollment_for(request.user, pk)
    _deny_unless(_may_enrol(request.user, enrollment.person), "Bạn không có quyền ghi cam kết cho người này.")
    form = CommitmentForm(request.POST)
    if form.is_valid():
        try:
            commitment = services.commitment_create(actor=request.user, enrollment=enrollment,
                                                    committed_months=form.cleaned_data["committed_months"],
                                                    start=form.cleaned_data["start"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"Đã ghi cam kết phục vụ {commitment.committed_months} tháng.")
            return redirect("training:enrollment_detail", pk=enrollment.pk)
    return _enrollment_page(request, enrollment, commitment_form=form, status=422)


@require_GET
def reimbursement(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: what the person would repay if the posted cause happened on the date (writes nothing)."""
    enrollment = selectors.enrollment_for(request.user, pk)
    commitment = getattr(enrollment, "commitment", None)
    form = ReimbursementForm(request.GET or None)
    result, error = None, ""
    if commitment is None:
        error = "Lượt học này chưa có cam kết phục vụ."
    elif form.is_valid():
        try:
            result = services.reimbursement_compute(commitment=commitment, cause=form.cleaned_data["cause"],
                                                    event_date=form.cleaned_data["event_date"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())
    # 200 either way: htmx swaps only successful answers, and the refusal is the answer here
    return render(request, "training/_reimbursement.html", {"result": result, "error": error})


# --- the person's record ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def external_create(request: HttpRequest, code: str) -> HttpResponse:
    """Record a training taken outside the system's classes, with its certificate."""
    person = person_read(request, code, what="Ghi đào tạo ngoài hệ thống")
    _deny_unless(_may_enrol(request.user, person), "Bạn không có quyền ghi quá trình đào tạo cho người này.")
    form = ExternalTrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.external_training_record(
                actor=request.user, person=person, programme=d["programme"], provider_name=d["provider_name"],
                start_date=d["start_date"], end_date=d["end_date"], completed_on=d["completed_on"],
                certificate_number=d["certificate_number"], certificate_date=d["certificate_date"],
                result=d["result"], hours=d["hours"], country=d["country"].strip(), form=d["form"],
                costs=money_values(d, "chi_phi"))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"Đã ghi nhận {d['programme'].name} vào quá trình đào tạo.")
            return redirect("people:detail", code=person.code)
    return render(request, "training/external_form.html",
                  {"form": form, "person": person, "sources": FundingSource.choices, "nav": "people"},
                  status=422 if form.errors else 200)


def _download(export: reports.ExportFile) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@require_GET
def person_record(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The printable training record (xlsx or PDF) of a person the user may read."""
    person = person_read(request, code, what=f"Quá trình đào tạo, bồi dưỡng ({fmt})", kind=Kind.DOWNLOAD)
    return _download(reports.person_record(actor=request.user, person=person, fmt=fmt))

