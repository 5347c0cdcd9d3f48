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
