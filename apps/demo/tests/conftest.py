"""The demo province built once per test module: each module names its size and seed (``PERSONS``,
``SEED``); the province is removed at the end of the module."""

from __future__ import annotations

import pytest
from django.test import override_settings

from apps.core.models import AuditEntry
from apps.demo.province import build_province, demo_reset

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(request, django_db_setup, django_db_blocker):
    # module-scoped: the suite's per-test fast hasher (root conftest) is not in force yet
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        summary = build_province(persons=request.module.PERSONS, seed=request.module.SEED)
        try:
            yield summary
        finally:
            demo_reset()
            AuditEntry.objects.all().delete()
