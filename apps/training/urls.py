"""Mounted at /dao-tao/. The pages in ``page_urls`` go live by replacing the empty list below with
``from apps.training.page_urls import app_name, urlpatterns`` once tests/test_access_matrix.py has
rows for training:class_list, training:class_detail and training:enrollment_create (every new
URL must be stated there, and that file belongs to the registry team)."""

urlpatterns: list = []
