from django.urls import path

from apps.people import api as people_api

app_name = "api"

urlpatterns = [
    path("people/", people_api.people, name="people"),
    path("people/<str:code>/", people_api.person, name="person"),
]
