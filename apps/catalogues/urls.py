from django.urls import path

from apps.catalogues import views

app_name = "catalogues"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:key>/", views.value_list, name="list"),
    path("<slug:key>/them/", views.value_edit, name="create"),
    path("<slug:key>/xuat.xlsx", views.value_export, name="export"),
    path("<slug:key>/nhap/", views.value_import, name="import"),
    path("<slug:key>/<str:code>/sua/", views.value_edit, name="edit"),
    path("<slug:key>/<str:code>/ngung-dung/", views.value_active, {"active": False}, name="retire"),
    path("<slug:key>/<str:code>/dung-lai/", views.value_active, {"active": True}, name="restore"),
]
