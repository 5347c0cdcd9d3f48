"""Mounted at /thong-bao/."""

from django.urls import path

from apps.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("da-doc/", views.mark_all_read, name="mark_all_read"),
    path("lich/", views.calendar, name="calendar"),
    path("lich.ics", views.calendar_ics, name="ics"),
]
