"""Mounted at /tieu-chuan/ (see README for who may open what)."""

from django.urls import path

from apps.standards import views

app_name = "standards"

urlpatterns = [
    path("", views.standard_list, name="list"),
    path("kiem-tra/<str:code>/", views.readiness_check, name="check"),
    path("moi/", views.standard_create, name="create"),
    path("<str:code>/sua/", views.standard_edit, name="edit"),
]
