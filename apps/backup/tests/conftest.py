from apps.training.tests.conftest import catalogue, make_class  # noqa: F401 - shared fixtures
