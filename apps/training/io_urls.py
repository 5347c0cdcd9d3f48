"""Bulk entry pages, mounted at /dao-tao/nhap-xuat/ by ``page_urls`` (names in the ``training``
namespace). Every route has its row in tests/test_access_matrix.py."""

from django.urls import path

from apps.training import io_views

urlpatterns = [
    path("lop/", io_views.classes_import, name="classes_import"),
    path("lop/mau.xlsx", io_views.classes_template, name="classes_template"),
    path("lop.xlsx", io_views.classes_export, {"fmt": "xlsx"}, name="classes_export_xlsx"),
    path("lop.csv", io_views.classes_export, {"fmt": "csv"}, name="classes_export_csv"),
    path("ket-qua/", io_views.enrollments_import, name="enrollments_import"),
    path("ket-qua/mau.xlsx", io_views.enrollments_template, name="enrollments_template"),
    path("ket-qua.xlsx", io_views.enrollments_export, {"fmt": "xlsx"}, name="enrollments_export_xlsx"),
    path("ket-qua.csv", io_views.enrollments_export, {"fmt": "csv"}, name="enrollments_export_csv"),
]
