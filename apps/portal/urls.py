"""Mounted at /cua-toi/."""

from django.urls import path

from apps.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("qua-trinh.xlsx", views.record, name="record"),
    path("giang-day/", views.teaching, name="teaching"),
]
