"""The cache every server process shares: Redis when REDIS_URL is set, else the database table."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.cache.backends.redis import RedisCache

from apps.core.caching import cache_key

REDIS_TEST_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/2"


def _settings_with(**env) -> dict:
    """CACHES and DATABASES as a fresh process reads them from ``env``."""
    code = "import json, dtbd.settings as s; print(json.dumps([s.CACHES, s.DATABASES], default=str))"
    unset = ("REDIS_URL", "DATABASE_URL", "DTBD_DB_POOL_MIN", "DTBD_DB_POOL_MAX", "DTBD_THREADS")
    environ = {k: v for k, v in os.environ.items() if k not in unset}  # only what the test sets
    environ.update(env)
    out = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True)
    caches_, databases = json.loads(out.stdout)
    return {"CACHES": caches_, "DATABASES": databases}


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def test_redis_url_makes_the_cache_redis():
    found = _settings_with(REDIS_URL="redis://127.0.0.1:6379/2")["CACHES"]["default"]
    assert found["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert found["LOCATION"] == "redis://127.0.0.1:6379/2"


def test_without_redis_url_the_cache_is_the_database_table():
    found = _settings_with()["CACHES"]["default"]
    assert (found["BACKEND"], found["LOCATION"]) == ("django.core.cache.backends.db.DatabaseCache", "dtbd_cache")


def test_a_value_set_by_one_worker_is_read_by_another(settings):
    if not _redis_answers():
        pytest.skip("Redis không trả lời")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": REDIS_TEST_URL, "KEY_PREFIX": "dtbd-test"}}
    # Two cache objects with their own connection pools, as two server processes would have.
    first, second = (RedisCache(REDIS_TEST_URL, {"KEY_PREFIX": "dtbd-test"}) for _ in range(2))
    assert first._cache is not second._cache
    first.set("shared", {"figures": [1, 2, 3]}, 60)
    assert second.get("shared") == {"figures": [1, 2, 3]}
    second.delete("shared")
    assert first.get("shared") is None


@pytest.mark.django_db
def test_the_database_cache_table_exists_after_migrate():
    from django.core.cache.backends.db import DatabaseCache

    table = DatabaseCache("dtbd_cache", {})
    table.set("k", [1, "hai"], 60)
    assert table.get("k") == [1, "hai"]


def test_cache_keys_stay_short_whatever_their_parts():
    key = cache_key("dashboard", "X" * 1000, "đơn vị", 12345)
    assert len(key) == len("dashboard:") + 64
    assert key != cache_key("dashboard", "X" * 1000, "đơn vị", 12346)


PG = "postgres://postgres@127.0.0.1:5432/x"


def test_postgres_is_pooled_with_a_check_and_the_existing_options():
    default = _settings_with(DATABASE_URL=PG, DTBD_THREADS="4")["DATABASES"]["default"]
    assert default["CONN_MAX_AGE"] == 0
    pool = default["OPTIONS"]["pool"]
    assert (pool["min_size"], pool["max_size"]) == (1, 5)
    assert "check_connection" in pool["check"]
    assert default["OPTIONS"]["options"] == "-c jit=off -c work_mem=64MB"


def test_pool_sizes_come_from_the_environment():
    pool = _settings_with(DATABASE_URL=PG, DTBD_DB_POOL_MIN="3", DTBD_DB_POOL_MAX="12")["DATABASES"]["default"]
    assert (pool["OPTIONS"]["pool"]["min_size"], pool["OPTIONS"]["pool"]["max_size"]) == (3, 12)


def test_without_a_pool_connections_are_health_checked():
    default = _settings_with(DATABASE_URL=PG, DTBD_DB_POOL_MAX="0")["DATABASES"]["default"]
    assert "pool" not in default["OPTIONS"]
    assert default["CONN_HEALTH_CHECKS"] is True


def test_sqlite_is_left_as_it_is():
    default = _settings_with(DATABASE_URL="sqlite:///var/x.sqlite3")["DATABASES"]["default"]
    assert "pool" not in default["OPTIONS"] and "CONN_HEALTH_CHECKS" not in default
