import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The personas' passwords are hashed with PBKDF2 (~1 s each); tests here never need that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
