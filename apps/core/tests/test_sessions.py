"""A database error while loading a session is reported as itself (the load test's 500s read
"'SessionStore' object has no attribute '_session_cache'": Django's loader raised the database
error while handling that AttributeError)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.db import OperationalError
from django.urls import reverse

from apps.core.sessions import SessionStore
from conftest import PASSWORD


def _failing_load(self):
    raise OperationalError("sorry, too many clients already")


def test_django_s_own_store_hides_the_error_behind_an_attribute_error(monkeypatch):
    monkeypatch.setattr(DjangoSessionStore, "load", _failing_load)
    with pytest.raises(OperationalError) as raised:
        DjangoSessionStore(session_key="k" * 32)["_auth_user_id"]
    assert isinstance(raised.value.__context__, AttributeError)  # why the project has its own store


def test_a_failed_session_load_reports_the_database_error_alone(monkeypatch):
    monkeypatch.setattr(SessionStore, "load", _failing_load)
    with pytest.raises(OperationalError, match="too many clients") as raised:
        SessionStore(session_key="k" * 32)["_auth_user_id"]
    assert raised.value.__context__ is None


def test_a_request_whose_session_cannot_load_fails_with_the_database_error(client, personas, monkeypatch):
    assert client.login(username="so_noi_vu", password=PASSWORD)
    monkeypatch.setattr(SessionStore, "load", _failing_load)
    with pytest.raises(OperationalError) as raised:
        client.get(reverse("people:list"))
    assert not isinstance(raised.value.__context__, AttributeError)


def test_a_signed_in_session_is_read_back_on_the_next_request(client, personas):
    assert client.login(username="so_noi_vu", password=PASSWORD)
    response = client.get(reverse("people:list"))
    assert response.status_code == 200
    assert response.wsgi_request.user.username == "so_noi_vu"
