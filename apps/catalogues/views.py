"""Thin views of the reference data (Sở Nội vụ): index, list with retire/restore, add and edit,
xlsx export and import. Refusals are 403 whatever the code: a catalogue holds no personal records."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.access import requires
from apps.accounts.permissions import Perm
from apps.catalogues import files, services
from apps.catalogues.registry import CATALOGUES, Catalogue, catalogue
from apps.core.http import posted, uploaded
from apps.people.forms import ImportForm


def _get(cat: Catalogue, code: str):
    try:
        return cat.model._default_manager.get(code=code)
    except cat.model.DoesNotExist:
        raise Http404("Không có giá trị này trong danh mục.") from None


def _form_class(cat: Catalogue, editing: bool) -> type[forms.ModelForm]:
    fields = [n for n in cat.fields if not (editing and n == "code")]
    return forms.modelform_factory(cat.model, fields=fields)


@require_GET
@requires(Perm.MANAGE_REFERENCE)
def index(request: HttpRequest) -> HttpResponse:
    rows = [(c, c.model._default_manager.filter(active=True).count(), c.model._default_manager.filter(active=False).count())
            for c in CATALOGUES.values()]
    return render(request, "catalogues/index.html", {"rows": rows, "nav": "catalogues"})


@require_GET
@requires(Perm.MANAGE_REFERENCE)
def value_list(request: HttpRequest, key: str) -> HttpResponse:
    cat = catalogue(key)
    shown = [n for n in cat.fields if not services.is_many(cat, n)]
    values = cat.model._default_manager.order_by("-active", *cat.model._meta.ordering)
    rows = [(obj, [files._text(cat, n, getattr(obj, n)) for n in shown]) for obj in values]
    return render(request, "catalogues/list.html", {
        "cat": cat, "headers": [cat.header(n) for n in shown], "rows": rows, "nav": "catalogues",
        "add_url": reverse(f"training:{cat.training_pages}_create") if cat.training_pages else "",
    })


def _edit_url(cat: Catalogue, code: str) -> str:
    if cat.training_pages:
        return reverse(f"training:{cat.training_pages}_edit", args=[code])
    return reverse("catalogues:edit", args=[cat.key, code])


@require_http_methods(["GET", "POST"])
@requires(Perm.MANAGE_REFERENCE)
def value_edit(request: HttpRequest, key: str, code: str | None = None) -> HttpResponse:
    """Add (no ``code``) or edit a value; catalogues with their own training pages go there."""
    cat = catalogue(key)
    if cat.training_pages:
        return redirect(_edit_url(cat, code) if code else reverse(f"training:{cat.training_pages}_create"))
    obj = _get(cat, code) if code else None
    form = _form_class(cat, editing=obj is not None)(posted(request), instance=cat.model() if obj is None else
                                                      cat.model._default_manager.get(pk=obj.pk))
    if request.method == "POST" and form.is_valid():
        values = {n: form.cleaned_data[n] for n in form.fields}
        try:
            saved = services.reference_save(actor=request.user, cat=cat, values=values, obj=obj)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, f"Đã lưu {cat.noun} {saved.code}.")
            return redirect("catalogues:list", key=cat.key)
    title = f"Sửa {cat.noun} {obj.code}" if obj else f"Thêm {cat.noun}"
    return render(request, "catalogues/form.html", {"cat": cat, "form": form, "title": title, "obj": obj,
                                                    "nav": "catalogues"}, status=422 if form.errors else 200)


@require_POST
@requires(Perm.MANAGE_REFERENCE)
def value_active(request: HttpRequest, key: str, code: str, active: bool) -> HttpResponse:
    cat = catalogue(key)
    obj = _get(cat, code)
    services.reference_set_active(actor=request.user, cat=cat, obj=obj, active=active)
    messages.success(request, f"{'Đã dùng lại' if active else 'Đã ngừng dùng'} {cat.noun} {obj.code}: "
                              + ("lại có trong các ô chọn." if active else
                                 "hồ sơ cũ vẫn giữ, nhưng không còn để chọn."))
    return redirect("catalogues:list", key=cat.key)


@require_GET
@requires(Perm.MANAGE_REFERENCE)
def value_export(request: HttpRequest, key: str) -> HttpResponse:
    return files.reference_export(actor=request.user, cat=catalogue(key)).response()


@require_http_methods(["GET", "POST"])
@requires(Perm.MANAGE_REFERENCE)
def value_import(request: HttpRequest, key: str) -> HttpResponse:
    cat = catalogue(key)
    form = ImportForm(posted(request), uploaded(request))
    failure = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = files.reference_import(actor=request.user, cat=cat, source=upload.file, filename=upload.name)
        except files.ImportFailed as exc:
            failure = exc
        else:
            messages.success(request, result.summary)
            return redirect("catalogues:list", key=cat.key)
    return render(request, "catalogues/import.html", {
        "cat": cat, "form": form, "errors": failure.lines() if failure else None,
        "error_total": failure.total if failure else 0, "nav": "catalogues",
        "columns": files.columns(cat)}, status=422 if failure else 200)
