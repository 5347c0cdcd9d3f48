"""The dashboard's small province and three-target plan (apps/dashboard/tests/conftest.py)."""

from apps.dashboard.tests.conftest import plan, population  # noqa: F401 (fixtures)
