"""PostgreSQL connections come from psycopg's pool, and connections the server dropped are
replaced before a request sees them (PostgreSQL only: SQLite keeps its per-thread file handle)."""

from __future__ import annotations

import urllib.error
import urllib.request

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from conftest import PASSWORD

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="chỉ với PostgreSQL"),
    pytest.mark.skipif("pool" not in connection.settings_dict.get("OPTIONS", {}), reason="DTBD_DB_POOL_MAX=0"),
]


def _terminate_every_other_backend() -> int:
    """From a connection of its own (not the pool's), drop every other connection to the test
    database, as a PostgreSQL restart or an administrator would. Returns how many it dropped."""
    params = connection.get_connection_params()
    params.pop("options", None)
    params.pop("pool", None)
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as own:
        rows = own.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                           " WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchall()
    return len(rows)


def test_connections_come_from_a_pool_with_a_health_check(db):
    assert connection.settings_dict["CONN_MAX_AGE"] == 0
    pool = connection.pool
    assert pool is not None
    assert pool.max_size >= 2 and pool._check is not None
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def _get(live_server, path: str, session: str) -> tuple[int, str]:
    request = urllib.request.Request(live_server.url + path, headers={"Cookie": f"sessionid={session}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_request_after_the_database_dropped_its_connections_is_answered(client, live_server, personas):
    """Through a real server thread (its request cycle hands connections back to the pool)."""
    assert client.login(username="so_noi_vu", password=PASSWORD)
    session = client.cookies["sessionid"].value
    assert _get(live_server, reverse("people:list"), session)[0] == 200
    connection.close()  # this thread's connection back to the pool too
    assert _terminate_every_other_backend() >= 1
    status, body = _get(live_server, reverse("people:list"), session)
    assert status == 200
    assert "Trần Thị Bích" in body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_query_after_the_database_dropped_its_connections_succeeds(personas):
    from apps.people.models import Person

    connection.close()  # back to the pool, as at the end of a request
    assert _terminate_every_other_backend() >= 1
    assert Person.objects.filter(full_name="Trần Thị Bích").count() == 1
