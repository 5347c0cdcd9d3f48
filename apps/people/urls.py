from django.urls import path

from apps.people import views

app_name = "people"

urlpatterns = [
    path("", views.people_list, name="list"),
    path("them/", views.person_create, name="create"),
    path("nhap/", views.people_import, name="import"),
    path("xuat.xlsx", views.people_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("xuat.csv", views.people_export, {"fmt": "csv"}, name="export_csv"),
    path("mau-nhap.xlsx", views.people_import_template, name="import_template"),
    path("<str:code>/", views.person_detail, name="detail"),
    path("<str:code>/sua/", views.person_edit, name="edit"),
    path("<str:code>/trang-thai/", views.person_status, name="status"),
    path("<str:code>/hdnd/", views.person_seats, name="seats"),
    path("<str:code>/hdnd/<int:pk>/ket-thuc/", views.person_seat_change, {"action": "end"}, name="seat_end"),
    path("<str:code>/hdnd/<int:pk>/xoa/", views.person_seat_change, {"action": "remove"}, name="seat_remove"),
]
