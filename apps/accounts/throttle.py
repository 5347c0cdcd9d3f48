"""Sign-in throttling per account and per address, in the shared cache (Redis or the database:
every server process sees the same counts).

Five failures within ``WINDOW`` seconds for the same user name, or from the same address, lock
that key for a delay that doubles with each further failure (30 s, 60 s, 2 min … capped at
15 min). A locked key refuses the attempt even with the right password, so guessing costs time
whatever the guess. A success clears the account's counter (not the address's: one good password
does not unlock an address that is guessing others' passwords)."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

FREE_FAILURES = 5
WINDOW = 15 * 60
FIRST_DELAY = 30
MAX_DELAY = 15 * 60


def client_ip(request) -> str:
    """The address the request came from; behind the project's reverse proxy (a proxy SSL header
    is configured) the last X-Forwarded-For hop, which that proxy appends."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return forwarded.split(",")[-1].strip()[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def _key(kind: str, value: str) -> str:
    return f"dtbd:login:{kind}:" + hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Lock:
    seconds: int  # how long the attempt must wait; 0 = free

    @property
    def message(self) -> str:
        minutes, seconds = divmod(self.seconds, 60)
        wait = f"{minutes} phút {seconds} giây" if minutes else f"{seconds} giây"
        return (f"Đăng nhập sai quá nhiều lần: tạm khóa, hãy thử lại sau {wait}. "
                "Nếu quên mật khẩu, hãy liên hệ Sở Nội vụ để được cấp lại.")


def _keys(username: str, ip: str) -> list[str]:
    return [_key("user", username), *([_key("ip", ip)] if ip else [])]


def lock_for(username: str, ip: str) -> Lock:
    """The wait still due for this user name or address (the longer of the two)."""
    now = time.time()
    waits = [int(state["until"] - now + 0.999) for state in cache.get_many(_keys(username, ip)).values()
             if state.get("until", 0) > now]
    return Lock(max(waits, default=0))


def record_failure(username: str, ip: str) -> Lock:
    """Count a failed sign-in; returns the lock it leaves (0 s while under the free failures)."""
    now = time.time()
    states = cache.get_many(_keys(username, ip))
    updated = {}
    for key in _keys(username, ip):
        state = states.get(key) or {"n": 0, "until": 0}
        n = state["n"] + 1
        until = now + min(FIRST_DELAY * 2 ** (n - FREE_FAILURES), MAX_DELAY) if n >= FREE_FAILURES else 0
        updated[key] = {"n": n, "until": until}
    cache.set_many(updated, timeout=WINDOW + MAX_DELAY)
    return lock_for(username, ip)


def record_success(username: str) -> None:
    cache.delete(_key("user", username))
