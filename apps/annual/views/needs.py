"""Pages of the needs: an agency's needs (confirmed by the officer) and a person's own stated needs."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.access import requires
from apps.accounts.permissions import Perm
from apps.annual import selectors, services
from apps.annual.forms import (
    NeedForm,
    StaffNeedForm,
)
from apps.annual.views._common import CACHE_SECONDS, _attempt
from apps.core.caching import cache_key
from apps.people.models import Person

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
