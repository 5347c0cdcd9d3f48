from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from apps.accounts.roles import role_of
from apps.core.vn import parse_date
from apps.organization import selectors
from apps.organization.models import UnitEvent


def _as_of(request: HttpRequest):
    raw = request.GET.get("ngay", "")
    if not raw:
        return timezone.localdate(), ""
    try:
        return parse_date(raw), ""
    except ValueError as exc:
        return timezone.localdate(), f"Ngày xem không hợp lệ: {exc}."


def unit_tree(request: HttpRequest) -> HttpResponse:
    """The organisation tree as it stood on ``?ngay=dd/mm/yyyy`` (today by default)."""
    if role_of(request.user) == "learner":
        raise PermissionDenied("Học viên không xem được sơ đồ tổ chức.")
    day, error = _as_of(request)
    rows = selectors.unit_tree_rows(day, root_ids=selectors.topmost_in_scope(request.user))
    events = UnitEvent.objects.prefetch_related("sources").select_related("target")[:20]
    return render(request, "organization/tree.html",
                  {"rows": rows, "day": day, "error": error, "events": events, "nav": "units"})


def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = selectors.units_visible_to(request.user).filter(code=code).select_related("parent", "successor").first()
    if unit is None or role_of(request.user) == "learner":
        raise Http404("Không tìm thấy đơn vị.")
    links = unit.links.select_related("parent").order_by("valid_from")
    from apps.people.selectors import people_visible_to

    headcount = people_visible_to(request.user).filter(unit=unit, status="working").count()
    return render(request, "organization/detail.html",
                  {"unit": unit, "links": links, "headcount": headcount, "nav": "units"})
