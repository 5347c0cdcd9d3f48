"""Pages of an agency's annual plan: the plan, its states (draft, submit, return, accept), its lines and the classes opened from them."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.access import requires
from apps.accounts.permissions import Perm
from apps.annual import selectors, services
from apps.annual.forms import (
    ClassFromLineForm,
    CommentForm,
    LineForm,
)
from apps.annual.models import AgencyPlanStatus, PlanLine
from apps.annual.views._common import SOURCES, _agency_url, _attempt

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
