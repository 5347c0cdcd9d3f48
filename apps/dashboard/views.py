"""Thin views of the plan dashboard: the plan's targets by year and by agency, one target's
drill-down with the gap list (htmx partial from the same view) and its xlsx download.

Access (``selectors``): 403 for learners; 404 for a missing plan, target or unit, and for a unit
outside an agency officer's scope (the same page a nonexistent code gets)."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.core.vn import parse_date
from apps.dashboard import charts, gaplist, selectors
from apps.dashboard.explain import explain
from apps.privacy.services import Kind, access_log_write
from apps.targets.context import TargetError

GAP_PAGE_SIZE = 50
YEARS_PART = "theo-nam"


def _date_from(request: HttpRequest, plan) -> tuple[dt.date, str]:
    """?ngay=dd/mm/yyyy, else the default date; a bad value is reported, not fatal."""
    text = request.GET.get("ngay", "").strip()
    if not text:
        return selectors.default_date(plan), ""
    try:
        return parse_date(text), ""
    except ValueError:
        return selectors.default_date(plan), f"Ngày “{text}” không hợp lệ (dạng dd/mm/yyyy): đang xem ngày mặc định."


def _engine_refused(request: HttpRequest, plan, exc: TargetError) -> HttpResponse:
    """A target the engine cannot evaluate (a fault of the plan file): said in words, not a 500."""
    return render(request, "dashboard/error.html", {"plan": plan, "message": str(exc), "nav": "plans"}, status=422)


def _draw_charts(board: selectors.Dashboard) -> None:
    for row in board.rows:
        row.chart = charts.trend_svg([(c.year, c.result["value"] if c.result else None) for c in row.years],
                                     row.result["goal"], label=f"Xu hướng chỉ tiêu {row.result['code']}")


@require_GET
def plan_dashboard(request: HttpRequest, plan_code: str) -> HttpResponse:
    """The figures of the day, then (?phan=theo-nam, asked by htmx once the page is shown) the
    targets × years table and the trend charts, which cost one engine run per year."""
    plan = selectors.plan_for(request.user, plan_code)
    at, date_error = _date_from(request, plan)
    unit = selectors.unit_for(request.user, request.GET.get("don_vi", "").strip())
    years = request.GET.get("phan") == YEARS_PART
    try:
        board = selectors.dashboard(plan, at=at, unit=unit, by_year=years)
    except TargetError as exc:
        return _engine_refused(request, plan, exc)
    context = {"plan": plan, "board": board, "at": at, "unit": unit, "date_error": date_error,
               "units": selectors.units_to_pick(request.user, at), "home_unit": selectors.home_unit(request.user),
               "nav": "plans"}
    if years:
        _draw_charts(board)
        return render(request, "dashboard/_years.html", context)
    return render(request, "dashboard/plan.html", context)


def _drill_down(request: HttpRequest, plan_code: str, target_code: str):
    plan = selectors.plan_for(request.user, plan_code)
    target = selectors.target_for(plan, target_code)
    at, date_error = _date_from(request, plan)
    unit = selectors.unit_for(request.user, request.GET.get("don_vi", "").strip())
    return plan, target, at, date_error, unit


@require_GET
def target_detail(request: HttpRequest, plan_code: str, target_code: str) -> HttpResponse:
    plan, target, at, date_error, unit = _drill_down(request, plan_code, target_code)
    try:
        gaps = gaplist.gaps(request.user, plan, target, at=at, unit=unit)
        result = selectors.target_result(plan, target, at=at, unit=unit)
        province = selectors.target_result(plan, target, at=at, unit=None) if unit else None
    except TargetError as exc:
        return _engine_refused(request, plan, exc)
    page = Paginator(gaps, GAP_PAGE_SIZE).get_page(request.GET.get("trang"))
    access_log_write(actor=request.user, kind=Kind.VIEW, what="Danh sách còn thiếu", request=request,
                     filters={**gaplist.filter_description(plan, target, at=at, unit=unit), "trang": page.number},
                     count=len(page))
    context = {"plan": plan, "target": target, "at": at, "unit": unit, "date_error": date_error, "page": page,
               "has_gaps": gaplist.has_gap_list(target),
               "result": result, "province": province,
               "explanation": explain(result, spec=target.spec, restricted=unit is not None and not _is_root(unit, at)),
               "units": selectors.units_to_pick(request.user, at), "home_unit": selectors.home_unit(request.user),
               "at_text": at.strftime("%d/%m/%Y"), "unit_code": unit.code if unit else "", "nav": "plans"}
    template = "dashboard/_gaps.html" if request.headers.get("HX-Request") else "dashboard/target.html"
    return render(request, template, context)


def _is_root(unit, at: dt.date) -> bool:
    """The province itself (a root of the tree): restricted to it, the agencies still decide."""
    from apps.organization.selectors import children_map

    return unit.pk in children_map(at).get(None, [])


@require_GET
def target_gaps_xlsx(request: HttpRequest, plan_code: str, target_code: str) -> HttpResponse:
    plan, target, at, _, unit = _drill_down(request, plan_code, target_code)
    try:
        export = gaplist.gaps_xlsx(request.user, plan, target, at=at, unit=unit, request=request)
    except TargetError as exc:
        return _engine_refused(request, plan, exc)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
