"""Mounted at the site root: the cycle pages under /ke-hoach-nam/, the learner's wishes at /ca-nhan/nhu-cau/."""

from django.urls import path

from apps.annual import views

app_name = "annual"

Y = "ke-hoach-nam/<int:year>/"

urlpatterns = [
    path("ke-hoach-nam/", views.index, name="index"),
    path("ke-hoach-nam/tao/", views.cycle_create, name="cycle_create"),
    path("ke-hoach-nam/dinh-muc/", views.rates, name="rates"),
    path(Y, views.cycle, name="cycle"),
    path(Y + "moc/<slug:kind>/", views.milestone_edit, name="milestone_edit"),
    path(Y + "khao-sat/", views.survey, name="survey"),
    path(Y + "tran-kinh-phi/", views.ceilings, name="ceilings"),
    path(Y + "nhu-cau/<str:unit>/", views.needs, name="needs"),
    path(Y + "nhu-cau/<str:unit>/xac-nhan/", views.needs_confirm, name="needs_confirm"),
    path(Y + "co-quan/<str:unit>/", views.agency, name="agency"),
    path(Y + "co-quan/<str:unit>/soan/", views.agency_draft, name="agency_draft"),
    path(Y + "co-quan/<str:unit>/gui/", views.agency_submit, name="agency_submit"),
    path(Y + "co-quan/<str:unit>/tra-lai/", views.agency_return, name="agency_return"),
    path(Y + "co-quan/<str:unit>/tiep-nhan/", views.agency_accept, name="agency_accept"),
    path(Y + "co-quan/<str:unit>/them-dong/", views.line_add, name="line_add"),
    path("ke-hoach-nam/dong/<int:pk>/sua/", views.line_edit, name="line_edit"),
    path("ke-hoach-nam/dong/<int:pk>/xoa/", views.line_delete, name="line_delete"),
    path("ke-hoach-nam/dong/<int:pk>/mo-lop/", views.line_class, name="line_class"),
    path(Y + "tong-hop/", views.consolidation, name="consolidation"),
    path(Y + "tong-hop/gop/", views.merge, name="merge"),
    path(Y + "tong-hop/trinh/", views.consolidate, name="consolidate"),
    path(Y + "lop-chung/<str:code>/mo-lop/", views.provincial_class_open, name="provincial_class_open"),
    path(Y + "du-bao/", views.projection, name="projection"),
    path(Y + "phe-duyet/", views.approve, name="approve"),
    path(Y + "dieu-chinh/", views.adjust, name="adjust"),
    path(Y + "tam-dung/", views.suspend, name="suspend"),
    path(Y + "van-ban/<slug:slug>.<str:ext>", views.document, name="document"),
    path(Y + "thuc-hien/", views.execution, name="execution"),
    path("ca-nhan/nhu-cau/", views.my_needs, name="my_needs"),
]
