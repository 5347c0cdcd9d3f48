"""Mounted at /nhat-ky/truy-cap/ by the project URLconf."""

from django.urls import path

from apps.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.access_log, name="log"),
    path("xuat.xlsx", views.access_log_xlsx, name="log_xlsx"),
]
