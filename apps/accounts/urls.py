from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from apps.accounts import views

app_name_patterns = [
    path("nhat-ky/", views.audit_log, name="audit"),
]

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="people:list"), name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include((app_name_patterns, "accounts"))),
]
