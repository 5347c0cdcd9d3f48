"""Bulk entry pages: upload a classes or results file (every row's message on failure, nothing
written), download the templates, export what the user may see. Thin: the work is in
``apps.training.io``; who may import is decided there and in ``io.catalogues.may_import``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from apps.core.exports import background_rows, in_background
from apps.core.http import year_param
from apps.core.tabular import ImportFailed
from apps.people.forms import ImportForm
from apps.training.io import classes, enrollments, guides
from apps.training.io.catalogues import may_import, rights_of
from apps.training.selectors import (
    REACH_ORGANISED,
    classes_of_reach,
    classes_visible_to,
    enrollments_visible_to,
)

PAGES = {
    "classes": {"title": "Nhập danh sách lớp từ tệp", "template": "training:classes_template",
                "what": "Mỗi dòng là một lớp, nhận diện theo <strong>Mã lớp</strong>: mã mới thì thêm lớp, mã đã có thì "
                        "cập nhật những gì khác đi (kể cả dự toán, thực chi theo nguồn kinh phí).",
                "exports": ("training:classes_export_xlsx", "training:classes_export_csv")},
    "enrollments": {"title": "Nhập kết quả học tập từ tệp", "template": "training:enrollments_template",
                    "what": "Mỗi dòng là một học viên trong một lớp, nhận diện theo <strong>Mã lớp</strong> và "
                            "<strong>Mã cán bộ</strong>: cặp mới thì ghi danh, cặp đã có thì cập nhật kết quả. "
                            "Trạng thái Hoàn thành ghi trình độ mà chương trình cấp vào hồ sơ học viên.",
                    "exports": ("training:enrollments_export_xlsx", "training:enrollments_export_csv")},
}


def _may_import_classes(user) -> bool:
    organisable = rights_of(user).organisable_units
    return organisable is None or bool(organisable)


def _import_page(request: HttpRequest, kind: str, run) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    failure = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = run(actor=request.user, source=upload.file, filename=upload.name)
        except ImportFailed as exc:
            failure = exc
        else:
            messages.success(request, result.summary)
            if result.ignored_columns:
                messages.info(request, "Bỏ qua các cột không nhận ra: " + ", ".join(result.ignored_columns))
            return redirect(reverse(f"training:{kind}_import"))
    context = {"form": form, "page": PAGES[kind], "errors": failure.lines() if failure else None,
               "error_total": failure.total if failure else 0, "nav": "training"}
    return render(request, "training/import.html", context, status=422 if failure else 200)


@require_http_methods(["GET", "POST"])
def classes_import(request: HttpRequest) -> HttpResponse:
    if not _may_import_classes(request.user):
        raise PermissionDenied("Bạn không có quyền nhập danh sách lớp.")
    return _import_page(request, "classes", classes.classes_import)


@require_http_methods(["GET", "POST"])
def enrollments_import(request: HttpRequest) -> HttpResponse:
    if not may_import(request.user):
        raise PermissionDenied("Bạn không có quyền nhập kết quả học tập.")
    return _import_page(request, "enrollments", enrollments.enrollments_import)


def classes_template(request: HttpRequest) -> HttpResponse:
    if not _may_import_classes(request.user):
        raise PermissionDenied("Bạn không có quyền nhập danh sách lớp.")
    return guides.classes_template(actor=request.user).response()


def enrollments_template(request: HttpRequest) -> HttpResponse:
    if not may_import(request.user):
        raise PermissionDenied("Bạn không có quyền nhập kết quả học tập.")
    return guides.enrollments_template(actor=request.user).response()


def classes_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The classes the user may see; ?nam=YYYY for one year."""
    enrollments.check_can_export(request.user)
    year = year_param(request)
    count = classes_of_reach(classes_visible_to(request.user), request.user, REACH_ORGANISED).filter(
        **({"start_date__year": year} if year else {})).count()
    if count > background_rows():
        return in_background(request, kind="training.classes_export", params={"fmt": fmt, "year": year},
                             rows=count, title=f"Xuất danh sách lớp ({fmt})")
    return classes.classes_export(actor=request.user, fmt=fmt, year=year).response()


def enrollments_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The enrollments the user may see; ?lop=CODE for one class."""
    enrollments.check_can_export(request.user)
    class_code = request.GET.get("lop", "").strip()
    rows = enrollments_visible_to(request.user).filter(training_class__isnull=False)
    count = (rows.filter(training_class__code=class_code) if class_code else rows).count()
    if count > background_rows():
        return in_background(request, kind="training.enrollments_export",
                             params={"fmt": fmt, "class_code": class_code}, rows=count,
                             title=f"Xuất kết quả học tập ({fmt})")
    export = enrollments.enrollments_export(actor=request.user, fmt=fmt, class_code=class_code)
    return export.response()
