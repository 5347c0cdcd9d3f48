from django.urls import include, path

urlpatterns = [
    path("nhat-ky/truy-cap/", include("apps.privacy.urls")),
    path("", include("apps.accounts.urls")),
    path("nhan-su/", include("apps.people.urls")),
    path("don-vi/", include("apps.organization.urls")),
    path("dao-tao/", include("apps.training.urls")),
    path("ke-hoach/", include("apps.plans.urls")),
    path("tieu-chuan/", include("apps.standards.urls")),
    path("nhiem-vu/", include("apps.roadmap.urls")),
    path("ke-hoach/<str:plan_code>/chi-tieu/", include("apps.dashboard.urls")),
    path("thong-bao/", include("apps.notifications.urls")),
    path("cong-viec/", include("apps.jobs.urls")),
    path("", include("apps.annual.urls")),
    path("danh-gia/", include("apps.evaluation.urls")),
    path("cua-toi/", include("apps.portal.urls")),
    path("bao-cao/", include("apps.reports.urls")),
    path("api/", include("dtbd.api_urls")),
    path("danh-muc/", include("apps.catalogues.urls")),
]

handler500 = "apps.core.errors.server_error"
