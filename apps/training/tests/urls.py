"""The project's URLconf with the training pages mounted, as ``apps.training.urls`` will once the
access matrix lists them (see its docstring)."""

from django.urls import include, path

from dtbd.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("dao-tao/", include("apps.training.page_urls")), *project_urlpatterns]
