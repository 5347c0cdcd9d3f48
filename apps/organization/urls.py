from django.urls import path

from apps.organization import views

app_name = "organization"

urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("<str:code>/", views.unit_detail, name="detail"),
]
