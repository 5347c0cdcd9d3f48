"""Pages of the reports (mounted at /bao-cao/). Every view needs ``Perm.VIEW_REPORTS`` and reads
through ``selection.select`` (an officer: their own agency; another unit answers like a missing
one). Filters are GET parameters (``year`` or ``from``/``to``, ``unit``); the htmx filter form
asks for the results fragment only."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.access import requires
from apps.accounts.permissions import Perm
from apps.reports import contract
from apps.reports.annual import annual_stats_cached
from apps.reports.annual_report import annual_report
from apps.reports.drill import names_of, names_xlsx
from apps.reports.selection import Selection, SelectionError, select
from apps.reports.units import unit_choices

PAGE = 200
FORMATS = ("xlsx", "docx", "pdf")


def file_response(filename: str, content_type: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def default_year() -> str:
    """The year a report opens on: last year until June, then the current one."""
    today = timezone.localdate()
    return str(today.year - (1 if today.month < 7 else 0))


def _selection(request: HttpRequest) -> Selection:
    g = request.GET
    year = g.get("year") or default_year()
    return select(request.user, year=year, start=g.get("from") or None, end=g.get("to") or None,
                  unit=g.get("unit") or None)


def _filters(request: HttpRequest) -> dict:
    g = request.GET
    return {"year": g.get("year", ""), "from": g.get("from", ""), "to": g.get("to", ""), "unit": g.get("unit", ""),
            "units": unit_choices(request.scope), "sees_all": request.scope.sees_all}


@requires(Perm.VIEW_REPORTS)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    from apps.reports.forms_spec import available_forms

    return render(request, "reports/index.html", {"nav": "reports", "forms": available_forms(),
                                                  "year": timezone.localdate().year - 1})


def _links(sel: Selection, report: contract.Report) -> dict:
    """Figures' list links: ``drill`` keys become ?…&dim=…&value=… on the page the figure opens
    (its ``page``: the names, the classes or the cost lines)."""
    bases = {page: reverse(f"reports:{page}") for page in ("names", "classes", "costs")}
    links: dict[int, str] = {}
    for section in report.sections:
        for row in section.rows:
            for cell in row.cells:
                if isinstance(cell, contract.Fig) and cell.drill:
                    links[id(cell)] = f"{bases[cell.page]}?{urlencode({**sel.query(), **dict(cell.drill)})}"
    return links


def _keep_flat(request: HttpRequest) -> None:
    """Ask the worker to rebuild the flat copy of the lượt when the page found it stale (the next
    report reads it instead of joining the lượt again)."""
    from apps.reports.flat import flat_fresh, flat_request

    if not flat_fresh():
        flat_request(actor=request.user)


@requires(Perm.VIEW_REPORTS)
@require_GET
def annual(request: HttpRequest) -> HttpResponse:
    context = {"nav": "reports", "filters": _filters(request)}
    status = 200
    try:
        sel = _selection(request)
        report = annual_report(annual_stats_cached(sel), made_on=timezone.localdate())
        context.update(sel=sel, report=report, links=_links(sel, report), query=urlencode(sel.query()))
        _keep_flat(request)
    except SelectionError as exc:
        context["error"], status = str(exc), 422
    template = "reports/_annual_results.html" if request.headers.get("HX-Request") else "reports/annual.html"
    return render(request, template, context, status=status)


@requires(Perm.VIEW_REPORTS)
@require_GET
def annual_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        return HttpResponse("Định dạng không hỗ trợ.", status=404, content_type="text/plain; charset=utf-8")
    try:
        sel = _selection(request)
    except SelectionError as exc:
        return HttpResponse(str(exc), status=422, content_type="text/plain; charset=utf-8")
    name, content_type, data = contract.render(annual_report(annual_stats_cached(sel), made_on=timezone.localdate()), fmt)
    return file_response(name, content_type, data)


def _posted_selection(request: HttpRequest) -> dict[str, str]:
    """The selection fields of a POSTed job request (year or from/to, unit)."""
    q = request.POST
    return {"year": q.get("year") or ("" if q.get("from") else default_year()), "from": q.get("from", ""),
            "to": q.get("to", ""), "unit": q.get("unit", "")}


def _checked(request: HttpRequest, params: dict[str, str]) -> Selection:
    return select(request.user, year=params["year"] or None, start=params["from"] or None, end=params["to"] or None,
                  unit=params["unit"] or None)


def _text(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


@requires(Perm.VIEW_REPORTS)
@require_POST
def annual_job(request: HttpRequest, fmt: str) -> HttpResponse:
    """The same file made in the background (a large province, a long period): a job page with its
    progress, then a notification with the download."""
    from apps.jobs.services import job_start

    if fmt not in FORMATS:
        return _text("Định dạng không hỗ trợ.", 404)
    params = {**_posted_selection(request), "fmt": fmt}
    try:
        sel = _checked(request, params)
    except SelectionError as exc:
        return _text(str(exc), 422)
    job = job_start(actor=request.user, kind="reports.annual", params=params,
                    title=f"Thống kê đào tạo, bồi dưỡng {sel.period_label.lower()} ({fmt})")
    return redirect(job.get_absolute_url())


@requires(Perm.VIEW_REPORTS)
@require_POST
def form_job(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """An official form filled and rendered in the background (apps.reports.jobs ``reports.form``)."""
    from apps.jobs.services import job_start
    from apps.reports.forms_spec import FormError, form_by_code

    try:
        spec = form_by_code(code)
    except FormError as exc:
        return _text(str(exc), 404)
    if fmt not in FORMATS:
        return _text("Định dạng không hỗ trợ.", 404)
    params = {**_posted_selection(request), "code": spec.code, "fmt": fmt}
    try:
        sel = _checked(request, params)
    except SelectionError as exc:
        return _text(str(exc), 422)
    title = f"{spec.number or spec.code} {sel.period_label.lower()} ({fmt})"
    job = job_start(actor=request.user, kind="reports.form", params=params, title=title)
    return redirect(job.get_absolute_url())


def _listing(request: HttpRequest, build) -> HttpResponse:
    """The names page of a figure: ``build(sel, dim, value)`` gives the ``Names``; ``format=xlsx``
    exports every row (written to the audit log)."""
    g = request.GET
    try:
        sel = _selection(request)
        found = build(sel, g.get("dim", ""), g.get("value", ""), g.get("prev") == "1")
    except SelectionError as exc:
        return render(request, "reports/names.html", {"nav": "reports", "error": str(exc)}, status=404)
    if g.get("format") == "xlsx":
        from apps.core.audit import audit_write
        from apps.core.models import AuditEntry

        audit_write(actor=request.user, action=AuditEntry.Action.EXPORT, target_type="report_names",
                    note=f"Xuất danh sách “{found.label}” ({sel.period_label}, {sel.unit_label})")
        stamp = dt.date.today().strftime("%Y%m%d")
        return file_response(f"danh-sach-{stamp}.xlsx", contract.XLSX, names_xlsx(found, sel))
    page = Paginator(found.rows, PAGE).get_page(g.get("page"))
    start = (page.number - 1) * PAGE
    lines = [found.line(start + i, row) for i, row in enumerate(page.object_list, start=1)]
    keep = {k: v for k, v in g.items() if k not in ("page", "format")}
    return render(request, "reports/names.html", {
        "nav": "reports", "names": found, "lines": lines, "page": page, "sel": sel,
        "query": urlencode(keep), "back": f"{reverse('reports:annual')}?{urlencode(sel.query())}"})


@requires(Perm.VIEW_REPORTS)
@require_GET
def names(request: HttpRequest) -> HttpResponse:
    return _listing(request, lambda sel, dim, value, prev: names_of(sel, dim, value, previous=prev))


@requires(Perm.VIEW_REPORTS)
@require_GET
def classes(request: HttpRequest) -> HttpResponse:
    """The classes behind a class count (``dim``: all, organiser, provider; ``value``: its id)."""
    from apps.reports.lists import class_list

    return _listing(request, lambda sel, dim, value, _prev: class_list(sel, dim or "all", value))


@requires(Perm.VIEW_REPORTS)
@require_GET
def costs(request: HttpRequest) -> HttpResponse:
    """The cost lines behind a money figure (``value``: the funding source, empty for all)."""
    from apps.reports.lists import cost_list

    return _listing(request, lambda sel, _dim, value, _prev: cost_list(sel, value))


@requires(Perm.VIEW_REPORTS)
@require_GET
def form(request: HttpRequest, code: str) -> HttpResponse:
    from apps.reports.forms_spec import FormError, fill, form_by_code

    try:
        spec = form_by_code(code)
    except FormError as exc:
        return render(request, "reports/form.html", {"nav": "reports", "error": str(exc)}, status=404)
    context = {"nav": "reports", "filters": _filters(request), "spec": spec}
    status = 200
    try:
        sel = _selection(request)
        report = fill(spec, sel)
        context.update(sel=sel, report=report, links=_links(sel, report), query=urlencode(sel.query()))
    except (SelectionError, FormError) as exc:
        context["error"], status = str(exc), 422
    if request.GET.get("format") in FORMATS and "report" in context:
        name, content_type, data = contract.render(context["report"], request.GET["format"])
        return file_response(name, content_type, data)
    template = "reports/_form_results.html" if request.headers.get("HX-Request") else "reports/form.html"
    return render(request, template, context, status=status)


def _review_or_error(request: HttpRequest, plan_code: str, data):
    from apps.reports.review import ReviewError, plan_review

    today = timezone.localdate()
    try:
        return plan_review(request.user, plan_code=plan_code, at=data.get("at") or today.isoformat(),
                           unit=data.get("unit") or None), None
    except (ReviewError, SelectionError) as exc:
        return None, str(exc)


def _review_job(request: HttpRequest, plan_code: str) -> HttpResponse:
    """POST: the document with the texts as edited, made in the background (``reports.review``)."""
    from apps.jobs.services import job_start
    from apps.reports.review import NARRATIVE, ReviewError, review_selection

    data = request.POST
    fmt = data.get("fmt", "docx")
    if fmt not in FORMATS:
        return _text("Định dạng không hỗ trợ.", 422)
    at = data.get("at") or timezone.localdate().isoformat()
    try:
        plan, sel = review_selection(request.user, plan_code=plan_code, at=at, unit=data.get("unit") or None)
    except (ReviewError, SelectionError) as exc:
        return render(request, "reports/review.html", {"nav": "reports", "error": str(exc), "plan_code": plan_code},
                      status=422)
    kind = "tổng kết" if sel.end >= plan.period_end else "sơ kết"
    params = {"plan": plan.code, "at": sel.end.isoformat(), "unit": data.get("unit", ""), "fmt": fmt,
              "texts": {key: data.get(key, "")[:20000] for key, _title in NARRATIVE if key in data}}
    job = job_start(actor=request.user, kind="reports.review", params=params,
                    title=f"Báo cáo {kind} {plan.code} tại ngày {sel.end:%d/%m/%Y} ({fmt})")
    return redirect(job.get_absolute_url())


@requires(Perm.VIEW_REPORTS)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, plan_code: str) -> HttpResponse:
    """GET: the review's figures and the four narrative sections, prefilled and editable; POST
    (``fmt``): the document with the texts as edited, as a background job (its progress page)."""
    from apps.plans.models import Plan
    from apps.reports.review import NARRATIVE, review_report

    if not Plan.objects.filter(code=plan_code).exists():
        return render(request, "reports/review.html", {"nav": "reports", "error": "Không có kế hoạch này."},
                      status=404)
    if request.method == "POST":
        return _review_job(request, plan_code)
    found, error = _review_or_error(request, plan_code, request.GET)
    if found is None:
        return render(request, "reports/review.html", {"nav": "reports", "error": error, "plan_code": plan_code},
                      status=422)
    _keep_flat(request)
    report = review_report(found, made_on=timezone.localdate())
    narrative = [(key, title, found.texts[key]) for key, title in NARRATIVE]
    return render(request, "reports/review.html", {
        "nav": "reports", "review": found, "report": report, "links": {}, "narrative": narrative,
        "at": found.at.isoformat(), "unit": request.GET.get("unit", ""), "units": unit_choices(request.scope),
        "sees_all": request.scope.sees_all})


@require_GET
def plan_document(request: HttpRequest, plan_code: str) -> HttpResponse:
    """The plan file as the Kế hoạch officials sign (everyone signed in reads plans)."""
    from apps.reports.plan_document import PlanDocumentError, plan_document_bytes

    fmt = request.GET.get("format", "docx")
    try:
        data = plan_document_bytes(request.user, plan_code, "pdf" if fmt == "pdf" else "docx")
    except PlanDocumentError as exc:
        return HttpResponse(str(exc), status=404, content_type="text/plain; charset=utf-8")
    ext = "pdf" if fmt == "pdf" else "docx"
    return file_response(f"ke-hoach-{plan_code}.{ext}", contract.PDF if ext == "pdf" else contract.DOCX, data)


@requires(Perm.VIEW_REPORTS)
@require_GET
def previous(request: HttpRequest, plan_code: str) -> HttpResponse:
    """The plan file's review of the previous period beside the records' figures."""
    from apps.plans.models import Plan
    from apps.reports.previous import compare, compared_section

    plan = Plan.objects.filter(code=plan_code).first()
    if plan is None:
        return render(request, "reports/previous.html", {"nav": "reports", "error": "Không có kế hoạch này."},
                      status=404)
    try:
        review, rows = compare(request.user, plan)
    except SelectionError as exc:
        return render(request, "reports/previous.html", {"nav": "reports", "error": str(exc), "plan": plan},
                      status=422)
    section = compared_section(rows, review.get("period") or {}) if rows else None
    return render(request, "reports/previous.html", {"nav": "reports", "plan": plan, "review": review, "rows": rows,
                                                     "section": section, "links": {}})
