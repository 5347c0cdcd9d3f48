"""The access log page for Sở Nội vụ, and its xlsx export (itself logged)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.core.tabular import XLSX, ExportFile, render_xlsx
from apps.core.vn import parse_date
from apps.privacy import selectors
from apps.privacy.describe import filter_text, viewer_name, viewer_role
from apps.privacy.models import AccessEntry
from apps.privacy.services import Kind, access_log_write

PAGE_SIZE = 50
HEADERS = ["Thời điểm", "Người truy cập", "Tài khoản", "Vai trò", "Loại", "Trang, tệp", "Mã cán bộ",
           "Họ và tên", "Bộ lọc", "Số người", "Kênh", "Địa chỉ IP"]


def _date(request: HttpRequest, key: str, errors: list[str]):
    text = request.GET.get(key, "").strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except (ValueError, TypeError):
        errors.append(f"Ngày “{text}” không hợp lệ (dd/mm/yyyy).")
        return None


def _filter(request: HttpRequest) -> tuple[selectors.LogFilter, list[str]]:
    errors: list[str] = []
    kind = request.GET.get("loai", "")
    f = selectors.LogFilter(username=request.GET.get("nguoi_dung", "").strip(),
                            person_code=request.GET.get("ma_can_bo", "").strip(),
                            kind=kind if kind in Kind.values else "",
                            date_from=_date(request, "tu_ngay", errors), date_to=_date(request, "den_ngay", errors))
    return f, errors


@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    f, errors = _filter(request)
    page = Paginator(selectors.access_entries(request.user, f), PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(request, "privacy/access_log.html", {
        "page": page, "f": f, "errors": errors, "kinds": Kind.choices, "query": query.urlencode(),
        "from_text": request.GET.get("tu_ngay", ""), "to_text": request.GET.get("den_ngay", ""),
        "nav": "access"})


def _rows(entries) -> list[list[str]]:
    rows = [HEADERS]
    for e in entries:
        rows.append([timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M:%S"), viewer_name(e),
                     e.user.username if e.user else "", viewer_role(e), e.get_kind_display(), e.what,
                     e.person_code, e.person.full_name if e.person else "", filter_text(e), str(e.count),
                     e.get_channel_display(), e.ip or ""])
    return rows


@require_GET
def access_log_xlsx(request: HttpRequest) -> HttpResponse:
    f, _ = _filter(request)
    entries = list(selectors.access_entries(request.user, f))
    content = render_xlsx(_rows(entries), sheet_title="Nhật ký truy cập", freeze="A2")
    access_log_write(actor=request.user, kind=Kind.EXPORT, what="Nhật ký truy cập dữ liệu cá nhân",
                     request=request, filters=f.as_dict(), count=len({e.person_id for e in entries if e.person_id}))
    stamp = timezone.localdate().strftime("%Y%m%d")
    return ExportFile(f"nhat-ky-truy-cap-{stamp}.xlsx", XLSX, content).response()


__all__ = ["access_log", "access_log_xlsx", "AccessEntry"]
