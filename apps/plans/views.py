"""Plan pages: the list, one plan with its sections, targets and roadmap, its YAML download, and
the upload form for Sở Nội vụ. Reads go through ``selectors``; the upload through ``plan_load``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from apps.accounts.permissions import Perm
from apps.core.vn import parse_date
from apps.plans import selectors
from apps.plans.forms import PlanUploadForm
from apps.plans.planfile import dump
from apps.plans.services import PlanFileError, plan_load


def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/list.html", {
        "plans": selectors.plan_list(request.user), "can_load": request.scope.can(Perm.LOAD_PLANS), "nav": "plans"})


def _dashboard_url(code: str) -> str | None:
    """The plan's target dashboard (apps.dashboard, /ke-hoach/<code>/chi-tieu/) when mounted."""
    try:
        return reverse("dashboard:plan", kwargs={"plan_code": code})
    except NoReverseMatch:
        return None


def _as_of(request: HttpRequest) -> tuple[dt.date, str]:
    """The date due dates are counted from: ?ngay=dd/mm/yyyy, else today (with a message when
    the parameter is not a date)."""
    text = request.GET.get("ngay", "").strip()
    if text:
        try:
            return parse_date(text), ""
        except ValueError as exc:
            return timezone.localdate(), f"{exc}; tính từ hôm nay."
    return timezone.localdate(), ""


def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The plan's sections, its targets read aloud and its roadmap with the next due date of
    each row counted from ?ngay= (default today), within the plan's period."""
    plan = selectors.plan_for(request.user, code)
    as_of, date_problem = _as_of(request)
    return render(request, "plans/detail.html", {
        "plan": plan, "as_of": as_of, "date_problem": date_problem,
        "period_over": as_of > plan.period_end,
        "targets": selectors.plan_targets(plan),
        "contents": selectors.tree(plan.contents.prefetch_related("content_areas")),
        "solutions": selectors.tree(plan.solutions.all()),
        "roadmap": selectors.roadmap(plan, on=as_of),
        "dashboard_url": _dashboard_url(plan.code),
        "can_load": request.scope.can(Perm.LOAD_PLANS), "nav": "plans",
    })


def plan_export(request: HttpRequest, code: str) -> HttpResponse:
    plan = selectors.plan_for(request.user, code)
    response = HttpResponse(dump(selectors.plan_data(plan)), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.code}.yaml"'
    return response


def plan_upload(request: HttpRequest) -> HttpResponse:
    """Sở Nội vụ loads a plan file; every problem comes back on the page (422), nothing written."""
    request.scope.require(Perm.LOAD_PLANS, "Chỉ Sở Nội vụ được tải lên kế hoạch.")
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = plan_load(actor=request.user, text=form.cleaned_data["file"])
        except PlanFileError as exc:
            problems = exc.messages
        else:
            verb = "Đã tạo" if result.created else ("Đã cập nhật" if result.changed else "Không có thay đổi:")
            messages.success(request, f"{verb} kế hoạch {result.plan.code}.")
            return redirect("plans:detail", code=result.plan.code)
    status = 422 if request.method == "POST" else 200
    return render(request, "plans/upload.html", {"form": form, "problems": problems, "nav": "plans"}, status=status)
