"""Mounted at /ke-hoach/<plan_code>/chi-tieu/ by the project URLconf."""

from django.urls import path

from apps.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.plan_dashboard, name="plan"),
    path("_so-lieu/", views.freshness, name="freshness"),
    path("<str:target_code>/", views.target_detail, name="target"),
    path("<str:target_code>/thieu.xlsx", views.target_gaps_xlsx, name="gaps_xlsx"),
]
