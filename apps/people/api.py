"""JSON API over the same scoped selectors as the pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, JsonResponse

from apps.accounts.access import requires
from apps.accounts.permissions import Perm
from apps.people import selectors
from apps.privacy.services import Kind, access_log_write, person_read


def _person_json(p) -> dict:
    return {
        "code": p.code, "full_name": p.full_name, "gender": p.gender,
        "birth_date": p.birth_date.isoformat(), "unit": p.unit.code, "category": p.category,
        "level": p.level, "rank": p.rank.code if p.rank else None,
        "position": p.position.code if p.position else None, "status": p.status,
    }


@requires(Perm.VIEW_PEOPLE)
def people(request: HttpRequest) -> JsonResponse:
    query, status = request.GET.get("q", ""), request.GET.get("status", "working")
    qs = selectors.people_list(request.user, query=query, status=status)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    access_log_write(actor=request.user, kind=Kind.VIEW, what="API danh sách nhân sự", request=request,
                     filters={"q": query, "trang_thai": status, "trang": page.number}, count=len(page))
    return JsonResponse({"count": page.paginator.count, "page": page.number,
                         "results": [_person_json(p) for p in page]})


def person(request: HttpRequest, code: str) -> JsonResponse:
    p = person_read(request, code, what="API hồ sơ cán bộ")
    data = _person_json(p)
    data["periods"] = [
        {"from": sp.valid_from.isoformat(), "to": sp.valid_to.isoformat() if sp.valid_to else None,
         "unit": sp.unit.code, "category": sp.category, "level": sp.level}
        for sp in p.periods.select_related("unit").order_by("valid_from")
    ]
    return JsonResponse(data)
