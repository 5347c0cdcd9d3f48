"""The training pages, ready to mount at /dao-tao/ (see ``urls``): kept out of the live URLconf
until the project's access matrix (tests/test_access_matrix.py) has their rows."""

from django.urls import path

from apps.training import views

app_name = "training"

urlpatterns = [
    path("lop/", views.class_list, name="class_list"),
    path("lop/<str:code>/", views.class_detail, name="class_detail"),
    path("lop/<str:code>/ghi-danh/", views.enrollment_create, name="enrollment_create"),
]
