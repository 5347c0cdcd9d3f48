"""Sign-in throttling: five failures lock the account (and the address) for a doubling delay, even
for the right password; the lock passes with time; others are unaffected; all of it audited."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from apps.accounts import throttle
from apps.core.models import AuditEntry
from conftest import PASSWORD


@pytest.fixture(autouse=True)
def _clock(db, monkeypatch):
    cache.clear()
    now = [1_800_000_000.0]
    monkeypatch.setattr(throttle.time, "time", lambda: now[0])
    return now


def _sign_in(username: str, password: str, ip: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=ip).post("/dang-nhap/", {"username": username, "password": password})


def test_five_failures_lock_the_account_even_for_the_right_password(personas):
    for _ in range(5):
        assert "không đúng" in _sign_in("can_bo_so_y_te", "sai").content.decode()
    refused = _sign_in("can_bo_so_y_te", PASSWORD)
    assert refused.status_code == 429
    assert "tạm khóa, hãy thử lại sau 30 giây" in refused.content.decode()
    assert AuditEntry.objects.filter(action="login_failed").count() == 5
    blocked = AuditEntry.objects.get(action="login_blocked")
    assert blocked.changes["tài khoản"][1] == "can_bo_so_y_te" and blocked.changes["địa chỉ"][1] == "10.0.0.1"
    assert "sai" not in str(blocked.changes)  # never the password


def test_the_lock_passes_with_time_and_doubles_with_each_failure(personas, _clock):
    for _ in range(5):
        _sign_in("lanh_dao", "sai")
    _clock[0] += 31
    assert _sign_in("lanh_dao", "sai").status_code == 200  # a sixth failure: now 60 s
    _clock[0] += 30
    still = _sign_in("lanh_dao", PASSWORD)
    assert still.status_code == 429 and "30 giây" in still.content.decode()  # 30 of the 60 s to go
    _clock[0] += 31
    assert _sign_in("lanh_dao", PASSWORD).status_code == 302  # in, and the account's count is cleared


def test_another_account_from_another_address_is_unaffected(personas):
    for _ in range(5):
        _sign_in("can_bo_so_y_te", "sai", ip="10.0.0.1")
    assert _sign_in("can_bo_so_giao_duc", PASSWORD, ip="10.0.0.2").status_code == 302


def test_an_address_guessing_many_accounts_is_locked(personas):
    for name in ("a", "b", "c", "d", "e"):
        _sign_in(name, "sai", ip="10.9.9.9")
    assert _sign_in("can_bo_so_giao_duc", PASSWORD, ip="10.9.9.9").status_code == 429
    assert _sign_in("can_bo_so_giao_duc", PASSWORD, ip="10.0.0.3").status_code == 302


def test_the_count_is_shared_through_the_cache_not_kept_in_a_process(personas):
    for _ in range(5):
        _sign_in("hoc_vien", "sai")
    assert throttle.lock_for("HOC_VIEN ", "").seconds == 30  # the name as typed, case and spaces aside
