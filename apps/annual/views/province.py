"""Pages of Sở Nội vụ's part: consolidation, merged provincial classes, the projection, approval, adjustment, suspension, documents and execution."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.access import requires
from apps.accounts.permissions import Perm
from apps.annual import selectors, services
from apps.annual.forms import (
    AdjustForm,
    CeilingsForm,
    DecisionForm,
)
from apps.annual.models import AgencyPlanStatus, CycleStatus, PlanLine
from apps.annual.views._common import CACHE_SECONDS, SOURCES, _attempt, _cycle_url
from apps.core.caching import cache_key

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
