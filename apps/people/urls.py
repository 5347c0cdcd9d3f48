from django.urls import path

from apps.people import views

app_name = "people"

urlpatterns = [
    path("", views.people_list, name="list"),
    path("them/", views.person_create, name="create"),
    path("<str:code>/", views.person_detail, name="detail"),
    path("<str:code>/sua/", views.person_edit, name="edit"),
]
