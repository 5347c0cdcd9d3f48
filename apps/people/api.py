"""JSON API over the same scoped selectors as the pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, JsonResponse

from apps.people import selectors, services


def _person_json(p) -> dict:
    return {
        "code": p.code, "full_name": p.full_name, "gender": p.gender,
        "birth_date": p.birth_date.isoformat(), "unit": p.unit.code, "category": p.category,
        "level": p.level, "rank": p.rank.code if p.rank else None,
        "position": p.position.code if p.position else None, "status": p.status,
    }


def people(request: HttpRequest) -> JsonResponse:
    qs = selectors.people_list(request.user, query=request.GET.get("q", ""), status=request.GET.get("status", "working"))
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return JsonResponse({"count": page.paginator.count, "page": page.number,
                         "results": [_person_json(p) for p in page]})


def person(request: HttpRequest, code: str) -> JsonResponse:
    p = selectors.person_for(request.user, code)
    services.person_log_view(actor=request.user, person=p)
    data = _person_json(p)
    data["periods"] = [
        {"from": sp.valid_from.isoformat(), "to": sp.valid_to.isoformat() if sp.valid_to else None,
         "unit": sp.unit.code, "category": sp.category, "level": sp.level}
        for sp in p.periods.select_related("unit").order_by("valid_from")
    ]
    return JsonResponse(data)
