"""Mounted at /danh-gia/."""

from django.urls import path

from apps.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.index, name="index"),
    path("mau/", views.templates, name="templates"),
    path("mau/<int:pk>/", views.template_detail, name="template"),
    # class codes may hold slashes (LLCT/2025/01): the specific routes first
    path("lop/<path:code>/tao-dot/", views.campaign_create, name="campaign_create"),
    path("lop/<path:code>/bao-cao.docx", views.class_report, name="class_report"),
    path("lop/<path:code>/", views.class_results, name="class"),
    path("co-so/<str:code>/<int:year>/", views.provider_year, name="provider_year"),
    path("co-so/<str:code>/<int:year>/bao-cao.docx", views.provider_year_report, name="provider_year_report"),
    path("phieu/<int:pk>/", views.answer, name="answer"),
    path("hieu-qua/", views.employer_forms, name="employer_forms"),
    path("ty-le-khoa-hoc/", views.coverage_rule, name="coverage_rule"),
]
