"""Pages of the annual cycle itself: the cycles, one year's cycle, its milestones, the needs survey, budget ceilings, the rate table."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.access import requires
from apps.accounts.permissions import Perm
from apps.annual import selectors, services
from apps.annual.forms import (
    CeilingsForm,
    MilestoneForm,
    RateForm,
)
from apps.annual.views._common import _attempt, _cycle_url

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
