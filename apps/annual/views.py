"""Pages of the annual cycle. Reads through ``selectors`` (404 for what the user may not see),
writes through ``services`` (403 without the permission; a refused write comes back as a message)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.access import requires
from apps.accounts.permissions import Perm
from apps.annual import selectors, services
from apps.annual.forms import (
    AdjustForm,
    CeilingsForm,
    ClassFromLineForm,
    CommentForm,
    DecisionForm,
    LineForm,
    MilestoneForm,
    NeedForm,
    RateForm,
    StaffNeedForm,
)
from apps.annual.models import AgencyPlanStatus, CycleStatus, PlanLine
from apps.core.caching import cache_key
from apps.people.models import Person
from apps.training.models import FundingSource

SOURCES = FundingSource.choices
CACHE_SECONDS = 600  # needs and the projection: recomputed when the cycle's data change, else every 10 minutes


def _attempt(request: HttpRequest, action: Callable, success: str) -> bool:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return False
    messages.success(request, success)
    return True


def _cycle_url(year: int) -> str:
    return reverse("annual:cycle", kwargs={"year": year})


def _agency_url(year: int, code: str) -> str:
    return reverse("annual:agency", kwargs={"year": year, "unit": code})


# --- the cycle -------------------------------------------------------------------------------


@requires(Perm.VIEW_ANNUAL)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "annual/index.html", {"cycles": selectors.cycles_visible_to(request.user), "nav": "annual",
                                                 "can_manage": request.scope.can(Perm.CONSOLIDATE_ANNUAL)})


@require_POST
@requires(Perm.CONSOLIDATE_ANNUAL)
def cycle_create(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, "Năm kế hoạch phải là một số, ví dụ 2027.")
        return redirect("annual:index")
    if _attempt(request, lambda: services.cycle_create(actor=request.user, year=year), f"Đã tạo kế hoạch năm {year}."):
        return redirect(_cycle_url(year))
    return redirect("annual:index")


@requires(Perm.VIEW_ANNUAL)
def cycle(request: HttpRequest, year: int) -> HttpResponse:
    c = selectors.cycle_for(request.user, year)
    rows = selectors.overview(c)
    own = selectors.agency_of(request.user) if not request.scope.sees_all else None
    if own is not None:
        rows = [r for r in rows if r.unit.pk == own.pk]
    province, _agencies, _lines = selectors.execution(c) if c.frozen and request.scope.sees_all else (None, [], [])
    return render(request, "annual/cycle.html", {
        "cycle": c, "rows": rows, "milestones": c.milestones.all(), "own": own, "execution": province,
        "late": [r for r in rows if r.late and not r.sent], "sent": sum(1 for r in rows if r.sent),
        "can_manage": request.scope.can(Perm.CONSOLIDATE_ANNUAL), "can_approve": request.scope.can(Perm.APPROVE_ANNUAL),
        "ceilings_form": CeilingsForm(initial=c.ceilings), "nav": "annual"})


@require_POST
@requires(Perm.CONSOLIDATE_ANNUAL)
def milestone_edit(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    c = selectors.cycle_for(request.user, year)
    m = selectors.milestone(c, kind)
    if m is None:
        raise Http404("Không có mốc này.")
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Mốc “{m.get_kind_display()}”: " + "; ".join(e for es in form.errors.values() for e in es))
    else:
        _attempt(request, lambda: services.milestone_update(actor=request.user, milestone=m, due=form.cleaned_data["due"],
                                                            basis=form.cleaned_data["basis"]),
                 f"Đã sửa mốc “{m.get_kind_display()}”.")
    return redirect(_cycle_url(year))


@require_POST
@requires(Perm.CONSOLIDATE_ANNUAL)
def survey(request: HttpRequest, year: int) -> HttpResponse:
    c = selectors.cycle_for(request.user, year)
    opening = request.POST.get("open") == "1"
    _attempt(request, lambda: services.cycle_set_survey(actor=request.user, cycle=c, open=opening),
             "Đã mở khảo sát nhu cầu." if opening else "Đã đóng khảo sát nhu cầu.")
    return redirect(_cycle_url(year))


@require_POST
@requires(Perm.CONSOLIDATE_ANNUAL)
def ceilings(request: HttpRequest, year: int) -> HttpResponse:
    c = selectors.cycle_for(request.user, year)
    form = CeilingsForm(request.POST)
    if form.is_valid():
        _attempt(request, lambda: services.cycle_set_ceilings(actor=request.user, cycle=c, ceilings=form.ceilings()),
                 "Đã lưu trần kinh phí.")
    else:
        messages.error(request, "Trần kinh phí: số tiền không hợp lệ.")
    return redirect(reverse("annual:consolidation", kwargs={"year": year}))


@require_http_methods(["GET", "POST"])
@requires(Perm.CONSOLIDATE_ANNUAL)
def rates(request: HttpRequest) -> HttpResponse:
    """The rate table in force on a day (?ngay=, default today); a new amount from a date."""
    from apps.annual.costs import rates_on
    from apps.annual.models import RateItem

    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _attempt(request, lambda: services.rate_set(actor=request.user, code=d["code"], amount=int(d["amount"]),
                                                       legal_basis=d["legal_basis"], valid_from=d["valid_from"]),
                    "Đã lưu định mức."):
            return redirect("annual:rates")
    codes = [r.code for r in rates_on(timezone.localdate())]
    in_force = {r.code: r for r in RateItem.objects.filter(code__in=codes).order_by("valid_from")
                if r.valid_from <= timezone.localdate()}
    return render(request, "annual/rates.html", {"rates": [in_force[c] for c in codes if c in in_force],
                                                 "history": RateItem.objects.all(), "form": form, "nav": "annual"},
                  status=422 if request.method == "POST" else 200)


# --- needs -------------------------------------------------------------------------------------


@requires(Perm.PLAN_ANNUAL)
def needs(request: HttpRequest, year: int, unit: str) -> HttpResponse:
    from apps.annual.needs import compute_needs
    from apps.organization.selectors import subtree_ids

    c = selectors.cycle_for(request.user, year)
    agency = selectors.unit_in_scope(request.user, unit)
    form = StaffNeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = Person.objects.filter(code=form.cleaned_data["person_code"].strip(),
                                       unit_id__in=subtree_ids(agency.pk)).first()
        if person is None:
            form.add_error("person_code", "Không có cán bộ mã này trong cơ quan.")
        elif _attempt(request, lambda: services.stated_need_save(
                actor=request.user, cycle=c, person=person, programme=form.cleaned_data["programme"],
                priority=form.cleaned_data["priority"], form=form.cleaned_data["form"],
                quarter=form.cleaned_data["quarter"], self_fund=form.cleaned_data["self_fund"]),
                f"Đã ghi nhu cầu của {person.full_name}."):
            return redirect(reverse("annual:needs", kwargs={"year": year, "unit": unit}))
    computed = cache.get_or_set(cache_key("annual-needs", c.pk, agency.pk, selectors.cycle_stamp(c)),
                                lambda: compute_needs(c, agency_id=agency.pk), CACHE_SECONDS)
    from apps.training.models import Programme

    names = dict(Programme.objects.values_list("pk", "name"))
    return render(request, "annual/needs.html", {
        "cycle": c, "agency": agency, "computed": [(n, names.get(n.programme_id, "")) for n in computed],
        "stated": selectors.stated_needs_of(c, unit_ids=subtree_ids(agency.pk)), "form": form, "nav": "annual"},
        status=422 if request.method == "POST" else 200)


@require_POST
@requires(Perm.PLAN_ANNUAL)
def needs_confirm(request: HttpRequest, year: int, unit: str) -> HttpResponse:
    c = selectors.cycle_for(request.user, year)
    agency = selectors.unit_in_scope(request.user, unit)
    _attempt(request, lambda: services.stated_needs_confirm(actor=request.user, cycle=c, unit_id=agency.pk),
             "Đã ghi xác nhận của thủ trưởng đơn vị.")
    return redirect(reverse("annual:needs", kwargs={"year": year, "unit": unit}))


@require_http_methods(["GET", "POST"])
@requires(Perm.STATE_NEEDS)
def my_needs(request: HttpRequest) -> HttpResponse:
    """The learner's own wishes for the year whose survey is open."""
    c = selectors.open_survey_cycle()
    person = Person.objects.filter(pk=request.scope.person_id).first()
    form = NeedForm(request.POST or None)
    if (request.method == "POST" and c is not None and person is not None and form.is_valid()
            and _attempt(request, lambda: services.stated_need_save(
                actor=request.user, cycle=c, person=person, programme=form.cleaned_data["programme"],
                priority=form.cleaned_data["priority"], form=form.cleaned_data["form"],
                quarter=form.cleaned_data["quarter"], self_fund=form.cleaned_data["self_fund"]),
                "Đã ghi nhu cầu của bạn.")):
        return redirect("annual:my_needs")
    wishes = selectors.stated_needs_of(c, person_id=person.pk) if c is not None and person is not None else []
    return render(request, "annual/my_needs.html", {"cycle": c, "person": person, "form": form, "wishes": wishes,
                                                    "nav": "my_needs"},
                  status=422 if request.method == "POST" else 200)


# --- an agency's plan --------------------------------------------------------------------------


@requires(Perm.VIEW_ANNUAL)
def agency(request: HttpRequest, year: int, unit: str) -> HttpResponse:
    c = selectors.cycle_for(request.user, year)
    u = selectors.unit_in_scope(request.user, unit)
    plan = selectors.agency_plan_for(request.user, c, u)
    lines = list(selectors.plan_lines(plan)) if plan else []
    _province, _agencies, executed = selectors.execution(c, agency_id=u.pk) if c.frozen else (None, [], [])
    by_line = {row.key: row for row in executed}
    for x in lines:
        x.executed = by_line.get(x.pk)  # type: ignore[attr-defined]
    return render(request, "annual/agency.html", {
        "cycle": c, "unit": u, "plan": plan, "lines": lines, "sources": SOURCES,
        "executed": bool(executed),
        "versions": plan.versions.all() if plan else [],
        "can_plan": request.scope.can(Perm.PLAN_ANNUAL) and not c.frozen and (plan is None or plan.editable),
        "can_review": request.scope.can(Perm.CONSOLIDATE_ANNUAL) and plan is not None and not c.frozen
        and plan.status in (AgencyPlanStatus.SUBMITTED, AgencyPlanStatus.RESUBMITTED),
        "can_open_class": c.frozen and request.scope.can(Perm.PLAN_ANNUAL),
        "comment_form": CommentForm(), "nav": "annual"})


def _plan_action(request: HttpRequest, year: int, unit: str, action: Callable, success: str,
                 create: bool = False) -> HttpResponse:
    c = selectors.cycle_for(request.user, year)
    u = selectors.unit_in_scope(request.user, unit)
    plan = selectors.agency_plan_for(request.user, c, u)
    if plan is None and create:
        plan = services.agency_plan_open(actor=request.user, cycle=c, unit=u)
    if plan is None:
        raise Http404("Cơ quan chưa lập kế hoạch năm.")
    _attempt(request, lambda: action(plan), success)
    return redirect(_agency_url(year, unit))


@require_POST
@requires(Perm.PLAN_ANNUAL)
def agency_draft(request: HttpRequest, year: int, unit: str) -> HttpResponse:
    return _plan_action(request, year, unit, lambda p: services.plan_draft_from_needs(actor=request.user, agency_plan=p),
                        "Đã soạn các dòng kế hoạch từ nhu cầu.", create=True)


@require_POST
@requires(Perm.PLAN_ANNUAL)
def agency_submit(request: HttpRequest, year: int, unit: str) -> HttpResponse:
    return _plan_action(request, year, unit, lambda p: services.plan_submit(actor=request.user, agency_plan=p),
                        "Đã gửi kế hoạch về Sở Nội vụ.")


@require_POST
@requires(Perm.CONSOLIDATE_ANNUAL)
def agency_return(request: HttpRequest, year: int, unit: str) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _plan_action(request, year, unit,
                        lambda p: services.plan_return(actor=request.user, agency_plan=p, comment=comment),
                        "Đã trả lại kế hoạch cho cơ quan.")


@require_POST
@requires(Perm.CONSOLIDATE_ANNUAL)
def agency_accept(request: HttpRequest, year: int, unit: str) -> HttpResponse:
    return _plan_action(request, year, unit, lambda p: services.plan_accept(actor=request.user, agency_plan=p),
                        "Đã tiếp nhận kế hoạch.")


def _line_initial(line: PlanLine) -> dict:
    data = {name: getattr(line, name) for name in ("title", "quarter", "classes", "learners", "category", "leaders",
                                                   "women", "ethnic", "commune", "self_funded", "days", "hours")}
    data.update(programme=line.programme_id, content_area=line.content_area_id, form=line.form_id,
                provider=line.provider_id, edit_costs=line.costs_edited)
    data.update({f"cost_{k}": v for k, v in (line.costs or {}).items()})
    return data


def _line_data(form: LineForm) -> services.LineData:
    d = form.cleaned_data
    return services.LineData(
        title=d["title"], quarter=d["quarter"], classes=d["classes"], learners=d["learners"],
        programme_id=d["programme"].pk if d["programme"] else None,
        content_area_id=d["content_area"].pk if d["content_area"] else None,
        form_id=d["form"].pk if d["form"] else None, provider_id=d["provider"].pk if d["provider"] else None,
        category=d["category"], leaders=d["leaders"] or 0, women=d["women"] or 0, ethnic=d["ethnic"] or 0,
        commune=d["commune"] or 0, self_funded=d["self_funded"] or 0, days=d["days"], hours=d["hours"] or 0,
        costs=form.costs())


def _line_page(request, form, plan, line, title) -> HttpResponse:
    return render(request, "annual/line_form.html", {"form": form, "plan": plan, "line": line, "title": title,
                                                     "cost_fields": [form[f"cost_{v}"] for v, _ in SOURCES],
                                                     "nav": "annual"},
                  status=422 if request.method == "POST" else 200)


def _save_line(request, form, plan, line) -> HttpResponse | None:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        services.line_save(actor=request.user, agency_plan=plan, data=_line_data(form), line=line)
    except ValidationError as exc:
        form.add_error(None, "; ".join(exc.messages))
        return None
    messages.success(request, "Đã lưu dòng kế hoạch.")
    return redirect(_agency_url(plan.cycle.year, plan.unit.code))


@require_http_methods(["GET", "POST"])
@requires(Perm.PLAN_ANNUAL)
def line_add(request: HttpRequest, year: int, unit: str) -> HttpResponse:
    c = selectors.cycle_for(request.user, year)
    u = selectors.unit_in_scope(request.user, unit)
    plan = selectors.agency_plan_for(request.user, c, u) or services.agency_plan_open(actor=request.user, cycle=c, unit=u)
    form = LineForm(request.POST or None, initial={"quarter": 2, "classes": 1, "days": 5, "hours": 40})
    return _save_line(request, form, plan, None) or _line_page(request, form, plan, None, "Thêm dòng kế hoạch")


@require_http_methods(["GET", "POST"])
@requires(Perm.PLAN_ANNUAL)
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.line_for(request.user, pk)
    form = LineForm(request.POST or None, initial=_line_initial(line))
    return (_save_line(request, form, line.agency_plan, line)
            or _line_page(request, form, line.agency_plan, line, f"Sửa dòng “{line.title}”"))


@require_POST
@requires(Perm.PLAN_ANNUAL)
def line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.line_for(request.user, pk)
    plan = line.agency_plan
    _attempt(request, lambda: services.line_delete(actor=request.user, line=line), "Đã xóa dòng.")
    return redirect(_agency_url(plan.cycle.year, plan.unit.code))


def _class_page(request, form, source, year) -> HttpResponse:
    return render(request, "annual/class_form.html", {"form": form, "source": source, "year": year, "nav": "annual"},
                  status=422 if request.method == "POST" else 200)


def _open_class(request, form, year, **source) -> HttpResponse | None:
    if request.method != "POST" or not form.is_valid():
        return None
    d = form.cleaned_data
    try:
        klass = services.class_from_line(actor=request.user, code=d["code"], start_date=d["start_date"],
                                         end_date=d["end_date"], provider=d["provider"], place=d["place"], **source)
    except ValidationError as exc:
        form.add_error(None, "; ".join(exc.messages))
        return None
    messages.success(request, f"Đã mở lớp {klass.code} từ kế hoạch năm {year}.")
    return redirect("training:class_detail", code=klass.code)


@require_http_methods(["GET", "POST"])
@requires(Perm.PLAN_ANNUAL)
def line_class(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.line_for(request.user, pk)
    form = ClassFromLineForm(request.POST or None, initial={"provider": line.provider_id})
    year = line.agency_plan.cycle.year
    return _open_class(request, form, year, line=line) or _class_page(request, form, line, year)


@require_http_methods(["GET", "POST"])
@requires(Perm.CONSOLIDATE_ANNUAL)
def provincial_class_open(request: HttpRequest, year: int, code: str) -> HttpResponse:
    c = selectors.cycle_for(request.user, year)
    pc = c.provincial_classes.filter(code=code).first()
    if pc is None:
        raise Http404("Không có lớp chung này.")
    form = ClassFromLineForm(request.POST or None, initial={"provider": pc.provider_id})
    return _open_class(request, form, year, provincial_class=pc) or _class_page(request, form, pc, year)


# --- consolidation, projection, approval, documents, execution --------------------------------


def _require_province_view(request: HttpRequest) -> None:
    """The province-wide pages: Sở Nội vụ (who consolidates) and the leader (who approves)."""
    if not (request.scope.can(Perm.CONSOLIDATE_ANNUAL) or request.scope.can(Perm.APPROVE_ANNUAL)):
        raise PermissionDenied("Trang tổng hợp kế hoạch năm dành cho Sở Nội vụ và lãnh đạo.")


@requires(Perm.VIEW_ANNUAL)
def consolidation(request: HttpRequest, year: int) -> HttpResponse:
    _require_province_view(request)
    c = selectors.cycle_for(request.user, year)
    totals = selectors.consolidation(c)
    shown, programme = _lines_of_programme(totals, request.GET.get("ct", ""))
    return render(request, "annual/consolidation.html", {
        "cycle": c, "c": totals, "shown": shown, "programme": programme,
        "programme_rows": [(n, totals.programme_ids.get(n), *rest) for n, *rest in totals.by_programme], "can_manage": request.scope.can(Perm.CONSOLIDATE_ANNUAL) and not c.frozen,
        "can_approve": request.scope.can(Perm.APPROVE_ANNUAL) and c.status == CycleStatus.CONSOLIDATED,
        "can_open": request.scope.can(Perm.CONSOLIDATE_ANNUAL),
        "ceilings_form": CeilingsForm(initial=c.ceilings), "decision_form": DecisionForm(), "nav": "annual"})


def _lines_of_programme(totals: selectors.Consolidation, wanted: str) -> tuple[list[PlanLine], str]:
    """The lines of one programme (``?ct=`` its id; default the first of the totals): a province
    sends hundreds of lines, merged a programme at a time."""
    names = {str(pid): name for name, pid in totals.programme_ids.items()}
    name = names.get(wanted) or (totals.by_programme[0][0] if totals.by_programme else "")
    return [x for x in totals.lines if (x.programme.name if x.programme else x.title) == name], name


@require_POST
@requires(Perm.CONSOLIDATE_ANNUAL)
def merge(request: HttpRequest, year: int) -> HttpResponse:
    c = selectors.cycle_for(request.user, year)
    ids = [int(x) for x in request.POST.getlist("line") if x.isdigit()]
    lines = list(PlanLine.objects.filter(pk__in=ids, agency_plan__cycle=c).select_related(
        "agency_plan__unit", "programme", "provincial_class"))
    _attempt(request, lambda: services.provincial_class_merge(actor=request.user, cycle=c, lines=lines,
                                                              title=request.POST.get("title", "")),
             "Đã gộp các dòng thành lớp chung của tỉnh.")
    return redirect(reverse("annual:consolidation", kwargs={"year": year}))


@require_POST
@requires(Perm.CONSOLIDATE_ANNUAL)
def consolidate(request: HttpRequest, year: int) -> HttpResponse:
    c = selectors.cycle_for(request.user, year)
    _attempt(request, lambda: services.cycle_consolidate(actor=request.user, cycle=c),
             "Đã tổng hợp, trình lãnh đạo phê duyệt.")
    return redirect(reverse("annual:consolidation", kwargs={"year": year}))


@require_POST
@requires(Perm.APPROVE_ANNUAL)
def approve(request: HttpRequest, year: int) -> HttpResponse:
    c = selectors.cycle_for(request.user, year)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Phê duyệt: cần số và ngày quyết định (dd/mm/yyyy).")
    else:
        _attempt(request, lambda: services.cycle_approve(actor=request.user, cycle=c, **form.cleaned_data),
                 f"Đã phê duyệt kế hoạch năm {year}.")
    return redirect(_cycle_url(year))


@requires(Perm.VIEW_ANNUAL)
def projection(request: HttpRequest, year: int) -> HttpResponse:
    from apps.annual.projection import project

    _require_province_view(request)
    c = selectors.cycle_for(request.user, year)
    rows = cache.get_or_set(cache_key("annual-projection", c.pk, selectors.cycle_stamp(c)), lambda: project(c),
                            CACHE_SECONDS)
    return render(request, "annual/projection.html", {"cycle": c, "rows": rows, "nav": "annual"})


@require_http_methods(["GET", "POST"])
@requires(Perm.CONSOLIDATE_ANNUAL)
def adjust(request: HttpRequest, year: int) -> HttpResponse:
    c = selectors.cycle_for(request.user, year)
    form = AdjustForm(request.POST or None)
    lines = list(PlanLine.objects.filter(agency_plan__cycle=c, agency_plan__status=AgencyPlanStatus.ACCEPTED)
                 .select_related("agency_plan__unit").order_by("agency_plan__unit__name_sort_key", "order"))
    if request.method == "POST" and form.is_valid():
        changes = _adjust_changes(request, lines)
        if changes is not None and _attempt(request, lambda: services.cycle_adjust(
                actor=request.user, cycle=c, changes=changes, **form.cleaned_data), "Đã lưu phiên bản điều chỉnh."):
            return redirect(reverse("annual:adjust", kwargs={"year": year}))
    return render(request, "annual/adjust.html", {"cycle": c, "form": form, "lines": lines,
                                                  "versions": c.versions.all(), "nav": "annual"},
                  status=422 if request.method == "POST" else 200)


def _adjust_changes(request: HttpRequest, lines: list[PlanLine]) -> dict[int, dict] | None:
    changes: dict[int, dict] = {}
    for line in lines:
        row: dict = {}
        for name in ("classes", "learners", "quarter"):
            raw = request.POST.get(f"{name}_{line.pk}", "").strip()
            if raw and raw != str(getattr(line, name)):
                if not raw.isdigit():
                    messages.error(request, f"Dòng “{line.title}”: “{raw}” không phải số.")
                    return None
                row[name] = int(raw)
        suspended = request.POST.get(f"suspended_{line.pk}") == "1"
        if suspended != line.suspended:
            row["suspended"] = suspended
        if row:
            changes[line.pk] = row
    return changes


@require_POST
@requires(Perm.CONSOLIDATE_ANNUAL)
def suspend(request: HttpRequest, year: int) -> HttpResponse:
    c = selectors.cycle_for(request.user, year)
    on = request.POST.get("suspended") == "1"
    _attempt(request, lambda: services.cycle_set_suspended(actor=request.user, cycle=c, suspended=on,
                                                           reason=request.POST.get("reason", "")),
             "Đã tạm dừng kế hoạch." if on else "Đã tiếp tục thực hiện kế hoạch.")
    return redirect(_cycle_url(year))


@requires(Perm.VIEW_ANNUAL)
def document(request: HttpRequest, year: int, slug: str, ext: str) -> HttpResponse:
    from apps.annual.documents import KINDS, documents, filename
    from apps.annual.documents import render as render_doc

    if slug not in KINDS or ext not in ("docx", "pdf"):
        raise Http404("Không có văn bản này.")
    _require_province_view(request)
    c = selectors.cycle_for(request.user, year)
    data, content_type = render_doc(documents(c)[slug], ext)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(c, slug, ext)}"'
    return response


@requires(Perm.VIEW_ANNUAL)
def execution(request: HttpRequest, year: int) -> HttpResponse:
    c = selectors.cycle_for(request.user, year)
    own = selectors.agency_of(request.user) if not request.scope.sees_all else None
    province, agencies, _lines = selectors.execution(c, agency_id=own.pk if own else None)
    return render(request, "annual/execution.html", {"cycle": c, "province": province if own is None else None,
                                                     "agencies": agencies, "sources": SOURCES, "nav": "annual"})

