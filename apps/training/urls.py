"""Mounted at /dao-tao/ by the project URLconf; the routes themselves are in ``page_urls``."""

from apps.training.page_urls import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
