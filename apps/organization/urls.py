from django.urls import path

from apps.organization import views

app_name = "organization"

urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("them/", views.unit_create, name="create"),
    path("sap-nhap/", views.unit_merge, name="merge"),
    path("<str:code>/", views.unit_detail, name="detail"),
    path("<str:code>/sua/", views.unit_edit, name="edit"),
    path("<str:code>/chuyen/", views.unit_move, name="move"),
]
