"""Mounted at /nhiem-vu/: the roadmap's tasks."""

from django.urls import path

from apps.roadmap import views

app_name = "roadmap"

urlpatterns = [
    path("", views.task_list, name="list"),
    path("qua-han/", views.overdue_list, name="overdue"),
    path("sinh/<slug:code>/", views.generate, name="generate"),
    path("<int:pk>/", views.task_detail, name="task"),
    path("<int:pk>/cap-nhat/", views.task_update, name="task_update"),
    path("<int:pk>/san-pham/", views.task_product, name="task_product"),
    path("<int:pk>/san-pham/tai-ve/", views.product_download, name="product_download"),
]
