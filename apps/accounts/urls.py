from django.contrib.auth import views as auth_views
from django.urls import include, path

from apps.accounts import user_views, views

app_name_patterns = [
    path("nhat-ky/", views.audit_log, name="audit"),
    path("tai-khoan/", user_views.account_list, name="account_list"),
    path("tai-khoan/them/", user_views.account_create, name="account_create"),
    path("tai-khoan/<str:username>/", user_views.account_edit, name="account_edit"),
    path("tai-khoan/<str:username>/dat-lai-mat-khau/", user_views.account_reset_password,
         name="account_reset_password"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include((app_name_patterns, "accounts"))),
]
