"""Mounted at /ke-hoach/. The target dashboard of a plan lives at /ke-hoach/<code>/chi-tieu/
(apps.targets)."""

from django.urls import path

from apps.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("tai-len/", views.plan_upload, name="upload"),
    path("<slug:code>/", views.plan_detail, name="detail"),
    path("<slug:code>/tai-ve/", views.plan_export, name="export"),
]
