"""Mounted at /bao-cao/."""

from django.urls import path

from apps.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("thong-ke-nam/", views.annual, name="annual"),
    path("thong-ke-nam/tai-ve/<slug:fmt>/", views.annual_download, name="annual_download"),
    path("thong-ke-nam/nen/<slug:fmt>/", views.annual_job, name="annual_job"),
    path("danh-sach/", views.names, name="names"),
    path("danh-sach-lop/", views.classes, name="classes"),
    path("danh-sach-kinh-phi/", views.costs, name="costs"),
    path("bieu-mau/<str:code>/", views.form, name="form"),
    path("bieu-mau/<str:code>/nen/<slug:fmt>/", views.form_job, name="form_job"),
    path("so-ket/<str:plan_code>/", views.review, name="review"),
    path("giai-doan-truoc/<str:plan_code>/", views.previous, name="previous"),
    path("ke-hoach/<str:plan_code>/van-ban/", views.plan_document, name="plan_document"),
]
