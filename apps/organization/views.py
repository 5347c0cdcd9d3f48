"""Thin views over the organisation selectors and services.

Reading: the tree (any role but learners) and a unit's page (404 outside an officer's scope).
Restructuring (Sở Nội vụ only, 403 for everyone else): create, edit, merge, move — one URL each.
Merge and move show a confirmation with the number of people concerned before anything is saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from apps.accounts.permissions import Perm
from apps.core.http import posted
from apps.core.vn import parse_date
from apps.organization import selectors, services
from apps.organization.forms import UnitCreateForm, UnitEditForm, UnitMergeForm, UnitMoveForm
from apps.organization.models import Unit, UnitEvent


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
    request.scope.require(Perm.VIEW_UNITS, "Tài khoản này không xem được sơ đồ tổ chức.")
    day, error = _as_of(request)
    rows = selectors.unit_tree_rows(day, root_ids=request.scope.roots)
    events = UnitEvent.objects.prefetch_related("sources").select_related("target")[:20]
    return render(request, "organization/tree.html",
                  {"rows": rows, "day": day, "error": error, "events": events, "nav": "units"})


def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = selectors.units_visible_to(request.user).filter(code=code).select_related("parent", "successor").first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    links = unit.links.select_related("parent").order_by("valid_from")
    from apps.people.selectors import people_visible_to

    headcount = people_visible_to(request.user).filter(unit=unit, status="working").count()
    events = (UnitEvent.objects.filter(Q(target=unit) | Q(sources=unit)).distinct()
              .select_related("target").prefetch_related("sources"))
    return render(request, "organization/detail.html",
                  {"unit": unit, "links": links, "headcount": headcount, "events": events,
                   "predecessors": unit.predecessors.all(), "nav": "units"})


# --- restructuring (Sở Nội vụ) -------------------------------------------------------------------

def _require_restructure(request: HttpRequest) -> None:
    request.scope.require(Perm.RESTRUCTURE, "Chỉ Sở Nội vụ được sắp xếp tổ chức, bộ máy.")


def _unit_or_404(code: str) -> Unit:
    unit = Unit.objects.filter(code=code).select_related("parent").first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    return unit


def _add_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _page(request: HttpRequest, form: Form, title: str, *, unit: Unit | None = None, status: int = 200,
          submit: str = "Lưu") -> HttpResponse:
    return render(request, "organization/form.html",
                  {"form": form, "title": title, "unit": unit, "submit": submit, "nav": "units"}, status=status)


@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    _require_restructure(request)
    form = UnitCreateForm(posted(request), initial={"parent": request.GET.get("truc_thuoc")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            unit = services.unit_create(
                actor=request.user, code=d["code"], name=d["name"], level=d["level"], kind=d["kind"],
                parent=d["parent"], valid_from=d["valid_from"], decision=d["decision"],
                **{f: d[f] for f in services.FLAG_FIELDS})
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Đã thành lập {unit.name}.")
            return redirect("organization:detail", code=unit.code)
    return _page(request, form, "Thành lập đơn vị", status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, code: str) -> HttpResponse:
    _require_restructure(request)
    unit = _unit_or_404(code)
    initial = {f: getattr(unit, f) for f in services.UPDATABLE_FIELDS}
    form = UnitEditForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("organization:detail", code=unit.code)
    return _page(request, form, f"Sửa thông tin {unit.name}", unit=unit, status=422 if form.errors else 200)


def _merge_call(request: HttpRequest, d: dict) -> tuple:
    """(service, kwargs) for the merge the form describes."""
    common = {"actor": request.user, "sources": list(d["sources"]), "on": d["on"], "decision": d["decision"]}
    if d["target"] is not None:
        return services.unit_merge, {**common, "target": d["target"]}
    return services.unit_merge_into_new, {**common, "code": d["new_code"].strip(), "name": d["new_name"]}


@require_http_methods(["GET", "POST"])
def unit_merge(request: HttpRequest) -> HttpResponse:
    """Sources + target (existing or new) + date + decision; then a confirmation with the count."""
    _require_restructure(request)
    initial = {"sources": list(Unit.objects.filter(code__in=request.GET.getlist("nguon")).values_list("pk", flat=True))}
    form = UnitMergeForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        service, kwargs = _merge_call(request, form.cleaned_data)
        try:
            if not form.cleaned_data["confirm"]:
                preview = services.restructure_preview(service, **kwargs)
                return _confirm(request, form, "Xác nhận sáp nhập", _merge_summary(form.cleaned_data, preview))
            event = service(**kwargs)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Đã sáp nhập {len(form.cleaned_data['sources'])} đơn vị vào "
                                      f"{event.target.name}; {event.people_moved} người chuyển đơn vị.")
            return redirect("organization:detail", code=event.target.code)
    return _page(request, form, "Sáp nhập đơn vị", submit="Tiếp tục", status=422 if form.errors else 200)


def _merge_summary(d: dict, preview: UnitEvent) -> list[str]:
    target = f"{d['target'].name} ({d['target'].code})" if d["target"] else f"{d['new_name']} ({d['new_code']}, thành lập mới)"
    on, last = d["on"].strftime("%d/%m/%Y"), (d["on"] - services.ONE_DAY).strftime("%d/%m/%Y")
    return [
        f"Sáp nhập {', '.join(f'{u.name} ({u.code})' for u in d['sources'])} vào {target} từ ngày {on}.",
        f"Các đơn vị được sáp nhập thôi hoạt động sau ngày {last}; đơn vị trực thuộc chuyển sang đơn vị tiếp nhận.",
        f"{preview.people_moved} người sẽ chuyển sang đơn vị tiếp nhận (quá trình công tác được ghi lại).",
    ]


@require_http_methods(["GET", "POST"])
def unit_move(request: HttpRequest, code: str) -> HttpResponse:
    _require_restructure(request)
    unit = _unit_or_404(code)
    form = UnitMoveForm(posted(request), unit=unit)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        kwargs = {"actor": request.user, "unit": unit, "new_parent": d["new_parent"], "on": d["on"],
                  "decision": d["decision"]}
        try:
            if not d["confirm"]:
                services.restructure_preview(services.unit_move, **kwargs)
                return _confirm(request, form, "Xác nhận chuyển trực thuộc", _move_summary(unit, d), unit=unit)
            services.unit_move(**kwargs)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Đã chuyển {unit.name} vào trực thuộc {d['new_parent'].name}.")
            return redirect("organization:detail", code=unit.code)
    return _page(request, form, f"Chuyển trực thuộc: {unit.name}", unit=unit, submit="Tiếp tục",
                 status=422 if form.errors else 200)


def _move_summary(unit: Unit, d: dict) -> list[str]:
    from apps.people.selectors import people_moving_count

    ids = selectors.subtree_ids(unit.pk, d["on"])
    return [
        f"Chuyển {unit.name} ({unit.code}) cùng {len(ids) - 1} đơn vị trực thuộc vào trực thuộc "
        f"{d['new_parent'].name} từ ngày {d['on']:%d/%m/%Y}.",
        f"{people_moving_count(list(ids), d['on'])} người chuyển theo đơn vị; quá trình công tác của họ không đổi.",
    ]


def _confirm(request: HttpRequest, form: Form, title: str, summary: list[str], unit: Unit | None = None) -> HttpResponse:
    return render(request, "organization/confirm.html",
                  {"form": form, "title": title, "summary": summary, "unit": unit, "nav": "units"})
