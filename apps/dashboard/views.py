"""Thin views of the plan dashboard: the plan's targets by year and by agency, one target's
drill-down with the gap list (htmx partial from the same view) and its xlsx download.

Access (``selectors``): 403 for learners; 404 for a missing plan, target or unit, and for a unit
outside an agency officer's scope (the same page a nonexistent code gets)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from apps.core.vn import parse_date
from apps.dashboard import charts, gaplist, selectors
from apps.dashboard.explain import explain
from apps.privacy.services import Kind, access_log_write
from apps.targets.context import TargetError

GAP_PAGE_SIZE = 50
YEARS_PART = "theo-nam"
EXECUTION_PART = "thuc-hien"


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


@dataclass
class Stamp:
    """When the figures shown were computed and, while they are not fresh, the job and the poll."""

    computed_at: Any
    shown_at: Any
    fresh: bool
    poll_url: str = ""
    job: Any = None


def _stamp(request: HttpRequest, plan, reads, *, at: dt.date, unit, years: bool = False,
           target_code: str = "") -> Stamp:
    """The page's stamp; when a figure it shows is missing or stale, the recomputation is queued."""
    from apps.results.services import refresh_request

    stamp = Stamp(reads.computed_at, reads.shown_at, reads.fresh)
    if not stamp.fresh:
        stamp.job = refresh_request(actor=request.user, plan=plan)
        query = {"ngay": at.strftime("%d/%m/%Y"), "don_vi": unit.code if unit else ""}
        if years:
            query["phan"] = YEARS_PART
        if target_code:
            query["chi_tieu"] = target_code
        stamp.poll_url = f"{reverse('dashboard:freshness', args=[plan.code])}?{urlencode(query)}"
    return stamp


def _draw_charts(board: selectors.Dashboard) -> None:
    for row in board.rows:
        row.chart = charts.trend_svg([(c.year, c.result["value"] if c.result else None) for c in row.years],
                                     row.result["goal"], label=f"Xu hướng chỉ tiêu {row.result['code']}")


@require_GET
def plan_dashboard(request: HttpRequest, plan_code: str) -> HttpResponse:
    """The figures of the day (stored results), then, asked by htmx once the page is shown: the
    targets × years table and the trend charts (?phan=theo-nam, stored results of the year ends)
    and the annual plan's execution card (?phan=thuc-hien, apps/annual: its own queries, kept out
    of the page's first answer)."""
    plan = selectors.plan_for(request.user, plan_code)
    if request.GET.get("phan") == EXECUTION_PART:  # the annual plan's card, asked by htmx (apps/annual)
        return render(request, "dashboard/_execution.html", {"plan": plan})
    at, date_error = _date_from(request, plan)
    unit = selectors.unit_for(request.user, request.GET.get("don_vi", "").strip())
    years = request.GET.get("phan") == YEARS_PART
    try:
        board = selectors.dashboard(plan, at=at, unit=unit, by_year=years)
    except TargetError as exc:
        return _engine_refused(request, plan, exc)
    context = {"plan": plan, "board": board, "at": at, "unit": unit, "date_error": date_error,
               "units": selectors.units_to_pick(request.user, at), "home_unit": selectors.home_unit(request.user),
               "stamp": _stamp(request, plan, board.reads, at=at, unit=unit, years=years), "nav": "plans"}
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
    reads = selectors.Reads()
    try:
        result = selectors.target_result(plan, target, at=at, unit=unit, reads=reads)
        province = selectors.target_result(plan, target, at=at, unit=None, reads=reads) if unit else None
        gaps = gaplist.gaps(request.user, plan, target, at=at, unit=unit)
    except TargetError as exc:
        return _engine_refused(request, plan, exc)
    reads.add(gaps)
    page = Paginator(gaps.rows if gaps.rows is not None else [], GAP_PAGE_SIZE).get_page(request.GET.get("trang"))
    if gaps.rows is not None:
        access_log_write(actor=request.user, kind=Kind.VIEW, what="Danh sách còn thiếu", request=request,
                         filters={**gaplist.filter_description(plan, target, at=at, unit=unit),
                                  "trang": page.number}, count=len(page))
    has_gaps = gaplist.has_gap_list(target)
    context = {"plan": plan, "target": target, "at": at, "unit": unit, "date_error": date_error, "page": page,
               "has_gaps": has_gaps, "gaps_pending": gaps.rows is None,
               "stamp": _stamp(request, plan, reads, at=at, unit=unit, target_code=target.code if has_gaps else ""),
               "result": result, "province": province,
               "explanation": explain(result, spec=target.spec, restricted=unit is not None and not _is_root(unit, at))
               if result is not None else [],
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


@require_GET
def freshness(request: HttpRequest, plan_code: str) -> HttpResponse:
    """The progress indicator's poll (htmx, every second): while the figures a page shows are
    missing or stale, the job's progress again; once fresh, an empty answer telling htmx to reload
    the page (``HX-Refresh``), which then reads the new figures."""
    from apps.jobs.models import Job
    from apps.results.selectors import freshness as is_fresh
    from apps.results.services import JOB_KIND, pending_job, refresh_request

    plan = selectors.plan_for(request.user, plan_code)
    at, _ = _date_from(request, plan)
    unit = selectors.unit_for(request.user, request.GET.get("don_vi", "").strip())
    dates = [at]
    if request.GET.get("phan") == YEARS_PART:
        dates += [day for _, day in selectors.year_dates(plan, at) if day and day != at]
    target_code = request.GET.get("chi_tieu", "").strip()
    if target_code:
        target_code = selectors.target_for(plan, target_code).code
    if is_fresh(plan, dates=dates, unit_code=unit.code if unit else "", target_code=target_code):
        response = HttpResponse("")
        response["HX-Refresh"] = "true"
        return response
    job = pending_job(plan)
    failed = ""
    if job is None:
        last = Job.objects.filter(kind=JOB_KIND, params__plan=plan.code).order_by("-pk").first()
        if last is not None and last.status == Job.Status.FAILED:
            failed = last.message
        else:
            job = refresh_request(actor=request.user, plan=plan)
    context = {"poll_url": request.get_full_path(), "job": job, "polling": not failed, "failed": failed}
    return render(request, "results/_progress.html", context)
