"""The training pages, mounted at /dao-tao/ by ``urls``. Every route has its row in
tests/test_access_matrix.py."""

from django.urls import include, path
from django.views.generic import RedirectView

from apps.accounts.access import requires
from apps.accounts.permissions import Perm
from apps.training import catalogue_views, views

app_name = "training"

urlpatterns = [
    path("", requires(Perm.VIEW_CLASSES)(RedirectView.as_view(pattern_name="training:class_list")), name="index"),  # typed by hand
    # classes
    path("lop/", views.class_list, name="class_list"),
    path("lop/them/", views.class_create, name="class_create"),
    path("lop/giang-vien-co-so/", views.class_instructor_fields, name="class_instructor_fields"),
    # Class codes may hold "/" (LLCT/2025/01, the demo's CDS/2026/013): <path:code>, the class page
    # last so that ".../sua/" and the like are not read as part of a code.
    path("lop/<path:code>/sua/", views.class_edit, name="class_edit"),
    path("lop/<path:code>/giang-vien/", views.class_instructors, name="class_instructors"),
    path("lop/<path:code>/chon-hoc-vien/", views.enrollment_candidates, name="enrollment_candidates"),
    path("lop/<path:code>/ghi-danh/", views.enrollment_create, name="enrollment_create"),
    path("lop/<path:code>/", views.class_detail, name="class_detail"),
    # enrollments (lượt học)
    path("luot/<int:pk>/", views.enrollment_detail, name="enrollment_detail"),
    path("luot/<int:pk>/ket-qua/", views.enrollment_result, name="enrollment_result"),
    path("luot/<int:pk>/cam-ket/", views.commitment_create, name="commitment_create"),
    path("luot/<int:pk>/den-bu/", views.reimbursement, name="reimbursement"),
    # a person's record
    path("can-bo/<str:code>/ngoai-he-thong/", views.external_create, name="external_create"),
    path("can-bo/<str:code>/qua-trinh.xlsx", views.person_record, {"fmt": "xlsx"}, name="person_record_xlsx"),
    path("can-bo/<str:code>/qua-trinh.pdf", views.person_record, {"fmt": "pdf"}, name="person_record_pdf"),
    # catalogue
    path("chuong-trinh/", catalogue_views.programme_list, name="programme_list"),
    path("chuong-trinh/them/", catalogue_views.programme_create, name="programme_create"),
    path("chuong-trinh/<str:code>/sua/", catalogue_views.programme_edit, name="programme_edit"),
    path("noi-dung/", catalogue_views.content_area_list, name="content_area_list"),
    path("noi-dung/them/", catalogue_views.content_area_create, name="content_area_create"),
    path("noi-dung/<str:code>/sua/", catalogue_views.content_area_edit, name="content_area_edit"),
    path("co-so/", catalogue_views.provider_list, name="provider_list"),
    path("co-so/them/", catalogue_views.provider_create, name="provider_create"),
    path("co-so/<str:code>/", catalogue_views.provider_detail, name="provider_detail"),
    path("co-so/<str:code>/sua/", catalogue_views.provider_edit, name="provider_edit"),
    path("co-so/<str:code>/giang-vien/them/", catalogue_views.instructor_create, name="instructor_create"),
    path("giang-vien/<int:pk>/sua/", catalogue_views.instructor_edit, name="instructor_edit"),
    path("kiem-tra-giang-vien/", catalogue_views.instructor_checks, name="instructor_checks"),
    # bulk entry: import, templates, exports (apps/training/io_urls.py)
    path("nhap-xuat/", include("apps.training.io_urls")),
]
