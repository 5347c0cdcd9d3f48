import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from dtbd.settings import database_from_url, env_bool, env_choice


def test_sqlite_url_gives_a_path_under_the_project():
    db = database_from_url("sqlite:///var/x.sqlite3")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"].endswith("/var/x.sqlite3")


def test_postgres_url_is_split_into_parts():
    db = database_from_url("postgres://postgres@127.0.0.1:5432/test")
    assert (db["ENGINE"], db["NAME"], db["USER"], db["HOST"], db["PORT"]) == (
        "django.db.backends.postgresql", "test", "postgres", "127.0.0.1", "5432",
    )


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host:5432/", "nonsense"])
def test_unsupported_database_urls_fail_loudly(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url)


def test_bad_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("DTBD_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DTBD_DEBUG"):
        env_bool("DTBD_DEBUG", False)


def test_unknown_mode_fails_loudly(monkeypatch):
    monkeypatch.setenv("DTBD_MODE", "staging")
    with pytest.raises(ImproperlyConfigured, match="DTBD_MODE"):
        env_choice("DTBD_MODE", "development", ("development", "demo", "production"))


def _start_in(env):
    return subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='dtbd.settings'; django.setup()"],
        env=env, capture_output=True, text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _start_in({"PATH": "/usr/bin:/bin", "DTBD_MODE": "production", "DTBD_ALLOWED_HOSTS": "dtbd.example.vn"})
    assert result.returncode != 0
    assert "DTBD_SECRET_KEY" in result.stderr


def test_production_refuses_a_wildcard_host():
    result = _start_in({"PATH": "/usr/bin:/bin", "DTBD_MODE": "production", "DTBD_SECRET_KEY": "k" * 50 + "abcdef",
                        "DTBD_ALLOWED_HOSTS": "*"})
    assert result.returncode != 0
    assert "DTBD_ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize("raw", ["0", "-5", "lots", "2.5"])
def test_a_bad_import_limit_fails_loudly(monkeypatch, raw):
    from dtbd.settings import env_int

    monkeypatch.setenv("DTBD_IMPORT_MAX_ROWS", raw)
    with pytest.raises(ImproperlyConfigured, match="DTBD_IMPORT_MAX_ROWS"):
        env_int("DTBD_IMPORT_MAX_ROWS", 200_000, minimum=1)


def test_import_limits_have_sensible_defaults(settings):
    from apps.core.tabular import Limits

    assert Limits.current() == Limits(max_bytes=20 * 1024 * 1024, max_uncompressed=200 * 1024 * 1024,
                                      max_shared_strings=50 * 1024 * 1024, max_rows=200_000)
