from apps.evaluation.tests.conftest import evaluated  # noqa: F401 - fixtures
from apps.training.tests.conftest import catalogue, make_class  # noqa: F401 - fixtures
